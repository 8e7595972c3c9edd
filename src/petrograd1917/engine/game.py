"""One play-through: role, scene, variables, seeded chance and the log of choices."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from petrograd1917.engine.compiler import CALLS
from petrograd1917.engine.machine import CompiledChoice, StoryMachine
from petrograd1917.engine.render import seeded_draws
from petrograd1917.engine.steps import LogEntry, Step
from petrograd1917.story.expr import CHOSEN, VISITS, chosen_key
from petrograd1917.story.model import Choice, Scene, Story, Value

# Makes a named tuple without its generated __new__ (all fields given): half the cost, at every choice.
_new = tuple.__new__

if TYPE_CHECKING:
    from transitions.core import Transition

    from petrograd1917.engine.view import SceneView


class GameError(Exception):
    """A face asked for something the game does not allow (an unknown or unavailable choice)."""


@dataclass(frozen=True, slots=True)
class ChoiceView:
    number: int  # 1-based, as the player picks it
    id: str
    text: str
    available: bool
    reason: str  # why not, when unavailable


@dataclass(frozen=True, slots=True)
class ReplayStop:
    """Where and why a replay stopped: `step` counts from 1, the first choice not retaken."""

    step: int
    reason: str


@dataclass(frozen=True, slots=True)
class JournalEntry:
    scene: Scene
    choice: Choice | None  # None for the scene the player is in now
    outcome_text: str = ""
    text: str = ""  # the scene's text as it read then
    choice_text: str = ""  # the choice's words as they read then
    note_text: str = ""  # the choice's history note as it read then


def draw(seed: int, step: int, weights: list[int]) -> int:
    """The outcome drawn at a step of a play-through. Each step draws from its own seed, so a replay,
    an undo or a random test needs no RNG state."""
    return random.Random(f"{seed}:{step}").choices(range(len(weights)), weights=weights)[0]


def new_values(story: Story, role_id: str, chronicle: Mapping[str, Value] | None = None) -> dict[str, Any]:
    """A new play-through's values: the story's variables, the role's own, the chronicle's, and what
    it keeps of its progress (the start entered once, nothing chosen, no call waiting)."""
    values: dict[str, Any] = story.initial_values(role_id, chronicle)
    values[VISITS], values[CHOSEN], values[CALLS] = {story.roles[role_id].start: 1}, set(), []
    return values


def returns_to(values: Mapping[str, Any]) -> str | None:
    """Where a `goto: return` leads from these values: the scene that made the most recent call."""
    calls = values[CALLS]
    return calls[-1] if calls else None


def keep_progress(values: dict[str, Any], origin: str, choice: Choice, arrived: str) -> None:
    """What a play-through keeps of a choice beyond its effects: that it was taken, the call it made
    or returned from, and one more visit of the scene it arrived in (a return counts as an entry).
    The Game's rule, and the authoring tools' when they play without a Game. Game.choose keeps it
    with the choice's key and kind worked out when its scene was built (CompiledChoice); a test
    plays both ways side by side."""
    values[CHOSEN].add(chosen_key(origin, choice.id))
    if choice.call:
        values[CALLS].append(origin)
    elif choice.returns:
        values[CALLS].pop()
    visits = values[VISITS]
    visits[arrived] = visits.get(arrived, 0) + 1


def listed_closed(choice: Choice, scene_id: str, values: Mapping[str, Any]) -> bool:
    """Whether a closed choice is still listed (dimmed, with why): not hidden, and not a once-only
    choice already taken, which is gone."""
    return choice.unavailable != "hide" and not (choice.once and chosen_key(scene_id, choice.id) in values[CHOSEN])


def reason_for(choice: Choice, story: Story) -> str:
    """Why a choice is closed: the author's words, or its condition in the variables' own labels."""
    if choice.reason:
        return choice.reason
    text = choice.condition_src
    for name, var in story.variables.items():
        if var.label and name in text:
            text = " ".join(var.label if w == name else w for w in text.split(" "))
    return f"needs {text}"


@dataclass
class Game:
    machine: StoryMachine
    role: str
    seed: int
    values: dict[str, Value]
    state: str  # the current scene id; transitions reads and writes it
    log: list[LogEntry] = field(default_factory=list)
    path: list[str] = field(default_factory=list)  # scenes passed through, the current one last
    drawn: int | None = None  # the outcome drawn for the choice being taken
    chronicle: dict[str, Value] = field(default_factory=dict)  # what other roles' endings left, at the start
    outcome_text: str = ""  # the last choice's outcome, as it read
    # transitions' event data for this game, made at its first choice that asks or runs anything, and reused (StoryMachine.event_data)
    event_data: Any = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def new(cls, machine: StoryMachine, role: str | None = None, seed: int = 0,
            chronicle: dict[str, Value] | None = None) -> Game:
        """A new play-through. `chronicle` holds what other roles' endings left (each entry's
        initial where it is missing); a save records it, so a replay reads the same."""
        story = machine.story
        role_id = role or story.default_role
        if role_id not in story.roles:
            raise GameError(f"unknown role '{role_id}' (roles: {', '.join(story.roles)})")
        start = story.roles[role_id].start
        values = new_values(story, role_id, chronicle)
        kept = {c.name: values[c.name] for c in story.chronicle}
        game = cls(machine, role_id, seed, values, start, path=[start], chronicle=kept)
        machine.place(game, start)
        return game

    @property
    def visits(self) -> dict[str, int]:
        """How many times each scene has been entered (a return counts as an entry)."""
        return self.values[VISITS]  # type: ignore[return-value]

    @property
    def calls(self) -> list[str]:
        """The scenes waiting for a `goto: return`, innermost last."""
        return self.values[CALLS]  # type: ignore[return-value]

    def variables(self) -> dict[str, Value]:
        """The story's variables and chronicle values, without what the game keeps of its progress."""
        return {k: v for k, v in self.values.items() if not k.startswith("@")}

    def render(self, text: str, scene_id: str | None = None, step: int | None = None) -> str:
        """A text of the story as it reads now, in the current scene (or `scene_id`)."""
        sid = scene_id or self.state
        return self.machine.texts.render(text, self.values, self.visits.get(sid, 1),
                                         seeded_draws(self.seed, len(self.log) if step is None else step, sid))

    @property
    def text(self) -> str:
        """The current scene's text as the player reads it now."""
        return self.render(self.scene.text)

    def chronicle_left(self) -> dict[str, Value]:
        """What this game leaves in the chronicle: its role's entries' values over its state now."""
        compile_expr = self.machine.compiler.expression
        return {c.name: compile_expr(c.value)(self.values) for c in self.story.chronicle if c.role == self.role}

    @property
    def story(self) -> Story:
        return self.machine.story

    @property
    def scene(self) -> Scene:
        return self.story.scenes[self.state]

    @property
    def is_over(self) -> bool:
        return self.scene.ending is not None

    def choices(self) -> list[ChoiceView]:
        """The scene's choices as the player sees them: hidden ones left out, closed ones with why."""
        out: list[ChoiceView] = []
        for cc in self.machine.scene(self.state).choices:
            ok = cc.available(self.values)
            if not ok and not listed_closed(cc.choice, self.state, self.values):
                continue
            reason = "" if ok else self.render(reason_for(cc.choice, self.story))
            out.append(ChoiceView(len(out) + 1, cc.choice.id, self.render(cc.choice.text), ok, reason))
        return out

    def _draw(self, choice: Choice) -> int:
        return draw(self.seed, len(self.log), [o.weight for o in choice.outcomes])

    def choose(self, choice_id: str, outcome: int | None = None) -> Step:
        """Take a choice by id. `outcome` forces a random choice's result (replaying, exploring).

        The choice's transition (the drawn outcome's, for a random choice) is taken as
        `cc.event.trigger(self)` would take it, which would find it among the event's: its
        conditions checked, its effects run, the game moved; the scenes' states have no enter or
        exit callbacks to run (tests check it against Event.trigger). Condition.check and
        Machine.callback would first look each callable up by name; ours never are strings. The
        condition of an open choice, which always holds, is not asked."""
        origin, machine = self.state, self.machine
        try:
            cc = machine.built[origin].by_id[choice_id]
        except KeyError:  # a scene not built yet (or no such choice)
            found = machine.scene(origin).by_id.get(choice_id)
            if found is None:
                raise GameError(f"there is no choice '{choice_id}' in scene '{origin}'") from None
            cc = found
        if cc.plain:  # no chance, no call, no return: most choices, asked the fewest questions
            drawn = back_to = None
            transition = cc.transitions[0]
        else:
            drawn, back_to, transition = self._special(cc, outcome)
        self.drawn = drawn
        if not cc.open or transition.before:  # else there is nothing to ask and nothing to run
            event_data = self.event_data or machine.event_data(self)
            event_data.event, event_data.transition = cc.event, transition
            if not cc.open:
                for condition in transition.conditions:  # the transition's guard is the choice's condition
                    if condition.func(event_data) != condition.target:  # type: ignore[operator]
                        raise GameError(f"choice '{choice_id}' is not available: "
                                        f"{reason_for(cc.choice, self.story)}")
            for before in transition.before:
                before(event_data)  # type: ignore[operator]
        arrived = self.state = transition.dest or origin
        # keep_progress, with what it works out from the choice already worked out (cc.key, cc.call, ...)
        values: dict[str, Any] = self.values
        values[CHOSEN].add(cc.key)
        if not cc.plain:
            if cc.call:
                values[CALLS].append(origin)
            elif back_to is not None:
                values[CALLS].pop()
        visits = values[VISITS]
        visits[arrived] = visits.get(arrived, 0) + 1
        if drawn is None:
            self.log.append(cc.entry)
            self.path.append(arrived)
            self.outcome_text = ""
            return cc.step  # the same every time: nothing in it varies
        return self._outcome(cc, drawn, origin, arrived)

    def _special(self, cc: CompiledChoice, outcome: int | None) -> tuple[int | None, str | None, Transition]:
        """For a random choice, the outcome drawn (or forced); for a return, the scene it returns
        to; and the transition to take for it."""
        drawn = back_to = None
        if cc.random:
            drawn = self._draw(cc.choice) if outcome is None else outcome
            if not 0 <= drawn < len(cc.entries):
                raise GameError(f"choice '{cc.choice.id}' has no outcome {drawn}")
        if cc.returns:
            back_to = returns_to(self.values)
            if back_to is None:  # the loader makes sure no story lets this happen
                raise GameError(f"choice '{cc.choice.id}' returns, but no call is waiting")
            return drawn, back_to, self.machine.return_transition(self.state, cc, back_to)
        return drawn, back_to, cc.transitions[drawn or 0]

    def _outcome(self, cc: CompiledChoice, drawn: int, origin: str, arrived: str) -> Step:
        """The end of taking a random choice: logged with its outcome, whose text is rendered."""
        self.log.append(cc.entries[drawn])
        self.path.append(arrived)
        text = cc.choice.outcomes[drawn].text
        if text:
            text = self.render(text, origin, len(self.log) - 1)
        self.outcome_text = text
        return _new(Step, (cc.entries[drawn], cc.choice, text)) if text else cc.steps[drawn]

    def choose_number(self, number: int) -> Step:
        views = self.choices()
        if not 1 <= number <= len(views):
            raise GameError(f"choose a number from 1 to {len(views)}")
        view = views[number - 1]
        if not view.available:
            raise GameError(f"that choice is not open to you: {view.reason}")
        return self.choose(view.id)

    @classmethod
    def replay(cls, machine: StoryMachine, role: str, seed: int, log: list[LogEntry],
               chronicle: dict[str, Value] | None = None) -> Game:
        """Rebuild a game by taking its logged choices again; raises GameError at the first that fails."""
        game, stop = cls.replay_partly(machine, role, seed, log, chronicle)
        if stop is not None:
            raise GameError(f"step {stop.step}: {stop.reason}")
        return game

    @classmethod
    def replay_partly(cls, machine: StoryMachine, role: str, seed: int, log: list[LogEntry],
                      chronicle: dict[str, Value] | None = None) -> tuple[Game, ReplayStop | None]:
        """Take the logged choices again as far as they still apply to this story.
        Returns the game and, if it stopped early, at which step and why. Raises GameError only
        when the role itself is gone."""
        game = cls.new(machine, role, seed, chronicle)
        scenes = machine.story.scenes
        for i, entry in enumerate(log):
            step = i + 1
            if entry.scene not in scenes:
                return game, ReplayStop(step, f"scene '{entry.scene}' no longer exists")
            if entry.scene != game.state:
                return game, ReplayStop(step, f"the save was in scene '{entry.scene}' but the story now leads to "
                                              f"'{game.state}'")
            choice = game.scene.choice(entry.choice)
            if choice is None:
                return game, ReplayStop(step, f"choice '{entry.choice}' no longer exists in scene '{entry.scene}'")
            if entry.outcome is not None and not 0 <= entry.outcome < len(choice.outcomes):
                return game, ReplayStop(step, f"choice '{entry.choice}' in scene '{entry.scene}' no longer has "
                                              f"outcome {entry.outcome}")
            if entry.outcome is None and choice.outcomes:
                return game, ReplayStop(step, f"choice '{entry.choice}' in scene '{entry.scene}' now has random "
                                              "outcomes the save did not record")
            try:
                game.choose(entry.choice, entry.outcome)
            except GameError:
                return game, ReplayStop(step, f"choice '{entry.choice}' in scene '{entry.scene}' is no longer "
                                              "available there")
        return game, None

    def undone(self, steps: int = 1) -> Game:
        """The same play-through with the last `steps` choices taken back (a replay of the rest)."""
        keep = max(0, len(self.log) - steps)
        return Game.replay(self.machine, self.role, self.seed, self.log[:keep], self.chronicle)

    def journal(self) -> list[JournalEntry]:
        """Every scene passed so far, with what the player did there and the words as they read then
        (the backlog): the play-through is taken again from the start to show each step's text."""
        out = []
        again = Game.new(self.machine, self.role, self.seed, self.chronicle)
        for entry in self.log:
            scene, text = again.scene, again.text
            choice = scene.choice(entry.choice)
            choice_text = again.render(choice.text) if choice else ""
            step = again.choose(entry.choice, entry.outcome)
            note = step.choice.history.note if step.choice.history else ""
            note = again.render(note, entry.scene, len(again.log) - 1) if note else ""
            out.append(JournalEntry(scene, choice, step.outcome_text, text, choice_text, note))
        out.append(JournalEntry(again.scene, None, "", again.text))
        return out

    def view(self) -> SceneView:
        """What the scene shows, for every face (engine/view.py)."""
        from petrograd1917.engine.view import scene_view

        return scene_view(self)
