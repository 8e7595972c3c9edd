"""The city map: the story's street plan, the scene's place and the places of the record passed marked,
the places beyond the plan in a margin list, and a legend. What is marked comes from engine/places.py."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, ScrollableContainer, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from petrograd1917.engine.places import PlacesOnMap
from petrograd1917.history import citymap
from petrograd1917.story.model import CodexEntry
from petrograd1917.tui.commands import bindings
from petrograd1917.tui.screens.base import SCREENS_CSS, FaceScreen

# Styles that read without colour and in every theme (newsprint, ansi, NO_COLOR): weight and inversion.
STYLES = {citymap.HERE: "bold reverse", citymap.PASSED: "bold", citymap.PLACE: "dim"}
SHOWN = "bold reverse underline"  # the place asked for from the codex or the timeline
LEGEND = ((citymap.HERE, "you are here"), (citymap.PASSED, "where an event you passed took place"),
          (citymap.PLACE, "another place"))


def plan_content(places: PlacesOnMap, shown: str | None = None) -> Content:
    """The plan's lines with each mark styled; the lines are the story's, never read as markup."""
    lines = list(places.lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    content = Content("\n".join(lines))
    for m in places.marks:
        if 0 <= m.y < len(lines) and 0 <= m.x < len(lines[m.y]):
            at = starts[m.y] + m.x
            content = content.stylize(SHOWN if m.entry.id == shown else STYLES[m.glyph], at, at + 1)
    return content


def _passed(entries: tuple[CodexEntry, ...]) -> list[str | tuple[str, str]]:
    """The places of the record passed, those beyond the plan said to be."""
    if not entries:
        return []
    parts: list[str | tuple[str, str]] = ["\n\n", ("Passed", "bold underline")]
    for e in entries:
        parts += ["\n", (citymap.PASSED, STYLES[citymap.PASSED]), f" {e.name}" + ("" if e.map else " (beyond the plan)")]
    return parts


def margin_content(places: PlacesOnMap, shown: CodexEntry | None = None) -> Content:
    """The margin: the legend, where you are, the places passed, and the places beyond the plan."""
    parts: list[str | tuple[str, str]] = [("Legend", "bold underline")]
    for glyph, words in LEGEND:
        parts += ["\n", (glyph, STYLES[glyph]), f" {words}"]
    if shown is not None:
        where = "" if shown.map is not None else " (beyond the plan)"
        parts += ["\n\n", ("Shown", "bold underline"), "\n", ("▣", SHOWN), f" {shown.name}{where}"]
    if places.here is not None:
        where = "" if places.here_placed else " (beyond the plan)"
        parts += ["\n\n", ("You are at", "bold underline"), "\n", (citymap.HERE, STYLES[citymap.HERE]),
                  f" {places.here.name}{where}"]
    parts += _passed(places.passed)
    been = {e.id for e in places.off_map_passed()}
    off = list(places.off_map)
    if off:
        parts += ["\n\n", ("Beyond the plan", "bold underline")]
        for e in off:
            parts += ["\n", (f"• {e.name}", "bold") if e.id in been else f"  {e.name}"]
    return Content.assemble(*parts)


class MapScreen(FaceScreen):
    CSS_PATH = SCREENS_CSS
    BINDINGS = bindings("map")

    def __init__(self, places: PlacesOnMap, shown: CodexEntry | None = None) -> None:
        super().__init__()
        self.places = places
        self.shown = shown

    def body(self) -> ComposeResult:
        here = self.places.here
        head = Content.assemble(("City map", "bold"), f" · you are at {here.name}" if here else "",
                                " · arrows scroll")
        yield Static(head, id="map-head")
        with Horizontal(id="map-body"):
            with ScrollableContainer(id="map-scroll"):
                if self.places.lines:
                    yield Static(plan_content(self.places, self.shown.id if self.shown else None), id="map-plan")
                else:
                    yield Static("This story has no city map.", id="map-plan")
            with VerticalScroll(id="map-side", can_focus=False):
                yield Static(margin_content(self.places, self.shown), id="map-places")

    def text_box(self) -> ScrollableContainer:
        return self.query_one("#map-scroll", ScrollableContainer)

    def on_mount(self) -> None:
        super().on_mount()
        self.text_box().focus()
        self.call_after_refresh(self.centre)

    def centre(self) -> None:
        """Scroll the plan so that the place shown (or the player's) is in view."""
        target = self.shown if self.shown is not None and self.shown.map else self.places.here
        if target is None or target.map is None:
            return
        box = self.text_box()
        x, y = target.map
        box.scroll_to(max(0, x - box.size.width // 2), max(0, y - box.size.height // 2), animate=False)

    def action_back(self) -> None:
        self.dismiss()
