"""The story's choices compiled for exploring many play-throughs fast: the guards and effects the
engine's machine uses (its story's compiler) and a Game's own bookkeeping of progress
(engine.game.keep_progress), without a Game or a transitions trigger per step."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from petrograd1917.authoring.progress import Tracked
from petrograd1917.engine.compiler import CALLS
from petrograd1917.engine.compiler import Effect as CompiledEffect
from petrograd1917.engine.game import keep_progress, new_values, returns_to
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.story.expr import CHOSEN, VISITS
from petrograd1917.story.model import Choice, Value

Effect = CompiledEffect | None
State = tuple[str, tuple[Any, ...]]  # a scene, and the values as StateSpace packs them


@dataclass(frozen=True)
class Branch:
    outcome: int | None
    first: Effect  # the choice's effects
    second: Effect  # the outcome's effects
    dest: str | None  # None: back to the scene that made the most recent call (`goto: return`)

    def run(self, values: dict[str, Any]) -> None:
        """The effects, on `values` in place."""
        if self.first:
            self.first(values)
        if self.second:
            self.second(values)

    def leads_to(self, values: dict[str, Any]) -> str:
        """Where it leads from these values (the loader makes sure a return always has a call waiting)."""
        dest = self.dest if self.dest is not None else returns_to(values)
        assert dest is not None, "a return with no call waiting"
        return dest


@dataclass(frozen=True)
class Move:
    choice: Choice
    available: Callable[[dict[str, Any]], bool]  # the engine's guard: condition, once-only, call depth
    branches: tuple[Branch, ...]
    weights: tuple[int, ...]  # for a random choice


def compile_moves(machine: StoryMachine) -> dict[str, tuple[Move, ...]]:
    story, compiler = machine.story, machine.compiler
    out = {}
    for scene in story.scenes.values():
        moves = []
        for c in scene.choices:
            first = compiler.effects(c.effects)
            if c.outcomes:
                branches = tuple(Branch(k, first, compiler.effects(o.effects), o.goto)
                                 for k, o in enumerate(c.outcomes))
            else:
                dest = None if c.returns else c.call or c.goto or scene.id
                branches = (Branch(None, first, None, dest),)
            moves.append(Move(c, compiler.guard(c, scene.id), branches, tuple(o.weight for o in c.outcomes)))
        out[scene.id] = tuple(moves)
    return out


class StateSpace:
    """Play-through states as quicktest and measure explore them: a scene, and in one tuple the
    values of the variables and chronicle, then (when the story needs them: `Tracked.any`) the calls
    waiting, the tracked choices taken and the tracked scenes' visit counts."""

    def __init__(self, machine: StoryMachine, tracked: Tracked) -> None:
        story = self.story = machine.story
        self.moves = compile_moves(machine)
        self.tracked = tracked
        self.names = list(story.variables) + [c.name for c in story.chronicle]
        self.keeps = tracked.any  # when not, nothing reads the progress: the variables are the state
        self.counted = tuple(tracked.visits)
        names = self.names
        # A tuple of the values in one call (itemgetter of one name gives the value itself, not a tuple).
        self._pick: Callable[[dict[str, Any]], tuple[Any, ...]] = (
            operator.itemgetter(*names) if len(names) > 1 else lambda values: tuple(values[n] for n in names))
        self.successor = self._successor if self.keeps else self._plain_successor

    def starts(self, role: str) -> list[State]:
        """The role's start with each combination of the chronicle values explored."""
        chronicle = self.tracked.chronicle
        out = []
        for combination in itertools.product(*chronicle.values()):
            values = self.settle(new_values(self.story, role, dict(zip(chronicle, combination, strict=True))))
            out.append(self.pack(self.story.roles[role].start, values))
        return list(dict.fromkeys(out))

    def chronicle_of(self, state: State) -> dict[str, Value]:
        return {c.name: state[1][self.names.index(c.name)] for c in self.story.chronicle}

    def settle(self, values: dict[str, Any]) -> dict[str, Any]:
        """Keep only the tracked progress, visit counts as Tracked.count keeps them (in place)."""
        if self.keeps:
            tracked = self.tracked
            values[CHOSEN].intersection_update(tracked.chosen)
            values[VISITS] = {s: tracked.count(s, n) for s, n in values[VISITS].items() if s in tracked.visits}
        return values

    def pack(self, scene_id: str, values: dict[str, Any]) -> State:
        packed = self._pick(values)
        if self.keeps:
            visits = values[VISITS]
            packed += (tuple(values[CALLS]), frozenset(values[CHOSEN]), tuple(visits.get(s, 0) for s in self.counted))
        return scene_id, packed

    def unpack(self, state: State) -> dict[str, Any]:
        """A state's values, as the engine's guards, effects and texts read them."""
        packed = state[1]
        values = dict(zip(self.names, packed, strict=False))  # the progress kept follows the names
        if self.keeps:
            calls, chosen, counts = packed[-3:]
            values[CALLS], values[CHOSEN] = list(calls), set(chosen)
            values[VISITS] = {s: n for s, n in zip(self.counted, counts, strict=True) if n}
        return values

    def _successor(self, values: dict[str, Any], scene_id: str, move: Move, branch: Branch) -> tuple[State, dict[str, Any]]:
        """The state taking a branch from `values` in `scene_id` leads to, and the values there."""
        dest = branch.leads_to(values)
        after = dict(values)
        after[CALLS], after[CHOSEN], after[VISITS] = list(values[CALLS]), set(values[CHOSEN]), dict(values[VISITS])
        branch.run(after)
        keep_progress(after, scene_id, move.choice, dest)
        return self.pack(dest, self.settle(after)), after

    def _plain_successor(self, values: dict[str, Any], scene_id: str, move: Move, branch: Branch
                         ) -> tuple[State, dict[str, Any]]:
        """The same when no progress is kept (no call, so no return either): quicktest's hot path."""
        after = dict(values)
        if branch.first:
            branch.first(after)
        if branch.second:
            branch.second(after)
        return (branch.dest, self._pick(after)), after  # type: ignore[return-value]
