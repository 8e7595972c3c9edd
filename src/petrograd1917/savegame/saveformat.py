"""The save file: versioned, human-readable YAML holding what a replay needs and a snapshot to check it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from petrograd1917.engine.game import Game, LogEntry
from petrograd1917.filecheck import MB, Refused, check_regular
from petrograd1917.history.judge import fidelity, judged_steps
from petrograd1917.story.files import display_path
from petrograd1917.story.problems import Pos, Problem, Problems, shown

if TYPE_CHECKING:
    from petrograd1917.story import spec

FORMAT = "petrograd1917-save/1"
MAX_BYTES = 16 * MB  # a long play-through is some kilobytes; a bigger file is not read at all
# One log step a line: "scene > choice", or "scene > choice > outcome 2" for a random choice's outcome
# (ASCII digits, few enough to be a choice's outcome: Python's \d would take '١' and any length).
_STEP = re.compile(r"^([a-z][a-z0-9_]*) > ([a-z][a-z0-9_]*)(?: > outcome ([0-9]{1,6}))?$")
# What the reader refuses in any string (E009): control characters other than newline and tab.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WIDTH = 100  # yaml.dump's line width: longer plain scalars are folded at a space
_PLAIN_MAX = 80  # a log line this long or shorter is never folded ("- " and the line within _WIDTH)


class SaveError(Exception):
    """A save file that cannot be used; `problems` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@lru_cache(maxsize=1)
def save_spec() -> spec.Obj:
    """The shape of a save file, built on first use: the story's spec module is not needed to start a
    game from the story cache, only to read a save."""
    from petrograd1917.story import spec

    return spec.Obj(
        "save",
        {
            "format": spec.F(spec.Str(), required=True, doc=FORMAT),
            "story": spec.F(spec.Obj("story identity", {
                "id": spec.F(spec.Ident(), required=True),
                "version": spec.F(spec.Str(), required=True),
                "digest": spec.F(spec.Str(), required=True, doc="sha256 of the story's files"),
            }), required=True),
            "role": spec.F(spec.Ident(), required=True),
            "seed": spec.F(spec.Int(), required=True),
            "label": spec.F(spec.Str(nonempty=False), required=True),
            "created": spec.F(spec.Str(), required=True, doc="ISO 8601, UTC"),
            "updated": spec.F(spec.Str(), required=True, doc="ISO 8601, UTC"),
            "play_seconds": spec.F(spec.Int(min=0), required=True),
            "chronicle": spec.F(spec.MapOf(spec.Scalar()), doc="what other roles' endings had left when this "
                                                               "game began: a replay reads the same"),
            "snapshot": spec.F(spec.Obj("snapshot", {
                "scene": spec.F(spec.Ident(), required=True),
                "variables": spec.F(spec.MapOf(spec.Scalar()), required=True),
                "historical": spec.F(spec.Int(min=0), required=True),
                "judged": spec.F(spec.Int(min=0), required=True),
            }), required=True),
            "log": spec.F(spec.ListOf(spec.Str()), required=True,
                          doc="one step a line: 'scene > choice' or 'scene > choice > outcome N'"),
        },
        doc="A saved play-through.",
    )


def __getattr__(name: str) -> spec.Obj:  # SAVE_SPEC, as before, made when first asked for
    if name == "SAVE_SPEC":
        return save_spec()
    raise AttributeError(name)


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class Snapshot:
    scene: str
    variables: dict[str, Any]
    historical: int
    judged: int

    @classmethod
    def of(cls, game: Game) -> Snapshot:
        f = fidelity(judged_steps(game.story, game.log))
        values = game.values  # the story's variables only: the chronicle a game began with is kept apart
        return cls(game.state, {n: values[n] for n in game.story.variables}, f.historical, f.judged)


