"""The chronicle: what each role's ending leaves for the other roles, kept beside the saves.

One JSON file per story (`chronicle.<story id>.json`), written atomically. It holds the values the
story's `chronicle:` entries took when their role last reached an ending, and which endings each
role has reached. It is the player's own file but still data from disk: anything unreadable or of
the wrong type is dropped (and said), never trusted.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from petrograd1917.atomicfile import write_atomic
from petrograd1917.story.model import Value

FORMAT = "petrograd1917-chronicle/1"
MAX_BYTES = 1 << 20  # a chronicle is a few hundred bytes; a bigger file is not ours


class Declared(Protocol):
    """What the chronicle needs of a story's declaration of one entry (read only: the model is frozen)."""

    @property
    def name(self) -> str: ...

    @property
    def type(self) -> str: ...

    @property
    def initial(self) -> Value: ...

    @property
    def role(self) -> str: ...


@dataclass
class Chronicle:
    """The values left by the roles played so far, and the endings each role has reached."""

    story: str
    values: dict[str, Value] = field(default_factory=dict)
    endings: dict[str, list[str]] = field(default_factory=dict)
    problem: str = ""  # why the file on disk could not be read, if it could not

    def values_for(self, declared: Iterable[Declared]) -> dict[str, Value]:
        """What a new game reads: each entry's value, or its `initial` when its role has not yet
        reached an ending."""
        return {d.name: self.values.get(d.name, d.initial) for d in declared}

    def record_ending(self, role: str, ending: str, left: Mapping[str, Value]) -> None:
        """A game of `role` reached `ending`, leaving `left` (its entries' values)."""
        self.values.update(left)
        reached = self.endings.setdefault(role, [])
        if ending not in reached:
            reached.append(ending)

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "story": self.story, "values": self.values,
                           "endings": self.endings}, indent=2, ensure_ascii=False) + "\n"


def chronicle_path(saves_dir: Path, story_id: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", story_id)[:64] or "story"
    return saves_dir / f"chronicle.{safe}.json"


def _typed(value: Any, typ: str) -> bool:
    if typ == "bool":
        return isinstance(value, bool)
    if typ == "int":
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**15
    return isinstance(value, str) and len(value) <= 1000 and value.isprintable()


def _read_bytes(path: Path) -> bytes:
    """The file's bytes: a regular file of ours, not through a link, not too big."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ValueError("not a regular file")
        if st.st_size > MAX_BYTES:
            raise ValueError(f"larger than {MAX_BYTES} bytes")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(MAX_BYTES + 1)
    finally:
        os.close(fd)


def load(path: Path, story_id: str, declared: Iterable[Declared]) -> Chronicle:
    """The chronicle on disk, keeping only entries the story declares with values of their type.
    A missing file is an empty chronicle; an unreadable one is empty too, with `problem` saying why."""
    chron = Chronicle(story_id)
    try:
        data = json.loads(_read_bytes(path).decode("utf-8"))
    except FileNotFoundError:
        return chron
    except (OSError, ValueError, RecursionError) as e:
        chron.problem = f"{path.name}: unreadable ({type(e).__name__}); starting a new chronicle"
        return chron
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("story") != story_id:
        chron.problem = f"{path.name}: not a chronicle of this story; starting a new chronicle"
        return chron
    types = {d.name: d.type for d in declared}
    values = data.get("values")
    if isinstance(values, dict):
        chron.values = {k: v for k, v in values.items() if k in types and _typed(v, types[k])}
    endings = data.get("endings")
    if isinstance(endings, dict):
        chron.endings = {r: [e for e in es if isinstance(e, str) and e.isidentifier()][:100]
                         for r, es in endings.items() if isinstance(r, str) and isinstance(es, list)}
    return chron


def save(path: Path, chron: Chronicle) -> None:
    write_atomic(path, chron.to_json().encode("utf-8"))


def reset(path: Path) -> bool:
    """Forget the chronicle; True if there was one."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
