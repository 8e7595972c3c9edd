"""A cache of validated stories in the user's cache folder, keyed by the source files' digest.

What is trusted, and why (another user able to write the folder could otherwise feed us a story of
their making, and once made a pickle run code): the folder must be the user's own and writable by no
one else, or no cache is used at all; an entry is opened inside the folder as checked, never through
a symlink, and checked as opened (the user's own regular file, writable by no one else); its header
must name this exact format and key and its checksum match. And what is stored could not run code
even if all that failed: the validated story as plain lists, tuples, dicts, strings and numbers
(`story.codec`) written with `marshal`, rebuilt into the model, each scene only when it is first
asked for. (marshal reads no classes and calls nothing; and it only ever reads bytes that passed the
checks above, so a bad entry is noticed before it gets there.)
"""

from __future__ import annotations

import hashlib
import itertools
import marshal
import os
import stat
import sys
from pathlib import Path
from typing import Any

from petrograd1917 import __version__
from petrograd1917.atomicfile import clean_stale, write_atomic_at
from petrograd1917.filecheck import open_private_folder
from petrograd1917.story.codec import (
    LazyScenes,
    decode_problems,
    decode_scene,
    decode_story,
    encode_head,
    encode_problems,
    encode_scene,
)
from petrograd1917.story.model import Scene, Story
from petrograd1917.story.problems import Problem

MAX_BYTES = 1 << 30  # an entry bigger than this is not ours
_SUPPORTED = hasattr(os, "getuid") and hasattr(os, "O_NOFOLLOW") and os.open in os.supports_dir_fd


def _code_version() -> str:
    """A cached story is only as good as the code that made it: key it by the story layer's source."""
    h = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        h.update(module.read_bytes())
    return h.hexdigest()[:16]


# marshal's format may change with Python's version, so the version is part of the format's name.
FORMAT = (f"petrograd1917-story-cache/3 {__version__} {_code_version()} "
          f"py{sys.version_info[0]}.{sys.version_info[1]} marshal{marshal.version}")


def entry_name(key: str) -> str:
    return f"story-{key[:32]}.cache"


def _private(st: os.stat_result, kind: int) -> bool:
    """The user's own, of the expected kind, and writable by no one else."""
    return stat.S_IFMT(st.st_mode) == kind and st.st_uid == os.getuid() and not st.st_mode & 0o022


def private_folder(cache: Path) -> int | None:
    """An open descriptor of the cache folder if it may be used (filecheck's rule: a real folder, the
    user's own, writable by no one else; made 0700 if missing), else None. Entries are then opened
    and written relative to it, so that the folder checked is the folder used even if its path changes."""
    if not _SUPPORTED:
        return None
    try:
        return open_private_folder(cache)
    except OSError:
        return None


def _read_entry(cache: Path, name: str) -> bytes | None:
    folder = private_folder(cache)
    if folder is None:
        return None
    try:
        # O_NONBLOCK: a FIFO planted under the entry's name must not hang the start.
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
    except OSError:
        return None
    finally:
        os.close(folder)
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not _private(st, stat.S_IFREG) or st.st_size > MAX_BYTES:
            return None
        return f.read()


def load(cache: Path, key: str) -> tuple[Story, list[Problem]] | None:
    """The cached story and its problems (warnings), or None: no entry, or one not to be trusted."""
    try:
        data = _read_entry(cache, entry_name(key))
        return None if data is None else _decode(data, key)
    except Exception:  # noqa: BLE001  a damaged or foreign entry is ignored, never trusted
        return None


# An entry: a line naming the format and key; the sha256 of all that follows; then the position of the
# head in the body (fixed width, so it can be filled in last); then the body: each scene's data, one
# after another, and last the head: the story without its scenes, its problems, the scenes' ids and sizes.
_AT_WIDTH = 12


def _decode(data: bytes, key: str) -> tuple[Story, list[Problem]] | None:
    header, check, rest = data.split(b"\n", 2)
    if header != f"{FORMAT} {key}".encode() or check != hashlib.sha256(rest).hexdigest().encode():
        return None
    at, body = int(rest[:_AT_WIDTH]), memoryview(rest)[_AT_WIDTH + 1:]
    head = marshal.loads(body[at:])
    ids, sizes = head["scenes"], head["sizes"]
    offsets = list(itertools.accumulate(sizes, initial=0))
    index = dict(zip(ids, range(len(ids)), strict=True))
    if len(index) != len(ids) or len(sizes) != len(ids) or offsets[-1] != at or min(sizes, default=1) < 1:
        return None

    def make(i: int) -> Scene:
        scene: Scene = decode_scene(marshal.loads(body[offsets[i]:offsets[i + 1]]))
        if scene.id != ids[i]:
            raise ValueError(f"the story cache's scene {i} is '{scene.id}', not '{ids[i]}'")
        return scene

    story = decode_story(head["story"], LazyScenes(index, make))
    return story, list(decode_problems(head["problems"]))


def _plain(value: Any) -> bytes:
    return marshal.dumps(value, marshal.version)


def encode(story: Story, problems: list[Problem], key: str) -> bytearray:
    """A whole cache entry, written into one buffer as it is made: a first start (which writes the
    cache) should not hold the story twice over."""
    out = bytearray(f"{FORMAT} {key}\n{'0' * 64}\n{'0' * _AT_WIDTH}\n".encode())
    first = len(out)
    sizes = []
    for scene in story.scenes.values():
        before = len(out)
        out += _plain(encode_scene(scene))
        sizes.append(len(out) - before)
    at = len(out) - first
    out += _plain({"story": encode_head(story), "problems": encode_problems(problems),
                   "scenes": list(story.scenes), "sizes": sizes})
    out[first - _AT_WIDTH - 1:first - 1] = f"{at:0{_AT_WIDTH}d}".encode()
    rest = first - _AT_WIDTH - 1
    out[rest - 65:rest - 1] = hashlib.sha256(memoryview(out)[rest:]).hexdigest().encode()
    return out


KEEP = 8  # entries kept per cache folder: each edit of a story makes a new one


def store(cache: Path, key: str, story: Story, problems: list[Problem]) -> None:
    """Write an entry atomically, only into a private folder, and let go of old ones; a cache that
    cannot be written (or a story too deep to write) is simply not used."""
    folder = private_folder(cache)
    if folder is None:
        return
    try:
        write_atomic_at(folder, entry_name(key), encode(story, problems, key), durable=False)  # a lost cache is rebuilt
        _prune(folder, entry_name(key))
    except (OSError, ValueError, TypeError, RecursionError):
        pass
    finally:
        os.close(folder)
    clean_stale(cache)


def _prune(folder: int, current: str) -> None:
    """Remove the entries of the old pickle format, and all but the KEEP newest of ours (the one just
    written among them, whatever the clock's resolution says)."""
    ours = []
    for name in os.listdir(folder):
        if not (name.startswith("story-") and name.endswith((".pickle", ".cache"))):
            continue
        st = os.stat(name, dir_fd=folder, follow_symlinks=False)
        if not (stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid()):
            continue
        if name.endswith(".pickle"):
            os.unlink(name, dir_fd=folder)
        elif name != current:
            ours.append((st.st_mtime_ns, name))
    for _, name in sorted(ours, reverse=True)[KEEP - 1:]:
        os.unlink(name, dir_fd=folder)