@dataclass
class SaveFile:
    story_id: str
    story_version: str
    story_digest: str
    role: str
    seed: int
    log: list[LogEntry]
    snapshot: Snapshot
    label: str = ""
    created: str = field(default_factory=now)
    updated: str = field(default_factory=now)
    play_seconds: int = 0
    path: Path | None = None  # where it was read from
    chronicle: dict[str, Any] = field(default_factory=dict)  # the chronicle's values the game began with

    @classmethod
    def of(cls, game: Game, label: str = "", created: str | None = None, play_seconds: int = 0) -> SaveFile:
        story = game.story
        return cls(story.id, story.version, story.digest, game.role, game.seed, list(game.log), Snapshot.of(game),
                   label, created or now(), now(), play_seconds, chronicle=dict(game.chronicle))

    def to_yaml(self) -> str:
        data = {
            "format": FORMAT,
            "story": {"id": self.story_id, "version": self.story_version, "digest": self.story_digest},
            "role": self.role,
            "seed": self.seed,
            "label": _CONTROL.sub("", self.label),  # whatever was typed, a save the game writes it can read
            "created": self.created,
            "updated": self.updated,
            "play_seconds": self.play_seconds,
            **({"chronicle": self.chronicle} if self.chronicle else {}),
            "snapshot": {"scene": self.snapshot.scene, "variables": self.snapshot.variables,
                         "historical": self.snapshot.historical, "judged": self.snapshot.judged},
        }
        head = "# A Petrograd 1917 saved game. Loading replays the log on the story; the snapshot checks it.\n"
        return head + _dump(data) + _dump_log(self.log)

    @classmethod
    def read(cls, path: Path) -> SaveFile:
        """Read and check a save file; SaveError names the file (and line and column) on any problem.
        Only a regular file of at most MAX_BYTES is read: a FIFO, a device or a huge file is refused
        before reading, and whatever else goes wrong in it is a SaveError too, never a crash."""
        name = display_path(path)
        try:
            check_regular(path, MAX_BYTES, follow=True)
        except Refused as e:
            raise SaveError([Problem(Pos(name), "S003", f"cannot read this save: it {e.why}")]) from None
        except OSError:
            pass  # read_file says why it cannot be opened
        try:
            return cls._read(path)
        except SaveError:
            raise
        except Exception as e:  # noqa: BLE001 - ValueError, OverflowError, RecursionError, MemoryError...
            why = f"cannot read this save ({type(e).__name__}: {str(e)[:160]})"
            raise SaveError([Problem(Pos(name), "S003", why)]) from None

    @classmethod
    def _read(cls, path: Path) -> SaveFile:
        from petrograd1917.story.yamlread import read_file

        problems = Problems()
        doc = read_file(path, save_spec(), problems, max_bytes=MAX_BYTES)
        if doc is not None and "format" in doc and doc["format"] != FORMAT:
            problems.items.clear()  # an unknown version explains everything else
            problems.error(doc.where("format"), "S001",
                           f"unknown save format '{shown(doc['format'])}' (this game reads {FORMAT})")
        if problems.errors:
            raise SaveError(problems.errors)
        if doc is None:  # pragma: no cover - read_file reports why
            raise SaveError([Problem(Pos(display_path(path)), "S000", "not a save file")])
        log = _log(doc["log"], problems)
        for key in ("created", "updated"):
            if not _is_moment(doc[key]):
                problems.error(doc.where(key), "S004", f"{key} '{shown(doc[key])}' is not a date and time "
                                                       "(ISO 8601, e.g. 2026-11-26T23:45:46Z)")
        if problems.errors:
            raise SaveError(problems.errors)
        st, snap = doc["story"], doc["snapshot"]
        return cls(st["id"], st["version"], st["digest"], doc["role"], doc["seed"], log,
                   Snapshot(snap["scene"], dict(snap["variables"]), snap["historical"], snap["judged"]),
                   doc["label"], doc["created"], doc["updated"], doc["play_seconds"], path,
                   dict(doc.get("chronicle", {})))


def _dump(data: dict[str, Any]) -> str:
    import yaml  # only when a save is written: the game starts without it

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=_WIDTH)


def _dump_log(log: list[LogEntry]) -> str:
    """The log, last in the file, one step a line, as yaml.dump writes it. A long play-through takes
    the same steps again and again: each is made into its line once. When every line is a step of
    ids (which nothing in YAML reads as anything but a string) short enough not to be folded, the
    lines are written here, at a tenth of the time yaml's representer takes over 10,000 of them;
    anything else goes through yaml.dump."""
    made: dict[LogEntry, str] = {}
    for e in log:
        if e not in made:
            made[e] = f"{e.scene} > {e.choice}" + (f" > outcome {e.outcome}" if e.outcome is not None else "")
    lines = [made[e] for e in log]
    if lines and all(len(line) <= _PLAIN_MAX and _STEP.match(line) for line in made.values()):
        return "log:\n" + "".join(f"- {line}\n" for line in lines)
    return _dump({"log": lines})


def _log(lines: Any, problems: Problems) -> list[LogEntry]:
    """The log's steps; each line that is not one is reported (S002) where it stands."""
    log = []
    read: dict[str, LogEntry] = {}  # a long play-through takes the same steps again: each is read once
    for i, line in enumerate(lines):
        entry = read.get(line)
        if entry is None:
            m = _STEP.match(line)
            if not m:
                problems.error(lines.where(i), "S002",
                               f"log step {i + 1} is not 'scene > choice [> outcome N]': '{shown(line)}'")
                continue
            entry = read[line] = LogEntry(m[1], m[2], int(m[3]) if m[3] else None)
        log.append(entry)
    return log


def _is_moment(text: str) -> bool:
    """An ISO 8601 date and time. One that exists in no time zone near here ('9999-12-31T23:59:59-14:00')
    is still one: whoever shows it must cope (savegame.slots shows it as written)."""
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
