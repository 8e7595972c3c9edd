"""The authoring tools: lint warnings and --strict, quicktest, randomtest, graph and stats,
on the shipped story (which must pass) and on broken copies (which must be caught)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import edit
from petrograd1917.authoring.lint import path_in
from petrograd1917.authoring.ranges import can_be_true, possible_values
from petrograd1917.cli import main
from petrograd1917.engine.loading import load
from petrograd1917.story.expr import parse

SCENES = "scenes/one.yaml"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out + out.err


# --- the shipped story passes everything -------------------------------------------------

def test_shipped_story_passes_check_strict(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["check", "--strict"], capsys)
    assert code == 0, out


def test_shipped_story_passes_quicktest(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["quicktest", "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0, [p for p in data["problems"]][:5]
    assert data["complete"] and data["scenes_reached"] == data["scenes"] and data["endings_reached"] == data["endings"]


def test_shipped_story_passes_randomtest(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["randomtest", "--runs", "500", "--seed", "1917", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["stuck"] == [] and sum(data["endings"].values()) == 500


# --- lint ----------------------------------------------------------------------------

def test_lint_warnings_and_strict(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(mini, "story.yaml", "  - name: side\n    type: str\n    initial: none\n    visible: false\n",
         "  - name: side\n    type: str\n    initial: none\n    visible: false\n"
         "  - name: secret\n    type: int\n    initial: 0\n    visible: false\n")
    edit(mini, SCENES, 'if: "nerve >= 2"', 'if: "nerve > 3"')  # nerve's max is 3
    edit(mini, SCENES, "      text: Stay aboard", "      text: Go ashore")
    edit(mini, "record.yaml", "    accounts:", "    accounts:")  # unchanged: troops_stop is cited
    edit(mini, "codex.yaml", "  - id: home\n", "  - id: home\n")
    (mini / "codex.yaml").write_text((mini / "codex.yaml").read_text() +
                                     "  - id: nobody\n    name: Nobody\n    kind: person\n    summary: x\n    text: x\n")
    (mini / "record.yaml").write_text((mini / "record.yaml").read_text().replace(
        "events:\n", "events:\n  - id: unused\n    title: Unused\n    date: 1917-08-20\n    place: road\n"
                     "    summary: x\n    sources: [{source: seed}]\n", 1))
    code, out = run(["check", "--story", str(mini), "--no-cache"], capsys)
    assert code == 0  # warnings only
    for expected in ("W301 variable 'secret' is hidden and nothing reads it",
                     "W302 variable 'secret' is never set or added to",
                     "W303 choice 'ashore' in scene 'ship' can never be taken: 'nerve > 3' is false",
                     "W305 record event 'unused' is not cited",
                     "W306 codex entry 'nobody' is not named",
                     "W307 scene 'gate' has only 6 words of text",
                     "W309 choices 'ashore' and 'stay' in scene 'ship' have the same text"):
        assert expected in out, (expected, out)
    code, out = run(["check", "--story", str(mini), "--no-cache", "--strict"], capsys)
    assert code == 1


def test_lint_flags_a_source_that_looks_like_a_path(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(mini, "record.yaml", "title: The seed article", "title: The seed text (shared/seed/000_8205.txt)")
    edit(mini, "record.yaml", "{source: book, at: ch. 6}\n    accounts", "{source: book, at: notes/book-ch6.md}\n    accounts")
    (mini / "record.yaml").write_text((mini / "record.yaml").read_text().replace(
        "sources:\n", "sources:\n  - id: web\n    title: Trotsky, History, https://www.marxists.org/archive/trotsky/1930/hrr/ch45.htm\n"
                     "  - id: file\n    title: /work/shared/notes\n", 1))
    code, out = run(["check", "--story", str(mini), "--no-cache"], capsys)
    assert code == 0  # a warning; --strict makes it fail
    assert "record.yaml:11:5: W310 source 'seed' has a title that looks like a file path ('shared/seed/000_8205.txt')" in out, out
    assert "W310 event 'troops_stop' cites 'book' at 'notes/book-ch6.md'" in out, out
    assert "record.yaml: W310 source 'file' has a title that looks like a file path ('/work/shared/notes')" in out, out
    assert "'web'" not in out  # a web address is a place a reader can go
    code, out = run(["check", "--story", str(mini), "--no-cache", "--strict"], capsys)
    assert code == 1 and "W310" in out


def test_lint_flags_an_alternate_ending_reached_without_a_pivot(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["check", "--story", str(mini), "--no-cache"], capsys)
    assert code == 0 and "W311 the worker's alternate ending 'far' (scene 'end_far') can be reached without a pivot" in out, out
    edit(mini, SCENES, "history: {event: troops_stop, verdict: plausible, note: Some walked out to meet them.}",
         "history: {event: troops_stop, verdict: divergent, pivot: true, note: Some walked out to meet them.}")
    code, out = run(["check", "--story", str(mini), "--no-cache"], capsys)
    assert code == 0 and "W311" not in out, out


@pytest.mark.parametrize("citation, path", [
    ("the project's seed text, shared/seed/000_82050954a95d85c1.txt)", "shared/seed/000_82050954a95d85c1.txt"),
    ("seed.txt", "seed.txt"), ("see ~/notes", "~/notes"), ("(./record)", "./record"), ("C:\\docs\\a.pdf", "C:\\docs\\a.pdf"),
    ("shared/", "shared/"),
    ("Wikipedia, \"October Revolution\" (old revision), § Background", None),
    ("vol. 3, ch. 'The Capture of the Winter Palace'", None), ("O.S./N.S. dates, pp. 23/24, and/or", None),
    ("https://www.marxists.org/archive/trotsky/1930/hrr/ch45.htm", None),
])
def test_what_looks_like_a_path(citation: str, path: str | None) -> None:
    assert path_in(citation) == path


def test_static_ranges() -> None:
    story = load(Path(__file__).parent / "data" / "mini", use_cache=False).story
    env = possible_values(story)
    types = {n: v.type for n, v in story.variables.items()}
    assert can_be_true(parse("nerve >= 3 and armed", types)[0], env)
    assert not can_be_true(parse("nerve > 3", types)[0], env)
    assert not can_be_true(parse("side == 'nowhere'", types)[0], env)  # side is only ever none or ship
    assert can_be_true(parse("side == 'ship'", types)[0], env)


# --- quicktest ------------------------------------------------------------------------

def test_quicktest_finds_planted_problems_with_shortest_paths(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The sailor can reach the road only with nerve >= 2; make the walk on need more than can be had there.
    edit(mini, SCENES, "    - id: gamble\n      text: Walk on", "    - id: gamble\n      text: Walk on\n"
         "      if: \"nerve >= 3 and side == 'ship'\"")
    code, out = run(["quicktest", "--story", str(mini), "--no-cache", "--format", "json"], capsys)
    assert code == 1
    data = json.loads(out)
    kinds = {(p["kind"], p["scene"], p["choice"]) for p in data["problems"]}
    assert ("never_available", "road", "gamble") in kinds
    assert ("never_reached", "end_far", None) in kinds
    stuck = next(p for p in data["problems"] if p["kind"] == "no_way_out")
    assert stuck["scene"] == "road"
    assert [s["choice"] for s in stuck["path"]] == ["arm"]  # the shortest way into the trap
    code, out = run(["quicktest", "--story", str(mini), "--no-cache", "--role", "sailor"], capsys)
    assert "shortest path: ship:ashore" in out or "shortest path: ship:stay" in out


def test_quicktest_says_when_it_stops_early(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["quicktest", "--story", str(mini), "--no-cache", "--max-states", "2"], capsys)
    assert code == 1 and "stopped early at 2 states" in out


# --- randomtest -------------------------------------------------------------------------

def test_randomtest_is_reproducible_and_counts(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["randomtest", "--story", str(mini), "--no-cache", "--runs", "300", "--seed", "5", "--format", "json"]
    code, first = run(args, capsys)
    _, second = run(args, capsys)
    assert code == 0 and first == second
    data = json.loads(first)
    assert sum(data["endings"].values()) == 300
    assert data["scenes"]["gate"] + data["scenes"]["ship"] == 300  # every run starts at a role's start
    assert data["longest"]["steps"] >= data["shortest"]["steps"]
    assert sum(data["fidelity"].values()) == 300
    _, other = run(args[:-4] + ["--seed", "6", "--format", "json"], capsys)
    assert other != first


def test_randomtest_reports_stuck_play_throughs(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(mini, SCENES, "    - id: gamble\n      text: Walk on", "    - id: gamble\n      text: Walk on\n"
         "      if: \"side == 'ship'\"")
    code, out = run(["randomtest", "--story", str(mini), "--no-cache", "--runs", "50", "--role", "worker"], capsys)
    assert code == 1 and "stuck: 25 play-throughs ended with no choice open" in out  # those that took the rifle


# --- graph and stats --------------------------------------------------------------------------

def test_graph_dot_and_mermaid(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, dot = run(["graph", "--story", str(mini), "--no-cache"], capsys)
    assert code == 0 and dot.startswith('digraph "Mini" {')
    assert 'subgraph "cluster_one"' in dot and 'label="Act one";' in dot
    assert '"gate" -> "road" [label="arm", penwidth=2.5, color="darkred"];' in dot  # historical: bold
    assert '"gate" -> "end_home" [label="home"];' in dot
    assert '"end_far" [label="Far\\n(alternate ending)", shape=doubleoctagon, color=firebrick];' in dot
    code, mer = run(["graph", "--story", str(mini), "--no-cache", "--format", "mermaid", "--role", "sailor"], capsys)
    assert code == 0 and mer.startswith("flowchart TD")
    assert "The gate" not in mer  # only what the sailor can reach
    assert '-.->|"ashore"|' in mer and "class" in mer


def test_graph_names_scenes_weighs_outcomes_and_splits_by_act(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, mer = run(["graph", "--story", str(mini), "--no-cache", "--format", "mermaid"], capsys)
    assert code == 0
    assert 'gate["gate: The gate"]' in mer  # the node is the scene id, labelled with id and title
    assert '|"gamble 1/4"| end_home' in mer and '|"gamble 3/4"| end_far' in mer  # one arrow per outcome, weighed
    code, dot = run(["graph", "--story", str(mini), "--no-cache", "--act", "one"], capsys)
    assert code == 0 and '"gate"' in dot
    code, _ = run(["graph", "--story", str(mini), "--no-cache", "--act", "nine"], capsys)
    assert code == 2


def test_graph_draws_calls_and_returns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A call is its own arrow; a return goes back, dashed, to every scene whose call can lead to it:
    rumours is called from the yard, the deck and gossip, and gossip is reached from rumours."""
    import shutil

    root = Path(shutil.copytree(Path(__file__).parent / "data" / "reactive", tmp_path / "reactive"))
    edit(root, SCENES, "    - {id: back, text: Back to the yard, goto: return}\n",
         "    - {id: back, text: Back to the yard, goto: return}\n    - {id: more, text: More, goto: gossip}\n"
         "- id: gossip\n  act: one\n  title: Gossip\n  date: 1917-08-27\n  place: yard\n  text: Gossip.\n  choices:\n"
         "    - {id: done, text: Done, goto: return}\n    - {id: again, text: Again, call: rumours}\n")
    edit(root, SCENES, "    - {id: fire_live,", "    - {id: listen, text: Listen, call: rumours}\n    - {id: fire_live,")
    code, dot = run(["graph", "--story", str(root), "--no-cache"], capsys)
    assert code == 0
    assert '"yard" -> "rumours" [label="call: ask_around", color="navy", arrowhead=odot];' in dot
    assert '"deck" -> "rumours" [label="call: listen", color="navy", arrowhead=odot];' in dot
    back = [line.strip() for line in dot.splitlines() if "return:" in line]
    assert back == [f'"{scene}" -> "{caller}" [label="return: {choice}", color="navy", arrowhead=odot, style=dashed];'
                    for scene, choice in (("rumours", "back"), ("gossip", "done")) for caller in ("yard", "gossip", "deck")]
    code, mer = run(["graph", "--story", str(root), "--no-cache", "--format", "mermaid"], capsys)
    assert code == 0
    assert '  yard --o|"call: ask_around"| rumours\n' in mer and '  gossip --o|"call: again"| rumours\n' in mer
    assert '  rumours -.-o|"return: back"| deck\n' in mer and '  gossip -.-o|"return: done"| yard\n' in mer
    code, mer = run(["graph", "--story", str(root), "--no-cache", "--format", "mermaid", "--role", "sailor"], capsys)
    assert "yard" not in mer and '  rumours -.-o|"return: back"| deck\n' in mer  # only where the sailor goes


