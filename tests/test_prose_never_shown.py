"""quicktest's prose never shown: an {if}/{elif}/{else} branch that no reachable state renders, found
in scene, choice, reason and outcome texts and in snippets where they are included, placed at the
file:line:col of the branch's tag; none on stories without such prose. The reactive story's prose
reads what nothing else reads (armed, chose()), so these run quicktest --prose, which keeps it; without
it, such a branch is said as not checked rather than reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from petrograd1917.cli import main
from petrograd1917.story.expr import parse as parse_expr
from petrograd1917.story.textmarkup import parse
from test_story_errors import edit

STORY = Path(__file__).parent / "data" / "reactive"
SCENES = "scenes/one.yaml"


@pytest.fixture
def reactive(tmp_path: Path) -> Path:
    return Path(shutil.copytree(STORY, tmp_path / "reactive"))


def quicktest(root: Path, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, list[dict[str, Any]]]:
    code = main(["quicktest", "--story", str(root), "--no-cache", "--format", "json", "--prose", *more])
    return code, json.loads(capsys.readouterr().out)["problems"]


def where(root: Path, rel: str, tag: str, nth: int = 0) -> str:
    """file:line:col of the nth `tag` written in a file, found by reading it."""
    lines = (root / rel).read_text().split("\n")
    found = [(n + 1, line.index(tag) + 1) for n, line in enumerate(lines) if tag in line]
    line, col = found[nth]
    return f"{root / rel}:{line}:{col}"


def unshown(problems: list[dict[str, Any]]) -> dict[str, str]:
    return {p["where"]: p["detail"] for p in problems if p["kind"] == "prose_never_shown"}


def test_a_branch_records_where_its_tag_starts() -> None:
    def expression(src: str, at: int) -> tuple[Any, str]:
        return parse_expr(src, {"armed": "bool", "nerve": "int"})

    text = "Hello {seq|a|{if armed}x{elif nerve > 1}y{else}z{end}} and {if armed}w{end}."
    body = parse(text, expression)
    alt, iff = body[1], body[3]
    inner = alt[2][1][0]  # the {if} in the {seq}'s second alternative
    assert inner[3] == (text.index("{if armed}"), text.index("{elif"), text.index("{else}"))
    assert iff[0] == "if" and iff[3] == (text.rindex("{if armed}"), -1)  # no {else}: -1


def test_clean_stories_have_none(capsys: pytest.CaptureFixture[str]) -> None:
    code, problems = quicktest(STORY, capsys)
    assert code == 0 and problems == []


def plant(reactive: Path) -> None:
    # yard: nerve never passes 5 (its max), and the inner branch is reported with its outer one only;
    # {once|…} shows its first alternative on the first visit alone, before the rifle can be taken.
    edit(reactive, SCENES, "    {shuffle|A dog barks.",
         "    {if nerve > 5}Never this{if armed}, inner{end}.{end}\n\n"
         "    {once|{if armed}First, armed.{end}|Later.} {seq|x|{if armed}Armed now.{end}}\n\n"
         "    {shuffle|A dog barks.")
    # A once-only choice is gone once taken: its text never reads "again".
    edit(reactive, SCENES, "      text: Take a rifle\n", "      text: \"Take a rifle{if armed} again{end}\"\n")
    # The sailor is never armed: a choice's text, a closed choice's reason, an outcome, a snippet.
    edit(reactive, SCENES, "  text: The gun waits.\n", "  text: \"The gun waits. {>sky}\"\n")
    edit(reactive, SCENES, "    - {id: fire_blank, text: Fire a blank, goto: end_deck}\n",
         "    - id: fire_blank\n      text: Fire a blank\n      outcomes:\n"
         "        - {weight: 1, goto: end_deck, text: \"{if armed}Armed, you fire a blank.{end} It echoes.\"}\n"
         "    - {id: hide, text: Hide, if: \"nerve > 4\", reason: \"{if armed}Armed, yet scared{else}Scared{end}\","
         " goto: end_deck}\n")
    edit(reactive, "story.yaml", "snippets:\n",
         "snippets:\n  - {id: sky, text: \"{if armed}Guns.{elif nerve >= 0}Sky.{else}Nothing.{end}\"}\n")


def test_planted_prose_is_found_where_it_is_written(reactive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plant(reactive)
    code, problems = quicktest(reactive, capsys)
    assert code == 1
    assert {(p["kind"], p["scene"], p["choice"]) for p in problems if p["kind"] != "prose_never_shown"} == {
        ("never_available", "deck", "hide")}
    assert unshown(problems) == {
        where(reactive, SCENES, "{if nerve > 5}"): "{if nerve > 5} in the text of scene 'yard'",
        where(reactive, SCENES, "{if armed}First"): "{if armed} in the text of scene 'yard'",
        where(reactive, SCENES, "{if armed} again"): "{if armed} in the text of choice 'take_rifle' in scene 'yard'",
        where(reactive, SCENES, "{if armed}Armed, you"):
            "{if armed} in the text of outcome 0 of choice 'fire_blank' in scene 'deck'",
        where(reactive, SCENES, "{if armed}Armed, yet"): "{if armed} in the reason of choice 'hide' in scene 'deck'",
        where(reactive, "story.yaml", "{if armed}Guns"): "{if armed} in snippet 'sky'",
        where(reactive, "story.yaml", "{else}Nothing"): "{else} in snippet 'sky'",
    }


def test_without_prose_none_is_reported_that_could_be_shown(reactive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plant(reactive)
    _, kept = quicktest(reactive, capsys)
    code = main(["quicktest", "--story", str(reactive), "--no-cache", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and set(unshown(data["problems"])) <= set(unshown(kept))
    # what it does not report, it says it did not check: armed is read by the prose alone
    not_checked = [a for a in data["assumptions"] if a.startswith("prose in scene")]
    assert not_checked and all("randomtest plays it" in a for a in not_checked)
    assert any("{if armed} in snippet 'sky'" in a for a in not_checked)
    assert len(unshown(data["problems"])) < len(unshown(kept))


def test_the_command_says_where(reactive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(reactive, SCENES, "{if visits(yard) > 1} again{end}", "{if visits(yard) > 1} again{elif nerve > 5} never{end}")
    code = main(["quicktest", "--story", str(reactive), "--no-cache", "--prose"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"  {where(reactive, SCENES, '{elif nerve > 5}')}: prose never shown: {{elif nerve > 5}} in the text of " \
           "scene 'yard'\n" in out


def test_the_tutorials_example_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from test_tutorial import DOC, tutorial_files

    for rel, text in tutorial_files().items():
        path = tmp_path / "my-story" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = DOC.read_text(encoding="utf-8")
    paragraph = "{if bread > 2}You share out the loaves.{end}"
    assert f"meeting's text to end with the paragraph `{paragraph}`" in doc
    edit(tmp_path / "my-story", "scenes/branch.yaml", "    shutter coming down over the last trays this morning.\n",
         f"    shutter coming down over the last trays this morning.\n\n    {paragraph}\n")
    assert main(["quicktest", "--story", "my-story"]) == 1
    out = capsys.readouterr().out
    assert f"```\n{out}```" in doc
