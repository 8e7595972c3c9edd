"""Every mistake in varying text, visits, calls, snippets, the chronicle and people is reported with
its file, line, column and code, in the words a writer reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from petrograd1917.cli import main

STORY = Path(__file__).parent / "data" / "reactive"

CASES = [
    ('unknown variable in text', 'scenes/one.yaml', 'Nerve {nerve}, armed', 'Nerve {nerv}, armed',
     "scenes/one.yaml:7:76: E111 in the text of scene 'yard': unknown variable 'nerv' (did you mean 'nerve'?)"),
    ('int where a condition belongs', 'scenes/one.yaml', '{if visits(yard) > 1} again{end}', '{if nerve} again{end}',
     "scenes/one.yaml:7:39: E112 in the text of scene 'yard': '{if}' needs bool, got int"),
    ('unknown scene in visits', 'scenes/one.yaml', '{if visits(yard) > 1}', '{if visits(yrd) > 1}',
     "scenes/one.yaml:7:39: E104 in the text of scene 'yard': visits() names unknown scene 'yrd' (did you mean 'yard'?)"),
    ('unknown choice in chose', 'scenes/one.yaml', '{if chose(yard.take_rifle)}', '{if chose(yard.take_rifel)}',
     "scenes/one.yaml:39:14: E104 in the text of scene 'end_yard': chose() names unknown choice 'take_rifel' of scene 'yard' (did you mean 'take_rifle'?)"),
    ('unknown snippet', 'scenes/one.yaml', '{>weather}', '{>wether}',
     "scenes/one.yaml:6:9: E104 the text of scene 'yard' includes unknown snippet 'wether' (did you mean 'weather'?)"),
    ('unclosed if', 'scenes/one.yaml', '{once|A whistle blows.|The whistle is quiet now.}', '{if armed}A whistle blows.',
     "scenes/one.yaml:11:5: E132 in the text of scene 'yard': '{if}' is never closed with '{end}'"),
    ('stray end', 'scenes/one.yaml', '{{braces}}', '{end}',
     "scenes/one.yaml:13:51: E132 in the text of scene 'yard': '{end}' without an open '{if}'"),
    ('empty seq', 'scenes/one.yaml', '{{braces}}', '{seq}',
     "scenes/one.yaml:13:52: E134 in the text of scene 'yard': '{seq}' needs alternatives: {seq|first|second}"),
    ('snippet includes itself', 'story.yaml', 'text: "{seq|Rain.|Still rain.|The rain never stops.}"', 'text: "{>weather} again"',
     'story.yaml:14:9: E137 snippet includes itself: weather → weather'),
    ('return with no call', 'scenes/one.yaml', '    - {id: fire_blank, text: Fire a blank, goto: end_deck}', '    - {id: fire_blank, text: Fire a blank, goto: return}',
     "scenes/one.yaml:49:7: E139 choice 'fire_blank' in scene 'deck' returns, but scene 'deck' can be reached with no call waiting (reach it with 'call:')"),
    ('chronicle of an unknown role', 'story.yaml', 'role: sailor, value', 'role: sailer, value',
     "story.yaml:17:5: E113 chronicle value 'sailor_fired_live' names unknown role 'sailer' (did you mean 'sailor'?)"),
    ('chronicle value of the wrong type', 'story.yaml', 'value: "chose(deck.fire_live)"', 'value: "visits(deck)"',
     "story.yaml:17:81: E112 'visits(deck)' is int, but bool is needed here"),
    ('chronicle value set by an effect', 'scenes/one.yaml', 'effects: {set: {armed: true}, add: {nerve: 2}}', 'effects: {set: {armed: true, sailor_fired_live: true}}',
     "scenes/one.yaml:18:55: E111 'sailor_fired_live' is a chronicle value: it can be read, not set"),
    ('fate with a bad condition', 'story.yaml', '{if: "armed",', '{if: "armd",',
     "story.yaml:23:15: E111 in 'armd': unknown variable 'armd' (did you mean 'armed'?)"),
    ('condition in another language', 'scenes/one.yaml', '      once: true\n', '      once: true\n      if: "nerve = 2"\n',
     "scenes/one.yaml:17:18: E110 in 'nerve = 2': unexpected character '=': use '==' to compare"),
    ('and spelled &&', 'scenes/one.yaml', '      once: true\n', '      once: true\n      if: "armed && armed"\n',
     "scenes/one.yaml:17:18: E110 in 'armed && armed': unexpected character '&': use 'and'"),
    ('two endings share an id', 'scenes/one.yaml', 'ending: {id: shot,', 'ending: {id: home,',
     "scenes/one.yaml:50:3: E119 ending id 'home' is used by scenes 'end_yard' and 'end_deck'"),
]


@pytest.mark.parametrize(("name", "rel", "old", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_mistake_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, rel: str, old: str,
                                 new: str, expected: str) -> None:
    story = tmp_path / "s"
    shutil.copytree(STORY, story)
    path = story / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert main(["check", "--story", str(story), "--no-cache"]) == 1
    errors = [line.split(f"{story}/", 1)[-1] for line in capsys.readouterr().out.splitlines() if " E" in line]
    assert errors == [expected]


def test_the_story_itself_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--story", str(STORY), "--no-cache"]) == 0
    assert " E" not in capsys.readouterr().out


MINI = Path(__file__).parent / "data" / "mini"
# The mistakes a writer from another system makes, each answered with what to write instead.
HINTS = [
    ("a tab is named, alone", "scenes/one.yaml", "  title: The road\n", "\ttitle: The road\n",
     ["scenes/one.yaml:41:1: E004 YAML syntax error: found a tab character that violates indentation"]),
    ("an unquoted colon is the one error", "scenes/one.yaml", "  text: The road runs south.",
     "  text: The road: runs south: now",
     ["scenes/one.yaml:45:17: E004 YAML syntax error: mapping values are not allowed in this context"]),
    ("a version that is a number", "story.yaml", 'version: "1"', "version: 0.1",
     ['story.yaml:3:10: E102 expected a string, got a number (write "0.1" in quotes to keep it as text)']),
    ("yes for a string", "story.yaml", "initial: none", "initial: yes",
     ["story.yaml:19:14: E112 initial value for str variable 'side' must be str, got bool (yes, no, on and off "
      "are read as true or false: put the word in quotes)"]),
    ("a word where an int is added", "scenes/one.yaml", "add: {nerve: 5}", "add: {nerve: 'one'}",
     ["scenes/one.yaml:11:51: E112 int expected, got the word 'one' (neither a number nor a variable)"]),
    ("a word set on an int", "scenes/one.yaml", 'set: {side: "ship"}', "set: {nerve: many}",
     ["scenes/one.yaml:37:30: E112 int expected, got the word 'many' (neither a number nor a variable)"]),
    ("= for ==", "scenes/one.yaml", 'if: "nerve >= 2"', 'if: "nerve = 2"',
     ["scenes/one.yaml:32:18: E110 in 'nerve = 2': unexpected character '=': use '==' to compare"]),
]


@pytest.mark.parametrize(("name", "rel", "old", "new", "expected"), HINTS, ids=[c[0] for c in HINTS])
def test_a_writers_habits_get_a_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, rel: str,
                                     old: str, new: str, expected: list[str]) -> None:
    story = tmp_path / "mini"
    shutil.copytree(MINI, story)
    path = story / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert main(["check", "--story", str(story), "--no-cache"]) in (1, 2)
    errors = [line.split(f"{story}/", 1)[-1] for line in capsys.readouterr().out.splitlines() if " E" in line]
    assert errors == expected


def test_check_inside_a_story_folder_checks_that_story(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    story = tmp_path / "mine"
    shutil.copytree(STORY, story)
    monkeypatch.chdir(story)
    monkeypatch.delenv("PETROGRAD1917_STORY", raising=False)
    assert main(["check", "--no-cache"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("Every construct (.): 5 scenes, no errors")
