"""The story pane of the game screen: the history note (boxed), the outcome and the scene's text, in one
widget that scrolls itself.

One widget of a fixed size, drawing its own lines, where containers of auto-height texts were: when a
new scene comes nothing around it changes size, and its lines are wrapped when it is drawn, so a new
scene is laid out and painted in one frame (a scroll container lays itself out again after measuring
its content: a second frame). A long note shows its first lines and how to open it whole (`e`); the
right-hand column shows where the view is in a text longer than it."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

NOTE_SHARE = 0.45  # a note in its box takes at most this share of the pane's height
MORE = "… e shows the whole note"


class PaneText(NamedTuple):
    """What the pane shows: the note of the choice that led here (or None), its outcome, the scene."""

    note: Content | None
    outcome: Content | None
    text: Content


class StoryPane(ScrollView, can_focus=False):
    DEFAULT_CSS = """
    StoryPane {
        overflow-y: scroll;  /* always scrollable (so the mouse wheel works) ... */
        scrollbar-size-vertical: 0;  /* ... with our own scroll column instead of a scroll bar */
        overflow-x: hidden;
    }
    StoryPane > .story-pane--note { background: $surface; }
    StoryPane > .story-pane--border { color: $accent; background: $surface; }
    StoryPane > .story-pane--outcome { color: $secondary; text-style: italic; }
    StoryPane > .story-pane--more { color: $text-muted; text-style: italic; }
    StoryPane > .story-pane--thumb { color: $primary; }
    """
    COMPONENT_CLASSES = {
        "story-pane--note", "story-pane--border", "story-pane--outcome", "story-pane--more", "story-pane--thumb",
    }

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text: PaneText | None = None
        self.note_full = False
        self._lines: list[Strip] = []
        self._laid_out_for: tuple[object, ...] | None = None
        self._wrapped: dict[tuple[object, ...], list[Strip]] = {}  # texts wrapped, by width and theme
        self._column: tuple[Strip, Strip, Strip] = (Strip.blank(1),) * 3  # the scroll column's strips
        self._empty = Strip.blank(0)
        self._frame: tuple[list[Strip], int, list[Strip]] | None = None  # while a frame is drawn

    def show(self, text: PaneText) -> None:
        """A new scene, shown from its top."""
        self.text = text
        self.scroll_to(y=0, animate=False, immediate=True)
        self._changed()

    def show_note_full(self, full: bool) -> None:
        """The whole note, however long, or its first lines in a box of at most 45% of the height."""
        self.note_full = full
        self.scroll_to(y=0, animate=False, immediate=True)  # from the note's first line, wherever the text was
        self._changed()

    def _changed(self) -> None:
        self._laid_out_for = None
        self.refresh()

    # --- laying out: when drawn, for the size drawn at ---------------------------------------

    def lines(self) -> list[Strip]:
        """The pane's lines at its present size (wrapped again only when the size or text changed)."""
        key = (self.size, self.text, self.note_full, self.app.theme)
        if key != self._laid_out_for:
            self._laid_out_for = key
            width = self.size.width
            base = self.visual_style.rich_style
            thumb = self.get_visual_style("story-pane--thumb").rich_style
            # What every line drawn until the next change needs, found once rather than at each line.
            self._column = (Strip([Segment("┃", thumb)], 1), Strip([Segment("│", thumb)], 1), Strip.blank(1, base))
            self._empty = Strip.blank(max(0, width - 1), base)
            self._lines = self._lay_out(width - 3, self.size.height)  # margins and scroll column
            # Set quietly: the pane's own size does not depend on its text, so no layout pass is needed.
            self.set_reactive(ScrollView.virtual_size, Size(width, len(self._lines)))
        return self._lines

    def _lay_out(self, width: int, height: int) -> list[Strip]:
        if self.text is None or width < 8:
            return []
        lines: list[Strip] = []
        if self.text.note is not None:
            lines += self._note_box(self.text.note, width, height)
        if self.text.outcome is not None:
            lines += self._outcome(self.text.outcome, width)
        return lines + self._block(self.text.text, width)

    def _outcome(self, outcome: Content, width: int) -> list[Strip]:
        return self._kept(("outcome", outcome, width, self.app.theme), lambda: self._wrap(
            outcome.stylize(self.get_visual_style("story-pane--outcome")), width))

    def _strip(self, line: Content, width: int, style: Style) -> Strip:
        """One line: a column of margin, the line padded to `width` (in `style`), a column of margin."""
        body = Content.assemble(" ", line.extend_right(max(0, width - line.cell_length)))
        margin = Segment(" ", self.visual_style.rich_style)
        return Strip([*body.render_segments(style), margin], body.cell_length + 1)

    def _blank(self, width: int) -> Strip:
        return Strip.blank(width + 2, self.visual_style.rich_style)

    def _kept(self, key: tuple[object, ...], make: Callable[[], list[Strip]]) -> list[Strip]:
        """Lines made once for a text, a width and a theme (see `prepare`)."""
        lines = self._wrapped.get(key)
        if lines is None:
            if len(self._wrapped) > 64:
                self._wrapped.clear()
            lines = self._wrapped[key] = make()
        return lines

    def _block(self, content: Content, width: int) -> list[Strip]:
        """A scene's text after a blank line. (Content's == compares the words only: each kind of
        text has its own keys, so that an outcome's styles never stand in for a scene's.)"""
        return self._kept(("text", content, width, self.app.theme), lambda: self._wrap(content, width))

    def _wrap(self, content: Content, width: int) -> list[Strip]:
        return [self._blank(width)] + [self._strip(line, width, self.visual_style) for line in content.wrap(width)]

    def prepare(self, text: Content, kind: str = "text") -> None:
        """Wrap a text that may come next (a scene's, a note in its box or an outcome), while the player
        reads, so that showing it costs only the drawing."""
        width = self.size.width - 3
        if width < 8:
            return
        if kind == "note":
            self._note_box(text, width, self.size.height)
        elif kind == "outcome":
            self._outcome(text, width)
        else:
            self._block(text, width)

    def _note_box(self, note: Content, width: int, height: int) -> list[Strip]:
        """The note in a box; cut to its first lines unless shown whole, and then saying so."""
        cap = max(4, int(height * NOTE_SHARE) - 2)
        key = ("note", note, width, None if self.note_full else cap, self.app.theme)
        return self._kept(key, lambda: self._draw_note_box(note, width, cap))

    def _draw_note_box(self, note: Content, width: int, cap: int) -> list[Strip]:
        inner = width - 4  # the borders, and a column of padding inside each
        box, border = self.get_visual_style("story-pane--note"), self.get_visual_style("story-pane--border")
        lines = note.wrap(inner)
        if not self.note_full and len(lines) > cap:
            lines = lines[: cap - 1] + [Content(MORE).stylize(self.get_visual_style("story-pane--more"))]
        side = Content("│").stylize(border)
        out = [self._blank(width), self._strip(Content("╭" + "─" * (width - 2) + "╮").stylize(border), width, box)]
        for line in lines:
            padded = line.extend_right(max(0, inner - line.cell_length))
            out.append(self._strip(Content.assemble(side, " ", padded, " ", side), width, box))
        out.append(self._strip(Content("╰" + "─" * (width - 2) + "╯").stylize(border), width, box))
        return out

    # --- drawing -------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines of one frame: the layout, the scroll offset and the scroll column found once for all."""
        lines = self.lines()
        height, top = self.size.height, self.scroll_offset.y
        thick, thin, blank = self._column
        if len(lines) <= height or height <= 0:
            marks = [blank] * height
        else:
            start = round(top * height / len(lines))
            length = max(1, round(height * height / len(lines)))
            marks = [thick if start <= y < start + length else thin for y in range(height)]
        self._frame = (lines, top, marks)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        lines, top, marks = self._frame or (self.lines(), self.scroll_offset.y, None)
        index = y + top
        line = lines[index] if 0 <= index < len(lines) else self._empty
        mark = marks[y] if marks is not None and 0 <= y < len(marks) else self._column[2]
        return Strip.join([line, mark])
