"""Prose for the screen: Markdown, parsed with markdown-it-py, turned into Textual Content.

Whatever a story or a save says is text here, never markup: no `[b]`, `[@click=…]` or `\\*` in a
scene can style, act or crash. The only live parts are links to the story's own codex entries and
record events, made by us from ids the story has; any other link is shown as its words, inert."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from textual.content import Content
from textual.style import Style

from petrograd1917.history.codex import link_codex_words
from petrograd1917.story.model import Story

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

LinkTarget = Callable[[str], "str | None"]  # a link's href -> the action a click runs, or None: inert
_ID = re.compile(r"[a-z][a-z0-9_]*")
ITALIC, BOLD, CODE, LINK = Style(italic=True), Style(bold=True), Style(reverse=True), Style(underline=True)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})  # raw HTML stays text


def story_links(story: Story) -> LinkTarget:
    """Links to the story's codex entries and record events open them; nothing else is live."""

    def target(href: str) -> str | None:
        kind, _, ident = href.partition(":")
        if not _ID.fullmatch(ident):
            return None
        if kind == "codex" and ident in story.codex:
            return f"app.open_codex('{ident}')"
        if kind == "event" and ident in story.events:
            return f"app.open_timeline('{ident}')"
        return None

    return target


def _no_links(href: str) -> str | None:
    return None


def _inline(children: list[Token], links: LinkTarget, indent: str) -> Content:
    """One paragraph's inline tokens: emphasis, strong, code and links as styles; text as text."""
    parts: list[str | tuple[str, Style]] = []
    stack: list[Style] = []
    for tok in children:
        kind = tok.type
        if kind in ("text", "html_inline"):
            parts.append((tok.content, sum(stack, Style())) if stack else tok.content)
        elif kind == "code_inline":
            parts.append((tok.content, sum(stack, CODE)))
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n" + indent)
        elif kind in ("em_open", "strong_open"):
            stack.append(ITALIC if kind == "em_open" else BOLD)
        elif kind == "link_open":
            action = links(str(tok.attrs.get("href", "")))
            stack.append(LINK + Style.from_meta({"@click": action}) if action else Style())
        elif kind in ("em_close", "strong_close", "link_close") and stack:
            stack.pop()
        elif kind == "image":
            parts.append(tok.content)
    return Content.assemble(*parts)


def _blocks(tokens: list[Token], links: LinkTarget) -> list[tuple[Content, int]]:
    """The blocks of a document as (content, which outermost list it is an item of, or 0): headings, paragraphs,
    list items, quotes, code."""
    out: list[tuple[Content, int]] = []
    opened = 0
    lists: list[list[int]] = []  # per open list: [next number or -1 for bullets, which list]
    heading = quote = 0
    item_prefix = ""
    for tok in tokens:
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            opened += 1
            lists.append([int(tok.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else -1, opened])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open" and lists:
            number = lists[-1]
            item_prefix = "  " * (len(lists) - 1) + ("• " if number[0] < 0 else f"{number[0]}. ")
            if number[0] >= 0:
                number[0] += 1
        elif kind == "heading_open":
            heading = int(tok.tag[1:])
        elif kind == "heading_close":
            heading = 0
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "inline":
            indent = " " * len(item_prefix)
            text = _inline(tok.children or [], links, indent)
            if heading:
                text = Content(text.plain.upper()) if heading == 1 else text
                text = text.stylize(BOLD)
            if quote:
                text = text.stylize(ITALIC)
            out.append((Content.assemble(item_prefix, text), lists[0][1]) if item_prefix else (text, 0))
            item_prefix = ""
        elif kind in ("code_block", "fence"):
            out.append((Content(tok.content.rstrip("\n")), 0))
        elif kind == "hr":
            out.append((Content("───"), 0))
    return out


def markdown_content(text: str, links: LinkTarget = _no_links) -> Content:
    """Markdown as Content: paragraphs apart, list items one a line, headings bold, quotes italic."""
    pieces: list[Content | str] = []
    previous = 0
    for block, in_list in _blocks(_parser().parse(text), links):
        if pieces:
            pieces.append("\n" if in_list and in_list == previous else "\n\n")
        pieces.append(block)
        previous = in_list
    return Content.assemble(*pieces)


def scene_content(text: str, story: Story) -> Content:
    """A scene's text, its codex words made clickable links to their entries."""
    return markdown_content(link_codex_words(text, story), story_links(story))


class StoryProse:
    """One story's texts as Content, each parsed once: a scene shown again (undo, a replay, a scene
    prepared while the player reads the one before) costs nothing."""

    LIMIT = 512  # texts kept; the campaign has about 150 scenes

    def __init__(self, story: Story) -> None:
        self.story = story
        self._links = story_links(story)
        self._done: dict[tuple[str, str], Content] = {}

    def _kept(self, key: tuple[str, str], make: Callable[[], Content]) -> Content:
        content = self._done.get(key)
        if content is None:
            if len(self._done) >= self.LIMIT:
                self._done.clear()
            content = self._done[key] = make()
        return content

    def scene(self, text: str) -> Content:
        """A scene's text as the game renders it, its codex words linked."""
        return self._kept(("scene", text), lambda: scene_content(text, self.story))

    def markdown(self, text: str) -> Content:
        """Any other text of the story (a note, an outcome, a choice), its links to codex and record live."""
        return self._kept(("md", text), lambda: markdown_content(text, self._links))
