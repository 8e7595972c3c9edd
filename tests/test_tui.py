"""The Textual app, driven by the pilot: every screen and flow, resizing, settings, and a crash's exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Markdown, OptionList, Select, Static

from petrograd1917.engine.loading import open_machine
from petrograd1917.settings import Settings
from petrograd1917.tui.app import PetrogradApp
from petrograd1917.tui.screens.codex import CodexScreen
from petrograd1917.tui.screens.end import EndScreen
from petrograd1917.tui.screens.game import GameScreen
from petrograd1917.tui.screens.journal import JournalScreen
from petrograd1917.tui.screens.roles import RoleScreen
from petrograd1917.tui.screens.timeline import TimelineScreen
from petrograd1917.tui.screens.title import TitleScreen


@pytest.fixture
def app(mini: Path) -> PetrogradApp:
    return PetrogradApp(open_machine(mini, use_cache=False), seed=1)


def text_of(widget: Static | Markdown) -> str:
    if isinstance(widget, Markdown):
        return widget.source
    return str(widget.content)


async def test_new_game_to_the_end_report(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        menu = app.screen.query_one(OptionList)
        closed = [menu.get_option_at_index(i).id for i in range(menu.option_count)
                  if menu.get_option_at_index(i).disabled]
        assert closed == ["continue"]  # greyed, not missing: nothing to continue yet
        await pilot.press("enter")  # New game
        assert isinstance(app.screen, RoleScreen)
        assert "Works." in app.screen.query_one("#role-blurb", Markdown).source
        await pilot.press("enter")  # the first role
        assert isinstance(app.screen, GameScreen)
        screen = app.screen
        assert "The gate" in text_of(screen.query_one("#scene-head", Static))
        assert "27 August 1917 O.S. (9 September 1917 N.S.) · 07:00" in text_of(screen.query_one("#scene-head", Static))
        assert not screen.query_one("#verdict-box").display
        await pilot.press("1")  # take a rifle: judged historical
        assert app.game is not None and app.game.state == "road"
        verdict = screen.query_one("#verdict", Static)
        box = screen.query_one("#verdict-box")
        assert box.display
        note = text_of(verdict)
        assert "HISTORICAL" in note and "What really happened:" in note
        assert "9 September N.S." in note and "Source: The seed article" in note
        assert "1 of 1 judged choices historical" in text_of(screen.query_one("#fidelity", Static))
        await pilot.press("v")
        assert not box.display  # the player may put the note away
        await pilot.press("1")  # walk on: a random outcome, then the end
        assert isinstance(app.screen, EndScreen)
        report = text_of(app.screen.query_one("#end-report", Static))
        assert "[b]Your path beside the record[/b]" in report and "[b]Against the record:[/b]" in report


async def test_arrows_enter_and_mouse_choose(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        app.start_game("worker")
        await pilot.pause()
        await pilot.press("down", "enter")  # the second choice: go home
        assert app.game is not None and app.game.log[-1].choice == "home"
    app2 = PetrogradApp(app.machine, seed=1)
    async with app2.run_test(size=(100, 32)) as pilot:
        app2.start_game("worker")
        await pilot.pause()
        choices = app2.screen.query_one("#choices", OptionList)
        await pilot.click(choices, offset=(4, 2))  # the second line inside the border
        assert app2.game is not None and app2.game.log[-1].choice == "home"


async def test_closed_choice_shows_its_reason(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        app.start_game("sailor")
        await pilot.pause()
        assert app.game is not None
        app.game.values["nerve"] = 1
        app.screen.show()  # type: ignore[attr-defined]
        choices = app.screen.query_one("#choices", OptionList)
        first = choices.get_option_at_index(0)
        assert first.disabled and "closed: You lack the nerve" in str(first.prompt)
        await pilot.press("1")
        assert app.game.state == "ship"
        assert any("You lack the nerve" in str(n.message) for n in app._notifications)


async def test_codex_search_and_links(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        app.start_game("worker")
        await pilot.pause()
        scene_text = app.screen.query_one("#scene-text", Static)
        # Codex words in the scene are clickable: the first mention of each links to its entry.
        assert "[@click=app.open_codex('factory')]factory[/]" in text_of(scene_text)
        await app.run_action("open_codex('factory')")
        await pilot.pause()
        assert isinstance(app.screen, CodexScreen)
        article = app.screen.query_one("#codex-article", Markdown)
        assert "# The factory" in article.source and "[Old Lebedev](codex:lebedev)" in article.source
        article.post_message(Markdown.LinkClicked(article, "codex:lebedev"))
        await pilot.pause()
        assert "# Old Lebedev" in article.source
        await pilot.press("slash")
        await pilot.press(*"ship")
        entries = app.screen.query_one("#codex-list", OptionList)
        assert [entries.get_option_at_index(i).id for i in range(entries.option_count)] == ["ship"]
        assert "# The ship" in article.source
        await pilot.press("escape")  # leaves the search box for the list
        await pilot.press("escape")
        assert isinstance(app.screen, GameScreen)


async def test_timeline_marks_verdicts_and_shows_accounts_side_by_side(app: PetrogradApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        app.start_game("worker")
        await pilot.pause()
        await pilot.press("1")  # historical, against rifles_given
        await pilot.press("t")
        assert isinstance(app.screen, TimelineScreen)
        events = app.screen.query_one("#timeline-list", OptionList)
        labels = [str(events.get_option_at_index(i).prompt) for i in range(events.option_count)]
        assert "✓ historical" in labels[0] and "Rifles given" in labels[0]
        assert "troops stop" in labels[1].lower() and "historical" not in labels[1]
        await pilot.press("down")
        accounts = app.screen.query(".account")
        assert len(accounts) == 2
        assert "One account" in accounts[0].source and "Another account" in accounts[1].source  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert isinstance(app.screen, GameScreen)


async def test_journal_keeps_the_backlog(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        app.start_game("worker")
        await pilot.pause()
        await pilot.press("1")
        await pilot.press("j")
        assert isinstance(app.screen, JournalScreen)
        text = text_of(app.screen.query_one("#journal-text", Static))
        assert "[b]The gate[/b]" in text and "You stand at the factory gate." in text
        assert "[i][b]You chose:[/b] Take a rifle[/i]" in text
        assert "[b]The road[/b]" in text and "[i][i]You are here.[/i][/i]" in text


async def test_theme_change_is_persisted(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("o")  # settings
        select = app.screen.query_one("#set-theme", Select)
        select.value = "newsprint"
        await pilot.pause()
        assert app.theme == "newsprint"
        width = app.screen.query_one("#set-width", Select)
        width.value = 60
        await pilot.pause()
        assert app.has_class("-width-60")
    assert Settings.load().theme == "newsprint" and Settings.load().text_width == 60
    again = PetrogradApp(app.machine, seed=1)
    async with again.run_test(size=(100, 32)):
        assert again.theme == "newsprint"


async def test_resize_reflows_and_too_small_note(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        app.start_game("worker")
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#side").display and not screen.query_one("#status-line").display
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert screen.has_class("-narrow") and not screen.has_class("-too-small")
        assert screen.query_one("#status-line").styles.display == "block"
        assert screen.query_one("#choices").region.width > 0
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert screen.has_class("-too-small") and screen.query_one("#too-small").region.width > 0
        await pilot.resize_terminal(100, 32)
        await pilot.pause()
        assert not screen.has_class("-too-small") and not screen.has_class("-narrow")
        await pilot.press("1")
        assert app.game is not None and app.game.state == "road"


async def test_help_and_command_palette(app: PetrogradApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert isinstance(app.screen, TitleScreen)
        from petrograd1917.tui.commands import GameCommands

        assert GameCommands in app.COMMANDS and len(app.COMMANDS) > 1  # ours added to Textual's own


def test_a_crash_gives_a_non_zero_exit(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from petrograd1917 import cli

    def boom(self: TitleScreen) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(TitleScreen, "on_mount", boom)
    original_run = PetrogradApp.run
    monkeypatch.setattr(PetrogradApp, "run", lambda self, **kw: original_run(self, headless=True))
    assert cli.run_app(open_machine(mini, use_cache=False), None, 1) != 0


async def test_save_undo_load_and_continue(app: PetrogradApp, tmp_path: Path) -> None:
    from petrograd1917.savegame.store import SaveStore
    from petrograd1917.tui.screens.saves import SaveAsScreen, SlotsScreen

    app.store = SaveStore(tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        app.start_game("worker")
        await pilot.pause()
        await pilot.press("1")  # arm: autosaved
        assert app.store.path("autosave-mini-worker").is_file()
        await pilot.press("s")
        assert isinstance(app.screen, SaveAsScreen)
        await pilot.press(*"on the road", "enter")
        assert app.store.path("on-the-road").is_file()
        await pilot.press("u")  # undo: back at the gate
        assert app.game is not None and app.game.state == "gate" and app.game.log == []
        await pilot.press("l")
        assert isinstance(app.screen, SlotsScreen)
        slots = app.screen.query_one(OptionList)
        ids = [slots.get_option_at_index(i).id for i in range(slots.option_count)]
        slots.highlighted = ids.index("my:on-the-road")
        await pilot.press("enter")
        assert app.game is not None and app.game.state == "road" and len(app.game.log) == 1
        await pilot.press("ctrl+q")  # quitting autosaves
    again = PetrogradApp(app.machine, seed=1)
    again.store = app.store
    async with again.run_test(size=(100, 32)) as pilot:
        menu = again.screen.query_one(OptionList)
        assert not menu.get_option_at_index(1).disabled  # Continue is alive
        menu.highlighted = 1
        await pilot.press("enter")
        assert isinstance(again.screen, GameScreen)
        assert again.game is not None and again.game.state == "road"


async def test_replay_steps_and_branches(app: PetrogradApp, tmp_path: Path) -> None:
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
        app.open_save(path, replay=True)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        head = screen.query_one("#replay-head", Static)
        assert "step 1 of 3" in text_of(head) and "The gate" in text_of(head)
        assert "**Chose:** Take a rifle" in screen.query_one("#replay-choice", Markdown).source
        await pilot.press("right")
        assert "step 2 of 3" in text_of(head)
        await pilot.press("end")
        assert "step 3 of 3" in text_of(head) and "The end" in screen.query_one("#replay-choice", Markdown).source
        await pilot.press("home", "right")
        await pilot.press("b")  # branch off at step 2: a new game that has taken the first choice
        assert isinstance(app.screen, GameScreen)
        assert app.game is not None and app.game.state == "road" and len(app.game.log) == 1


async def test_watch_reloads_replays_and_shows_errors(mini: Path, tmp_path: Path) -> None:
    from petrograd1917.savegame.store import SaveStore
    from petrograd1917.tui.screens.errors import LoadErrorsScreen
    from test_story_errors import edit

    app = PetrogradApp(open_machine(mini, use_cache=False), seed=1, watch=0.05)
    app.store = SaveStore(tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        app.start_game("worker")
        await pilot.pause()
        await pilot.press("1")  # to the road
        edit(mini, "scenes/one.yaml", "The road runs south.", "The road runs south through the rain.")
        await pilot.pause(0.3)
        assert app.game is not None and app.game.state == "road" and len(app.game.log) == 1
        assert "through the rain" in text_of(app.screen.query_one("#scene-text", Static))
        edit(mini, "scenes/one.yaml", "      goto: road\n      history", "      goto: nowhere\n      history")
        await pilot.pause(0.3)
        assert isinstance(app.screen, LoadErrorsScreen)
        assert "E104 unknown scene 'nowhere'" in str(app.screen.query_one("#load-errors-list", Static).content)
        assert app.game.state == "road"  # the old story keeps running
        edit(mini, "scenes/one.yaml", "      goto: nowhere\n      history", "      goto: road\n      history")
        await pilot.pause(0.3)
        assert isinstance(app.screen, GameScreen) and app.game.state == "road"


def test_prose_markup() -> None:
    from petrograd1917.tui.prose import markdown_markup

    md = "The *Aurora* lies at [the works](codex:aurora).\nA [bracket] stays.\n\n- one\n- two\n\n# Head\n\n> a quote"
    out = markdown_markup(md)
    assert out.startswith("The [i]Aurora[/i] lies at [@click=app.open_codex('aurora')]the works[/]. A \\[bracket] stays.")
    assert "• one\n• two" in out and "[b]HEAD[/b]" in out and "[i]a quote[/i]" in out
    numbered = markdown_markup("1. *First* step  \n   with a break\n2. Second\n   goes on")
    assert numbered == "1. [i]First[/i] step\n   with a break\n2. Second goes on"
