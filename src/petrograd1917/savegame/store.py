"""The save slots in a folder: names that cannot escape it, atomic writes with a backup, listing."""

from __future__ import annotations

import errno
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from petrograd1917 import paths
from petrograd1917.atomicfile import clean_stale, write_atomic
from petrograd1917.filecheck import Refused, check_regular
from petrograd1917.savegame.saveformat import MAX_BYTES, SaveError, SaveFile
from petrograd1917.story.problems import Pos, Problem

SUFFIX = ".save.yaml"
AUTOSAVE = "autosave"  # the one autosave slot of old versions; now one per story and role
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


def autosave_name(story_id: str, role: str) -> str:
    """The autosave slot of one role in one story: 'autosave-STORY-ROLE' (ids hold no '-'), shortened
    with a digest of both when that would be longer than a slot name may be."""
    name = f"{AUTOSAVE}-{story_id}-{role}"
    if len(name) > MAX_NAME:
        digest = hashlib.sha256(f"{story_id}\0{role}".encode()).hexdigest()[:8]
        name = f"{AUTOSAVE}-{story_id[:24]}-{role[:20]}-{digest}"
    return slot_name(name)


def is_autosave_name(name: str) -> bool:
    """Names kept for the automatic saves, which a player's own save may not take."""
    return name == AUTOSAVE or name.startswith(f"{AUTOSAVE}-")


def _error(path: Path, message: str) -> SaveError:
    return SaveError([Problem(Pos(str(path)), "S010", message)])


class SlotTaken(ValueError):
    """Another save already holds the slot a label maps to; the face asks before overwriting it."""

    def __init__(self, name: str, existing: str | None) -> None:
        self.name = name
        self.existing = existing  # that save's label; None when it cannot be read
        held = f"the save '{existing}'" if existing is not None else "an unreadable save"
        super().__init__(f"the slot '{name}' already holds {held}; overwrite it or choose another name")


@dataclass(frozen=True)
class Slot:
    name: str
    path: Path
    save: SaveFile | None  # None when the file could not be read
    problem: str = ""  # why it could not be read


def _read_slot(path: Path) -> Slot:
    """One file of the folder as a slot. Whatever is wrong with it (not a regular file, too big, not
    a save, a number too long to convert...) makes an unreadable slot, never an error of the listing."""
    name = path.name.removesuffix(SUFFIX)
    try:
        check_regular(path, MAX_BYTES)  # no FIFO, device or symbolic link; bounded before reading
        return Slot(name, path, SaveFile.read(path))
    except SaveError as e:
        return Slot(name, path, None, str(e.problems[0]))
    except Refused as e:
        return Slot(name, path, None, f"not read: it {e.why}")
    except OSError as e:
        return Slot(name, path, None, f"cannot read it: {e.strerror or e}")
    except Exception as e:  # noqa: BLE001 - ValueError, OverflowError, MemoryError...: one file must not stop the list
        return Slot(name, path, None, f"cannot read it ({type(e).__name__}: {str(e)[:160]})")


class SaveStore:
    """One folder of saves. Examples shipped with the game are a read-only store."""

    def __init__(self, folder: Path, read_only: bool = False) -> None:
        self.folder = Path(folder)
        self.read_only = read_only
        self._cleaned = False

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
        if not self._cleaned:  # once a session: what writers killed long ago left behind
            self._cleaned = True
            clean_stale(self.folder)
        return target

    def read(self, name: str) -> SaveFile:
        """The save in slot `name`; SaveError when there is none or it cannot be used."""
        path = self.path(name)
        if not os.path.lexists(path):
            raise _error(path, f"there is no save called '{name}'")
        return read_slot(path)

    def slot(self, name: str) -> Slot | None:
        """Slot `name` as the listing shows it (perhaps unreadable); None when there is no such file."""
        path = self.path(name)
        return _read_slot(path) if os.path.lexists(path) else None

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

    def slots(self, story_id: str | None = None) -> list[Slot]:
        """Every save in the folder, newest first; unreadable ones last, each with its problem.
        With `story_id`, only the saves of that story (and the unreadable ones, whose story is unknown)."""
        try:
            files = sorted(self.folder.glob(f"*{SUFFIX}"))
        except OSError:
            return []
        out = [_read_slot(path) for path in files]
        if story_id is not None:
            out = [s for s in out if s.save is None or s.save.story_id == story_id]
        return sorted(out, key=lambda s: s.save.updated if s.save else "", reverse=True)

    def latest(self, story_id: str | None = None) -> Slot | None:
        """The newest readable save (of `story_id` when given)."""
        return next((s for s in self.slots(story_id) if s.save is not None), None)

    def autosaves(self, story_id: str) -> list[Slot]:
        """Each role's autosave for this story, newest first: what the title's Load list offers. The
        single autosave of old versions counts for its story and role until that role autosaves anew."""
        self._migrate_autosave()
        by_role: dict[str, Slot] = {}
        for slot in self.slots(story_id):
            s = slot.save
            if s is not None and slot.name in (AUTOSAVE, autosave_name(story_id, s.role)):
                by_role.setdefault(s.role, slot)
        return list(by_role.values())

    def to_continue(self, story_id: str) -> Slot | None:
        """What Continue resumes: the most recent autosave of this story, else its newest save."""
        return next(iter(self.autosaves(story_id)), None) or self.latest(story_id)

    def _migrate_autosave(self) -> None:
        """The old single 'autosave' slot becomes its story's and role's slot, if that one is free:
        linked to the new name first (which fails rather than replace anything), then unlinked."""
        old = self.folder / f"{AUTOSAVE}{SUFFIX}"
        if self.read_only or not os.path.lexists(old):
            return
        slot = _read_slot(old)
        if slot.save is None:
            return
        new = self.path(autosave_name(slot.save.story_id, slot.save.role))
        try:
            os.link(old, new, follow_symlinks=False)  # FileExistsError: the role has its own already
            os.unlink(old)
            if os.path.lexists(f"{old}.bak") and not os.path.lexists(f"{new}.bak"):
                os.link(f"{old}.bak", f"{new}.bak", follow_symlinks=False)
                os.unlink(f"{old}.bak")
        except OSError:
            pass  # that, or a read-only folder: the old slot stays and keeps loading where it is


def read_slot(path: Path) -> SaveFile:
    """The save in a slot's file (see find_save); SaveError when it cannot be used. A slot is never
    read through a symbolic link."""
    try:
        check_regular(path, MAX_BYTES)
    except Refused as e:
        raise SaveError([Problem(Pos(str(path)), "S003", f"cannot read this save: it {e.why}")]) from None
    except OSError:
        pass  # SaveFile.read names the problem
    return SaveFile.read(path)


def example_store() -> SaveStore:
    """The example saves shipped with the game (read only)."""
    return SaveStore(paths.shipped_saves_dir(), read_only=True)


def find_save(name: str, mine: SaveStore, examples: SaveStore | None = None, *, files: bool = False) -> Path | None:
    """The save a player asks for by name: with `files` (the command line) a file of that name first;
    then the slot of that name among the player's own saves, then among the shipped examples.
    None when there is none; ValueError when `name` cannot name a slot (and is not a file)."""
    given = Path(name)
    if files and given.is_file():
        return given
    for store in (mine, examples if examples is not None else example_store()):
        candidate = store.path(name)
        if os.path.lexists(candidate):
            return candidate
    return None
