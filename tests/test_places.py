"""The city map for a game (engine/places.py), plain mode's `where` and `sources`, and `reveal: after`
(a note held until the next choice) in the view, plain mode and the transcript. On tests/data/city: the
small story with its own map.txt, places on it and off it, and a choice whose note waits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from petrograd1917.engine.game import Game
from petrograd1917.engine.loading import open_machine
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.engine.places import places_on_map, where
from petrograd1917.engine.view import last_note
from petrograd1917.history import citymap
from petrograd1917.plain import PlainSession
from petrograd1917.savegame.session import PlaySession
from petrograd1917.savegame.store import SaveStore
from petrograd1917.savegame.transcript import transcript_markdown

CITY = Path(__file__).parent / "data" / "city"


@pytest.fixture
def city() -> StoryMachine:
    return open_machine(CITY, use_cache=False)


def game_at(machine: StoryMachine, *choices: str, role: str = "worker", seed: int = 3) -> Game:
    game = Game.new(machine, role, seed)
    for c in choices:
        game.choose(c, 1 if c == "gamble" else None)
    return game


def test_places_on_map_marks_here_and_the_places_passed(city: StoryMachine) -> None:
    at_start = places_on_map(game_at(city))
    assert at_start.here is not None and at_start.here.id == "factory" and at_start.passed == ()
    assert at_start.lines[2][36] == citymap.HERE and at_start.lines[9][22] == citymap.PLACE
    on_road = places_on_map(game_at(city, "arm"))  # the road's scene is framed by rifles_given, at the factory
    assert on_road.here is not None and on_road.here.id == "road"
    assert [e.id for e in on_road.passed] == ["factory"]
    assert on_road.lines[2][36] == citymap.PASSED and on_road.lines[9][22] == citymap.HERE
    assert [e.id for e in on_road.off_map] == ["ship", "gatchina"]  # every place beyond the plan, for a margin
    assert on_road.off_map_passed() == []


def test_an_off_map_place_is_here_but_not_drawn(city: StoryMachine) -> None:
    at_sea = places_on_map(game_at(city, role="sailor"))
    assert at_sea.here is not None and at_sea.here.id == "ship" and not at_sea.here_placed
    assert citymap.HERE not in "".join(at_sea.lines)
    assert [e.id for e in at_sea.off_map_passed()] == ["ship"]
    assert where(game_at(city, role="sailor")) == "The ship is not marked on the city map."


def test_where_names_the_neighbours(city: StoryMachine) -> None:
    assert where(game_at(city)) == ("The factory, on the city map. Nearest: The southern road to the south-west; "
                                    "Home to the west.")


def test_reveal_after_holds_the_note_until_the_next_choice(city: StoryMachine) -> None:
    held = game_at(city, "arm").view()
    assert held.verdict is None and held.revealed is None  # the road is read without the note
    assert last_note(game_at(city, "arm")) is None
    after = game_at(city, "arm", "gamble").view()
    assert after.revealed is not None and after.revealed.note == "Workers took up arms."
    assert after.verdict is not None and after.verdict.event_id == "troops_stop"
    now = game_at(city, "home").view()  # a note without `reveal` is shown at once
    assert now.verdict is not None and now.revealed is None


def test_reveal_after_at_an_ending_is_shown_at_once(city: StoryMachine, tmp_path: Path) -> None:
    import dataclasses

    story = city.story
    gate = story.scenes["gate"]
    home = gate.choice("home")
    assert home is not None and home.history is not None
    choices = tuple(dataclasses.replace(c, history=dataclasses.replace(c.history, reveal="after"))
                    if c.id == "home" and c.history else c for c in gate.choices)
    scenes = dict(story.scenes) | {"gate": dataclasses.replace(gate, choices=choices)}
    machine = StoryMachine(dataclasses.replace(story, scenes=scenes))
    v = game_at(machine, "home").view()
    assert v.is_over and v.verdict is not None and v.verdict.note == "Few stayed home."


def plain_run(machine: StoryMachine, tmp_path: Path, script: str, role: str = "worker") -> str:
    session = PlaySession(Game.new(machine, role, 3), SaveStore(tmp_path / "saves"))
    out = io.StringIO()
    PlainSession(session, io.StringIO(script), out, width=100).run()
    return out.getvalue()


def test_plain_where_and_sources(city: StoryMachine, tmp_path: Path) -> None:
    out = plain_run(city, tmp_path, "where\nsources\n2\nsources\n")
    assert "The factory, on the city map. Nearest: The southern road to the south-west; Home to the west." in out
    assert "No history note yet" in out
    assert "Sources for Rifles given to the workers:\n  A memoir of the works, section 'Kornilov affair'" in out
    assert "/" not in out.split("Sources for")[1].split("\n")[1]  # a work, not a path
    sailor = plain_run(city, tmp_path, "where\n", role="sailor")
    assert "The ship is not marked on the city map." in sailor
    assert "where " in plain_run(city, tmp_path, "help\n") and "sources " in plain_run(city, tmp_path, "help\n")


def test_plain_shows_a_held_note_after_the_next_scene(city: StoryMachine, tmp_path: Path) -> None:
    out = plain_run(city, tmp_path, "1\n1\n")
    road, _, after_walk = out.partition("> 1\n\nThe road")[2].partition("> 1")
    assert "Workers took up arms." not in road  # not after the choice: the road's scene comes first
    assert after_walk.index("Workers took up arms.") < after_walk.index("Some walked out")
    assert "History: historical ✓: " in after_walk  # the held note's own verdict mark


def test_transcript_puts_a_held_note_after_the_next_scene(city: StoryMachine) -> None:
    md = transcript_markdown(game_at(city, "arm", "gamble"))
    gate, _, rest = md.partition("## 2. The road")
    assert "Workers took up arms." not in gate
    assert rest.index("The road runs south.") < rest.index("Workers took up arms.") < rest.index("**You chose:** Walk on")
