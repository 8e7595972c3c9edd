"""The Textual app: holds the story, the game being played and the settings; moves between screens."""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding

from petrograd1917 import paths
from petrograd1917.engine.game import Game
from petrograd1917.engine.loading import check as check_story
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.savegame.loading import replay_save
from petrograd1917.savegame.saveformat import SaveError, SaveFile
from petrograd1917.savegame.session import PlaySession
from petrograd1917.savegame.store import SaveStore, saves_dir
from petrograd1917.settings import DEFAULT_THEME, Settings
from petrograd1917.story.files import story_files
from petrograd1917.story.problems import Severity
from petrograd1917.tui.commands import GameCommands
from petrograd1917.tui.screens.game import GameScreen
from petrograd1917.tui.themes import OURS

# Screens other than the game's own are imported when first opened: the first scene comes up sooner
# (the Markdown widget alone pulls in a Markdown parser).
if TYPE_CHECKING:
    from petrograd1917.tui.screens.end import EndScreen
    from petrograd1917.tui.screens.title import TitleScreen


def _screens() -> Any:
    from petrograd1917.tui import screens_all

    return screens_all


# Set by the start-up benchmark: report the time to the first interactive scene, then leave.
BENCH_READY = "PETROGRAD1917_BENCH_READY"


def story_stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    """What the story's files look like on disk now: names, sizes and modification times."""
    out = []
    for f in [f for part in story_files(root).values() for f in part]:
        try:
            st = f.stat()
        except OSError:
            continue
        out.append((str(f), st.st_size, st.st_mtime_ns))
    return tuple(out)


