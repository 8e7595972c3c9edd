"""Checks of a story against history: calendars agree, and time never runs backwards along a path."""

from __future__ import annotations

from petrograd1917.history.calendar import both, to_new_style
from petrograd1917.story.model import Scene, Story
from petrograd1917.story.problems import Problem, Problems


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
    return p.items
