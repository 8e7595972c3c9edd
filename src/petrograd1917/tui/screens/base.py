"""What every full screen shares: the keys at the bottom, PageUp/PageDown/Space scrolling the text
whatever has the focus, and a 'terminal too small' note that stands in for the screen, keys and all."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style as RichStyle
from textual.app import ComposeResult
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.events import Resize, ScreenResume
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static

from petrograd1917.tui.widgets.key_hints import KeyHints

MIN_WIDTH, MIN_HEIGHT = 50, 16
# The styles of every screen but the title and the game: read when the first of them opens.
SCREENS_CSS = Path(__file__).parent.parent / "screens.tcss"
TOO_SMALL = "-too-small"


def blank_lines(widget: Widget, crop: Region) -> list[Strip]:
    """What Textual draws for an empty container, line by line through its styles: blank lines in
    the colour behind it (and through the app's line filters, as every line), here made at once."""
    background = widget.background_colors[1]
    strip = Strip.blank(crop.width, RichStyle(bgcolor=background.rich_color))
    for line_filter in widget.get_line_filters():
        strip = strip.apply_filter(line_filter, background)
    return [strip] * crop.height


class Bare(Vertical):
    """A column that only holds others: no border, padding, tint or text of its own (CSS giving it
    one would not be drawn)."""

    def render_lines(self, crop: Region) -> list[Strip]:
        return blank_lines(self, crop)


class BareRow(Horizontal):
    """A row that only holds others, drawn as `Bare`."""

    def render_lines(self, crop: Region) -> list[Strip]:
        return blank_lines(self, crop)


class FaceScreen(Screen[None]):
    """Base of the full screens: subclasses compose their widgets through `body()` and say which
    container holds the text that the page keys scroll (`text_box()`)."""

    def __init__(self) -> None:
        super().__init__()
        self._focus_before: Widget | None = None
        self._resumed = False

    def compose(self) -> ComposeResult:
        # The note that the terminal is too small is mounted when first needed (see fit): a widget
        # less to style and lay out as every screen comes up.
        with Bare(id="face"):
            yield from self.body()
            yield KeyHints()

    def body(self) -> ComposeResult:
        yield from ()

    def text_box(self) -> ScrollableContainer | None:
        """The container of the screen's text: what PageUp/PageDown and Space scroll."""
        return None

    # --- scrolling ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.has_class(TOO_SMALL):
            return False
        if action == "space_scroll" and isinstance(self.focused, Input):
            return False  # a space typed in a search box is a space
        return True

    def action_scroll_text(self, pages: int) -> None:
        box = self.text_box()
        if box is not None:
            (box.scroll_page_down if pages > 0 else box.scroll_page_up)(animate=False)

    def action_space_scroll(self, pages: int) -> None:
        self.action_scroll_text(pages)

    def on_screen_resume(self, event: ScreenResume) -> None:
        """The first time the screen comes up it was styled a moment ago, as its widgets were mounted (and
        a class set since is restyled where it was set): Textual's own handler, run after this one, need
        not style the whole screen again (a tenth of the first scene's start). Later resumes do, as ever."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    # --- fitting the terminal ---------------------------------------------------------

    def on_mount(self) -> None:
        self.fit(self.app.size.width, self.app.size.height)

    def on_resize(self, event: Resize) -> None:
        self.fit(event.size.width, event.size.height)
        if event.size == self._compositor.size:
            # Laid out at this size already: Textual's handler (after this one) would lay the whole
            # screen out and paint it again for nothing. Its start sends three such: one from the
            # terminal, one more for it, one from the first layout itself, before the app is ready.
            event.prevent_default()

    def fit(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.set_class(width < 90, "-narrow")
        self.set_class(width >= 130, "-wide")
        self.set_class(height < 26, "-short")
        if small == self.has_class(TOO_SMALL):
            return
        if small:
            self._focus_before = self.focused
            if not self.query("#too-small"):
                self.mount(Static(f"The terminal is too small.\nPlease make it at least {MIN_WIDTH}×{MIN_HEIGHT}.",
                                  id="too-small"), before=0)
        self.set_class(small, TOO_SMALL)  # the note hides the screen; check_action stops its keys
        if not small and self._focus_before is not None and self._focus_before.is_attached:
            self._focus_before.focus()
        self.refresh_bindings()
