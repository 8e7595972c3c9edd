"""Saves and settings against hostile or damaged files: no file stops the listing or the game, nothing
is overwritten without asking, leftovers are cleaned, the crash log never follows a link; autosaves
per story and role; the session autosaves by itself."""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from conftest import edit
from petrograd1917 import atomicfile, cli, paths
from petrograd1917.atomicfile import clean_stale
from petrograd1917.engine.game import Game, GameError
from petrograd1917.engine.loading import open_machine
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.filecheck import Refused
from petrograd1917.savegame import saveformat
from petrograd1917.savegame.loading import replay_save
from petrograd1917.savegame.saveformat import SaveError, SaveFile
from petrograd1917.savegame.session import PlaySession
from petrograd1917.savegame.slots import describe_slot
from petrograd1917.savegame.store import SaveStore, SlotTaken, autosave_name, find_save
from petrograd1917.settings import Settings


@pytest.fixture
def ticking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each save is stamped one second after the one before, so 'newest' is never a tie."""
    seconds = itertools.count()
    monkeypatch.setattr(saveformat, "now", lambda: f"2026-11-07T10:{next(seconds):02d}:00Z")


def played(machine: StoryMachine, *choices: str, role: str = "worker", seed: int = 3) -> Game:
    game = Game.new(machine, role, seed)
    for c in choices:
        game.choose(c)
    return game


def finishes(work: Callable[[], Any], unblock: Callable[[], None] = lambda: None) -> Any:
    """Run `work` in a thread; fail (rather than hang the suite) if it is still blocked after a minute.
    This guards against a hang; it measures nothing."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as e:  # noqa: BLE001 - raised again in the test's own thread
            result["error"] = e

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(60)
    if thread.is_alive():
        unblock()
        pytest.fail("blocked: it waited on the file instead of refusing it")
    if "error" in result:
        raise result["error"]
    return result.get("value")


def open_fifo_writer(fifo: Path) -> Callable[[], None]:
    """Unblocks a reader stuck on `fifo` (the old code): a writer that opens and closes it."""
    def unblock() -> None:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    return unblock


# --- one bad file never stops the listing (issue 12, item 3) ----------------------------------------


def hostile_saves(folder: Path, good: str) -> dict[str, str]:
    """Write the attack corpus beside a good save; returns name -> what its reason must say."""
    (folder / "fifo.save.yaml").parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "fifo.save.yaml")
    (folder / "zero.save.yaml").symlink_to("/dev/zero")
    (folder / "link.save.yaml").symlink_to(folder / "good.save.yaml")
    with open(folder / "huge.save.yaml", "wb") as f:
        f.truncate(17 * 1024 * 1024)  # sparse: 17 MB without using the disk
    (folder / "folder.save.yaml").mkdir()
    (folder / "bigint.save.yaml").write_text(good.replace("seed: 3", "seed: " + "9" * 4301))
    (folder / "outcome.save.yaml").write_text(good.replace("- gate > arm", "- gate > arm > outcome " + "1" * 4301))
    return {"fifo": "not a regular file", "zero": "symbolic link", "link": "symbolic link",
            "huge": "larger than 16 MB", "folder": "not a regular file", "bigint": "", "outcome": "S002"}


def test_one_bad_file_never_stops_the_listing(machine: StoryMachine, store: SaveStore) -> None:
    good = store.write(SaveFile.of(played(machine, "arm"), "Good"), "good").read_text()
    (store.folder / "future.save.yaml").write_text(good.replace("updated: '", "updated: '9999-12-31T23:59:59-14:00' #"))
    (store.folder / "fidelity.save.yaml").write_text(
        # As large as a save's integers may be (18 digits: spec.MAX_INT_DIGITS; longer is a located E118).
        good.replace("historical: 1", "historical: " + "9" * 17).replace("judged: 1", "judged: " + "9" * 18))
    bad = hostile_saves(store.folder, good)
    slots = finishes(store.slots, open_fifo_writer(store.folder / "fifo.save.yaml"))
    by_name = {s.name: s for s in slots}
    assert set(by_name) == {"good", "future", "fidelity", *bad}
    for name, reason in bad.items():
        assert by_name[name].save is None, name
        assert reason in by_name[name].problem, (name, by_name[name].problem)
        assert describe_slot(machine.story, by_name[name]).startswith(f"{name}: unreadable ("), name
    assert all(s.save is None for s in slots[-len(bad):])  # the unreadable ones last
    assert "saved 9999-12-31T23:59:59-14:00" in describe_slot(machine.story, by_name["future"])
    assert "fidelity 10%" in describe_slot(machine.story, by_name["fidelity"])
    assert store.latest() is not None


