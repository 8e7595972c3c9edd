"""The Textual app, driven by the pilot: every screen and flow, what the screen shows, resizing, settings,
the story's words kept as text, and a crash's exit code."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Select, Static, Switch

from conftest import edit
from petrograd1917.engine.game import Game
from petrograd1917.engine.loading import open_machine
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.settings import Settings
from petrograd1917.tui.app import PetrogradApp
from petrograd1917.tui.screens.codex import CodexScreen
from petrograd1917.tui.screens.end import EndScreen
from petrograd1917.tui.screens.game import GameScreen
from petrograd1917.tui.screens.journal import JournalScreen
from petrograd1917.tui.screens.roles import RoleScreen
from petrograd1917.tui.screens.timeline import TimelineScreen
from petrograd1917.tui.screens.title import TitleScreen
from petrograd1917.tui.themes import NEWSPRINT
from petrograd1917.tui.widgets.key_hints import KeyHints
from petrograd1917.tui.widgets.story_pane import StoryPane

CAMPAIGN = Path(__file__).resolve().parent.parent / "story"


@pytest.fixture
def app(mini: Path) -> PetrogradApp:
    return PetrogradApp(open_machine(mini, use_cache=False), seed=1)




def screen_text(app: App[None]) -> str:
    """The screen as the player sees it: every cell's character, line by line."""
    text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
    return text.replace("\u00a0", " ")  # no-break spaces look like spaces


def shown(app: App[None], selector: str) -> str:
    """The plain text a Static on the current screen shows."""
    return app.screen.query_one(selector, Static).render().plain  # type: ignore[union-attr]


def hints(app: App[None]) -> str:
    return app.screen.query_one(KeyHints).render().plain


async def until(pilot: Pilot[None], done: Callable[[], bool], seconds: float = 10) -> None:
    """Wait for something the app does on its own time (a timer, a thread), at most `seconds`."""
    for _ in range(int(seconds / 0.05)):
        if done():
            return
        await pilot.pause(0.05)
    assert done()


