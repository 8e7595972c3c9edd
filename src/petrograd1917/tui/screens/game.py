"""The game screen: the scene, its choices, the player's state, and the history note after a judged choice."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from petrograd1917.engine.game import Game, GameError, Step
from petrograd1917.savegame.session import PlaySession
from petrograd1917.history.calendar import both
from petrograd1917.history.codex import place_name
from petrograd1917.history.judge import VERDICT_MARKS, fidelity, judged_steps, what_happened
from petrograd1917.tui.prose import markdown_markup, scene_markup
from petrograd1917.tui.screens.base import GameFaceScreen


def meter(ratio: float | None, width: int = 10) -> str:
    """A fidelity bar readable without colour: filled and empty blocks and a percentage."""
    if ratio is None:
        return "─" * width + "  —"
    filled = round(ratio * width)
    return "█" * filled + "░" * (width - filled) + f" {round(100 * ratio)}%"


def verdict_markdown(game: Game, step: Step) -> str:
    assert step.choice.history is not None
    w = what_happened(game.story, step.choice.history)
    lines = [
        f"**{VERDICT_MARKS[w.verdict]} {w.verdict.upper()}**: {w.verdict_words} {w.note}",
        "",
        f"**What really happened:** *{w.event_title}*, {w.when}. {w.summary}",
        "",
        f"*Source: {'; '.join(w.sources)}*",
    ]
    if w.contested:
        lines += ["", "The sources disagree on this event: see it in the timeline (**t**)."]
    return "\n".join(lines)


class GameScreen(GameFaceScreen):
    BINDINGS = [
        # One footer entry, "1-9 Choose", for the nine number keys.
        *(Binding(str(n), f"choose({n})", "Choose", show=n == 1, key_display="1-9" if n == 1 else None,
                  id=f"choose.{n}") for n in range(1, 10)),
        Binding("c", "app.codex", "Codex", id="codex"),
        Binding("t", "app.timeline", "Timeline", id="timeline"),
        Binding("j", "app.journal", "Journal", id="journal"),
        Binding("v", "toggle_verdict", "History note", id="verdict"),
        Binding("u", "app.undo", "Undo", id="undo"),
        Binding("s", "app.save", "Save", id="save"),
        Binding("l", "app.load", "Load", id="load", show=False),
        Binding("question_mark,f1", "app.help", "Help", id="help"),
        Binding("escape", "app.title_menu", "Menu", id="menu"),
    ]

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session
        self.last_step: Step | None = None

    @property
    def game(self) -> Game:
        return self.session.game

    def body(self) -> ComposeResult:
        yield Static("", id="scene-head")
        with Horizontal(id="game-body"):
            with VerticalScroll(id="story-col"):
                with VerticalScroll(id="verdict-box"):  # a long note scrolls in its own box
                    yield Static("", id="verdict")
                yield Static("", id="outcome")
                yield Static("", id="scene-text")
            with Vertical(id="side"):
                yield Static("", id="role-card")
                yield Static("", id="vars")
                yield Static("", id="fidelity")
        yield Static("", id="status-line")
        yield OptionList(id="choices")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.show()
        self.call_after_refresh(self.app.scene_ready)  # type: ignore[attr-defined]

    # --- showing --------------------------------------------------------------

    def show(self) -> None:
        with self.app.batch_update():  # one layout and paint for the whole change, not one per widget
            self._show()

    def _show(self) -> None:
        g = self.game
        scene = g.scene
        when = both(scene.date, year_twice=True) + (f" · {scene.time}" if scene.time else "")
        self.query_one("#scene-head", Static).update(
            f"[b]{escape(scene.title)}[/b]\n{when} · {escape(place_name(g.story, scene.place))}"
        )
        self.query_one("#scene-text", Static).update(scene_markup(scene.text, g.story))
        step = self.last_step
        outcome = self.query_one("#outcome", Static)
        outcome.update(f"[i]{escape(step.outcome_text)}[/i]" if step and step.outcome_text else "")
        outcome.display = bool(step and step.outcome_text)
        box = self.query_one("#verdict-box")
        if step and step.choice.history:
            self.query_one("#verdict", Static).update(markdown_markup(verdict_markdown(g, step)))
            box.display = True
        else:
            box.display = False
        self.show_side()
        choices = self.query_one("#choices", OptionList)
        choices.clear_options()
        views = g.choices()
        for c in views:
            label = f"{c.number}. {escape(c.text)}"
            if not c.available:
                label += f"  [i](closed: {escape(c.reason)})[/i]"
            choices.add_option(Option(label, id=c.id, disabled=not c.available))
        choices.display = not g.is_over
        if not g.is_over:
            first_open = next((i for i, c in enumerate(views) if c.available), 0)
            choices.highlighted = first_open
            choices.focus()
        self.query_one("#story-col", VerticalScroll).scroll_home(animate=False)

    def show_side(self) -> None:
        g = self.game
        role = g.story.roles[g.role]
        self.query_one("#role-card", Static).update(f"[b]{escape(role.name)}[/b]")
        lines = []
        for var in g.story.variables.values():
            if var.shown_to(g.role):
                value = g.values[var.name]
                shown = ("yes" if value else "no") if var.type == "bool" else str(value)
                if var.type == "int" and var.max is not None:
                    shown += f" / {var.max}"
                lines.append(f"{escape(var.label)}: [b]{escape(shown)}[/b]")
        self.query_one("#vars", Static).update("\n".join(lines))
        f = fidelity(judged_steps(g.story, g.log))
        self.query_one("#fidelity", Static).update(
            f"[b]Fidelity to the record[/b]\n{meter(f.ratio)}\n{f.historical} of {f.judged} judged choices historical"
        )
        pct = f"{round(100 * f.ratio)}%" if f.ratio is not None else "—"
        self.query_one("#status-line", Static).update(f"Fidelity {pct} · " + " · ".join(
            line.replace("[b]", "").replace("[/b]", "") for line in lines))

    # --- acting ---------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.take(event.option_id)

    def action_choose(self, number: int) -> None:
        views = self.game.choices()
        if self.game.is_over or not 1 <= number <= len(views):
            self.notify(f"Choose a number from 1 to {len(views)}.", severity="warning")
            return
        view = views[number - 1]
        if not view.available:
            self.notify(f"Not open to you: {view.reason}", severity="warning")
            return
        self.take(view.id)

    def take(self, choice_id: str) -> None:
        try:
            self.last_step = self.game.choose(choice_id)
        except GameError as e:
            self.notify(str(e), severity="warning")
            return
        self.show()
        self.app.after_choice(self.game)  # type: ignore[attr-defined]

    def action_toggle_verdict(self) -> None:
        box = self.query_one("#verdict-box")
        if self.last_step and self.last_step.choice.history:
            box.display = not box.display
        else:
            self.notify("There is no history note for this scene: it comes after a choice history can judge.")

