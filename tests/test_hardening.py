"""Hostile story files and saves (issue 12) get a located error: deep nesting, control characters,
numbers and expressions past every limit, alias bombs, misspellings by the thousand."""

from __future__ import annotations

import ast
import difflib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import edit, run_check
from petrograd1917.savegame.saveformat import SaveError, SaveFile
from petrograd1917.story import expr, suggest, yamlread
from petrograd1917.story.codes import CODES
from petrograd1917.story.loader import read_story
from petrograd1917.story.problems import Pos, Problem, Problems

HERE = Path(__file__).parent
ATTACK = HERE / "data" / "attack"
REPO = HERE.parent
SRC = REPO / "src" / "petrograd1917"
CORPUS = yaml.safe_load((ATTACK / "strings.yaml").read_text(encoding="utf-8"))
SHIPPED_SAVE = REPO / "saves" / "worker-history.save.yaml"
SCENES = "scenes/one.yaml"
# Every control character but newline and tab: none may reach a terminal from a message.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")






def codes(root: Path) -> list[str]:
    _, problems = read_story(root)
    return [f"{p.pos}: {p.code} {p.message}" for p in problems]


def write_save(path: Path, old: str, new: str) -> Path:
    text = SHIPPED_SAVE.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in the save"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def save_problems(path: Path) -> list[str]:
    with pytest.raises(SaveError) as e:
        SaveFile.read(path)
    return [str(p) for p in e.value.problems]


# --- deep nesting (issue item 2) ---------------------------------------------------------------


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "petrograd1917", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_check_refuses_a_scene_file_nested_30000_deep(mini: Path) -> None:
    shutil.copy(ATTACK / "deep-flow.yaml", mini / "scenes" / "deep.yaml")
    done = _run("check", "--story", "mini", "--no-cache", cwd=mini.parent)
    assert done.returncode == 1, done.stderr  # not 139: the process used to die in libyaml
    assert "mini/scenes/deep.yaml:1:65: E008 lists and mappings nest more than 64 levels deep" in done.stdout


