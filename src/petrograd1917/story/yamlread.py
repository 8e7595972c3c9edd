"""Reads YAML safely into plain values checked against a spec, keeping every value's position."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from petrograd1917.story import spec
from petrograd1917.story.problems import Pos, Problems

# libyaml's composer where it is present; both only ever build nodes, never Python objects.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD + t for t in ("str", "int", "bool", "null", "float", "timestamp", "map", "seq")}
# An alias re-reads a node already read; a document that does it this often is a "billion laughs".
MAX_ALIAS_VISITS = 10_000
_IDENT = re.compile(spec.IDENT_PATTERN)
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_BOOL = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class Doc(dict):  # type: ignore[type-arg]
    """A mapping read from YAML: its own position and each key's value position."""

    __slots__ = ("pos", "at", "written")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.at: dict[str, Pos] = {}
        self.written: set[str] = set()  # keys present in the file, valid or not

    def where(self, key: str) -> Pos:
        return self.at.get(key, self.pos)


class Seq(list):  # type: ignore[type-arg]
    """A list read from YAML, with each item's position."""

    __slots__ = ("pos", "at")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.at: list[Pos] = []


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    tag = node.tag.removeprefix(_STD)
    return {
        "str": "a string",
        "int": "an integer",
        "bool": "a boolean",
        "null": "nothing (null)",
        "float": "a number",
        "timestamp": "a date",
    }.get(tag, f"a {tag}")


def did_you_mean(word: str, choices: Any) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


