"""The example saves shipped in saves/: each replays exactly on the shipped story, and they cover what
they promise (a history-faithful play-through per role, and alternate histories)."""

from __future__ import annotations

from pathlib import Path

import pytest

from petrograd1917 import paths
from petrograd1917.cli import main
from petrograd1917.engine.loading import open_machine
from petrograd1917.savegame.loading import replay_save
from petrograd1917.savegame.saveformat import SaveFile

SAVES = sorted(paths.shipped_saves_dir().glob("*.save.yaml"))


@pytest.mark.parametrize("path", SAVES, ids=[p.name for p in SAVES])
def test_every_shipped_save_verifies(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(path), "--verify"]) == 0, capsys.readouterr()


def test_the_examples_cover_each_role_and_alternate_histories() -> None:
    machine = open_machine()
    story = machine.story
    historical: set[str] = set()
    act2: set[str] = set()
    alternate: list[str] = []
    reached: set[str] = set()
    for path in SAVES:
        loaded = replay_save(machine, SaveFile.read(path))
        game = loaded.game
        ending = game.scene.ending
        snap = loaded.save.snapshot
        if ending is None:
            # A play-through to the end of Act II: history followed choice by choice into Act III.
            assert game.scene.act == "rising" and snap.judged and snap.historical == snap.judged, path.name
            act2.add(game.role)
            continue
        if ending.kind == "historical" and snap.judged and snap.historical == snap.judged:
            historical.add(game.role)
        reached.add(ending.id)
        if ending.kind == "alternate":
            alternate.append(ending.id)
    assert historical == set(story.roles), "every role needs a play-through that follows history choice by choice"
    assert act2 == set(story.roles), "every role needs a history-faithful play-through to the end of Act II"
    endings = {s.ending.id for s in story.scenes.values() if s.ending and s.ending.kind == "alternate"}
    assert set(alternate) == endings, "every alternate ending needs an example save"
    assert reached == {s.ending.id for s in story.scenes.values() if s.ending}, "every ending needs an example save"
