"""The story's choices compiled for exploring many play-throughs fast: the guards and effects the
engine's machine uses (its story's compiler) and a Game's own bookkeeping of progress
(engine.game.keep_progress), without a Game or a transitions trigger per step."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from petrograd1917.authoring.liveness import Live
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
    values of the variables and chronicle live there, then (when the story needs them: `Tracked.any`)
    the calls waiting, the tracked choices taken and the tracked scenes' visit counts live there.

    A state is packed for its scene (`pack`): what is not live there (authoring.liveness: nothing
    from there on can read it) is left out, and unpacked at its initial (a variable's or chronicle
    value's) or as not done (a choice, a visit), so that states differing only in it are one. With
    `liveness=False` every variable and all the tracked progress is kept everywhere."""

    def __init__(self, machine: StoryMachine, tracked: Tracked, live: Mapping[str, Live] | None = None) -> None:
        story = self.story = machine.story
        self.moves = compile_moves(machine)
        self.tracked = tracked
        self.names = list(story.variables) + [c.name for c in story.chronicle]
        self.keeps = tracked.any  # when not, nothing reads the progress: the variables are the state
        self.counted = tuple(tracked.visits)
        initial: dict[str, Any] = {n: v.initial for n, v in story.variables.items()}
        initial.update((c.name, c.initial) for c in story.chronicle)
        self.layouts = {sid: _Layout(self.names, initial, tracked, self.counted, live.get(sid) if live else None)
                        for sid in story.scenes}
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
        """The chronicle values of a state (those not live in its scene at their initial)."""
        values = self.unpack(state)
        return {c.name: values[c.name] for c in self.story.chronicle}

    def shown(self, state: State) -> dict[str, Any]:
        """The variables and chronicle values a state keeps: those live in its scene."""
        layout = self.layouts[state[0]]
        return dict(zip(layout.names, state[1], strict=False))

    def settle(self, values: dict[str, Any]) -> dict[str, Any]:
        """Keep only the tracked progress, visit counts as Tracked.count keeps them (in place)."""
        if self.keeps:
            tracked = self.tracked
            values[CHOSEN].intersection_update(tracked.chosen)
            values[VISITS] = {s: tracked.count(s, n) for s, n in values[VISITS].items() if s in tracked.visits}
        return values

    def pack(self, scene_id: str, values: dict[str, Any]) -> State:
        layout = self.layouts[scene_id]
        packed = layout.pick(values)
        if self.keeps:
            visits = values[VISITS]
            packed += (tuple(values[CALLS]), layout.chosen.intersection(values[CHOSEN]),
                       tuple(visits.get(s, 0) for s in layout.counted))
        return scene_id, packed

    def unpack(self, state: State) -> dict[str, Any]:
        """A state's values, as the engine's guards, effects and texts read them."""
        layout = self.layouts[state[0]]
        packed = state[1]
        values = dict(layout.dead)
        values.update(zip(layout.names, packed, strict=False))  # the progress kept follows the names
        if self.keeps:
            calls, chosen, counts = packed[-3:]
            values[CALLS], values[CHOSEN] = list(calls), set(chosen)
            values[VISITS] = {s: n for s, n in zip(layout.counted, counts, strict=True) if n}
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
        dest: str = branch.dest  # type: ignore[assignment]
        return (dest, self.layouts[dest].pick(after)), after


class _Layout:
    """How a state in one scene is packed: the names, choices and visit counts live there, in the
    order kept, and the values the rest are unpacked at."""

    def __init__(self, names: list[str], initial: Mapping[str, Any], tracked: Tracked, counted: tuple[str, ...],
                 live: Live | None) -> None:
        self.names = tuple(n for n in names if live is None or n in live.names)
        self.dead = {n: initial[n] for n in names if n not in self.names}
        self.chosen = frozenset(tracked.chosen if live is None else tracked.chosen & live.chosen)
        self.counted = tuple(s for s in counted if live is None or s in live.visits)
        kept = self.names
        # A tuple of the values in one call (itemgetter of one name gives the value itself, not a tuple).
        self.pick: Callable[[Mapping[str, Any]], tuple[Any, ...]] = (
            operator.itemgetter(*kept) if len(kept) > 1 else lambda values: tuple(values[n] for n in kept))
