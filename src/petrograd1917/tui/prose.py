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


def markdown_markup(text: str) -> str:
    """Paragraphs reflowed; '#' headings bold, '- ' items as bullets, '> ' quotes in italics."""
    blocks = []
    for para in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in para.splitlines()]
        if all(line.startswith(("- ", "* ")) for line in lines):
            blocks.append("\n".join("• " + _inline(line[2:]) for line in lines))
        elif lines and lines[0].startswith("#"):
            blocks.append("[b]" + _inline(" ".join(lines).lstrip("# ")) + "[/b]")
        elif all(line.startswith(">") for line in lines):
            blocks.append("[i]" + _inline(" ".join(line.lstrip("> ") for line in lines)) + "[/i]")
        else:
            blocks.append(_inline(" ".join(lines)))
    return "\n\n".join(blocks)


def scene_markup(text: str, story: Story) -> str:
    """A scene's text, its codex words made clickable links to their entries."""
    return markdown_markup(link_codex_words(text, story))
