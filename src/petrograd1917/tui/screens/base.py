"""A screen that steps aside with a 'terminal too small' note when the terminal shrinks below the minimum."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 50, 16


class GameFaceScreen(Screen[None]):
    """Base of the full screens: subclasses compose their widgets through `body()`."""

    def compose(self) -> ComposeResult:
        yield Static(
            f"The terminal is too small.\nPlease make it at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            id="too-small",
        )
        yield from self.body()

    def body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        self.set_class(width < MIN_WIDTH or height < MIN_HEIGHT, "-too-small")
        self.set_class(width < 90, "-narrow")
