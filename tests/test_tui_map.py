"""The city map screen, driven by the pilot: key m from the game, the codex and the timeline; the marks the
engine gives (engine/places.py) drawn; the places beyond the plan listed; Esc closes; 80×24 and newsprint."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.containers import ScrollableContainer
from textual.widgets import Static

from petrograd1917.engine.loading import open_machine
from petrograd1917.tui.app import PetrogradApp
from petrograd1917.tui.commands import help_rows
from petrograd1917.tui.screens.codex import CodexScreen
from petrograd1917.tui.screens.game import GameScreen
from petrograd1917.tui.screens.map import MapScreen
from petrograd1917.tui.screens.timeline import TimelineScreen
from petrograd1917.tui.themes import NEWSPRINT
from petrograd1917.tui.widgets.key_hints import KeyHints

CITY = Path(__file__).parent / "data" / "city"


def city_app() -> PetrogradApp:
    app = PetrogradApp(open_machine(CITY, use_cache=False), seed=1)
    app.settings.animations = False
    return app


def text_of(app: App[None], selector: str) -> str:
    return app.screen.query_one(selector, Static).render().plain  # type: ignore[union-attr]


async def test_m_opens_the_map_with_here_and_passed_marked() -> None:
    app = city_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.start_game("worker")
        await pilot.pause()
        await pilot.press("1", "m")  # to the road: the factory's event passed
        assert isinstance(app.screen, MapScreen)
        plan = text_of(app, "#map-plan").splitlines()
        assert plan[9][22] == "●" and plan[2][36] == "◆"
        styles = {str(s.style) for s in app.screen.query_one("#map-plan", Static).render().spans}
        assert "bold reverse" in styles  # here stands out without colour
        margin = text_of(app, "#map-places")
        assert "You are at\n● The southern road" in margin and "Passed\n◆ The factory" in margin
        assert "Beyond the plan" in margin and "The ship" in margin and "Gatchina" in margin
        box = app.screen.query_one("#map-scroll", ScrollableContainer)
        assert box.max_scroll_x > 0 or box.virtual_size.width <= box.size.width
        await pilot.press("escape")
        assert isinstance(app.screen, GameScreen)


async def test_the_map_from_the_codex_and_the_timeline_in_newsprint() -> None:
    app = city_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = NEWSPRINT.name
        await app.start_game("worker")
        await pilot.pause()
        await pilot.press("c")
        assert isinstance(app.screen, CodexScreen)
        app.screen.open_entry("home")
        await pilot.pause()
        await pilot.press("m")
        assert isinstance(app.screen, MapScreen) and app.screen.shown is not None
        assert app.screen.shown.id == "home" and "Shown\n▣ Home" in text_of(app, "#map-places")
        await pilot.press("escape", "escape", "t")
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("m")
        assert isinstance(app.screen, MapScreen) and app.screen.shown is not None
        assert app.screen.shown.id == "factory"  # the first event passed took place at the factory


async def test_the_map_is_in_the_help_and_the_palette() -> None:
    assert any(keys == "m" and "city map" in what for where, keys, what in help_rows() if where == "game")
    app = city_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await app.start_game("worker")
        await pilot.pause()
        assert "m Map" in app.screen.query_one(KeyHints).render().plain  # in the key hints where they fit
        await pilot.press("ctrl+p")
        await pilot.press(*"Map")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)


async def test_a_held_note_shows_after_the_next_choice() -> None:
    app = city_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await app.start_game("worker")
        await pilot.pause()
        await pilot.press("1")
        screen = app.screen
        assert isinstance(screen, GameScreen) and not screen.has_note()  # reveal: after: not yet
        await pilot.press("1")
        assert screen.has_note() and screen.view.revealed is not None
        assert screen.view.revealed.note == "Workers took up arms."
