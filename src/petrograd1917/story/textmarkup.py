"""Text that varies with the state: `{expr}`, `{if}…{end}`, `{seq|…}` and kin, `{>snippet}`.

Parsed once into a tree of plain tuples (so a cached story can hold it as data) and compiled once
into closures; rendering a scene is then one call per node. Syntax (docs/format.md):

    {EXPR}                      the value: int as digits, str as itself, bool as yes/no
    {if E}…{elif E}…{else}…{end}  conditional text; nestable; may span paragraphs
    {seq|A|B|C}                 A on the first visit, B on the second, C on every later one
    {cycle|A|B}                 A, B, A, B … by visit
    {once|A|B}                  A on the first visit, B on the second, nothing after
    {shuffle|A|B|C}             one of them, drawn with the game's seeded random numbers
    {>ID}                       the text of snippet ID
    {{  }}                      literal braces (in running text; inside a tag, use a snippet)

Trees:  ("lit", str) | ("expr", Ast) | ("if", ((cond Ast, body), ...), else body, offsets)
        | ("alt", kind, (body, ...)) | ("snip", id)        where body is a tuple of trees.
An {if}'s `offsets` are where each branch's tag starts in the text (its '{'), then its {else}'s
(-1 when it has none): tools that speak of one branch (quicktest) locate it with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from petrograd1917.story.expr import Ast

Node = tuple[Any, ...]
Body = tuple[Node, ...]
ALTERNATIVES = ("seq", "cycle", "once", "shuffle")
_BRACE = re.compile(r"[{}]")
# One step of parsing: running text, then an escape, a tag with no brace inside, or a lone brace
# (a tag with tags inside, or a mistake); all None at the end of the text.
_PIECE = re.compile(r"([^{}]*)(?:(\{\{|\}\})|\{([^{}]*)\}|([{}]))?")
_SNIPPET_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_DEPTH = 16  # nesting of {if} and alternatives: deeper is surely a mistake, and bounds recursion


class TextError(Exception):
    """A problem in varying text, at a character offset within it."""

    def __init__(self, offset: int, code: str, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.code = code
        self.message = message


def has_markup(src: str) -> bool:
    """Whether a text needs parsing at all: most prose has no braces and is shown as written."""
    return "{" in src or "}" in src


# -- parsing -------------------------------------------------------------------------------------

ParseExpr = Callable[[str, int], tuple[Ast, str]]  # (source, offset of source) -> (tree, type)


@dataclass
class _Frame:
    """An open {if}: the branches so far, and the body being filled."""

    at: int
    branches: list[tuple[Ast, list[Node]]]
    else_body: list[Node] | None
    tags: list[int]  # where each branch's tag starts, then the {else}'s

    @property
    def body(self) -> list[Node]:
        return self.else_body if self.else_body is not None else self.branches[-1][1]


def _closing_brace(src: str, start: int) -> int:
    """The index of the '}' that closes the '{' at `start`, counting nested tags; -1 if none.
    Inside a tag every brace is a tag's brace: `{{` and `}}` are escapes only in running text."""
    depth = 0
    for i in range(start, len(src)):
        ch = src[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _split_alternatives(inner: str, base: int) -> list[tuple[str, int]]:
    """Split `A|B|C` on the bars that are not inside a nested tag; each part with its offset."""
    parts: list[tuple[str, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(inner):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append((inner[start:i], base + start))
            start = i + 1
    parts.append((inner[start:], base + start))
    return parts


class _TextParser:
    def __init__(self, parse_expr: ParseExpr, depth: int, snippets: set[str]) -> None:
        self.parse_expr = parse_expr
        self.depth = depth
        self.snippets = snippets  # the snippets the text includes, found as it is parsed

    def parse(self, src: str, base: int) -> Body:
        """Every story text passes through here at load: kept to few calls per tag (see bench/text.py)."""
        if self.depth > MAX_DEPTH:
            raise TextError(base, "E135", f"text is nested more than {MAX_DEPTH} deep")
        if "{" not in src and "}" not in src:
            return (("lit", src),) if src else ()
        top: list[Node] = []
        out = top  # the body being filled: the innermost open {if}'s, or the top
        stack: list[_Frame] = []
        lit: list[str] = []  # running text not yet added to `out`
        i = 0
        while True:
            run, escape, inner, lone = _PIECE.match(src, i).groups()  # type: ignore[union-attr]  # matches anywhere
            j = i + len(run)  # where the brace (if any) is
            if run:
                lit.append(run)
            if escape is not None:
                lit.append(escape[0])
                i = j + 2
                continue
            if inner is not None:
                i = j + len(inner) + 2
            elif lone == "{":  # a tag with a tag inside: count the braces
                end = _closing_brace(src, j)
                if end < 0:
                    raise TextError(base + j, "E131", "a '{' that is never closed (write '{{' for a brace)")
                inner, i = src[j + 1:end], end + 1
            elif lone == "}":
                raise TextError(base + j, "E131", "a '}' that closes nothing (write '}}' for a brace)")
            else:
                break  # the end of the text
            if lit:
                out.append(("lit", "".join(lit)))
                lit.clear()
            self._tag(inner, base + j + 1, stack, top)
            out = stack[-1].body if stack else top
        if lit:
            out.append(("lit", "".join(lit)))
        if stack:
            raise TextError(stack[-1].at, "E132", "'{if}' is never closed with '{end}'")
        return tuple(top)

    def _tag(self, inner: str, at: int, stack: list[_Frame], top: list[Node]) -> None:
        """One tag's meaning: an {if} opened, continued or closed (on `stack`), or a node added to the
        body being filled (the innermost open {if}'s, or `top`)."""
        word, _, rest = inner.strip().partition(" ")
        if word == "if":
            stack.append(_Frame(at - 1, [(self._cond(rest, at + inner.index(rest)), [])], None, [at - 1]))
            return
        if word in ("elif", "else", "end"):
            self._continue_if(word, rest, inner, at, stack, top)
            return
        out = stack[-1].body if stack else top
        bar = inner.split("|", 1)[0].strip()
        if bar in ALTERNATIVES and "|" in inner:
            out.append(self._alternatives(bar, inner, at))
        elif bar in ALTERNATIVES:
            raise TextError(at, "E134", f"'{{{bar}}}' needs alternatives: {{{bar}|first|second}}")
        elif inner.startswith(">"):
            sid = inner[1:].strip()
            if not _SNIPPET_ID.fullmatch(sid):
                raise TextError(at, "E136", f"'{{>{sid}}}' needs a snippet id")
            out.append(("snip", sid))
            self.snippets.add(sid)
        else:
            tree, _typ = self.parse_expr(inner, at)
            out.append(("expr", tree))

    def _cond(self, src: str, at: int) -> Ast:
        if not src.strip():
            raise TextError(at, "E133", "'{if}' needs a condition: {if nerve > 2}")
        tree, typ = self.parse_expr(src, at)
        if typ != "bool":
            raise TextError(at, "E112", f"'{{if}}' needs bool, got {typ}")
        return tree

    def _continue_if(self, word: str, rest: str, inner: str, at: int, stack: list[_Frame],
                     top: list[Node]) -> None:
        if not stack:
            raise TextError(at - 1, "E132", f"'{{{word}}}' without an open '{{if}}'")
        frame = stack[-1]
        if word == "end":
            stack.pop()
            branches = tuple((cond, tuple(body)) for cond, body in frame.branches)
            tail = tuple(frame.else_body) if frame.else_body is not None else ()
            offsets = tuple(frame.tags) + (() if frame.else_body is not None else (-1,))
            (stack[-1].body if stack else top).append(("if", branches, tail, offsets))
            return
        if frame.else_body is not None:
            raise TextError(at - 1, "E132", f"'{{{word}}}' after '{{else}}'")
        if word == "else":
            if rest.strip():
                raise TextError(at, "E132", "'{else}' takes no condition (use '{elif …}')")
            frame.else_body = []
        else:
            frame.branches.append((self._cond(rest, at + inner.index(rest) if rest else at), []))
        frame.tags.append(at - 1)

    def _alternatives(self, kind: str, inner: str, at: int) -> Node:
        after_bar = inner.index("|") + 1
        parts = _split_alternatives(inner[after_bar:], at + after_bar)
        if all(not text.strip() for text, _ in parts):
            raise TextError(at, "E134", f"'{{{kind}|…}}' has no text in any alternative")
        sub = _TextParser(self.parse_expr, self.depth + 1, self.snippets)
        return ("alt", kind, tuple(sub.parse(text, off) for text, off in parts))


def parse(src: str, parse_expr: ParseExpr) -> Body:
    """Parse varying text into a tree; `parse_expr(source, offset)` parses one expression and
    returns (tree, type), raising with an offset into `src` on error."""
    return _TextParser(parse_expr, 0, set()).parse(src, 0)


def parse_naming(src: str, parse_expr: ParseExpr) -> tuple[Body, set[str]]:
    """As `parse`, with the ids of the snippets the text includes (what `snippets` finds in the tree)."""
    named: set[str] = set()
    return _TextParser(parse_expr, 0, named).parse(src, 0), named


# -- what a text refers to ------------------------------------------------------------------------

def walk(body: Body) -> list[Node]:
    """Every node of a tree, depth first (for checks: expressions read, snippets named)."""
    out: list[Node] = []
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        out.append(node)
        if node[0] == "if":
            parts = [b for _c, b in node[1]] + [node[2]]
            for part in reversed(parts):
                stack.extend(reversed(part))
        elif node[0] == "alt":
            for part in reversed(node[2]):
                stack.extend(reversed(part))
    return out


def expressions(body: Body) -> list[Ast]:
    """The expressions a text evaluates (values shown and conditions)."""
    out: list[Ast] = []
    for node in walk(body):
        if node[0] == "expr":
            out.append(node[1])
        elif node[0] == "if":
            out.extend(cond for cond, _b in node[1])
    return out


def snippets(body: Body) -> set[str]:
    return {node[1] for node in walk(body) if node[0] == "snip"}


# -- rendering ------------------------------------------------------------------------------------

class RenderContext:
    """What rendering needs from a play-through: the values expressions read, the visit number of
    the scene being shown (1 on the first visit), a seeded draw, and the compiled snippets."""

    __slots__ = ("values", "visit", "draw", "snippet")

    def __init__(self, values: Mapping[str, Any], visit: int, draw: Callable[[int], int],
                 snippet: Callable[[str], Rendered]) -> None:
        self.values = values
        self.visit = visit
        self.draw = draw
        self.snippet = snippet


Rendered = Callable[[RenderContext], str]
CompileExpr = Callable[[Ast], Callable[[Mapping[str, Any]], Any]]


def show_value(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def pick(kind: str, count: int, visit: int) -> int:
    """Which of `count` alternatives of a {seq}, {cycle} or {once} the `visit`th visit shows (1 on
    the first); -1 for none ({once} after its last). A {shuffle}'s is drawn instead (`_pick`)."""
    k = max(visit, 1) - 1
    if kind == "seq":
        return min(k, count - 1)
    if kind == "cycle":
        return k % count
    return k if k < count else -1


def _pick(kind: str, count: int, ctx: RenderContext) -> int:
    """Which alternative a showing shows; -1 for none ({once} after its last)."""
    return ctx.draw(count) if kind == "shuffle" else pick(kind, count, ctx.visit)


def _compile_node(node: Node, cx: CompileExpr) -> Rendered:
    tag = node[0]
    if tag == "lit":
        text = node[1]
        return lambda ctx: text
    if tag == "expr":
        value = cx(node[1])
        return lambda ctx: show_value(value(ctx.values))
    if tag == "snip":
        sid = node[1]
        return lambda ctx: ctx.snippet(sid)(ctx)
    if tag == "if":
        branches = tuple((cx(cond), compile_body(body, cx)) for cond, body in node[1])
        tail = compile_body(node[2], cx)

        def render_if(ctx: RenderContext) -> str:
            for cond, body in branches:
                if cond(ctx.values):
                    return body(ctx)
            return tail(ctx)
        return render_if
    kind = node[1]
    options = tuple(compile_body(body, cx) for body in node[2])

    def render_alt(ctx: RenderContext) -> str:
        i = _pick(kind, len(options), ctx)
        return options[i](ctx) if i >= 0 else ""
    return render_alt


def compile_body(body: Body, cx: CompileExpr) -> Rendered:
    """One closure that renders a tree (without the paragraph tidy-up: see `compile_text`)."""
    if not body:
        return lambda ctx: ""
    if len(body) == 1 and body[0][0] == "lit":
        text = body[0][1]
        return lambda ctx: text
    parts = tuple(_compile_node(n, cx) for n in body)
    return lambda ctx: "".join(p(ctx) for p in parts)


def tidy(text: str) -> str:
    """Paragraphs that rendered empty disappear: no double blank lines, none at the edges."""
    return "\n\n".join(p.strip("\n") for p in text.split("\n\n") if p.strip())


def compile_text(body: Body, cx: CompileExpr) -> Rendered:
    """A whole text (a scene's, a choice's…): rendered, then tidied of empty paragraphs.
    `cx` compiles an expression tree into a closure over the values."""
    inner = compile_body(body, cx)
    if len(body) == 1 and body[0][0] == "lit":
        return inner
    return lambda ctx: tidy(inner(ctx))
