"""Looking things up in the codex: by id, by name or by words in an article."""

from __future__ import annotations

import re
from functools import lru_cache

from petrograd1917.story.model import CodexEntry, Story


def place_name(story: Story, place: str) -> str:
    """A scene's or event's place as the player reads it: its codex name, else the id made readable."""
    entry = story.codex.get(place)
    return entry.name if entry else place.replace("_", " ").capitalize()


def sort_key(entry: CodexEntry) -> str:
    """People by surname, everything else by name."""
    return (entry.name.split()[-1] if entry.kind == "person" else entry.name).lower()


def find(story: Story, query: str) -> list[CodexEntry]:
    """Entries matching `query`: an exact id first, then names and aliases, then article text."""
    q = query.strip().lower()
    if not q:
        return sorted(story.codex.values(), key=sort_key)
    if q in story.codex:
        return [story.codex[q]]
    by_name = [e for e in story.codex.values() if q in e.name.lower() or any(q in a.lower() for a in e.aka)]
    by_text = [e for e in story.codex.values() if e not in by_name and (q in e.summary.lower() or q in e.text.lower())]
    return sorted(by_name, key=sort_key) + sorted(by_text, key=sort_key)


def linked_from(story: Story, entry_id: str) -> list[CodexEntry]:
    """Entries whose 'see' names this one (the links back)."""
    return [e for e in story.codex.values() if entry_id in e.see]


def entries_for_event(story: Story, event_id: str) -> list[CodexEntry]:
    e = story.events.get(event_id)
    ids = ([e.place] if e else []) + (list(e.people) if e else [])
    return [story.codex[i] for i in ids if i in story.codex]


# By story digest; a few only: `play --watch` makes a new story at every edit, and must not keep them all.
_WORDS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {}
_WORDS_KEPT = 4
_PROTECTED = re.compile(r"(\[[^\]]*\]\([^)]*\)|`[^`]*`)")


def _words(story: Story) -> tuple[tuple[str, ...], dict[str, str]]:
    """Every codex word of the story, longest first, and the entry each names; found once per story."""
    hit = _WORDS.get(story.digest)
    if hit is None:
        owner: dict[str, str] = {}
        for e in story.codex.values():
            for w in e.aka:
                if w.strip():
                    owner.setdefault(" ".join(w.split()), e.id)
        if len(_WORDS) >= _WORDS_KEPT:
            _WORDS.clear()
        hit = _WORDS[story.digest] = (tuple(sorted(owner, key=len, reverse=True)), owner)
    return hit


@lru_cache(maxsize=512)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # A phrase may break across lines in the YAML text: any run of white space matches a space.
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in words)
    return re.compile(r"(?<![\w\[])(" + alternatives + r")(?!\w)")


def codex_words_in(text: str, story: Story) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """A pattern for the codex words that can occur in `text` (those whose first word it holds), longer
    ones first, and the entry each word names; None when there are none. A scene's few words make a
    pattern that compiles in a fraction of the time of one for all of the codex."""
    words, owner = _words(story)
    found = tuple(w for w in words if w.split(" ", 1)[0] in text)
    return (_pattern(found), owner) if found else None


def entries_named(text: str, story: Story) -> set[str]:
    """The codex entries whose words appear in `text`, as link_codex_words would find them."""
    linker = codex_words_in(text, story)
    if linker is None:
        return set()
    pattern, owner = linker
    return {owner[" ".join(m.split())] for m in pattern.findall(text)}


def link_codex_words(text: str, story: Story, href: str = "codex:{id}") -> str:
    """Markdown `text` with the first mention of each codex entry's words made a link to it.

    Longer words win where they overlap ('Winter Palace' over 'Palace'); text already inside a
    link or a code span is left alone. One regular expression pass over the text."""
    linker = codex_words_in(text, story)
    if linker is None:
        return text
    pattern, owner = linker
    done: set[str] = set()

    def link(m: re.Match[str]) -> str:
        entry_id = owner[" ".join(m.group(1).split())]
        if entry_id in done:
            return m.group(0)
        done.add(entry_id)
        return f"[{m.group(0)}]({href.format(id=entry_id)})"

    parts = _PROTECTED.split(text)
    for i in range(0, len(parts), 2):  # odd parts are existing links and code: left as they are
        parts[i] = pattern.sub(link, parts[i])
    return "".join(parts)
