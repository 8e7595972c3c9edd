"""The story cache: used when it may be trusted, ignored otherwise, and never a way to run code."""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from petrograd1917 import paths
from petrograd1917.engine import loading
from petrograd1917.engine.game import Game
from petrograd1917.story import cache, codec
from petrograd1917.story import loader as story_loader
from petrograd1917.story.files import digest_of, story_files

pytestmark = pytest.mark.no_cache_folder  # each test makes the cache folder it tests


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The story directories read from YAML (a cache hit reads none)."""
    calls: list[Path] = []
    real = story_loader.read_story

    def counting(root: Path, digest: str | None = None):  # type: ignore[no-untyped-def]
        calls.append(root)
        return real(root, digest)

    monkeypatch.setattr(story_loader, "read_story", counting)
    return calls


def entry_of(root: Path) -> Path:
    digest = digest_of(root, [f for part in story_files(root).values() for f in part])
    return paths.cache_dir() / cache.entry_name(loading._cache_key(digest, root))


def key_of(root: Path) -> str:
    digest = digest_of(root, [f for part in story_files(root).values() for f in part])
    return loading._cache_key(digest, root)


def test_cache_is_used_and_a_damaged_one_ignored(mini: Path, reads: list[Path]) -> None:
    first = loading.load(mini).story
    entry = entry_of(mini)
    assert entry.is_file() and list(paths.cache_dir().iterdir()) == [entry]
    assert reads == [mini]
    again = loading.load(mini).story
    assert again is not None and first is not None
    assert again.digest == first.digest and reads == [mini]  # served from the cache
    entry.write_bytes(entry.read_bytes()[:-20] + b"x" * 20)  # damage the payload
    assert loading.load(mini).story.digest == first.digest  # type: ignore[union-attr]
    assert reads == [mini, mini]  # the damaged cache was not trusted


def test_cache_goes_stale_when_a_file_changes(mini: Path) -> None:
    before = loading.load(mini).story
    scene_file = mini / "scenes" / "one.yaml"
    scene_file.write_text(scene_file.read_text().replace("Take a rifle", "Take two rifles"))
    after = loading.load(mini).story
    assert after is not None and before is not None
    assert after.digest != before.digest
    assert after.scenes["gate"].choices[0].text == "Take two rifles"


def test_the_shipped_story_comes_back_from_the_cache_as_it_was_read() -> None:
    fresh = loading.check(use_cache=False)
    loading.check()  # fills the cache
    cached = loading.check()
    assert cached.story is not None and fresh.story is not None
    assert isinstance(cached.story.scenes, codec.LazyScenes)  # really from the cache
    assert list(cached.story.scenes) == list(fresh.story.scenes)
    assert dict(cached.story.scenes) == dict(fresh.story.scenes)
    assert cached.story == fresh.story
    assert cached.problems == fresh.problems


def test_a_cached_story_rebuilds_only_the_scenes_asked_for(mini: Path) -> None:
    loading.load(mini)
    story = loading.load(mini).story
    assert story is not None and isinstance(story.scenes, codec.LazyScenes)
    game = Game.new(loading.load(mini).machine(), "worker", 1)
    game.choose("arm")
    built = game.story.scenes
    assert isinstance(built, codec.LazyScenes)
    assert set(built._ready) <= {"gate", "road", "end_home"}  # where it was, and where it could go
    assert "ship" not in built._ready and len(built) == 5


def test_true_and_one_survive_the_cache(mini: Path) -> None:
    """JSON keeps true and 1 apart, as the model does: `set armed: true` must not come back as 1."""
    loading.load(mini)
    machine = loading.open_machine(mini)
    game = Game.new(machine, "worker", 1)
    game.choose("arm")
    assert game.values["armed"] is True


# --- where the cache may be kept ---------------------------------------------------------------


def test_a_cache_folder_others_can_write_is_never_used(mini: Path, reads: list[Path]) -> None:
    folder = paths.cache_dir()
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    loading.load(mini)
    assert list(folder.iterdir()) == []  # nothing written there
    folder.chmod(0o700)
    loading.load(mini)  # now one is written...
    assert entry_of(mini).is_file()
    folder.chmod(0o777)
    loading.load(mini)  # ...and not read while others can write the folder
    assert reads == [mini, mini, mini]
    folder.chmod(0o770)  # the group writing it is just as bad
    loading.load(mini)
    assert len(reads) == 4


def test_a_cache_folder_owned_by_someone_else_is_never_used(mini: Path, reads: list[Path],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    loading.load(mini)
    assert entry_of(mini).is_file()
    if os.getuid() == 0:
        os.chown(paths.cache_dir(), 65534, -1)  # really someone else's
    else:
        real = os.getuid()
        monkeypatch.setattr(cache.os, "getuid", lambda: real + 1)
    loading.load(mini)
    assert reads == [mini, mini]


def test_a_symlinked_entry_is_not_followed(mini: Path, reads: list[Path], tmp_path: Path) -> None:
    loading.load(mini)
    entry = entry_of(mini)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    target = elsewhere / entry.name
    shutil.move(entry, target)  # a valid entry, the user's own, mode 0600: only reached by a link
    entry.symlink_to(target)
    loading.load(mini)
    assert reads == [mini, mini]


def test_a_fifo_as_entry_neither_hangs_nor_is_used(mini: Path, reads: list[Path]) -> None:
    paths.cache_dir().mkdir(parents=True, mode=0o700)
    os.mkfifo(entry_of(mini), 0o600)
    assert loading.load(mini).story is not None
    assert reads == [mini]


# --- what an entry may say ---------------------------------------------------------------------


def forge(root: Path, body: bytes, *, checksum: bool = True) -> Path:
    """Write an entry under the right name with the right header, as someone who knows the format
    would: only what follows is wrong."""
    entry = entry_of(root)
    entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    check = hashlib.sha256(body).hexdigest() if checksum else "0" * 64
    entry.write_bytes(f"{cache.FORMAT} {key_of(root)}\n{check}\n".encode() + body)
    entry.chmod(0o600)
    return entry


class _Payload:
    """Unpickling this makes a folder: the proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[[str], None], tuple[str]]:
        return os.mkdir, (str(self.marker),)


