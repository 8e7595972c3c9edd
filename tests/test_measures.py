"""`measure`: each measure on small stories whose answers are worked out by hand, the command, and the docs.

tests/data/measures/diamond: gate -> left_road | right_road -> square -> bridge | ford -> end_home
(historical); ford -> end_lost (alternate) only with courage. Every scene has ten words.
tests/data/measures/gated: what the reachable states decide and the scene map alone cannot.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import edit
from petrograd1917.authoring import measures
from petrograd1917.authoring.measures import (
    Figure,
    all_branches,
    has_varying_text,
    live_before,
    measure,
    measure_role,
    play_throughs,
    state_graph,
    text_reads,
    to_text,
)
from petrograd1917.authoring.randomtest import random_runs
from petrograd1917.cli import main
from petrograd1917.engine.game import Game
from petrograd1917.engine.loading import open_machine
from petrograd1917.engine.machine import StoryMachine

DATA = Path(__file__).parent / "data"
DOC = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"


def machine_of(name: str) -> StoryMachine:
    return open_machine(DATA / "measures" / name, use_cache=False)


def figures(machine: StoryMachine, runs: int = 20) -> dict[str, Figure]:
    return {f.target.key: f for f in measure_role(machine, next(iter(machine.story.roles)), runs=runs).figures}


@pytest.fixture(scope="module")
def diamond() -> dict[str, Figure]:
    return figures(machine_of("diamond"))


@pytest.fixture
def gated_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA / "measures" / "gated", tmp_path / "gated"))




# -- 1. scenes on every route ------------------------------------------------------------------

def test_on_every_route_in_a_diamond(diamond: dict[str, Figure]) -> None:
    f = diamond["every_route"]
    # Both roads rejoin at the square, both crossings at home; end_lost is on no route home.
    assert f.detail["on_every_route"] == ["gate", "square", "end_home"]
    assert (f.count, f.total) == (3, 7)
    assert f.target.met(f.value) is True  # 43% <= 60%


def test_on_every_route_follows_the_states_not_the_map() -> None:
    # start:jump leads straight to the ending on the map, but its condition is never true.
    f = figures(machine_of("gated"))["every_route"]
    assert f.detail["on_every_route"] == ["start", "hall", "end"]
    assert (f.count, f.total) == (3, 5)


def test_no_historical_ending_gives_no_figure(gated_copy: Path) -> None:
    edit(gated_copy, "scenes/house.yaml", "kind: historical", "kind: alternate")
    f = figures(open_machine(gated_copy, use_cache=False))["every_route"]
    assert f.value is None and f.shown() == "-" and f.target.met(f.value) is None


# -- 2. endings --------------------------------------------------------------------------------

def test_endings_reachable(diamond: dict[str, Figure]) -> None:
    f = diamond["endings"]
    assert f.value == 2 and f.detail["endings"] == {"end_home": "historical", "end_lost": "alternate"}
    assert f.target.met(f.value) is False


# -- 3. changes never read later -----------------------------------------------------------------

def test_changes_never_read_later(diamond: dict[str, Figure]) -> None:
    # courage is read by ford:turn_back's condition; flag by nothing; each tally is read by the next
    # `add` of it, but square:cross's is the last one.
    f = diamond["unread_changes"]
    assert f.detail["unread"] == ["gate:right set flag", "square:cross add tally"]
    assert (f.count, f.total) == (2, 5)


def test_changes_that_reach_nothing(diamond: dict[str, Figure]) -> None:
    # A tally only ever added to reaches no condition or text: all three of its changes count.
    f = diamond["dead_changes"]
    assert sorted(f.detail["unread"]) == ["gate:right set flag", "left_road:walk_on add tally",
                                          "right_road:walk_on add tally", "square:cross add tally"]
    assert f.detail["by_variable"]["tally"] == {"changes": 3, "unread": 3}


def test_a_change_hidden_by_the_states_and_overwritten_is_unread() -> None:
    # After start:mark the reader's door is shut (blocked), and the lobby sets secret again before
    # the ending shows it.
    assert figures(machine_of("gated"))["unread_changes"].detail["unread"] == ["start:mark set secret"]


def test_without_the_overwrite_the_ending_reads_it(gated_copy: Path) -> None:
    edit(gated_copy, "scenes/house.yaml", "goto: end, effects: {set: {secret: 2}}", "goto: end")
    assert figures(open_machine(gated_copy, use_cache=False))["unread_changes"].detail["unread"] == []


def test_with_the_door_open_the_reader_reads_it(gated_copy: Path) -> None:
    edit(gated_copy, "scenes/house.yaml", 'if: "not blocked", goto: reader', "goto: reader")
    assert figures(open_machine(gated_copy, use_cache=False))["unread_changes"].detail["unread"] == []


def test_live_before_a_run_of_steps() -> None:
    x, y = 1, 2
    add_y_from_x = ((0, y, x | y),)  # add y: x
    assert live_before(add_y_from_x, 0, strict=False) & x  # any read counts
    assert not live_before(add_y_from_x, 0, strict=True) & x  # y is read by nothing
    assert live_before(add_y_from_x, y, strict=True) & x  # y is read later, so x is
    assert not live_before(((1, x, 0),), x, strict=False) & x  # a set of x hides x's earlier value


def test_a_fate_at_the_ending_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    machine = machine_of("diamond")
    story = machine.story

    class WithPeople:  # the model as the history issue extends it: people with fates
        people = {"mitka": type("Person", (), {"role": "walker", "fates": [
            type("Fate", (), {"condition": ("var", "flag"), "text": "Mitka comes home."})()]})()}

        def __getattr__(self, name: str) -> Any:
            return getattr(story, name)

    graph = state_graph(machine, "walker")
    assert measures.unread_changes(story, graph)[0].detail["unread"][0] == "gate:right set flag"
    unread = measures.unread_changes(WithPeople(), graph)[0].detail["unread"]  # type: ignore[arg-type]
    assert unread == ["square:cross add tally"]


# -- 4. choices that change nothing -----------------------------------------------------------

def test_choices_that_change_nothing(diamond: dict[str, Figure]) -> None:
    # wait and watch both go to the bridge and change nothing; wait's history verdict is no change.
    f = diamond["idle_choices"]
    assert f.detail["idle"] == ["square:wait", "square:watch"]
    assert (f.count, f.total) == (2, 10)


# -- 5. varying text ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["{if nerve > 1}brave{end}", "you have {nerve}", "{seq|a|b}", "{cycle|a|b}",
                                  "{once|a|b}", "{shuffle|a|b}", "{>snippet}", "{{ {nerve} }}"])
def test_varying_text_markup(text: str) -> None:
    assert has_varying_text(text)


@pytest.mark.parametrize("text", ["plain prose", "{{literal}} braces", "a }} and a {{"])
def test_literal_braces_are_not_markup(text: str) -> None:
    assert not has_varying_text(text)


def test_what_text_reads() -> None:
    """Read by the engine's parser: names in values shown and conditions, in every branch and the
    snippets included; not literal braces, quoted strings, ids given to visits() or chronicle values."""
    story = open_machine(DATA / "reactive", use_cache=False).story
    text = ("{if nerve > 1 and sailor_fired_live}{seq|a|{armed}}{else}b{end} {{nerve}} {visits(yard)} "
            "{>weather} {'armed'}")
    assert text_reads(text, story) == {"nerve", "armed"}
    assert text_reads("{{nerve}} {'armed'} {visits(yard)} {chose(yard.take_rifle)}", story) == set()
    assert text_reads("{min(nerve, 2)}", story) == {"nerve"}


def test_what_a_snippet_reads_counts_where_it_is_included(tmp_path: Path) -> None:
    root = Path(shutil.copytree(DATA / "reactive", tmp_path / "reactive"))
    edit(root, "story.yaml", "{seq|Rain.|Still rain.|The rain never stops.}", "{if armed}Rain on the rifle.{end}")
    story = open_machine(root, use_cache=False).story
    assert text_reads("{>weather}", story) == {"armed"}


def test_every_branch_counted_once() -> None:
    assert all_branches("a {if x}b c{else}d{end} {seq|e|f g} {x} {{h}}", {}).split() == \
        ["a", "b", "c", "d", "e", "f", "g", "\u2022", "{h}"]


def test_scenes_whose_text_varies(diamond: dict[str, Figure]) -> None:
    # end_home shows {courage}; the square's {{liberty}} is literal braces.
    f = diamond["varying_scenes"]
    assert f.detail["varying"] == ["end_home"] and (f.count, f.total) == (1, 8)


# -- 6. prose read -----------------------------------------------------------------------------

def test_prose_read_in_a_play_through(diamond: dict[str, Figure]) -> None:
    # Every play-through passes five scenes of the eight, ten words each.
    f = diamond["prose_read"]
    assert (f.count, f.total) == (50, 80) and f.value == 0.625
    assert f.detail["least"] == f.detail["most"] == 0.625


def test_prose_comes_through_one_seam(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(measures, "prose_shown", lambda game: "two words")
    f = figures(machine_of("diamond"), runs=5)["prose_read"]
    assert (f.count, f.total) == (10, 80)


def test_prose_read_is_the_text_as_rendered() -> None:
    """What the player read: the scene's text as the engine renders it, one branch of each {if}."""
    machine = open_machine(DATA / "reactive", use_cache=False)
    game = Game.new(machine, "worker", seed=1)
    assert measures.prose_shown(game) == game.text == game.journal()[-1].text
    assert "The palace stands dark." in measures.prose_shown(game)
    assert "burns" not in measures.prose_shown(game)  # the branch not taken is not read
    assert "burns" in all_branches(game.scene.text, measures.snippets_of(machine.story))  # but is counted in all


