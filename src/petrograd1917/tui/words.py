"""The app's own phrases built from numbers and the story's names: plurals, 'You are …'."""

from __future__ import annotations

import re

_ARTICLE = re.compile(r"(A|An|The) ")


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 scene', '2 scenes'; `words` for an irregular plural."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def you_are(role_name: str) -> str:
    """'You are a woman worker.' from a role named 'A woman worker'; a proper name keeps its capital."""
    name = role_name.strip()
    if _ARTICLE.match(name):
        name = name[0].lower() + name[1:]
    return f"You are {name}" + ("" if name.endswith((".", "!", "?")) else ".")
