"""The side panel of the game screen: who you are and your variables; how your choices keep to the
record only when the fidelity meter is on in the settings (the score is for the end)."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from petrograd1917.engine.view import SceneView, VariableView
from petrograd1917.history.judge import Fidelity
from petrograd1917.tui.words import you_are


def meter(ratio: float | None, width: int = 10) -> str:
    """A bar readable without colour: filled and empty blocks and a percentage."""
    if ratio is None:
        return "─" * width + "  —"
    filled = round(ratio * width)
    return "█" * filled + "░" * (width - filled) + f" {round(100 * ratio)}%"


def kept(f: Fidelity) -> str:
    """'3 in keeping of 4 graded' (historical and plausible are in keeping), as the end report counts."""
    return f"{f.in_keeping} in keeping of {f.graded} graded" if f.graded else "no graded choice yet"


def percent(f: Fidelity) -> str:
    return f"{round(100 * f.ratio)}% in keeping" if f.ratio is not None else "nothing graded yet"


def variable_line(var: VariableView, width: int) -> list[str | tuple[str, str]]:
    """'Resolve: 3 / 5'; a value that would not fit after its label goes on a line of its own, whole."""
    if len(var.label) + 2 + len(var.with_max) <= width:
        return [f"{var.label}: ", (var.with_max, "bold")]
    return [f"{var.label}:\n  ", (var.with_max, "bold")]


def status_line(v: SceneView, with_meter: bool) -> str:
    """The side panel in one line, for a narrow terminal: 'Fidelity 75% in keeping · Resolve 3/5 · …'."""
    compact = [f"{var.label} {var.with_max.replace(' ', '')}" for var in v.variables]
    return " · ".join(([f"Fidelity {percent(v.fidelity)}"] if with_meter else []) + compact)


class SidePanel(Widget):
    """One widget, drawn for its width; redrawn only when what it shows has changed. Its height is
    the column's, not its text's: a change redraws it and lays nothing out."""

    DEFAULT_CSS = "SidePanel { height: 1fr; }"

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[str, tuple[VariableView, ...], Fidelity | None, int | None] | None = None

    def show(self, v: SceneView, with_meter: bool) -> None:
        shown = (v.role_name, v.variables, v.fidelity if with_meter else None, v.pivot_step)
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def render(self) -> Content:
        if self._shown is None:
            return Content("")
        role_name, variables, f, pivot_step = self._shown
        width = self.content_region.width or 28
        parts: list[str | tuple[str, str]] = [(you_are(role_name), "bold"), "\n"]
        for var in variables:
            parts += ["\n", *variable_line(var, width)]
        if f is not None:
            parts += ["\n\n", ("Against the record", "bold"), "\n", meter(f.ratio), "\n", kept(f)]
        if pivot_step is not None:
            parts += ["\n\n", (f"Left the record at step {pivot_step}", "bold"), "\n", "Nothing after it is graded."]
        return Content.assemble(*parts)
