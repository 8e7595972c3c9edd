"""Scene prose for the screen: the Markdown subset authors use, as Textual content markup, with codex
words clickable. One Static renders a scene far faster than a Markdown widget (a widget per block)."""

from __future__ import annotations

import re

from textual.markup import escape

from petrograd1917.history.codex import link_codex_words
from petrograd1917.story.model import Story

_LINK = re.compile(r"\[([^\]]+)\]\((codex|event):([a-z][a-z0-9_]*)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")
ACTIONS = {"codex": "app.open_codex", "event": "app.open_timeline"}


def _inline(text: str) -> str:
    """One paragraph's inline Markdown as markup: links, bold, italic, code; everything else escaped."""
    out = []
    pos = 0
    for m in _LINK.finditer(text):
        out.append(_emphasis(text[pos:m.start()]))
        label, kind, ident = m.groups()
        out.append(f"[@click={ACTIONS[kind]}('{ident}')]{_emphasis(label)}[/]")
        pos = m.end()
    out.append(_emphasis(text[pos:]))
    return "".join(out)


def _emphasis(text: str) -> str:
    text = escape(text)
    text = _BOLD.sub(r"[b]\1[/b]", text)
    text = _ITALIC.sub(r"[i]\1[/i]", text)
    return _CODE.sub(r"[reverse]\1[/reverse]", text)


_ITEM = re.compile(r"^(?:[-*]|\d+\.)\s+")


def _block(lines: list[str]) -> str:
    """One block: list items on their own lines (continuations folded in), other lines reflowed,
    with Markdown's hard breaks (two trailing spaces) kept as line breaks."""
    items: list[list[str]] = []
    for raw in lines:
        line = raw.strip()
        marker = _ITEM.match(line)
        if marker or not items:
            prefix = ""
            if marker:
                token = marker.group(0).strip()
                prefix = "• " if token in ("-", "*") else token + " "
                line = line[marker.end():]
            items.append([prefix + line, "  " if raw.endswith("  ") else ""])
        else:
            listed_item = bool(_ITEM.match(lines[0].strip()))
            sep = ("\n   " if listed_item else "\n") if items[-1][1] else " "
            items[-1][0] += sep + line
            items[-1][1] = "  " if raw.endswith("  ") else ""
    listed = bool(lines) and bool(_ITEM.match(lines[0].strip()))
    parts = []
    for text, _ in items:
        prefix = text[:2] if text.startswith("• ") else ""
        parts.append(prefix + _inline(text[len(prefix):]))
    return "\n".join(parts) if listed else " ".join(parts)


def markdown_markup(text: str) -> str:
    """The Markdown subset the game writes and authors use, as content markup: paragraphs, '#'
    headings (bold), '-' and numbered lists, '>' quotes (italics), links, bold, italic, code."""
    blocks = []
    for para in re.split(r"\n\s*\n", text.strip()):
        lines = para.splitlines()
        first = lines[0].strip() if lines else ""
        if first.startswith("#"):
            level = len(first) - len(first.lstrip("#"))
            title = _inline(" ".join(line.strip() for line in lines).lstrip("# "))
            blocks.append(f"[b]{title.upper() if level == 1 else title}[/b]")
        elif all(line.strip().startswith(">") for line in lines):
            blocks.append("[i]" + _inline(" ".join(line.strip().lstrip("> ") for line in lines)) + "[/i]")
        else:
            blocks.append(_block(lines))
    return "\n\n".join(blocks)


def scene_markup(text: str, story: Story) -> str:
    """A scene's text, its codex words made clickable links to their entries."""
    return markdown_markup(link_codex_words(text, story))
