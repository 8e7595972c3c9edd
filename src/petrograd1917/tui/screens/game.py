"""The game screen: the scene, its choices, the player's state, and the history note after a judged
choice. An ending is shown like any scene; a key or a button then opens the end report."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, HorizontalGroup
from textual.content import Content
from textual.widgets import Button, OptionList, Static

from petrograd1917.engine.game import Game, GameError, Step
from petrograd1917.engine.view import act_title, variables_shown
from petrograd1917.history.calendar import both
from petrograd1917.history.codex import place_name
from petrograd1917.history.judge import (
    VERDICT_MARKS,
    Judged,
    WhatHappened,
    fidelity,
    judged_steps,
    what_happened,
)
from petrograd1917.savegame.session import PlaySession
from petrograd1917.story.model import HistoryNote, Story
from petrograd1917.story.textmarkup import has_markup
from petrograd1917.tui.commands import bindings
from petrograd1917.tui.messages import ChoiceTaken, ShowEndReport
from petrograd1917.tui.prose import StoryProse
from petrograd1917.tui.screens.base import FaceScreen
from petrograd1917.tui.widgets.choice_list import ChoiceList
from petrograd1917.tui.widgets.side_panel import SidePanel
from petrograd1917.tui.widgets.story_pane import PaneText, StoryPane


def note_markdown(w: WhatHappened) -> str:
    """The note after a judged choice: the verdict (none past a pivot: that history has left the
    record), what really happened (the event's summary the first time only), the sources."""
    if w.verdict:
        head = f"**{VERDICT_MARKS.get(w.verdict, '')} {w.verdict.upper()}**: {w.verdict_words} {w.note}"
    else:
        head = f"**Not graded**: your history has left the record. {w.note}"
    what = f"**What really happened:** *{w.event_title}*, {w.when}." + (f" {w.summary}" if w.summary else "")
    lines = [head, "", what, "", f"*Source: {'; '.join(w.sources)}*"]
    if w.contested:
        lines += ["", "The sources disagree on this event: see it in the timeline (**t**)."]
    return "\n".join(lines)


def note_after(story: Story, judged: list[Judged], history: HistoryNote) -> WhatHappened:
    """The note on a judged step that comes after `judged`: graded until a pivot, the event's summary
    the first time the play-through meets that event."""
    first_time = all(j.history.event != history.event for j in judged)
    graded = not any(j.is_pivot for j in judged)
    return what_happened(story, history, first_time=first_time, graded=graded)


def last_note(game: Game) -> WhatHappened | None:
    """The note on the choice that led to the scene shown, if history judged it."""
    judged = judged_steps(game.story, game.log)
    if not judged or judged[-1].step != len(game.log) - 1:
        return None
    return note_after(game.story, judged[:-1], judged[-1].history)


def last_step(game: Game) -> Step | None:
    """The choice that led to the scene shown, with its outcome: the note belongs to it."""
    if not game.log:
        return None
    entry = game.log[-1]
    choice = game.story.scenes[entry.scene].choice(entry.choice)
    if choice is None:
        return None
    return Step(entry, choice, game.outcome_text)


def scene_head(game: Game) -> Content:
    """The act and the scene's title; its date in both calendars, time and place."""
    scene = game.scene
    act = act_title(game.story, scene.act)
    when = both(scene.date, year_twice=True) + (f" · {scene.time}" if scene.time else "")
    return Content.assemble(f"{act} · " if act else "", (scene.title, "bold"), "\n",
                            f"{when} · {place_name(game.story, scene.place)}")


class GameScreen(FaceScreen):
    BINDINGS = bindings("game")

    def __init__(self, session: PlaySession, prose: StoryProse) -> None:
        super().__init__()
        self.session = session
        self.prose = prose
        self.note_hidden = False
        self._shown: dict[str, object] = {}  # what each Static shows: unchanged ones are not redrawn

    @property
    def game(self) -> Game:
        return self.session.game

    def body(self) -> ComposeResult:
        yield Static("", id="scene-head")
        with Horizontal(id="game-body"):
            with Container(id="story-col"):  # centres the pane when the text width is set
                yield StoryPane(id="story")
            yield SidePanel(id="side")
        yield Static("", id="status-line")
        yield ChoiceList(id="choices")
        # The end bar (a button to the report) is mounted at an ending: a Button's styles are many,
        # and reading them at every start would slow the first scene.

    def text_box(self) -> StoryPane:
        return self.query_one(StoryPane)

    def on_mount(self) -> None:
        super().on_mount()
        self.show()

    # --- showing --------------------------------------------------------------

    def _set(self, widget_id: str, content: Content | str) -> None:
        if self._shown.get(widget_id) != content:
            self._shown[widget_id] = content
            self.query_one(f"#{widget_id}", Static).update(content)

    def show(self) -> None:
        """Show the game as it stands: the scene, the note and outcome of the choice that led here."""
        with self.app.batch_update():  # one layout and paint for the whole change, not one per widget
            self._show_scene()
            self._show_state()
            self._show_choices()
        self.call_after_refresh(self.prepare_next)

    def _show_scene(self) -> None:
        g = self.game
        self._set("scene-head", scene_head(g))
        step = last_step(g)
        w = None if self.note_hidden else last_note(g)
        note = self.prose.markdown(note_markdown(w)) if w is not None else None
        outcome = self.prose.markdown(step.outcome_text) if step and step.outcome_text else None
        self.text_box().show(PaneText(note, outcome, self.prose.scene(g.text)))

    def prepare_next(self) -> None:
        """While the player reads: parse and wrap the texts the open choices lead to, so that the next
        scene costs only its drawing."""
        g = self.game
        judged = judged_steps(g.story, g.log)
        for view in g.choices():
            choice = g.scene.choice(view.id)
            if not view.available or choice is None:
                continue
            if choice.history is not None:
                self.prose.markdown(note_markdown(note_after(g.story, judged, choice.history)))
            for goto in [choice.goto, *(o.goto for o in choice.outcomes)]:
                text = g.story.scenes[goto].text if goto is not None and goto in g.story.scenes else "{"
                if not has_markup(text):  # a text that varies is rendered when it is shown
                    self.text_box().prepare(self.prose.scene(text))

    def _show_state(self) -> None:
        g = self.game
        variables = [(v.label, v.with_max) for v in variables_shown(g.story, g.role, g.values)]
        f = fidelity(judged_steps(g.story, g.log))
        self.query_one(SidePanel).show(g.story.roles[g.role].name, variables, f)
        pct = f"{round(100 * f.ratio)}%" if f.ratio is not None else "—"
        compact = [f"{label} {value.replace(' ', '')}" for label, value in variables]
        self._set("status-line", " · ".join([f"Fidelity {pct}", *compact]))

    def _show_choices(self) -> None:
        g = self.game
        choices = self.query_one(ChoiceList)
        over = g.scene.ending
        choices.display = over is None
        if over is None:
            choices.show(g.choices())
            choices.focus()
        elif not self.query("#end-bar"):
            title = Content.assemble(("THE END", "bold"), f" · {over.title} · {over.kind} ending")
            button = Button("The end report (r)", id="end-report-button", variant="primary")
            self.query_one("#face").mount(HorizontalGroup(Static(title, id="end-title"), button, id="end-bar"),
                                          after=choices)
            self.call_after_refresh(button.focus)
        self.refresh_bindings()

    # --- acting ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and self.game.is_over:
            return False
        if action in ("toggle_note", "expand_note") and not self.has_note():
            return None  # shown greyed: there is no note for this scene
        return super().check_action(action, parameters)

    @on(OptionList.OptionSelected, "#choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.take(event.option_id)

    def action_choose(self, number: int) -> None:
        views = self.game.choices()
        if not 1 <= number <= len(views):
            self.notify(f"Choose a number from 1 to {len(views)}.", severity="warning", markup=False)
            return
        view = views[number - 1]
        if not view.available:
            self.notify(f"Not open to you: {view.reason}", severity="warning", markup=False)
            return
        self.take(view.id)

    def take(self, choice_id: str) -> None:
        try:
            self.session.choose(choice_id)  # it autosaves when the app flushes it, after the frame
        except GameError as e:
            self.notify(str(e), severity="warning", markup=False)
            return
        self.note_hidden = False
        self.show()
        self.post_message(ChoiceTaken(self.game))

    @on(Button.Pressed, "#end-report-button")
    def _report(self) -> None:
        self.post_message(ShowEndReport())

    def has_note(self) -> bool:
        step = last_step(self.game)
        return step is not None and step.choice.history is not None

    def action_toggle_note(self) -> None:
        if not self.has_note():
            self.notify("There is no history note for this scene: it comes after a choice history can judge.")
            return
        self.note_hidden = not self.note_hidden
        self._show_scene()

    def action_expand_note(self) -> None:
        """The whole note, however long, or back to its box of at most 45% of the height."""
        pane = self.text_box()
        if self.note_hidden:
            self.action_toggle_note()
        pane.show_note_full(not pane.note_full)