def test_loading_a_bad_file_by_name_is_a_clear_error(machine: StoryMachine, store: SaveStore) -> None:
    good = store.write(SaveFile.of(played(machine, "arm"), "Good"), "good").read_text()
    hostile_saves(store.folder, good)
    unblock = open_fifo_writer(store.folder / "fifo.save.yaml")
    for name in ("fifo", "zero", "huge", "bigint", "outcome", "link", "folder"):
        with pytest.raises(SaveError):  # not a hang, a MemoryError, a ValueError...
            finishes(partial(store.read, name), unblock)
    with pytest.raises(SaveError, match="S003 cannot read this save: it is not a regular file"):
        finishes(lambda: SaveFile.read(store.folder / "fifo.save.yaml"), unblock)  # as the app opens a listed one
    with pytest.raises(SaveError, match="S003 cannot read this save: it is larger than 16 MB"):
        SaveFile.read(store.folder / "huge.save.yaml")


def test_a_save_cannot_write_escape_sequences_to_the_saves_list(machine: StoryMachine, store: SaveStore) -> None:
    store.write(SaveFile.of(played(machine, "arm"), "\x1b]0;PWNED\x07 title\x1b[2J"), "escapes")
    line = describe_slot(machine.story, store.slots()[0])
    assert "\x1b" not in line and "\x07" not in line and "PWNED" in line


# --- settings (issue 12, item 8) -------------------------------------------------------------------


def test_deeply_nested_settings_fall_back_to_defaults_and_say_so_once() -> None:
    file = Settings.file()
    file.parent.mkdir(parents=True)
    file.write_text("[" * 100_000)
    assert Settings.load() == Settings()  # no RecursionError at start
    file.write_text('{"theme": "x", "text_width": ' + "[" * 100_000)
    settings, message = Settings.read()
    assert settings == Settings() and "not valid" in message and "settings.json.bad" in message
    assert file.with_name("settings.json.bad").read_text().startswith('{"theme": "x"')  # kept, not lost
    assert Settings.read() == (Settings(), "")  # said once
    file.write_text('{"theme": "tsar", "text_width": true, "animations": 1}')
    assert Settings.read() == (Settings(theme="tsar"), "")  # wrong types fall back one by one


def test_a_settings_file_that_is_a_fifo_does_not_hang_the_start() -> None:
    file = Settings.file()
    file.parent.mkdir(parents=True)
    os.mkfifo(file)
    settings, message = finishes(Settings.read, open_fifo_writer(file))
    assert settings == Settings() and "not a regular file" in message


# --- leftovers of killed and concurrent writes (issue 12, item 8) ------------------------------------


def test_stale_temporary_files_are_cleaned_only_when_ours_and_old(tmp_path: Path) -> None:
    ours = [".slot.save.yaml.k3x9_a0b.tmp", ".slot.save.yaml.0f3e2d1c.tmp.bak", ".settings.json.abcdefgh.tmp"]
    not_ours = ["notes.tmp", ".slot.save.yaml.tmp", ".slot.save.yaml.TOOLONG12.tmp", "slot.save.yaml"]
    for name in ours + not_ours:
        (tmp_path / name).write_text("x")
    (tmp_path / ".link.save.yaml.abcdefgh.tmp").symlink_to(tmp_path / "slot.save.yaml")
    assert clean_stale(tmp_path) == 0  # in use: written just now
    assert clean_stale(tmp_path, now=time.time() + 2 * atomicfile.STALE_AFTER) == len(ours)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(not_ours + [".link.save.yaml.abcdefgh.tmp"])