async def test_new_game_to_the_ending_scene_then_the_report(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        menu = app.screen.query_one(OptionList)
        closed = [menu.get_option_at_index(i).id for i in range(menu.option_count)
                  if menu.get_option_at_index(i).disabled]
        assert closed == ["continue", "load", "replays"]  # greyed, not missing: no saves of this story yet
        await pilot.press("enter")  # New game
        assert isinstance(app.screen, RoleScreen)
        assert "Works." in shown(app, "#role-blurb")
        await pilot.press("enter")  # the first role
        assert isinstance(app.screen, GameScreen)
        text = screen_text(app)
        assert "Act one · The gate" in text and "27 August 1917 O.S. (9 September 1917 N.S.) · 07:00" in text
        assert "You are a worker." in text and "You stand at the factory gate." in text
        assert "What really happened" not in screen_text(app)  # no note before a judged choice
        await pilot.press("1")  # take a rifle: judged historical
        assert app.game is not None and app.game.state == "road"
        text = screen_text(app)
        assert "✓ HISTORICAL" in text and "What really happened:" in text and "Source: The seed article" in text
        assert "in keeping" not in text  # no score during play unless the player asks for the meter
        await pilot.press("v")
        assert "HISTORICAL" not in screen_text(app)  # the player may put the note away
        await pilot.press("1")  # walk on: a random outcome, then an ending
        assert app.game.is_over and isinstance(app.screen, GameScreen)  # the ending is a scene like any
        ending = app.game.scene
        text = screen_text(app)
        assert ending.text in text and "THE END" in text and f"{ending.ending.title} · " in text  # type: ignore[union-attr]
        assert "~ PLAUSIBLE" in text  # the last history note, with the ending
        assert "r End report" in hints(app) and "Choose" not in hints(app)
        await pilot.press("r")
        assert isinstance(app.screen, EndScreen)
        text = screen_text(app)
        assert "Your path beside the record" in text and "Against the record:" in text


@pytest.mark.parametrize("role", ["worker", "sailor", "volunteer"])
async def test_each_role_of_the_campaign_reads_its_ending_before_the_report(role: str,
                                                                            campaign: StoryMachine) -> None:
    machine = campaign
    ahead = Game.new(machine, role, 7)  # the way to an ending, by the first open choice each time
    while not ahead.is_over and len(ahead.log) < 200:
        ahead.choose(next(c.id for c in ahead.choices() if c.available))
    app = PetrogradApp(machine, seed=7)
    app.settings.animations = False
    async with app.run_test(size=(100, 30)) as pilot:
        # The app takes the game one choice before the end (every scene's text is drawn by
        # test_every_text_of_the_campaign_becomes_screen_content); the last choice is a key press.
        await app.play(app.session_of(Game.replay(machine, role, 7, ahead.log[:-1])))
        await pilot.pause()
        game = app.game
        assert game is not None and not game.is_over
        await pilot.press(str(next(c.number for c in game.choices() if c.id == ahead.log[-1].choice)))
        assert game.is_over and game.scene.id == ahead.scene.id and isinstance(app.screen, GameScreen)
        opening = " ".join(game.scene.text.split()[:4])  # the first words fit on the first line
        assert opening in screen_text(app), opening
        assert app.screen.query_one("#end-report-button", Button).has_focus
        await pilot.press("enter")  # the button
        assert isinstance(app.screen, EndScreen)


async def test_page_keys_scroll_the_text_whatever_has_the_focus(campaign: StoryMachine) -> None:
    app = PetrogradApp(campaign, role="worker", seed=1)
    async with app.run_test(size=(80, 20)) as pilot:
        screen = app.screen
        box = screen.query_one(StoryPane)
        choices = screen.query_one("#choices")
        assert choices.has_focus and box.max_scroll_y > 0
        await pilot.press("pagedown")
        assert box.scroll_y > 0 and choices.has_focus and app.game is not None and not app.game.log
        down = box.scroll_y
        await pilot.press("space")
        assert box.scroll_y > down
        await pilot.press("shift+space", "pageup")
        assert box.scroll_y == 0
        await pilot.press("c")  # the codex: the article scrolls while the list has the focus
        codex = app.screen
        codex.query_one("#codex-search", Input).focus()
        await pilot.pause()
        await pilot.press(*"winter palace")  # space is a space in the search box
        assert codex.query_one("#codex-search", Input).value == "winter palace"
        await pilot.press("escape")  # back to the list
        article = codex.query_one("#codex-article-box")
        assert article.max_scroll_y > 0
        await pilot.press("pagedown")
        assert article.scroll_y > 0 and codex.query_one("#codex-list").has_focus
        await pilot.press("escape", "t")
        detail = app.screen.query_one("#timeline-detail")
        await pilot.press("pagedown")
        assert isinstance(app.screen, TimelineScreen) and (detail.max_scroll_y == 0 or detail.scroll_y > 0)


async def test_the_end_report_scrolls_and_leads_on(app: PetrogradApp) -> None:
    async with app.run_test(size=(80, 18)) as pilot:
        await app.start_game("worker")
        await pilot.pause()
        await pilot.press("1", "1", "r")
        screen = app.screen
        assert isinstance(screen, EndScreen)
        scroll = screen.query_one("#end-scroll")
        assert screen.query_one("#end-menu", Button).has_focus and scroll.max_scroll_y > 0
        await pilot.press("pagedown")
        assert scroll.scroll_y > 0 and isinstance(app.screen, EndScreen)  # space/page keys never press a button
        await pilot.press("p")  # a replay of this game, over the report
        assert type(app.screen).__name__ == "ReplayScreen"
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("n")
        assert isinstance(app.screen, RoleScreen)
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("escape")  # the title menu
        assert isinstance(app.screen, TitleScreen)
    app2 = PetrogradApp(app.machine, role="worker", seed=1)
    async with app2.run_test(size=(100, 32)) as pilot:
        await pilot.press("2", "r")
        await pilot.click("#end-replay")
        assert type(app2.screen).__name__ == "ReplayScreen"
        await pilot.press("escape")
        await pilot.click("#end-new")
        assert isinstance(app2.screen, RoleScreen)
        await pilot.press("2")  # a number picks a role
        assert isinstance(app2.screen, GameScreen) and app2.game is not None and app2.game.role == "sailor"


async def test_the_history_note_opens_in_full(campaign: StoryMachine) -> None:
    app = PetrogradApp(campaign, role="worker", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        pane = app.screen.query_one(StoryPane)
        assert "e shows the whole note" in screen_text(app) and "Full note" in hints(app)
        assert "Source:" not in screen_text(app)  # the note's last line is cut off
        boxed = pane.virtual_size.height
        await pilot.press("e")
        text = screen_text(app)
        assert "e shows the whole note" not in text and "Source:" in text and pane.virtual_size.height > boxed
        await pilot.press("e")
        assert pane.virtual_size.height == boxed
        await pilot.press("pagedown", "e")  # the text scrolled on, the note opened: from its first line
        assert pane.scroll_offset.y == 0 and "✓ HISTORICAL" in screen_text(app)


async def test_markdown_emphasis_and_escapes_in_a_scene(mini: Path) -> None:
    edit(mini, "scenes/one.yaml", "You stand at the factory gate.",
         "You stand at the *Aurora* gate. \\*Not emphasis* and **bold**.")
    app = PetrogradApp(open_machine(mini, use_cache=False), role="worker", seed=1)
    async with app.run_test(size=(100, 32)):
        text = app.screen.query_one(StoryPane).text.text  # type: ignore[union-attr]
        assert "You stand at the Aurora gate. *Not emphasis* and bold." in text.plain
        assert "You stand at the Aurora gate. *Not emphasis* and bold." in screen_text(app)
        styles = {text.plain[s.start:s.end]: s.style for s in text.spans}
        assert styles["Aurora"].italic and styles["bold"].bold


def _hostile(mini: Path, tmp_path: Path) -> str:
    """A story whose every string tries markup: closing tags, a click that writes a file, live links."""
    shot = f"[@click=app.screenshot('x.svg','{tmp_path}')]click me[/]"
    edit(mini, "story.yaml", "title: Mini", "title: 'Mini [/i]'")
    edit(mini, "story.yaml", 'version: "1"', f'version: "{shot}"')
    edit(mini, "story.yaml", "name: A worker", f'name: "A worker [/b] {shot}"')
    edit(mini, "story.yaml", "blurb: Works.", f'blurb: "Works [here](http://example.org) {shot}"')
    edit(mini, "scenes/one.yaml", "reason: You lack the nerve", "reason: 'You lack [/nerve]'")
    edit(mini, "scenes/one.yaml", "You stand on the deck.", "You stand on the \\*deck*. [/b] [b]")
    return shot


async def test_the_story_words_are_text_never_markup(mini: Path, tmp_path: Path) -> None:
    shot = _hostile(mini, tmp_path)
    app = PetrogradApp(open_machine(mini, use_cache=False), seed=1)
    app.store = __import__("petrograd1917.savegame.store", fromlist=["SaveStore"]).SaveStore(tmp_path / "saves")
    async with app.run_test(size=(120, 32), notifications=True) as pilot:
        assert shown(app, "#title-sub").startswith("Mini [/i] · story version [@click=app.screenshot(")
        assert "Mini [/i] · story version" in screen_text(app)
        await pilot.click("#title-sub", offset=(30, 0))  # where the version's words are: nothing happens
        await pilot.press("enter")
        assert isinstance(app.screen, RoleScreen)
        roles = app.screen.query_one("#role-list", OptionList)
        assert roles.get_option_at_index(0).prompt.plain == f"1. A worker [/b] {shot}"  # type: ignore[union-attr]
        assert "1. A worker [/b]" in screen_text(app)
        assert "Works here [@click=" in shown(app, "#role-blurb")
        await pilot.click("#role-blurb", offset=(8, 0))  # the link's words
        await pilot.click("#role-list", offset=(20, 0))
        await pilot.press("down", "enter")  # the sailor
        assert isinstance(app.screen, GameScreen)
        assert "You stand on the *deck*. [/b] [b]" in screen_text(app)
        app.game.values["nerve"] = 1  # type: ignore[union-attr]
        app.screen.show()
        assert "(closed: You lack [/nerve])" in screen_text(app)
        await pilot.press("1")  # the closed choice: its reason in a notification, as text
        assert any("You lack [/nerve]" in n.message for n in app._notifications)
        await pilot.press("s")
        await pilot.press("[", "/", "]", "enter")  # a name with no letters: refused in words
        assert any("cannot name a save" in n.message for n in app._notifications)
        assert not list(tmp_path.glob("*.svg"))  # no click wrote a file


async def test_arrows_enter_and_mouse_choose(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        await app.start_game("worker")
        await pilot.pause()
        await pilot.press("down", "enter")  # the second choice: go home
        assert app.game is not None and app.game.log[-1].choice == "home"
    app2 = PetrogradApp(app.machine, seed=1)
    async with app2.run_test(size=(100, 32)) as pilot:
        await app2.start_game("worker")
        await pilot.pause()
        choices = app2.screen.query_one("#choices", OptionList)
        await pilot.click(choices, offset=(4, 2))  # the second line inside the border
        assert app2.game is not None and app2.game.log[-1].choice == "home"


async def test_closed_choice_shows_its_reason(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await app.start_game("sailor")
        await pilot.pause()
        assert app.game is not None
        app.game.values["nerve"] = 1
        app.screen.show()  # type: ignore[attr-defined]
        assert "1. Go ashore  (closed: You lack the nerve)" in screen_text(app)
        await pilot.press("1")
        assert app.game.state == "ship"
        assert any("You lack the nerve" in n.message for n in app._notifications)


async def test_codex_search_and_links(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        await app.start_game("worker")
        await pilot.pause()
        scene_text = app.screen.query_one(StoryPane).text.text  # type: ignore[union-attr]
        # Codex words in the scene are clickable: the first mention of each opens its entry.
        link = next(s for s in scene_text.spans if scene_text.plain[s.start:s.end] == "factory")
        assert link.style.meta == {"@click": "app.open_codex('factory')"}  # type: ignore[union-attr]
        await pilot.click("#story", offset=(19, 1))  # "factory" in "You stand at the factory gate."
        assert isinstance(app.screen, CodexScreen)
        assert "The factory" in screen_text(app) and "Old Lebedev" in screen_text(app)
        article = app.screen.query_one("#codex-article")
        article.post_message(article.LinkClicked(article, "codex:lebedev"))  # type: ignore[attr-defined]
        await pilot.pause()
        assert "An old turner" in screen_text(app)
        await pilot.press("slash", *"ship")
        entries = app.screen.query_one("#codex-list", OptionList)
        assert [entries.get_option_at_index(i).id for i in range(entries.option_count)] == ["ship"]
        assert "A cruiser under repair." in screen_text(app)
        await pilot.press("escape")  # leaves the search box for the list
        await pilot.press("escape")
        assert isinstance(app.screen, GameScreen)


async def test_timeline_marks_verdicts_and_shows_accounts_side_by_side(app: PetrogradApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await app.start_game("worker")
        await pilot.pause()
        await pilot.press("1")  # historical, against rifles_given
        await pilot.press("t")
        assert isinstance(app.screen, TimelineScreen)
        text = screen_text(app)
        assert "✓ 27 Aug (9 Sep)  Rifles given" in text
        assert "you have passed 1 of 2 events" in text and "✓ historical · ~ plausible (both in keeping" in text
        await pilot.press("down")
        accounts = app.screen.query(".account")
        assert len(accounts) == 2
        text = screen_text(app)
        assert "One account" in text and "Another account" in text
        await pilot.press("escape")
        assert isinstance(app.screen, GameScreen)


async def test_past_a_pivot_the_panel_and_timeline_grade_nothing_as_the_report(mini: Path) -> None:
    from petrograd1917.engine.machine import StoryMachine
    from test_history_play import with_history

    story = with_history(open_machine(mini, use_cache=False).story, "gate", "arm", verdict="divergent", pivot=True)
    app = PetrogradApp(StoryMachine(story), role="worker", seed=1)
    app.settings.fidelity_meter = True
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "1")  # the pivot, then a plausible choice past it: not graded
        assert app.game is not None and app.game.is_over
        text = screen_text(app)
        panel = app.screen.query_one("#side").render().plain  # type: ignore[union-attr]
        assert "Left the record at step 1\nNothing after it is graded." in panel
        assert "0 in keeping of 1 graded" in text
        await pilot.press("t")
        text = screen_text(app)
        assert "✗ 27 Aug (9 Sep)  Rifles given" in text and "• 29 Aug (11 Sep) The troops stop" in text
        await pilot.press("escape", "r")
        report = " ".join(shown(app, "#end-report").split())
        assert "0% in keeping (0 historical, 0 plausible, 1 divergent of 1 graded)" in report


async def test_journal_keeps_the_backlog(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await app.start_game("worker")
        await pilot.pause()
        await pilot.press("j")
        assert isinstance(app.screen, JournalScreen) and "Journal: 1 scene so far" in screen_text(app)
        await pilot.press("escape", "1", "j")
        text = screen_text(app)
        assert "Journal: 2 scenes so far" in text and "You stand at the factory gate." in text
        assert "You chose: Take a rifle" in text and "The road" in text and "You are here." in text


async def test_settings_apply_at_once_and_are_kept(app: PetrogradApp) -> None:
    async with app.run_test(size=(120, 32)) as pilot:
        await app.start_game("worker")
        await pilot.pause()
        text = app.screen.query_one(StoryPane)
        assert text.size.width == 75  # 72 columns of text, its margins and the scroll column
        app.action_settings()
        await pilot.pause()
        app.screen.query_one("#set-width", Select).value = 60
        await pilot.pause()
        assert text.size.width == 63  # behind the settings, before any choice
        app.screen.query_one("#set-theme", Select).value = "newsprint"
        await pilot.pause()
        assert app.theme == "newsprint"
        assert shown(app, "#set-animations-state") == "On"
        app.screen.query_one("#set-animations", Switch).toggle()
        await pilot.pause()
        assert shown(app, "#set-animations-state") == "Off" and app.animation_level == "none"
    kept = Settings.load()
    assert (kept.theme, kept.text_width, kept.animations) == ("newsprint", 60, False)
    again = PetrogradApp(app.machine, seed=1)
    async with again.run_test(size=(100, 32)):
        assert again.theme == "newsprint"
        title = again.screen.query_one("#title-name").styles.color
        assert title == Color.parse(NEWSPRINT.primary)  # drawn in it from the first screen


async def test_the_fidelity_meter_is_a_setting_off_by_default_counting_plausible_as_the_report_does(
        app: PetrogradApp) -> None:
    async with app.run_test(size=(120, 32)) as pilot:
        await app.start_game("worker")
        await pilot.press("1")  # judged historical
        assert "Against the record" not in screen_text(app) and "in keeping" not in screen_text(app)
        app.action_settings()
        await pilot.pause()
        assert shown(app, "#set-meter-state") == "Off"
        app.screen.query_one("#set-meter", Switch).toggle()
        await pilot.pause()
        assert shown(app, "#set-meter-state") == "On"
        await pilot.press("escape")
        await pilot.pause()
        text = screen_text(app)
        assert "Against the record" in text and "1 in keeping of 1 graded" in text and "100%" in text
        await pilot.press("1")  # an ending judged plausible: in keeping, as the end report counts it
        await pilot.pause()
        assert app.game is not None and app.game.is_over
        assert "2 in keeping of 2 graded" in screen_text(app)
        await pilot.resize_terminal(70, 24)  # narrow: the status line says the same
        await pilot.pause()
        assert shown(app, "#status-line").startswith("Fidelity 100% in keeping · ")
        await pilot.press("r")
        await pilot.pause()
        report = " ".join(shown(app, "#end-report").split())
        assert "Against the record: 100% in keeping (1 historical, 1 plausible, 0 divergent of 2 graded)" in report
    assert Settings.load().fidelity_meter
    again = PetrogradApp(app.machine, role="worker", seed=1)
    async with again.run_test(size=(120, 32)) as pilot:
        await pilot.press("1")
        assert "1 in keeping of 1 graded" in screen_text(again)  # kept for next time


async def test_a_theme_picked_in_the_command_palette_is_kept(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        # The palette searches in the background: each step waits for what it shows.
        await pilot.press("ctrl+p", *"theme")
        await until(pilot, lambda: "Change the current theme" in screen_text(app))
        await pilot.press("enter")
        await until(pilot, lambda: "rose-pine" in screen_text(app))  # every theme listed
        await pilot.press(*"newsprint")
        await until(pilot, lambda: "rose-pine" not in screen_text(app))  # newsprint alone
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "newsprint"
    assert Settings.load().theme == "newsprint"


async def test_small_and_large_terminals(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await app.start_game("worker")
        await pilot.pause()
        screen = app.screen
        assert "esc Menu" in hints(app) and "^q Quit" in hints(app)  # the hints fit 100 columns
        await pilot.press("1")
        rack = app.screen.query_one("ToastRack")
        app.notify("A word")
        await pilot.pause()
        toast = rack.query_one("Toast")
        assert not toast.region.overlaps(screen.query_one("#choices").region)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert screen.has_class("-narrow") and not screen.has_class("-too-small")
        lines = screen_text(app).splitlines()
        top = next(i for i, line in enumerate(lines) if "╭" in line)
        bottom = next(i for i, line in enumerate(lines) if "╰" in line)
        assert bottom - top - 1 >= 2  # the whole short note, not one cut-off line
        for widget in ("#status-line", "#choices", "KeyHints"):
            region = screen.query_one(widget).region
            assert region.height > 0 and region.bottom <= 20, widget
        assert "esc Menu" in hints(app)
        app.clear_notifications()
        await pilot.resize_terminal(45, 14)
        await pilot.pause()
        assert screen.has_class("-too-small") and "The terminal is too small" in screen_text(app)
        app.notify("You take back your last choice.")
        await pilot.pause()
        assert "Please make it at least 50×16." in screen_text(app)  # no toast over the note
        app.clear_notifications()
        assert screen.focused is None  # nothing under the note holds the keys
        await pilot.press("1", "down", "enter", "c", "u")  # nothing under the note answers
        assert isinstance(app.screen, GameScreen) and app.game is not None and len(app.game.log) == 1
        await pilot.resize_terminal(140, 45)
        await pilot.pause()
        assert not screen.has_class("-too-small")
        side = screen.query_one("#side")
        assert side.size.width > 30
        assert "Nerve: 3 / 3" in screen_text(app)
        await pilot.press("1")  # the keys work again
        assert len(app.game.log) == 2


async def test_help_lists_every_key_in_a_column(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        lines = shown(app, "#help-text").splitlines()
        paging = next(line for line in lines if line.startswith("PgDn Space"))
        assert "whatever has the focus" in paging
        assert any(line.startswith("e ") and "in full" in line for line in lines)
        column = {len(line) - len(line[len(line.split("  ")[0]):].lstrip()) for line in lines
                  if line.startswith(("PgDn", "1-9 ", "esc "))}
        assert len(column) == 1  # the descriptions start in one column
        await pilot.press("escape")
        assert isinstance(app.screen, TitleScreen)


async def test_one_table_makes_the_keys_the_palette_and_the_help() -> None:
    from petrograd1917.tui.commands import COMMANDS, GameCommands, bindings, help_rows

    game_keys = {b.key for b in bindings("game")}
    assert {"1", "9", "c", "pagedown", "space", "escape", "r", "e"} <= game_keys
    helped = {what for _, _, what in help_rows()}
    assert all(c.help in helped for c in COMMANDS if c.keys and c.help and c.places)
    assert GameCommands in PetrogradApp.COMMANDS and len(PetrogradApp.COMMANDS) > 1  # ours and Textual's own


async def test_the_keys_panel_shows_choose_once(app: PetrogradApp) -> None:
    async with app.run_test(size=(120, 32)) as pilot:
        await app.start_game("worker")
        await pilot.pause()
        app.action_show_help_panel()
        await pilot.pause()
        panel = app.screen.query_one("KeyPanel")
        text = "\n".join(screen_text(app).splitlines()[:-1])  # the panel, without the hints line
        assert panel.display and text.count("Choose") == 1 and "1-9" in text


async def test_words(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        text = screen_text(app)
        assert "Mini · story version 1 · petrograd1917 0.1.0" in text
        await app.start_game("worker")
        await pilot.pause()
        await pilot.press("2", "r")  # home: a divergent ending
        text = screen_text(app)
        assert not re.search(r"\([^()\n]*\([^()\n]*\)\)", text)  # no brackets inside brackets
        assert "1. The gate, 27 August 1917 O.S. (9 September N.S.): Go home" in text
        assert "divergent, on Rifles given to the workers, 27 August 1917" in text
        await pilot.press("s")
        assert "letters, digits and spaces" in screen_text(app)


def test_a_crash_exits_70_with_the_crash_log(mini: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    from petrograd1917 import cli, paths

    def boom(self: TitleScreen) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(TitleScreen, "on_mount", boom)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    original_run = PetrogradApp.run
    monkeypatch.setattr(PetrogradApp, "run", lambda self, **kw: original_run(self, headless=True))
    assert cli.main(["play", "--story", str(mini)]) == 70
    err = capsys.readouterr().err
    assert "internal error: RuntimeError('boom')" in err and "Traceback" not in err
    assert "boom" in (paths.cache_dir() / "crash.log").read_text()


async def test_save_undo_load_and_continue(app: PetrogradApp, tmp_path: Path) -> None:
    from petrograd1917.savegame.store import SaveStore
    from petrograd1917.tui.screens.saves import SaveAsScreen, SlotsScreen

    app.store = SaveStore(tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await app.start_game("worker")
        await pilot.pause()
        await pilot.press("1")  # arm: autosaved once the new scene is shown
        await pilot.pause()
        assert app.store.path("autosave-mini-worker").is_file()
        await pilot.press("s")
        assert isinstance(app.screen, SaveAsScreen)
        await pilot.press(*"on the road", "enter")
        assert app.store.path("on-the-road").is_file()
        await pilot.press("u")  # undo: back at the gate
        assert app.game is not None and app.game.state == "gate" and app.game.log == []
        await pilot.press("l")
        assert isinstance(app.screen, SlotsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        slots = app.screen.query_one(OptionList)
        ids = [slots.get_option_at_index(i).id for i in range(slots.option_count)]
        slots.highlighted = ids.index("my:on-the-road")
        await pilot.press("enter")
        assert app.game is not None and app.game.state == "road" and len(app.game.log) == 1
        await pilot.press("ctrl+q")  # quitting autosaves
    again = PetrogradApp(app.machine, seed=1)
    again.store = app.store
    async with again.run_test(size=(100, 32)) as pilot:
        await again.workers.wait_for_complete()
        await pilot.pause()
        menu = again.screen.query_one(OptionList)
        assert not menu.get_option_at_index(1).disabled  # Continue is alive
        menu.highlighted = 1
        await pilot.press("enter")
        assert isinstance(again.screen, GameScreen)
        assert again.game is not None and again.game.state == "road"


async def test_replay_steps_jumps_and_branches(app: PetrogradApp, tmp_path: Path) -> None:
    from petrograd1917.engine.game import Game
    from petrograd1917.savegame.saveformat import SaveFile
    from petrograd1917.savegame.store import SaveStore
    from petrograd1917.tui.screens.replay import ReplayScreen

    app.store = SaveStore(tmp_path / "saves")
    game = Game.new(app.machine, "worker", 1)
    game.choose("arm")
    game.choose("gamble", outcome=1)
    path = app.store.write(SaveFile.of(game, "A walk"), "walk")
    async with app.run_test(size=(100, 32)) as pilot:
        await app.open_save(path, replay=True)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        assert "← Previous" in hints(app) and "→ Next" in hints(app) and " l " not in hints(app)
        assert "step 1 of 3" in screen_text(app) and "Chose: Take a rifle" in screen_text(app)
        await pilot.press("right")
        assert "step 2 of 3" in screen_text(app)
        await pilot.press("end")
        assert "step 3 of 3" in screen_text(app) and "The end: Far" in screen_text(app)
        await pilot.press("home")
        assert "step 1 of 3" in screen_text(app)
        await pilot.press("right")
        await pilot.press("b")  # branch off at step 2: a new game that has taken the first choice
        assert isinstance(app.screen, GameScreen)
        assert app.game is not None and app.game.state == "road" and len(app.game.log) == 1


async def test_watch_reloads_replays_and_shows_errors(mini: Path, tmp_path: Path) -> None:
    from petrograd1917.savegame.store import SaveStore
    from petrograd1917.tui.screens.errors import LoadErrorsScreen

    app = PetrogradApp(open_machine(mini, use_cache=False), seed=1, watch=0.05)
    app.store = SaveStore(tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await app.start_game("worker")
        await pilot.pause()
        await pilot.press("1")  # to the road
        edit(mini, "scenes/one.yaml", "The road runs south.", "The road runs south through the rain.")
        await until(pilot, lambda: "through the rain" in screen_text(app))
        assert app.game is not None and app.game.state == "road" and len(app.game.log) == 1
        edit(mini, "scenes/one.yaml", "      goto: road\n      history", "      goto: nowhere\n      history")
        await until(pilot, lambda: "E104 unknown scene 'nowhere'" in screen_text(app))
        assert isinstance(app.screen, LoadErrorsScreen)
        assert app.game.state == "road"  # the old story keeps running
        edit(mini, "scenes/one.yaml", "      goto: nowhere\n      history", "      goto: road\n      history")
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and "Walk on" in screen_text(app))
        assert app.game.state == "road"
        await until(pilot, lambda: len(app._screen_stacks) == 2)  # the reload's move to its game has ended


def test_every_text_of_the_campaign_becomes_screen_content(campaign: StoryMachine) -> None:
    """Every scene's text, every outcome and history note of the shipped campaign, turned into what
    the game screen draws: parsed, its codex words linked, with no error and no word lost (a text
    that varies is taken as written: its markup's words must survive too)."""
    from petrograd1917.story.prose import plain
    from petrograd1917.tui.prose import StoryProse

    story = campaign.story
    prose = StoryProse(story)
    for scene in story.scenes.values():
        shown = prose.scene(scene.text).plain.split()
        assert shown == plain(scene.text, 10_000).split(), scene.id
        for choice in scene.choices:
            for text in [o.text for o in choice.outcomes] + ([choice.history.note] if choice.history else []):
                assert prose.markdown(text).plain.split() == plain(text, 10_000).split(), (scene.id, choice.id)


def test_prose_content() -> None:
    from petrograd1917.tui.prose import markdown_content

    md = ("The *Aurora* lies at [the works](codex:aurora).\nA [bracket] stays, [b] too.\n\n- one\n- two\n\n"
          "# Head\n\n> a quote")
    out = markdown_content(md, lambda href: "app.open_codex('aurora')" if href == "codex:aurora" else None)
    assert out.plain == "The Aurora lies at the works. A [bracket] stays, [b] too.\n\n• one\n• two\n\nHEAD\n\na quote"
    spans = {out.plain[s.start:s.end]: s.style for s in out.spans}
    assert spans["Aurora"].italic and spans["HEAD"].bold and spans["a quote"].italic  # type: ignore[union-attr]
    assert spans["the works"].meta == {"@click": "app.open_codex('aurora')"}  # type: ignore[union-attr]
    numbered = markdown_content("1. *First* step  \n   with a break\n2. Second\n   goes on")
    assert numbered.plain == "1. First step\n   with a break\n2. Second goes on"
    inert = markdown_content("[a page](http://example.org) and [x](codex:nothing)")
    assert inert.plain == "a page and x" and not any(s.style.meta for s in inert.spans)  # type: ignore[union-attr]


def test_one_markdown_parse_for_every_face() -> None:
    """The TUI draws the story layer's blocks: markdown-it is imported in story/prose.py alone, and a
    list written loose keeps its blank lines on the screen as in plain mode."""
    from petrograd1917.story.prose import plain
    from petrograd1917.tui.prose import markdown_content

    src = Path(__file__).resolve().parent.parent / "src" / "petrograd1917"
    users = sorted(str(p.relative_to(src)) for p in src.rglob("*.py") if "markdown_it" in p.read_text())
    assert users == ["story/prose.py"]
    loose = "- one\n\n- two\n\n  more of two"
    assert markdown_content(loose).plain == "• one\n\n• two\n\n  more of two" == plain(loose)


async def test_the_role_picker_shows_the_whole_blurb_the_first_time() -> None:
    app = PetrogradApp(open_machine(CAMPAIGN), seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("enter")  # New game: the role picker, opened for the first time
        await pilot.pause()
        first = next(iter(app.machine.story.roles.values()))
        last_words = " ".join(first.blurb.split()[-4:])
        assert last_words in " ".join(screen_text(app).replace("█", " ").split())


def test_codex_words_linked_after_the_parse_as_in_the_markdown() -> None:
    """Every scene of the campaign: its codex words linked on the parsed blocks (so a plain scene needs
    no Markdown parser) show as they would linked in its Markdown source, link for link."""
    from petrograd1917.engine.game import Game
    from petrograd1917.history.codex import link_codex_words
    from petrograd1917.tui.prose import markdown_content, scene_content, story_links

    machine = open_machine(CAMPAIGN)
    story = machine.story
    links = story_links(story)
    games = {r: Game.new(machine, r, 1) for r in story.roles}
    for scene in story.scenes.values():
        text = games[scene.roles[0] if scene.roles else "worker"].render(scene.text, scene.id)  # as the player reads it
        shown = scene_content(text, story)
        before = markdown_content(link_codex_words(text, story), links)
        assert (shown.plain, shown.spans) == (before.plain, before.spans), scene.id  # Content's == is text only
    first = scene_content(story.scenes["w_yard_rumours"].text, story)
    assert any(getattr(s.style, "meta", None) for s in first.spans)  # its codex words are live links


async def test_apps_of_one_process_share_parsed_css_by_theme(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A game forked by serve's warm process parses no CSS its parent parsed; another theme has its own."""
    import textual.css.stylesheet as textual_stylesheet

    from petrograd1917.tui.shared_css import SharedRules

    monkeypatch.setattr(SharedRules, "_rules", {})
    parsed: list[str] = []
    real_parse = textual_stylesheet.parse

    def counting(*args: object, **kwargs: object) -> object:
        parsed.append(str(args[2]))  # where the CSS was read from
        return real_parse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    machine = open_machine(mini, use_cache=False)

    async def play(theme: str) -> PetrogradApp:
        app = PetrogradApp(machine, role="worker", seed=1)
        app.settings.theme = theme
        app.first_theme(theme)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.press("1", "c")  # a choice, and the codex (a screen with CSS of its own)
        return app

    await play("petrograd")
    assert parsed and any("app.tcss" in p for p in parsed)
    parsed.clear()
    await play("petrograd")
    assert parsed == []
    app = await play("newsprint")
    assert any("app.tcss" in p for p in parsed) and app.theme == "newsprint"


async def test_going_to_another_place_parses_no_css_again(app: PetrogradApp, monkeypatch: pytest.MonkeyPatch) -> None:
    from petrograd1917.tui.shared_css import SharedStylesheet

    reparsed: list[int] = []
    real = SharedStylesheet.reparse
    monkeypatch.setattr(SharedStylesheet, "reparse", lambda self: (reparsed.append(1), real(self))[1])
    async with app.run_test(size=(100, 32)) as pilot:
        await app.start_game("worker")
        await pilot.pause()
        await app.action_title_menu()
        await pilot.pause()
        await app.action_continue()
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and reparsed == []
