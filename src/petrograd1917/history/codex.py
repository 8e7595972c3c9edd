"""Looking things up in the codex: by id, by name or by words in an article."""

from __future__ import annotations

import re

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
_LINKERS: dict[str, tuple[re.Pattern[str], dict[str, str]]] = {}
_LINKERS_KEPT = 4
_PROTECTED = re.compile(r"(\[[^\]]*\]\([^)]*\)|`[^`]*`)")


def _linker(story: Story) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """One pattern for every codex word of the story, longest first, built once per story text."""
    hit = _LINKERS.get(story.digest)
    if hit is None:
        owner: dict[str, str] = {}
        for e in story.codex.values():
            for w in e.aka:
                if w.strip():
                    owner.setdefault(" ".join(w.split()), e.id)
        if not owner:
            return None
        words = sorted(owner, key=len, reverse=True)
        # A phrase may break across lines in the YAML text: any run of white space matches a space.
        alternatives = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in words)
        pattern = re.compile(r"(?<![\w\[])(" + alternatives + r")(?!\w)")
        if len(_LINKERS) >= _LINKERS_KEPT:
            _LINKERS.clear()
        hit = _LINKERS[story.digest] = (pattern, owner)
    return hit


def entries_named(text: str, story: Story) -> set[str]:
    """The codex entries whose words appear in `text`, as link_codex_words would find them."""
    linker = _linker(story)
    if linker is None:
        return set()
    pattern, owner = linker
    return {owner[" ".join(m.split())] for m in pattern.findall(text)}


def link_codex_words(text: str, story: Story, href: str = "codex:{id}") -> str:
    """Markdown `text` with the first mention of each codex entry's words made a link to it.

    Longer words win where they overlap ('Winter Palace' over 'Palace'); text already inside a
    link or a code span is left alone. One regular expression pass over the text."""
    linker = _linker(story)
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
