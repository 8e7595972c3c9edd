"""What a play-through keeps of a choice taken (LogEntry) and what taking it returns (Step).

Apart from game.py so the machine can make them once per choice when it builds a scene: a choice
without outcomes logs the same entry every time it is taken, and named tuples are immutable.
"""

from __future__ import annotations

from typing import NamedTuple

from petrograd1917.story.model import Choice


class LogEntry(NamedTuple):
    """One step of a play-through: in `scene`, the player took `choice`; `outcome` is the drawn
    outcome's index for a choice with random outcomes, else None. A named tuple, not a frozen
    dataclass: one is made at every choice, and a frozen dataclass takes three times as long."""

    scene: str
    choice: str
    outcome: int | None = None


class Step(NamedTuple):
    """What taking a choice did (a named tuple, like LogEntry, for speed)."""

    entry: LogEntry
    choice: Choice
    outcome_text: str = ""
