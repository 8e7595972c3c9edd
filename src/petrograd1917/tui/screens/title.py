"""The title screen: new game, continue, load, replays, codex, settings, quit."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from petrograd1917 import __version__
from petrograd1917.savegame.store import SaveStore
from petrograd1917.story.model import Story
from petrograd1917.tui.commands import bindings
from petrograd1917.tui.messages import (
    ContinueGame,
    LoadGame,
    NewGame,
    QuitGame,
    ShowCodex,
    ShowSettings,
    WatchReplays,
)
from petrograd1917.tui.screens.base import FaceScreen

MENU: tuple[tuple[str, str, type[Message]], ...] = (
    ("new", "New game", NewGame),
    ("continue", "Continue", ContinueGame),
    ("load", "Load", LoadGame),
    ("replays", "Replays", WatchReplays),
    ("codex", "Codex", ShowCodex),
    ("settings", "Settings", ShowSettings),
    ("quit", "Quit", QuitGame),
)
NEED_SAVES = ("continue", "load", "replays")  # greyed until the saves have been read


def closed_items(story_id: str, live_game: bool, store: SaveStore, examples: SaveStore) -> set[str]:
    """The menu items with nothing behind them: Continue without a game, Load and Replays without saves
    of this story."""
    closed = set()
    own = store.to_continue(story_id) is not None
    if not live_game and not own:
        closed.add("continue")
    if not own and not examples.latest(story_id):
        closed |= {"load", "replays"}
    return closed


def subtitle(story: Story) -> Content:
    """The story's title and version, and the program's, each labelled."""
    return Content(f"{story.title} · story version {story.version} · petrograd1917 {__version__}")


class TitleScreen(FaceScreen):
    BINDINGS = bindings("title")

    def __init__(self, story: Story, live_game: bool, store: SaveStore, examples: SaveStore) -> None:
        super().__init__()
        self.story = story
        self.live_game = live_game
        self.stores = (store, examples)

    def body(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static("PETROGRAD 1917", id="title-name")
            yield Static(subtitle(self.story), id="title-sub")
            with Center():
                yield OptionList(*(Option(label, id=key, disabled=key in NEED_SAVES) for key, label, _ in MENU),
                                 id="title-menu")
            yield Static("", id="title-note")

    def on_mount(self) -> None:
        super().on_mount()
        menu = self.query_one(OptionList)
        menu.focus()
        menu.highlighted = 0
        self.read_saves()

    @work(thread=True, exclusive=True, group="saves")
    def read_saves(self) -> set[str]:
        """Reading every save takes time (tens of ms for the examples): not on the UI thread."""
        return closed_items(self.story.id, self.live_game, *self.stores)

    @on(Worker.StateChanged)
    def _saves_read(self, event: Worker.StateChanged) -> None:
        result = event.worker.result
        if event.state is WorkerState.SUCCESS and event.worker.group == "saves" and isinstance(result, set):
            self.open_items(result)

    def open_items(self, closed: set[str]) -> None:
        """Continue, Load and Replays open when there is something behind them."""
        menu = self.query_one(OptionList)
        for key in NEED_SAVES:
            if key in closed:
                menu.disable_option(key)
            else:
                menu.enable_option(key)

    @on(OptionList.OptionSelected, "#title-menu")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        for key, _, message in MENU:
            if key == event.option_id:
                self.post_message(message())
