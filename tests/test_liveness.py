"""quicktest's liveness (authoring.liveness): a state keeps only what some scene ahead can read, so
states that differ in nothing else are one; every scene, choice and prose branch is still found."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from petrograd1917.authoring.liveness import live_sets
from petrograd1917.authoring.quicktest import Exploration, explore
from petrograd1917.authoring.texts import story_texts
from petrograd1917.engine.loading import open_machine
from petrograd1917.engine.machine import StoryMachine
from test_story_errors import edit

REACTIVE = Path(__file__).parent / "data" / "reactive"
MINI_SCENES = "scenes/one.yaml"


def both(machine: StoryMachine) -> tuple[Exploration, Exploration]:
    """quicktest with liveness, and with every variable and all tracked progress kept everywhere."""
    return explore(machine), explore(machine, liveness=False)


def findings(result: Exploration) -> list[dict[str, Any]]:
    return sorted((p.as_dict() for p in result.problems), key=repr)


def test_a_value_read_only_early_is_dropped_later(mini: Path) -> None:
    machine = open_machine(mini, use_cache=False)
    live = live_sets(machine.story, list(story_texts(machine)))
    # armed and nerve decide the gate's hidden way and the ship's going ashore; nothing after reads them
    assert {"armed", "nerve"} <= live["gate"].names and "nerve" in live["ship"].names
    assert live["road"].names == frozenset() and live["end_far"].names == frozenset()
    lean, full = both(machine)
    assert lean.complete and full.complete and lean.states < full.states
    assert findings(lean) == findings(full) and findings(lean)  # the same problems (the far end is found)
    assert lean.scenes_reached == full.scenes_reached and lean.endings_reached == full.endings_reached


DOCK = """- id: lane
  act: one
  title: The lane
  date: 1917-08-28
  place: road
  text: A lane.
  choices:
    - {id: onward, text: Onward, goto: dock}
- id: dock
  act: one
  title: The dock
  date: 1917-08-28
  place: ship
  text: "The dock.{if side == 'ship'} Your ship waits.{end}"
  choices:
    - {id: board, text: Board, if: "side == 'ship'", goto: end_far}
    - {id: walk, text: Walk home, goto: end_home}
"""


def test_a_value_read_far_downstream_stays_live_all_the_way(mini: Path) -> None:
    # side is set aboard the ship and read two scenes after the road, which reads nothing itself
    edit(mini, MINI_SCENES, "    - id: gamble\n", "    - {id: lane_walk, text: Down the lane, goto: lane}\n"
                                                 "    - id: gamble\n")
    (mini / MINI_SCENES).write_text((mini / MINI_SCENES).read_text(encoding="utf-8") + DOCK, encoding="utf-8")
    machine = open_machine(mini, use_cache=False)
    live = live_sets(machine.story, list(story_texts(machine)))
    assert all("side" in live[s].names for s in ("ship", "road", "lane", "dock"))
    lean, full = both(machine)
    kinds = {(p.kind, p.scene, p.choice) for p in lean.problems}
    assert ("never_available", "dock", "board") not in kinds  # reached only with side == 'ship'
    assert not any(k == "prose_never_shown" for k, _s, _c in kinds)
    assert findings(lean) == findings(full) and lean.states < full.states


def test_a_return_keeps_what_its_destination_reads(tmp_path: Path) -> None:
    root = Path(shutil.copytree(REACTIVE, tmp_path / "reactive"))
    # nerve reaches 5 only by steeling yourself inside the call, and only the yard, back from it, reads so
    edit(root, "scenes/one.yaml", "    - {id: back, text: Back to the yard, goto: return}\n",
         "    - {id: back, text: Back to the yard, goto: return}\n"
         "    - {id: steel, text: Steel yourself, effects: {add: {nerve: 2}}, goto: return}\n")
    edit(root, "scenes/one.yaml", "    - id: leave\n",
         "    - {id: brave, text: Brave, if: \"nerve == 5\", goto: end_yard}\n    - id: leave\n")
    machine = open_machine(root, use_cache=False)
    live = live_sets(machine.story, list(story_texts(machine)))
    assert "nerve" in live["rumours"].names and "yard.take_rifle" in live["rumours"].chosen
    lean, full = both(machine)
    assert ("yard", "brave") not in {(p.scene, p.choice) for p in lean.problems}
    assert findings(lean) == findings(full) == [] and lean.complete


def test_the_reactive_story_finds_the_same_with_fewer_states() -> None:
    lean, full = both(open_machine(REACTIVE, use_cache=False))
    assert lean.states < full.states and findings(lean) == findings(full) == []
