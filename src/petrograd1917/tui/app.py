"""The Textual app: holds the story, the game being played and the settings; answers what the screens
ask (their messages, and the keys of the command table) by moving between places and overlays."""

from __future__ import annotations

import gc
import secrets
from asyncio import AbstractEventLoop
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import App, CSSPathType
from textual.screen import Screen

from petrograd1917.engine.game import Game
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.engine.view import game_report
from petrograd1917.savegame.saveformat import SaveError
from petrograd1917.savegame.session import PlaySession
from petrograd1917.savegame.store import SaveStore, SlotTaken, example_store, saves_dir
from petrograd1917.settings import DEFAULT_THEME, Settings
from petrograd1917.story.files import story_files
from petrograd1917.tui import messages as m
from petrograd1917.tui.commands import GameCommands, bindings
from petrograd1917.tui.prose import StoryProse
from petrograd1917.tui.screens.game import GameScreen
from petrograd1917.tui.shared_css import SharedStylesheet
from petrograd1917.tui.themes import OURS
from petrograd1917.tui.words import plural

# Screens other than the game's own are imported when first opened: the first scene comes up sooner.
if TYPE_CHECKING:
    from textual.app import AutopilotCallbackType


def _screens() -> Any:
    from petrograd1917.tui import screens_all

    return screens_all


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
    CSS_PATH: ClassVar[CSSPathType | None] = Path(__file__).parent / "app.tcss"  # absolute: subclasses in tests must find it too
    TITLE = "Petrograd 1917"
    COMMANDS = App.COMMANDS | {GameCommands}
    BINDINGS = bindings("app")
    place: Screen[Any]  # the screen at the bottom of the stack: title, game or end report

    _themes_ready = False  # until our themes are registered: see get_css_variables

    def __init__(self, machine: StoryMachine, role: str | None = None, seed: int | None = None,
                 saves: Path | None = None, watch: float | None = None) -> None:
        """`watch`: seconds between looks at the story's files (play --watch), or None."""
        super().__init__()
        self._themes_ready = True
        # The CSS another app of this process (the warm process that forked this game) parsed already.
        self.stylesheet = SharedStylesheet(variables=self.stylesheet._variables)
        self.machine = machine
        self.reload_every = watch
        self.start_role = role
        self.seed = seed
        self.store = SaveStore(saves_dir(saves))
        self.examples = example_store()
        self.session: PlaySession | None = None
        self.prose = StoryProse(machine.story)
        self.settings = Settings.load()
        self.crash: BaseException | None = None
        self._collect_after_ready = False  # run() pauses the collector until the first frame
        for theme in OURS:
            self.register_theme(theme)
        self.first_theme(self.settings.theme if self.settings.theme in self.available_themes else DEFAULT_THEME)
        self.apply_settings()
        self.places = 0  # places gone to so far: each after the first has a mode (a screen stack) of its own

    def first_theme(self, name: str) -> None:
        """The theme, set before the CSS is first read, as Textual sets its default one: through the
        reactive's watcher (even here) it would parse all the CSS once more as the app starts."""
        self.set_reactive(App.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())  # its colours, for the first reading
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False)

    def get_css_variables(self) -> dict[str, str]:
        """The theme's colours as CSS variables; none while Textual's own __init__ runs: it asks for
        those of its default theme, never shown here (first_theme asks again for ours)."""
        return super().get_css_variables() if self._themes_ready else {}

    def get_default_screen(self) -> Screen[Any]:
        """The first screen is the game's or the title's own: no empty default screen is drawn first,
        and it needs no mode of its own (a new mode's screen makes Textual parse all the CSS again)."""
        if self.start_role is not None:
            self.session = self.new_session(self.start_role)
            self.place = GameScreen(self.session, self.prose, self.settings)
        else:
            self.place = self.title_screen()
        return self.place

    def on_ready(self) -> None:
        self._collect_again()

    def _collect_again(self) -> None:
        """The collector back on (if run() turned it off), once the first frame is up."""
        if self._collect_after_ready:
            self._collect_after_ready = False
            gc.enable()

    def on_mount(self) -> None:
        if self.reload_every:
            self.story_stamp = self.changed_stamp = story_stamp(Path(self.machine.story.root))
            self.set_interval(self.reload_every, self.look_for_changes)

    # --- settings ---------------------------------------------------------------

    def apply_settings(self) -> None:
        s = self.settings
        self.animation_level = "full" if s.animations else "none"
        for width in (60, 72, 80, 100, 0):
            self.set_class(s.text_width == width, f"-width-{width}")
        for screen in self.screen_stack:  # Textual restyles only the top screens for a class of the App
            screen.update_node_styles(animate=False)
            if isinstance(screen, GameScreen) and screen.is_mounted:
                screen.show_state()  # the fidelity meter shown or hidden

    @on(m.ChangeSettings)
    def change_settings(self, message: m.ChangeSettings) -> None:
        setattr(self.settings, message.name, message.value)
        if message.name == "theme":
            self.theme = str(message.value)  # watch_theme keeps it
            return
        self.apply_settings()
        self.keep_settings()

    def watch_theme(self, theme: str) -> None:
        """A theme picked anywhere (the settings or the command palette) is kept for next time."""
        if self.is_running and theme != self.settings.theme:
            self.settings.theme = theme
            self.keep_settings()

    def keep_settings(self) -> None:
        if not self.settings.save():
            self.notify("Could not save the settings: the config folder is not writable.", severity="warning")

    # --- the game being played and its saves -------------------------------------------

    @property
    def game(self) -> Game | None:
        return self.session.game if self.session else None

    def new_session(self, role: str) -> PlaySession:
        seed = self.seed if self.seed is not None else secrets.randbelow(2**31)
        return PlaySession.start(self.machine, role, seed, self.store, autosave_later=True, warn=self.warn)

    def session_of(self, game: Game, label: str = "", created: str | None = None,
                   play_seconds: int = 0) -> PlaySession:
        """A session that autosaves when the app says (after the frame), and says so when it cannot."""
        return PlaySession(game, self.store, label, created, play_seconds, autosave_later=True, warn=self.warn)

    def warn(self, message: str) -> None:
        self.notify(message, severity="error", markup=False)

    def autosave(self) -> None:
        """Keep the game now: the player leaves (quit, a closed terminal, a polite kill)."""
        if self.session is not None:
            self.session.close()

    @on(m.ChoiceTaken)
    def _choice_taken(self) -> None:
        if self.session is not None:  # the autosave after the new scene is on the screen, not before
            self.call_after_refresh(self.session.flush)

    # --- places and overlays ---------------------------------------------------------
    #
    # A place (title, game, end report) is the screen at the bottom; overlays (codex, timeline,
    # journal, replays, dialogs) are pushed on it and popped by Esc.

    async def go(self, place: Screen[Any]) -> None:
        """Make `place` the screen under everything. It gets a Textual mode (a screen stack) of its own;
        the place before it goes, with whatever was open on it."""
        self.places += 1
        old, new = self.current_mode, f"place-{self.places}"
        # A new screen is styled as it mounts; marked as up to date with the app's CSS, it does not make
        # Textual parse all of it again (twice: as its mode is made, and as it is switched to).
        place._css_update_count = self._css_update_count
        self.add_mode(new, lambda: place)
        self.place = place
        await self.switch_mode(new)  # mounted before the old place goes: a quick second go() finds it whole
        if old != self.DEFAULT_MODE:  # the first place's stack is Textual's own; it stays, idle, below
            self.remove_mode(old)

    def title_screen(self) -> Screen[Any]:
        live = self.game is not None
        screen: Screen[Any] = _screens().TitleScreen(self.machine.story, live, self.store, self.examples)
        return screen

    async def start_game(self, role: str | None) -> None:
        if role:
            await self.play(self.new_session(role))

    async def play(self, session: PlaySession) -> None:
        self.session = session
        await self.go(GameScreen(session, self.prose, self.settings))

    @on(m.NewGame)
    def action_new_game(self) -> None:
        self.push_screen(_screens().RoleScreen(self.machine.story), callback=self.start_game)

    @on(m.ContinueGame)
    async def action_continue(self) -> None:
        """The game being played (an ending shows its last scene again), else the latest autosave."""
        if self.session is not None:
            await self.play(self.session)
            return
        latest = self.store.to_continue(self.machine.story.id)
        if latest is not None:
            await self.open_save(latest.path)

    @on(m.TitleMenu)
    async def action_title_menu(self) -> None:
        await self.go(self.title_screen())

    @on(m.ShowEndReport)
    async def action_end_report(self) -> None:
        g = self.game
        if g is not None and g.is_over:
            await self.go(_screens().EndScreen(game_report(g)))

    @on(m.PlayFromHere)
    async def _branch(self, message: m.PlayFromHere) -> None:
        await self.play(self.session_of(message.game))
        self.notify("A new game, branching off the replay here. It autosaves as you play.")

    @on(m.QuitGame)
    async def action_quit(self) -> None:
        self.autosave()
        self.exit()

    # --- overlays ---------------------------------------------------------------------

    def action_open_codex(self, entry_id: str) -> None:
        """A codex word clicked in a scene."""
        self.push_screen(_screens().CodexScreen(self.machine.story, entry_id))

    def action_open_timeline(self, event_id: str) -> None:
        g = self.game
        entries = _screens().timeline(self.machine.story, g.path if g else (), g.log if g else ())
        self.push_screen(_screens().TimelineScreen(self.machine.story, entries, event_id))

    @on(m.ShowCodex)
    def _show_codex(self, message: m.ShowCodex) -> None:
        self.push_screen(_screens().CodexScreen(self.machine.story, message.entry_id))

    @on(m.ShowTimeline)
    def _show_timeline(self, message: m.ShowTimeline) -> None:
        self.action_open_timeline(message.event_id or "")

    def action_codex(self) -> None:
        self.push_screen(_screens().CodexScreen(self.machine.story))

    def action_timeline(self) -> None:
        self.action_open_timeline("")

    def action_map(self) -> None:
        self.open_map(None)

    @on(m.ShowMap)
    def _show_map(self, message: m.ShowMap) -> None:
        self.open_map(message.place_id)

    def open_map(self, place_id: str | None) -> None:
        """The city map: the game's places marked (engine/places.py), or the plan alone before a game."""
        from petrograd1917.engine.places import marked, places_on_map

        story = self.machine.story
        places = places_on_map(self.game) if self.game is not None else marked(story)
        self.push_screen(_screens().MapScreen(places, story.codex.get(place_id) if place_id else None))

    def action_journal(self) -> None:
        if self.game is not None:
            self.push_screen(_screens().JournalScreen(self.game))

    def action_help(self) -> None:
        if not isinstance(self.screen, _screens().HelpScreen):
            self.push_screen(_screens().HelpScreen())

    @on(m.ShowSettings)
    def action_settings(self) -> None:
        self.push_screen(_screens().SettingsScreen(self.settings, sorted(self.available_themes)))

    @on(m.ReplayThis)
    def action_replay_this(self) -> None:
        if self.session is not None:
            self.push_screen(_screens().ReplayScreen(self.session.game, self.session.label or "this game"))

    # --- saves ----------------------------------------------------------------------

    @on(m.LoadGame)
    def action_load(self) -> None:
        self.push_screen(_screens().SlotsScreen(self.machine.story, self.store, self.examples, "Load a game"),
                         callback=lambda path: path and self.open_save(path))

    @on(m.WatchReplays)
    def action_replays(self) -> None:
        self.push_screen(_screens().SlotsScreen(self.machine.story, self.store, self.examples, "Watch a replay"),
                         callback=lambda path: path and self.open_save(path, replay=True))

    @on(m.OpenSave)
    async def _open_save(self, message: m.OpenSave) -> None:
        await self.open_save(message.path, message.replay)

    async def open_save(self, path: Path, replay: bool = False) -> None:
        """Load by replaying; on a changed story, say how far it got and ask before going on."""
        from petrograd1917.savegame.loading import replay_save
        from petrograd1917.savegame.saveformat import SaveFile

        try:
            loaded = replay_save(self.machine, SaveFile.read(path))
        except SaveError as e:
            self.notify(str(e.problems[0]), title="Cannot load this save", severity="error", timeout=10, markup=False)
            return
        if replay:
            self.push_screen(_screens().ReplayScreen(loaded.game, loaded.save.label or path.name))
            if not loaded.exact:
                self.notify(loaded.message, severity="warning", timeout=10, markup=False)
            return
        session = PlaySession.resume(loaded, self.store, autosave_later=True, warn=self.warn)
        if loaded.exact:
            await self.play(session)
            self.notify(loaded.message, markup=False)
            return
        self.push_screen(_screens().ConfirmScreen(loaded.message + " Go on from there?", "Go on", "Back"),
                         callback=lambda yes: yes and self.play(session))

    @on(m.SaveGame)
    def action_save(self) -> None:
        if self.session is not None:
            self.push_screen(_screens().SaveAsScreen(self.session.label or ""), callback=self.save_as)

    def save_as(self, label: str | None, overwrite: bool = False) -> None:
        if not label or self.session is None:
            return
        try:
            path = self.session.save_as(label, overwrite=overwrite)
        except SlotTaken as e:
            held = f"'{e.existing}'" if e.existing else "an unreadable save"
            self.push_screen(_screens().ConfirmScreen(f"The name '{e.name}' already holds {held}. Replace it?",
                                                      "Replace", "Keep it"),
                             callback=lambda yes: self.save_as(label, overwrite=True) if yes else None)
        except ValueError as e:
            self.notify(str(e), severity="warning", markup=False)
        except SaveError as e:
            self.notify(e.problems[0].message, title="Not saved", severity="error", timeout=10, markup=False)
        else:
            self.notify(f"Saved as '{path.name.removesuffix('.save.yaml')}'.", markup=False)

    async def action_undo(self) -> None:
        if self.session is None or not self.session.undo():
            self.notify("There is nothing to undo.")
            return
        await self.play(self.session)
        self.call_after_refresh(self.session.flush)
        self.notify("You take back your last choice.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.screen.has_class("-too-small") and action not in ("quit", "help"):
            return False
        if action == "map":
            return bool(self.machine.story.plan)
        if action in ("save", "journal", "replay_this", "undo"):
            return self.session is not None
        if action == "end_report":
            return self.game is not None and self.game.is_over
        return True

    # --- play --watch: reload the story when its files change ---------------------------------

    async def look_for_changes(self) -> None:
        """Reload once the files have changed and then stayed the same for one look: an editor may
        still be writing them."""
        root = Path(self.machine.story.root)
        stamp = story_stamp(root)
        if stamp == self.story_stamp or stamp != self.changed_stamp:
            self.changed_stamp = stamp
            return
        self.story_stamp = stamp
        await self.reload_story(root)

    async def reload_story(self, root: Path) -> None:
        """Load the changed story; on errors show them and keep playing the old one; else replay the
        player's log onto the new story so the author stays where they were (as Inky does)."""
        from petrograd1917.engine.loading import check as check_story
        from petrograd1917.story.problems import Severity

        story, problems = check_story(root, use_cache=False)
        if story is None:
            errors = [p for p in problems if p.severity is Severity.ERROR]
            self.push_screen(_screens().LoadErrorsScreen(errors))
            return
        self.machine = StoryMachine(story)
        self.prose = StoryProse(story)
        if self.session is None:
            self.notify("Story reloaded.")
            return
        old = self.session.game
        game, stop = Game.replay_partly(self.machine, old.role, old.seed, old.log, old.chronicle) if old.role in story.roles else (
            Game.new(self.machine, None, old.seed), None)
        await self.play(self.session_of(game, self.session.label, self.session.created,
                                        self.session.play_seconds()))
        total = plural(len(old.log), "choice")
        if stop is None:
            self.notify(f"Story reloaded: {total} replayed.", markup=False)
        else:
            self.notify(f"Story reloaded: replayed {stop.step - 1} of {total}; {stop.reason}.",
                        severity="warning", timeout=10, markup=False)

    # --- a crash: exit 70 with the crash log, as the command line does -------------------------

    def _handle_exception(self, error: Exception) -> None:
        self.crash = error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """No traceback on the player's screen: the command line writes it to the crash log."""
        self.bell()
        self._close_messages_no_wait()

    def run(self, *, headless: bool = False, inline: bool = False, inline_no_clear: bool = False,
            mouse: bool = True, size: tuple[int, int] | None = None, auto_pilot: AutopilotCallbackType | None = None,
            loop: AbstractEventLoop | None = None) -> None:
        """Run the app; an error inside it is raised again here, so that the command line's handler
        writes the crash log and exits 70 as it does for any internal error."""
        # What is loaded by now (Textual, the game, the story) lives as long as the game: out of the
        # collector's sight, no collection walks it; and none at all until the first frame is up.
        gc.freeze()
        self._collect_after_ready = gc.isenabled()
        gc.disable()
        try:
            result = super().run(headless=headless, inline=inline, inline_no_clear=inline_no_clear, mouse=mouse,
                                 size=size, auto_pilot=auto_pilot, loop=loop)
        finally:
            self._collect_again()
        if self.crash is not None:
            raise self.crash
        return result
