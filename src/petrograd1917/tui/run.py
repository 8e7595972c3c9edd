"""Running the app: in this terminal with its signals and exit code, or warmed once in the browser's
warm process (forkserver.py) so that every game forked from it starts hot."""

from __future__ import annotations

import asyncio
import signal
import sys
import tempfile
from pathlib import Path

from petrograd1917.engine.machine import StoryMachine


def run_app(machine: StoryMachine, role: str | None, seed: int | None, saves: Path | None = None,
            watch: bool = False) -> int:
    """Play until the player leaves; the exit code (a crash is 70, a signal 128 + its number)."""
    from petrograd1917.gcpause import gc_paused
    from petrograd1917.savegame.store import saves_dir

    with gc_paused():  # importing Textual makes many objects and no garbage: collecting meanwhile is waste
        from petrograd1917.tui.app import PetrogradApp

    app = PetrogradApp(machine, role=role, seed=seed, saves=saves_dir(saves), watch=1.0 if watch else None)

    def closing(signum: int, frame: object) -> None:
        # A terminal closed (SIGHUP) or a polite kill (SIGTERM): keep the game, then leave.
        app.autosave()
        app.exit(return_code=128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, closing)
    app.run()
    # Textual returns normally even when the app crashed; its return code says so.
    return app.return_code or 0


def warm(story: Path | None) -> StoryMachine:
    """Everything a game needs before its first frame, loaded in the parent to be shared by every fork."""
    from petrograd1917.engine.loading import open_machine

    machine = open_machine(story)
    import textual.drivers.web_driver  # noqa: F401  (the driver every game runs on)

    from petrograd1917.story import prose
    from petrograd1917.tui import app, screens_all  # noqa: F401
    from petrograd1917.tui.screens.base import SCREENS_CSS

    # Every screen's CSS read with the app's, once parsed here: a game then opens the role picker or the
    # codex without parsing and restyling the whole app (what a screen bringing new CSS costs).
    app.PetrogradApp.CSS_PATH = [Path(app.__file__).parent / "app.tcss", SCREENS_CSS]

    prose.parse("*warm*")  # the Markdown parser, built once here
    rehearse(machine)
    return machine


def rehearse(machine: StoryMachine) -> None:
    """Play a few keys of a game headless, once, so that what Textual parses and caches on first use
    (the stylesheets, selectors, compiled patterns, bindings) is ready in every fork. Best effort: a
    rehearsal that fails only leaves the games to do that work themselves."""
    from petrograd1917.tui.app import PetrogradApp

    async def run() -> None:
        with tempfile.TemporaryDirectory(prefix="petrograd1917-rehearsal-") as saves:
            app = PetrogradApp(machine, seed=1, saves=Path(saves))
            async with app.run_test(size=(100, 30)) as pilot:
                for key in ("n", "enter", "1", "escape"):
                    await pilot.press(key)
                    await pilot.pause()
                app.exit()

    try:
        asyncio.run(asyncio.wait_for(run(), 60))
    except Exception as e:  # noqa: BLE001  (any failure only costs speed)
        print(f"forkserver: the rehearsal failed ({e!r}); games start colder", file=sys.stderr)
