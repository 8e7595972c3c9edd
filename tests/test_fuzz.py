"""Fuzzing that stays: mutated story files, random expressions and mutated saves never raise
anything but the project's own errors, and what they report is located and free of control characters.

Derandomized and kept small, so the suite is the same every run and takes seconds. FUZZ_EXAMPLES=N
runs N times as many examples, and random ones, to search longer:
    FUZZ_EXAMPLES=20 .venv/bin/python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petrograd1917.engine import loading
from petrograd1917.savegame.saveformat import SaveError, SaveFile
from petrograd1917.story import expr, spec
from petrograd1917.story.codes import CODES
from petrograd1917.story.loader import read_story
from petrograd1917.story.problems import Problem, Problems, StoryError
from petrograd1917.story.yamlread import read_file

HERE = Path(__file__).parent
REPO = HERE.parent
SHIPPED = REPO / "story"
MINI = HERE / "data" / "mini"
SAVES = sorted((REPO / "saves").glob("*.save.yaml"))
CORPUS = yaml.safe_load((HERE / "data" / "attack" / "strings.yaml").read_text(encoding="utf-8"))
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SCALE = int(os.environ.get("FUZZ_EXAMPLES", "1"))


def fuzz(n: int) -> settings:
    return settings(max_examples=n * SCALE, deadline=None, derandomize=SCALE == 1, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# --- mutations -------------------------------------------------------------------------------------

def _yaml_quoted(s: str) -> bytes:
    return ('"' + s.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"').encode()


SNIPPETS: list[bytes] = [
    b"[", b"]", b"{", b"}", b": ", b"- ", b"\n", b"\n  ", b"\n- ", b"\t", b"#", b"'", b'"', b"&a ", b"*a", b"<<: *a",
    b"!!python/object/apply:os.system ['true']", b"!!binary aGk=", b"? ", b"|\n", b">-\n", b"---\n", b"...\n",
    b"~", b"null", b"yes", b"on", b"1e400", b".inf", b"0x1F", b"1_000", b"21:45", b"1917-02-30", b"-1", b"0",
    b"\xef\xbb\xbf", b"\xff", b"\xc2\x85", "\u2028".encode(), "١٢".encode(), "Ж".encode(), b"\\e", b"\x1b",
    b"[" * 70, b"- " * 70, b"{a: " * 70, CORPUS["numbers"]["huge"].encode(), CORPUS["numbers"]["float_overflow"].encode(),
    b"weight: 0", b"goto: nowhere", b"if: 'not not not armed'", b'if: "' + CORPUS["expressions"]["nots"].encode() + b'"',
    *(_yaml_quoted(s) for s in CORPUS["escapes"]), *(_yaml_quoted(s) for s in CORPUS["markup"]),
]

mutation = st.tuples(st.floats(0, 1), st.sampled_from(["insert", "delete", "replace", "bytes", "dup"]),
                     st.sampled_from(SNIPPETS), st.binary(min_size=1, max_size=8), st.integers(1, 40))


def mutate(data: bytes, ops: list[tuple[float, str, bytes, bytes, int]]) -> bytes:
    for where, op, snippet, noise, span in ops:
        i = int(where * len(data))
        if op == "insert":
            data = data[:i] + snippet + data[i:]
        elif op == "delete":
            data = data[:i] + data[i + span:]
        elif op == "replace":
            data = data[:i] + snippet + data[i + len(snippet):]
        elif op == "bytes":
            data = data[:i] + noise + data[i:]
        else:  # a span said twice: duplicate keys, ids and lines
            data = data[:i] + data[i:i + span * 4] + data[i:]
    return data


mutations = st.lists(mutation, min_size=1, max_size=6)


def assert_clean(problems: list[Problem]) -> None:
    """What a user is told: a known code, a place, and no control character."""
    for p in problems:
        assert p.code in CODES, p
        assert isinstance(p.pos.line, int) and isinstance(p.pos.col, int)
        assert not CONTROL.search(str(p)), str(p)


# --- the loader ------------------------------------------------------------------------------------

SPEC_OF = {"story.yaml": spec.STORY, "record.yaml": spec.RECORD_FILE, "codex.yaml": spec.CODEX_FILE}
SHIPPED_FILES = sorted(SHIPPED.rglob("*.yaml"))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@fuzz(120)
@given(st.sampled_from(SHIPPED_FILES), mutations)
def test_a_mutated_shipped_file_reads_or_says_where_it_is_wrong(scratch: Path, path: Path,
                                                                ops: list[tuple[float, str, bytes, bytes, int]]) -> None:
    target = scratch / path.name
    target.write_bytes(mutate(path.read_bytes(), ops))
    problems = Problems()
    read_file(target, SPEC_OF.get(path.name, spec.SCENE_FILE), problems)
    assert_clean(problems.items)


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    base = tmp_path_factory.mktemp("stories")
    copies = {name: Path(shutil.copytree(src, base / name)) for name, src in (("mini", MINI), ("shipped", SHIPPED))}
    yield copies


def _check_story(root: Path, rel: Path, ops: list[tuple[float, str, bytes, bytes, int]]) -> None:
    target = root / rel
    original = target.read_bytes()
    target.write_bytes(mutate(original, ops))
    try:
        story, problems = loading.check(root, use_cache=False)  # the loader and the history checks
        assert_clean(problems)
        assert (story is None) == any(p.severity.value == "error" for p in problems)
    except StoryError as e:
        assert_clean(e.problems)
    finally:
        target.write_bytes(original)


MINI_FILES = sorted(p.relative_to(MINI) for p in MINI.rglob("*.yaml"))


@fuzz(80)
@given(st.sampled_from(MINI_FILES), mutations)
def test_a_mutated_story_loads_or_lists_its_problems(stories: dict[str, Path], rel: Path,
                                                     ops: list[tuple[float, str, bytes, bytes, int]]) -> None:
    _check_story(stories["mini"], rel, ops)


@fuzz(6)
@given(st.sampled_from(sorted(p.relative_to(SHIPPED) for p in SHIPPED_FILES)), mutations)
def test_the_shipped_story_mutated_loads_or_lists_its_problems(stories: dict[str, Path], rel: Path,
                                                               ops: list[tuple[float, str, bytes, bytes, int]]) -> None:
    _check_story(stories["shipped"], rel, ops)


def test_every_attack_string_in_every_string_of_a_story_is_answered(stories: dict[str, Path]) -> None:
    # Not random: each hostile string in place of the mini story's first title, then read whole.
    root = stories["mini"]
    scenes = root / "scenes" / "one.yaml"
    original = scenes.read_text(encoding="utf-8")
    try:
        for hostile in [*CORPUS["escapes"], *CORPUS["markup"], *CORPUS["expressions"].values()]:
            scenes.write_text(original.replace("title: The gate", f"title: {_yaml_quoted(hostile).decode()}", 1)
                              .replace('if: "nerve >= 3 and armed"', f"if: {_yaml_quoted(hostile).decode()}", 1),
                              encoding="utf-8")
            _, problems = read_story(root)
            assert_clean(problems)
            assert problems, hostile
    finally:
        scenes.write_text(original, encoding="utf-8")


# --- the expression parser -------------------------------------------------------------------------

TYPES = {"armed": "bool", "nerve": "int", "side": "str"}
VALUES = {"armed": True, "nerve": 2, "side": "ship"}
TOKENS = ["armed", "nerve", "side", "nerv", "and", "or", "not", "true", "false", "(", ")", "==", "!=", "<", "<=",
          ">", ">=", "+", "-", "0", "1", "99", "'ship'", '"x"', "'", "١", "\x1b", ";", "__import__", "9" * 25]
RESULT = {"bool": bool, "int": int, "str": str}


@fuzz(400)
@given(st.one_of(st.lists(st.sampled_from(TOKENS), max_size=30).map(" ".join), st.text(max_size=40)))
def test_an_expression_parses_to_its_type_or_fails_at_an_offset(src: str) -> None:
    try:
        tree, typ = expr.parse(src, TYPES)
    except expr.ExprError as e:
        assert e.code in CODES
        assert 0 <= e.offset <= len(src)
        assert not CONTROL.search(e.message), e.message
        return
    assert type(expr.evaluate(tree, VALUES)) is RESULT[typ]


@fuzz(40)
@given(st.integers(1, 3000), st.sampled_from(["(", "not ", "- ", "armed or ", "nerve + "]))
def test_an_expression_of_any_depth_is_parsed_or_refused_as_too_deep(n: int, piece: str) -> None:
    src = piece * n + ("1 > 0" if piece in ("- ", "nerve + ") else "armed") + (")" * n if piece == "(" else "")
    try:
        tree, typ = expr.parse(src, TYPES)
    except expr.ExprError as e:
        assert e.code == "E124", e.message
        return
    assert type(expr.evaluate(tree, VALUES)) is RESULT[typ]


# --- the save reader -------------------------------------------------------------------------------


@fuzz(150)
@given(st.sampled_from(SAVES), mutations)
def test_a_mutated_save_reads_or_says_where_it_is_wrong(scratch: Path, path: Path,
                                                        ops: list[tuple[float, str, bytes, bytes, int]]) -> None:
    target = scratch / "fuzzed.save.yaml"
    target.write_bytes(mutate(path.read_bytes(), ops))
    try:
        save = SaveFile.read(target)
    except SaveError as e:
        assert e.problems
        assert_clean(e.problems)
        return
    for n in (save.seed, save.play_seconds, save.snapshot.historical, save.snapshot.judged):
        assert isinstance(n, int) and len(str(abs(n))) <= spec.MAX_INT_DIGITS
    for text in (save.label, save.role, save.created, save.updated, *(e.scene for e in save.log)):
        assert not CONTROL.search(text)
