"""The city map: marks over the story's plan, and where a place lies in words."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from petrograd1917.engine.loading import open_machine
from petrograd1917.history import citymap
from petrograd1917.story.model import Story

PLAN = ("~~~~~~~~~~~~~~~~~~~~", "                    ", "          ║         ", "                    ")


@pytest.fixture
def story(mini: Path) -> Story:
    story = open_machine(mini, use_cache=False).story
    where = {"factory": (2, 1), "road": (18, 1), "home": (2, 3)}
    codex = {cid: dataclasses.replace(e, map=where.get(cid)) for cid, e in story.codex.items()}
    return dataclasses.replace(story, codex=codex, plan=PLAN)


def test_marks_show_here_passed_and_the_rest(story: Story) -> None:
    lines = citymap.marked_plan(story.plan, story, here="factory", passed=["road", "factory"])
    assert lines[1] == "  ●               ◆"  # here wins over passed
    assert lines[3] == "  ∘"
    assert lines[0] == PLAN[0]


def test_directions_account_for_tall_cells() -> None:
    assert citymap.direction((0, 0), (10, 0)) == "east"
    assert citymap.direction((0, 5), (0, 0)) == "north"
    assert citymap.direction((10, 0), (0, 5)) == "south-west"  # 10 columns is 5 lines' width


def test_where_in_words(story: Story) -> None:
    assert citymap.where_in_words(story, "factory") == (
        "The factory, on the city map. Nearest: Home to the south; The southern road to the east.")
    assert citymap.where_in_words(story, "ship").endswith("is not marked on the city map.")
    assert [e.id for e in citymap.off_the_map(story, ["ship", "road", "ship", "nowhere"])] == ["ship"]


def test_the_campaign_places_its_city_on_the_map(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from petrograd1917.cli import main

    assert main(["codex", "--format", "json", "--no-cache"]) == 0
    entries = json.loads(capsys.readouterr().out)
    placed = {e["id"]: e["map"] for e in entries if e["map"] is not None}
    assert len(placed) >= 30
    assert placed["winter_palace"] == {"x": 34, "y": 10} and all("map" in e for e in entries)
    assert next(e for e in entries if e["id"] == "gatchina")["map"] is None  # beyond the city: off the map
    story = open_machine(None).story
    lines = citymap.marked_plan(story.plan, story, here="winter_palace")
    assert lines[10][34] == citymap.HERE
