"""Game.view(): what a scene shows, gathered once for every face."""

from __future__ import annotations

from pathlib import Path

from petrograd1917.engine.game import Game
from petrograd1917.engine.loading import open_machine


def test_a_new_game_shows_its_first_scene(mini: Path) -> None:
    v = Game.new(open_machine(mini, use_cache=False), "worker", 1).view()
    assert (v.title, v.act, v.place, v.role_name) == ("The gate", "Act one", "The factory", "A worker")
    assert v.when == "27 August 1917 O.S. (9 September 1917 N.S.), 07:00"
    assert v.text == "You stand at the factory gate."
    assert [(c.number, c.id) for c in v.choices] == [(1, "arm"), (2, "home")]  # the hidden one left out
    assert [(x.label, x.shown, x.with_max) for x in v.variables] == [("Armed", "no", "no"), ("Nerve", "1", "1 / 3")]
    assert v.verdict is None and v.outcome_text == "" and v.verdict_mark == ""
    assert (v.fidelity.historical, v.fidelity.judged, v.steps, v.is_over) == (0, 0, 0, False)


def test_after_a_judged_choice_the_view_carries_its_note_and_fidelity(mini: Path) -> None:
    game = Game.new(open_machine(mini, use_cache=False), "worker", 1)
    game.choose("arm")
    v = game.view()
    assert v.verdict is not None and v.verdict.verdict == "historical" and v.verdict_mark == "✓"
    assert v.verdict.note == "Workers took up arms."
    assert (v.fidelity.historical, v.fidelity.judged) == (1, 1)
    assert [(x.label, x.shown) for x in v.variables] == [("Armed", "yes"), ("Nerve", "3")]
    game.choose("gamble", outcome=0)
    end = game.view()
    assert end.outcome_text == "You turn back." and end.is_over and end.choices == ()
    assert end.ending is not None and end.ending.title == "Home"
    assert end.verdict is not None and end.verdict.verdict == "plausible"
    assert (end.fidelity.historical, end.fidelity.judged, end.steps) == (1, 2, 2)


def test_closed_choices_say_why(mini: Path) -> None:
    v = Game.new(open_machine(mini, use_cache=False), "sailor", 1)
    v.values["nerve"] = 1
    closed = v.view().choices[0]
    assert (closed.available, closed.reason) == (False, "You lack the nerve")


def test_notes_ahead_are_the_notes_the_open_choices_would_bring(mini: Path) -> None:
    from petrograd1917.engine.view import notes_ahead

    game = Game.new(open_machine(mini, use_cache=False), "worker", 1)
    ahead = notes_ahead(game)
    assert sorted(ahead) == ["arm", "home"]  # the hidden choice carries no note and is not open
    game.choose("arm")
    brought = game.view().verdict
    assert ahead["arm"] == brought and brought is not None and brought.summary  # the first citing: its summary
    after = notes_ahead(game)["gamble"]
    game.choose("gamble", outcome=0)
    assert after == game.view().verdict


def test_the_view_says_where_a_history_left_the_record(mini: Path) -> None:
    from petrograd1917.engine.machine import StoryMachine
    from test_history_play import with_history

    story = with_history(open_machine(mini, use_cache=False).story, "gate", "arm", verdict="divergent", pivot=True)
    game = Game.new(StoryMachine(story), "worker", 1)
    assert game.view().pivot_step is None
    game.choose("arm")
    assert game.view().pivot_step == 1
    game.choose("gamble", outcome=0)
    v = game.view()
    assert v.pivot_step == 1 and v.verdict is not None and not v.verdict.graded and v.fidelity.graded == 1


def test_every_face_reports_the_people_and_their_fates(mini: Path) -> None:
    """The end report of plain mode, the transcript and replay --report opens with the role's people, as
    the TUI's does: game_report passes the game's values to the history layer."""
    import dataclasses
    import io

    from petrograd1917.engine.machine import StoryMachine
    from petrograd1917.engine.view import game_report
    from petrograd1917.plain import PlainSession
    from petrograd1917.savegame.session import PlaySession
    from petrograd1917.savegame.store import SaveStore
    from petrograd1917.savegame.transcript import transcript_text
    from petrograd1917.story import expr
    from petrograd1917.story.model import Fate, Person

    story = open_machine(mini, use_cache=False).story
    armed = expr.parse("armed", {n: v.type for n, v in story.variables.items()})[0]
    dunya = Person("dunya", "Dunya", "worker", (Fate(armed, "She kept the rifle.", "armed"),
                                                Fate(None, "She went home.")))
    machine = StoryMachine(dataclasses.replace(story, people={"dunya": dunya}))
    game = Game.new(machine, "worker", 1)
    game.choose("arm")
    game.choose("gamble", outcome=0)
    assert [(p.name, p.fate) for p in game_report(game).people] == [("Dunya", "She kept the rifle.")]
    assert "Dunya. She kept the rifle." in transcript_text(game)
    out = io.StringIO()
    PlainSession(PlaySession(Game.new(machine, "worker", 1), SaveStore(mini / "saves")), io.StringIO("1\n1\n"), out,
                 width=80).run()
    assert "Your people\n\n• Dunya. She kept the rifle." in out.getvalue()
