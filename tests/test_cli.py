"""The command line: check and stats, the story inside a built wheel, options alone meaning play,
--version, play --help, record and codex look-ups, and replay transcripts (the story cache: test_cache.py)."""

from __future__ import annotations

import argparse
import json
import os
import re
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
    assert not [n for n in names if n.endswith(".bak")]  # the atomic writer's backups stay home
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


# --- the command line as a player meets it (issue 11) ------------------------------------------------


def test_options_alone_mean_play_and_main_never_reads_the_hosts_argv(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from petrograd1917 import cli

    seen: list[argparse.Namespace] = []
    monkeypatch.setitem(cli.SUBCOMMANDS, "play", lambda args: seen.append(args) or 0)
    monkeypatch.setattr(sys, "argv", ["petrograd1917", "check", "--strict"])
    assert main([]) == 0
    assert seen[-1].command == "play" and seen[-1].story is None  # not the host's 'check --strict'
    assert main(["--plain", "--story", str(mini)]) == 0
    assert seen[-1].plain and seen[-1].story == mini
    assert main(["--story", str(mini)]) == 0 and seen[-1].command == "play" and not seen[-1].plain


def test_options_alone_play_in_a_real_process(mini: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "petrograd1917", "--plain", "--story", str(mini), "--seed", "1"],
                          input="2\n", capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Who are you?" in proc.stdout and "You are a sailor." in proc.stdout


def test_play_help_lists_the_role_ids(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["play", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for role in ("worker", "sailor", "volunteer"):
        assert re.search(rf"^  {role} +\S", out, re.M), out


def test_version_says_which_is_the_program_and_which_the_story(capsys: pytest.CaptureFixture[str]) -> None:
    from petrograd1917 import __version__

    with pytest.raises(SystemExit):
        main(["--version"])
    out = capsys.readouterr().out
    assert f"the program: petrograd1917 {__version__}" in out
    assert "the story: Petrograd 1917, version 1.0.0" in out


def test_record_finds_by_words_and_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["record", "krymov"]) == 0
    out = capsys.readouterr().out
    assert "kornilov_orders_krymov" in out and "krymov_halted_at_luga" in out
    assert "moscow_state_conference" not in out  # only the events that match
    assert main(["record", "kornilov_arestd"]) == 1
    assert "(did you mean 'kornilov_arrested'?)" in capsys.readouterr().err


def test_codex_see_also_gives_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codex", "kornilov"]) == 0
    out = capsys.readouterr().out
    see = " ".join(out[out.index("See also:"):].split("In the record:")[0].split())
    assert "Krymov" in see and "krymov" not in see and "_" not in see


def test_replay_transcript_is_the_play_through_as_read(capsys: pytest.CaptureFixture[str]) -> None:
    """The done-when of issue 10: the whole play-through's prose, to the ending and the report."""
    from petrograd1917.engine.game import Game
    from petrograd1917.engine.loading import open_machine
    from petrograd1917.savegame.saveformat import SaveFile

    save_path = ROOT / "saves" / "worker-history.save.yaml"
    assert main(["replay", str(save_path), "--transcript"]) == 0
    md = capsys.readouterr().out
    save = SaveFile.read(save_path)
    game = Game.replay(open_machine(), save.role, save.seed, save.log)
    scenes = [game.story.scenes[s] for s in game.path]
    journal = game.journal()
    for n, (scene, read) in enumerate(zip(scenes, journal, strict=True), 1):
        assert f"## {n}. {scene.title}" in md
        assert read.text.strip() in md  # every scene's text, as it read then
    for entry in journal[:-1]:
        assert f"**You chose:** {entry.choice_text}" in md
        if entry.outcome_text:
            assert entry.outcome_text.strip() in md
    # A note for each choice weighed against the record (a choice that only tells an account has none).
    assert md.count("> **History:") == sum(1 for e in journal if e.choice and e.choice.history and e.choice.history.verdict)
    assert "**What really happened:**" in md
    repeated = game.story.events["workers_armed"]  # weighed against more than once on this path
    assert md.count(f"*{repeated.title}*, ") > 1 and md.count(repeated.summary) == 1  # told once
    ending = scenes[-1].ending
    assert ending is not None and f"**The end: {ending.title}**" in md
    assert md.index(journal[-1].text.strip()) < md.index("the end report") < md.index("Your path beside the record")


def test_replay_transcript_as_text_is_clean_and_wrapped(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    assert main(["replay", "worker-history", "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "You chose: " in text and "What really happened: " in text
    assert not re.search(r"\*|^\s*#|\]\(|`|^\s*>", text, re.M)
    assert max(len(line) for line in text.splitlines()) <= 72
    assert main(["replay", "worker-history", "--report", "--format", "text"]) == 0
    report = capsys.readouterr().out
    assert "Your path beside the record" in report and "**" not in report
    assert max(len(line) for line in report.splitlines()) <= 72
