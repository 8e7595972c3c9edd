"""Problems found in story files, with positions, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Pos:
    """A place in a file; line and col count from 1 (0 means 'the whole file')."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file


@dataclass(frozen=True, slots=True)
class Problem:
    pos: Pos
    code: str
    message: str
    severity: Severity = Severity.ERROR

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
