"""The story's load errors, shown inside the app (play --watch) while the old story keeps running."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from petrograd1917.story.problems import Problem
from petrograd1917.tui.screens.base import SCREENS_CSS
from petrograd1917.tui.widgets.key_hints import KeyHints
from petrograd1917.tui.words import plural


class LoadErrorsScreen(ModalScreen[None]):
    CSS_PATH = SCREENS_CSS
    BINDINGS = [Binding("escape", "dismiss(None)", "Keep playing")]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="load-errors"):
            yield Static(Content(f"The changed story does not load: {plural(len(self.problems), 'error')}")
                         .stylize("bold"), classes="dialog-text")
            yield Static(Content("\n".join(str(p) for p in self.problems[:50])), id="load-errors-list")
            yield Static("Fix the files and save them: the story reloads by itself. "
                         "Esc goes back to the story as it was.", classes="dialog-hint")
        yield KeyHints()
