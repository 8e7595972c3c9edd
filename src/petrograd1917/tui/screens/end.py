"""The end: the ending's title and kind, and the end report beside the record."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalScroll
from textual.markup import escape
from textual.widgets import Button, Footer, Static

from petrograd1917.history.report import EndReport
from petrograd1917.tui.prose import markdown_markup
from petrograd1917.tui.screens.base import GameFaceScreen


class EndScreen(GameFaceScreen):
    BINDINGS = [
        Binding("n", "app.title_new", "New game", id="end.new"),
        Binding("s", "app.save", "Save replay", id="save"),
        Binding("u", "app.undo", "Undo", id="undo"),
        Binding("t", "app.timeline", "Timeline", id="timeline"),
        Binding("j", "app.journal", "Journal", id="journal"),
        Binding("q", "app.quit", "Quit", id="end.quit", show=False),
    ]

    def __init__(self, report: EndReport) -> None:
        super().__init__()
        self.report = report

    def body(self) -> ComposeResult:
        r = self.report
        kind = f"{r.ending_kind} ending" if r.ending_kind else "unfinished"
        yield Static(f"[b]THE END · {escape(r.ending_title or '')}[/b]\n[i]{kind}[/i] · fidelity {r.fidelity}",
                     id="end-head")
        with VerticalScroll(id="end-scroll"):
            # One Static, not a Markdown widget: the report of a long game made hundreds of widgets.
            yield Static(markdown_markup(r.to_markdown()), id="end-report")
        with HorizontalGroup(id="end-buttons"):
            yield Button("New game", id="end-new", variant="primary")
            yield Button("Save replay", id="end-save")
            yield Button("Quit", id="end-quit")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#end-new", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "end-new":
            self.app.action_title_new()  # type: ignore[attr-defined]
        elif event.button.id == "end-save":
            self.app.action_save()  # type: ignore[attr-defined]
        elif event.button.id == "end-quit":
            self.app.exit()
