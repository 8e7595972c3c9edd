"""History as play: plausible is in keeping, a pivot ends grading, people's fates, accounts told, a cleaner note."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from petrograd1917.engine.game import LogEntry
from petrograd1917.engine.loading import open_machine
from petrograd1917.history.judge import accounts_told, cited_before, fidelity, judged_steps, pivot_of, what_happened
from petrograd1917.history.report import end_report, people_fates
from petrograd1917.story import expr
from petrograd1917.story.model import Fate, HistoryNote, Person, Story


def with_history(story: Story, scene_id: str, choice_id: str, **changes: object) -> Story:
    """The story with one choice's history note changed."""
    scene = story.scenes[scene_id]
    choices = tuple(dataclasses.replace(c, history=dataclasses.replace(c.history, **changes))
                    if c.id == choice_id and c.history else c for c in scene.choices)
    scenes = {**story.scenes, scene_id: dataclasses.replace(scene, choices=choices)}
    return dataclasses.replace(story, scenes=scenes)


@pytest.fixture
def story(mini: Path) -> Story:
    return open_machine(mini, use_cache=False).story


LOG = [LogEntry("gate", "arm"), LogEntry("road", "gamble", 1)]


def test_nothing_after_a_pivot_is_graded(story: Story) -> None:
    """arm is historical; make it a divergent pivot, and the plausible gamble after it goes ungraded."""
    pivoted = with_history(story, "gate", "arm", verdict="divergent", pivot=True)
    judged = judged_steps(pivoted, LOG)
    assert [(j.step, j.graded) for j in judged] == [(0, True), (1, False)]
    assert pivot_of(judged) is judged[0]
    f = fidelity(judged)
    assert (f.historical, f.plausible, f.divergent, f.graded) == (0, 0, 1, 1)
    report = end_report(pivoted, "worker", ["gate", "road", "end_far"], LOG).to_dict()
    assert report["diverged"]["step"] == 1 and report["diverged"]["event_id"] == "rifles_given"
    assert report["diverged"]["record_went_on"] == ["The troops stop (29 August 1917 O.S. (11 September N.S.))"]
    assert [row["graded"] for row in report["path"]] == [True, False]


def test_without_a_pivot_nothing_is_left_ungraded(story: Story) -> None:
    judged = judged_steps(story, LOG)
    assert all(j.graded for j in judged) and pivot_of(judged) is None


def test_the_report_opens_with_the_people_and_their_fates(story: Story) -> None:
    types = {n: v.type for n, v in story.variables.items()}
    cond = expr.parse("armed", types)[0]
    lebedev = Person("lebedev", "Lebedev", "worker", (Fate(cond, "He marches with you.", "armed"),
                                                      Fate(None, "He goes home alone.")))
    sailor_friend = Person("petya", "Petya", "sailor", (Fate(None, "He stays aboard."),))
    story = dataclasses.replace(story, people={"lebedev": lebedev, "petya": sailor_friend})
    assert [p.fate for p in people_fates(story, "worker", {"armed": True})] == ["He marches with you."]
    assert [p.fate for p in people_fates(story, "worker", {"armed": False})] == ["He goes home alone."]
    report = end_report(story, "worker", ["gate", "end_home"], [LogEntry("gate", "home")], values={"armed": False})
    assert report.to_dict()["people"] == [{"id": "lebedev", "name": "Lebedev", "fate": "He goes home alone."}]
    md = report.to_markdown()
    assert md.index("## Your people") < md.index("**Against the record:**")
    assert "- **Lebedev.** He goes home alone." in md


def test_an_account_told_is_set_beside_the_others(story: Story) -> None:
    event = story.events["troops_stop"]
    accounts = tuple(dataclasses.replace(a, id=i) for a, i in zip(event.accounts, ("talked_round", "no_trains"), strict=True))
    story = dataclasses.replace(story, events={**story.events, "troops_stop": dataclasses.replace(event, accounts=accounts)})
    story = with_history(story, "road", "gamble", account="no_trains")
    told = accounts_told(story, LOG)
    assert [(t.step, t.event_id, t.account_id, t.label) for t in told] == [(1, "troops_stop", "no_trains", "Another account")]
    report = end_report(story, "worker", ["gate", "road", "end_far"], LOG)
    assert report.to_dict()["accounts_told"] == [
        {"event_id": "troops_stop", "account_id": "no_trains", "label": "Another account"}]
    md = report.to_markdown()
    assert "you told **Another account**." in md and "One account (The seed article" in md


