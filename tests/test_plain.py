"""The plain line mode: deterministic scripted play, clean wrapped text, commands, the role asked for,
clean end of input, no escape codes."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from petrograd1917.engine.game import Game
from petrograd1917.engine.loading import open_machine
from petrograd1917.plain import PlainSession, ask_role, role_phrase
from petrograd1917.savegame.session import PlaySession
from petrograd1917.savegame.store import SaveStore
from petrograd1917.savegame.store import saves_dir as game_saves

# What Markdown leaves behind when it is printed raw: emphasis, headings, links, code, quotes.
MARKS = re.compile(r"\*|^\s*#|\]\(|`|^\s*>\s|(?<!\w)_\w+_(?!\w)|codex:|event:", re.M)


def marks(out: str) -> list[str]:
    """Markdown marks left in the output, the prompt lines ('> ' and what was typed) aside."""
    return MARKS.findall("\n".join(line for line in out.splitlines() if not line.startswith("> ")))


def env(**extra: str) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    out.update(extra)
    return out


def play(args: list[str], script: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "petrograd1917", "play", "--plain", *args], input=script,
                          capture_output=True, text=True, env=env(**extra), timeout=120)


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


def test_yes_1_prints_clean_text_no_wider_than_80_columns_and_ends() -> None:
    """The done-when of issue 11: `yes 1 | petrograd1917 play --plain --role sailor --seed 7`."""
    proc = subprocess.run(f"yes 1 | {sys.executable} -m petrograd1917 play --plain --role sailor --seed 7",
                          shell=True, capture_output=True, text=True, env=env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "THE END:" in out and "Your path beside the record" in out  # the ending and its report
    assert "The Aurora lies at the Franco-Russian works" in out  # *Aurora* without its marks
    assert marks(out) == []
    assert max(len(line) for line in out.splitlines()) <= 80
    assert out.rstrip().endswith("The story is over.\nGoodbye.")  # numbers after the end end the script


def test_lines_follow_columns() -> None:
    seed, script = history_script("volunteer")
    out = play(["--role", "volunteer", "--seed", str(seed)], script + "status\ncodex Kornilov\ntimeline\n",
               COLUMNS="50").stdout
    assert max(len(line) for line in out.splitlines()) <= 50
    assert marks(out) == []


def test_mini_story_shows_closed_choices_and_handles_commands(mini: Path) -> None:
    game = Game.new(open_machine(mini, use_cache=False), "sailor", 5)
    game.values["nerve"] = 1
    out = io.StringIO()
    PlainSession(PlaySession(game, SaveStore(game_saves())), io.StringIO("help\nxyzzy\n1\n9\nlook\nstatus\n2\n"),
                 out, width=80).run()
    text = out.getvalue()
    assert "1. (closed: You lack the nerve) Go ashore" in text
    assert "Type the number of a choice" in text
    assert "Unknown command 'xyzzy'. Type a number from 1 to 2, or 'help'." in text
    assert "That choice is not open to you: You lack the nerve." in text
    assert "Choose a number from 1 to 2." in text
    assert text.count("\nThe ship\nAct one\n") == 2  # 'look' showed it again; the title a plain line
    assert "You are a sailor.\n  Armed: no\n  Nerve: 1 / 3\n> 2\n" in text  # no score: the meter is off
    assert "\nThe road\n" in text
    assert text.rstrip().endswith("Goodbye.")


def test_codex_and_record_show_names_not_ids() -> None:
    game = Game.new(open_machine(), "worker", 1)
    out = io.StringIO()
    PlainSession(PlaySession(game, SaveStore(game_saves())), io.StringIO("codex kornilov\nrecord krymov\n"
                                                                        "record kornilov_arestd\n"), out, 80).run()
    text = out.getvalue()
    see = next(line for line in text.splitlines() if line.startswith("See also:"))
    assert "Alexander Kerensky" in see or "Kerensky" in see
    assert "_" not in see  # names, never ids such as 'lvov_vn'
    assert re.search(r"In the record: .*[A-Z]", text) and "kornilov_orders_krymov" not in text
    assert "Krymov" in text  # `record krymov` finds the events that name him
    assert "(did you mean 'kornilov_arrested'?)" in " ".join(text.split())


def test_the_role_is_asked_for_when_not_given() -> None:
    proc = play(["--seed", "3"], "2\nstatus\n")
    assert proc.returncode == 0, proc.stderr
    assert "Who are you?" in proc.stdout and "  1. Andrei Fomin" in proc.stdout
    assert "You are Semyon Kovalenko, stoker of the cruiser Aurora." in proc.stdout


def test_ask_role_accepts_ids_and_repeats_on_nonsense(mini: Path) -> None:
    story = open_machine(mini, use_cache=False).story
    out = io.StringIO()
    assert ask_role(story, io.StringIO("7\ncook\nsailor\n"), out) == "sailor"
    assert "There is no role '7'." in out.getvalue() and "There is no role 'cook'." in out.getvalue()
    assert ask_role(story, io.StringIO("\n"), io.StringIO()) == "worker"  # Enter: the default role
    assert ask_role(story, io.StringIO(""), io.StringIO()) is None


def test_role_phrase() -> None:
    assert role_phrase("A woman worker") == "a woman worker"
    assert role_phrase("Andrei Fomin, turner") == "Andrei Fomin, turner"


def test_end_of_input_and_quit_exit_cleanly() -> None:
    for script in ("", "quit\n", "1\nquit\n"):
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


def test_the_fidelity_meter_is_off_by_default_and_a_kept_setting(mini: Path) -> None:
    """Plain mode follows the TUI's setting: no score as you play unless the meter is on; with it on,
    plausible counts as in keeping, in the same words as the end report."""
    from petrograd1917.settings import Settings

    def run(script: str) -> str:
        game = Game.new(open_machine(mini, use_cache=False), "worker", 1)
        out = io.StringIO()
        PlainSession(PlaySession(game, SaveStore(game_saves())), io.StringIO(script), out, width=80).run()
        return out.getvalue()

    off = run("1\nstatus\nmeter\n")
    assert "Against the record: 100%" not in off and "The fidelity meter is off" in off
    on = " ".join(run("meter on\n1\nstatus\n1\n").split())
    assert Settings.load().fidelity_meter
    assert "The fidelity meter is on. Against the record: no graded choices yet." in on
    assert on.count("Against the record: 100% in keeping (1 historical, 0 plausible, 0 divergent of 1 graded).") == 2
    assert "Against the record: 100% in keeping (1 historical, 1 plausible, 0 divergent of 2 graded)." in on
    assert "Against the record: 100% in keeping (1 historical, 1 plausible" in " ".join(run("1\n1\n").split())
