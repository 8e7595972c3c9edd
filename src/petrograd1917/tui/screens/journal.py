"""The journal: every scene passed so far, with the choice made at each (the backlog)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from petrograd1917.engine.game import Game
from petrograd1917.history.calendar import both
from petrograd1917.tui.commands import bindings
from petrograd1917.tui.prose import markdown_content, story_links
from petrograd1917.tui.screens.base import SCREENS_CSS, FaceScreen
from petrograd1917.tui.words import plural


def journal_markdown(game: Game) -> str:
    parts = []
    for entry in game.journal():
        s = entry.scene
        parts.append(f"## {s.title}\n\n*{both(s.date)}{', ' + s.time if s.time else ''}*\n\n{entry.text.strip()}")
        if entry.choice is not None:
            outcome = f"  \n> {entry.outcome_text}" if entry.outcome_text else ""
            parts.append(f"> **You chose:** {entry.choice_text}{outcome}")
        else:
            parts.append("> *You are here.*")
    return "\n\n".join(parts)


class JournalScreen(FaceScreen):
    CSS_PATH = SCREENS_CSS
    BINDINGS = bindings("journal")

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game

    def body(self) -> ComposeResult:
        yield Static(Content.assemble(("Journal", "bold"), f": {plural(len(self.game.path), 'scene')} so far"),
                     id="journal-head")
        with VerticalScroll(id="journal-scroll"):
            yield Static(markdown_content(journal_markdown(self.game), story_links(self.game.story)),
                         id="journal-text")

    def text_box(self) -> VerticalScroll:
        return self.query_one("#journal-scroll", VerticalScroll)

    def on_mount(self) -> None:
        super().on_mount()
        scroll = self.text_box()
        scroll.focus()
        self.call_after_refresh(scroll.scroll_end, animate=False)

    def action_top(self) -> None:
        self.text_box().scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.text_box().scroll_end(animate=False)

    def action_back(self) -> None:
        self.dismiss()
