"""Reads YAML safely into plain values checked against a spec, keeping every value's position."""

from __future__ import annotations

import datetime as dt
import operator
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from petrograd1917.story import spec
from petrograd1917.story.files import display_path
from petrograd1917.story.problems import Pos, Problems, shown
from petrograd1917.story.suggest import did_you_mean

_STD = "tag:yaml.org,2002:"
# The tags the composer gives, as constants: `Reader.read` tells them apart by identity.
_STR, _SEQ, _MAP = _STD + "str", _STD + "seq", _STD + "map"
# A plain (unquoted) scalar whose type is decided only when it is read: keys never need it.
PLAIN = "!petrograd1917/plain"
_RESOLVER = yaml.resolver.Resolver()


# (A base chosen at run time is one mypy cannot follow: hence the ignore.)
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's composer where it is present; it only ever builds nodes, never Python objects.
    Typing plain scalars is deferred (see PLAIN): it is most of the composer's time in Python."""

    # Path-based resolvers are never used here, but the composer calls these two for every node: as
    # builtins that do nothing of use (no method is bound to a builtin) they cost a fifth less composing.
    descend_resolver = operator.is_  # (parent, index) -> a bool, ignored
    ascend_resolver = tuple  # () -> (), ignored

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return PLAIN if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP


def scalar_tag(node: ScalarNode) -> str:
    """The node's YAML 1.1 tag, resolving a plain scalar the way PyYAML would."""
    if node.tag == PLAIN:
        return _RESOLVER.resolve(ScalarNode, node.value, (True, False))
    return node.tag


_ALLOWED_TAGS = {_STD + t for t in ("str", "int", "bool", "null", "float", "timestamp", "map", "seq")} | {PLAIN}
# An alias re-reads a node already read; a document that re-reads this many nodes (contents, not
# just the aliased containers) is a "billion laughs".
MAX_ALIAS_ITEMS = 100_000
# Lists and mappings nest at most this deep. The story format needs ten levels at most.
MAX_DEPTH = 64
# libyaml's composer recurses on the C stack (about 350 bytes a level) below Python's recursion
# limit: deep enough nesting kills the process. A document that might nest deeper than this is
# measured exactly before it is composed; this much stays far inside any thread's stack.
_SAFE_DEPTH = 1000
_BLOCK_RUN = 40  # leading spaces and block indicators on a line above which the exact count runs
_IDENT = re.compile(spec.IDENT_PATTERN)
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_BOOL = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_INT = re.compile(r"[-+]?[0-9]+$")
# What a double-quoted escape (\e, \x9b, \0 ...) can put in a string; libyaml refuses them raw.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The escapes that can make one (\t and \n cannot, nor \" or \\ alone); a file without any is not walked.
_CONTROL_ESCAPE = re.compile(rb"\\[0abvfreNxuU]")


class Mark(Protocol):
    """Where a node starts, as the composer marks it (lines and columns count from 0)."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class Doc(dict[str, Any]):
    """A mapping read from YAML, with the place of itself and of each key's value.
    Places are kept as the composer's marks, turned into `Pos` only when a problem is reported,
    and the YAML nodes are not kept, so each file's node tree is freed as soon as it is read.
    `complete` is true when every key its spec requires was read with a good value."""

    __slots__ = ("file", "lc", "at", "complete")

    def __init__(self, file: str, lc: Mark | None = None) -> None:
        self.file = file
        self.lc = lc
        self.at: dict[str, Mark] = {}  # every key written in the file, valid or not
        self.complete = True

    @property
    def pos(self) -> Pos:
        lc = self.lc
        return Pos(self.file, lc.line + 1, lc.column + 1) if lc is not None else Pos(self.file)

    def where(self, key: str) -> Pos:
        value = self.get(key)
        if value.__class__ is ExprText:
            return value.pos
        m = self.at.get(key)
        return Pos(self.file, m.line + 1, m.column + 1) if m is not None else self.pos


class Seq(list[Any]):
    """A list read from YAML, with the place of each item kept."""

    __slots__ = ("file", "lc", "at")

    def __init__(self, file: str, lc: Mark | None = None) -> None:
        self.file = file
        self.lc = lc
        self.at: list[Mark] = []

    @property
    def pos(self) -> Pos:
        lc = self.lc
        return Pos(self.file, lc.line + 1, lc.column + 1) if lc is not None else Pos(self.file)

    def where(self, index: int) -> Pos:
        m = self.at[index]
        return Pos(self.file, m.line + 1, m.column + 1)


def _pos(file: str, node: Node | None) -> Pos:
    if node is None:
        return Pos(file)
    m = node.start_mark
    return Pos(file, m.line + 1, m.column + 1)


class ExprText(str):
    """Expression source text that knows where it starts in its file."""

    __slots__ = ("file", "line", "col")
    file: str
    line: int
    col: int

    def __new__(cls, text: str, file: str, line: int, col: int) -> ExprText:
        s = super().__new__(cls, text)
        s.file, s.line, s.col = file, line, col
        return s

    @classmethod
    def of(cls, node: ScalarNode, file: str) -> ExprText:
        """A scalar's text, placed where the expression starts (inside its quotes, if it has them)."""
        m = node.start_mark
        return cls(node.value, file, m.line + 1, m.column + 1 + (node.style in _QUOTES))

    @classmethod
    def at(cls, text: str, pos: Pos) -> ExprText:
        return cls(text, pos.file, pos.line, pos.col)

    @property
    def pos(self) -> Pos:
        return Pos(self.file, self.line, self.col)

    def __reduce__(self) -> tuple[Any, ...]:
        return (ExprText, (str(self), self.file, self.line, self.col))


_TAG_WORDS = {"str": "a string", "int": "an integer", "bool": "a boolean", "null": "nothing (null)",
              "float": "a number", "timestamp": "a date"}


def _describe(node: Node) -> str:
    if not isinstance(node, ScalarNode):
        return "a mapping" if isinstance(node, MappingNode) else "a list"
    tag = scalar_tag(node).removeprefix(_STD)
    if tag == "bool" and node.value.lower() not in ("true", "false"):
        # YAML 1.1 reads yes/no/on/off as booleans: a classic trap for a choice called 'on'.
        return f"a boolean ('{node.value}' is read as true/false: put it in quotes if you meant the word)"
    return _TAG_WORDS.get(tag, f"a {shown(tag)}")


_KEY_TAGS = (PLAIN, _STR, _STD + "int", _STD + "bool")
# A plain scalar starting with none of these can only be a string (PyYAML's implicit resolvers
# for bool, int, float, null, timestamp, merge and value all start with one of them).
_MAYBE_TYPED = set("yYnNtTfFoO-+0123456789.<~=")
_QUOTES = ("'", '"')  # a scalar's style when it was written in quotes


class Reader:
    """Reads one file's node tree against a spec, reporting problems into a shared collector.
    `aliases`: whether the tree may hold aliases (a node reached twice); a file with no `&` has none."""

    def __init__(self, file: str, problems: Problems, aliases: bool = True) -> None:
        self.file = file
        self.problems = problems
        self._seen: set[int] | None = set() if aliases else None
        self._alias_items = 0
        self.bombed = False
        self._tags: dict[str, str] = {}  # plain scalar -> its YAML 1.1 tag, resolved once a file

    def pos(self, node: Node) -> Pos:
        return _pos(self.file, node)

    def _bad(self, node: Node, kind: spec.Kind, what: str = "") -> None:
        hint = ""
        if isinstance(kind, spec.Str) and isinstance(node, ScalarNode) and node.tag == PLAIN:
            hint = f' (write "{shown(node.value)}" in quotes to keep it as text)'
        self.problems.error(self.pos(node), "E102", f"expected {what or kind.label}, got {_describe(node)}{hint}")

    def read(self, node: Node, kind: spec.Kind) -> Any:
        """Return the value of `node` as `kind`, or None after reporting why it is not one."""
        if self.bombed:
            return None
        if node.__class__ is ScalarNode:
            return self._scalar(node, kind)
        seen = self._seen
        if seen is not None:
            key = id(node)
            if key in seen:
                if self._too_many_aliases(node):
                    return None
            else:
                seen.add(key)
        if node.tag not in _ALLOWED_TAGS:
            self.problems.error(self.pos(node), "E005", f"tag '{shown(node.tag)}' is not allowed in story files")
            return None
        container = _CONTAINERS.get(kind.__class__)
        if container is None:
            self._bad(node, kind)
            return None
        return container(self, node, kind)

    def _scalar(self, node: ScalarNode, kind: spec.Kind) -> Any:
        tag = node.tag
        kcls = kind.__class__
        v = node.value
        if tag == PLAIN:  # (an explicit !petrograd1917/plain is one too, as scalar_tag says)
            if v and v[:1] not in _MAYBE_TYPED:
                tag = _STR  # a string for sure: no need to resolve it
            else:
                known = self._tags.get(v)
                if known is None:
                    known = self._tags[v] = _RESOLVER.resolve(ScalarNode, v, (True, False))
                tag = known
        elif tag is not _STR and tag not in _ALLOWED_TAGS:
            self.problems.error(self.pos(node), "E005", f"tag '{shown(tag)}' is not allowed in story files")
            return None
        if tag is _STR:
            # The common case: short-cut the checks for the kinds that take a string.
            if kcls is spec.Str:
                if kind.nonempty and not v.strip():  # type: ignore[attr-defined]
                    self.problems.error(self.pos(node), "E102", "expected a non-empty string")
                    return None
                return v
            if kcls is spec.Ident and _IDENT.match(v):
                return v
        if kcls in _CONTAINERS:
            return _CONTAINERS[kcls](self, node, kind)  # reports the scalar as the wrong type
        return _SCALARS[kcls](self, node, kind, tag.removeprefix(_STD), v)

    def _too_many_aliases(self, node: Node) -> bool:
        """An alias read again: count what it makes us read, every item of it, not the one container."""
        self._alias_items += len(node.value)
        if self._alias_items > MAX_ALIAS_ITEMS:
            self.bombed = True
            self.problems.error(
                self.pos(node), "E006", "too many aliases: the document expands without bound (a 'billion laughs'?)"
            )
        return self.bombed

    # --- scalars, one reader a kind (see _SCALARS); `tag` is the YAML tag without its prefix ---------

    def _str(self, node: ScalarNode, kind: spec.Str, tag: str, v: str) -> str | None:
        if tag != "str":
            self._bad(node, kind)
            return None
        if kind.nonempty and not v.strip():
            self.problems.error(self.pos(node), "E102", "expected a non-empty string")
            return None
        return v

    def _ident(self, node: ScalarNode, kind: spec.Ident, tag: str, v: str) -> str | None:
        if tag != "str":
            self._bad(node, kind)
            return None
        if not _IDENT.match(v):
            self.problems.error(self.pos(node), "E120", f"'{shown(v)}' is not a valid id (use lower case letters, digits and _)")
            return None
        return v

    def _enum(self, node: ScalarNode, kind: spec.Enum, tag: str, v: str) -> str | None:
        if tag != "str" or v not in kind.values:
            said = shown(v) if tag == "str" else _describe(node)
            self.problems.error(self.pos(node), "E122", f"'{said}' is not {kind.label}{did_you_mean(v, kind.values)}")
            return None
        return v

    def _number(self, node: ScalarNode, v: str, low: int | None = None, high: int | None = None) -> int | None:
        """A decimal integer of at most spec.MAX_INT_DIGITS digits, within low..high."""
        if not _INT.match(v):
            self.problems.error(self.pos(node), "E102", f"'{shown(v)}' is not written in decimal digits")
            return None
        if len(v.lstrip("+-")) > spec.MAX_INT_DIGITS:
            self.problems.error(self.pos(node), "E118", f"'{shown(v, 24)}' has {len(v.lstrip('+-')):,} digits: "
                                                        f"at most {spec.MAX_INT_DIGITS} are allowed")
            return None
        n = int(v)
        if low is not None and n < low:
            self.problems.error(self.pos(node), "E118", f"{n} is less than {low}")
            return None
        if high is not None and n > high:
            self.problems.error(self.pos(node), "E118", f"{n} is more than {high:,}")
            return None
        return n

    def _int(self, node: ScalarNode, kind: spec.Int, tag: str, v: str) -> int | None:
        if tag != "int":
            self._bad(node, kind)
            return None
        return self._number(node, v, kind.min, kind.max)

    def _bool(self, node: ScalarNode, kind: spec.Bool, tag: str, v: str) -> bool | None:
        if tag != "bool":
            self._bad(node, kind)
            return None
        return _BOOL[v.lower()]

    def _date(self, node: ScalarNode, kind: spec.Date, tag: str, v: str) -> dt.date | None:
        m = _DATE.match(v)
        if not m:
            self._bad(node, kind)
            return None
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as e:
            self.problems.error(self.pos(node), "E108", f"'{v}' is not a real date ({e})")
            return None

    def _time(self, node: ScalarNode, kind: spec.Time, tag: str, v: str) -> str | None:
        # Unquoted 21:45 is a YAML 1.1 base-60 integer; its source text is still what we want.
        if tag not in ("str", "int") or not _TIME.match(v):
            self.problems.error(self.pos(node), "E109", f"'{shown(v)}' is not a time of day HH:MM")
            return None
        return v

    def _scalar_value(self, node: ScalarNode, kind: spec.Scalar, tag: str, v: str) -> Any:
        if tag == "str":
            return v
        if tag == "int":
            return self._number(node, v)
        if tag == "bool":
            return _BOOL[v.lower()]
        self._bad(node, kind)
        return None

    def _expr(self, node: ScalarNode, kind: spec.Expr, tag: str, v: str) -> ExprText | None:
        # Kept as source text with its position; the expression parser reads it later.
        if tag in ("str", "int", "bool"):
            return ExprText.of(node, self.file)
        self._bad(node, kind)
        return None

    # --- containers --------------------------------------------------------------------------------

    def _list(self, node: Node, kind: spec.ListOf) -> Seq | None:
        if node.__class__ is not SequenceNode:
            item = kind.item
            what = (f"a list of {item.name}s" if isinstance(item, spec.Obj)
                    else f"a list of {item.label.removeprefix('a ').removeprefix('an ')}s")
            self._bad(node, kind, what)
            return None
        out = Seq(self.file, node.start_mark)
        if len(node.value) < kind.min_items:
            self.problems.error(self.pos(node), "E102", f"expected at least {kind.min_items} item(s), got none")
        item_kind = kind.item
        ident = item_kind.__class__ is spec.Ident
        # Mappings read as objects (scenes, choices) straight away when no alias can make one read twice.
        obj = item_kind if isinstance(item_kind, spec.Obj) and self._seen is None else None
        read = self.read
        append, at = out.append, out.at.append
        for item in node.value:
            if obj is not None and item.__class__ is MappingNode and item.tag is _MAP:
                v = self._obj(item, obj)  # (what read would do: the tag is allowed, not bombed)
                append(v)
                at(item.start_mark)
                continue
            if ident and item.__class__ is ScalarNode and not self.bombed:
                v = item.value  # the common case, an id (say of a role): no call needed
                if (item.tag is _STR or (item.tag is PLAIN and v and v[:1] not in _MAYBE_TYPED)) and _IDENT.match(v):
                    append(v)
                    at(item.start_mark)
                    continue
            v = read(item, item_kind)
            if v is not None:
                append(v)
                at(item.start_mark)
        return out

    def _keys(self, node: MappingNode) -> list[tuple[str, Node, Node]]:
        """The mapping's (key, key node, value node), reporting non-string and duplicate keys."""
        seen: dict[str, Node] = {}
        out: list[tuple[str, Node, Node]] = []
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
                    self.pos(knode), "E007", f"duplicate key '{shown(key)}' (first at line {first.line}, column {first.col})"
                )
                continue
            seen[key] = knode
            out.append((key, knode, vnode))
        return out

    def _keys_after(self, node: MappingNode, start: int, done: int) -> list[tuple[str, Node, Node]]:
        """The mapping's keys after its first `done`, which were good; every key's problem reported
        before those its first values made (since problem `start`), as one reading in order tells them."""
        items = self.problems.items
        earlier = items[start:]
        del items[start:]
        pairs = self._keys(node)
        items.extend(earlier)
        return pairs[done:]

    def _map(self, node: Node, kind: spec.MapOf) -> Doc | None:
        if node.__class__ is not MappingNode:
            self._bad(node, kind)
            return None
        out = Doc(self.file, node.start_mark)
        at = out.at
        value_kind = kind.value
        start = len(self.problems.items)
        for knode, vnode in node.value:
            if (knode.__class__ is not ScalarNode or knode.tag not in _KEY_TAGS or knode.value in at
                    or not _IDENT.match(knode.value)):
                self._map_rest(node, kind, out, self._keys_after(node, start, len(at)))
                break
            at[knode.value] = vnode.start_mark
            v = self.read(vnode, value_kind)
            if v is not None:
                out[knode.value] = v
        return out

    def _map_rest(self, node: MappingNode, kind: spec.MapOf, out: Doc, pairs: list[tuple[str, Node, Node]]) -> None:
        for key, knode, vnode in pairs:
            if not _IDENT.match(key):
                self.problems.error(self.pos(knode), "E120", f"'{shown(key)}' is not a valid id")
                continue
            out.at[key] = vnode.start_mark
            v = self.read(vnode, kind.value)
            if v is not None:
                out[key] = v

    def _obj(self, node: Node, kind: spec.Obj) -> Doc | None:
        if node.__class__ is not MappingNode:
            self._bad(node, kind)
            return None
        out = Doc(self.file, node.start_mark)
        kinds = kind.kinds
        at = out.at
        start = len(self.problems.items)
        for knode, vnode in node.value:
            # Keys are read here while each is a field's, said once; at the first that is not, the rest
            # of the mapping is read as _keys tells (at holds every key before it, all good).
            if knode.__class__ is not ScalarNode or knode.tag not in _KEY_TAGS or knode.value in at:
                self._obj_rest(node, kind, out, self._keys_after(node, start, len(at)))
                break
            key = knode.value
            field = kinds.get(key)
            if field is None:
                self._obj_rest(node, kind, out, self._keys_after(node, start, len(at)))
                break
            at[key] = vnode.start_mark
            if vnode.__class__ is ScalarNode and not self.bombed:
                # The common cases read here, as read would: a string, an id, a quoted time, an
                # expression written as a string, a date.
                v = vnode.value
                fcls = field.__class__
                tag = vnode.tag
                if tag is _STR or (tag is PLAIN and v and v[:1] not in _MAYBE_TYPED):
                    if (fcls is spec.Str and (v.strip() or not field.nonempty)) or (  # type: ignore[attr-defined]
                            fcls is spec.Ident and _IDENT.match(v)) or (
                            fcls is spec.Time and tag is _STR and _TIME.match(v)):
                        out[key] = v
                        continue
                    if fcls is spec.Expr:
                        out[key] = ExprText.of(vnode, self.file)
                        continue
                elif fcls is spec.Date and tag is PLAIN:
                    v = self._date(vnode, field, "", v)  # type: ignore[arg-type]  # (its tag does not matter)
                    if v is not None:
                        out[key] = v
                    continue
            v = self.read(vnode, field)
            if v is not None:
                out[key] = v
        for key in kind.required:
            if key not in out:
                self._incomplete(node, kind, out, key)
        return out

    def _obj_rest(self, node: MappingNode, kind: spec.Obj, out: Doc, pairs: list[tuple[str, Node, Node]]) -> None:
        for key, knode, vnode in pairs:
            field = kind.fields.get(key)
            if field is None:
                self.problems.error(
                    self.pos(knode), "E101", f"unknown key '{shown(key)}' in {kind.name}{did_you_mean(key, kind.fields)}"
                )
                continue
            out.at[key] = vnode.start_mark
            v = self.read(vnode, field.kind)
            if v is not None:
                out[key] = v

    def _incomplete(self, node: MappingNode, kind: spec.Obj, out: Doc, key: str) -> None:
        """A required key without a good value; reported when it is not there at all."""
        out.complete = False
        if key not in out.at:
            self.problems.error(self.pos(node), "E103", f"{kind.name} is missing required key '{key}'")


_CONTAINERS: dict[type, Callable[..., Any]] = {spec.Obj: Reader._obj, spec.ListOf: Reader._list, spec.MapOf: Reader._map}
_SCALARS: dict[type, Callable[..., Any]] = {
    spec.Str: Reader._str, spec.Ident: Reader._ident, spec.Enum: Reader._enum, spec.Int: Reader._int,
    spec.Bool: Reader._bool, spec.Date: Reader._date, spec.Time: Reader._time, spec.Scalar: Reader._scalar_value,
    spec.Expr: Reader._expr,
}


# --- from bytes to a node tree, refusing what would crash or mislead ---------------------------------


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


# Flow nesting: keep the brackets and what may stand between two brackets without them being a pair
# (quotes and comments). Inside a flow collection a bracket outside quotes and comments is a bracket,
# so when an opening one is a real one, the closing one adjacent to it is its real pair.
_FLOW_DELETE = bytes(b for b in range(256) if b not in b"[]{}'\"#")
_PAIRS = (b"[]", b"{}")
# Block nesting: each level starts further right, in the run of spaces and indicators a line starts with.
_BLOCK_TABLE = bytes(32 if b in b" \t-?:" else 10 if b == 13 else b for b in range(256))
_RUN = b" " * _BLOCK_RUN
_LINE_BREAKS = ("\u2028", "\u2029")  # LS and PS: libyaml breaks lines there too


def _depth_bound(raw: bytes, text: str) -> int:
    """An upper bound, cheap to compute, on how deep the document's lists and mappings nest:
    two levels a column for block nesting, plus the flow brackets that may be open at once."""
    unknown = _SAFE_DEPTH + 1  # let the exact count decide
    if not text.isascii() and (_LINE_BREAKS[0] in text or _LINE_BREAKS[1] in text):
        return unknown
    block = raw.translate(_BLOCK_TABLE)
    if block.startswith(_RUN) or b"\n" + _RUN in block:
        return unknown
    flow = raw.translate(None, _FLOW_DELETE)
    base = 2 * _BLOCK_RUN + 2
    if base + flow.count(b"[") + flow.count(b"{") <= _SAFE_DEPTH:  # as if none closed: most files stop here
        return base + flow.count(b"[") + flow.count(b"{")
    rounds = 0  # each replace removes pairs adjacent at that moment, never one inside another
    while rounds <= MAX_DEPTH:
        before = len(flow)
        for pair in _PAIRS:
            fewer = flow.replace(pair, b"")
            if len(fewer) < len(flow):
                flow, rounds = fewer, rounds + 1
        if len(flow) == before:
            return base + rounds + flow.count(b"[") + flow.count(b"{")
    return unknown


def _too_deep(raw: bytes, name: str, problems: Problems) -> bool:
    """Count the nesting exactly from the parser's events (no tree is built); report it if too deep."""
    depth = 0
    for event in yaml.parse(raw, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                m = event.start_mark  # the parser marks every event; None only in the stubs' types
                problems.error(Pos(name, m.line + 1, m.column + 1) if m else Pos(name), "E008",
                               f"lists and mappings nest more than {MAX_DEPTH} levels deep here")
                return True
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return False


def _text(raw: bytes, name: str, problems: Problems) -> str | None:
    """The file's text: UTF-8, not empty, and no control character libyaml would take for a line break (NEL)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _line_col(raw, e.start)
        problems.error(Pos(name, line, col), "E003", f"file is not UTF-8 text (byte 0x{raw[e.start]:02x})")
        return None
    if not raw or raw.isspace():
        problems.error(Pos(name), "E002", "file is empty")
        return None
    if not text.isascii() and "\x85" in text:
        problems.error(Pos(name, *_line_col(raw, raw.find(b"\xc2\x85"))), "E009",
                       "control character \\x85 (next line): only newline and tab are allowed")
        return None
    return text


def _yaml_error(e: yaml.YAMLError, raw: bytes, name: str, problems: Problems) -> None:
    if isinstance(e, yaml.MarkedYAMLError):
        mark = e.problem_mark or e.context_mark
        where = Pos(name, mark.line + 1, mark.column + 1) if mark else Pos(name)
        problems.error(where, "E004", f"YAML syntax error: {shown(str(e.problem or e.context), 200)}")
    elif isinstance(e, yaml.reader.ReaderError) and 0 <= e.position < len(raw):
        # libyaml refuses control characters in the text itself: say which, escaped, and where.
        where = Pos(name, *_line_col(raw, e.position))
        char = chr(e.character) if isinstance(e.character, int) else str(e.character)
        if _CONTROL.match(char):
            problems.error(where, "E009", f"control character {shown(char)}: only newline and tab are allowed")
        else:
            problems.error(where, "E004", f"YAML error: {shown(str(e.reason), 200)}")
    else:  # e.g. more than one document
        problems.error(Pos(name), "E004", f"YAML error: {shown(str(e), 200)}")


def _escaped_controls(node: Node, name: str, problems: Problems) -> None:
    """Report every double-quoted string (key or value) whose escapes make a control character."""
    stack, seen = [node], set()
    while stack:
        n = stack.pop()
        if n.__class__ is ScalarNode:
            if n.style == '"':
                bad = _CONTROL.search(n.value)
                if bad:
                    problems.error(_pos(name, n), "E009", f"control character {shown(bad.group())} in a string: "
                                   "only newline and tab are allowed")
        elif id(n) not in seen:
            seen.add(id(n))
            stack.extend(n.value if n.__class__ is SequenceNode else (x for pair in n.value for x in pair))


def compose(raw: bytes, name: str, problems: Problems) -> Node | None:
    """The node tree of one YAML document, or None after reporting why there is none."""
    text = _text(raw, name, problems)
    if text is None:
        return None
    try:
        if _depth_bound(raw, text) > _SAFE_DEPTH and _too_deep(raw, name, problems):
            return None
        node = yaml.compose(raw, Loader=_Loader)
    except yaml.YAMLError as e:
        _yaml_error(e, raw, name, problems)
        return None
    if node is None:
        problems.error(Pos(name), "E002", "file is empty (only comments)")
        return None
    if _CONTROL_ESCAPE.search(raw):  # only a double-quoted escape can make a control character
        _escaped_controls(node, name, problems)
    return node


def read_bytes(path: Path, problems: Problems, max_bytes: int | None = None) -> bytes | None:
    """The file's bytes: a regular file only (a FIFO would hang, /dev/zero never end), within max_bytes."""
    name = display_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        problems.error(Pos(name), "E001", f"cannot read file: {e.strerror or e}")
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            problems.error(Pos(name), "E001", "cannot read file: not a regular file")
            return None
        if max_bytes is not None and st.st_size > max_bytes:
            problems.error(Pos(name), "E001", f"cannot read file: larger than {max_bytes:,} bytes")
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(-1 if max_bytes is None else max_bytes + 1)
        if max_bytes is not None and len(raw) > max_bytes:  # it grew while being read
            problems.error(Pos(name), "E001", f"cannot read file: larger than {max_bytes:,} bytes")
            return None
        return raw
    except OSError as e:
        problems.error(Pos(name), "E001", f"cannot read file: {e.strerror or e}")
        return None
    finally:
        os.close(fd)


def read_doc(raw: bytes, path: Path, kind: spec.Kind, problems: Problems) -> Any:
    """Read a file's bytes as `kind`; every problem goes to `problems`; returns None when unusable."""
    name = display_path(path)
    node = compose(raw, name, problems)
    if node is None:
        return None
    return Reader(name, problems, aliases=b"&" in raw).read(node, kind)


def read_file(path: Path, kind: spec.Kind, problems: Problems, max_bytes: int | None = None) -> Any:
    """Read one YAML file as `kind`; every problem goes to `problems`; returns None when unusable."""
    raw = read_bytes(path, problems, max_bytes)
    return None if raw is None else read_doc(raw, path, kind, problems)
