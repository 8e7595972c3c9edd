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
    alternate = 0
    for path in SAVES:
        loaded = replay_save(machine, SaveFile.read(path))
        game = loaded.game
        ending = game.scene.ending
        assert ending is not None, f"{path.name} does not reach an ending"
        snap = loaded.save.snapshot
        if ending.kind == "historical" and snap.judged and snap.historical == snap.judged:
            historical.add(game.role)
        if ending.kind == "alternate":
            alternate += 1
    assert historical == set(story.roles), "every role needs a play-through that follows history choice by choice"
    assert alternate >= 2
