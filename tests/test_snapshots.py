"""Snapshots of the main screens at a fixed size, theme and seed (pytest-textual-snapshot).

Update them on purpose after a visible change: `pytest tests/test_snapshots.py --snapshot-update`,
then look at the report before committing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from petrograd1917.engine.loading import open_machine
from petrograd1917.tui.app import PetrogradApp

SIZE = (100, 32)
MINI = Path(__file__).parent / "data" / "mini"


@pytest.fixture
def app() -> PetrogradApp:
    app = PetrogradApp(open_machine(MINI, use_cache=False), seed=1)
    app.settings.animations = False
    return app


def start(role: str = "worker"):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        pilot.app.start_game(role)  # type: ignore[attr-defined]
        await pilot.pause()

    return run_before


def test_title(snap_compare, app: PetrogradApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE)


def test_game_after_a_judged_choice(snap_compare, app: PetrogradApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=start(), press=["1"])


def test_codex(snap_compare, app: PetrogradApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, press=["c", "down"])


def test_timeline(snap_compare, app: PetrogradApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=start(), press=["1", "t", "down"])


def test_end(snap_compare, app: PetrogradApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=start(), press=["2"])
