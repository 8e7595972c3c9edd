"""Stepping through a play-through, forward and back, and branching off into a new game."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from petrograd1917.engine.game import Game
from petrograd1917.history.calendar import both
from petrograd1917.savegame.transcript import steps
from petrograd1917.tui.commands import bindings
from petrograd1917.tui.messages import PlayFromHere
from petrograd1917.tui.prose import markdown_content, scene_content
from petrograd1917.tui.screens.base import SCREENS_CSS, FaceScreen


def what_was_done(item: dict[str, Any]) -> Content:
    """The choice taken at a step, its outcome and verdict; or the ending; or where it stops."""
    if item["choice_text"]:
        parts: list[str | Content | tuple[str, str]] = [("Chose: ", "bold"), markdown_content(item["choice_text"])]
        if item["outcome_text"]:
            parts += ["\n", markdown_content(item["outcome_text"]).stylize("italic")]
        if item["verdict"]:
            parts += ["\n", (f"{item['verdict'].upper()}: ", "bold"), markdown_content(item["note"] or "")]
        return Content.assemble(*parts)
    if item["ending"]:
        return Content.assemble(("The end: ", "bold"), (item["ending"]["title"], "bold"),
                                f" ({item['ending']['kind']} ending)")
    return Content("The play-through stops here.").stylize("italic")


class ReplayScreen(FaceScreen):
    CSS_PATH = SCREENS_CSS
    BINDINGS = bindings("replay")

    def __init__(self, game: Game, label: str) -> None:
        super().__init__()
        self.game = game
        self.label = label
        self.items = steps(game)
        self.index = 0

    def body(self) -> ComposeResult:
        yield Static("", id="replay-head")
        with VerticalScroll(id="replay-scroll", can_focus=False):
            yield Static("", id="replay-choice")
            yield Static("", id="replay-text")

    def text_box(self) -> VerticalScroll:
        return self.query_one("#replay-scroll", VerticalScroll)

    def on_mount(self) -> None:
        super().on_mount()
        self.show()

    def show(self) -> None:
        item = self.items[self.index]
        scene = self.game.story.scenes[item["scene"]]
        when = both(scene.date) + (f" · {scene.time}" if scene.time else "")
        self.query_one("#replay-head", Static).update(Content.assemble(
            ("Replay: ", "bold"), (self.label, "bold"), f" · step {self.index + 1} of {len(self.items)}\n",
            (scene.title, "bold"), f" · {when}"))
        self.query_one("#replay-choice", Static).update(what_was_done(item))
        self.query_one("#replay-text", Static).update(scene_content(item["text"], self.game.story))
        self.text_box().scroll_home(animate=False)

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
        self.post_message(PlayFromHere(Game.replay(g.machine, g.role, g.seed, g.log[: self.index], g.chronicle)))

    def action_back(self) -> None:
        self.dismiss()
