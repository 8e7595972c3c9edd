"""Weighs a play-through's choices against the record: verdicts, fidelity, what really happened."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from petrograd1917.history.calendar import both
from petrograd1917.story.model import Choice, HistoryNote, RecordEvent, SourceRef, Story

VERDICT_WORDS = {
    "historical": "what happened, or what most people in your place did.",
    "plausible": "what some did, or could have: in keeping with the record.",
    "divergent": "a choice that would have changed recorded events.",
}
VERDICT_MARKS = {"historical": "✓", "divergent": "✗", "plausible": "~"}
IN_KEEPING = ("historical", "plausible")


class Taken(Protocol):
    """A choice taken, as a play-through's log holds it (the engine's LogEntry): history reads logs
    without importing the engine, which sits above it."""

    @property
    def scene(self) -> str: ...

    @property
    def choice(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Judged:
    """One step of a play-through that history weighs: a verdict on an event (graded unless the
    player's history had already left the record at a pivot)."""

    step: int  # 0-based index in the log
    scene: str
    choice: Choice
    history: HistoryNote
    graded: bool = True

    @property
    def verdict(self) -> str:
        return self.history.verdict

    @property
    def is_pivot(self) -> bool:
        return self.history.pivot and self.graded


def judged_steps(story: Story, log: Iterable[Taken]) -> list[Judged]:
    """The choices of a log that carry a verdict, in order.
    Everything after the first pivot is ungraded: that history has left the record."""
    out = []
    left_record = False
    for i, entry in enumerate(log):
        scene = story.scenes.get(entry.scene)
        choice = scene.choice(entry.choice) if scene else None
        if scene is None or choice is None or choice.history is None or not choice.history.verdict:
            continue
        out.append(Judged(i, scene.id, choice, choice.history, graded=not left_record))
        left_record = left_record or choice.history.pivot
    return out


def pivot_of(judged: Iterable[Judged]) -> Judged | None:
    """Where the play-through's history took another road, if it did."""
    return next((j for j in judged if j.is_pivot), None)


@dataclass(frozen=True, slots=True)
class Fidelity:
    """How the graded choices stand: in keeping (historical or plausible) or divergent."""

    historical: int
    plausible: int
    divergent: int

    @property
    def graded(self) -> int:
        return self.historical + self.plausible + self.divergent

    @property
    def judged(self) -> int:  # the older name of `graded`
        return self.graded

    @property
    def in_keeping(self) -> int:
        return self.historical + self.plausible

    @property
    def ratio(self) -> float | None:
        return self.in_keeping / self.graded if self.graded else None

    def as_dict(self) -> dict[str, object]:
        return {"historical": self.historical, "plausible": self.plausible, "divergent": self.divergent,
                "graded": self.graded, "ratio": self.ratio}

    def __str__(self) -> str:
        if not self.graded:
            return "no graded choices yet"
        return (f"{round(100 * self.in_keeping / self.graded)}% in keeping "
                f"({self.historical} historical, {self.plausible} plausible, {self.divergent} divergent "
                f"of {self.graded} graded)")


def fidelity(judged: Iterable[Judged]) -> Fidelity:
    counts = {"historical": 0, "plausible": 0, "divergent": 0}
    for j in judged:
        if j.graded:
            counts[j.verdict] += 1
    return Fidelity(counts["historical"], counts["plausible"], counts["divergent"])


@dataclass(frozen=True, slots=True)
class Told:
    """An account of a contested event that the player's character told."""

    step: int  # 0-based index in the log
    event_id: str
    account_id: str
    label: str


def accounts_told(story: Story, log: Iterable[Taken]) -> list[Told]:
    out = []
    for i, entry in enumerate(log):
        scene = story.scenes.get(entry.scene)
        choice = scene.choice(entry.choice) if scene else None
        h = choice.history if choice else None
        if h is None or not h.account:
            continue
        account = next((a for a in story.events[h.event].accounts if a.id == h.account), None)
        if account is not None:
            out.append(Told(i, h.event, account.id, account.label))
    return out


def cite(story: Story, ref: SourceRef) -> str:
    source = story.sources.get(ref.source)
    title = source.title if source else ref.source
    return f"{title}, {ref.at}" if ref.at else title


def event_when(event: RecordEvent) -> str:
    when = both(event.date)
    return f"{when}, {event.time}" if event.time else when


@dataclass(frozen=True, slots=True)
class WhatHappened:
    """The note a face shows after a judged choice."""

    verdict: str
    verdict_words: str
    note: str
    event_id: str
    event_title: str
    when: str
    summary: str  # empty when the game has cited this event before: the summary is shown once
    sources: tuple[str, ...]
    contested: bool
    graded: bool = True  # False past a pivot: the note says what really happened, without a verdict


def what_happened(story: Story, history: HistoryNote, *, first_time: bool = True, graded: bool = True
                  ) -> WhatHappened:
    e = story.events[history.event]
    verdict = history.verdict if graded else ""
    return WhatHappened(
        verdict=verdict,
        verdict_words=VERDICT_WORDS.get(verdict, ""),
        note=history.note,
        event_id=e.id,
        event_title=e.title,
        when=event_when(e),
        summary=e.summary if first_time else "",
        sources=tuple(cite(story, s) for s in e.sources),
        contested=bool(e.accounts),
        graded=graded,
    )


def cited_before(story: Story, log: Sequence[Taken], step: int, event_id: str) -> bool:
    """Whether the game met `event_id` before step `step` (in a judged choice or a scene's frame)."""
    for entry in log[:step]:
        scene = story.scenes.get(entry.scene)
        if scene is None:
            continue
        if event_id in scene.record:
            return True
        choice = scene.choice(entry.choice)
        if choice is not None and choice.history is not None and choice.history.event == event_id:
            return True
    return False
