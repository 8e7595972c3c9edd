"""The authoring tutorial's story is real: its files pass check --strict, quicktest and graph, and it plays."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from petrograd1917.authoring.schema import json_schemas
from petrograd1917.cli import main
from petrograd1917.engine.game import Game, LogEntry
from petrograd1917.engine.loading import open_machine

DOC = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"
BLOCK = re.compile(r"```[a-z]*\n(# file: my-story/(\S+)\n.*?)```", re.S)
SCHEMA_OF = {"story.yaml": "story", "codex.yaml": "codex", "record.yaml": "record", "scenes/branch.yaml": "scenes"}


def tutorial_files() -> dict[str, str]:
    files = {rel: text for text, rel in BLOCK.findall(DOC.read_text(encoding="utf-8"))}
    assert files, "docs/authoring.md has no blocks starting with '# file: my-story/'"
    return files


@pytest.fixture
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tutorial's my-story/ written out, with the working directory its parent (as in the tutorial)."""
    root = tmp_path / "my-story"
    for rel, text in tutorial_files().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return root


def scenes_of(root: Path) -> list[dict]:  # type: ignore[type-arg]
    return yaml.safe_load((root / "scenes" / "branch.yaml").read_text(encoding="utf-8"))


def test_the_tutorial_has_every_file() -> None:
    assert set(tutorial_files()) == set(SCHEMA_OF)


def test_check_strict_passes(story: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--story", str(story), "--strict", "--no-cache"]) == 0, capsys.readouterr().out
    assert "no errors" in capsys.readouterr().out


def test_quicktest_passes(story: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quicktest", "--story", str(story)]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "5 of 5 scenes and 2 of 2 endings reached" in out
    assert "5 of 5 scenes and 2 of 2 endings reached" in DOC.read_text(encoding="utf-8")


def test_graph_mermaid(story: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "--story", str(story), "--format", "mermaid"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("flowchart")
    for scene in scenes_of(story):
        assert scene["title"] in out


def test_stats(story: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--story", str(story)]) == 0
    assert "scenes: 5" in capsys.readouterr().out


def test_the_branch_has_what_the_brief_asks(story: Path) -> None:
    scenes = scenes_of(story)
    plain = [s for s in scenes if "ending" not in s]
    endings = [s for s in scenes if "ending" in s]
    assert len(plain) >= 3 and len(endings) >= 2
    text = (story / "scenes" / "branch.yaml").read_text(encoding="utf-8")
    for key in ("if:", "reason:", "effects:", "history:", "set:", "add:"):
        assert key in text, key
    # A codex word appears in a scene's text, so the game links it.
    codex = yaml.safe_load((story / "codex.yaml").read_text(encoding="utf-8"))
    words = [w for e in codex["entries"] for w in e.get("aka", ())]
    assert any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", s["text"]) for w in words for s in scenes)
    # One act, two variables, one role; one source and one Old Style event with date_ns.
    head = yaml.safe_load((story / "story.yaml").read_text(encoding="utf-8"))
    assert (len(head["acts"]), len(head["variables"]), len(head["roles"])) == (1, 2, 1)
    record = yaml.safe_load((story / "record.yaml").read_text(encoding="utf-8"))
    assert len(record["sources"]) == 1 and len(record["events"]) == 1 and "date_ns" in record["events"][0]


def test_every_path_plays_to_an_ending(story: Path) -> None:
    machine = open_machine(story, use_cache=False)
    role = machine.story.default_role
    endings: set[str] = set()
    closed_seen = judged_taken = False
    todo: list[list[LogEntry]] = [[]]
    while todo:
        log = todo.pop()
        assert len(log) < 20, "a path that does not end"
        game = Game.replay(machine, role, 1, log)
        if game.is_over:
            endings.add(game.scene.ending.id)  # type: ignore[union-attr]
            continue
        views = game.choices()
        assert any(v.available for v in views), f"stuck in {game.state}"
        for v in views:
            if not v.available:
                closed_seen = True
                assert v.reason
                continue
            step = Game.replay(machine, role, 1, log).choose(v.id)
            judged_taken |= step.choice.history is not None
            todo.append([*log, step.entry])
    assert endings == {s.ending.id for s in machine.story.scenes.values() if s.ending}
    assert closed_seen and judged_taken


def test_the_files_obey_the_schema(story: Path) -> None:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))  # type: ignore[arg-type]
    schemas = json_schemas()
    for rel, part in SCHEMA_OF.items():
        data = yaml.load((story / rel).read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - a SafeLoader
        errors = list(jsonschema.Draft202012Validator(schemas[f"{part}.schema.json"]).iter_errors(data))
        assert not errors, f"{rel}: {[e.message for e in errors]}"


def test_the_error_example_is_what_check_says(story: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = DOC.read_text(encoding="utf-8")
    shown = re.search(r"^my-story/scenes/branch\.yaml:\d+:\d+: E122 .*$", doc, re.M)
    assert shown, "the tutorial's error example is missing"
    path = story / "scenes" / "branch.yaml"
    text = path.read_text(encoding="utf-8")
    assert "verdict: historical" in text
    path.write_text(text.replace("verdict: historical", "verdict: historic", 1), encoding="utf-8")
    assert main(["check", "--story", "my-story", "--strict", "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert shown.group(0) in out.splitlines(), out
    assert "1 error(s), 0 warning(s)" in out


# --- chapter 11: the second story, prose that remembers ----------------------------------------

SECOND = re.compile(r"```[a-z]*\n# file: queue-again/(\S+)\n(.*?)```", re.S)


@pytest.fixture
def queue_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "queue-again"
    files = {rel: text for rel, text in SECOND.findall(DOC.read_text(encoding="utf-8"))}
    assert set(files) == {"story.yaml", "codex.yaml", "scenes/queue.yaml"}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return root


def test_the_second_story_checks_clean(queue_again: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--story", str(queue_again), "--strict", "--no-cache"]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "The Queue Again (queue-again): 5 scenes, no errors" in out
    assert "The Queue Again (queue-again): 5 scenes, no errors" in DOC.read_text(encoding="utf-8")


def test_the_second_story_remembers_and_one_role_changes_the_other(queue_again: Path, tmp_path: Path) -> None:
    from petrograd1917.savegame.session import PlaySession
    from petrograd1917.savegame.store import SaveStore

    machine = open_machine(queue_again, use_cache=False)
    store = SaveStore(tmp_path / "saves")
    anna = PlaySession.start(machine, "mother", 1, store)
    assert "A boy in a floury apron" not in anna.game.text
    for choice in ("ask_the_widow", "give_her_your_place"):
        anna.choose(choice)
    assert "the widow has kept your place" in anna.game.text and "You have stood here 2 times" in anna.game.text
    anna.choose("ask_the_widow")
    assert [c.id for c in anna.game.choices()] == ["thank_her"]  # the place is given once
    boy = PlaySession.start(machine, "baker", 1, store)
    boy.choose("hide_a_loaf")
    again = PlaySession.start(machine, "mother", 1, store)
    assert "A boy in a floury apron" in again.game.text
    again.choose("take_the_boys_loaf")
    assert "2 loaves" in again.game.text
    from petrograd1917.engine.view import game_report

    assert [p.fate for p in game_report(again.game).people] == ["Masha eats until she falls asleep at the table."]