def test_a_pickle_planted_as_the_entry_is_never_run(mini: Path, reads: list[Path], tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    forge(mini, pickle.dumps(_Payload(marker)))
    story = loading.load(mini).story
    assert not marker.exists()
    assert story is not None and reads == [mini]  # read from YAML instead


def laid_out(scenes: list[object], head: dict[str, object]) -> bytes:
    """What follows the checksum in an entry: where the head starts, the scenes, the head."""
    data = b"".join(marshal.dumps(s) for s in scenes)
    return f"{len(data):012d}\n".encode() + data + marshal.dumps(head)


@pytest.mark.parametrize("body, checksum", [
    (b"not an entry at all", True),  # forged, with a checksum that matches
    (laid_out([], {"story": 1, "problems": [], "scenes": [], "sizes": []}), True),  # the head's outline only
    (laid_out([[1]], {"story": [], "problems": [], "scenes": ["gate"], "sizes": [99]}), True),  # sizes that lie
    (laid_out([[]], {"story": [], "problems": [], "scenes": ["gate"], "sizes": [len(marshal.dumps([]))]}),
     True),  # a story of nothing
    (laid_out([], {"story": [], "problems": [], "scenes": [], "sizes": []}), False),  # a checksum that does not match
])
def test_a_forged_or_garbled_entry_is_ignored(mini: Path, reads: list[Path], body: bytes, checksum: bool) -> None:
    forge(mini, body, checksum=checksum)
    story = loading.load(mini).story
    assert story is not None and story.scenes["gate"].title == "The gate"
    assert reads == [mini]


def test_an_entry_forged_in_the_right_format_would_be_used(mini: Path, reads: list[Path]) -> None:
    """The control for the forgeries above: `forge` itself makes entries the cache accepts."""
    loading.load(mini)
    entry = entry_of(mini)
    rest = entry.read_bytes().split(b"\n", 2)[2]
    entry.unlink()
    forge(mini, rest)
    assert loading.load(mini).story is not None
    assert reads == [mini]  # read once, to fill the cache; then served from the forged entry


def test_a_truncated_entry_is_ignored(mini: Path, reads: list[Path]) -> None:
    loading.load(mini)
    entry = entry_of(mini)
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    assert loading.load(mini).story is not None
    assert reads == [mini, mini]


def test_an_entry_others_can_write_is_ignored(mini: Path, reads: list[Path]) -> None:
    loading.load(mini)
    entry_of(mini).chmod(0o666)
    loading.load(mini)
    assert reads == [mini, mini]


def test_old_entries_are_let_go(mini: Path) -> None:
    """Every edit of a story makes a new entry: only the newest few stay, and the old pickles go."""
    folder = paths.cache_dir()
    folder.mkdir(parents=True, mode=0o700)
    (folder / "story-0123456789abcdef0123456789abcdef.pickle").write_bytes(b"old format")
    (folder / "notes.txt").write_text("not ours")
    scene_file = mini / "scenes" / "one.yaml"
    for i in range(cache.KEEP + 3):
        scene_file.write_text(scene_file.read_text().replace("Take a rifle", f"Take rifle {i}")
                              .replace(f"Take rifle {i - 1}", f"Take rifle {i}"))
        loading.load(mini)
    names = sorted(p.name for p in folder.iterdir())
    assert len([n for n in names if n.endswith(".cache")]) == cache.KEEP
    assert entry_of(mini).name in names  # the newest stays
    assert not any(n.endswith(".pickle") for n in names) and "notes.txt" in names


def test_a_symlinked_cache_folder_is_not_used(mini: Path, reads: list[Path], tmp_path: Path) -> None:
    real = tmp_path / "real-cache"
    real.mkdir(mode=0o700)
    paths.cache_dir().parent.mkdir(parents=True, exist_ok=True)
    paths.cache_dir().symlink_to(real)
    loading.load(mini)
    loading.load(mini)
    assert reads == [mini, mini] and list(real.iterdir()) == []
