"""A play session: the game being played, where it saves, and how long it has been played."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from petrograd1917.engine.game import Game, Step
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.savegame import chronicle as chron
from petrograd1917.savegame.loading import Loaded
from petrograd1917.savegame.saveformat import SaveError, SaveFile
from petrograd1917.savegame.store import SaveStore, SlotTaken, autosave_name, is_autosave_name, slot_name
from petrograd1917.story.model import Value


class PlaySession:
    """Holds the Game and saves it: the autosave of its story and role after every choice and undo
    and on close, named slots on request. Faces take choices through it, so no face can forget to save.

    `autosave_later`: choices and undos only mark the game unsaved, and the face calls `flush()` when
    it suits it (the app, after the frame is drawn). `warn` hears, in words, when an autosave failed;
    the failure is also kept in `autosave_error`. A failed autosave never undoes the choice."""

    def __init__(self, game: Game, store: SaveStore, label: str = "", created: str | None = None,
                 play_seconds: int = 0, clock: Callable[[], float] = time.monotonic, *,
                 autosave_later: bool = False, warn: Callable[[str], None] | None = None) -> None:
        self.game = game
        self.store = store
        self.label = label
        self.created = created
        self.played_before = play_seconds
        self.clock = clock
        self.started = clock()
        self.autosave_later = autosave_later
        self.warn = warn
        self.unsaved = False
        self.autosave_error: SaveError | None = None
        self.autosaved = False  # this session has written its slot: from then on it keeps it current

    @classmethod
    def resume(cls, loaded: Loaded, store: SaveStore, *, autosave_later: bool = False,
               warn: Callable[[str], None] | None = None) -> PlaySession:
        """Go on playing a loaded save."""
        s = loaded.save
        return cls(loaded.game, store, s.label, s.created, s.play_seconds, autosave_later=autosave_later, warn=warn)

    @classmethod
    def start(cls, machine: StoryMachine, role: str | None, seed: int, store: SaveStore, *,
              autosave_later: bool = False, warn: Callable[[str], None] | None = None) -> PlaySession:
        """A new game of `role`, reading what the chronicle beside the saves holds from other roles."""
        story = machine.story
        values: dict[str, Value] = {}
        if story.chronicle and not store.read_only:
            book = chron.load(chron.chronicle_path(store.folder, story.id), story.id, story.chronicle)
            if book.problem and warn:
                warn(book.problem)
            values = book.values_for(story.chronicle)
        game = Game.new(machine, role, seed, values)
        return cls(game, store, autosave_later=autosave_later, warn=warn)

    def chronicle(self) -> chron.Chronicle:
        story = self.game.story
        return chron.load(chron.chronicle_path(self.store.folder, story.id), story.id, story.chronicle)

    def play_seconds(self) -> int:
        return self.played_before + int(self.clock() - self.started)

    def save_file(self, label: str | None = None) -> SaveFile:
        return SaveFile.of(self.game, label if label is not None else self.label, self.created, self.play_seconds())

    # --- playing: every change autosaves -------------------------------------------------

    def choose(self, choice: str | int) -> Step:
        """Take a choice by its id, or by the number the player sees (1, 2, ...), then autosave.
        GameError (nothing taken, nothing saved) when it is not there or not open."""
        step = self.game.choose_number(choice) if isinstance(choice, int) else self.game.choose(choice)
        self._changed()
        if self.game.is_over:
            self._record_ending()
        return step

    def _record_ending(self) -> None:
        """An ending reached: the chronicle keeps it, and what this role leaves for the others."""
        game = self.game
        ending = game.scene.ending
        if ending is None or self.store.read_only:
            return
        book = self.chronicle()
        book.record_ending(game.role, ending.id, game.chronicle_left())
        try:
            chron.save(chron.chronicle_path(self.store.folder, game.story.id), book)
        except OSError as e:
            if self.warn:
                self.warn(f"the chronicle could not be written: {e.strerror or e}")

    def undo(self) -> bool:
        """Take back the last choice and autosave; False when there is none to take back."""
        if not self.game.log:
            return False
        self.game = self.game.undone()
        self._changed()
        return True

    def close(self) -> None:
        """The player leaves (quit, a closed terminal, SIGTERM): keep the game and its play time."""
        self.unsaved = True
        self.flush()

    def _changed(self) -> None:
        self.unsaved = True
        if not self.autosave_later:
            self.flush()

    def flush(self) -> Path | None:
        """Write the autosave if the game changed since the last one; failures go to `warn` and
        `autosave_error`. A game with no choice yet is not autosaved: starting a new game never
        replaces the role's previous one until its first choice (undoing that choice later does)."""
        if not self.unsaved or not (self.game.log or self.autosaved):
            return None
        self.unsaved = False
        try:
            path = self.autosave()
        except SaveError as e:
            self.autosave_error = e
            if self.warn is not None:
                self.warn(f"Autosave failed: {e.problems[0].message}")
            return None
        self.autosave_error = None
        self.autosaved = True
        return path

    # --- the slots -----------------------------------------------------------------------

    @property
    def autosave_slot(self) -> str:
        return autosave_name(self.game.story.id, self.game.role)

    def autosave(self) -> Path:
        """Write this story's and role's autosave now; SaveError when it cannot be written."""
        role = self.game.story.roles[self.game.role].name
        label = self.label or f"Autosave: {role}"
        return self.store.write(self.save_file(label), self.autosave_slot)

    def save_as(self, label: str, *, overwrite: bool = False) -> Path:
        """Save to the slot named after `label`. ValueError if the label has no usable characters or
        names an autosave; SlotTaken (a ValueError) if that slot holds a save with another label (one
        that differs only in case or punctuation, say), unless `overwrite`, after asking the player."""
        name = slot_name(label)
        if is_autosave_name(name):
            raise ValueError(f"'{name}' is kept for the automatic saves; choose another name")
        if not overwrite:
            held = self.store.slot(name)
            if held is not None and (held.save is None or held.save.label != label):
                raise SlotTaken(name, held.save.label if held.save is not None else None)
        self.label = label
        return self.store.write(self.save_file(label), name)
