"""What the screens ask of the app: typed messages that bubble up to it and that it handles with @on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from petrograd1917.engine.game import Game


class NewGame(Message):
    """Pick a role and start a new game."""


class ContinueGame(Message):
    """Back to the game being played, or to the most recent autosave."""


class LoadGame(Message):
    """Choose a save to play on from."""


class WatchReplays(Message):
    """Choose a save to step through."""


class ReplayThis(Message):
    """Step through the game being played, from its first choice."""


class ShowSettings(Message):
    pass


class QuitGame(Message):
    pass


class TitleMenu(Message):
    pass


class SaveGame(Message):
    pass


class ShowEndReport(Message):
    """The game has reached an ending and the player has read it: show the report."""


@dataclass
class ShowCodex(Message):
    entry_id: str | None = None


@dataclass
class ShowTimeline(Message):
    event_id: str | None = None


@dataclass
class ChoiceTaken(Message):
    """The game screen took a choice and shows the new scene; the app keeps the game (autosave)."""

    game: Game


@dataclass
class PlayFromHere(Message):
    """A replay becomes a new game from the step shown."""

    game: Game


@dataclass
class OpenSave(Message):
    path: Path
    replay: bool = False


@dataclass
class ChangeSettings(Message):
    """A setting changed on the settings screen: apply it at once and keep it."""

    name: str
    value: object
