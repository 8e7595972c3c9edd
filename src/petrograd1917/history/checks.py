"""Checks of a story against history: calendars agree, and time never runs backwards along a path."""

from __future__ import annotations

from petrograd1917.history.calendar import to_new_style, both
from petrograd1917.story.model import Story
from petrograd1917.story.problems import Pos, Problem, Problems


def check_history(story: Story) -> list[Problem]:
    p = Problems()
    for e in story.events.values():
        if e.date_ns is not None and to_new_style(e.date) != e.date_ns:
            p.error(e.pos, "E201", f"event '{e.id}': date {e.date} (O.S.) and date_ns {e.date_ns} disagree; "
                                   f"{both(e.date)} is the New Style {to_new_style(e.date)}")
    return p.items
