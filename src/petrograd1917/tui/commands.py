"""The one table of the game's keys and commands: every screen's bindings, the command palette (ctrl+p)
and the help screen are made from it, so that a key is declared once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import NamedTuple

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.keys import format_key

# Where a key works. "app" keys work on every screen; the others on their own screen only.
PLACES = {
    "app": "everywhere",
    "title": "title menu",
    "game": "game",
    "end": "end report",
    "codex": "codex",
    "timeline": "timeline",
    "map": "city map",
    "journal": "journal",
    "replay": "replays",
    "roles": "choosing a role",
}
SCROLL = ("game", "end", "codex", "timeline", "journal", "replay", "map")


class Command(NamedTuple):
    """One key (or group of keys) and what it does. (A NamedTuple: a frozen dataclass costs a few
    milliseconds to make as the app starts.)"""

    id: str  # the binding id: stable, so that keys can be remapped
    keys: str  # Textual key names, comma-separated
    action: str  # an action of the app ("app.codex") or of the screen ("step(1)")
    label: str  # the short name shown in the key hints and the palette
    help: str  # what it does, for the help screen and the palette
    places: tuple[str, ...]
    show: bool = True  # in the key hints at the bottom of the screen
    palette: bool = False  # offered in the command palette (app actions only)
    priority: bool = False  # before the focused widget's own keys (scrolling, stepping)
    display: str = ""  # how the keys are written, if not from their names
    keep: bool = False  # kept in the key hints when the line is too short for all


COMMANDS: tuple[Command, ...] = (
    # Quit is in Textual's own part of the palette; it runs our action_quit, which keeps the game.
    Command("quit", "ctrl+q", "app.quit", "Quit", "quit; your game is kept", ("app",), priority=True, keep=True),
    Command("help", "question_mark,f1", "app.help", "Help", "the keys of every screen (this help)", ("app",),
            palette=True, keep=True, display="?"),
    Command("choose", "1,2,3,4,5,6,7,8,9", "choose", "Choose", "take a choice by its number; ↑ ↓ and Enter, "
            "or a click, work too", ("game",), display="1-9"),
    Command("end.report", "r", "app.end_report", "End report", "after an ending: the end report",
            ("game",), palette=True),
    Command("codex", "c", "app.codex", "Codex", "people, places, organisations and terms", ("game", "title"),
            palette=True),
    Command("timeline", "t", "app.timeline", "Timeline", "the record in date order, with your verdicts",
            ("game", "end"), palette=True),
    Command("journal", "j", "app.journal", "Journal", "every scene you have passed, with your choices",
            ("game", "end"), palette=True),
    Command("note", "v", "toggle_note", "Note", "show or hide the history note after a judged choice", ("game",),
            show=False),
    Command("undo", "u", "app.undo", "Undo", "take back your last choice, as often as you like", ("game", "end"),
            palette=True),
    Command("save", "s", "app.save", "Save", "save the game under a name", ("game", "end"), palette=True),
    Command("note.full", "e", "expand_note", "Full note", "the history note in full, or back to its box",
            ("game",)),
    Command("map", "m", "app.map", "Map", "the city map: where you are, and the places you have passed",
            ("game", "end"), palette=True),
    Command("load", "l", "app.load", "Load", "load a saved game", ("game",), show=False, palette=True),
    Command("new", "n", "app.new_game", "New game", "start again in a role of your choosing", ("title", "end"),
            palette=True),
    Command("replay.this", "p", "app.replay_this", "Replay", "step through this game from its first choice",
            ("end",), palette=True),
    Command("replays", "", "app.replays", "Replays", "step through a saved play-through", (), palette=True),
    Command("settings", "o", "app.settings", "Settings", "theme, text width, animations", ("title",),
            palette=True),
    Command("menu", "escape", "app.title_menu", "Menu", "back to the title menu; the game is kept",
            ("game", "end"), palette=True, keep=True, display="esc"),
    Command("scroll.down", "pagedown", "scroll_text(1)", "Scroll", "scroll the text down a page, whatever has "
            "the focus", SCROLL, show=False, priority=True, display="PgDn Space"),
    Command("scroll.up", "pageup", "scroll_text(-1)", "Scroll up", "scroll the text up a page", SCROLL, show=False,
            priority=True, display="PgUp Shift+Space"),
    # Space as a page key too, but not in a search box (see FaceScreen.check_action); in the help above.
    Command("scroll.space", "space", "space_scroll(1)", "Scroll", "", SCROLL, show=False, priority=True),
    Command("scroll.space.up", "shift+space", "space_scroll(-1)", "Scroll up", "", SCROLL, show=False,
            priority=True),
    Command("codex.search", "slash", "search", "Search", "search the codex; type to filter, ↑ ↓ to browse",
            ("codex",), display="/"),
    Command("codex.map", "m", "show_on_map", "On the map", "show the place you are reading about on the city map",
            ("codex",)),
    Command("timeline.map", "m", "show_on_map", "On the map", "show where the event took place on the city map",
            ("timeline",)),
    Command("replay.next", "right", "step(1)", "Next", "the next step", ("replay",), priority=True),
    Command("replay.back", "left", "step(-1)", "Previous", "the step before", ("replay",), priority=True),
    Command("replay.first", "home", "first", "First", "the first step", ("replay",), priority=True, display="Home"),
    Command("replay.last", "end", "last", "Last", "the last step", ("replay",), priority=True, display="End"),
    Command("replay.branch", "b", "branch", "Play from here", "a new game that goes on from the step shown",
            ("replay",)),
    Command("journal.top", "home", "top", "Top", "the first scene", ("journal",), show=False, display="Home"),
    Command("journal.bottom", "end", "bottom", "Bottom", "the scene you are in", ("journal",), show=False,
            display="End"),
    Command("roles.pick", "1,2,3,4,5,6,7,8,9", "pick", "Choose", "begin as the role with that number; "
            "↑ ↓ and Enter work too", ("roles",), display="1-9"),
    Command("back", "escape", "back", "Back", "back to where you were", ("codex", "timeline", "journal",
            "replay", "roles", "map"), keep=True, display="esc"),
)
BY_ID = {c.id: c for c in COMMANDS}


def keys_shown(command: Command) -> str:
    """How a command's keys are written for a person: '?', '1-9', 'PgDn Space', '←'."""
    return command.display or " ".join(format_key(k) for k in command.keys.split(","))