def test_play_throughs_start_with_randomtests_chronicle(tmp_path: Path) -> None:
    machine = open_machine(DATA / "reactive", use_cache=False)
    games = [g for g, _ in play_throughs(machine, "worker", 40, 3)]
    report = random_runs(machine, 40, 3, "worker")
    assert {g.chronicle["sailor_fired_live"] for g in games} == {True, False}
    assert Counter(g.scene.ending.id for g in games if g.scene.ending) == report.ending_hits
    assert sum(1 for g in games if g.chronicle["sailor_fired_live"]) == \
        sum(1 for g in games if "The palace burns" in g.journal()[0].text)


def test_play_throughs_are_randomtests(mini: Path) -> None:
    machine = open_machine(mini, use_cache=False)
    for role in machine.story.roles:
        ours = Counter(g.scene.ending.id for g, _ in play_throughs(machine, role, 200, 7) if g.scene.ending)
        assert ours == random_runs(machine, 200, 7, role).ending_hits
        assert len(ours) > 1  # the runs differ: a real comparison


def test_no_runs_gives_no_prose_figure() -> None:
    f = figures(machine_of("diamond"), runs=0)["prose_read"]
    assert f.value is None and f.shown() == "-"


# -- the whole report --------------------------------------------------------------------------

def test_the_chronicle_is_counted_when_declared() -> None:
    result = measure(machine_of("diamond"), runs=1)
    assert result.chronicle.value == 0 and result.chronicle.target.met(0) is False


