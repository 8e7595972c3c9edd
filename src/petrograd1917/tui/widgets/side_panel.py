"""The side panel of the game screen: who you are, your variables, and how your choices keep to the record."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget

from petrograd1917.history.judge import Fidelity
from petrograd1917.tui.words import you_are


def meter(ratio: float | None, width: int = 10) -> str:
    """A bar readable without colour: filled and empty blocks and a percentage."""
    if ratio is None:
        return "─" * width + "  —"
    filled = round(ratio * width)
    return "█" * filled + "░" * (width - filled) + f" {round(100 * ratio)}%"


def variable_line(label: str, value: str, width: int) -> list[str | tuple[str, str]]:
    """'Resolve: 3 / 5'; a value that would not fit after its label goes on a line of its own, whole."""
    if len(label) + 2 + len(value) <= width:
        return [f"{label}: ", (value, "bold")]
    return [f"{label}:\n  ", (value, "bold")]


class SidePanel(Widget):
    """One widget, drawn for its width; redrawn only when what it shows has changed."""

    DEFAULT_CSS = "SidePanel { height: auto; }"

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[str, tuple[tuple[str, str], ...], Fidelity] | None = None

    def show(self, role_name: str, variables: Sequence[tuple[str, str]], fidelity: Fidelity) -> None:
        shown = (role_name, tuple(variables), fidelity)
        if shown != self._shown:
            self._shown = shown
            self.refresh(layout=True)

    def render(self) -> Content:
        if self._shown is None:
            return Content("")
        role_name, variables, f = self._shown
        width = self.content_region.width or 28
        parts: list[str | tuple[str, str]] = [(you_are(role_name), "bold"), "\n"]
        for label, value in variables:
            parts += ["\n", *variable_line(label, value, width)]
        judged = f"{f.in_keeping} in keeping of {f.graded} graded" if f.graded else "no graded choice yet"
        parts += ["\n\n", ("Against the record", "bold"), "\n", meter(f.ratio), "\n", judged]
        return Content.assemble(*parts)
