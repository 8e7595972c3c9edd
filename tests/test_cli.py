"""check and stats on the command line, and the story inside a built wheel (the story cache: test_cache.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from petrograd1917.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_stats_json_counts(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--story", str(mini), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("scenes", "choices", "endings", "roles")} == {
        "scenes": 5, "choices": 6, "endings": 2, "roles": 2}
    assert data["words"] == 6 + 5 + 4 + 2 + 2  # the five scene texts
    assert main(["stats", "--story", str(mini)]) == 0
    assert "scenes: 5" in capsys.readouterr().out


def test_wheel_carries_the_story(tmp_path: Path) -> None:
    """A non-editable install finds the shipped story from an unrelated directory."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist),
                    str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("petrograd1917-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "petrograd1917/campaign/story.yaml" in names
    assert any(n.startswith("petrograd1917/example_saves/") and n.endswith(".save.yaml") for n in names)
    # A fresh venv holding only the unpacked wheel; dependencies come from this venv's site-packages
    # through a plain path (which does not pick up this checkout's editable install).
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    site = next(env_dir.glob("lib/python3*/site-packages"))
    zipfile.ZipFile(wheel).extractall(site)
    deps = next(Path(sys.prefix).glob("lib/python3*/site-packages"))
    (site / "deps.pth").write_text(str(deps) + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run([str(env_dir / "bin" / "python"), "-c",
                           "import petrograd1917, sys; from petrograd1917.cli import main; "
                           "print(petrograd1917.__file__); sys.exit(main(['check']))"],
                          cwd=elsewhere, capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PETROGRAD1917_STORY")})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert str(site) in proc.stdout  # it ran the installed copy, not the checkout
    assert "no errors" in proc.stdout
