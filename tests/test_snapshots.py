"""Snapshots of the main screens at fixed sizes, theme and seed (pytest-textual-snapshot).

Update them on purpose after a visible change: `pytest tests/test_snapshots.py --snapshot-update`,
then look at the report before committing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from petrograd1917.engine.loading import open_machine
from petrograd1917.tui.app import PetrogradApp

SIZE = (100, 32)
MINI = Path(__file__).parent / "data" / "mini"
CAMPAIGN = Path(__file__).resolve().parent.parent / "story"
CITY = Path(__file__).parent / "data" / "city"  # the small story with a map of its own


@pytest.fixture
def app() -> PetrogradApp:
    app = PetrogradApp(open_machine(MINI, use_cache=False), seed=1)
    app.settings.animations = False
    return app


def campaign(role: str = "worker") -> PetrogradApp:
    app = PetrogradApp(open_machine(CAMPAIGN), role=role, seed=1)  # from the cache conftest fills once
    app.settings.animations = False
    return app


def start(role: str = "worker") -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.app.start_game(role)  # type: ignore[attr-defined]
        await pilot.pause()

    return run_before


async def saves_read(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_title(snap_compare, app: PetrogradApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=saves_read)


def test_game_after_a_judged_choice(snap_compare, app: PetrogradApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=start(), press=["1"])


def test_ending_scene(snap_compare, app: PetrogradApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=start(), press=["1", "1"])


def test_codex(snap_compare, app: PetrogradApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, press=["c", "down"])


def test_timeline(snap_compare, app: PetrogradApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=start(), press=["1", "t", "down"])


def test_end(snap_compare, app: PetrogradApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=start(), press=["2", "r"])


def test_help(snap_compare, app: PetrogradApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=(100, 40), press=["question_mark"])


def test_campaign_small_terminal(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(campaign(), terminal_size=(60, 20), press=["1"])


def test_campaign_too_small(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(campaign(), terminal_size=(45, 14))


def test_campaign_large_terminal(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(campaign(), terminal_size=(140, 45), press=["1"])


def test_campaign_scene_with_emphasis(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(campaign("sailor"), terminal_size=SIZE)


def city_map(theme: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.theme = theme
        await pilot.app.start_game("worker")  # type: ignore[attr-defined]
        await pilot.pause()

    return run_before


def test_city_map(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The map at 80×24: the road marked here, the factory passed, the places beyond the plan listed."""
    app = PetrogradApp(open_machine(CITY, use_cache=False), seed=1)
    app.settings.animations = False
    assert snap_compare(app, terminal_size=(80, 24), run_before=city_map("petrograd"), press=["1", "m"])


def test_city_map_newsprint(snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = PetrogradApp(open_machine(CITY, use_cache=False), seed=1)
    app.settings.animations = False
    assert snap_compare(app, terminal_size=(80, 24), run_before=city_map("newsprint"), press=["1", "m"])
