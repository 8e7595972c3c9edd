"""The record in date order, with the events a play-through has passed marked by verdict."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from petrograd1917.history.judge import Taken, judged_steps
from petrograd1917.story.model import RecordEvent, Story


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    event: RecordEvent
    passed: bool  # a scene on the player's path is framed by it, or a choice was weighed against it
    verdict: str | None  # the last graded verdict given against it, if any (none past a pivot)


def in_date_order(story: Story) -> list[RecordEvent]:
    # Stable: events of one day keep the order the record gives them.
    return sorted(story.events.values(), key=lambda e: e.date)


def timeline(story: Story, path: Iterable[str] = (), log: Iterable[Taken] = ()) -> list[TimelineEntry]:
    passed: set[str] = set()
    for scene_id in path:
        scene = story.scenes.get(scene_id)
        if scene:
            passed.update(scene.record)
    verdicts: dict[str, str] = {}
    for j in judged_steps(story, log):
        if j.graded:  # past a pivot nothing is graded, here as in the end report
            verdicts[j.history.event] = j.verdict
        passed.add(j.history.event)
    return [TimelineEntry(e, e.id in passed, verdicts.get(e.id)) for e in in_date_order(story)]
