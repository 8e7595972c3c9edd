"""Shared fixtures: every test runs with its own cache, data and config folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")):
        monkeypatch.setenv(var, str(base / sub))
    monkeypatch.delenv("PETROGRAD1917_CACHE", raising=False)
    monkeypatch.delenv("PETROGRAD1917_CONFIG", raising=False)
    monkeypatch.delenv("PETROGRAD1917_SAVES", raising=False)
    # Snapshots change with these; the suite sets its own theme (the default) and colours.
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    return base


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small test story."""
    dest = tmp_path / "mini"
    shutil.copytree(DATA / "mini", dest)
    return dest
