"""Builds one transitions Machine per story: scenes are states, choices transitions, conditions guards."""

from __future__ import annotations

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


def _compile_effects(effects: Effects, story: Story) -> Callable[[dict[str, Any]], None]:
    steps = []
    for op, name, tree in effects.steps:
        fn = compile_expr(tree)
        var = story.variables[name]
        steps.append((op == "add", name, fn, var.clamp if var.type == "int" else None))

    def run(values: dict[str, Any]) -> None:
        for add, name, fn, clamp in steps:
            new = values[name] + fn(values) if add else fn(values)
            values[name] = clamp(new) if clamp else new

    return run


def _always(values: dict[str, Any]) -> bool:
    return True


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
                states.append({"name": scene.id, "on_enter": [self._entered]})
                compiled = []
                for i, choice in enumerate(scene.choices):
                    trigger = slot(i)
                    guard = compile_expr(choice.condition) if choice.condition else _always
                    compiled.append(CompiledChoice(choice, trigger, guard))
                    effects = _compile_effects(choice.effects, story)
                    if choice.outcomes:
                        for k, outcome in enumerate(choice.outcomes):
                            transitions.append(self._transition(trigger, scene.id, outcome.goto, guard, effects,
                                                                _compile_effects(outcome.effects, story), k))
                    else:
                        transitions.append(self._transition(trigger, scene.id, choice.goto or scene.id, guard, effects,
                                                            None, None))
                self.choices[scene.id] = tuple(compiled)
            first = next(iter(story.scenes))
            self.machine = Machine(
                model=None,
                states=states,
                transitions=transitions,
                initial=first,
                auto_transitions=False,
                send_event=True,
                ignore_invalid_triggers=False,
            )
        finally:
            if was_enabled:
                gc.enable()

    @staticmethod
    def _transition(trigger: str, source: str, dest: str, guard: Callable[[dict[str, Any]], bool],
                    effects: Callable[[dict[str, Any]], None],
                    outcome_effects: Callable[[dict[str, Any]], None] | None, outcome: int | None) -> dict[str, Any]:
        def allowed(event: Any) -> bool:
            game: Game = event.model
            return (outcome is None or game.drawn == outcome) and guard(game.values)

        def apply(event: Any) -> None:
            values = event.model.values
            effects(values)
            if outcome_effects:
                outcome_effects(values)

        return {"trigger": trigger, "source": source, "dest": dest, "conditions": [allowed], "before": [apply]}

    @staticmethod
    def _entered(event: Any) -> None:
        event.model.entered(event.state.name)

    def fire(self, game: Game, trigger: str) -> bool:
        """Fire one choice for `game` (never registered as a model); False when a guard refused."""
        return bool(self.machine.events[trigger].trigger(game))

    def place(self, game: Game, scene_id: str) -> None:
        """Put `game` in a scene without running its entry (restoring, not arriving)."""
        self.machine.set_state(scene_id, model=game)
