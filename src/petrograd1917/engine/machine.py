"""Builds one transitions Machine per story: scenes are states, choices transitions, conditions guards."""

from __future__ import annotations

import functools
import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from transitions import Machine

from petrograd1917.story.expr import compile_expr
from petrograd1917.story.model import Choice, Effects, Story

if TYPE_CHECKING:
    from petrograd1917.engine.game import Game

# DEBUG logging in transitions makes every choice several times slower.
logging.getLogger("transitions").setLevel(logging.WARNING)


def slot(index: int) -> str:
    """The trigger name of a scene's index-th choice. Names are shared by all scenes, so the
    machine holds a handful of events rather than one per choice."""
    return f"choice_{index}"


@dataclass(frozen=True, slots=True)
class CompiledChoice:
    choice: Choice
    trigger: str
    available: Callable[[dict[str, Any]], bool]


Values = dict[str, Any]


_STEPS: dict[str, Callable[[Values], None]] = {}


def _compile_steps(steps: tuple[tuple[str, str, Any], ...], clamps: tuple[tuple[int | None, int | None], ...]
                   ) -> Callable[[Values], None]:
    # Keyed by repr: (True,) == (1,) as tuples, but `set armed: true` is not `set armed: 1`.
    key = repr((steps, clamps))
    run = _STEPS.get(key)
    if run is None:
        run = _STEPS[key] = _build_steps(steps, clamps)
    return run


def _build_steps(steps: tuple[tuple[str, str, Any], ...], clamps: tuple[tuple[int | None, int | None], ...]
                 ) -> Callable[[Values], None]:
    compiled = [(op == "add", name, compile_expr(tree), lo, hi) for (op, name, tree), (lo, hi) in zip(steps, clamps)]

    def run(values: Values) -> None:
        for add, name, fn, lo, hi in compiled:
            new = values[name] + fn(values) if add else fn(values)
            if lo is not None and new < lo:
                new = lo
            elif hi is not None and new > hi:
                new = hi
            values[name] = new

    return run


def compile_effects(effects: Effects, story: Story) -> Callable[[Values], None] | None:
    if not effects.steps:
        return None
    clamps = tuple((story.variables[n].min, story.variables[n].max) if story.variables[n].type == "int"
                   else (None, None) for _, n, _ in effects.steps)
    return _compile_steps(effects.steps, clamps)


def _always(values: Values) -> bool:
    return True


@functools.lru_cache(maxsize=8192)
def _condition(guard: Callable[[Values], bool], outcome: int | None) -> Callable[[Any], bool]:
    """The transition's guard: the choice's condition, and for a random choice, that this outcome was drawn.
    Shared by every transition with the same condition and outcome."""
    if outcome is None:
        return lambda event: guard(event.model.values)
    return lambda event: event.model.drawn == outcome and guard(event.model.values)


@functools.lru_cache(maxsize=8192)
def _before(first: Callable[[Values], None] | None, second: Callable[[Values], None] | None
            ) -> Callable[[Any], None] | None:
    """The transition's effects: the choice's, then the drawn outcome's."""
    if first and second:
        return lambda event: (first(event.model.values), second(event.model.values))  # type: ignore[func-returns-value]
    only = first or second
    if only is None:
        return None
    return lambda event: only(event.model.values)


class StoryMachine:
    """The compiled form of one story, shared by every Game played on it."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.choices: dict[str, tuple[CompiledChoice, ...]] = {}
        states: list[dict[str, Any]] = []
        transitions: list[dict[str, Any]] = []
        was_enabled = gc.isenabled()
        gc.disable()  # building allocates many small objects; collections would only slow it
        try:
            for scene in story.scenes.values():
                states.append(scene.id)
                compiled = []
                for i, choice in enumerate(scene.choices):
                    trigger = slot(i)
                    guard = compile_expr(choice.condition) if choice.condition else _always
                    compiled.append(CompiledChoice(choice, trigger, guard))
                    effects = compile_effects(choice.effects, story)
                    if choice.outcomes:
                        for k, outcome in enumerate(choice.outcomes):
                            transitions.append((trigger, scene.id, outcome.goto, _condition(guard, k),
                                                _before(effects, compile_effects(outcome.effects, story))))
                    else:
                        transitions.append((trigger, scene.id, choice.goto or scene.id, _condition(guard, None),
                                            _before(effects, None)))
                self.choices[scene.id] = tuple(compiled)
            self.machine = Machine(
                model=None,
                states=states,
                initial=next(iter(story.scenes)),
                auto_transitions=False,
                send_event=True,
                ignore_invalid_triggers=False,
            )
            self._add_transitions(transitions)
        finally:
            if was_enabled:
                gc.enable()

    def _add_transitions(self, transitions: list[tuple[str, str, str, Any, Any]]) -> None:
        """Add the story's transitions. The loader has already validated every name, so this skips
        Machine.add_transition's argument parsing (a third of the build) and creates each Transition
        directly, as add_transition itself does (transitions is pinned exactly)."""
        m = self.machine
        for trigger, source, dest, condition, before in transitions:
            event = m.events.get(trigger)
            if event is None:
                event = m.events[trigger] = m._create_event(trigger, m)
            event.add_transition(m._create_transition(source, dest, [condition], None,
                                                      [before] if before else None, None, None))

    def fire(self, game: Game, trigger: str) -> bool:
        """Fire one choice for `game` (never registered as a model); False when a guard refused."""
        return bool(self.machine.events[trigger].trigger(game))

    def place(self, game: Game, scene_id: str) -> None:
        """Put `game` in a scene without running its entry (restoring, not arriving)."""
        self.machine.set_state(scene_id, model=game)
