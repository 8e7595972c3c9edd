"""Problems found in story files, with positions, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# Control characters (C0, DEL, C1) and how they are shown: a message never carries one raw, so no
# story, save or file name can send an escape sequence to the terminal through a problem.
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_ESCAPES = {c: _NAMED.get(chr(c), f"\\x{c:02x}") for c in (*range(0x20), *range(0x7F, 0xA0))}
SHOWN_MAX = 80  # characters of someone else's text quoted in a message


def shown(text: str, limit: int = SHOWN_MAX) -> str:
    """`text` safe to quote in a message: control characters escaped (ESC as \\x1b), and cut short."""
    if len(text) > limit:
        text = text[:limit] + "…"
    return text.translate(_ESCAPES)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Pos:
    """A place in a file; line and col count from 1 (0 means 'the whole file')."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        file = self.file.translate(_ESCAPES)  # a file may be named with an escape sequence
        if self.line:
            return f"{file}:{self.line}:{self.col}"
        return file


@dataclass(frozen=True, slots=True)
class Problem:
    pos: Pos
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        # The last line of defence: whoever made the message, it reaches no terminal with a control character.
        if not self.message.isprintable():
            object.__setattr__(self, "message", self.message.translate(_ESCAPES))

    def __str__(self) -> str:
        return f"{self.pos}: {self.code} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.pos.file,
            "line": self.pos.line,
            "col": self.pos.col,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }


class StoryError(Exception):
    """A story could not be loaded; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem], unreadable: bool = False) -> None:
        self.problems = problems
        # True when not even the story's own files could be read (CLI exit 2).
        self.unreadable = unreadable
        super().__init__("\n".join(str(p) for p in problems))


class Problems:
    """A collector: loaders add to it and never stop at the first problem."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, pos: Pos, code: str, message: str) -> None:
        self.items.append(Problem(pos, code, message, Severity.ERROR))

    def warn(self, pos: Pos, code: str, message: str) -> None:
        self.items.append(Problem(pos, code, message, Severity.WARNING))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.pos.file, p.pos.line, p.pos.col, p.code))
