"""The examples in the docs are real: they load and pass check."""

from __future__ import annotations

import re
from pathlib import Path

from petrograd1917.engine.game import Game
from petrograd1917.engine.loading import open_machine

DOCS = Path(__file__).resolve().parent.parent / "docs"


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def test_format_example_loads_and_plays(tmp_path: Path) -> None:
    blocks = yaml_blocks((DOCS / "format.md").read_text())
    story_yaml = next(b for b in blocks if b.startswith("id: mini"))
    scenes_yaml = next(b for b in blocks if b.startswith("- id: gate"))
    (tmp_path / "scenes").mkdir()
    (tmp_path / "story.yaml").write_text(story_yaml)
    (tmp_path / "scenes" / "one.yaml").write_text(scenes_yaml)
    game = Game.new(open_machine(tmp_path, use_cache=False), None, 2)
    game.choose("arm")
    assert [c.available for c in game.choices()] == [True, True]
    game.choose("walk_on")
    assert game.is_over
