"""Shared fixtures and helpers: every test runs with its own cache, data and config folders; `edit` and
`run_check` (imported as `from conftest import ...`) change a story copy and check it as an author would."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from petrograd1917.cli import main

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
