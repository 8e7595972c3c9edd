"""Saves: the file format, atomic writes, safe slot names, loading by replay, changed stories, undo, autosave."""

from __future__ import annotations

import errno
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import edit
from petrograd1917.cli import main
from petrograd1917.engine.game import Game
from petrograd1917.engine.loading import open_machine
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.plain import PlainSession
from petrograd1917.savegame.loading import replay_save
from petrograd1917.savegame.saveformat import FORMAT, SaveError, SaveFile
from petrograd1917.savegame.session import PlaySession
from petrograd1917.savegame.store import SaveStore, slot_name

SCENES = "scenes/one.yaml"




def played(machine: StoryMachine, *choices: str, role: str = "worker", seed: int = 3) -> Game:
    game = Game.new(machine, role, seed)
    for c in choices:
        game.choose(c)
    return game


def test_a_log_written_without_yaml_reads_as_yaml_would_write_it() -> None:
    """to_yaml writes a log of plain steps itself, line by line: byte for byte what yaml.dump
    writes, on every shipped save and on made-up logs (long ids, outcomes); lines yaml would fold
    or quote still go through yaml."""
    import yaml

    from petrograd1917 import paths
    from petrograd1917.engine.steps import LogEntry
    from petrograd1917.savegame import saveformat

    def by_yaml(log: list[LogEntry]) -> str:
        lines = [f"{e.scene} > {e.choice}" + (f" > outcome {e.outcome}" if e.outcome is not None else "")
                 for e in log]
        return yaml.dump({"log": lines}, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100)

    rng = random.Random(5)
    logs = [SaveFile.read(p).log for p in sorted(paths.shipped_saves_dir().glob("*.save.yaml"))]
    assert sum(map(len, logs)) > 100
    for _ in range(200):
        ident = lambda: "".join(rng.choice("abcdefghijklmnopqrstuvwxyz_0123456789" if k else "abcdefghijklmnopqrstuvwxyz")  # noqa: E731
                                for k in range(rng.randint(1, 45)))
        logs.append([LogEntry(ident(), ident(), rng.choice([None, 0, 1, 17])) for _ in range(rng.randint(0, 6))])
    for log in logs:
        assert saveformat._dump_log(log) == by_yaml(log)


def test_round_trip_replays_exactly(machine: StoryMachine, store: SaveStore) -> None:
    game = played(machine, "arm", "gamble")
    path = store.write(SaveFile.of(game, "On the road", play_seconds=75), "On the road")
    assert path == store.folder / "on-the-road.save.yaml"
    text = path.read_text()
    assert f"format: {FORMAT}" in text and f"digest: {machine.story.digest}" in text
    assert "- gate > arm" in text and "- road > gamble > outcome " in text
    loaded = replay_save(machine, SaveFile.read(path))
    assert loaded.exact and not loaded.story_changed and loaded.stop is None
    assert (loaded.game.state, loaded.game.values, loaded.game.log) == (game.state, game.values, game.log)
    assert loaded.save.label == "On the road" and loaded.save.play_seconds == 75
    assert loaded.message == "Loaded: 2 choices replayed."


def test_previous_version_is_kept_as_backup(machine: StoryMachine, store: SaveStore) -> None:
    store.write(SaveFile.of(played(machine, "arm")), "slot")
    store.write(SaveFile.of(played(machine, "arm", "gamble")), "slot")
    assert len(SaveFile.read(store.path("slot")).log) == 2
    assert len(SaveFile.read(store.path("slot").with_name("slot.save.yaml.bak")).log) == 1
    assert [p.name for p in store.folder.iterdir() if ".tmp" in p.name] == []


@pytest.mark.parametrize(("label", "name"), [
    ("../../etc/passwd", "etc-passwd"), ("a/b\\c", "a-b-c"), ("Before the Palace!", "before-the-palace"),
    ("..", None), ("   ", None), ("/", None), ("x" * 300, "x" * 64),
])
def test_slot_names_cannot_escape(store: SaveStore, label: str, name: str | None) -> None:
    if name is None:
        with pytest.raises(ValueError):
            slot_name(label)
        return
    assert slot_name(label) == name
    assert store.path(label).parent == store.folder