def test_a_state_limit_is_said() -> None:
    result = measure(machine_of("diamond"), runs=1, max_states=3)
    assert not result.roles[0].complete
    assert "stopped at the state limit" in to_text(result)


def test_cli_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["measure", "--story", str(DATA / "measures" / "diamond"), "--runs", "3"]) == 0
    out = capsys.readouterr().out
    rows = {line.split("  ")[1].strip(): line for line in out.splitlines() if line.startswith("  ") and "%" in line}
    assert rows["scenes on every route to the historical ending"].rstrip().endswith("42.9% (3/7)   ≤ 60% ✓")
    assert rows["choices that change nothing, going where a sibling goes"].rstrip().endswith("≤ 5% ✗")
    assert "choices that change nothing: square:wait, square:watch" in out


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["measure", "--story", str(DATA / "measures" / "gated"), "--format", "json", "--runs", "2",
                 "--seed", "4"]) == 0
    data = json.loads(capsys.readouterr().out)
    role = data["roles"]["visitor"]
    assert (data["runs"], data["seed"]) == (2, 4)
    assert role["every_route"]["on_every_route"] == ["start", "hall", "end"]
    assert role["every_route"]["met"] is True and role["endings"]["met"] is False
    assert data["chronicle"]["value"] == 0


def test_cli_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    story = str(DATA / "measures" / "diamond")
    assert main(["measure", "--story", story, "--role", "sailor"]) == 2
    assert "unknown role 'sailor' (roles: walker)" in capsys.readouterr().err
    assert main(["measure", "--story", story, "--runs", "-1"]) == 2
    assert "--runs must be 0 or more" in capsys.readouterr().err


def test_the_tutorials_figures_are_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    doc = DOC.read_text(encoding="utf-8")
    for text, rel in re.findall(r"```[a-z]*\n(# file: my-story/(\S+)\n.*?)```", doc, re.S):
        path = tmp_path / "my-story" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    shown = re.search(r"```\n\$ petrograd1917 measure --story my-story\n(.*?)```", doc, re.S)
    assert shown is not None, "docs/authoring.md shows no `measure` output"
    assert main(["measure", "--story", "my-story"]) == 0
    assert capsys.readouterr().out == shown.group(1)


def test_states_differing_only_in_what_nothing_reads_again_are_one() -> None:
    """The delegate's state graph keeps only what decides routes (liveness, prose-only reads left out):
    with every variable kept everywhere it was 621,178 states; routes and reads are the same."""
    machine = open_machine()
    graph = state_graph(machine, "delegate")
    assert graph.complete and len(graph.scenes) < 20_000
    assert {s for s in graph.scenes if machine.story.scenes[s].ending} >= {"d_end_history"}


def test_a_chronicle_value_read_in_text_is_no_change_of_the_role() -> None:
    """Texts read other roles' chronicle values (`aurora_fired_live`); no choice of this role writes them."""
    reads = measures.Reads({"nerve": 1, "armed": 2}, {})
    assert reads.mask({"nerve", "aurora_fired_live"}) == 1
