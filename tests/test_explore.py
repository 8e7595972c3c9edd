"""quicktest and randomtest on a story using every construct of issue 13 (tests/data/reactive):
once-only choices, calls and returns, visit counts and the chronicle, played by the engine's rules;
and quicktest's prose never shown, placed at the file:line:col of the branch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from petrograd1917.authoring.moves import StateSpace
from petrograd1917.authoring.progress import VISITS_BOUND, Tracked, visit_reads, what_matters
from petrograd1917.authoring.quicktest import Exploration, Search
from petrograd1917.authoring.randomtest import random_runs
from petrograd1917.authoring.texts import story_texts
from petrograd1917.cli import main
from petrograd1917.engine.compiler import CALLS, MAX_CALLS
from petrograd1917.engine.game import Game, LogEntry
from petrograd1917.engine.loading import open_machine
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.story import expr as E
from petrograd1917.story.expr import CHOSEN, VISITS
from test_story_errors import edit

STORY = Path(__file__).parent / "data" / "reactive"
SCENES = "scenes/one.yaml"
YARD_CHOICES = "  choices:\n    - id: take_rifle\n"


@pytest.fixture
def reactive(tmp_path: Path) -> Path:
    return Path(shutil.copytree(STORY, tmp_path / "reactive"))


def machine_at(root: Path) -> StoryMachine:
    return open_machine(root, use_cache=False)


def quicktest(root: Path, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, dict[str, Any]]:
    code = main(["quicktest", "--story", str(root), "--no-cache", "--format", "json", *more])
    return code, json.loads(capsys.readouterr().out)


def add_choice(root: Path, yaml: str) -> None:
    """A choice more in the yard, before its first."""
    edit(root, SCENES, YARD_CHOICES, "  choices:\n" + yaml + "    - id: take_rifle\n")


def kinds(data: dict[str, Any]) -> set[tuple[str, str, str | None]]:
    return {(p["kind"], p["scene"], p["choice"]) for p in data["problems"]}


# -- the state: what is kept, and only that ----------------------------------------------------------

def test_the_reactive_story_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = quicktest(STORY, capsys, "--prose")  # its prose reads what only the prose reads
    assert code == 0 and data["problems"] == [] and data["complete"] and data["assumptions"] == []
    assert data["scenes_reached"] == 5 and data["endings_reached"] == 2


def test_without_prose_what_only_the_prose_reads_is_not_kept_and_said(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = quicktest(STORY, capsys)
    _, with_prose = quicktest(STORY, capsys, "--prose")
    assert code == 0 and data["problems"] == [] and data["complete"]
    assert data["states"] < with_prose["states"]  # chose(deck.fire_live), read only by end_deck's text
    assert data["scenes_reached"] == with_prose["scenes_reached"]
    assert data["endings_reached"] == with_prose["endings_reached"]
    said = [a for a in data["assumptions"] if a.startswith("prose in scene 'end_deck'")]
    assert len(said) == 1 and "{if chose(deck.fire_live)} in the text of scene 'end_deck'" in said[0]
    assert "randomtest plays it" in said[0]


def test_the_prose_left_unchecked_is_one_line_unless_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    main(["quicktest", "--story", str(STORY), "--no-cache"])
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("assumed: prose")]
    assert lines == ["assumed: prose in 3 scenes (8 text branches) reads what quicktest does not keep there, so it "
                     "was not checked (randomtest plays it; --prose checks it; --verbose lists it)"]
    main(["quicktest", "--story", str(STORY), "--no-cache", "--verbose"])
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("assumed: prose")]
    assert len(lines) == 3 and any(ln.startswith("assumed: prose in scene 'end_deck' reading") for ln in lines)


def test_what_quicktest_keeps_of_the_progress() -> None:
    machine = machine_at(STORY)
    tracked = what_matters(machine.story, list(story_texts(machine)))
    # take_rifle is once-only and read by chose(); fire_live is read by chose(); `{if visits(yard) > 1}`
    # needs yard's count up to 2; the {once}, {cycle} and {seq} hold no {if}, so rumours' count is not kept.
    assert tracked.chosen == {"yard.take_rifle", "deck.fire_live"}
    assert tracked.visits == {"yard": (2, 1)}
    assert tracked.calls and tracked.chronicle == {"sailor_fired_live": (False, True)}


@pytest.mark.parametrize("src, caps", [
    ("visits(yard) > 1", {"yard": 2}), ("3 <= visits(yard)", {"yard": 4}), ("seen(deck)", {"deck": 1}),
    ("seen(yard) and visits(yard) == 5", {"yard": 6}), ("visits(yard) + 1 > 2", {"yard": None}),
    ("visits(yard) > -4", {"yard": 1}), ("visits(yard) > 2 or visits(yard) > nerve", {"yard": None}),
])
def test_visit_counts_are_kept_as_far_as_they_are_compared(src: str, caps: dict[str, int | None]) -> None:
    found: dict[str, int | None] = {}
    visit_reads(E.parse(src, {"nerve": "int"})[0], found)
    assert found == caps


@pytest.mark.parametrize("text, kept", [
    ("{seq|a|{if armed}b{end}}", (2, 1)), ("{once|{if armed}b{end}}", (2, 1)),
    ("{cycle|{if armed}x{end}|y|z}", (1, 3)), ("{seq|a|b|c} {cycle|{if armed}x{end}|y}", (1, 2)),
    ("{if visits(rumours) > 3}x{end} {cycle|{if armed}x{end}|y}", (4, 2)),
])
def test_alternatives_holding_an_if_keep_their_scenes_visits(reactive: Path, text: str, kept: tuple[int, int]) -> None:
    edit(reactive, SCENES, 'text: "Rumours, {cycle|first telling|second telling}."', f'text: "{text}"')
    machine = machine_at(reactive)
    assert what_matters(machine.story, list(story_texts(machine))).visits["rumours"] == kept


def test_a_count_kept_past_its_bound_keeps_its_period() -> None:
    tracked = Tracked(visits={"a": (2, 3)})
    assert [tracked.count("a", n) for n in range(1, 9)] == [1, 2, 3, 4, 2, 3, 4, 2]
    # and {cycle|x|y|z} shows the same alternative at each kept count as at the true one
    assert all((tracked.count("a", n) - 1) % 3 == (n - 1) % 3 for n in range(2, 40))


def test_a_count_used_in_a_sum_is_bounded_and_said(reactive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_choice(reactive, '    - {id: tally, text: Tally, if: "visits(yard) + nerve > 4", goto: end_yard}\n')
    code, data = quicktest(reactive, capsys, "--prose")
    assert code == 0 and data["complete"]
    assert data["assumptions"] == [f"visits(yard) counted up to {VISITS_BOUND}: an expression does more with it "
                                   "than compare it with a number"]
    main(["quicktest", "--story", str(reactive), "--no-cache"])
    assert f"assumed: visits(yard) counted up to {VISITS_BOUND}" in capsys.readouterr().out


def every_state(machine: StoryMachine) -> tuple[Search, Exploration]:
    story = machine.story
    search = Search(StateSpace(machine, what_matters(story, list(story_texts(machine)))), None, 100_000)
    result = Exploration(list(story.roles))
    search.run(list(story.roles), result)
    return search, result


def test_every_state_is_what_the_game_reaches_by_its_path(reactive: Path) -> None:
    """The states quicktest explores are the engine's: each, replayed in a Game along its shortest
    path, has the same scene, variables, calls, and (where kept) choices taken and visit counts."""
    edit(reactive, "story.yaml", "snippets:\n", "snippets:\n  - {id: bell, text: \"{cycle|{if armed}Ding.{end}|Dong.}\"}\n")
    edit(reactive, SCENES, 'text: "Rumours, {cycle|first telling|second telling}."', 'text: "{>bell}"')
    machine = machine_at(reactive)
    search, result = every_state(machine)
    space = search.space
    assert space.tracked.visits == {"yard": (2, 1), "rumours": (1, 2)} and result.complete
    for state in search.parents:
        path = search.path(state)
        first = path[0][0] if path else state[0]
        role = next(r for r, spec in machine.story.roles.items() if spec.start == first)
        game = Game.replay(machine, role, 0, [LogEntry(*step) for step in path], space.chronicle_of(state))
        values = dict(game.values, **{CHOSEN: set(game.values[CHOSEN]), VISITS: dict(game.visits)})
        assert space.pack(game.state, space.settle(values)) == state, (state, path)


def test_once_only_choices_are_gone_once_taken(reactive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # nerve is 1, and taking the rifle (once) adds 2: were it taken twice, nerve would pass 3.
    add_choice(reactive, '    - {id: again, text: Again, if: "nerve > 3", goto: end_yard}\n')
    code, data = quicktest(reactive, capsys)
    assert code == 1 and kinds(data) == {("never_available", "yard", "again")}


def test_calls_nest_eight_deep_and_return_to_their_caller(reactive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(reactive, SCENES, "    - {id: back, text: Back to the yard, goto: return}\n",
         "    - {id: back, text: Back to the yard, goto: return}\n    - {id: deeper, text: Deeper, call: rumours}\n")
    machine = machine_at(reactive)
    search, result = every_state(machine)
    assert result.complete
    space = search.space
    depths = {len(space.unpack(s)[CALLS]) for s in search.parents if s[0] == "rumours"}
    assert depths == set(range(1, MAX_CALLS + 1))
    callers = {tuple(space.unpack(s)[CALLS]) for s in search.parents if s[0] == "rumours"}
    assert ("yard",) + ("rumours",) * (MAX_CALLS - 1) in callers
    # every return lands in the scene that made the call: yard only from a call made in the yard
    for state, link in search.parents.items():
        if link and link[1][1] == "back":
            assert state[0] == space.unpack(link[0])[CALLS][-1]
    code, data = quicktest(reactive, capsys)
    assert code == 0, data["problems"]


def test_every_chronicle_value_is_tried(reactive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Open only when a sailor's game has fired a live round: the worker meets it in a later game.
    add_choice(reactive, '    - {id: watch_fire, text: Watch the fire, if: "sailor_fired_live", goto: end_yard}\n')
    code, data = quicktest(reactive, capsys)
    assert code == 0 and data["problems"] == []
    edit(reactive, "story.yaml", "value: \"chose(deck.fire_live)\"", "value: \"false\"")
    code, data = quicktest(reactive, capsys)  # now no ending leaves it true: the choice is never open,
    assert code == 1 and kinds(data) == {("never_available", "yard", "watch_fire"),
                                         ("prose_never_shown", "yard", None)}  # nor the palace burning
    assert [p["detail"] for p in data["problems"] if p["kind"] == "prose_never_shown"] == [
        "{if sailor_fired_live} in the text of scene 'yard'"]


def test_an_int_chronicle_value_is_tried_at_what_it_can_be(reactive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(reactive, "story.yaml", "chronicle:\n", "chronicle:\n"
         "  - {name: sailor_nerve, type: int, initial: 0, role: sailor, value: nerve}\n"
         "  - {name: sailor_twice, type: int, initial: 0, role: sailor, value: \"nerve * 2 + 1\"}\n")
    add_choice(reactive, '    - {id: steady, text: Steady, if: "sailor_nerve == 5 and sailor_twice < 3", goto: end_yard}\n'
                         '    - {id: odd, text: Odd, if: "sailor_twice == 7", goto: end_yard}\n')
    machine = machine_at(reactive)
    tracked = what_matters(machine.story, list(story_texts(machine)))
    assert tracked.chronicle["sailor_nerve"] == (0, 1, 2, 3, 4, 5)  # nerve's range
    assert tracked.chronicle["sailor_twice"] == (0, 2, 1)  # its initial and the literals it names
    code, data = quicktest(reactive, capsys, "--prose")
    assert data["assumptions"] == ["chronicle value 'sailor_twice' tried as 0, 2, 1 only: its value "
                                   "'nerve * 2 + 1' can leave others"]
    assert code == 1 and kinds(data) == {("never_available", "yard", "odd")}


# -- randomtest --------------------------------------------------------------------------------------

def test_random_runs_with_calls_once_and_the_chronicle_replay_in_the_engine(reactive: Path) -> None:
    edit(reactive, SCENES, "    - {id: back, text: Back to the yard, goto: return}\n",
         "    - {id: back, text: Back to the yard, goto: return}\n    - {id: deeper, text: Deeper, call: rumours}\n")
    add_choice(reactive, '    - {id: watch_fire, text: Watch the fire, if: "sailor_fired_live", goto: end_yard}\n')
    machine = machine_at(reactive)
    report = random_runs(machine, 300, seed=4)
    assert report.choice_hits[("yard", "watch_fire")] > 0 and report.choice_hits[("rumours", "deeper")] > 0
    assert not report.stuck
    for seed in range(40):  # one run per report: each is its longest
        run_ = random_runs(machine, 1, seed=seed).longest
        assert run_ is not None and run_.ending is not None
        game = Game.replay(machine, run_.role, run_.seed, run_.log, run_.chronicle)
        assert game.scene.ending is not None and game.scene.ending.id == run_.ending
        assert game.chronicle == run_.chronicle
        assert sum(1 for e in run_.log if e.choice == "take_rifle") <= 1  # once only


def test_randomtest_draws_the_chronicle_per_run(reactive: Path) -> None:
    add_choice(reactive, '    - {id: watch_fire, text: Watch the fire, if: "sailor_fired_live", goto: end_yard}\n')
    report = random_runs(machine_at(reactive), 200, seed=9, role="worker")
    assert 0 < report.choice_hits[("yard", "watch_fire")] < report.scene_hits["yard"]
