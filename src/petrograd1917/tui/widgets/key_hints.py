"""The keys of the screen on one line at the bottom: one widget, where Textual's Footer makes one a key.

It fits the line: when the terminal is narrow, the least needed keys are left out first, never Menu,
Help or Quit (the full list is in the help). A click on a key presses it."""

from __future__ import annotations

from typing import NamedTuple

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from petrograd1917.tui.commands import BY_ID

GAP = "  "


class Hint(NamedTuple):
    key: str  # the key pressed on a click
    shown: str  # how the key is written
    label: str
    keep: bool  # kept when the line is too short


class KeyHints(Widget):
    DEFAULT_CSS = """
    KeyHints {
        height: 1;
        dock: bottom;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    KeyHints > .key-hints--key { color: $footer-key-foreground; text-style: bold; }
    """
    COMPONENT_CLASSES = {"key-hints--key"}
    ALLOW_SELECT = False

    def __init__(self) -> None:
        super().__init__()
        self._hints: list[Hint] | None = None
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) of what was drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """Redrawn only when the keys shown change: a new scene refreshes the bindings, mostly the same."""
        if screen is self.screen:
            before, self._hints = self._hints, None
            if self.hints() != before:
                self.refresh()

    def hints(self) -> list[Hint]:
        """The keys shown on this screen now, one a command, in the order the screen declares them."""
        if self._hints is None:
            seen: set[str] = set()
            out = []
            for key, (_node, binding, enabled, _tip) in self.screen.active_bindings.items():
                if not binding.show or not enabled or binding.action in seen:
                    continue
                seen.add(binding.action)
                command = BY_ID.get(binding.id or "")
                out.append(Hint(key, self.app.get_key_display(binding), binding.description,
                                command.keep if command else False))
            self._hints = out
        return self._hints

    def fitted(self, width: int) -> list[Hint]:
        """As many hints as fit in `width`, dropping from the end those not marked to keep."""
        hints = list(self.hints())

        def length(hs: list[Hint]) -> int:
            return sum(len(h.shown) + 1 + len(h.label) for h in hs) + len(GAP) * len(hs) - 1

        for i in range(len(hints) - 1, -1, -1):
            if length(hints) <= width:
                break
            if not hints[i].keep:
                del hints[i]
        return hints

    def render(self) -> Content:
        key_style = self.get_visual_style("key-hints--key")
        parts: list[str | tuple[str, Style]] = []
        self._spans = []
        x = 0
        for i, h in enumerate(self.fitted(self.size.width)):
            lead = " " if i == 0 else GAP
            parts += [lead, (h.shown, key_style), " " + h.label]
            x += len(lead)
            end = x + len(h.shown) + 1 + len(h.label)
            self._spans.append((x, end, h.key))
            x = end
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
