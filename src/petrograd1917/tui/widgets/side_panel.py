"""The side panel of the game screen: who you are and your variables; how your choices keep to the
record only when the fidelity meter is on in the settings (the score is for the end)."""

from __future__ import annotations

from textual.content import Content, _FormattedLine
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
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
    """One widget, drawn for its width. Its height is the column's, not its text's: a change lays
    nothing out, and only the lines that changed (a value or two after a choice) go through Textual's
    drawing of each line again."""

    DEFAULT_CSS = "SidePanel { height: 1fr; }"

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[str, tuple[VariableView, ...], Fidelity | None, int | None] | None = None
        self._drawn: tuple[tuple[object, ...], list[Strip]] = ((), [])  # (what for, the lines drawn)
        self._line_cache: dict[tuple[object, ...], Strip] = {}

    def show(self, v: SceneView, with_meter: bool) -> None:
        shown = (v.role_name, v.variables, v.fidelity if with_meter else None, v.pivot_step)
        if shown == self._shown:
            return
        drawn_for, before = self._drawn
        self._shown = shown
        after = self.lines()
        if not before or drawn_for[1:] != self._drawn[0][1:]:  # not drawn yet at this width and style
            self.refresh()
            return
        width = self.content_size.width
        changed = [y for y in range(max(len(before), len(after)))
                   if y >= len(before) or y >= len(after) or before[y] != after[y]]
        if changed:
            self.refresh(*(Region(0, y, width, 1) for y in changed))

    def render(self) -> Content:
        """The whole panel as one text."""
        if self._shown is None:
            return Content("")
        role_name, variables, f, pivot_step = self._shown
        width = self.content_size.width or 28
        parts: list[str | tuple[str, str]] = [(you_are(role_name), "bold"), "\n"]
        for var in variables:
            parts += ["\n", *variable_line(var, width)]
        if f is not None:
            parts += ["\n\n", ("Against the record", "bold"), "\n", meter(f.ratio), "\n", kept(f)]
        if pivot_step is not None:
            parts += ["\n\n", (f"Left the record at step {pivot_step}", "bold"), "\n", "Nothing after it is graded."]
        return Content.assemble(*parts)

    def lines(self) -> list[Strip]:
        """The panel's lines as Textual draws the text of any widget (Visual.to_strips), made again when
        the text changed, and then each line only if it is not one drawn before."""
        width, style, selection = self.content_size.width, self.visual_style, self.text_selection
        key = (self._shown, width, style, selection)
        if key != self._drawn[0]:
            if not width or selection is not None:  # (text selected: Textual's own drawing marks it)
                lines = Visual.to_strips(self, self.render(), width, None, style) if width else []
            else:
                lines = [self._line(line, width, style) for line in self.render()._wrap_and_format(
                    width, get_style=self._get_style)]
            self._drawn = (key, lines)
        return self._drawn[1]

    def _line(self, line: _FormattedLine, width: int, style: Style) -> Strip:
        """One wrapped line drawn as Visual.to_strips draws it (its cells carry their offsets), once."""
        key = (line.content.plain, tuple(line.content.spans), line.x, line.y, width, style)
        strip = self._line_cache.get(key)
        if strip is None:
            if len(self._line_cache) > 128:
                self._line_cache.clear()
            strip = Strip(*line.to_strip(style))
            if self.auto_links and not self.screen._selecting:
                strip = strip._apply_link_style(self.link_style)
            self._line_cache[key] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        lines = self.lines()
        return lines[y] if 0 <= y < len(lines) else Strip.blank(self.size.width, self.visual_style.rich_style)