def _expand(command: Command, namespace: str) -> Iterator[Binding]:
    action = command.action.removeprefix("app.") if namespace == "app" else command.action
    keys = command.keys.split(",")
    if command.action in ("choose", "pick"):  # one binding a number; one entry in the hints and key panel
        for n, key in enumerate(keys, start=1):
            yield Binding(key, f"{action}({n})", command.label, show=command.show and n == 1,
                          key_display=command.display if n == 1 else None, id=f"{command.id}.{n}", system=n > 1)
        return
    yield Binding(command.keys, action, command.label, show=command.show, priority=command.priority,
                  key_display=command.display or None, id=command.id)


def bindings(place: str) -> list[BindingType]:
    """The bindings of one place (a screen, or "app" for the keys of every screen)."""
    return [b for c in COMMANDS if place in c.places and c.keys for b in _expand(c, place)]


def help_rows() -> Iterator[tuple[str, str, str]]:
    """(where, keys, what) for the help screen, place by place."""
    for place, where in PLACES.items():
        for c in COMMANDS:
            if place in c.places and c.keys and c.help:
                yield where, keys_shown(c), c.help


class GameCommands(Provider):
    """The palette's game commands, from the same table as the keys."""

    def _offered(self) -> Iterator[Command]:
        for c in COMMANDS:
            if c.palette and self.app.check_action(c.action.removeprefix("app."), ()) is not False:
                yield c

    async def discover(self) -> Hits:
        for c in self._offered():
            yield DiscoveryHit(c.label, self._runner(c), help=c.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for c in self._offered():
            score = matcher.match(c.label)
            if score > 0:
                yield Hit(score, matcher.highlight(c.label), self._runner(c), help=c.help)

    def _runner(self, command: Command) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await self.app.run_action(command.action.removeprefix("app."))

        return run
