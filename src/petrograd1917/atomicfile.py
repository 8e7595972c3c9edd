"""Writing a file so that it is always either the old version or the new one, whole, never half."""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from pathlib import Path

# What a write in progress looks like: '.NAME.<8 letters or digits>.tmp', and '.tmp.bak' for the link
# that becomes NAME.bak. A writer killed at the wrong moment leaves one behind.
TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp(\.bak)?$")
# A write takes milliseconds; a temporary file untouched for an hour belongs to no live writer.
STALE_AFTER = 3600.0


def write_atomic(path: Path, data: bytes | bytearray, *, keep_backup: bool = False, durable: bool = True) -> None:
    """A temporary file in the same folder, flushed (and fsynced when `durable`), renamed over `path`.
    With `keep_backup` the previous version stays as PATH.bak: hard-linked first, so `path` itself
    never goes missing. OSError propagates; no temporary file is left behind either way."""
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        write_atomic_at(folder, path.name, data, keep_backup=keep_backup, durable=durable)
    finally:
        os.close(folder)


def write_atomic_at(folder: int, name: str, data: bytes | bytearray, *, keep_backup: bool = False,
                    durable: bool = True) -> None:
    """`write_atomic` inside the open folder `folder` (a descriptor): every name is looked up in that
    folder, never through a symbolic link, and the temporary file is created new (O_EXCL)."""
    at = {"src_dir_fd": folder, "dst_dir_fd": folder}
    tmp = f".{name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        if keep_backup:
            _link_backup(folder, name, tmp)
        os.replace(tmp, name, **at)
    except BaseException:
        for leftover in (tmp, f"{tmp}.bak"):
            _unlink(folder, leftover)
        raise
    if durable:
        try:  # make the rename itself durable, where the system allows a folder to be fsynced
            os.fsync(folder)
        except OSError:
            pass


def _link_backup(folder: int, name: str, tmp: str) -> None:
    """NAME.bak becomes the current NAME (if there is one) in one rename."""
    at = {"src_dir_fd": folder, "dst_dir_fd": folder}
    try:
        os.link(name, f"{tmp}.bak", follow_symlinks=False, **at)
    except FileNotFoundError:
        return
    os.replace(f"{tmp}.bak", f"{name}.bak", **at)
    # rename() does nothing when both names are already links to one file (a concurrent writer
    # moved the same version to NAME.bak first), which would leave our link behind.
    _unlink(folder, f"{tmp}.bak")


def _unlink(folder: int, name: str) -> None:
    try:
        os.unlink(name, dir_fd=folder)
    except FileNotFoundError:
        pass


def clean_stale(folder: Path, *, now: float | None = None, older_than: float | None = None) -> int:
    """Remove the temporary files that killed writers left in `folder`: only names of our own
    pattern, only regular files of this user, only those unchanged for `older_than` seconds (their
    change time, which a new hard link also moves). Returns how many went; never raises."""
    now = time.time() if now is None else now
    older_than = STALE_AFTER if older_than is None else older_than
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not TEMPORARY.match(entry.name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and now - st.st_ctime >= older_than:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed
