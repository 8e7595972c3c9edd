"""The condition and effect language: parsed once at load time by our own parser, never eval'ed.

Grammar (lowest precedence first):
    expr  := and ('or' and)*
    and   := not ('and' not)*
    not   := 'not' not | cmp
    cmp   := sum (('=='|'!='|'<'|'<='|'>'|'>=') sum)?
    sum   := prod (('+'|'-') prod)*
    prod  := unary (('*'|'/'|'%') unary)*      integer division rounds down; / 0 and % 0 give 0
    unary := '-' unary | atom
    atom  := INT | 'string' | "string" | true | false | NAME | '(' expr ')'
           | min(expr, expr) | max(expr, expr)
           | visits(SCENE) | seen(SCENE) | chose(SCENE.CHOICE)

`visits`, `seen` and `chose` read what the play-through has done (kept beside the variables under
the reserved keys VISITS and CHOSEN); their arguments are bare ids, which the loader checks.

An expression is a tree of tuples (plain data, so a cached story keeps it) and is
compiled to a closure over the game's variables when the engine is built.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

from petrograd1917.story.suggest import did_you_mean

Ast = tuple[Any, ...]
TYPES = ("bool", "int", "str")

# ASCII digits only: Python's \d would read '١٢' as 12.
_TOKEN = re.compile(
    r"""\s*(?:
      (?P<int>[0-9]+)
    | (?P<str>'[^']*'|"[^"]*")
    | (?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|%|\(|\)|,|\.)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<bad>\S)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "true", "false"}
# What a writer of other languages types, and what to write instead.
_FOREIGN = {"=": "'==' to compare", "&": "'and'", "|": "'or'", "!": "'not' (or '!=' to compare)"}
FUNCTIONS = ("min", "max", "visits", "seen", "chose")
VISITS, CHOSEN = "@visits", "@chosen"  # reserved keys of a game's values: no variable name has '@'


def chosen_key(scene_id: str, choice_id: str) -> str:
    """How a taken choice is kept under CHOSEN: 'scene.choice'."""
    return f"{scene_id}.{choice_id}"

_ARITH = {"*": "mul", "/": "div", "%": "mod"}
_CMP = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
# Brackets, 'not' and '-' open inside each other at most this deep (the parser recurses on each) ...
MAX_NESTING = 32
# ... and a tree is at most this deep, counting one level for each operator of a chain such as
# 'a or b or c': what reads a tree (the engine, the analyses, the cache) recurses on it.
MAX_TREE_DEPTH = 64
MAX_INT_DIGITS = 18  # as spec.MAX_INT_DIGITS (expr sits below spec and cannot import it)

Parsed = tuple[Ast, str, int]  # a subtree, its type and its depth in operators (a leaf is 0)


class ExprError(Exception):
    """A problem in an expression, at a character offset within it."""

    def __init__(self, offset: int, code: str, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.code = code
        self.message = message


def _quoted(text: str) -> str:
    """A character or word of the expression, safe to put in a message."""
    return "'" + (text if text.isprintable() else text.encode("unicode_escape").decode("ascii")) + "'"


def _tokens(src: str) -> list[tuple[str, str, int]]:
    out = []
    pos = 0
    src = src.rstrip()
    while pos < len(src):
        m = _TOKEN.match(src, pos)
        if m is None:  # only trailing white space is left
            break
        kind = m.lastgroup or "bad"
        text = m.group(kind)
        start = m.start(kind)
        if kind == "bad":
            hint = _FOREIGN.get(text)
            raise ExprError(start, "E110", f"unexpected character {_quoted(text)}" + (f": use {hint}" if hint else ""))
        if kind == "name" and text in _KEYWORDS:
            kind = text
        out.append((kind, text, start))
        pos = m.end()
    out.append(("end", "", len(src)))
    return out


class _Parser:
    def __init__(self, src: str, types: Mapping[str, str], suggest: Callable[[str], str]) -> None:
        self.toks = _tokens(src)
        self.i = 0
        self.types = types
        self.suggest = suggest
        self.nesting = 0

    def peek(self) -> tuple[str, str, int]:
        return self.toks[self.i]

    def take(self) -> tuple[str, str, int]:
        t = self.toks[self.i]
        self.i += 1
        return t

    def parse(self) -> tuple[Ast, str]:
        if self.peek()[0] == "end":
            raise ExprError(0, "E110", "empty expression")
        tree, typ, _ = self.or_()
        kind, text, at = self.peek()
        if kind != "end":
            raise ExprError(at, "E110", f"unexpected {_quoted(text)} after the end of the expression")
        return tree, typ

    def _need(self, typ: str, want: str, at: int, what: str) -> None:
        if typ != want:
            raise ExprError(at, "E112", f"{what} needs {want}, got {typ}")

    def _deeper(self, depth: int, at: int) -> int:
        if depth > MAX_TREE_DEPTH:
            raise ExprError(at, "E124", f"the expression is more than {MAX_TREE_DEPTH} operators deep: "
                                        "split it over several choices or variables")
        return depth

    def _nested(self, at: int, inner: Callable[[], Parsed]) -> Parsed:
        """Parse what a bracket, 'not' or '-' opens at `at`, at most MAX_NESTING inside each other."""
        if self.nesting >= MAX_NESTING:
            raise ExprError(at, "E124", f"more than {MAX_NESTING} brackets, 'not's and '-'s inside each other")
        self.nesting += 1
        try:
            return inner()
        finally:
            self.nesting -= 1

    def _bool_chain(self, word: str, operand: Callable[[], Parsed]) -> Parsed:
        """`operand (word operand)*` for 'and' and 'or': both sides must be bool."""
        at = self.peek()[2]
        left, lt, depth = operand()
        while self.peek()[0] == word:
            op_at = self.take()[2]
            self._need(lt, "bool", at, f"'{word}'")
            r_at = self.peek()[2]
            right, rt, r_depth = operand()
            self._need(rt, "bool", r_at, f"'{word}'")
            left, lt, depth = (word, left, right), "bool", self._deeper(max(depth, r_depth) + 1, op_at)
        return left, lt, depth

    def or_(self) -> Parsed:
        return self._bool_chain("or", self.and_)

    def and_(self) -> Parsed:
        return self._bool_chain("and", self.not_)

    def not_(self) -> Parsed:
        if self.peek()[0] == "not":
            at = self.take()[2]
            inner, t, depth = self._nested(at, self.not_)
            self._need(t, "bool", at, "'not'")
            return ("not", inner), "bool", self._deeper(depth + 1, at)
        return self.cmp()

    def cmp(self) -> Parsed:
        at = self.peek()[2]
        left, lt, depth = self.sum()
        kind, text, op_at = self.peek()
        if kind == "op" and text in _CMP:
            self.take()
            r_at = self.peek()[2]
            right, rt, r_depth = self.sum()
            if text in ("==", "!="):
                if lt != rt:
                    raise ExprError(at, "E112", f"cannot compare {lt} with {rt} using '{text}'")
            else:
                self._need(lt, "int", at, f"'{text}'")
                self._need(rt, "int", r_at, f"'{text}'")
            return ("cmp", text, left, right), "bool", self._deeper(max(depth, r_depth) + 1, op_at)
        return left, lt, depth

    def _int_chain(self, ops: dict[str, str], operand: Callable[[], Parsed]) -> Parsed:
        """`operand (op operand)*` for integer operators, left to right."""
        at = self.peek()[2]
        left, lt, depth = operand()
        while self.peek()[0] == "op" and self.peek()[1] in ops:
            _, op, op_at = self.take()
            self._need(lt, "int", at, f"'{op}'")
            r_at = self.peek()[2]
            right, rt, r_depth = operand()
            self._need(rt, "int", r_at, f"'{op}'")
            left, lt = (ops[op], left, right), "int"
            depth = self._deeper(max(depth, r_depth) + 1, op_at)
        return left, lt, depth

    def sum(self) -> Parsed:
        return self._int_chain({"+": "add", "-": "sub"}, self.prod)

    def prod(self) -> Parsed:
        return self._int_chain(_ARITH, self.unary)

    def unary(self) -> Parsed:
        kind, text, at = self.peek()
        if kind == "op" and text == "-":
            self.take()
            inner, t, depth = self._nested(at, self.unary)
            self._need(t, "int", at, "'-'")
            return ("neg", inner), "int", self._deeper(depth + 1, at)
        return self.atom()

    def atom(self) -> Parsed:
        kind, text, at = self.take()
        if kind == "int":
            if len(text) > MAX_INT_DIGITS:
                raise ExprError(at, "E118", f"a number of {len(text):,} digits: at most {MAX_INT_DIGITS} are allowed")
            return ("lit", int(text)), "int", 0
        if kind == "str":
            return ("lit", text[1:-1]), "str", 0
        if kind in ("true", "false"):
            return ("lit", kind == "true"), "bool", 0
        if kind == "name" and text in FUNCTIONS and self.peek()[1] == "(":
            return self._call(text, at)
        if kind == "name":
            typ = self.types.get(text)
            if typ is None:
                raise ExprError(at, "E111", f"unknown variable '{text}'{self.suggest(text)}")
            return ("var", text), typ, 0
        if kind == "op" and text == "(":
            inner = self._nested(at, self.or_)
            _, t2, at2 = self.take()
            if t2 != ")":
                raise ExprError(at2, "E110", "expected ')'")
            return inner
        if kind == "end":
            raise ExprError(at, "E110", "the expression ends too soon")
        if kind == "op" and text == "=" or text in _FOREIGN:
            raise ExprError(at, "E110", f"unexpected {_quoted(text)}: use {_FOREIGN[text]}")
        raise ExprError(at, "E110", f"unexpected {_quoted(text)}")

    def _expect(self, want: str) -> int:
        kind, text, at = self.take()
        if text != want:
            found = "the end" if kind == "end" else _quoted(text)
            raise ExprError(at, "E110", f"expected '{want}', found {found}")
        return at

    def _id(self) -> str:
        kind, text, at = self.take()
        if kind != "name":
            raise ExprError(at, "E110", f"expected an id, found {'the end' if kind == 'end' else _quoted(text)}")
        return text

    def _call(self, name: str, at: int) -> Parsed:
        """min(a, b), max(a, b); visits(SCENE), seen(SCENE), chose(SCENE.CHOICE) with bare ids."""
        self._expect("(")
        if name in ("min", "max"):
            a, at_, da = self._nested(at, self.or_)
            self._need(at_, "int", at, f"'{name}'")
            self._expect(",")
            b, bt, db = self._nested(at, self.or_)
            self._need(bt, "int", at, f"'{name}'")
            self._expect(")")
            return (name, a, b), "int", self._deeper(max(da, db) + 1, at)
        scene = self._id()
        if name == "chose":
            self._expect(".")
            choice = self._id()
            self._expect(")")
            return ("chose", scene, choice, at), "bool", 0
        self._expect(")")
        return (name, scene, at), ("int" if name == "visits" else "bool"), 0


def parse(src: str, types: Mapping[str, str], suggest: Callable[[str], str] | None = None) -> tuple[Ast, str]:
    """Parse `src` against variables `types` (name -> bool/int/str); return (tree, result type).
    `suggest` turns an unknown name into ' (did you mean ...?)'; by default the nearest of `types`."""
    if suggest is None:
        def suggest(word: str) -> str:
            return did_you_mean(word, types)

    return _Parser(src, types, suggest).parse()


def variables(tree: Ast) -> set[str]:
    """The variable names an expression reads."""
    if tree[0] == "var":
        return {tree[1]}
    if tree[0] in ("lit", "visits", "seen", "chose"):
        return set()
    out: set[str] = set()
    for part in tree[1:]:
        if isinstance(part, tuple):
            out |= variables(part)
    return out


def progress_refs(tree: Ast) -> list[tuple[str, str, str | None, int]]:
    """What an expression reads of the play-through: (function, scene, choice or None, offset)."""
    tag = tree[0]
    if tag in ("visits", "seen"):
        return [(tag, tree[1], None, tree[2])]
    if tag == "chose":
        return [(tag, tree[1], tree[2], tree[3])]
    if tag in ("lit", "var"):
        return []
    out: list[tuple[str, str, str | None, int]] = []
    for part in tree[1:]:
        if isinstance(part, tuple):
            out += progress_refs(part)
    return out


def _div(a: int, b: int) -> int:
    return a // b if b else 0


def _mod(a: int, b: int) -> int:
    return a % b if b else 0


_INT_OPS: dict[str, Callable[[int, int], int]] = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": _div, "mod": _mod, "min": min, "max": max}


Compiled = Callable[[Mapping[str, Any]], Any]


_COMPILED: dict[str, Compiled] = {}


def compile_expr(tree: Ast) -> Compiled:
    """Turn a parsed tree into a closure over a variables mapping (no eval, no code objects).
    Equal conditions across a story share one closure. The cache is keyed by repr, not by the
    tuple: ('lit', True) == ('lit', 1) in Python, and they must not share a closure."""
    key = repr(tree)
    fn = _COMPILED.get(key)
    if fn is None:
        fn = _COMPILED[key] = _compile(tree)
    return fn


def _compile(tree: Ast) -> Compiled:
    tag = tree[0]
    if tag == "lit":
        value = tree[1]
        return lambda v: value
    if tag == "var":
        name = tree[1]
        return lambda v: v[name]
    if tag == "not":
        inner = compile_expr(tree[1])
        return lambda v: not inner(v)
    if tag == "neg":
        inner = compile_expr(tree[1])
        return lambda v: -inner(v)
    if tag == "cmp":
        op = _CMP[tree[1]]
        a, b = compile_expr(tree[2]), compile_expr(tree[3])
        return lambda v: op(a(v), b(v))
    if tag in ("visits", "seen", "chose"):
        return _compile_progress(tree)
    a, b = compile_expr(tree[1]), compile_expr(tree[2])
    if tag == "and":
        return lambda v: a(v) and b(v)
    if tag == "or":
        return lambda v: a(v) or b(v)
    if tag == "add":
        return lambda v: a(v) + b(v)
    if tag == "sub":
        return lambda v: a(v) - b(v)
    if tag in _INT_OPS:
        fn = _INT_OPS[tag]
        return lambda v: fn(a(v), b(v))
    raise ValueError(f"unknown expression node {tag!r}")  # pragma: no cover


def _compile_progress(tree: Ast) -> Compiled:
    tag, scene = tree[0], tree[1]
    if tag == "visits":
        return lambda v: v[VISITS].get(scene, 0)
    if tag == "seen":
        return lambda v: scene in v[VISITS]
    key = chosen_key(scene, tree[2])
    return lambda v: key in v[CHOSEN]


def evaluate(tree: Ast, values: Mapping[str, Any]) -> Any:
    return compile_expr(tree)(values)