def test_unwritable_folder_and_full_disk_keep_the_previous_save(machine: StoryMachine, store: SaveStore,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    store.write(SaveFile.of(played(machine, "arm")), "slot")
    before = store.path("slot").read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SaveError, match="the disk is full; the previous save is untouched"):
        store.write(SaveFile.of(played(machine, "arm", "gamble")), "slot")
    monkeypatch.undo()
    assert store.path("slot").read_bytes() == before
    assert [p.name for p in store.folder.iterdir() if ".tmp" in p.name] == []
    blocked = SaveStore(store.folder / "file-not-folder")
    blocked.folder.write_text("I am a file")
    with pytest.raises(SaveError, match="could not save"):
        blocked.write(SaveFile.of(played(machine, "arm")), "x")


def _bad_saves(good: str) -> dict[str, tuple[str, str]]:
    lines = good.splitlines(keepends=True)
    return {
        "empty": ("", "E002 file is empty"),
        "truncated": ("".join(lines[: len(lines) // 2]), "E103"),
        "not yaml": ("format: [unclosed\n", "E004 YAML syntax error"),
        "binary": ("\x00\x01\x02", "E"),
        "unknown version": (good.replace(FORMAT, "petrograd1917-save/9"), "S001 unknown save format"),
        "tampered": (good.replace("nerve: 3", "nerve: 1"), "S020 the save is damaged: its log and its snapshot disagree"),
        "other story": (good.replace("id: mini", "id: other"), "S020 this save is for the story 'other', not 'mini'"),
        "bad log line": (good.replace("- gate > arm", "- gate arm"), "S002 log step 1 is not"),
        "python tag": (good.replace("seed: 3", "seed: !!python/object/apply:os.system ['true']"), "E005"),
    }


def test_bad_saves_get_a_clear_message_naming_the_file(machine: StoryMachine, store: SaveStore, mini: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    good = store.write(SaveFile.of(played(machine, "arm", "gamble")), "good").read_text()
    for name, (text, expected) in _bad_saves(good).items():
        path = store.folder / f"{name.replace(' ', '-')}.save.yaml"
        path.write_text(text)
        code = main(["replay", str(path), "--verify", "--story", str(mini), "--no-cache"])
        out = capsys.readouterr()
        assert code == 1, name
        assert "Traceback" not in out.err
        assert str(path) in out.err or path.name in out.err, (name, out.err)
        assert expected in out.err, (name, out.err)


def test_a_changed_story_replays_as_far_as_it_can(machine: StoryMachine, store: SaveStore, mini: Path) -> None:
    path = store.write(SaveFile.of(played(machine, "arm", "gamble")), "slot")
    edit(mini, SCENES, "    - id: gamble", "    - id: walk")
    changed = open_machine(mini, use_cache=False)
    loaded = replay_save(changed, SaveFile.read(path))
    assert loaded.story_changed and not loaded.exact
    assert loaded.stop is not None and loaded.stop.step == 2
    assert loaded.message == ("The story has changed since this save: replayed 1 of 2 choices; choice 'gamble' "
                              "no longer exists in scene 'road'. You can go on from there.")
    assert loaded.game.state == "road"  # the player goes on from there


def test_a_changed_text_still_replays_exactly(machine: StoryMachine, store: SaveStore, mini: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = store.write(SaveFile.of(played(machine, "arm", "gamble")), "slot")
    edit(mini, SCENES, "The road runs south.", "The road runs south, wet with rain.")
    loaded = replay_save(open_machine(mini, use_cache=False), SaveFile.read(path))
    assert loaded.story_changed and loaded.exact
    assert main(["replay", str(path), "--verify", "--story", str(mini), "--no-cache"]) == 0
    assert "OK, replays exactly" in capsys.readouterr().out


def test_changed_conditions_and_removed_scenes_are_named(machine: StoryMachine, store: SaveStore, mini: Path) -> None:
    path = store.write(SaveFile.of(played(machine, "stay", "gamble", role="sailor")), "s")
    edit(mini, SCENES, "      text: Stay aboard\n", "      text: Stay aboard\n      if: \"nerve > 5\"\n")
    loaded = replay_save(open_machine(mini, use_cache=False), SaveFile.read(path))
    assert loaded.stop is not None
    assert loaded.stop.reason == "choice 'stay' in scene 'ship' is no longer available there"


def test_undo_as_often_as_the_player_likes(machine: StoryMachine, store: SaveStore) -> None:
    session = PlaySession(played(machine, "arm", "gamble"), store)
    assert session.game.is_over
    assert session.undo() and session.game.state == "road" and len(session.game.log) == 1
    assert session.undo() and session.game.state == "gate" and session.game.values["nerve"] == 1
    assert not session.undo()


def test_play_time_and_autosave(machine: StoryMachine, store: SaveStore) -> None:
    now = [100.0]
    session = PlaySession(played(machine, "arm"), store, play_seconds=60, clock=lambda: now[0])
    now[0] += 125
    session.autosave()
    save = SaveFile.read(store.path("autosave-mini-worker"))
    assert save.play_seconds == 185 and save.label == "Autosave: A worker"
    assert store.latest() is not None and store.latest().name == "autosave-mini-worker"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="kept for the automatic save"):
        session.save_as("Autosave")


def test_plain_mode_saves_loads_lists_and_undoes(machine: StoryMachine, store: SaveStore) -> None:
    out = io.StringIO()
    session = PlaySession(Game.new(machine, "worker", 3), store)
    PlainSession(session, io.StringIO("1\nsave my road\nundo\nundo\nsaves\nload my-road\nload ../x\nload nothing\n"),
                 out).run()
    text = out.getvalue()
    assert "Saved as 'my-road'." in text
    assert "You take back your last choice." in text and "There is nothing to undo." in text
    assert "my-road: my road · A worker · The road" in text
    assert "Loaded: 1 choice replayed." in text
    assert "There is no save called 'nothing'." in text
    assert store.path("autosave-mini-worker").is_file()  # after each choice and on leaving
    assert len(SaveFile.read(store.path("autosave-mini-worker")).log) == 1


def test_replay_command_transcript_report_and_formats(machine: StoryMachine, store: SaveStore, mini: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = store.write(SaveFile.of(played(machine, "arm", "gamble"), "A walk"), "walk")
    args = ["--story", str(mini), "--no-cache", "--saves", str(store.folder)]
    assert main(["replay", "walk", *args]) == 0  # a slot name, from the saves folder
    md = capsys.readouterr().out
    assert "# Mini: A walk" in md and "## 1. The gate" in md and "**You chose:** Take a rifle" in md
    assert "> **History: historical ✓:** what happened, or what most people in your place did. Workers took up " \
           "arms." in md
    assert main(["replay", str(path), "--format", "text", *args]) == 0
    assert "You chose: Take a rifle" in capsys.readouterr().out
    assert main(["replay", str(path), "--format", "json", *args]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["scene"] for s in data["steps"]] == ["gate", "road", data["steps"][-1]["scene"]]
    assert main(["replay", str(path), "--report", *args]) == 0
    assert "## Your path beside the record" in capsys.readouterr().out
    assert main(["replay", str(path), "--verify", "--format", "json", *args]) == 0
    assert json.loads(capsys.readouterr().out)["exact"] is True
    assert main(["replay", "no-such-save", *args]) == 2


# One Python loads the story once, then forks a writer for each kill: a fresh single-threaded process
# forks safely, and each writer costs a fork, not a Python start.
WRITER = """
import os
import sys
from pathlib import Path
from petrograd1917.engine.loading import open_machine
from petrograd1917.engine.game import Game
from petrograd1917.savegame.saveformat import SaveFile
from petrograd1917.savegame.store import SaveStore
machine = open_machine(Path(sys.argv[1]), use_cache=False)
store = SaveStore(Path(sys.argv[2]))
games = []
for choices in (["arm"], ["arm", "gamble"], ["home"]):
    g = Game.new(machine, "worker", 3)
    for c in choices:
        g.choose(c)
    games.append(SaveFile.of(g, "x" * 4000))  # a long label makes each write take a while
print("ready", flush=True)
for _ in sys.stdin:  # a line asks for one more writer
    pid = os.fork()
    if pid == 0:
        i = 0
        while True:  # until it is killed
            store.write(games[i % 3], "slot")
            i += 1
    print(pid, flush=True)
    os.waitpid(pid, 0)
    print("gone", flush=True)
"""


def test_killing_a_writer_never_leaves_the_save_unreadable(machine: StoryMachine, store: SaveStore,
                                                            mini: Path) -> None:
    store.write(SaveFile.of(played(machine, "arm")), "slot")
    rng = random.Random(1917)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(mini), str(store.folder)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdin is not None and proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for _ in range(25):
        proc.stdin.write("write\n")
        proc.stdin.flush()
        writer = int(proc.stdout.readline())
        time.sleep(rng.uniform(0.0, 0.05))  # killed at a moment of chance in its writing
        os.kill(writer, signal.SIGKILL)
        assert proc.stdout.readline().strip() == "gone"
        save = SaveFile.read(store.path("slot"))  # whole, old or new: never half-written
        assert replay_save(machine, save).exact
    proc.stdin.close()
    assert proc.wait(30) == 0
    assert SaveFile.read(store.path("slot")).label == "x" * 4000  # the writers did write
