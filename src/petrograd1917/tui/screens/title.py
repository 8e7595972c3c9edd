"""The title screen: new game, continue, load, replays, codex, settings, quit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from petrograd1917.tui.screens.base import GameFaceScreen

MENU = (
    ("new", "New game"),
    ("continue", "Continue"),
    ("load", "Load"),
    ("replays", "Replays"),
    ("codex", "Codex"),
    ("settings", "Settings"),
    ("quit", "Quit"),
)


class TitleScreen(GameFaceScreen):
    BINDINGS = [
        Binding("n", "pick('new')", "New game", id="title.new"),
        Binding("c", "pick('codex')", "Codex", id="title.codex"),
        Binding("o", "pick('settings')", "Settings", id="title.settings"),
        Binding("question_mark,f1", "app.help", "Help", id="help"),
    ]

    def __init__(self, subtitle: str, closed: set[str]) -> None:
        super().__init__()
        self.subtitle = subtitle
        self.closed = closed

    def body(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static("PETROGRAD 1917", id="title-name")
            yield Static(self.subtitle, id="title-sub")
            with Center():
                yield OptionList(
                    *(Option(label, id=key, disabled=key in self.closed) for key, label in MENU), id="title-menu"
                )
            yield Static("", id="title-note")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        menu = self.query_one(OptionList)
        menu.focus()
        menu.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_id or "")

    def action_pick(self, key: str) -> None:
        if key in self.closed:
            return
        getattr(self.app, f"action_title_{key}")()
