"""Shared fixtures and helpers: every test runs with its own cache, data and config folders; `edit` and
`run_check` (imported as `from conftest import ...`) change a story copy and check it as an author would."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from petrograd1917.cli import main
from petrograd1917.engine.loading import open_machine
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.savegame.store import SaveStore

DATA = Path(__file__).parent / "data"


def _private_env(mp: pytest.MonkeyPatch, base: Path) -> None:
    for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")):
        mp.setenv(var, str(base / sub))
    mp.delenv("PETROGRAD1917_CACHE", raising=False)
    mp.delenv("PETROGRAD1917_CONFIG", raising=False)
    mp.delenv("PETROGRAD1917_SAVES", raising=False)
    # Snapshots change with these; the suite sets its own theme (the default) and colours.
    mp.delenv("NO_COLOR", raising=False)
    mp.delenv("TEXTUAL_THEME", raising=False)


@pytest.fixture(scope="session")
def campaign_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, StoryMachine]:
    """The shipped campaign, read and validated once a session: its machine, and the folder whose
    cache holds it. (Every test that reads the campaign from files still gets it from that cache, as
    a player's second start does; `check` on the campaign, which never uses the cache, is tested too.)"""
    base = tmp_path_factory.mktemp("campaign-home")
    with pytest.MonkeyPatch.context() as mp:
        _private_env(mp, base)
        machine = open_machine()
    return base / "cache" / "petrograd1917", machine


@pytest.fixture
def campaign(campaign_home: tuple[Path, StoryMachine]) -> StoryMachine:
    """The shipped campaign's machine, shared by the tests (a machine is never changed by a game)."""
    return campaign_home[1]


@pytest.fixture(autouse=True)
def private_dirs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                 campaign_home: tuple[Path, StoryMachine]) -> Iterator[Path]:
    # A MonkeyPatch of its own: a test's `monkeypatch.undo()` must not put the user's real folders back.
    base = tmp_path_factory.mktemp("home")
    # The campaign's cache entry is copied in: a program started on it (or the CLI run in-process)
    # reads it warm rather than spending half a second reading it cold in every test. Tests of the
    # cache folder itself start with none (@pytest.mark.no_cache_folder).
    if request.node.get_closest_marker("no_cache_folder") is None:
        shutil.copytree(campaign_home[0], base / "cache" / "petrograd1917")
    with pytest.MonkeyPatch.context() as mp:
        _private_env(mp, base)
        yield base


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small test story."""
    dest = tmp_path / "mini"
    shutil.copytree(DATA / "mini", dest)
    return dest


@pytest.fixture
def machine(mini: Path) -> StoryMachine:
    """The small test story's machine, read from its copy without the cache."""
    return open_machine(mini, use_cache=False)


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    """An empty folder of saves."""
    return SaveStore(tmp_path / "saves")


def edit(root: Path, rel: str, old: str | None, new: str) -> None:
    """Change a copied story's file `rel`: its first `old` becomes `new` (`old` None: the whole file)."""
    path = root / rel
    if old is None:
        path.write_text(new, encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`petrograd1917 check` on a story, without the cache: its exit code and all it printed."""
    code = main(["check", "--story", str(root), "--no-cache"])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    return code, text
