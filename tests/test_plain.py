"""The plain line mode: deterministic scripted play, commands, clean end of input, no escape codes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from petrograd1917.engine.game import Game
from petrograd1917.engine.loading import open_machine
from petrograd1917.plain import PlainSession
from petrograd1917.savegame.session import PlaySession
from petrograd1917.savegame.store import SaveStore, saves_dir as game_saves


def play(args: list[str], script: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    return subprocess.run([sys.executable, "-m", "petrograd1917", "play", "--plain", *args], input=script,
                          capture_output=True, text=True, env=env, timeout=60)


def history_script(role: str) -> tuple[int, str]:
    """The numbers a player types to follow the shipped history-faithful save of `role`."""
    from petrograd1917 import paths
    from petrograd1917.savegame.saveformat import SaveFile

    machine = open_machine()
    save = SaveFile.read(paths.shipped_saves_dir() / f"{role}-history.save.yaml")
    game = Game.new(machine, save.role, save.seed)
    numbers = []
    for entry in save.log:
        numbers.append(next(c.number for c in game.choices() if c.id == entry.choice))
        game.choose(entry.choice, entry.outcome)
    return save.seed, "".join(f"{n}\n" for n in numbers)


def test_scripted_play_is_deterministic_and_reaches_an_ending() -> None:
    seed, script = history_script("worker")
    first = play(["--role", "worker", "--seed", str(seed)], script)
    second = play(["--role", "worker", "--seed", str(seed)], script)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert "THE END:" in first.stdout and "(historical ending)" in first.stdout
    assert "27 August 1917 O.S. (9 September 1917 N.S.), 17:00" in first.stdout
    assert "\x1b" not in first.stdout


def test_mini_story_shows_closed_choices_and_handles_commands(mini: Path) -> None:
    game = Game.new(open_machine(mini, use_cache=False), "sailor", 5)
    game.values["nerve"] = 1
    out = io.StringIO()
    PlainSession(PlaySession(game, SaveStore(game_saves())), io.StringIO("help\nxyzzy\n1\n9\nlook\n2\n"), out).run()
    text = out.getvalue()
    assert "1. (closed: You lack the nerve) Go ashore" in text
    assert "Type the number of a choice" in text
    assert "Unknown command 'xyzzy'. Type a number from 1 to 2, or 'help'." in text
    assert "That choice is not open to you: You lack the nerve." in text
    assert "Choose a number from 1 to 2." in text
    assert text.count("== The ship ==") == 2  # 'look' showed it again
    assert "== The road ==" in text
    assert text.rstrip().endswith("Goodbye.")


def test_end_of_input_and_quit_exit_cleanly() -> None:
    for script in ("", "quit\n"):
        proc = play(["--seed", "1"], script)
        assert proc.returncode == 0
        assert "Goodbye." in proc.stdout
        assert proc.stderr == ""


def test_bad_role_is_a_message_not_a_traceback() -> None:
    proc = play(["--role", "cook"], "")
    assert proc.returncode == 2
    assert "unknown role 'cook'" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_command_line_is_a_usage_message() -> None:
    proc = subprocess.run([sys.executable, "-m", "petrograd1917", "play", "--seed", "x"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "invalid int value" in proc.stderr and "Traceback" not in proc.stderr
