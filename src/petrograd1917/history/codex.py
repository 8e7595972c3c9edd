"""Looking things up in the codex: by id, by name or by words in an article."""

from __future__ import annotations

from petrograd1917.story.model import CodexEntry, Story


def find(story: Story, query: str) -> list[CodexEntry]:
    """Entries matching `query`: an exact id first, then names and aliases, then article text."""
    q = query.strip().lower()
    if not q:
        return sorted(story.codex.values(), key=lambda e: e.name.lower())
    if q in story.codex:
        return [story.codex[q]]
    by_name = [e for e in story.codex.values() if q in e.name.lower() or any(q in a.lower() for a in e.aka)]
    by_text = [e for e in story.codex.values() if e not in by_name and (q in e.summary.lower() or q in e.text.lower())]
    return sorted(by_name, key=lambda e: e.name.lower()) + sorted(by_text, key=lambda e: e.name.lower())


def linked_from(story: Story, entry_id: str) -> list[CodexEntry]:
    """Entries whose 'see' names this one (the links back)."""
    return [e for e in story.codex.values() if entry_id in e.see]


def entries_for_event(story: Story, event_id: str) -> list[CodexEntry]:
    e = story.events.get(event_id)
    ids = ([e.place] if e else []) + (list(e.people) if e else [])
    return [story.codex[i] for i in ids if i in story.codex]
