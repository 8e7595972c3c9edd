"""Story prose: the Markdown authors write, parsed once into neutral blocks and spans that every
face renders its own way (the TUI as content markup, plain mode and transcripts as wrapped text).

The parser is markdown-it-py's CommonMark, with raw HTML off: anything a story says is data, so an
HTML tag in a scene is shown as the words it is, never interpreted. Links keep their target
(`codex:ID`, `event:ID`); faces decide what a target does."""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # the parser is imported on first use: most commands never show prose
    from markdown_it import MarkdownIt

BREAK = "\n"  # the text of a span that is a hard line break (Markdown's two trailing spaces)
BULLET = "•"


class Span(NamedTuple):
    """A run of inline text with one style. `link` is the target of the link it sits in, or ""."""

    text: str
    strong: bool = False
    em: bool = False
    code: bool = False
    link: str = ""

    @property
    def link_kind(self) -> str:
        """'codex' or 'event' for the game's own links, else "" (an outside or unknown target)."""
        kind, sep, ident = self.link.partition(":")
        return kind if sep and kind in ("codex", "event") and ident else ""

    @property
    def link_id(self) -> str:
        return self.link.partition(":")[2] if self.link_kind else ""


class Block(NamedTuple):
    """One block of prose.

    kind: 'paragraph', 'heading' (level 1-6), 'item' (a list item's paragraph; `level` is its
    nesting depth from 1, `marker` is '•' or '3.' on the item's first paragraph and "" on the
    paragraphs that continue it), 'code' (one span, lines kept) or 'rule'. `quote` counts the
    block quotes it sits in. `tight` is True for an item that goes on the line after the item
    before it: a later item of a list written without blank lines, or a nested list's first item."""

    kind: str
    spans: tuple[Span, ...] = ()
    level: int = 0
    marker: str = ""
    quote: int = 0
    tight: bool = False

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


_PARSER: list[MarkdownIt] = []


def _parser() -> MarkdownIt:
    if not _PARSER:
        from markdown_it import MarkdownIt

        _PARSER.append(MarkdownIt("commonmark", {"html": False, "typographer": False}))
    return _PARSER[0]


def _spans(children: list[Any]) -> tuple[Span, ...]:
    """An inline token's children as spans, adjacent runs of one style merged."""
    out: list[Span] = []
    strong = em = 0
    link: list[str] = []

    def add(text: str, code: bool = False) -> None:
        span = Span(text, strong > 0, em > 0, code, link[-1] if link else "")
        last = out[-1] if out else None
        if (last is not None and text != BREAK and last.text != BREAK
                and (last.strong, last.em, last.code, last.link) == (span.strong, span.em, span.code, span.link)):
            out[-1] = Span(last.text + text, last.strong, last.em, last.code, last.link)
        elif text:
            out.append(span)

    for tok in children:
        t = tok.type
        if t == "text" or t == "html_inline":
            add(tok.content)
        elif t == "softbreak":
            add(" ")
        elif t == "hardbreak":
            add(BREAK)
        elif t == "code_inline":
            add(tok.content, code=True)
        elif t in ("strong_open", "strong_close"):
            strong += 1 if t.endswith("open") else -1
        elif t in ("em_open", "em_close"):
            em += 1 if t.endswith("open") else -1
        elif t == "link_open":
            link.append(str(tok.attrs.get("href", "")))
        elif t == "link_close" and link:
            link.pop()
        elif t == "image":
            add(tok.content)  # an image is its words: the alt text
    return tuple(out)


class _Walk:
    """Where the token walk is: open lists (None for a bullet list, else the next number), quotes."""

    def __init__(self) -> None:
        self.lists: list[int | None] = []
        self.quote = 0
        self.heading = 0
        self.marker = ""  # the marker of a list item whose first paragraph is still to come
        self.follows = False  # that item follows another of its list
        self.hidden = False  # markdown-it hides the paragraphs of a tight list
        self.items: list[int] = []  # items so far in each open list


# What may make a text more than paragraphs of words to CommonMark: a character that can mark it up
# (emphasis, code, links, HTML, entities, headings, escapes, fences, NUL, CR), or a line that starts
# with what can open a block (a list, a quote, a rule, a setext underline, indented code) or starts or
# ends with white space (breaks). A text with none of them is paragraphs of plain words.
_MAY_MARK = re.compile(r"[\\`*_\[\]<>&#~\x00\r]|^[-+=>0-9]|^[^\S\n]|[^\S\n]$", re.MULTILINE)


def plain_paragraphs(text: str) -> tuple[Block, ...] | None:
    """Paragraphs of plain words as markdown-it would give them, without loading it (most scenes are
    such; markdown-it costs tens of milliseconds to import); None when the text may hold Markdown."""
    text = text.strip("\n")
    if _MAY_MARK.search(text):
        return None
    return tuple(Block("paragraph", (Span(p.replace("\n", " ")),)) for p in re.split(r"\n{2,}", text) if p)


