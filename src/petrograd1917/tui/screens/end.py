"""The end report (the history layer's, drawn from its Markdown) and the ways on: the title menu, a
replay of this game, a new game."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import HorizontalGroup, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from petrograd1917.history.report import EndReport
from petrograd1917.tui.commands import bindings
from petrograd1917.tui.messages import NewGame, QuitGame, ReplayThis, TitleMenu
from petrograd1917.tui.prose import markdown_content
from petrograd1917.tui.screens.base import SCREENS_CSS, FaceScreen

BUTTONS: dict[str, tuple[str, type[Message]]] = {
    "end-menu": ("Title menu (esc)", TitleMenu),
    "end-replay": ("Replay this game (p)", ReplayThis),
    "end-new": ("New game (n)", NewGame),
    "end-quit": ("Quit", QuitGame),
}


class EndScreen(FaceScreen):
    CSS_PATH = SCREENS_CSS
    BINDINGS = bindings("end")

    def __init__(self, report: EndReport) -> None:
        super().__init__()
        self.report = report

    def body(self) -> ComposeResult:
        r = self.report
        kind = f"{r.ending_kind} ending" if r.ending_kind else "unfinished"
        yield Static(Content.assemble(("THE END · ", "bold"), (r.ending_title or "", "bold"), "\n",
                                      (kind, "italic"), f" · {r.fidelity}"), id="end-head")
        with VerticalScroll(id="end-scroll", can_focus=False):
            # One Static, not a Markdown widget: the report of a long game made hundreds of widgets.
            yield Static(markdown_content(r.to_markdown()), id="end-report")
        with HorizontalGroup(id="end-buttons"):
            for button_id, (label, _) in BUTTONS.items():
                yield Button(label, id=button_id, variant="primary" if button_id == "end-menu" else "default")

    def text_box(self) -> VerticalScroll:
        return self.query_one("#end-scroll", VerticalScroll)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#end-menu", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.post_message(BUTTONS[event.button.id or "end-menu"][1]())