def test_writing_a_slot_cleans_what_killed_writers_left(machine: StoryMachine, store: SaveStore,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    store.folder.mkdir(parents=True)
    (store.folder / ".slot.save.yaml.abcdefgh.tmp").write_text("half a save")
    monkeypatch.setattr(atomicfile, "STALE_AFTER", 0.0)
    store.write(SaveFile.of(played(machine, "arm")), "slot")
    assert sorted(p.name for p in store.folder.iterdir()) == ["slot.save.yaml"]


def test_a_concurrent_writer_leaves_no_backup_link_behind(machine: StoryMachine, store: SaveStore) -> None:
    path = store.write(SaveFile.of(played(machine, "arm")), "slot")
    backup = path.with_name(path.name + ".bak")
    os.link(path, backup)  # as another writer leaves it: NAME.bak already the very file we link
    store.write(SaveFile.of(played(machine, "arm", "gamble")), "slot")
    assert sorted(p.name for p in store.folder.iterdir()) == ["slot.save.yaml", "slot.save.yaml.bak"]
    assert len(SaveFile.read(path).log) == 2 and len(SaveFile.read(backup).log) == 1


# --- labels that map to one slot (issue 12, item 8) -------------------------------------------------


def test_labels_that_share_a_slot_are_not_overwritten_without_asking(machine: StoryMachine, store: SaveStore) -> None:
    session = PlaySession(played(machine, "arm"), store)
    first = session.save_as("Before the Palace")
    before = first.read_bytes()
    for other in ("before the palace!", "BEFORE THE PALACE", "Before the Palace."):
        with pytest.raises(SlotTaken) as caught:
            session.save_as(other)
        assert (caught.value.name, caught.value.existing) == ("before-the-palace", "Before the Palace")
        assert "already holds the save 'Before the Palace'" in str(caught.value)
    assert first.read_bytes() == before
    session.game.choose("gamble")
    assert session.save_as("Before the Palace") == first  # the same label: the same save, saved again
    assert session.save_as("before the palace!", overwrite=True) == first  # the player said yes
    assert SaveFile.read(first).label == "before the palace!"
    long = "x" * 64
    session.save_as(long + " one")
    with pytest.raises(SlotTaken):
        session.save_as(long + " two")
    (store.folder / "broken.save.yaml").write_text("not: [a save")
    with pytest.raises(SlotTaken, match="holds an unreadable save") as unreadable:
        session.save_as("Broken")
    assert unreadable.value.existing is None


def test_a_players_save_cannot_take_an_autosave_slot(machine: StoryMachine, store: SaveStore) -> None:
    session = PlaySession(played(machine, "arm"), store)
    for label in ("autosave", "Autosave mini worker", "AUTOSAVE-mini-sailor"):
        with pytest.raises(ValueError, match="kept for the automatic saves"):
            session.save_as(label)


# --- the crash log (issue 12, item 1) ---------------------------------------------------------------


def crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(args: object) -> int:
        raise RuntimeError("boom")
    monkeypatch.setitem(cli.SUBCOMMANDS, "stats", boom)


@pytest.mark.no_cache_folder  # the crash log goes in the cache folder
def test_the_crash_log_never_follows_a_planted_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = paths.cache_dir()
    folder.mkdir(parents=True, mode=0o700)
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    (folder / "crash.log").symlink_to(victim)
    crash(monkeypatch)
    assert cli.main(["stats"]) == 70
    assert f"details in {folder / 'crash.log'}" in capsys.readouterr().err
    assert victim.read_text() == "keep me"
    assert not (folder / "crash.log").is_symlink() and "RuntimeError: boom" in (folder / "crash.log").read_text()


@pytest.mark.no_cache_folder
@pytest.mark.parametrize("how", ["writable by others", "a link to another folder"])
def test_the_crash_log_is_written_only_in_a_private_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str], how: str) -> None:
    folder = paths.cache_dir()
    folder.parent.mkdir(parents=True)
    if how == "writable by others":
        folder.mkdir()
        folder.chmod(0o777)
    else:
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir(mode=0o700)
        folder.symlink_to(elsewhere)
    with pytest.raises(Refused):
        paths.write_crash_log("text")
    crash(monkeypatch)
    assert cli.main(["stats"]) == 70
    err = capsys.readouterr().err
    assert "internal error: RuntimeError('boom')" in err and "details in" not in err
    assert not os.path.lexists(folder / "crash.log") and not any(p.name.startswith(".crash") for p in folder.iterdir())


# --- autosaves per story and per role (issue 11, item 4) ----------------------------------------------


def other_story(mini: Path, tmp_path: Path) -> StoryMachine:
    """The same scenes as another story: another id, as an author's copy would have."""
    import shutil

    root = tmp_path / "other"
    shutil.copytree(mini, root)
    edit(root, "story.yaml", "id: mini", "id: other")
    return open_machine(root, use_cache=False)


@pytest.mark.usefixtures("ticking")
def test_each_story_and_role_keeps_its_own_autosave(machine: StoryMachine, store: SaveStore, mini: Path,
                                                    tmp_path: Path) -> None:
    worker = PlaySession(Game.new(machine, "worker", 3), store)
    worker.choose("arm")
    sailor = PlaySession(Game.new(machine, "sailor", 3), store)
    sailor.choose(1)
    other = PlaySession(Game.new(other_story(mini, tmp_path), "worker", 3), store)
    other.choose("arm")
    other.choose("gamble")
    names = sorted(p.name for p in store.folder.glob("*.save.yaml"))
    assert names == ["autosave-mini-sailor.save.yaml", "autosave-mini-worker.save.yaml",
                     "autosave-other-worker.save.yaml"]
    assert [(s.save.role, len(s.save.log)) for s in store.autosaves("mini") if s.save] == [("sailor", 1), ("worker", 1)]
    assert store.to_continue("mini").name == "autosave-mini-sailor"  # type: ignore[union-attr]
    assert store.to_continue("other").name == "autosave-other-worker"  # type: ignore[union-attr]
    assert [s.name for s in store.slots("other")] == ["autosave-other-worker"]
    fresh = PlaySession(Game.new(machine, "worker", 5), store)  # a new worker's game, no choice yet
    fresh.close()
    assert len(SaveFile.read(store.path("autosave-mini-worker")).log) == 1  # the old one is still there


