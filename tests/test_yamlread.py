"""The YAML reader's quick loops and its careful path give the same documents, places and problems, in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from petrograd1917.story import spec
from petrograd1917.story.problems import Problems
from petrograd1917.story.yamlread import ExprText, read_file

SCENE = """\
- id: a
  act: one
  title: "A"
  date: 1917-10-24
  time: "21:40"
  place: smolny
  text: Night.
  roles: [worker, b_role]
  choices:
    - id: go
      text: Go
      if: "nerve > 1"
      effects: {add: {nerve: 1}, set: {armed: "nerve > 2"}}
      goto: b
"""


def _read(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    path = tmp_path / "one.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    doc = read_file(path, spec.SCENE_FILE, problems)
    return doc, [f"{p.pos.line}:{p.pos.col} {p.code}" for p in problems.items]


@pytest.mark.parametrize("anchor", ["", "# & (an anchor could be here: aliases are tracked)\n"])
def test_values_and_their_places(tmp_path: Path, anchor: str) -> None:
    docs, problems = _read(tmp_path, anchor + SCENE)
    assert problems == []
    scene = docs[0]  # type: ignore[index]
    shift = 1 if anchor else 0
    assert scene["title"] == "A" and scene["time"] == "21:40" and scene["roles"] == ["worker", "b_role"]
    assert (scene.pos.line, scene.pos.col) == (1 + shift, 3)
    assert (scene.where("title").line, scene.where("title").col) == (3 + shift, 10)
    assert (scene["roles"].where(1).line, scene["roles"].where(1).col) == (8 + shift, 19)
    choice = scene["choices"][0]
    condition = choice["if"]
    assert isinstance(condition, ExprText) and (condition.line, condition.col) == (12 + shift, 12)  # inside the quotes
    assert choice.where("if") == condition.pos
    add = choice["effects"]["add"]["nerve"]
    assert isinstance(add, ExprText) and (add.line, add.col) == (13 + shift, 30)
    assert choice["effects"]["set"]["armed"] == "nerve > 2"


@pytest.mark.parametrize("anchor", ["", "# &\n"])
def test_a_mappings_key_problems_come_before_its_values(tmp_path: Path, anchor: str) -> None:
    # A bad value read before a duplicate, a non-word key and an unknown one: the key problems of
    # the mapping are told first, then each value's (and each unknown key's) in the file's order.
    text = SCENE.replace('  title: "A"\n', '  title: [A]\n  act: two\n  [x]: 1\n  colour: red\n')
    _docs, problems = _read(tmp_path, anchor + text)
    shift = 1 if anchor else 0
    assert problems == [f"{4 + shift}:3 E007", f"{5 + shift}:3 E102", f"{3 + shift}:10 E102", f"{6 + shift}:3 E101"]


def test_an_unknown_key_in_a_mapping_of_ids_and_a_duplicate(tmp_path: Path) -> None:
    text = SCENE.replace("{add: {nerve: 1},", "{add: {nerve: 1, Nerve: 2, nerve: 3},")
    _docs, problems = _read(tmp_path, text)
    assert problems == ["13:43 E007", "13:33 E120"]
