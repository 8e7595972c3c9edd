"""Looking things up in the codex: by id, by name or by words in an article."""

from __future__ import annotations

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


def link_codex_words(text: str, story: Story, href: str = "codex:{id}") -> str:
    """Markdown `text` with the first mention of each codex entry's words made a link to it.

    Longer words are linked first, so 'Winter Palace' wins over 'Palace'; text already inside
    a link or a code span is left alone."""
    import re

    words = sorted(((w, e.id) for e in story.codex.values() for w in e.aka if w.strip()), key=lambda x: -len(x[0]))
    if not words:
        return text
    done: set[str] = set()
    # Split off existing links and code so they are never re-linked.
    parts = re.split(r"(\[[^\]]*\]\([^)]*\)|`[^`]*`)", text)
    for word, entry_id in words:
        if entry_id in done:
            continue
        pattern = re.compile(rf"(?<![\w\[]){re.escape(word)}(?!\w)")
        for i in range(0, len(parts), 2):
            new, n = pattern.subn(lambda m: f"[{m.group(0)}]({href.format(id=entry_id)})", parts[i], count=1)
            if n:
                # Re-split the changed part so the new link is protected from shorter words.
                parts[i : i + 1] = re.split(r"(\[[^\]]*\]\([^)]*\))", new)
                done.add(entry_id)
                break
    return "".join(parts)
