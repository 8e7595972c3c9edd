"""engine.loading, the one place a story is loaded: full validation in one call, and the collector
paused while a story is read."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from petrograd1917.engine import loading
from petrograd1917.gcpause import gc_paused
from petrograd1917.story.loader import read_story
from petrograd1917.story.problems import StoryError


def backwards_in_time(mini: Path) -> Path:
    """The road now comes a week before the gate that leads to it: only the history checks see that."""
    scenes = mini / "scenes" / "one.yaml"
    scenes.write_text(scenes.read_text().replace("date: 1917-08-28", "date: 1917-08-20"))
    return mini


def test_validate_is_full_validation_in_one_call(mini: Path) -> None:
    backwards_in_time(mini)
    story, problems = read_story(mini)
    assert story is not None and problems == []  # the story layer alone finds nothing wrong
    checked = loading.validate(mini)
    assert checked.story is None
    assert {p.code for p in checked.errors} == {"E202", "E203"}  # back in time; an event not yet happened


def test_check_answers_the_same_with_or_without_the_cache(mini: Path) -> None:
    backwards_in_time(mini)
    fresh = loading.check(mini, use_cache=False)
    for _ in range(2):  # the second time round a cache would answer, if a story with errors were cached
        again = loading.check(mini)
        assert again == fresh and again.story is None


def test_load_and_open_machine_refuse_a_story_with_errors(mini: Path) -> None:
    backwards_in_time(mini)
    with pytest.raises(StoryError) as err:
        loading.load(mini)
    assert {p.code for p in err.value.problems} == {"E202", "E203"}
    with pytest.raises(StoryError):
        loading.open_machine(mini, use_cache=False)


def test_checked_unpacks_as_story_and_problems(mini: Path) -> None:
    story, problems = loading.check(mini)
    assert story is not None and story.id == "mini" and problems == []
    assert loading.load(mini).warnings == []


def test_gc_paused_nests_and_restores() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves it to the outer one
    assert gc.isenabled()
    with pytest.raises(KeyError), gc_paused():
        raise KeyError("x")
    assert gc.isenabled()  # back on after an error too


def test_gc_paused_can_freeze_what_was_loaded() -> None:
    gc.unfreeze()
    try:
        with gc_paused(freeze=True):
            kept = [object() for _ in range(10)]
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()


def test_open_machine_leaves_the_collector_as_it_found_it(mini: Path) -> None:
    loading.open_machine(mini, use_cache=False)
    assert gc.isenabled()
    gc.disable()
    try:
        loading.open_machine(mini)
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