def test_replay_refuses_a_save_nested_30000_deep(tmp_path: Path) -> None:
    shutil.copy(ATTACK / "deep-flow.yaml", tmp_path / "deep.save.yaml")
    done = _run("replay", "deep.save.yaml", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "deep.save.yaml:1:65: E008" in done.stdout + done.stderr


def test_every_deep_attack_file_is_refused_as_scenes_and_as_a_save(tmp_path: Path) -> None:
    # In a child process: on a build without the check, libyaml kills the process that reads these.
    program = """
import sys
from pathlib import Path
from petrograd1917.story import spec
from petrograd1917.story.problems import Problems
from petrograd1917.story.yamlread import read_file
from petrograd1917.savegame.saveformat import SAVE_SPEC
for name in sys.argv[1:]:
    for kind in (spec.SCENE_FILE, SAVE_SPEC):
        p = Problems()
        read_file(Path(name), kind, p)
        print(*(f"{x.pos}: {x.code}" for x in p.items))
"""
    files = [str(ATTACK / f) for f in ("deep-flow.yaml", "deep-block.yaml", "deep-map.yaml")]
    done = subprocess.run([sys.executable, "-c", program, *files], capture_output=True, text=True, cwd=tmp_path,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 6
    for line in lines:
        assert re.fullmatch(r"\S+deep-\w+\.yaml:1:\d+: E008", line), line


def _nested(levels: int) -> str:
    return "[" * levels + '"x"' + "]" * levels


def test_nesting_is_measured_exactly_where_it_could_be_deep(mini: Path) -> None:
    # A thousand brackets in comments make the cheap bound give up, so the exact count decides:
    # the file's own list is one level, and 64 is the limit.
    comments = "# [\n" * 1000
    deep = mini / "scenes" / "deep.yaml"
    deep.write_text(f"{comments}- {_nested(63)}\n", encoding="utf-8")
    found = codes(mini)
    assert not [c for c in found if " E008 " in c]
    assert any("deep.yaml:1001:3: E102 expected a mapping (scene), got a list" in c for c in found), found
    deep.write_text(f"{comments}- {_nested(64)}\n", encoding="utf-8")
    too_deep = [c for c in codes(mini) if " E008 " in c]
    assert len(too_deep) == 1
    assert too_deep[0].endswith("deep.yaml:1001:66: E008 lists and mappings nest more than 64 levels deep here")


# --- control characters (issue item 5) ----------------------------------------------------------


@pytest.mark.parametrize("hostile", CORPUS["escapes"], ids=lambda s: s.encode("unicode_escape").decode()[:12])
def test_an_escape_sequence_in_a_story_is_refused_and_never_echoed(mini: Path, hostile: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    edit(mini, SCENES, "  title: The gate\n", f"  title: {json.dumps(hostile)}\n")
    code, text = run_check(mini, capsys)
    assert code == 1
    assert re.search(r"one\.yaml:3:10: E009 control character \\(x[0-9a-f]{2}|r) in a string", text), text
    assert not CONTROL.search(text)


def test_a_raw_control_character_is_located(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(mini, SCENES, "  title: The gate\n", "  title: The \x1b[2Jgate\n")
    code, text = run_check(mini, capsys)
    assert code == 1
    assert "one.yaml:3:14: E009 control character \\x1b: only newline and tab are allowed" in text
    assert not CONTROL.search(text)


@pytest.mark.parametrize(
    ("old", "new", "echo"),
    [
        ("- id: road\n", '- id: "ro\\e[2Jad"\n', "E120 'ro\\x1b[2Jad' is not a valid id"),
        ("      goto: road\n", '      "go\\e]0;x\\ato": road\n', "E101 unknown key 'go\\x1b]0;x\\x07to' in choice"),
        ('if: "nerve >= 3 and armed"', 'if: "nerve >= 3 and \\e[2J"', "E110 in 'nerve >= 3 and \\x1b[2J': "
                                                                       "unexpected character '\\x1b'"),
        ("verdict: historical", 'verdict: "histor\\x9bical"', "E122 'histor\\x9bical' is not one of"),
    ],
    ids=["id", "key", "expression", "enum"],
)
def test_what_check_echoes_is_escaped(mini: Path, old: str, new: str, echo: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    edit(mini, SCENES, old, new)
    code, text = run_check(mini, capsys)
    assert code == 1
    assert " E009 " in text and echo in text, text
    assert not CONTROL.search(text)


def test_a_file_named_with_an_escape_is_shown_escaped(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (mini / "scenes" / "\x1b]0;x\x07.yaml").write_text("- {}\n", encoding="utf-8")
    code, text = run_check(mini, capsys)
    assert code == 1
    assert "scenes/\\x1b]0;x\\x07.yaml:1:3: E103" in text
    assert not CONTROL.search(text)


def test_no_problem_carries_a_control_character() -> None:
    p = Problem(Pos("a\x1b.yaml", 1, 2), "E000", "bad \x1b[2J\x9b here")
    assert str(p) == "a\\x1b.yaml:1:2: E000 bad \\x1b[2J\\x9b here"
    assert not CONTROL.search(p.message)


@pytest.mark.parametrize("hostile", CORPUS["escapes"][:4], ids=["title", "clipboard", "clear", "csi"])
def test_an_escape_sequence_in_a_save_label_is_refused(tmp_path: Path, hostile: str) -> None:
    path = write_save(tmp_path / "x.save.yaml", "label: Andrei follows", f"label: {json.dumps(hostile)} #")
    found = save_problems(path)
    assert any(re.fullmatch(r".*x\.save\.yaml:9:8: E009 control character \\x[0-9a-f]{2} in a string.*", f)
               for f in found), found


def test_a_save_the_game_writes_it_can_read_whatever_the_label(tmp_path: Path) -> None:
    save = SaveFile.read(SHIPPED_SAVE)
    save.label = CORPUS["escapes"][0] + " by the river"
    path = tmp_path / "x.save.yaml"
    path.write_text(save.to_yaml(), encoding="utf-8")
    again = SaveFile.read(path)
    assert again.label == "]0;PWNED\\ by the river"
    assert again.log == save.log


# --- numbers and expressions past every limit (issue item 6) ----------------------------------------

HUGE = CORPUS["numbers"]["huge"]


def _shipped_line(start: str) -> tuple[str, int]:
    """The shipped save's first line that starts with `start`, and its number (re-recording moves them)."""
    for n, line in enumerate(SHIPPED_SAVE.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(start):
            return line, n
    raise AssertionError(f"test setup: no line starting {start!r} in the save")


_RESOLVE, _UPDATED, _CREATED = (_shipped_line(s) for s in ("    resolve: ", "updated: ", "created: "))


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("seed: 3", f"seed: {HUGE}", ":8:7: E118"),
        ("play_seconds: 0", f"play_seconds: {HUGE}", ":12:15: E118"),
        (_RESOLVE[0], f"    resolve: {HUGE}", f":{_RESOLVE[1]}:14: E118"),
        ("judged: ", f"judged: {HUGE} #", ": E118"),
        ("w_yard_rumours > sign_with_committee", f"w_yard_rumours > sign_with_committee > outcome {HUGE}", ": S002"),
        ("w_yard_rumours > sign_with_committee", "w_yard_rumours > sign_with_committee > outcome ١", ": S002"),
        (_UPDATED[0], "updated: '2026-13-01T25:00:00Z'", f":{_UPDATED[1]}:10: S004"),
        (_CREATED[0], "created: 'not a time'", f":{_CREATED[1]}:10: S004"),
    ],
    ids=["seed", "play_seconds", "snapshot_int", "judged", "outcome", "unicode_outcome", "updated", "created"],
)
def test_a_save_past_the_limits_is_a_located_error(tmp_path: Path, old: str, new: str, where: str) -> None:
    found = save_problems(write_save(tmp_path / "x.save.yaml", old, new))
    assert any(where in f for f in found), found
    assert all(len(f) < 400 for f in found)  # a 4,301-digit number is not echoed whole


@pytest.mark.parametrize(
    ("rel", "old", "new", "expected"),
    [
        ("story.yaml", "initial: 1\n", f"initial: {HUGE}\n",
         "story.yaml:13:14: E118 '999999999999999999999999…' has 4,301 digits"),
        (SCENES, "{weight: 1, goto: end_home", "{weight: " + CORPUS["numbers"]["float_overflow"] + ", goto: end_home",
         "E118 '100000000000000000000000…' has 310 digits"),
        (SCENES, "{weight: 1, goto: end_home", "{weight: 1000001, goto: end_home", "E118 1000001 is more than 1,000,000"),
        (SCENES, 'if: "nerve >= 3 and armed"', 'if: "nerve >= 3000000000000000000000"',
         "E118 in 'nerve >= 3000000000000000000000': a number of 22 digits"),
        (SCENES, 'if: "nerve >= 3 and armed"', "if: 'nerve > ١٢'",
         "one.yaml:20:20: E110 in 'nerve > ١٢': unexpected character '١'"),
    ],
    ids=["huge_initial", "weight_1e309", "weight_over_a_million", "expression_number", "unicode_digits"],
)
def test_numbers_past_the_limits_are_located_errors(mini: Path, rel: str, old: str, new: str, expected: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    edit(mini, rel, old, new)
    code, text = run_check(mini, capsys)
    assert code == 1, text
    assert expected in text


def test_a_weight_is_at_most_a_million(mini: Path) -> None:
    edit(mini, SCENES, "{weight: 1, goto: end_home", "{weight: 1000000, goto: end_home")
    assert read_story(mini)[0] is not None
    edit(mini, SCENES, "{weight: 1000000, goto: end_home", "{weight: 1000001, goto: end_home")
    assert [p.code for p in read_story(mini)[1]] == ["E118"]


@pytest.mark.parametrize("name", ["parens", "nots", "ors", "minuses"])
def test_expressions_too_deep_for_the_engine_are_located_errors(mini: Path, name: str,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    edit(mini, SCENES, 'if: "nerve >= 3 and armed"', f'if: "{CORPUS["expressions"][name]}"')
    code, text = run_check(mini, capsys)
    assert code == 1, text
    assert re.search(r"one\.yaml:20:\d+: E124 ", text), text


@pytest.mark.parametrize(
    ("within", "past"),
    [
        ("(" * 32 + "armed" + ")" * 32, "(" * 33 + "armed" + ")" * 33),
        (" and ".join(["armed"] * 65), " and ".join(["armed"] * 66)),  # 64 operators deep, then 65
    ],
    ids=["brackets", "operators"],
)
def test_expression_limits_are_where_the_docs_say(within: str, past: str) -> None:
    expr.parse(within, {"armed": "bool"})
    with pytest.raises(expr.ExprError) as e:
        expr.parse(past, {"armed": "bool"})
    assert e.value.code == "E124"


# --- alias bombs and misspellings by the thousand (issue item 7) -------------------------------------

_BIG_MAP = "{" + ", ".join(f"k{i}: 1" for i in range(500)) + "}"


def test_an_aliased_map_reused_is_counted_by_its_contents_in_a_save(tmp_path: Path) -> None:
    # 300 aliases of a 500-key map: few aliases, but 150,000 nodes read again.
    path = write_save(tmp_path / "x.save.yaml", "  variables:\n", f"  variables: &big {_BIG_MAP}\n  x:\n")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\nlog:\n(- .*\n)+", "\nlog: [" + ", ".join(["*big"] * 300) + "]\n", text)
    path.write_text(text, encoding="utf-8")
    found = save_problems(path)
    assert any(" E006 too many aliases" in f for f in found), found[:3]
    assert len(found) < 300  # reading stopped at the budget


def test_an_aliased_map_reused_is_counted_by_its_contents_in_a_story(mini: Path) -> None:
    edit(mini, SCENES, "effects: {set: {armed: true}, add: {nerve: 5}}", "effects: &e {set: {armed: true}, add: {nerve: 5}}")
    edit(mini, SCENES, "effects: {set: {side: \"ship\"}, add: {nerve: -1}}", "effects: *e")
    assert read_story(mini)[0] is not None  # a few small aliases are fine
    (mini / "scenes" / "bomb.yaml").write_text(
        f"- &big {_BIG_MAP}\n- id: bomb\n  record: [{', '.join(['*big'] * 300)}]\n", encoding="utf-8")
    found = codes(mini)
    assert any(" E006 too many aliases" in f for f in found)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    compared: list[int] = []
    real = difflib.get_close_matches

    def counted(word: str, possibilities: Any, *args: Any, **kw: Any) -> list[str]:
        possibilities = list(possibilities)
        compared.append(len(possibilities))
        return real(word, possibilities, *args, **kw)

    monkeypatch.setattr(suggest.difflib, "get_close_matches", counted)
    return compared


def test_suggestions_compare_a_bounded_number_of_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    compared = _counting(monkeypatch)
    ids = [f"scene_{i:05d}_{w}" for i, w in enumerate(["yard", "bridge", "palace", "smolny"] * 2500)]
    s = suggest.Suggester(ids)
    for i in range(0, 10_000, 25):  # 400 misspellings among 10,000 ids, each asked twice
        for _ in range(2):
            s.did_you_mean(ids[i][:-1])
    assert len(compared) == 400  # each word once
    assert max(compared) <= suggest.SHORTLIST
    assert s.did_you_mean("scene_04713_brdge") == " (did you mean 'scene_04713_bridge'?)"
    assert s.did_you_mean("scen_04713_bridge") == " (did you mean 'scene_04713_bridge'?)"
    assert s.did_you_mean("xyzzy") == ""


def test_check_suggests_with_the_index_for_many_misspelt_gotos(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compared = _counting(monkeypatch)
    scenes = "".join(
        f"- id: extra_{i:04d}\n  act: one\n  title: Extra\n  date: 1917-08-27\n  place: road\n  text: More.\n"
        f"  choices: [{{id: on, text: On, goto: extra_{i + 1:04d}x}}]\n" for i in range(400))
    (mini / "scenes" / "extra.yaml").write_text(scenes, encoding="utf-8")
    found = [f for f in codes(mini) if " E104 " in f]
    assert len(found) == 400
    assert "E104 unknown scene 'extra_0001x' (did you mean 'extra_0001'?)" in found[0]
    assert sum(compared) <= 400 * suggest.SHORTLIST


# --- the reader itself --------------------------------------------------------------------------------


def test_quoted_strings_take_the_fast_path() -> None:
    # The composer's tags are the reader's own constants, so `is` tells them apart.
    node = yaml.compose('a: "x"\nb: y\n', Loader=yamlread._Loader)
    assert node.value[0][1].tag is yamlread._STR
    assert node.value[1][1].tag is yamlread.PLAIN


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "x.save.yaml"
    os.mkfifo(fifo)
    done = threading.Event()

    def writer() -> None:  # a reader that waits for a writer would hang the test: give it one, late
        while not done.wait(0.5):
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader yet
                continue
            os.write(fd, b"- {}\n")
            os.close(fd)
            return

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    p = Problems()
    try:
        assert yamlread.read_file(fifo, yamlread.spec.SCENE_FILE, p) is None
    finally:
        done.set()
        thread.join()
    assert [str(x) for x in p.items][0].endswith("E001 cannot read file: not a regular file")


def test_a_file_larger_than_asked_is_not_read(tmp_path: Path) -> None:
    p = Problems()
    assert yamlread.read_file(write_save(tmp_path / "x.save.yaml", "seed: 3", "seed: 3"), yamlread.spec.SCENE_FILE,
                              p, max_bytes=100) is None
    assert [str(x) for x in p.items][0].endswith("E001 cannot read file: larger than 100 bytes")


# --- one name, one meaning: the registry of codes --------------------------------------------------


def test_docs_list_every_code_with_its_meaning() -> None:
    doc = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| ([EWS]\d{3}) \| (.+) \|$", doc, re.M))
    assert rows == CODES


def test_every_code_the_source_reports_is_registered() -> None:
    used = set()
    for f in SRC.rglob("*.py"):
        used |= set(re.findall(r"""["']([EWS]\d{3})["']""", f.read_text(encoding="utf-8")))
    assert used - set(CODES) == set()
    assert set(CODES) - used == set(), "a registered code nothing reports"


def _long_functions(path: Path, limit: int = 60) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.name}:{n.name} {n.end_lineno - n.lineno + 1} lines" for n in ast.walk(tree)  # type: ignore[operator]
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > limit]  # type: ignore[operator]


def test_no_function_of_the_story_reader_is_over_60_lines() -> None:
    files = [*sorted((SRC / "story").glob("*.py")), SRC / "savegame" / "saveformat.py"]
    assert [f for path in files for f in _long_functions(path)] == []
