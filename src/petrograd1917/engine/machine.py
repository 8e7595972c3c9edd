"""One transitions Machine per story: scenes are states, choices transitions, conditions guards.

The machine is built as it is played: a scene's state, its choices' guards, effects and transitions
are made the first time a game is in it (and the states its choices lead to with them), so that a
start costs the same for a story of ten scenes or ten thousand. A choice is fired by calling the
machine's own Transition and Condition objects for it directly, rather than through Event.trigger:
the scene and the choice are known, so the event's look-ups and bookkeeping would find the same
transition at three times the cost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import transitions
from transitions import Machine
from transitions.core import Condition, Event, EventData, Transition

from petrograd1917.engine.compiler import Guard, StoryCompiler, always
from petrograd1917.engine.render import TextRenderer
from petrograd1917.engine.steps import LogEntry, Step
from petrograd1917.story.expr import chosen_key
from petrograd1917.story.model import Choice, Story

if TYPE_CHECKING:
    from petrograd1917.engine.game import Game

# DEBUG logging in transitions makes every choice several times slower.
logging.getLogger("transitions").setLevel(logging.WARNING)

TRANSITIONS_VERSION = "0.9.3"  # the version whose private API `add_transition` below is written against


def slot(index: int) -> str:
    """The trigger name of a scene's index-th choice. Names are shared by all scenes, so the
    machine holds a handful of events rather than one per choice."""
    return f"choice_{index}"


def add_transition(machine: Machine, trigger: str, source: str, dest: str, conditions: tuple[Condition, ...],
                   before: tuple[Any, ...]) -> tuple[Event, Transition]:
    """Add one transition as Machine.add_transition itself does, without its argument parsing (the
    loader has validated every name). The one place that uses transitions' private API
    (`_create_event`, `_create_transition`), so it checks the version it was written for.

    Its conditions and callbacks are given as tuples, which the transition keeps as they are: the
    transitions of a story share them (the same guard, the same effects), so a choice reads one
    object of its own rather than five, and being tuples they cannot be added to for one
    transition and so, unseen, for all (transitions' add_callback would fail on them)."""
    found = getattr(transitions, "__version__", "unknown")
    if found != TRANSITIONS_VERSION:
        raise RuntimeError(
            f"petrograd1917's engine uses private parts of transitions {TRANSITIONS_VERSION} "
            f"(Machine._create_event, Machine._create_transition), but transitions {found} is installed: "
            "install the pinned version, or check engine/machine.py against the new one")
    event = machine.events.get(trigger)
    if event is None:
        event = machine.events[trigger] = machine._create_event(trigger, machine)
    transition = machine._create_transition(source, dest, None, None, before, (), ())
    transition.conditions = conditions  # type: ignore[assignment]  # a tuple: transitions only iterates it
    event.add_transition(transition)
    return event, transition


@dataclass(frozen=True, slots=True)
class CompiledChoice:
    """A choice as built into the machine, with what a game keeps when it is taken worked out once
    (at the scene's first visit) rather than at every choice."""

    choice: Choice
    trigger: str
    available: Guard
    event: Event
    transitions: tuple[Transition, ...]  # one, or one per outcome in the outcomes' order
    key: str  # how it is kept under CHOSEN once taken (expr.chosen_key)
    plain: bool  # none of the three below
    open: bool  # without condition or outcomes: its transition's condition always holds
    random: bool  # it has outcomes, one drawn at random
    call: bool  # it calls a scene, to be returned from
    returns: bool  # a `goto: return`
    entries: tuple[LogEntry, ...]  # its log entry: one, or one per outcome
    steps: tuple[Step, ...]  # what taking it returns, when the outcome has no text: one per entry
    entry: LogEntry  # entries[0] and steps[0], read without a subscript by most choices
    step: Step


@dataclass(frozen=True, slots=True)
class SceneChoices:
    """A scene as built into the machine: its choices in order, and by id."""

    choices: tuple[CompiledChoice, ...]
    by_id: dict[str, CompiledChoice]


class StoryMachine:
    """The compiled form of one story, shared by every Game played on it."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.compiler = StoryCompiler(story)
        self.machine = Machine(model=None, states=[], initial=None, auto_transitions=False, send_event=True,
                               ignore_invalid_triggers=False)
        self.built: dict[str, SceneChoices] = {}  # the scenes built so far (read it; scene() adds to it)
        self._returns: dict[tuple[str, str, str], Transition] = {}
        self._shared: dict[Callable[..., Any], tuple[Any, ...]] = {}  # callbacks' tuples (add_transition)
        self._texts: TextRenderer | None = None

    @property
    def texts(self) -> TextRenderer:
        """The story's varying texts, compiled as they are first shown."""
        if self._texts is None:
            self._texts = TextRenderer(self.story, self.compiler.expression)
        return self._texts

    def scene(self, scene_id: str) -> SceneChoices:
        """The scene's choices, built into the machine the first time they are asked for."""
        built = self.built.get(scene_id)
        if built is None:
            built = self.built[scene_id] = self._build(scene_id)
        return built

    def build_all(self) -> None:
        """Build every scene now (for tools that want the whole machine at once)."""
        for scene_id in self.story.scenes:
            self.scene(scene_id)

    def _conditions(self, fn: Callable[[Any], bool]) -> tuple[Condition, ...]:
        """A transition's conditions: one Condition of the guard, shared by every transition with it."""
        shared = self._shared.get(fn)
        if shared is None:
            shared = self._shared[fn] = (self.machine.transition_cls.condition_cls(fn),)
        return shared

    def _callbacks(self, fn: Callable[[Any], None] | None) -> tuple[Callable[[Any], None], ...]:
        """A transition's `before` callbacks: its effects, if any, shared by every transition with them."""
        if fn is None:
            return ()
        shared = self._shared.get(fn)
        if shared is None:
            shared = self._shared[fn] = (fn,)
        return shared

    def _state(self, scene_id: str) -> None:
        if scene_id not in self.machine.states:
            self.machine.add_states(scene_id)

    def _build(self, scene_id: str) -> SceneChoices:
        scene = self.story.scenes[scene_id]  # KeyError for a scene the story does not have
        self._state(scene_id)
        compiled = tuple(self._build_choice(scene_id, i, choice) for i, choice in enumerate(scene.choices))
        return SceneChoices(compiled, {cc.choice.id: cc for cc in compiled})

    def _build_choice(self, scene_id: str, index: int, choice: Choice) -> CompiledChoice:
        c = self.compiler
        trigger = slot(index)
        guard = c.guard(choice, scene_id)
        if choice.outcomes:
            arrows = [(o.goto, self._conditions(c.condition(guard, k)),
                       self._callbacks(c.before(choice.effects, o.effects))) for k, o in enumerate(choice.outcomes)]
        elif choice.returns:  # where it leads is known only in play: see return_transition
            arrows = []
        else:
            arrows = [(choice.call or choice.goto or scene_id, self._conditions(c.condition(guard, None)),
                       self._callbacks(c.before(choice.effects)))]
        made = []
        event = self.machine.events.get(trigger)
        if event is None:  # a scene whose only choice returns: the event is made for it here
            event = self.machine.events[trigger] = self.machine._create_event(trigger, self.machine)
        for dest, condition, before in arrows:
            self._state(dest)
            event, transition = add_transition(self.machine, trigger, scene_id, dest, condition, before)
            made.append(transition)
        if choice.outcomes:
            entries = tuple(LogEntry(scene_id, choice.id, k) for k in range(len(choice.outcomes)))
        else:
            entries = (LogEntry(scene_id, choice.id, None),)
        steps = tuple(Step(entry, choice, "") for entry in entries)
        return CompiledChoice(
            choice, trigger, guard, event, tuple(made), key=chosen_key(scene_id, choice.id),
            plain=not (choice.outcomes or choice.call or choice.returns), open=guard is always and not choice.outcomes,
            random=bool(choice.outcomes), call=bool(choice.call), returns=choice.returns,
            entries=entries, steps=steps, entry=entries[0], step=steps[0])

    def return_transition(self, scene_id: str, cc: CompiledChoice, dest: str) -> Transition:
        """The transition of a `goto: return` choice back to `dest` (the scene that made the call),
        added to the machine the first time a game returns that way."""
        key = (scene_id, cc.choice.id, dest)
        found = self._returns.get(key)
        if found is None:
            c = self.compiler
            self._state(dest)
            _, found = add_transition(self.machine, cc.trigger, scene_id, dest,
                                      self._conditions(c.condition(cc.available, None)),
                                      self._callbacks(c.before(cc.choice.effects)))
            self._returns[key] = found
        return found

    def event_data(self, game: Game) -> EventData:
        """The EventData a game keeps for all its choices: making one costs as much as the rest of
        the transition. Its model is the game; each choice sets its event and transition."""
        game.event_data = EventData(None, None, self.machine, game, (), {})
        return game.event_data

    def place(self, game: Game, scene_id: str) -> None:
        """Put `game` in a scene without running its entry (restoring, not arriving)."""
        if scene_id in self.story.scenes:
            self._state(scene_id)
        self.machine.set_state(scene_id, model=game)
