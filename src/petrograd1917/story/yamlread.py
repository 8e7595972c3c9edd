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
from petrograd1917.story.files import display_path
from petrograd1917.story.problems import Pos, Problems

_STD = "tag:yaml.org,2002:"
# A plain (unquoted) scalar whose type is decided only when it is read: keys never need it.
PLAIN = "!petrograd1917/plain"
_RESOLVER = yaml.resolver.Resolver()


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's composer where it is present; it only ever builds nodes, never Python objects.
    Typing plain scalars is deferred (see PLAIN): it is most of the composer's time in Python."""

    # Path-based resolvers are never used here; the composer calls these for every node.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return PLAIN if implicit[0] else _STD + "str"
        return _STD + ("seq" if kind is SequenceNode else "map")


def scalar_tag(node: ScalarNode) -> str:
    """The node's YAML 1.1 tag, resolving a plain scalar the way PyYAML would."""
    if node.tag == PLAIN:
        return _RESOLVER.resolve(ScalarNode, node.value, (True, False))  # type: ignore[no-any-return]
    return node.tag  # type: ignore[no-any-return]


_ALLOWED_TAGS = {_STD + t for t in ("str", "int", "bool", "null", "float", "timestamp", "map", "seq")} | {PLAIN}
# An alias re-reads a node already read; a document that does it this often is a "billion laughs".
MAX_ALIAS_VISITS = 10_000
_IDENT = re.compile(spec.IDENT_PATTERN)
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_BOOL = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_INT = re.compile(r"[-+]?\d+$")


LineCol = tuple[int, int]


def _lc(node: Node) -> LineCol:
    m = node.start_mark
    return (m.line + 1, m.column + 1)


class Doc(dict):  # type: ignore[type-arg]
    """A mapping read from YAML, with the line and column of itself and of each key's value.
    Positions are plain tuples, turned into `Pos` only when a problem is reported, and the
    YAML nodes are not kept, so each file's node tree is freed as soon as it is read."""

    __slots__ = ("file", "lc", "at")

    def __init__(self, file: str, lc: LineCol | None = None) -> None:
        super().__init__()
        self.file = file
        self.lc = lc
        self.at: dict[str, LineCol] = {}  # every key written in the file, valid or not

    @property
    def pos(self) -> Pos:
        return Pos(self.file, *self.lc) if self.lc else Pos(self.file)

    def where(self, key: str) -> Pos:
        value = self.get(key)
        if isinstance(value, ExprText):
            return value.pos
        lc = self.at.get(key)
        return Pos(self.file, *lc) if lc else self.pos


class Seq(list):  # type: ignore[type-arg]
    """A list read from YAML, with the line and column of each item kept."""

    __slots__ = ("file", "lc", "at")

    def __init__(self, file: str, lc: LineCol | None = None) -> None:
        super().__init__()
        self.file = file
        self.lc = lc
        self.at: list[LineCol] = []

    @property
    def pos(self) -> Pos:
        return Pos(self.file, *self.lc) if self.lc else Pos(self.file)

    def where(self, index: int) -> Pos:
        return Pos(self.file, *self.at[index])


def _pos(file: str, node: Node | None) -> Pos:
    if node is None:
        return Pos(file)
    m = node.start_mark
    return Pos(file, m.line + 1, m.column + 1)


class ExprText(str):
    """Expression source text that knows where it starts in its file."""

    __slots__ = ("file", "line", "col")

    def __new__(cls, text: str, file: str, line: int, col: int) -> ExprText:
        s = super().__new__(cls, text)
        s.file, s.line, s.col = file, line, col
        return s

    @classmethod
    def at(cls, text: str, pos: Pos) -> ExprText:
        return cls(text, pos.file, pos.line, pos.col)

    @property
    def pos(self) -> Pos:
        return Pos(self.file, self.line, self.col)

    def __reduce__(self) -> tuple[Any, ...]:
        return (ExprText, (str(self), self.file, self.line, self.col))


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    tag = scalar_tag(node).removeprefix(_STD)  # type: ignore[arg-type]
    if tag == "bool" and node.value.lower() not in ("true", "false"):
        # YAML 1.1 reads yes/no/on/off as booleans: a classic trap for a choice called 'on'.
        return f"a boolean ('{node.value}' is read as true/false: put it in quotes if you meant the word)"
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


