"""Varying text: `{expr}`, `{if}`, alternatives by visit, snippets, braces, and located errors."""

from __future__ import annotations

import pytest

from petrograd1917.story import expr
from petrograd1917.story import textmarkup as tm

TYPES = {"nerve": "int", "armed": "bool", "name": "str"}
VALUES = {"nerve": 3, "armed": True, "name": "Dunya"}


def parse_expr(src: str, offset: int) -> tuple[expr.Ast, str]:
    try:
        return expr.parse(src, TYPES)
    except expr.ExprError as e:
        raise tm.TextError(offset + e.offset, e.code, e.message) from None


def render(src: str, visit: int = 1, draw: int = 0, snippets: dict[str, str] | None = None,
           values: dict[str, object] | None = None) -> str:
    snippets = snippets or {}

    def snippet(sid: str) -> tm.Rendered:
        return tm.compile_text(tm.parse(snippets[sid], parse_expr), expr.compile_expr)

    ctx = tm.RenderContext(values or VALUES, visit, lambda n: draw % n, snippet)
    return tm.compile_text(tm.parse(src, parse_expr), expr.compile_expr)(ctx)


def test_values_are_shown_as_the_player_reads_them() -> None:
    assert render("{nerve} / {armed} / {not armed} / {name}") == "3 / yes / no / Dunya"


def test_double_braces_are_literal_braces() -> None:
    assert render("{{nerve}} and }} alone") == "{nerve} and } alone"


def test_conditions_pick_the_first_true_branch() -> None:
    src = "{if nerve > 5}brave{elif armed}armed{else}neither{end}"
    assert render(src) == "armed"
    assert render(src, values={**VALUES, "armed": False}) == "neither"
    assert render(src, values={**VALUES, "nerve": 9}) == "brave"


def test_conditions_nest_and_span_paragraphs() -> None:
    src = "A\n\n{if armed}B\n\n{if nerve == 3}C{end}\n\n{end}D"
    assert render(src) == "A\n\nB\n\nC\n\nD"


def test_a_paragraph_left_empty_disappears() -> None:
    src = "First.\n\n{if not armed}Unarmed.{end}\n\nLast."
    assert render(src) == "First.\n\nLast."


@pytest.mark.parametrize(("visit", "expected"), [(1, "a x o"), (2, "b y p"), (3, "c x"), (7, "c x")])
def test_alternatives_follow_the_visit(visit: int, expected: str) -> None:
    assert render("{seq|a|b|c} {cycle|x|y} {once|o|p}", visit=visit).strip() == expected


def test_shuffle_takes_the_seeded_draw() -> None:
    assert [render("{shuffle|a|b|c}", draw=d) for d in range(3)] == ["a", "b", "c"]


def test_alternatives_hold_markup_of_their_own() -> None:
    assert render("{seq|first {name}|{if armed}armed{end}}", visit=2) == "armed"


def test_snippets_are_rendered_in_place() -> None:
    assert render("x {>who} y", snippets={"who": "[{name}]"}) == "x [Dunya] y"


def test_walk_finds_expressions_and_snippets() -> None:
    body = tm.parse("{if armed}{seq|{nerve}|{>s}}{end}", parse_expr)
    assert tm.snippets(body) == {"s"}
    assert [expr.variables(t) for t in tm.expressions(body)] == [{"armed"}, {"nerve"}]


def test_parsing_names_the_snippets_the_tree_includes() -> None:
    src = "{>a} {if armed}{seq|{nerve}|{>b}}{else}{>c}{end} {cycle|x|{once|{>d}|y}}"
    body, named = tm.parse_naming(src, parse_expr)
    assert body == tm.parse(src, parse_expr)
    assert named == tm.snippets(body) == {"a", "b", "c", "d"}


@pytest.mark.parametrize(
    ("src", "offset", "code", "words"),
    [
        ("ab {if nerve}x{end}", 7, "E112", "'{if}' needs bool, got int"),
        ("{if armed}x", 0, "E132", "never closed"),
        ("x{end}", 1, "E132", "without an open '{if}'"),
        ("x{else}", 1, "E132", "without an open '{if}'"),
        ("{if armed}a{else}b{elif armed}c{end}", 18, "E132", "after '{else}'"),
        ("{seq}", 1, "E134", "needs alternatives"),
        ("{cycle||}", 1, "E134", "no text"),
        ("a } b", 2, "E131", "closes nothing"),
        ("a { b", 2, "E131", "never closed"),
        ("see {nerv}", 5, "E111", "did you mean 'nerve'"),
        ("{if}x{end}", 1, "E133", "needs a condition"),
        ("{>}", 1, "E136", "snippet id"),
    ],
)
def test_mistakes_are_located(src: str, offset: int, code: str, words: str) -> None:
    with pytest.raises(tm.TextError) as caught:
        tm.parse(src, parse_expr)
    assert (caught.value.offset, caught.value.code) == (offset, code)
    assert words in caught.value.message


def test_nesting_is_bounded() -> None:
    src = "{seq|" * (tm.MAX_DEPTH + 2) + "x" + "}" * (tm.MAX_DEPTH + 2)
    with pytest.raises(tm.TextError) as caught:
        tm.parse(src, parse_expr)
    assert caught.value.code == "E135"


def test_plain_text_needs_no_parsing() -> None:
    assert not tm.has_markup("Plain prose, with *emphasis*.")
    assert tm.has_markup("a {x}") and tm.has_markup("}}")