class Reader:
    """Reads one file's node tree against a spec, reporting problems into a shared collector."""

    def __init__(self, file: str, problems: Problems) -> None:
        self.file = file
        self.problems = problems
        self._seen: set[int] = set()
        self._alias_visits = 0
        self.bombed = False

    def pos(self, node: Node) -> Pos:
        m = node.start_mark
        return Pos(self.file, m.line + 1, m.column + 1)

    def _bad(self, node: Node, kind: spec.Kind, what: str = "") -> None:
        self.problems.error(self.pos(node), "E102", f"expected {what or kind.label}, got {_describe(node)}")

    def read(self, node: Node, kind: spec.Kind) -> Any:
        """Return the value of `node` as `kind`, or None after reporting why it is not one."""
        if self.bombed:
            return None
        if not isinstance(node, ScalarNode):
            key = id(node)
            if key in self._seen:
                self._alias_visits += 1
                if self._alias_visits > MAX_ALIAS_VISITS:
                    self.bombed = True
                    self.problems.error(
                        self.pos(node), "E006", "too many aliases: the document expands without bound (a 'billion laughs'?)"
                    )
                    return None
            else:
                self._seen.add(key)
        if node.tag not in _ALLOWED_TAGS:
            self.problems.error(self.pos(node), "E005", f"tag {node.tag!r} is not allowed in story files")
            return None
        if isinstance(kind, spec.Obj):
            return self._obj(node, kind)
        if isinstance(kind, spec.ListOf):
            return self._list(node, kind)
        if isinstance(kind, spec.MapOf):
            return self._map(node, kind)
        if not isinstance(node, ScalarNode):
            self._bad(node, kind)
            return None
        return self._scalar(node, kind)

    def _scalar(self, node: ScalarNode, kind: spec.Kind) -> Any:
        tag = node.tag.removeprefix(_STD)
        v = node.value
        if isinstance(kind, spec.Str):
            if tag != "str":
                self._bad(node, kind)
                return None
            if kind.nonempty and not v.strip():
                self.problems.error(self.pos(node), "E102", "expected a non-empty string")
                return None
            return v
        if isinstance(kind, spec.Ident):
            if tag != "str":
                self._bad(node, kind)
                return None
            if not _IDENT.match(v):
                self.problems.error(self.pos(node), "E120", f"'{v}' is not a valid id (use lower case letters, digits and _)")
                return None
            return v
        if isinstance(kind, spec.Enum):
            if tag != "str" or v not in kind.values:
                shown = v if tag == "str" else _describe(node)
                self.problems.error(
                    self.pos(node), "E118", f"'{shown}' is not {kind.label}{did_you_mean(v, kind.values)}"
                )
                return None
            return v
        if isinstance(kind, spec.Int):
            if tag != "int" or not re.fullmatch(r"[-+]?\d+", v):
                self._bad(node, kind)
                return None
            n = int(v)
            if kind.min is not None and n < kind.min:
                self.problems.error(self.pos(node), "E118", f"{n} is less than {kind.min}")
                return None
            return n
        if isinstance(kind, spec.Bool):
            if tag != "bool":
                self._bad(node, kind)
                return None
            return _BOOL[v.lower()]
        if isinstance(kind, spec.Date):
            m = _DATE.match(v)
            if not m:
                self._bad(node, kind)
                return None
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError as e:
                self.problems.error(self.pos(node), "E108", f"'{v}' is not a real date ({e})")
                return None
        if isinstance(kind, spec.Time):
            # Unquoted 21:45 is a YAML 1.1 base-60 integer; its source text is still what we want.
            if tag not in ("str", "int") or not _TIME.match(v):
                self.problems.error(self.pos(node), "E109", f"'{v}' is not a time of day HH:MM")
                return None
            return v
        if isinstance(kind, spec.Scalar):
            if tag == "str":
                return v
            if tag == "int" and re.fullmatch(r"[-+]?\d+", v):
                return int(v)
            if tag == "bool":
                return _BOOL[v.lower()]
            self._bad(node, kind)
            return None
        if isinstance(kind, spec.Expr):
            # Kept as source text with its position; the expression parser reads it later.
            if tag in ("str", "int", "bool"):
                return ExprText(v, self.expr_pos(node))
            self._bad(node, kind)
            return None
        raise TypeError(kind)  # pragma: no cover - a spec bug, not a user error

    def expr_pos(self, node: ScalarNode) -> Pos:
        """Where the expression's first character is: inside quotes for a quoted scalar."""
        p = self.pos(node)
        if node.style in ("'", '"'):
            return Pos(p.file, p.line, p.col + 1)
        return p

    def _list(self, node: Node, kind: spec.ListOf) -> Seq | None:
        if not isinstance(node, SequenceNode):
            self._bad(node, kind, f"a list of {kind.item.label.removeprefix('a ').removeprefix('an ')}s"
                      if not isinstance(kind.item, spec.Obj) else f"a list of {kind.item.name}s")
            return None
        out = Seq(self.pos(node))
        if len(node.value) < kind.min_items:
            self.problems.error(self.pos(node), "E102", f"expected at least {kind.min_items} item(s), got none")
        for item in node.value:
            v = self.read(item, kind.item)
            if v is not None:
                out.append(v)
                out.at.append(self.pos(item))
        return out

    def _keys(self, node: MappingNode) -> list[tuple[str, Node, Node]]:
        """The mapping's (key, key node, value node), reporting non-string and duplicate keys."""
        seen: dict[str, Pos] = {}
        out = []
        for knode, vnode in node.value:
            if not isinstance(knode, ScalarNode) or knode.tag not in (_STD + "str", _STD + "int", _STD + "bool"):
                if isinstance(knode, ScalarNode) and knode.tag == _STD + "merge":
                    self.problems.error(self.pos(knode), "E101", "merge keys (<<) are not supported; write the keys out")
                else:
                    self.problems.error(self.pos(knode), "E102", f"a key must be a plain word, got {_describe(knode)}")
                continue
            key = knode.value
            if key in seen:
                first = seen[key]
                self.problems.error(
                    self.pos(knode), "E007", f"duplicate key '{key}' (first at line {first.line}, column {first.col})"
                )
                continue
            seen[key] = self.pos(knode)
            out.append((key, knode, vnode))
        return out

    def _map(self, node: Node, kind: spec.MapOf) -> Doc | None:
        if not isinstance(node, MappingNode):
            self._bad(node, kind)
            return None
        out = Doc(self.pos(node))
        for key, knode, vnode in self._keys(node):
            if not _IDENT.match(key):
                self.problems.error(self.pos(knode), "E120", f"'{key}' is not a valid id")
                continue
            v = self.read(vnode, kind.value)
            if v is not None:
                out[key] = v
                out.at[key] = self.pos(vnode)
        return out

    def _obj(self, node: Node, kind: spec.Obj) -> Doc | None:
        if not isinstance(node, MappingNode):
            self._bad(node, kind)
            return None
        out = Doc(self.pos(node))
        present = set()
        for key, knode, vnode in self._keys(node):
            field = kind.fields.get(key)
            present.add(key)
            out.written.add(key)
            if field is None:
                self.problems.error(
                    self.pos(knode),
                    "E101",
                    f"unknown key '{key}' in {kind.name}{did_you_mean(key, kind.fields)}",
                )
                continue
            v = self.read(vnode, field.kind)
            if v is not None:
                out[key] = v
                out.at[key] = self.expr_pos(vnode) if isinstance(v, ExprText) else self.pos(vnode)
        for key, field in kind.fields.items():
            if field.required and key not in present:
                self.problems.error(self.pos(node), "E103", f"{kind.name} is missing required key '{key}'")
        return out


class ExprText(str):
    """Expression source text that remembers where it starts in its file."""

    __slots__ = ("pos",)

    def __new__(cls, text: str, pos: Pos) -> ExprText:
        s = super().__new__(cls, text)
        s.pos = pos
        return s

    def __reduce__(self) -> tuple[Any, ...]:
        return (ExprText, (str(self), self.pos))


def display_path(path: Path) -> str:
    """A path as the user knows it: relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_file(path: Path, kind: spec.Kind, problems: Problems) -> Any:
    """Read one YAML file as `kind`; every problem goes to `problems`; returns None when unusable."""
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        problems.error(Pos(name), "E001", f"cannot read file: {e.strerror or e}")
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        problems.error(Pos(name, line, col), "E003", f"file is not UTF-8 text (byte 0x{raw[e.start]:02x})")
        return None
    if not raw.strip():
        problems.error(Pos(name), "E002", "file is empty")
        return None
    try:
        node = yaml.compose(raw, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = Pos(name, mark.line + 1, mark.column + 1) if mark else Pos(name)
        problems.error(where, "E004", f"YAML syntax error: {e.problem or e.context}")
        return None
    except yaml.YAMLError as e:  # e.g. more than one document
        problems.error(Pos(name), "E004", f"YAML error: {e}")
        return None
    if node is None:
        problems.error(Pos(name), "E002", "file is empty (only comments)")
        return None
    return Reader(name, problems).read(node, kind)