_STR = _STD + "str"
_KEY_TAGS = (PLAIN, _STR, _STD + "int", _STD + "bool")
# A plain scalar starting with none of these can only be a string (PyYAML's implicit resolvers
# for bool, int, float, null, timestamp, merge and value all start with one of them).
_MAYBE_TYPED = set("yYnNtTfFoO-+0123456789.<~=")


class Reader:
    """Reads one file's node tree against a spec, reporting problems into a shared collector."""

    def __init__(self, file: str, problems: Problems) -> None:
        self.file = file
        self.problems = problems
        self._seen: set[int] = set()
        self._alias_visits = 0
        self.bombed = False

    def pos(self, node: Node) -> Pos:
        return _pos(self.file, node)

    def _bad(self, node: Node, kind: spec.Kind, what: str = "") -> None:
        self.problems.error(self.pos(node), "E102", f"expected {what or kind.label}, got {_describe(node)}")

    def read(self, node: Node, kind: spec.Kind) -> Any:
        """Return the value of `node` as `kind`, or None after reporting why it is not one."""
        if self.bombed:
            return None
        cls = node.__class__
        if cls is ScalarNode:
            tag = node.tag
            if tag is PLAIN or tag == _STR:
                kcls = kind.__class__
                if kcls is spec.Str and tag is _STR or (tag is PLAIN and node.value[:1] not in _MAYBE_TYPED
                                                        and node.value):
                    # The common case, a string: short-cut the checks for the kinds that take one.
                    v = node.value
                    if kcls is spec.Str:
                        if kind.nonempty and not v.strip():  # type: ignore[attr-defined]
                            self.problems.error(self.pos(node), "E102", "expected a non-empty string")
                            return None
                        return v
                    if kcls is spec.Ident and _IDENT.match(v):
                        return v
            elif tag not in _ALLOWED_TAGS:
                self.problems.error(self.pos(node), "E005", f"tag {tag!r} is not allowed in story files")
                return None
            container = _CONTAINERS.get(kind.__class__)
            if container is not None:
                return container(self, node, kind)  # reports the scalar as the wrong type
            return self._scalar(node, kind)
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
        kcls = kind.__class__
        if kcls is spec.Obj:
            return self._obj(node, kind)  # type: ignore[arg-type]
        if kcls is spec.ListOf:
            return self._list(node, kind)  # type: ignore[arg-type]
        if kcls is spec.MapOf:
            return self._map(node, kind)  # type: ignore[arg-type]
        self._bad(node, kind)
        return None
    def _scalar(self, node: ScalarNode, kind: spec.Kind) -> Any:
        tag = scalar_tag(node).removeprefix(_STD)
        v = node.value
        kcls = kind.__class__
        if kcls is spec.Str:
            if tag != "str":
                self._bad(node, kind)
                return None
            if kind.nonempty and not v.strip():  # type: ignore[attr-defined]
                self.problems.error(self.pos(node), "E102", "expected a non-empty string")
                return None
            return v
        if kcls is spec.Ident:
            if tag != "str":
                self._bad(node, kind)
                return None
            if not _IDENT.match(v):
                self.problems.error(self.pos(node), "E120", f"'{v}' is not a valid id (use lower case letters, digits and _)")
                return None
            return v
        if kcls is spec.Enum:
            values = kind.values  # type: ignore[attr-defined]
            if tag != "str" or v not in values:
                shown = v if tag == "str" else _describe(node)
                self.problems.error(self.pos(node), "E118", f"'{shown}' is not {kind.label}{did_you_mean(v, values)}")
                return None
            return v
        if kcls is spec.Int:
            if tag != "int" or not _INT.match(v):
                self._bad(node, kind)
                return None
            n = int(v)
            if kind.min is not None and n < kind.min:  # type: ignore[attr-defined]
                self.problems.error(self.pos(node), "E118", f"{n} is less than {kind.min}")  # type: ignore[attr-defined]
                return None
            return n
        if kcls is spec.Bool:
            if tag != "bool":
                self._bad(node, kind)
                return None
            return _BOOL[v.lower()]
        if kcls is spec.Date:
            m = _DATE.match(v)
            if not m:
                self._bad(node, kind)
                return None
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError as e:
                self.problems.error(self.pos(node), "E108", f"'{v}' is not a real date ({e})")
                return None
        if kcls is spec.Time:
            # Unquoted 21:45 is a YAML 1.1 base-60 integer; its source text is still what we want.
            if tag not in ("str", "int") or not _TIME.match(v):
                self.problems.error(self.pos(node), "E109", f"'{v}' is not a time of day HH:MM")
                return None
            return v
        if kcls is spec.Scalar:
            if tag == "str":
                return v
            if tag == "int" and _INT.match(v):
                return int(v)
            if tag == "bool":
                return _BOOL[v.lower()]
            self._bad(node, kind)
            return None
        if kcls is spec.Expr:
            # Kept as source text with its position; the expression parser reads it later.
            if tag in ("str", "int", "bool"):
                p = self.pos(node)
                quoted = 1 if node.style in ("'", '"') else 0  # point inside the quotes
                return ExprText(v, p.file, p.line, p.col + quoted)
            self._bad(node, kind)
            return None
        raise TypeError(kind)  # pragma: no cover - a spec bug, not a user error

    def _list(self, node: Node, kind: spec.ListOf) -> Seq | None:
        if node.__class__ is not SequenceNode:
            item = kind.item
            what = (f"a list of {item.name}s" if isinstance(item, spec.Obj)
                    else f"a list of {item.label.removeprefix('a ').removeprefix('an ')}s")
            self._bad(node, kind, what)
            return None
        out = Seq(self.file, _lc(node))
        if len(node.value) < kind.min_items:
            self.problems.error(self.pos(node), "E102", f"expected at least {kind.min_items} item(s), got none")
        item_kind = kind.item
        read = self.read
        for item in node.value:
            v = read(item, item_kind)
            if v is not None:
                out.append(v)
                out.at.append(_lc(item))
        return out

    def _keys(self, node: MappingNode) -> list[tuple[str, Node, Node]]:
        """The mapping's (key, key node, value node), reporting non-string and duplicate keys."""
        seen: dict[str, Node] = {}
        out = []
        for knode, vnode in node.value:
            if knode.__class__ is not ScalarNode or knode.tag not in _KEY_TAGS:
                self.problems.error(self.pos(knode), "E102", f"a key must be a plain word, got {_describe(knode)}")
                continue
            key = knode.value
            if key == "<<" and knode.tag is PLAIN:
                self.problems.error(self.pos(knode), "E101", "merge keys (<<) are not supported; write the keys out")
                continue
            if key in seen:
                first = self.pos(seen[key])
                self.problems.error(
                    self.pos(knode), "E007", f"duplicate key '{key}' (first at line {first.line}, column {first.col})"
                )
                continue
            seen[key] = knode
            out.append((key, knode, vnode))
        return out

    def _map(self, node: Node, kind: spec.MapOf) -> Doc | None:
        if node.__class__ is not MappingNode:
            self._bad(node, kind)
            return None
        out = Doc(self.file, _lc(node))
        for key, knode, vnode in self._keys(node):  # type: ignore[arg-type]
            if not _IDENT.match(key):
                self.problems.error(self.pos(knode), "E120", f"'{key}' is not a valid id")
                continue
            out.at[key] = _lc(vnode)
            v = self.read(vnode, kind.value)
            if v is not None:
                out[key] = v
        return out

    def _obj(self, node: Node, kind: spec.Obj) -> Doc | None:
        if node.__class__ is not MappingNode:
            self._bad(node, kind)
            return None
        out = Doc(self.file, _lc(node))
        fields = kind.fields
        read = self.read
        for key, knode, vnode in self._keys(node):  # type: ignore[arg-type]
            field = fields.get(key)
            if field is None:
                self.problems.error(
                    self.pos(knode), "E101", f"unknown key '{key}' in {kind.name}{did_you_mean(key, fields)}"
                )
                continue
            out.at[key] = _lc(vnode)
            v = read(vnode, field.kind)
            if v is not None:
                out[key] = v
        for key in kind.required:
            if key not in out.at:
                self.problems.error(self.pos(node), "E103", f"{kind.name} is missing required key '{key}'")
        return out


_CONTAINERS = {spec.Obj: Reader._obj, spec.ListOf: Reader._list, spec.MapOf: Reader._map}


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
