"""Weighs a play-through's choices against the record: verdicts, fidelity, what really happened."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from petrograd1917.history.calendar import both
from petrograd1917.story.model import Choice, HistoryNote, RecordEvent, SourceRef, Story

VERDICT_WORDS = {
    "historical": "this is what happened, or what people in your place did.",
    "divergent": "history went another way.",
    "plausible": "not in the record, but consistent with it.",
}
VERDICT_MARKS = {"historical": "✓", "divergent": "✗", "plausible": "~"}


@dataclass(frozen=True, slots=True)
class Judged:
    """One judged step of a play-through."""

    step: int  # 0-based index in the log
    scene: str
    choice: Choice
    history: HistoryNote

    @property
    def verdict(self) -> str:
        return self.history.verdict


def judged_steps(story: Story, log: Iterable[object]) -> list[Judged]:
    """The judged choices of a log (LogEntry-like: .scene, .choice), in order."""
    out = []
    for i, entry in enumerate(log):
        scene = story.scenes.get(entry.scene)  # type: ignore[attr-defined]
        choice = scene.choice(entry.choice) if scene else None  # type: ignore[attr-defined]
        if choice is not None and choice.history is not None:
            out.append(Judged(i, scene.id, choice, choice.history))  # type: ignore[union-attr]
    return out


@dataclass(frozen=True, slots=True)
class Fidelity:
    historical: int
    judged: int

    @property
    def ratio(self) -> float | None:
        return self.historical / self.judged if self.judged else None

    def __str__(self) -> str:
        if not self.judged:
            return "no judged choices yet"
        return f"{round(100 * self.historical / self.judged)}% ({self.historical} of {self.judged} judged choices historical)"


def fidelity(judged: list[Judged]) -> Fidelity:
    return Fidelity(sum(1 for j in judged if j.verdict == "historical"), len(judged))


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
    summary: str
    sources: tuple[str, ...]
    contested: bool


def what_happened(story: Story, history: HistoryNote) -> WhatHappened:
    e = story.events[history.event]
    return WhatHappened(
        verdict=history.verdict,
        verdict_words=VERDICT_WORDS[history.verdict],
        note=history.note,
        event_id=e.id,
        event_title=e.title,
        when=event_when(e),
        summary=e.summary,
        sources=tuple(cite(story, s) for s in e.sources),
        contested=bool(e.accounts),
    )
