"""Every kind of bad story input gets file:line:col, a code, a clear message and a non-zero exit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import edit, run_check
from petrograd1917.cli import main

SCENES = "scenes/one.yaml"






def test_shipped_story_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert "no errors" in capsys.readouterr().out


def test_mini_story_is_clean(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_check(mini, capsys)[0] == 0


def test_missing_story_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run_check(tmp_path / "nowhere", capsys)
    assert code == 2
    assert "nowhere: E001 story directory not found" in text


def test_directory_without_story_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run_check(tmp_path, capsys)
    assert code == 2
    assert "story.yaml: E001" in text


CASES = [
    # (name, file, old, new, expected fragment)
    ("empty file", SCENES, None, "", "one.yaml: E002 file is empty"),
    ("yaml syntax", SCENES, "  title: The gate\n", "  title: [The gate\n", "one.yaml:4:7: E004 YAML syntax error"),
    ("python tag", SCENES, "  text: You stand at the factory gate.", "  text: !!python/object/apply:os.system ['echo hi']",
     "one.yaml:7:9: E005 tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    ("duplicate key", SCENES, "  title: The gate\n", "  title: The gate\n  title: Again\n",
     "one.yaml:4:3: E007 duplicate key 'title' (first at line 3, column 3)"),
    ("unknown key", SCENES, "      goto: road", "      gotoo: road",
     "one.yaml:12:7: E101 unknown key 'gotoo' in choice (did you mean 'goto'?)"),
    ("goto is a number", SCENES, "      goto: road", "      goto: 5", "one.yaml:12:13: E102 expected an id"),
    ("choices is yes", SCENES, "  choices:\n    - id: ashore", "  choices: yes\n  x:\n    - id: ashore",
     "one.yaml:29:12: E102 expected a list of choices, got a boolean"),
    ("condition syntax", SCENES, 'if: "nerve >= 3 and armed"', 'if: "nerve >= and armed"',
     "one.yaml:20:21: E110 in 'nerve >= and armed': unexpected 'and'"),
    ("unknown variable", SCENES, 'if: "nerve >= 3 and armed"', 'if: "nerve >= 3 and armd"',
     "one.yaml:20:27: E111 in 'nerve >= 3 and armd': unknown variable 'armd' (did you mean 'armed'?)"),
    ("type mismatch", SCENES, 'if: "nerve >= 3 and armed"', 'if: "nerve + 3"',
     "one.yaml:20:12: E112 'nerve + 3' is int, but bool is needed here"),
    ("goto nowhere", SCENES, "      goto: end_home\n      history", "      goto: end_hom\n      history",
     "one.yaml:16:13: E104 unknown scene 'end_hom' (did you mean 'end_home'?)"),
    ("no way out", SCENES, "  text: The road runs south.\n  choices:", "  text: The road runs south.\n  flashback: false\n  xchoices:",
     "E115 scene 'road' has no choices and is not an ending"),
    ("bad date", SCENES, "date: 1917-08-28", "date: 1917-02-30", "one.yaml:42:9: E108 '1917-02-30' is not a real date"),
    ("bad effect variable", SCENES, "add: {nerve: 5}", "add: {nervy: 5}",
     "E111 unknown variable 'nervy' (did you mean 'nerve'?)"),
    ("set wrong type", SCENES, "set: {armed: true}", "set: {armed: 3}", "E112 value for bool variable 'armed' must be bool"),
    ("unknown act", SCENES, "  act: one\n  title: The gate", "  act: onee\n  title: The gate",
     "one.yaml:2:8: E107 unknown act 'onee' (did you mean 'one'?)"),
    ("unknown role start", "story.yaml", "start: gate", "start: gates", "story.yaml:25:12: E104 unknown scene 'gates'"),
    ("initial out of range", "story.yaml", "initial: 1\n", "initial: 9\n", "E118 initial value 9 is outside nerve's range 0..3"),
    ("id read as a boolean", SCENES, "    - id: arm", "    - id: on",
     "E102 expected an id (lower case letters, digits and _), got a boolean ('on' is read as true/false: "
     "put it in quotes if you meant the word)"),
    ("unreachable ending", SCENES, "goto: end_far", "goto: end_home", "E117 ending 'far' (scene 'end_far') cannot be reached"),
]


@pytest.mark.parametrize(("name", "rel", "old", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(mini: Path, capsys: pytest.CaptureFixture[str], name: str, rel: str, old: str | None, new: str,
                   expected: str) -> None:
    if old is None:
        (mini / rel).write_text(new)
    else:
        edit(mini, rel, old, new)
    code, text = run_check(mini, capsys)
    assert code == 1, text
    assert expected in text, text


def test_not_utf8(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = mini / SCENES
    path.write_bytes(path.read_bytes().replace(b"The gate", b"The g\xe4te", 1))
    code, text = run_check(mini, capsys)
    assert code == 1
    assert "one.yaml:3:15: E003 file is not UTF-8 text (byte 0xe4)" in text


def test_duplicate_scene_names_both_places(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (mini / "scenes" / "two.yaml").write_text(
        "- id: road\n  act: one\n  title: Again\n  date: 1917-08-28\n  place: road\n  text: x\n"
        "  ending: {id: again, title: Again, kind: alternate}\n"
    )
    code, text = run_check(mini, capsys)
    assert code == 1
    assert "two.yaml:1:7: E105 scene 'road' is defined twice (also at" in text
    assert "one.yaml:39:7" in text


def test_every_problem_is_reported_at_once(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(mini, SCENES, "      goto: road", "      gotoo: road")
    edit(mini, SCENES, "date: 1917-08-28", "date: 1917-02-30")
    edit(mini, "story.yaml", "start: gate", "start: gates")
    code, text = run_check(mini, capsys)
    assert code == 1
    assert "E101" in text and "E108" in text and "E104" in text


def test_json_format(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(mini, SCENES, "      goto: road", "      gotoo: road")
    assert main(["check", "--story", str(mini), "--format", "json", "--no-cache"]) == 1
    items = json.loads(capsys.readouterr().out)
    bad = [i for i in items if i["code"] == "E101"]
    assert bad and set(bad[0]) == {"file", "line", "col", "code", "severity", "message"}
    assert (bad[0]["line"], bad[0]["col"], bad[0]["severity"]) == (12, 7, "error")


BOMB = """\
- id: a
  act: one
  title: lol
  date: 1917-08-27
  place: x
  text: x
  roles: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]
  ending: {id: x, title: x, kind: historical}
  record: &l1 [*l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0]
