"""Opening files the game finds rather than names: regular files of a bounded size only, folders the user's own."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MB = 1024 * 1024


class Refused(OSError):
    """A file or folder that is not read or written on purpose; `str()` says why, naming it."""

    def __init__(self, path: Path | str, why: str) -> None:
        super().__init__(errno.EPERM, why, str(path))
        self.why = why

    def __str__(self) -> str:
        return f"{self.filename}: {self.why}"


def _open_regular(path: Path, limit: int, follow: bool) -> tuple[int, int]:
    """An open descriptor on `path` and its size, checked on the opened file itself (fstat), so that
    what is checked is what is read. Never blocks: a FIFO opens at once (O_NONBLOCK) and is refused."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if e.errno == errno.ELOOP and not follow:
            raise Refused(path, "is a symbolic link; only regular files are read") from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused(path, "is not a regular file")
        if st.st_size > limit:
            raise Refused(path, f"is larger than {limit / MB:g} MB")
    except BaseException:
        os.close(fd)
        raise
    return fd, st.st_size


def check_regular(path: Path, limit: int, *, follow: bool = False) -> None:
    """Raise Refused unless `path` is a regular file of at most `limit` bytes (a symbolic link is
    refused unless `follow`); OSError when it cannot be opened at all."""
    fd, _ = _open_regular(path, limit, follow)
    os.close(fd)


def read_regular(path: Path, limit: int, *, follow: bool = False) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, read from the descriptor that was checked."""
    fd, size = _open_regular(path, limit, follow)
    try:
        chunks, total = [], 0
        while chunk := os.read(fd, max(size, 65536)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while we read
                raise Refused(path, f"is larger than {limit / MB:g} MB")
        return b"".join(chunks)
    finally:
        os.close(fd)


def open_private_folder(folder: Path) -> int:
    """A descriptor on `folder` (made 0700 if missing) if it is a real folder, owned by this user and
    writable by no one else; Refused otherwise. Writing through the descriptor (dir_fd) then stays in
    the folder that was checked, even if its name is swapped for a symbolic link afterwards."""
    try:
        folder.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        pass
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.ENOTDIR):
            raise Refused(folder, "is a symbolic link or not a folder") from None
        raise
    st = os.fstat(fd)
    why = ("is not owned by you" if st.st_uid != os.getuid()
           else "can be written by other users" if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH) else "")
    if why:
        os.close(fd)
        raise Refused(folder, why)
    return fd
