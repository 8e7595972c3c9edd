"""The city map: the story's street plan with places marked, and where a place lies, in words.

The plan is the story's own drawing (`map.txt`, Unicode box and line drawing); codex places carry
a position on it (`map: {x, y}`, x the column and y the line, from 0). The faces draw `marked_plan`
(the TUI colours the marks) and plain mode reads `where_in_words` aloud.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from petrograd1917.story.model import CodexEntry, Story

HERE, PASSED, PLACE = "●", "◆", "∘"
COMPASS = ("east", "north-east", "north", "north-west", "west", "south-west", "south", "south-east")
CELL_ASPECT = 2.0  # a terminal cell is about twice as tall as it is wide


@dataclass(frozen=True, slots=True)
class Mark:
    """One place marked on the plan."""

    entry: CodexEntry
    glyph: str  # HERE, PASSED or PLACE
    x: int
    y: int


def placed(story: Story) -> list[CodexEntry]:
    """The codex entries that have a position on the plan."""
    return [e for e in story.codex.values() if e.map is not None]


def off_the_map(story: Story, ids: Iterable[str]) -> list[CodexEntry]:
    """Of these places, those beyond the plan (Gatchina, Moscow…), for a margin list."""
    out = []
    for i in dict.fromkeys(ids):
        entry = story.codex.get(i)
        if entry is not None and entry.kind == "place" and entry.map is None:
            out.append(entry)
    return out


def marks(story: Story, here: str | None, passed: Iterable[str] = ()) -> list[Mark]:
    """The marks to draw: the player's place, the places of record events passed, every other
    placed entry as a dot. The player's place wins over a passed one."""
    passed_set = set(passed)
    out = []
    for e in placed(story):
        assert e.map is not None
        glyph = HERE if e.id == here else PASSED if e.id in passed_set else PLACE
        out.append(Mark(e, glyph, e.map[0], e.map[1]))
    rank = {PLACE: 0, PASSED: 1, HERE: 2}
    return sorted(out, key=lambda m: rank[m.glyph])  # drawn last, seen on top


def marked_plan(plan: tuple[str, ...], story: Story, here: str | None, passed: Iterable[str] = ()) -> list[str]:
    """The plan's lines with the marks drawn over them."""
    width = max((len(line) for line in plan), default=0)
    grid = [list(line.ljust(width)) for line in plan]
    for m in marks(story, here, passed):
        if 0 <= m.y < len(grid) and 0 <= m.x < width:
            grid[m.y][m.x] = m.glyph
    return ["".join(row).rstrip() for row in grid]


def direction(a: tuple[int, int], b: tuple[int, int]) -> str:
    """Where b lies seen from a, in eight compass words (y grows southwards)."""
    dx, dy = (b[0] - a[0]) / CELL_ASPECT, a[1] - b[1]
    angle = math.degrees(math.atan2(dy, dx)) % 360
    return COMPASS[round(angle / 45) % 8]


def distance(a: tuple[int, int], b: tuple[int, int]) -> float:
    return math.hypot((b[0] - a[0]) / CELL_ASPECT, b[1] - a[1])


def neighbours(story: Story, place: str, count: int = 4) -> list[tuple[CodexEntry, str]]:
    """The nearest placed entries to `place`, with the direction each lies in."""
    entry = story.codex.get(place)
    if entry is None or entry.map is None:
        return []
    here = entry.map
    others = [(e, e.map) for e in placed(story) if e.map is not None and e.id != place and e.map != here]
    others.sort(key=lambda em: (distance(here, em[1]), em[0].name))
    return [(e, direction(here, at)) for e, at in others[:count]]


def where_in_words(story: Story, place: str) -> str:
    """Where a place lies on the map, told for someone who cannot see it."""
    entry = story.codex.get(place)
    if entry is None:
        return "This place is not in the codex."
    if entry.map is None:
        return f"{entry.name} is not marked on the city map."
    near = neighbours(story, place)
    if not near:
        return f"{entry.name} is on the city map, with nothing else marked near it."
    parts = [f"{e.name} to the {d}" for e, d in near]
    return f"{entry.name}, on the city map. Nearest: " + "; ".join(parts) + "."
