"""The engine: a transitions Machine per story, and Game: choices, conditions, effects, chance, replay."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from petrograd1917.engine.game import Game, GameError, LogEntry, keep_progress
from petrograd1917.engine.loading import open_machine
from petrograd1917.engine.machine import StoryMachine


def test_machine_is_built_with_slot_triggers_and_no_auto_transitions(machine: StoryMachine) -> None:
    m = machine.machine
    machine.build_all()
    assert set(m.states) == set(machine.story.scenes)
    assert set(m.events) == {"choice_0", "choice_1", "choice_2"}  # slots, not one event per choice
    assert not any(name.startswith("to_") for name in m.events)


def test_the_machine_is_built_as_it_is_played(machine: StoryMachine) -> None:
    """A scene's state and transitions are made the first time a game is in it, with the states its
    choices lead to: a start costs the same for ten scenes or ten thousand."""
    m = machine.machine
    assert not m.states and not m.events
    g = Game.new(machine, "worker", 1)
    assert set(m.states) == {"gate"}
    g.choices()
    assert set(m.states) == {"gate", "road", "end_home"}  # gate and where its choices lead
    assert {t.dest for ts in m.events["choice_0"].transitions.values() for t in ts} == {"road"}
    g.choose("arm")
    assert g.state == "road" and "choice_1" in m.events


def test_new_game_starts_at_the_role_start_with_role_values(machine: StoryMachine) -> None:
    g = Game.new(machine, "sailor", 1)
    assert g.state == "ship"
    assert g.variables() == {"armed": False, "nerve": 3, "side": "none"}
    assert Game.new(machine, None, 1).role == "worker"
    with pytest.raises(GameError, match="unknown role 'cook'"):
        Game.new(machine, "cook", 1)


def test_hidden_and_dimmed_choices(machine: StoryMachine) -> None:
    g = Game.new(machine, "worker", 1)
    assert [c.id for c in g.choices()] == ["arm", "home"]  # 'secret' is hidden while closed
    s = Game.new(machine, "sailor", 1)
    s.values["nerve"] = 1
    ashore = s.choices()[0]
    assert (ashore.available, ashore.reason) == (False, "You lack the nerve")
    with pytest.raises(GameError, match="not available"):
        s.choose("ashore")
    with pytest.raises(GameError, match="no choice 'fly'"):
        s.choose("fly")


def test_effects_set_add_and_clamp(machine: StoryMachine) -> None:
    g = Game.new(machine, "worker", 1)
    g.choose("arm")
    assert g.state == "road"
    assert g.values["armed"] is True
    assert g.values["nerve"] == 3  # 1 + 5 clamped to max 3
    s = Game.new(machine, "sailor", 1)
    s.values["nerve"] = 0
    s.choose("stay")
    assert s.values["nerve"] == 0  # clamped to min 0
    assert s.values["side"] == "ship"


def test_random_outcomes_are_seeded_and_replayable(machine: StoryMachine) -> None:
    ends = set()
    for seed in range(40):
        g = Game.new(machine, "worker", seed)
        g.choose("arm")
        g.choose("gamble")
        again = Game.new(machine, "worker", seed)
        again.choose("arm")
        again.choose("gamble")
        assert again.state == g.state and again.log == g.log
        ends.add(g.state)
        assert g.is_over
    assert ends == {"end_home", "end_far"}


def test_forced_outcome_and_its_effects(machine: StoryMachine) -> None:
    g = Game.new(machine, "sailor", 3)
    g.choose("stay")
    step = g.choose("gamble", outcome=0)
    assert (g.state, step.outcome_text, g.log[-1]) == ("end_home", "You turn back.", LogEntry("road", "gamble", 0))
    g2 = Game.new(machine, "sailor", 3)
    g2.choose("stay")
    g2.choose("gamble", outcome=1)
    assert g2.state == "end_far" and g2.values["nerve"] == 3


def test_replay_rebuilds_the_same_game(machine: StoryMachine) -> None:
    g = Game.new(machine, "worker", 11)
    g.choose("arm")
    g.choose("gamble")
    r = Game.replay(machine, "worker", 11, list(g.log))
    assert (r.state, r.values, r.log, r.path) == (g.state, g.values, g.log, g.path)


def test_replay_stops_at_a_step_that_no_longer_applies(machine: StoryMachine) -> None:
    with pytest.raises(GameError, match="step 2: the save was in scene 'ship' but the story now leads to 'road'"):
        Game.replay(machine, "worker", 1, [LogEntry("gate", "arm"), LogEntry("ship", "stay")])


def test_choose_by_number(machine: StoryMachine) -> None:
    g = Game.new(machine, "worker", 1)
    with pytest.raises(GameError, match="from 1 to 2"):
        g.choose_number(3)
    g.choose_number(2)
    assert g.state == "end_home" and g.is_over and g.path == ["gate", "end_home"]


def test_engine_and_story_never_import_the_ui() -> None:
    code = (
        "import sys\n"
        "import petrograd1917.story.loader, petrograd1917.engine.game, petrograd1917.engine.loading\n"
        "import petrograd1917.history.calendar, petrograd1917.plain, petrograd1917.cli\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_true_and_one_never_share_a_compiled_literal(mini: Path) -> None:
    """('lit', True) == ('lit', 1) as tuples: a cache keyed on them once turned `armed: true` into 1."""
    from petrograd1917.story.expr import compile_expr

    assert compile_expr(("lit", 1))({}) == 1
    assert compile_expr(("lit", True))({}) is True
    machine = open_machine(mini, use_cache=False)
    g = Game.new(machine, "worker", 1)
    g.choose("arm")
    assert g.values["armed"] is True


def _twin_choose(machine: StoryMachine, twin: Game, choice_id: str, outcome: int | None) -> None:
    """Take a choice the way transitions itself dispatches it: through the event's trigger. What the
    game keeps beyond the transition (visits, choices taken) it keeps as Game.choose does."""
    cc = machine.scene(twin.state).by_id[choice_id]
    twin.drawn = outcome
    origin = twin.state
    assert cc.event.trigger(twin)
    keep_progress(twin.values, origin, cc.choice, twin.state)


@pytest.mark.parametrize("story", ["mini", "shipped"])
def test_firing_a_transition_directly_is_what_its_event_would_do(story: str, mini: Path) -> None:
    """Game.choose calls the machine's own Transition and Condition objects; Event.trigger
    would find the same transition and do the same."""
    import random

    machine = open_machine(mini if story == "mini" else None, use_cache=False)
    rng = random.Random(7)
    for seed in range(30):
        role = rng.choice(sorted(machine.story.roles))
        game, twin = Game.new(machine, role, seed), Game.new(machine, role, seed)
        while not game.is_over:
            views = [v for v in game.choices() if v.available]
            step = game.choose(rng.choice(views).id)
            _twin_choose(machine, twin, step.choice.id, step.entry.outcome)
            assert (twin.state, twin.variables()) == (game.state, game.variables())


def test_a_closed_choice_is_refused_by_both_ways_alike(machine: StoryMachine) -> None:
    s = Game.new(machine, "sailor", 1)
    s.values["nerve"] = 1
    cc = machine.scene("ship").by_id["ashore"]
    before = s.variables()
    with pytest.raises(GameError, match="'ashore' is not available"):
        s.choose("ashore")
    assert s.state == "ship" and s.variables() == before and s.log == []
    assert cc.event.trigger(s) is False and s.state == "ship"


def test_the_engines_direct_closures_compute_what_compile_expr_does(machine: StoryMachine) -> None:
    """StoryCompiler.expression makes the commonest shapes (comparisons of a variable, `not` a
    variable, a variable plus or minus something, and/or) into one closure each: over random
    expressions and values, each gives what story.expr's compile_expr gives, of the same type."""
    import random

    from petrograd1917.engine.compiler import StoryCompiler
    from petrograd1917.story.expr import compile_expr, parse

    types = {"armed": "bool", "nerve": "int", "grit": "int", "side": "str"}
    rng = random.Random(11)

    def number() -> str:
        return rng.choice(["nerve", "grit", str(rng.randint(0, 6)), f"-{rng.randint(0, 3)}", "nerve + 1",
                           "grit - 2", "nerve - grit", "nerve + grit", "2 - nerve", "nerve * 2"])

    def condition(depth: int = 0) -> str:
        shape = rng.randrange(7 if depth < 3 else 4)
        if shape == 0:
            return rng.choice(["armed", "not armed", "true", "not (nerve > 2)"])
        if shape == 1:
            return f"side {rng.choice(['==', '!='])} {rng.choice(['side', repr('ship'), repr('')])}"
        if shape in (2, 3):
            return f"{number()} {rng.choice(['==', '!=', '<', '<=', '>', '>='])} {number()}"
        if shape == 4:
            return f"armed {rng.choice(['==', '!='])} {rng.choice(['armed', 'true', 'false'])}"
        return f"({condition(depth + 1)}) {rng.choice(['and', 'or'])} ({condition(depth + 1)})"

    compiler = StoryCompiler(machine.story)
    direct = 0
    for _ in range(400):
        src = condition() if rng.random() < 0.7 else number()
        tree, _ = parse(src, types)
        ours, theirs = compiler.expression(tree), compile_expr(tree)
        direct += ours is not theirs
        for _ in range(8):
            values = {"armed": rng.random() < 0.5, "nerve": rng.randint(-2, 6), "grit": rng.randint(0, 6),
                      "side": rng.choice(["ship", "", "shore"])}
            got, want = ours(values), theirs(values)
            assert (type(got), got) == (type(want), want), src
    assert direct > 200  # most shapes were made by the engine, not by compile_expr


def test_another_transitions_version_is_refused_clearly(machine: StoryMachine,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import transitions

    monkeypatch.setattr(transitions, "__version__", "0.9.4")
    with pytest.raises(RuntimeError, match=r"private parts of transitions 0\.9\.3.*transitions 0\.9\.4 is installed"):
        Game.new(machine, "worker", 1).choices()


def test_a_dropped_machine_takes_its_compiled_effects_with_it(mini: Path) -> None:
    """No module-level cache keeps a story's closures alive: a reloaded story (play --watch) does
    not pile up the old one's. (Built as a reload builds it: open_machine freezes what it loads.)"""
    import gc
    import weakref

    from petrograd1917.engine.loading import check

    machine = check(mini, use_cache=False).machine()
    machine.build_all()
    effect = machine.compiler.effects(machine.story.scenes["gate"].choices[0].effects)
    condition = machine.scene("gate").choices[0].transitions[0].conditions[0].func
    refs = [weakref.ref(effect), weakref.ref(condition)]
    del machine, effect, condition
    gc.collect()
    assert [r() for r in refs] == [None, None]
