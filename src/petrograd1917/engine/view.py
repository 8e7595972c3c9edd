"""What a scene shows, for every face: `scene_view(game)` (also `Game.view()`) gathers it once, so
the full-screen game, plain mode and the transcript show the same things without rebuilding them."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from petrograd1917.history.calendar import both
from petrograd1917.history.codex import place_name
from petrograd1917.history.judge import (
    VERDICT_MARKS,
    Fidelity,
    Judged,
    WhatHappened,
    fidelity,
    judged_steps,
    pivot_of,
    what_happened,
)
from petrograd1917.story.model import Ending, HistoryNote, Story, Value

if TYPE_CHECKING:
    from petrograd1917.engine.game import ChoiceView, Game
    from petrograd1917.history.report import EndReport


class VariableView(NamedTuple):
    """A variable as the player sees it: its label and its value in words."""

    name: str
    label: str
    value: Value
    shown: str  # 'yes'/'no' for a flag, else the value
    max: int | None = None

    @property
    def with_max(self) -> str:
        """The value out of its maximum where it has one: '3 / 5'."""
        return f"{self.shown} / {self.max}" if self.max is not None else self.shown


class SceneView(NamedTuple):
    """Everything a face shows for the scene a game is in.

    `text` is the scene's Markdown (a face renders it, see story/prose.py); `outcome_text` and
    `verdict` belong to the choice that led here ("" and None at the start, and after a choice
    history does not judge)."""

    scene_id: str
    title: str
    act: str  # the act's title, "" when the story names none
    date: str  # both calendars, the year given twice
    time: str  # "" when the scene gives none
    place: str  # the place's name
    text: str
    role: str
    role_name: str
    choices: tuple[ChoiceView, ...]
    variables: tuple[VariableView, ...]
    outcome_text: str
    verdict: WhatHappened | None
    fidelity: Fidelity
    ending: Ending | None
    steps: int  # choices taken so far
    pivot_step: int | None = None  # the step (from 1) at which this history left the record, if it has
    # The note of the choice before the last, held back (`reveal: after`) until the player had read the
    # scene it led to and chosen again: a face shows it before this step's outcome and note.
    revealed: WhatHappened | None = None

    @property
    def when(self) -> str:
        """'27 August 1917 O.S. (9 September 1917 N.S.), 07:10'"""
        return f"{self.date}, {self.time}" if self.time else self.date

    @property
    def is_over(self) -> bool:
        return self.ending is not None

    @property
    def verdict_mark(self) -> str:
        """✓, ✗ or ~ (readable without colour), "" without a verdict."""
        return VERDICT_MARKS.get(self.verdict.verdict, "") if self.verdict else ""


def variables_shown(story: Story, role: str, values: dict[str, Value]) -> tuple[VariableView, ...]:
    """The variables this role sees, in the story's order, their values in words."""
    out = []
    for var in story.variables.values():
        if var.shown_to(role):
            value = values[var.name]
            shown = ("yes" if value else "no") if var.type == "bool" else str(value)
            out.append(VariableView(var.name, var.label or var.name, value, shown,
                                    var.max if var.type == "int" else None))
    return tuple(out)


def act_title(story: Story, act: str) -> str:
    return next((a.title for a in story.acts if a.id == act), "")


def scene_view(game: Game) -> SceneView:
    story = game.story
    scene = game.scene
    judged = judged_steps(story, game.log)
    revealed, verdict = notes_shown(game, judged)
    return SceneView(
        scene_id=scene.id, title=scene.title, act=act_title(story, scene.act), date=both(scene.date, year_twice=True),
        time=scene.time or "", place=place_name(story, scene.place), text=game.text, role=game.role,
        role_name=story.roles[game.role].name, choices=tuple(game.choices()),
        variables=variables_shown(story, game.role, game.values), outcome_text=game.outcome_text if game.log else "",
        verdict=verdict,
        fidelity=fidelity(judged), ending=scene.ending, steps=len(game.log),
        pivot_step=pivot.step + 1 if (pivot := pivot_of(judged)) is not None else None, revealed=revealed,
    )


def notes_shown(game: Game, judged: list[Judged]) -> tuple[WhatHappened | None, WhatHappened | None]:
    """The notes a face shows now: (the note held back from the step before, the last step's note).
    A note with `reveal: after` waits until the next choice is made (or the game has ended), so that it
    spoils neither a random outcome nor a scene still to come."""
    at = {j.step: n for n, j in enumerate(judged)}
    last = len(game.log) - 1
    over = game.scene.ending is not None

    def shown(step: int) -> WhatHappened | None:
        n = at.get(step)
        if n is None:
            return None
        note = note_on(game.story, judged, n)
        return replace(note, note=game.render(note.note, game.log[step].scene, step))

    verdict = shown(last) if last in at and (over or not held_back(judged[at[last]].history)) else None
    revealed = shown(last - 1) if last - 1 in at and held_back(judged[at[last - 1]].history) else None
    return revealed, verdict


def held_back(history: HistoryNote | None) -> bool:
    """Whether a choice's note waits for the next choice (`reveal: after`): every face asks this."""
    return history is not None and history.reveal == "after"


def game_report(game: Game) -> EndReport:
    """The end report of a play-through: its people's fates read from its values, in its words (every
    face shows this one)."""
    from petrograd1917.history.report import (
        end_report,  # read at an ending only: not at the start
    )

    steps = game.journal()[:-1]
    return end_report(game.story, game.role, game.path, game.log, values=game.values, render=game.render,
                      choice_texts=[e.choice_text for e in steps], note_texts=[e.note_text for e in steps])


def note_on(story: Story, judged: list[Judged], n: int) -> WhatHappened:
    """The history note on the `n`th judged step: its verdict only while graded (not past a pivot),
    the event's summary only the first time the play-through meets that event."""
    j = judged[n]
    first_time = all(earlier.history.event != j.history.event for earlier in judged[:n])
    return what_happened(story, j.history, first_time=first_time, graded=j.graded)


def notes_ahead(game: Game) -> dict[str, WhatHappened]:
    """The note each open choice of the scene would bring, by choice id: a face prepares them while the
    player reads (graded unless the game has passed a pivot; the event's summary if not met before)."""
    story = game.story
    judged = judged_steps(story, game.log)
    graded = pivot_of(judged) is None
    met = {j.history.event for j in judged}
    out = {}
    for view in game.choices():
        choice = game.scene.choice(view.id)
        h = choice.history if view.available and choice is not None else None
        if h is not None and h.verdict:
            out[view.id] = what_happened(story, h, first_time=h.event not in met, graded=graded)
    return out


def last_note(game: Game) -> WhatHappened | None:
    """The most recent history note the player has been shown (a held-back one only once revealed), for
    plain mode's `sources`; None before the first."""
    judged = judged_steps(game.story, game.log)
    last, over = len(game.log) - 1, game.scene.ending is not None
    for n in range(len(judged) - 1, -1, -1):
        j = judged[n]
        if j.step < last or over or not held_back(j.history):
            return note_on(game.story, judged, n)
    return None
