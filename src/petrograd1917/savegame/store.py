"""The save slots in a folder: names that cannot escape it, atomic writes with a backup, listing."""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path

from petrograd1917 import paths
from petrograd1917.atomicfile import write_atomic
from petrograd1917.savegame.saveformat import SaveError, SaveFile
from petrograd1917.story.problems import Pos, Problem

SUFFIX = ".save.yaml"
AUTOSAVE = "autosave"
MAX_NAME = 64


def saves_dir(override: Path | str | None = None) -> Path:
    """--saves DIR, else $PETROGRAD1917_SAVES, else the user data folder; never the installed package."""
    if override:
        return Path(override)
    env = os.environ.get("PETROGRAD1917_SAVES")
    return Path(env) if env else paths.data_dir() / "saves"


def slot_name(label: str) -> str:
    """A safe file name for a slot: letters, digits, '-' and '_' only, bounded; never a path.
    Raises ValueError when nothing usable is left."""
    name = re.sub(r"[^a-z0-9_-]+", "-", label.strip().lower()).strip("-_")[:MAX_NAME].strip("-_")
    if not name:
        raise ValueError(f"'{label}' cannot name a save: use letters or digits")
    return name


def _error(path: Path, message: str) -> SaveError:
    return SaveError([Problem(Pos(str(path)), "S010", message)])


@dataclass(frozen=True)
class Slot:
    name: str
    path: Path
    save: SaveFile | None  # None when the file could not be read
    problem: str = ""


class SaveStore:
    """One folder of saves. Examples shipped with the game are a read-only store."""

    def __init__(self, folder: Path, read_only: bool = False) -> None:
        self.folder = Path(folder)
        self.read_only = read_only

    def path(self, name: str) -> Path:
        return self.folder / f"{slot_name(name)}{SUFFIX}"

    def write(self, save: SaveFile, name: str) -> Path:
        """Write atomically, the previous version kept as NAME.save.yaml.bak: at every moment the
        slot is either the old save or the new one, whole."""
        if self.read_only:
            raise _error(self.folder, "the example saves are read-only; save under another name")
        target = self.path(name)
        try:
            write_atomic(target, save.to_yaml().encode("utf-8"), keep_backup=True)
        except OSError as e:
            why = "the disk is full" if e.errno == errno.ENOSPC else (e.strerror or str(e))
            raise _error(target, f"could not save: {why}; the previous save is untouched") from None
        return target

    def read(self, name: str) -> SaveFile:
        path = self.path(name)
        if not path.is_file():
            raise _error(path, f"there is no save called '{name}'")
        return SaveFile.read(path)

    def delete(self, name: str) -> None:
        if self.read_only:
            raise _error(self.folder, "the example saves are read-only")
        path = self.path(name)
        try:
            path.unlink()
            path.with_name(path.name + ".bak").unlink(missing_ok=True)
        except FileNotFoundError:
            raise _error(path, f"there is no save called '{name}'") from None
        except OSError as e:
            raise _error(path, f"could not delete: {e.strerror or e}") from None

    def slots(self) -> list[Slot]:
        """Every save in the folder, newest first; unreadable ones are listed with their problem."""
        out = []
        try:
            files = sorted(self.folder.glob(f"*{SUFFIX}"))
        except OSError:
            return []
        for path in files:
            name = path.name.removesuffix(SUFFIX)
            try:
                out.append(Slot(name, path, SaveFile.read(path)))
            except SaveError as e:
                out.append(Slot(name, path, None, str(e.problems[0])))
        return sorted(out, key=lambda s: s.save.updated if s.save else "", reverse=True)

    def latest(self) -> Slot | None:
        return next((s for s in self.slots() if s.save is not None), None)

