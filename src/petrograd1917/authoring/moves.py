"""The story's choices compiled for exploring many play-throughs fast: the same guards and effects
the engine's machine uses (its story's compiler), without a Game or a transitions trigger per step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from petrograd1917.engine.compiler import Effect as CompiledEffect
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.story.model import Choice

Effect = CompiledEffect | None


@dataclass(frozen=True)
class Branch:
    outcome: int | None
    first: Effect  # the choice's effects
    second: Effect  # the outcome's effects
    dest: str

    def apply(self, values: dict[str, Any]) -> dict[str, Any]:
        after = dict(values)
        if self.first:
            self.first(after)
        if self.second:
            self.second(after)
        return after


@dataclass(frozen=True)
class Move:
    choice: Choice
    available: Callable[[dict[str, Any]], bool]
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
                branches = (Branch(None, first, None, c.goto or scene.id),)
            moves.append(Move(c, compiler.guard(c), branches, tuple(o.weight for o in c.outcomes)))
        out[scene.id] = tuple(moves)
    return out