def test_an_autosave_name_fits_a_slot_and_stays_apart() -> None:
    assert autosave_name("petrograd1917", "worker") == "autosave-petrograd1917-worker"
    long_a, long_b = autosave_name("s" * 40, "r" * 40 + "a"), autosave_name("s" * 40, "r" * 40 + "b")
    assert len(long_a) <= 64 and long_a != long_b


@pytest.mark.usefixtures("ticking")
def test_the_single_autosave_of_old_versions_keeps_loading(machine: StoryMachine, store: SaveStore) -> None:
    legacy = store.write(SaveFile.of(played(machine, "arm"), "Autosave: A worker"), "autosave")
    store.write(SaveFile.of(played(machine, "arm", "gamble")), "autosave")  # and its backup
    [slot] = store.autosaves("mini")
    assert slot.name == "autosave-mini-worker" and not legacy.exists()
    assert store.path("autosave-mini-worker").with_name("autosave-mini-worker.save.yaml.bak").is_file()
    assert replay_save(machine, SaveFile.read(slot.path)).exact
    # When the role already has its own autosave, the old one stays where it is and still loads.
    store.write(SaveFile.of(played(machine, "stay", role="sailor")), "autosave")
    PlaySession(played(machine, "ashore", role="sailor"), store).close()
    assert [s.name for s in store.autosaves("mini")] == ["autosave-mini-sailor", "autosave-mini-worker"]
    assert store.path("autosave").is_file() and store.read("autosave").role == "sailor"


# --- the session autosaves by itself (issue 12, one place for each rule) ---------------------------------


def test_choices_and_undo_autosave_through_the_session(machine: StoryMachine, store: SaveStore) -> None:
    session = PlaySession(Game.new(machine, "worker", 3), store)
    slot = store.path(session.autosave_slot)
    session.choose("arm")
    assert len(SaveFile.read(slot).log) == 1
    session.choose(1)  # by the number the player sees
    assert len(SaveFile.read(slot).log) == 2
    with pytest.raises(GameError):
        session.choose(9)
    assert session.undo() and len(SaveFile.read(slot).log) == 1
    assert session.undo() and SaveFile.read(slot).log == []  # undone to the start: kept so
    assert not session.undo()


def test_autosave_later_waits_for_flush_and_close(machine: StoryMachine, store: SaveStore) -> None:
    session = PlaySession(Game.new(machine, "worker", 3), store, autosave_later=True)
    slot = store.path(session.autosave_slot)
    session.choose("arm")
    assert not slot.exists() and session.unsaved
    assert session.flush() == slot and not session.unsaved
    assert session.flush() is None  # nothing new
    session.close()  # leaving always writes: the play time moves on
    assert len(SaveFile.read(slot).log) == 1


def test_a_failed_autosave_warns_and_keeps_the_choice(machine: StoryMachine, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    heard: list[str] = []
    session = PlaySession(Game.new(machine, "worker", 3), SaveStore(blocked), warn=heard.append)
    session.choose("arm")
    assert session.game.state == "road"
    assert len(heard) == 1 and heard[0].startswith("Autosave failed: could not save")
    assert session.autosave_error is not None


# --- finding a save by name: one rule ----------------------------------------------------------------


def test_find_save_looks_in_my_saves_then_the_examples(machine: StoryMachine, store: SaveStore,
                                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    examples = SaveStore(tmp_path / "examples", read_only=True)
    SaveStore(examples.folder).write(SaveFile.of(played(machine, "arm")), "shared")
    SaveStore(examples.folder).write(SaveFile.of(played(machine, "arm")), "only-example")
    mine = store.write(SaveFile.of(played(machine, "arm")), "shared")
    assert find_save("Shared", store, examples) == mine
    assert find_save("only example", store, examples) == examples.path("only-example")
    assert find_save("nothing", store, examples) is None
    loose = tmp_path / "loose.save.yaml"
    loose.write_text("x")
    assert find_save(str(loose), store, examples, files=True) == loose
    with pytest.raises(ValueError):
        find_save("..", store, examples)
    monkeypatch.setattr(paths, "shipped_saves_dir", lambda: examples.folder)
    assert find_save("only-example", store) == examples.path("only-example")


# --- the tests themselves never touch the user's folders (issue 11, item 12) -----------------------------


def test_undoing_a_tests_monkeypatch_keeps_the_private_folders(private_dirs: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PETROGRAD1917_SAVES", "/somewhere")
    monkeypatch.undo()
    for folder in (paths.cache_dir(), paths.data_dir(), paths.config_dir()):
        assert folder.is_relative_to(private_dirs), folder