def test_stats_per_act_and_role(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["stats", "--story", str(mini), "--no-cache", "--format", "json"], capsys)
    data = json.loads(out)
    assert data["judged"] == 3 and data["judged_ratio"] == 0.5
    assert data["acts"]["one"]["scenes"] == 5 and data["endings_by_kind"] == {"historical": 1, "alternate": 1}
    assert data["reading_minutes"] == 0
    code, out = run(["stats", "--story", str(mini), "--no-cache"], capsys)
    assert "act          scenes choices judged endings  words  minutes" in out


def test_random_runs_replay_in_the_engine(mini: Path) -> None:
    """randomtest explores without a Game, for speed; every run must be what the engine would play."""
    from petrograd1917.authoring.randomtest import random_runs
    from petrograd1917.engine.game import Game
    from petrograd1917.engine.loading import open_machine

    machine = open_machine(mini, use_cache=False)
    report = random_runs(machine, 60, seed=3)
    for run_ in [report.longest, report.shortest, *report.stuck]:
        assert run_ is not None
        game = Game.replay(machine, run_.role, run_.seed, run_.log)
        assert (game.scene.ending.id if game.scene.ending else None) == run_.ending


# --- every command on a deliberately broken copy of the shipped story ------------------------------

@pytest.fixture
def broken_campaign(tmp_path: Path) -> Path:
    import shutil

    from petrograd1917 import paths

    root = tmp_path / "campaign"
    shutil.copytree(paths.shipped_story_dir(), root)
    worker = "scenes/worker-1-kornilov.yaml"
    # A condition no value can satisfy (lint), and one that play can never satisfy here (quicktest):
    edit(root, worker, "      text: Put your cap on and go to the district soviet tonight\n",
         "      text: Put your cap on and go to the district soviet tonight\n      if: \"hunger > 5\"\n")
    edit(root, worker, "      text: Eat, sleep beside Dunya, and go at first light\n",
         "      text: Eat, sleep beside Dunya, and go at first light\n      if: \"railwaymen\"\n")
    return root


