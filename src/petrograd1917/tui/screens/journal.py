"""The journal: every scene passed so far, with the choice made at each (the backlog)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from petrograd1917.engine.game import Game
from petrograd1917.history.calendar import both
from petrograd1917.tui.prose import markdown_markup
from petrograd1917.tui.screens.base import GameFaceScreen


def journal_markdown(game: Game) -> str:
    parts = []
    for entry in game.journal():
        s = entry.scene
        parts.append(f"## {s.title}\n\n*{both(s.date)}{', ' + s.time if s.time else ''}*\n\n{s.text.strip()}")
        if entry.choice is not None:
            parts.append(f"> **You chose:** {entry.choice.text}" + (f"  \n> {entry.outcome_text}" if entry.outcome_text else ""))
        else:
            parts.append("> *You are here.*")
    return "\n\n".join(parts)


class JournalScreen(GameFaceScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("home", "top", "Top", show=False),
        Binding("end", "bottom", "Bottom", show=False),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game

    def body(self) -> ComposeResult:
        yield Static(f"[b]Journal[/b]: {len(self.game.path)} scenes so far", id="journal-head")
        with VerticalScroll(id="journal-scroll"):
            yield Static(markdown_markup(journal_markdown(self.game)), id="journal-text")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        scroll = self.query_one("#journal-scroll", VerticalScroll)
        scroll.focus()
        self.call_after_refresh(scroll.scroll_end, animate=False)

    def action_top(self) -> None:
        self.query_one("#journal-scroll", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#journal-scroll", VerticalScroll).scroll_end(animate=False)
