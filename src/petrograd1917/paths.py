"""Where things live: the shipped campaign, and the user's cache, data and config folders."""

from __future__ import annotations

import os
from pathlib import Path

APP = "petrograd1917"


def shipped_story_dir() -> Path:
    """The campaign that ships with the game: inside the installed package (a wheel puts it
    there), else the checkout's top-level story/ (an editable install or a source tree).
    $PETROGRAD1917_STORY names another default story (for authors working on their own)."""
    override = os.environ.get("PETROGRAD1917_STORY")
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    packaged = here / "campaign"
    if (packaged / "story.yaml").is_file():
        return packaged
    return here.parent.parent / "story"


def shipped_saves_dir() -> Path:
    """Example saves shipped with the game (read only)."""
    here = Path(__file__).resolve().parent
    packaged = here / "example_saves"
    return packaged if packaged.is_dir() else here.parent.parent / "saves"


def _xdg(var: str, fallback: str) -> Path:
    base = os.environ.get(var)
    return Path(base) if base else Path.home() / fallback


def cache_dir() -> Path:
    override = os.environ.get("PETROGRAD1917_CACHE")
    return Path(override) if override else _xdg("XDG_CACHE_HOME", ".cache") / APP


def data_dir() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share") / APP


def config_dir() -> Path:
    override = os.environ.get("PETROGRAD1917_CONFIG")
    return Path(override) if override else _xdg("XDG_CONFIG_HOME", ".config") / APP


def write_crash_log(text: str) -> Path:
    """Keep an internal error's details in CACHE/crash.log and say where. Written atomically, never
    through a symbolic link, and only into a cache folder that is the user's own and writable by no
    one else; OSError (filecheck.Refused when the folder is not private) when it cannot be."""
    from petrograd1917.atomicfile import clean_stale, write_atomic_at
    from petrograd1917.filecheck import open_private_folder

    folder = cache_dir()
    fd = open_private_folder(folder)
    try:
        write_atomic_at(fd, "crash.log", text.encode("utf-8", "replace"), durable=False)
    finally:
        os.close(fd)
    clean_stale(folder)
    return folder / "crash.log"
