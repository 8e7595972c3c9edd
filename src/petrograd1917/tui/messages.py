"""What the screens ask of the app: typed messages that bubble up to it and that it handles with @on."""

from __future__ import annotations

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


# Messages with fields set them in __init__: a dataclass costs milliseconds to make at import.


class ShowCodex(Message):
    def __init__(self, entry_id: str | None = None) -> None:
        super().__init__()
        self.entry_id = entry_id


class ShowTimeline(Message):
    def __init__(self, event_id: str | None = None) -> None:
        super().__init__()
        self.event_id = event_id


class ShowMap(Message):
    """The city map, with this place shown (from the codex or the timeline), or the player's own."""

    def __init__(self, place_id: str | None = None) -> None:
        super().__init__()
        self.place_id = place_id


class ChoiceTaken(Message):
    """The game screen took a choice and shows the new scene; the app keeps the game (autosave)."""

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game


class PlayFromHere(Message):
    """A replay becomes a new game from the step shown."""

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game


class OpenSave(Message):
    def __init__(self, path: Path, replay: bool = False) -> None:
        super().__init__()
        self.path = path
        self.replay = replay


class ChangeSettings(Message):
    """A setting changed on the settings screen: apply it at once and keep it."""

    def __init__(self, name: str, value: object) -> None:
        super().__init__()
        self.name = name
        self.value = value
