"""Writing a file so that it is always either the old version or the new one, whole, never half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, keep_backup: bool = False, durable: bool = True) -> None:
    """A temporary file in the same folder, flushed (and fsynced when `durable`), renamed over `path`.
    With `keep_backup` the previous version stays as PATH.bak: hard-linked first, so `path` itself
    never goes missing. OSError propagates; no temporary file is left behind either way."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        if keep_backup and path.exists():
            os.link(path, f"{tmp}.bak")
            os.replace(f"{tmp}.bak", path.with_name(path.name + ".bak"))
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, f"{tmp}.bak"):
            Path(leftover).unlink(missing_ok=True)
        raise
    if durable:
        _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (where the system allows a folder to be fsynced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
