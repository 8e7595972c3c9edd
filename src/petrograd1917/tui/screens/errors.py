"""The story's load errors, shown inside the app (play --watch) while the old story keeps running."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from petrograd1917.story.problems import Problem


class LoadErrorsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Keep playing")]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="load-errors"):
            yield Static(f"[b]The changed story does not load: {len(self.problems)} error(s)[/b]", classes="dialog-text")
            yield Static("\n".join(escape(str(p)) for p in self.problems[:50]), id="load-errors-list")
            yield Static("Fix the files and save them: the story reloads by itself. "
                         "Esc goes back to the story as it was.", classes="dialog-hint")
        yield Footer()
