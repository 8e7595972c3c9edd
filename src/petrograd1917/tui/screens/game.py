"""The game screen: the scene, its choices, the player's state, and the history note after a judged
choice. An ending is shown like any scene; a key or a button then opens the end report."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Button, OptionList, Static

from petrograd1917.engine.game import Game, GameError
from petrograd1917.engine.view import SceneView, notes_ahead
from petrograd1917.history.judge import VERDICT_MARKS, WhatHappened
from petrograd1917.savegame.session import PlaySession
from petrograd1917.settings import Settings
from petrograd1917.story.textmarkup import has_markup
from petrograd1917.tui.commands import bindings
from petrograd1917.tui.messages import ChoiceTaken, ShowEndReport
from petrograd1917.tui.prose import StoryProse
from petrograd1917.tui.screens.base import Bare, BareRow, FaceScreen
from petrograd1917.tui.widgets.choice_list import ChoiceList
from petrograd1917.tui.widgets.side_panel import SidePanel, status_line
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


def scene_head(v: SceneView) -> Content:
    """The act and the scene's title; its date in both calendars, time and place."""
    when = v.date + (f" · {v.time}" if v.time else "")
    return Content.assemble(f"{v.act} · " if v.act else "", (v.title, "bold"), "\n", f"{when} · {v.place}")


# A scene comes first, then its autosave: what may come next is prepared a moment after it is up
# (at the start it may load the Markdown parser, tens of milliseconds), long before a player has read
# the scene, and never in the way of a choice taken at once (the next scene cancels it).
PREPARE_AFTER = 0.2


class GameScreen(FaceScreen):
    BINDINGS = bindings("game")

    def __init__(self, session: PlaySession, prose: StoryProse, settings: Settings | None = None) -> None:
        super().__init__()
        self.session = session
        self.prose = prose
        self.settings = settings or Settings()  # the app's own: a change there shows here
        self.note_hidden = False
        self.view = session.game.view()  # what the scene shows (engine/view.py), taken again at each change
        self._shown: dict[str, object] = {}  # what each Static shows: unchanged ones are not redrawn
        self._paint_now = False  # a choice was just shown: paint it as soon as its widgets have said so
        self._preparing: Timer | None = None

    @property
    def game(self) -> Game:
        return self.session.game

    def body(self) -> ComposeResult:
        yield Static("", id="scene-head")
        with BareRow(id="game-body"):
            with Bare(id="story-col"):  # centres the pane when the text width is set
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
        self.show(self.view)

    # --- showing --------------------------------------------------------------

    def _set(self, widget_id: str, content: Content | str) -> None:
        """Show `content` in a Static, if it is not shown already. The screen is laid out again only if
        the Static's height may change: it is shown, and its text wraps to another number of lines."""
        if self._shown.get(widget_id) == content:
            return
        self._shown[widget_id] = content
        static = self.query_one(f"#{widget_id}", Static)
        size = static.content_size
        lines = static.get_content_height(size, size, size.width) if size.width else None
        static.update(content, layout=False)
        if static.display and (lines is None or static.get_content_height(size, size, size.width) != lines):
            static.refresh(layout=True)

    def show(self, view: SceneView | None = None) -> None:
        """Show the game as it stands (`view`, if just taken): the scene, the note and outcome of the
        choice that led here; then, a moment later, prepare what may come."""
        self.view = view or self.game.view()
        with self.app.batch_update():  # one layout and paint for the whole change, not one per widget
            self._show_scene()
            self.show_state()
            self._show_choices()
        self._paint_now = self.is_mounted
        if self._preparing is not None:
            self._preparing.stop()
        self._preparing = self.set_timer(PREPARE_AFTER, self.prepare_next)

    def on_idle(self) -> None:
        """A new scene is painted as soon as its widgets have asked for it (the screen falls idle with
        them pending), not at the next tick of Textual's frame timer, up to 1/60 s later. Runs before
        Textual's own idle handler, which then finds nothing pending and runs the after-frame calls."""
        if self._paint_now and not self.app._batch_count and self.is_current:
            self._paint_now = False
            if self._layout_required or self._scroll_required or self._repaint_required or self._dirty_widgets:
                self._on_timer_update()

    def _show_scene(self) -> None:
        v = self.view
        self._set("scene-head", scene_head(v))
        shown = [] if self.note_hidden else [w for w in (v.revealed, v.verdict) if w is not None]
        # a note held back (reveal: after) from the choice before comes first: the player has read its scene
        note = self.prose.markdown("\n\n---\n\n".join(note_markdown(w) for w in shown)) if shown else None
        outcome = self.prose.markdown(v.outcome_text) if v.outcome_text else None
        self.text_box().show(PaneText(note, outcome, self.prose.scene(v.text)))

    def prepare_next(self) -> None:
        """While the player reads: parse and wrap the texts the open choices lead to, so that the next
        scene costs only its drawing."""
        g = self.game
        pane = self.text_box()
        for w in notes_ahead(g).values():
            if not has_markup(w.note):  # a note that varies is rendered when it is shown
                pane.prepare(self.prose.markdown(note_markdown(w)), "note")
        for view in self.view.choices:
            choice = g.scene.choice(view.id)
            if not view.available or choice is None:
                continue
            for goto in [choice.goto, *(o.goto for o in choice.outcomes)]:
                text = g.story.scenes[goto].text if goto is not None and goto in g.story.scenes else "{"
                if not has_markup(text):  # a text that varies is rendered when it is shown
                    pane.prepare(self.prose.scene(text))
            for outcome in choice.outcomes:
                if outcome.text and not has_markup(outcome.text):
                    pane.prepare(self.prose.markdown(outcome.text), "outcome")

    def show_state(self) -> None:
        """The side panel (and the status line that stands in for it when narrow); the fidelity meter
        only when the player has asked for it in the settings: the score is for the end."""
        v, meter = self.view, self.settings.fidelity_meter
        self.query_one(SidePanel).show(v, meter)
        self._set("status-line", status_line(v, meter))

    def _show_choices(self) -> None:
        over = self.view.ending
        choices = self.query_one(ChoiceList)
        choices.display = over is None
        if over is None:
            choices.show(self.view.choices)
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
        if action == "choose" and self.view.is_over:
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
        views = self.view.choices
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
        return self.view.verdict is not None or self.view.revealed is not None

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
