"""Story prose: one Markdown parse for every face, and its plain-text rendering."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from petrograd1917.story.prose import BREAK, parse, plain, plain_inline

# A line ending in two spaces is a Markdown hard break (written `\x20\x20`, which no editor strips).
REPORT = """# A report

**Role:** Andrei\x20\x20
**Fidelity:** 50%

1. *First* step\x20\x20
   **historical** against *the event* (date): a note long enough to be wrapped across more than one line
2. Second step

- a [Aurora](codex:aurora) and [the storm](event:palace_taken) and `code`
- b

> A quoted line.
"""


def test_blocks_and_spans() -> None:
    blocks = parse(REPORT)
    assert [(b.kind, b.marker) for b in blocks] == [
        ("heading", ""), ("paragraph", ""), ("item", "1."), ("item", "2."), ("item", "•"), ("item", "•"),
        ("paragraph", "")]
    assert blocks[0].level == 1 and blocks[0].text == "A report"
    role = blocks[1].spans
    assert role[0].text == "Role:" and role[0].strong and not role[1].strong
    assert BREAK in [s.text for s in role]  # the two trailing spaces are a hard break
    first = blocks[2].spans[0]
    assert first.text == "First" and first.em
    links = [s for s in blocks[4].spans if s.link]
    assert [(s.text, s.link_kind, s.link_id) for s in links] == [
        ("Aurora", "codex", "aurora"), ("the storm", "event", "palace_taken")]
    assert any(s.code and s.text == "code" for s in blocks[4].spans)
    assert blocks[6].quote == 1
    assert parse(REPORT) is blocks  # parsed once


def test_html_is_words_not_markup() -> None:
    spans = parse("A <b>bold</b> claim <script>x</script>")[0].spans
    assert "".join(s.text for s in spans) == "A <b>bold</b> claim <script>x</script>"
    assert not any(s.strong for s in spans)


def test_outside_link_targets_are_not_game_links() -> None:
    span = parse("[x](https://example.org) [y](codex:)")[0].spans
    assert [s.link_kind for s in span if s.link] == ["", ""]


def test_plain_has_no_marks_and_wraps() -> None:
    text = plain(REPORT, 40)
    assert not re.search(r"[*#`]|\]\(|^>", text, re.M)
    assert max(len(line) for line in text.splitlines()) <= 40
    lines = text.splitlines()
    assert lines[0] == "A report"
    assert "Role: Andrei" in lines and "Fidelity: 50%" in lines
    assert lines[lines.index("Fidelity: 50%") + 2] == "1. First step"
    assert lines[lines.index("1. First step") + 1].startswith("   historical against the event")
    assert "• a Aurora and the storm and code" in text.replace("\n  ", " ")
    assert "  A quoted line." in lines


def test_plain_inline() -> None:
    assert plain_inline("Go to the *Aurora*,\n[Lenin](codex:lenin) **now**") == "Go to the Aurora, Lenin now"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_#>-1.`[]()\n  xyz")), max_size=300),
       st.integers(min_value=10, max_value=100))
def test_plain_never_exceeds_the_width(text: str, width: int) -> None:
    assert all(len(line) <= width for line in plain(text, width).splitlines())


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Zé.,!?'\"()1-+=:;\n\n\n\t\u00a0\u2028\u3000—")), max_size=120))
def test_plain_paragraphs_are_what_markdown_it_makes_of_them(text: str) -> None:
    """The way round markdown-it for a text of plain paragraphs gives the very blocks it would."""
    from petrograd1917.story.prose import parse_markdown, plain_paragraphs

    fast = plain_paragraphs(text)
    if fast is not None:
        assert fast == parse_markdown(text)


def test_most_scenes_need_no_markdown_parser() -> None:
    from petrograd1917.engine.game import Game
    from petrograd1917.engine.loading import open_machine
    from petrograd1917.story.prose import parse_markdown, plain_paragraphs

    machine = open_machine()
    scenes = machine.story.scenes.values()
    games = {r: Game.new(machine, r, 1) for r in machine.story.roles}
    # What is parsed is the text as rendered ({if}s and ids gone), here with each role's first values.
    texts = [games[s.roles[0] if s.roles else "worker"].render(s.text, s.id) for s in scenes]
    plain_ones = [t for t in texts if plain_paragraphs(t) is not None]
    assert len(plain_ones) > len(texts) // 2
    assert all(plain_paragraphs(t) == parse_markdown(t) for t in plain_ones)
    assert plain_paragraphs("A *word*.") is None and plain_paragraphs("1. one") is None
