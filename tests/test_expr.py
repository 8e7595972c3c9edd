"""The expression language: parsing, types, errors with offsets, and evaluation without eval."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from petrograd1917.story.expr import ExprError, evaluate, parse, variables

TYPES = {"armed": "bool", "nerve": "int", "side": "str"}


@pytest.mark.parametrize(
    ("src", "values", "expected"),
    [
        ("armed", {"armed": True}, True),
        ("not armed", {"armed": True}, False),
        ("nerve >= 2 and armed", {"nerve": 2, "armed": True}, True),
        ("nerve >= 2 and armed", {"nerve": 1, "armed": True}, False),
        ("nerve < 1 or armed", {"nerve": 5, "armed": False}, False),
        ("nerve + 2 - 1 == 3", {"nerve": 2}, True),
        ("-nerve < 0", {"nerve": 2}, True),
        ("side == 'ship'", {"side": "ship"}, True),
        ('side != "ship"', {"side": "ship"}, False),
        ("not (nerve > 1 and armed)", {"nerve": 2, "armed": False}, True),
        ("true and not false", {}, True),
    ],
)
def test_evaluates(src: str, values: dict, expected: object) -> None:
    tree, _ = parse(src, TYPES)
    assert evaluate(tree, values) == expected


@pytest.mark.parametrize(
    ("src", "code", "offset"),
    [
        ("nerve >", "E110", 7),
        ("nerve >= 2 and", "E110", 14),
        ("nerv > 2", "E111", 0),
        ("armed + 1", "E112", 0),
        ("nerve and armed", "E112", 0),
        ("side == 1", "E112", 0),
        ("nerve > 'x'", "E112", 8),
        ("__import__('os')", "E111", 0),
        ("nerve; 1", "E110", 5),
        ("(nerve > 1", "E110", 10),
        ("", "E110", 0),
        ("nerve > 1 armed", "E110", 10),
    ],
)
def test_errors_point_inside_the_expression(src: str, code: str, offset: int) -> None:
    with pytest.raises(ExprError) as e:
        parse(src, TYPES)
    assert e.value.code == code
    assert e.value.offset == offset


def test_unknown_variable_suggests_the_near_one() -> None:
    with pytest.raises(ExprError, match="did you mean 'nerve'"):
        parse("nerv > 2", TYPES)


def test_variables_read() -> None:
    tree, _ = parse("nerve > 1 and not armed or side == 'x'", TYPES)
    assert variables(tree) == {"nerve", "armed", "side"}


@given(st.lists(st.tuples(st.sampled_from("+-"), st.integers(0, 10**6)), min_size=1, max_size=8))
def test_arithmetic_matches_python(terms: list[tuple[str, int]]) -> None:
    src = "0" + "".join(f" {op} {n}" for op, n in terms)
    expected = 0
    for op, n in terms:
        expected = expected + n if op == "+" else expected - n
    tree, typ = parse(src, TYPES)
    assert typ == "int"
    assert evaluate(tree, {}) == expected


@given(st.text(max_size=30))
def test_any_text_parses_or_fails_cleanly(src: str) -> None:
    try:
        parse(src, TYPES)
    except ExprError as e:
        assert 0 <= e.offset <= len(src)