class PetrogradApp(App[None]):
    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses in tests must find it too
    TITLE = "Petrograd 1917"
    COMMANDS = App.COMMANDS | {GameCommands}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, id="quit")]

    def __init__(self, machine: StoryMachine, role: str | None = None, seed: int | None = None,
                 started: float | None = None, saves: Path | None = None, watch: float | None = None) -> None:
        super().__init__()
        self.machine = machine
        self.watch = watch  # seconds between looks at the story's files, or None
        self.start_role = role
        self.seed = seed
        self.started = started
        self.store = SaveStore(saves_dir(saves))
        self.examples = SaveStore(paths.shipped_saves_dir(), read_only=True)
        self.session: PlaySession | None = None
        self.settings = Settings.load()
        for theme in OURS:
            self.register_theme(theme)

    # --- settings ---------------------------------------------------------------

    def on_mount(self) -> None:
        if self.watch:
            self.story_stamp = story_stamp(Path(self.machine.story.root))
            self.set_interval(self.watch, self.look_for_changes)
        self.apply_settings()
        if self.start_role is not None:
            self.start_game(self.start_role)
        else:
            self.show_title()

    def apply_settings(self) -> None:
        s = self.settings
        self.theme = s.theme if s.theme in self.available_themes else DEFAULT_THEME
        self.animation_level = "full" if s.animations else "none"
        for width in (60, 72, 80, 100, 0):
            self.set_class(s.text_width == width, f"-width-{width}")

    def change_settings(self, **changes: object) -> None:
        for key, value in changes.items():
            setattr(self.settings, key, value)
        self.apply_settings()
        if not self.settings.save():
            self.notify("Could not save the settings: the config folder is not writable.", severity="warning")

    # --- the game being played and its saves -------------------------------------------

    @property
    def game(self) -> Game | None:
        return self.session.game if self.session else None

    def autosave(self) -> None:
        if self.session is None or not self.session.game.log:
            return
        try:
            self.session.autosave()
        except SaveError as e:
            self.notify(f"Autosave failed: {e.problems[0].message}", severity="error")

    def title_disabled(self) -> set[str]:
        disabled = set()
        live = self.game is not None and not self.game.is_over
        own = self.store.latest() is not None
        if not live and not own:
            disabled.add("continue")
        if not own and not self.examples.slots():
            disabled |= {"load", "replays"}
        return disabled

    # --- moving between screens ---------------------------------------------------

    def show_title(self) -> None:
        story = self.machine.story
        screen = _screens().TitleScreen(f"{story.title} · version {story.version}", self.title_disabled())
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def start_game(self, role: str) -> None:
        seed = self.seed if self.seed is not None else secrets.randbelow(2**31)
        self.play(PlaySession(Game.new(self.machine, role, seed), self.store))

    def play(self, session: PlaySession) -> None:
        self.session = session
        if session.game.is_over:
            self.after_choice(session.game)
        else:
            self._show(GameScreen(session))

    def play_branch(self, game: Game) -> None:
        self.play(PlaySession(game, self.store))
        self.notify("A new game, branching off the replay here. It autosaves as you play.")

    def _show(self, screen: GameScreen | EndScreen | TitleScreen) -> None:  # noqa: F821
        # Drop any codex/timeline/journal on top, then replace the base screen.
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def after_choice(self, game: Game) -> None:
        self.autosave()
        if game.is_over:
            self._show(_screens().EndScreen(_screens().end_report(game.story, game.role, game.path, game.log)))

    def action_open_codex(self, entry_id: str) -> None:
        """A codex word clicked in a scene."""
        self.open_codex(entry_id)

    def action_open_timeline(self, event_id: str) -> None:
        self.open_timeline(event_id)

    def open_codex(self, entry_id: str | None = None) -> None:
        self.push_screen(_screens().CodexScreen(self.machine.story, entry_id))

    def open_timeline(self, event_id: str | None = None) -> None:
        g = self.game
        entries = _screens().timeline(self.machine.story, g.path if g else (), g.log if g else ())
        self.push_screen(_screens().TimelineScreen(self.machine.story, entries, event_id))

    # --- actions (keys, menus and the command palette) ------------------------------

    def action_title_new(self) -> None:
        self.push_screen(_screens().RoleScreen(self.machine.story), callback=self._role_chosen)

    def _role_chosen(self, role: str | None) -> None:
        if role:
            self.start_game(role)

    def action_title_continue(self) -> None:
        if self.session is not None and not self.session.game.is_over:
            self._show(GameScreen(self.session))
            return
        latest = self.store.latest()
        if latest is not None:
            self.open_save(latest.path)

    def action_title_load(self) -> None:
        self.push_screen(_screens().SlotsScreen(self.machine.story, self.store, self.examples, "Load a game"),
                         callback=lambda path: path and self.open_save(path))

    def action_title_replays(self) -> None:
        self.push_screen(_screens().SlotsScreen(self.machine.story, self.store, self.examples, "Watch a replay"),
                         callback=lambda path: path and self.open_save(path, replay=True))

    def open_save(self, path: Path, replay: bool = False) -> None:
        """Load by replaying; on a changed story, say how far it got and ask before going on."""
        try:
            loaded = replay_save(self.machine, SaveFile.read(path))
        except SaveError as e:
            self.notify(str(e.problems[0]), title="Cannot load this save", severity="error", timeout=10)
            return
        if replay:
            self.push_screen(_screens().ReplayScreen(loaded.game, loaded.save.label or path.name))
            if not loaded.exact:
                self.notify(loaded.message, severity="warning", timeout=10)
            return
        session = PlaySession.resume(loaded, self.store)
        if loaded.exact:
            self.play(session)
            self.notify(loaded.message)
            return
        self.push_screen(_screens().ConfirmScreen(loaded.message + " Go on from there?", "Go on", "Back"),
                         callback=lambda yes: yes and self.play(session))

    def action_save(self) -> None:
        if self.session is None:
            return
        suggestion = self.session.label or ""

        def chosen(label: str | None) -> None:
            if not label or self.session is None:
                return
            try:
                path = self.session.save_as(label)
            except ValueError as e:
                self.notify(str(e), severity="warning")
            except SaveError as e:
                self.notify(e.problems[0].message, title="Not saved", severity="error", timeout=10)
            else:
                self.notify(f"Saved as '{path.name.removesuffix('.save.yaml')}'.")

        self.push_screen(_screens().SaveAsScreen(suggestion), callback=chosen)

    def action_load(self) -> None:
        self.action_title_load()

    def action_undo(self) -> None:
        if self.session is None or not self.session.undo():
            self.notify("There is nothing to undo.")
            return
        self.autosave()
        self._show(GameScreen(self.session))
        self.notify("You take back your last choice.")

    async def action_quit(self) -> None:
        self.autosave()
        self.exit()

    def action_title_codex(self) -> None:
        self.open_codex()

    def action_title_settings(self) -> None:
        self.push_screen(_screens().SettingsScreen())

    def action_title_quit(self) -> None:
        self.autosave()
        self.exit()

    def action_title_menu(self) -> None:
        self.show_title()

    def action_codex(self) -> None:
        self.open_codex()

    def action_timeline(self) -> None:
        self.open_timeline()

    def action_journal(self) -> None:
        if self.game is not None:
            self.push_screen(_screens().JournalScreen(self.game))
        else:
            self.notify("The journal fills as you play.")

    def action_help(self) -> None:
        if not isinstance(self.screen, _screens().HelpScreen):
            self.push_screen(_screens().HelpScreen())

    # --- play --watch: reload the story when its files change ---------------------------------

    def look_for_changes(self) -> None:
        root = Path(self.machine.story.root)
        stamp = story_stamp(root)
        if stamp != self.story_stamp:
            self.story_stamp = stamp
            self.reload_story(root)

    def reload_story(self, root: Path) -> None:
        """Load the changed story; on errors show them and keep playing the old one; else replay the
        player's log onto the new story so the author stays where they were (as Inky does)."""
        story, problems = check_story(root, use_cache=False)
        if story is None:
            errors = [p for p in problems if p.severity is Severity.ERROR]
            self.push_screen(_screens().LoadErrorsScreen(errors))
            return
        machine = StoryMachine(story)
        self.machine = machine
        if self.session is None:
            self.notify("Story reloaded.")
            return
        old = self.session.game
        game, stop = Game.replay_partly(machine, old.role, old.seed, old.log) if old.role in story.roles else (
            Game.new(machine, None, old.seed), None)
        self.session = PlaySession(game, self.store, self.session.label, self.session.created,
                                   self.session.play_seconds())
        if isinstance(self.screen, _screens().LoadErrorsScreen):
            self.pop_screen()
        self.play(self.session)
        if stop is None:
            self.notify(f"Story reloaded: all {len(old.log)} choices replayed.")
        else:
            self.notify(f"Story reloaded: replayed {stop.step - 1} of {len(old.log)} choices; {stop.reason}.",
                        severity="warning", timeout=10)

    # --- the start-up benchmark ---------------------------------------------------

    def scene_ready(self) -> None:
        """Called by the game screen once the first scene's choices are mounted and focused."""
        if os.environ.get(BENCH_READY) and self.started is not None:
            import resource

            ms = (time.perf_counter() - self.started) * 1000
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            Path(os.environ[BENCH_READY]).write_text(json.dumps({"ready_ms": round(ms, 1), "rss_kib": rss}))
            self.exit()
