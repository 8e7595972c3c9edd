"""Shared fixtures: every test runs with its own cache, data and config folders."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    # A MonkeyPatch of its own: a test's `monkeypatch.undo()` must not put the user's real folders back.
    base = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")):
            mp.setenv(var, str(base / sub))
        mp.delenv("PETROGRAD1917_CACHE", raising=False)
        mp.delenv("PETROGRAD1917_CONFIG", raising=False)
        mp.delenv("PETROGRAD1917_SAVES", raising=False)
        # Snapshots change with these; the suite sets its own theme (the default) and colours.
        mp.delenv("NO_COLOR", raising=False)
        mp.delenv("TEXTUAL_THEME", raising=False)
        yield base


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small test story."""
    dest = tmp_path / "mini"
    shutil.copytree(DATA / "mini", dest)
    return dest