def test_commands_catch_planted_problems_in_the_campaign(broken_campaign: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    story = ["--story", str(broken_campaign), "--no-cache"]
    cached = story[:-1]  # the tools after check read the story once, then from the cache
    code, out = run(["check", *story], capsys)
    assert code == 0 and "W303 choice 'go_out_tonight' in scene 'w_home_evening' can never be taken" in out
    code, out = run(["check", "--strict", *story], capsys)
    assert code == 1
    code, out = run(["quicktest", "--role", "worker", "--format", "json", *cached], capsys)
    assert code == 1
    problems = json.loads(out)["problems"]
    stuck = [p for p in problems if p["kind"] == "no_way_out"]
    assert stuck and stuck[0]["scene"] == "w_home_evening"
    assert [s["choice"] for s in stuck[0]["path"]] == ["sign_with_committee"]
    assert {("never_available", "w_home_evening", "go_out_tonight"),
            ("never_available", "w_home_evening", "sleep_first")} <= {(p["kind"], p["scene"], p["choice"])
                                                                       for p in problems}
    code, out = run(["randomtest", "--runs", "200", "--role", "worker", *cached], capsys)
    assert code == 1 and "stuck:" in out
    code, out = run(["graph", "--role", "worker", *cached], capsys)
    assert code == 0 and '"w_home_evening"' in out
    code, out = run(["stats", *cached], capsys)
    assert code == 0
    edit(broken_campaign, "scenes/worker-1-kornilov.yaml", "      goto: w_district_arms\n      history:\n        event: committee",
         "      goto: w_distric_arms\n      history:\n        event: committee")
    code, out = run(["check", *story], capsys)
    assert code == 1 and "E104 unknown scene 'w_distric_arms' (did you mean 'w_district_arms'?)" in out


def test_stats_counts_words_per_branch() -> None:
    from petrograd1917.authoring.stats import branch_words

    text = "Two words {if armed}one{elif nerve > 1}three more here{else}{seq|a b|c}{end} end."
    assert branch_words(text) == {"fixed": 3, "branches": [1, 3, 3]}
    assert branch_words("{cycle|x y|z} plain") == {"fixed": 1, "branches": [2, 1]}
    assert branch_words("No markup at all.") == {"fixed": 4, "branches": []}


def test_contradictions_are_never_true() -> None:
    """Variables read together are tried value by value, so a contradiction is seen by check."""
    from petrograd1917.authoring.ranges import Interval, can_be_true
    from petrograd1917.story import expr

    types = {"armed": "bool", "nerve": "int", "word": "str"}
    env = {"armed": frozenset({True, False}), "nerve": Interval(0, 5), "word": frozenset({"a", "<any>"})}
    never = ["armed and not armed", "nerve > 3 and nerve < 2", "not (armed or not armed)"]
    maybe = ["armed or not armed", "nerve > 3 and armed", "word == 'b' and armed", "nerve + nerve == 4"]
    for src in never:
        assert not can_be_true(expr.parse(src, types)[0], env), src
    for src in maybe:
        assert can_be_true(expr.parse(src, types)[0], env), src
