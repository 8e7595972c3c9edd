"""Checks of a story against history: calendars agree, and time never runs backwards along a path."""

from __future__ import annotations

import re
from collections.abc import Iterator

from petrograd1917.history.calendar import both, to_new_style
from petrograd1917.story.model import Scene, Story
from petrograd1917.story.problems import Pos, Problem, Problems

_LINK = re.compile(r"\]\((codex|event):([^)\s]*)\)")


def _when(scene: Scene) -> str:
    return both(scene.date) + (f" {scene.time}" if scene.time else "")


def check_history(story: Story) -> list[Problem]:
    p = Problems()
    for e in story.events.values():
        if e.date_ns is not None and to_new_style(e.date) != e.date_ns:
            p.error(e.pos, "E201", f"event '{e.id}': date {e.date} (O.S.) and date_ns {e.date_ns} disagree; "
                                   f"{both(e.date)} is New Style {to_new_style(e.date)}")
    for scene in story.scenes.values():
        # Along every path means along every step: each choice must not lead back in time.
        for choice in scene.choices:
            for dest_id in choice.destinations():
                dest = story.scenes.get(dest_id)
                if dest is None or dest.flashback:
                    continue
                if (dest.date, dest.time or "") < (scene.date, scene.time or ""):
                    p.error(choice.pos, "E202",
                            f"choice '{choice.id}' leads from {_when(scene)} back to {_when(dest)} "
                            f"(scene '{dest.id}'); mark that scene 'flashback: true' if it is meant")
        for eid in scene.record:
            event = story.events.get(eid)
            if event and event.date > scene.date and not scene.flashback:
                p.error(scene.pos, "E203",
                        f"scene '{scene.id}' ({both(scene.date)}) cites event '{eid}' of {both(event.date)}, "
                        "which has not happened yet")
    _check_links(story, p)
    return p.items


def _texts(story: Story) -> Iterator[tuple[Pos, str, str]]:
    """Every author's text that may hold links: (where, whose, text)."""
    for scene in story.scenes.values():
        yield scene.pos, f"scene '{scene.id}'", scene.text
        for c in scene.choices:
            yield c.pos, f"choice '{c.id}' in scene '{scene.id}'", c.text
            if c.history:
                yield c.pos, f"the note of choice '{c.id}' in scene '{scene.id}'", c.history.note
            for o in c.outcomes:
                yield c.pos, f"an outcome of choice '{c.id}' in scene '{scene.id}'", o.text
    for event in story.events.values():
        yield event.pos, f"event '{event.id}'", event.summary
    for entry in story.codex.values():
        yield entry.pos, f"codex entry '{entry.id}'", entry.text


def _check_links(story: Story, p: Problems) -> None:
    """Inline links `[words](codex:ID)` and `[words](event:ID)` must lead somewhere."""
    for pos, whose, text in _texts(story):
        for m in _LINK.finditer(text):
            kind, target = m.group(1), m.group(2)
            known = story.codex if kind == "codex" else story.events
            if target not in known:
                from petrograd1917.story.yamlread import did_you_mean

                p.error(pos, "E204", f"{whose} links to {kind}:{target}, which is not a "
                                     f"{'codex entry' if kind == 'codex' else 'record event'}"
                                     f"{did_you_mean(target, known)}")
