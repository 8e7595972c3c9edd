"""Loading a save is replaying it: exactly, or as far as a changed story still allows, never silently."""

from __future__ import annotations

from dataclasses import dataclass

from petrograd1917.engine.game import Game, GameError, ReplayStop
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.savegame.saveformat import SaveError, SaveFile, Snapshot
from petrograd1917.story.problems import Pos, Problem
from petrograd1917.story.prose import counted


@dataclass(frozen=True)
class Loaded:
    game: Game
    save: SaveFile
    story_changed: bool  # the story's files differ from the ones the save was made on
    stop: ReplayStop | None  # where the replay stopped early, on a changed story
    exact: bool  # the replay reached the save's snapshot

    @property
    def message(self) -> str:
        total = len(self.save.log)
        if self.stop is not None:
            return (f"The story has changed since this save: replayed {self.stop.step - 1} of "
                    f"{counted(total, 'choice')}; "
                    f"{self.stop.reason}. You can go on from there.")
        if self.story_changed and not self.exact:
            return (f"The story has changed since this save: {_all(total)} replayed, but the game now "
                    "stands differently from when it was saved.")
        if self.story_changed:
            return f"The story has changed since this save, but {_all(total)} replay exactly."
        return f"Loaded: {counted(total, 'choice')} replayed."


def _all(total: int) -> str:
    return "the one choice" if total == 1 else f"all {total} choices"


def _problem(save: SaveFile, message: str) -> SaveError:
    return SaveError([Problem(Pos(str(save.path or "save")), "S020", message)])


def replay_save(machine: StoryMachine, save: SaveFile) -> Loaded:
    """Replay `save` on the story. SaveError if it is for another story or role, or damaged."""
    story = machine.story
    if save.story_id != story.id:
        raise _problem(save, f"this save is for the story '{save.story_id}', not '{story.id}'")
    if save.role not in story.roles:
        raise _problem(save, f"the role '{save.role}' no longer exists in this story")
    try:
        game, stop = Game.replay_partly(machine, save.role, save.seed, save.log, save.chronicle)
    except GameError as e:  # pragma: no cover - the role was checked above
        raise _problem(save, str(e)) from None
    exact = stop is None and Snapshot.of(game) == save.snapshot
    changed = save.story_digest != story.digest
    if not changed and not exact:
        where = f"step {stop.step}: {stop.reason}" if stop else "the replay ends elsewhere than its snapshot"
        raise _problem(save, f"the save is damaged: its log and its snapshot disagree ({where})")
    return Loaded(game, save, changed, stop, exact)
