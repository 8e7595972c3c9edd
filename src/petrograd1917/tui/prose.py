"""Prose for the screen: the story layer's one Markdown parse (story/prose.py) drawn as Textual Content.

Whatever a story or a save says is text here, never markup: no `[b]`, `[@click=…]` or `\\*` in a
scene can style, act or crash. The only live parts are links to the story's own codex entries and
record events, made by us from ids the story has; any other link is shown as its words, inert."""

from __future__ import annotations

import re
from collections.abc import Callable

from textual.content import Content
from textual.style import Style

from petrograd1917.history.codex import codex_words_in
from petrograd1917.story.model import Story
from petrograd1917.story.prose import BREAK, Block, Span, parse

LinkTarget = Callable[[str], "str | None"]  # a link's href -> the action a click runs, or None: inert
_ID = re.compile(r"[a-z][a-z0-9_]*")
ITALIC, BOLD, CODE, LINK = Style(italic=True), Style(bold=True), Style(reverse=True), Style(underline=True)
RULE = "───"


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


def _span_style(span: Span, links: LinkTarget) -> Style | None:
    style = Style()
    if span.em:
        style += ITALIC
    if span.strong:
        style += BOLD
    if span.code:
        style += CODE
    if span.link:
        action = links(span.link)
        if action:
            style += LINK + Style.from_meta({"@click": action})
    return style if style != Style() else None


def _inline(spans: tuple[Span, ...], links: LinkTarget, indent: str) -> Content:
    """A block's spans: emphasis, strong, code and live links as styles; text as text."""
    parts: list[str | tuple[str, Style]] = []
    for span in spans:
        if span.text == BREAK:
            parts.append("\n" + indent)
            continue
        style = _span_style(span, links)
        parts.append((span.text, style) if style is not None else span.text)
    return Content.assemble(*parts)


def block_content(block: Block, links: LinkTarget = _no_links) -> Content:
    """One block: a heading bold (a first-level one in capitals), a list item with its bullet or number
    (a paragraph that continues an item hangs under it), a quote in italics, code as written."""
    if block.kind == "rule":
        return Content(RULE)
    if block.kind == "code":
        return Content(block.text)
    lead = hang = ""
    if block.kind == "item":
        nest = "  " * (block.level - 1)
        hang = nest + " " * (len(block.marker or "•") + 1)
        lead = nest + block.marker + " " if block.marker else hang
    text = _inline(block.spans, links, hang)
    if block.kind == "heading":
        text = (Content(text.plain.upper()) if block.level == 1 else text).stylize(BOLD)
    if block.quote:
        text = text.stylize(ITALIC)
    return Content.assemble(lead, text) if lead else text


def blocks_content(blocks: tuple[Block, ...], links: LinkTarget = _no_links) -> Content:
    """Blocks as Content: a blank line between blocks, none between the items of a list written tight."""
    pieces: list[Content | str] = []
    previous = ""
    for block in blocks:
        if pieces:
            pieces.append("\n" if block.kind == "item" and block.tight and previous == "item" else "\n\n")
        pieces.append(block_content(block, links))
        previous = block.kind
    return Content.assemble(*pieces)


def markdown_content(text: str, links: LinkTarget = _no_links) -> Content:
    """Markdown as Content, through the one parse every face shares."""
    return blocks_content(parse(text), links)


def scene_content(text: str, story: Story) -> Content:
    """A scene's text, its codex words made clickable links to their entries."""
    return blocks_content(linked_blocks(parse(text), story), story_links(story))


def linked_blocks(blocks: tuple[Block, ...], story: Story) -> tuple[Block, ...]:
    """The blocks with the first mention of each codex entry's words made a link to it, longer words
    first ('Winter Palace' over 'Palace'); words in a link or in code are left alone. Linked after the
    parse, so that a scene of plain words never needs the Markdown parser."""
    found = codex_words_in("\n".join(b.text for b in blocks), story)  # one pattern for the whole text
    if found is None:
        return blocks
    done: set[str] = set()
    out = []
    for block in blocks:
        if block.kind in ("code", "rule"):
            out.append(block)
            continue
        spans: list[Span] = []
        for span in block.spans:
            spans += [span] if span.link or span.code or span.text == BREAK else _linked(span, found, done)
        out.append(block._replace(spans=tuple(spans)))
    return tuple(out)


def _linked(span: Span, found: tuple[re.Pattern[str], dict[str, str]], done: set[str]) -> list[Span]:
    pattern, owner = found
    out, at = [], 0
    for m in pattern.finditer(span.text):
        entry_id = owner[" ".join(m.group(1).split())]
        if entry_id in done:
            continue
        done.add(entry_id)
        out += [span._replace(text=span.text[at:m.start()]), span._replace(text=m.group(0), link=f"codex:{entry_id}")]
        at = m.end()
    return [s for s in out if s.text] + ([span._replace(text=span.text[at:])] if at < len(span.text) else [])


class StoryProse:
    """One story's texts as Content, each made once: a scene shown again (undo, a replay, a scene
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