@lru_cache(maxsize=4096)
def parse(text: str) -> tuple[Block, ...]:
    """`text` (Markdown) as blocks. Parsed once per distinct text: a scene shown again costs nothing."""
    fast = plain_paragraphs(text)
    return fast if fast is not None else parse_markdown(text)


def parse_markdown(text: str) -> tuple[Block, ...]:
    """`text` as blocks, through markdown-it."""
    out: list[Block] = []
    w = _Walk()
    for tok in _parser().parse(text):
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            w.lists.append(None if t.startswith("bullet") else int(tok.attrs.get("start", 1) or 1))
            w.items.append(0)
        elif t in ("bullet_list_close", "ordered_list_close"):
            w.lists.pop()
            w.items.pop()
        elif t == "list_item_open":
            number = w.lists[-1]
            w.marker = BULLET if number is None else f"{number}."
            w.follows = w.items[-1] > 0
            w.items[-1] += 1
            if number is not None:
                w.lists[-1] = number + 1
        elif t in ("blockquote_open", "blockquote_close"):
            w.quote += 1 if t.endswith("open") else -1
        elif t in ("heading_open", "heading_close"):
            w.heading = int(tok.tag[1:]) if t.endswith("open") else 0
        elif t == "paragraph_open":
            w.hidden = tok.hidden
        elif t == "inline":
            out.append(_inline_block(tok, w))
        elif t in ("fence", "code_block"):
            out.append(Block("code", (Span(tok.content.rstrip("\n"), code=True),), quote=w.quote))
        elif t == "hr":
            out.append(Block("rule", quote=w.quote))
    return tuple(out)


def _inline_block(tok: Any, w: _Walk) -> Block:
    spans = _spans(tok.children or [])
    if w.heading:
        return Block("heading", spans, level=w.heading, quote=w.quote)
    if w.lists:
        marker, w.marker = w.marker, ""
        tight = w.hidden and (w.follows or len(w.lists) > 1)  # a nested list hugs its parent item
        return Block("item", spans, level=len(w.lists), marker=marker, quote=w.quote, tight=tight)
    return Block("paragraph", spans, quote=w.quote)


def plain_inline(text: str) -> str:
    """One line of Markdown (a choice, a note, a name) as plain words: no marks, links as their words."""
    return " ".join(" ".join(b.text.split()) for b in parse(text) if b.kind != "rule")


def plain(text: str, width: int = 80, indent: str = "") -> str:
    """Markdown as clean text: no marks or link syntax, headings as plain lines, list items with a
    bullet or their number, every line wrapped to `width` columns (none longer)."""
    return render_plain(parse(text), width, indent)


def render_plain(blocks: tuple[Block, ...], width: int = 80, indent: str = "") -> str:
    parts: list[str] = []
    previous = ""
    for b in blocks:
        lines = _plain_block(b, width, indent + "  " * b.quote)
        if parts and not (b.kind == "item" and b.tight and previous == "item"):
            parts.append("")
        previous = b.kind
        parts.extend(lines)
    return "\n".join(parts)


def _plain_block(b: Block, width: int, indent: str) -> list[str]:
    if b.kind == "rule":
        return [indent + "─" * max(1, min(20, width - len(indent)))]
    if b.kind == "code":
        return [line for raw in b.text.split("\n") for line in fit(raw, width, indent + "    ")]
    first = rest = indent
    if b.kind == "item":
        nest = indent + "  " * (b.level - 1)
        hang = nest + " " * (len(b.marker or BULLET) + 1)
        first, rest = (nest + b.marker + " " if b.marker else hang), hang
    lines: list[str] = []
    for n, piece in enumerate(b.text.split(BREAK)):
        lines += wrap(piece, width, first if n == 0 else rest, rest)
    return lines


def wrap(text: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """Words wrapped to `width` columns with the given indents; a word longer than a line is broken."""
    rest = first if rest is None else rest
    room = max(1, width - max(len(first), len(rest)))
    if width - len(rest) < 1 or width - len(first) < 1:
        first, rest = first[: width - room], rest[: width - room]
    words = " ".join(text.split())
    if not words:
        return [first.rstrip()] if first.strip() else []
    return textwrap.wrap(words, width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=True, break_on_hyphens=False) or [first.rstrip()]


def fit(line: str, width: int, indent: str = "") -> list[str]:
    """A line whose spacing matters (code, a table row) cut into pieces no longer than `width`."""
    room = max(1, width - len(indent))
    line = line.rstrip()
    if not line:
        return [""]
    return [indent + line[i:i + room] for i in range(0, len(line), room)]


def counted(n: int, noun: str, plural: str = "") -> str:
    """'1 choice', '2 choices', '0 scenes': a number with its noun agreeing."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"
