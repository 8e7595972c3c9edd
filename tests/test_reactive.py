"""Prose that remembers: a story using every construct of varying text, visits, once-only choices,
call and return, snippets, people and the chronicle, played in the engine, saved and replayed, and
shown alike by plain mode, the transcript and the Textual app."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from petrograd1917.engine.game import Game, GameError
from petrograd1917.engine.loading import open_machine
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.engine.view import game_report
from petrograd1917.plain import PlainSession
from petrograd1917.savegame.loading import replay_save
from petrograd1917.savegame.saveformat import SaveFile
from petrograd1917.savegame.session import PlaySession
from petrograd1917.savegame.store import SaveStore
from petrograd1917.savegame.transcript import transcript_markdown

STORY = Path(__file__).parent / "data" / "reactive"


@pytest.fixture
def story_dir(tmp_path: Path) -> Path:
    dest = tmp_path / "reactive"
    shutil.copytree(STORY, dest)
    return dest


@pytest.fixture
def machine(story_dir: Path) -> StoryMachine:
    return open_machine(story_dir, use_cache=False)


def ids(game: Game) -> list[str]:
    return [c.id for c in game.choices()]


def test_the_first_visit_reads_as_the_first(machine: StoryMachine) -> None:
    game = Game.new(machine, "worker", 3)
    text = game.text
    assert text.startswith("Rain. You are in the yard. Nerve 1, armed no, 2 by sums.")
    assert "The palace stands dark." in text and "A whistle blows." in text and "{braces}" in text
    assert "{" not in text.replace("{braces}", "")
    assert [c.text for c in game.choices()] == ["Take a rifle", "Ask around (visit 1)", "Leave"]


def test_a_once_only_choice_is_gone_and_the_scene_remembers(machine: StoryMachine) -> None:
    game = Game.new(machine, "worker", 3)
    game.choose("take_rifle")
    assert ids(game) == ["ask_around", "leave"]  # taken once, gone
    text = game.text
    assert text.startswith("Still rain. You are in the yard again. Nerve 3, armed yes, 0 by sums.")
    assert "The whistle is quiet now." in text
    assert [c.text for c in game.choices()][-1] == "Leave, armed"
    with pytest.raises(GameError):
        game.choose("take_rifle")


def test_a_call_returns_to_the_caller_entered_again(machine: StoryMachine) -> None:
    game = Game.new(machine, "worker", 3)
    game.choose("ask_around")
    assert game.state == "rumours" and game.calls == ["yard"] and game.text == "Rumours, first telling."
    game.choose("back")
    assert game.state == "yard" and game.calls == [] and game.visits["yard"] == 2
    assert "You are in the yard again" in game.text and "Ask around (visit 2)" in [c.text for c in game.choices()]
    game.choose("ask_around")
    assert game.text == "Rumours, second telling."  # cycle, by visit
    game.choose("back")
    assert game.text.startswith("The rain never stops.")  # seq holds its last


def test_shuffle_is_seeded(machine: StoryMachine) -> None:
    texts = {Game.new(machine, "worker", seed).text.split("\n\n")[3] for seed in range(20)}
    assert texts == {"A dog barks. {braces}", "A tram rings its bell. {braces}"}
    assert Game.new(machine, "worker", 5).text == Game.new(machine, "worker", 5).text


def test_undo_and_replay_restore_visits_and_once(machine: StoryMachine) -> None:
    game = Game.new(machine, "worker", 3)
    for choice in ("take_rifle", "ask_around", "back"):
        game.choose(choice)
    before = game.undone(1)
    assert before.state == "rumours" and before.calls == ["yard"] and before.visits == {"yard": 2, "rumours": 1}
    again = Game.replay(machine, "worker", 3, game.log)
    assert again.text == game.text and ids(again) == ids(game)


def test_the_journal_shows_each_scene_as_it_read(machine: StoryMachine) -> None:
    game = Game.new(machine, "worker", 3)
    for choice in ("take_rifle", "leave"):
        game.choose(choice)
    journal = game.journal()
    assert journal[0].text.startswith("Rain. You are in the yard. Nerve 1")
    assert journal[1].text.startswith("Still rain. You are in the yard again. Nerve 3")
    assert journal[1].choice_text == "Leave, armed"
    assert journal[2].text == "You took the rifle home."


def test_people_have_the_fate_the_play_through_earned(machine: StoryMachine) -> None:
    game = Game.new(machine, "worker", 3)
    for choice in ("take_rifle", "leave"):
        game.choose(choice)
    assert [(p.name, p.fate) for p in game_report(game).people] == [("Dunya", "Dunya waits up for you, proud.")]
    plain = Game.new(machine, "worker", 3)
    plain.choose("leave")
    assert [p.fate for p in game_report(plain).people] == ["Dunya sleeps."]


def test_the_chronicle_carries_one_role_into_another_and_saves_keep_what_they_began_with(
        machine: StoryMachine, tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "saves")
    before = PlaySession.start(machine, "worker", 3, store)
    assert "The palace stands dark." in before.game.text
    before.choose("take_rifle")  # autosaved, with the chronicle it began with
    sailor = PlaySession.start(machine, "sailor", 3, store)
    sailor.choose("fire_live")  # an ending: the chronicle keeps what the sailor did
    assert sailor.chronicle().values == {"sailor_fired_live": True} and sailor.chronicle().endings == {"sailor": ["shot"]}
    after = PlaySession.start(machine, "worker", 3, store)
    assert "The palace burns across the river." in after.game.text
    # The worker's save made before the shot replays as it was played, whatever came since.
    worker_slot = next(s for s in store.slots(machine.story.id) if "worker" in s.name)
    saved = SaveFile.read(store.path(worker_slot.name))
    assert saved.chronicle == {"sailor_fired_live": False}
    loaded = replay_save(machine, saved)
    assert loaded.exact and "The palace stands dark." in loaded.game.text


def test_plain_mode_shows_the_rendered_text(machine: StoryMachine, tmp_path: Path) -> None:
    out = io.StringIO()
    session = PlaySession(Game.new(machine, "worker", 3), SaveStore(tmp_path))
    PlainSession(session, io.StringIO("2\n1\n1\n2\n"), out).run()  # ask, back, rifle, leave
    text = out.getvalue()
    assert "You are in the yard again" in text and "Rumours, first telling." in text and "Leave, armed" in text
    assert "{if" not in text and "{seq" not in text and "{nerve}" not in text
    assert "Dunya waits up for you, proud." in text


def test_the_transcript_is_the_play_through_as_read(machine: StoryMachine) -> None:
    game = Game.new(machine, "worker", 3)
    for choice in ("ask_around", "back", "take_rifle", "leave"):
        game.choose(choice)
    md = transcript_markdown(game)
    assert "Rumours, first telling." in md and "You are in the yard again" in md
    assert "**You chose:** Ask around (visit 1)" in md and "**You chose:** Leave, armed" in md
    assert "You took the rifle home." in md and "{" not in md.replace("{braces}", "")


async def test_the_app_shows_the_rendered_text(machine: StoryMachine) -> None:
    from petrograd1917.tui.app import PetrogradApp

    app = PetrogradApp(machine, role="worker", seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("1")  # take the rifle: the yard again
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Still rain. You are in the yard again." in text
        assert "Leave, armed" in text and "{" not in text.replace("{braces}", "")


def test_the_chronicle_command_shows_and_forgets(machine: StoryMachine, story_dir: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from petrograd1917.cli import main

    saves = tmp_path / "saves"
    args = ["chronicle", "--story", str(story_dir), "--saves", str(saves), "--no-cache"]
    assert main(args) == 0
    assert "sailor_fired_live = false (its starting value: A sailor has not reached an ending yet)" in \
        capsys.readouterr().out
    PlaySession.start(machine, "sailor", 1, SaveStore(saves)).choose("fire_live")
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "sailor_fired_live = true\n" in out and "A sailor: reached The shot" in out
    assert main([*args, "--reset"]) == 0 and "forgotten" in capsys.readouterr().out
    assert main(args) == 0 and "has not reached an ending yet" in capsys.readouterr().out


def test_the_end_report_shows_each_note_as_it_read(mini: Path) -> None:
    """A history note's varying text is rendered in the report's path and divergence, as in the game."""
    from conftest import edit

    edit(mini, "scenes/one.yaml", "verdict: divergent, note: Few stayed home.}",
         "verdict: divergent, note: \"Few stayed home{if armed}, armed{else}, unarmed{end}.\"}")
    game = Game.new(open_machine(mini, use_cache=False), "worker", 1)
    game.choose("home")
    report = game_report(game)
    assert [r.note for r in report.path] == ["Few stayed home, unarmed."]
    assert [d.note for d in report.divergences] == ["Few stayed home, unarmed."]
