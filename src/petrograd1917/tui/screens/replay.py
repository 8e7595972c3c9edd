"""Stepping through a saved play-through, forward and back, and branching off into a new game."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Footer, Markdown, Static

from petrograd1917.engine.game import Game
from petrograd1917.history.calendar import both
from petrograd1917.savegame.transcript import steps
from petrograd1917.tui.screens.base import GameFaceScreen


class ReplayScreen(GameFaceScreen):
    BINDINGS = [
        Binding("right,l", "step(1)", "Next", id="replay.next"),
        Binding("left,h", "step(-1)", "Back", id="replay.back"),
        Binding("home", "first", "First", id="replay.first"),
        Binding("end", "last", "Last", id="replay.last"),
        Binding("b", "branch", "Play from here", id="replay.branch"),
        Binding("escape", "app.pop_screen", "Close", id="back"),
    ]

    def __init__(self, game: Game, label: str) -> None:
        super().__init__()
        self.game = game
        self.label = label
        self.items = steps(game)
        self.index = 0

    def body(self) -> ComposeResult:
        yield Static("", id="replay-head")
        with VerticalScroll(id="replay-scroll"):
            yield Markdown("", id="replay-choice", open_links=False)
            yield Markdown("", id="replay-text", open_links=False)
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.show()

    def show(self) -> None:
        item = self.items[self.index]
        scene = self.game.story.scenes[item["scene"]]
        self.query_one("#replay-head", Static).update(
            f"[b]Replay: {escape(self.label)}[/b] · step {self.index + 1} of {len(self.items)}\n"
            f"[b]{escape(scene.title)}[/b] · {both(scene.date)}{' · ' + scene.time if scene.time else ''}")
        if item["choice_text"]:
            lines = [f"**Chose:** {item['choice_text']}"]
            if item["outcome_text"]:
                lines.append(f"*{item['outcome_text']}*")
            if item["verdict"]:
                lines.append(f"**{item['verdict'].upper()}**: {item['note']}")
        elif item["ending"]:
            lines = [f"**The end: {item['ending']['title']}** ({item['ending']['kind']} ending)"]
        else:
            lines = ["*The play-through stops here.*"]
        self.query_one("#replay-choice", Markdown).update("\n\n".join(lines))
        self.query_one("#replay-text", Markdown).update(scene.text)
        self.query_one("#replay-scroll", VerticalScroll).scroll_home(animate=False)

    def action_step(self, delta: int) -> None:
        self.index = max(0, min(len(self.items) - 1, self.index + delta))
        self.show()

    def action_first(self) -> None:
        self.index = 0
        self.show()

    def action_last(self) -> None:
        self.index = len(self.items) - 1
        self.show()

    def action_branch(self) -> None:
        """A new game that has made the same choices up to this step, and goes on from here."""
        g = self.game
        branch = Game.replay(g.machine, g.role, g.seed, g.log[: self.index])
        self.app.play_branch(branch)  # type: ignore[attr-defined]