def test_a_choice_that_only_tells_an_account_is_not_graded(story: Story) -> None:
    story = with_history(story, "road", "gamble", verdict="", account="x")
    assert [j.step for j in judged_steps(story, LOG)] == [0]


def test_the_summary_is_shown_the_first_time_an_event_is_cited(story: Story) -> None:
    note = HistoryNote("rifles_given", "historical", "Workers took up arms.")
    assert not cited_before(story, LOG, 0, "rifles_given")
    assert cited_before(story, LOG, 1, "rifles_given")
    assert what_happened(story, note, first_time=False).summary == ""
    assert what_happened(story, note).summary == "The factory committees armed the workers."
    ungraded = what_happened(story, note, graded=False)
    assert ungraded.verdict == "" and ungraded.summary


def test_the_report_never_says_nowhere_beside_a_low_score(story: Story) -> None:
    md = end_report(story, "worker", ["gate", "road", "end_far"], LOG).to_markdown()
    assert "Nowhere" not in md and "None: every graded choice was historical or plausible." in md


MINI_CASES = [
    ("pivot on a historical verdict", "scenes/one.yaml",
     "{event: rifles_given, verdict: historical, note: Workers took up arms.}",
     "{event: rifles_given, verdict: historical, pivot: true, note: Workers took up arms.}",
     "scenes/one.yaml:13:66: E138 a pivot leaves the record: its verdict must be divergent, not historical"),
    ("an account the event does not have", "scenes/one.yaml",
     "{event: troops_stop, verdict: plausible,", "{event: troops_stop, account: legend, verdict: plausible,",
     "scenes/one.yaml:49:46: E104 event 'troops_stop' has no account 'legend' (it has no account with an id)"),
    ("a map position with no map", "codex.yaml", "    kind: place\n    aka: [factory]",
     "    kind: place\n    map: {x: 3, y: 1}\n    aka: [factory]",
     "codex.yaml:5:10: E118 codex entry 'factory' has a map position but the story has no map.txt"),
]


@pytest.mark.parametrize(("name", "rel", "old", "new", "expected"), MINI_CASES, ids=[c[0] for c in MINI_CASES])
def test_history_keys_are_checked(mini: Path, capsys: pytest.CaptureFixture[str], name: str, rel: str, old: str,
                                  new: str, expected: str) -> None:
    from petrograd1917.cli import main

    path = mini / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert main(["check", "--story", str(mini), "--no-cache"]) == 1
    errors = [line.split(f"{mini}/", 1)[-1] for line in capsys.readouterr().out.splitlines() if " E" in line]
    assert errors == [expected]


def test_map_positions_must_lie_on_the_map(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from petrograd1917.cli import main

    (mini / "map.txt").write_text("~~~~~\n  |  \n", encoding="utf-8")
    path = mini / "codex.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    kind: place\n    aka: [factory]", "    kind: place\n    map: {x: 9, y: 1}\n"
                                 "    aka: [factory]", 1), encoding="utf-8")
    assert main(["check", "--story", str(mini), "--no-cache"]) == 1
    assert "codex.yaml:5:10: E118 map position x 9, y 1 of 'factory' is off the map (5 columns, 2 lines: " \
           "x 0-4, y 0-1)" in capsys.readouterr().out
    path.write_text(text.replace("    kind: place\n    aka: [factory]", "    kind: place\n    map: {x: 2, y: 1}\n"
                                 "    aka: [factory]", 1), encoding="utf-8")
    assert main(["check", "--story", str(mini), "--no-cache"]) == 0
    assert open_machine(mini, use_cache=False).story.codex["factory"].map == (2, 1)
