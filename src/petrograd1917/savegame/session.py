"""A play session: the game being played, where it saves, and how long it has been played."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from petrograd1917.engine.game import Game
from petrograd1917.savegame.loading import Loaded
from petrograd1917.savegame.saveformat import SaveFile
from petrograd1917.savegame.store import AUTOSAVE, SaveStore, slot_name


class PlaySession:
    """Holds the Game and saves it: autosave after every choice and on quit, named slots on request."""

    def __init__(self, game: Game, store: SaveStore, label: str = "", created: str | None = None,
                 play_seconds: int = 0, clock: Callable[[], float] = time.monotonic) -> None:
        self.game = game
        self.store = store
        self.label = label
        self.created = created
        self.played_before = play_seconds
        self.clock = clock
        self.started = clock()

    @classmethod
    def resume(cls, loaded: Loaded, store: SaveStore) -> PlaySession:
        s = loaded.save
        return cls(loaded.game, store, s.label, s.created, s.play_seconds)

    def play_seconds(self) -> int:
        return self.played_before + int(self.clock() - self.started)

    def save_file(self, label: str | None = None) -> SaveFile:
        return SaveFile.of(self.game, label if label is not None else self.label, self.created, self.play_seconds())

    def autosave(self) -> Path:
        role = self.game.story.roles[self.game.role].name
        label = self.label or f"Autosave: {role}"
        return self.store.write(self.save_file(label), AUTOSAVE)

    def save_as(self, label: str) -> Path:
        """Save to the slot named after `label` (ValueError if the label has no usable characters)."""
        name = slot_name(label)
        if name == AUTOSAVE:
            raise ValueError("'autosave' is kept for the automatic save; choose another name")
        self.label = label
        return self.store.write(self.save_file(label), name)

    def undo(self) -> bool:
        """Take back the last choice; False when there is none to take back."""
        if not self.game.log:
            return False
        self.game = self.game.undone()
        return True