"""


def test_billion_laughs_is_refused_quickly_and_small(mini: Path) -> None:
    doc = BOMB
    for i in range(2, 10):
        refs = ", ".join([f"*l{i - 1}"] * 9)
        doc += f"  l{i}: &l{i} [{refs}]\n"
    (mini / "scenes" / "bomb.yaml").write_text(doc)
    script = (
        "import sys\n"
        "from petrograd1917.cli import main\n"
        f"code = main(['check', '--story', {str(mini)!r}, '--no-cache'])\n"
        # VmHWM is this process's own peak; ru_maxrss would count the pytest parent it forked from.
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print('RSS', hwm)\n"
        "sys.exit(code)\n"
    )
    # The timeout only guards against a hang; the memory bound is the real check.
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "bomb.yaml:17:3: E101 unknown key 'l9'" in proc.stdout
    rss_kib = int(proc.stdout.split("RSS ")[1])
    assert rss_kib < 200 * 1024


def test_alias_expansion_is_bounded(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Aliases in a place that accepts lists of lists are cut off by the visit budget."""
    # A scene list that names the same scene mapping thousands of times.
    lines = ["- &s {id: s, act: one, title: t, date: 1917-08-27, place: x, text: x,"
             " ending: {id: s, title: s, kind: historical}}"]
    lines += ["- *s"] * 12_000
    (mini / "scenes" / "many.yaml").write_text("\n".join(lines) + "\n")
    code, text = run_check(mini, capsys)
    assert code == 1
    assert "E006 too many aliases" in text
