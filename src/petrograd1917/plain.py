"""The plain line mode: the whole game as numbered, clean text (no Markdown marks, every line wrapped
to the terminal's width), for scripts, screen readers and any terminal."""

from __future__ import annotations

import difflib
import shutil
import sys
from typing import TextIO

from petrograd1917.engine.game import Game, GameError
from petrograd1917.engine.places import places_on_map, where
from petrograd1917.engine.view import SceneView, game_report, last_note
from petrograd1917.history.calendar import short
from petrograd1917.history.codex import entries_for_event, find, linked_from, place_name
from petrograd1917.history.judge import VERDICT_MARKS, WhatHappened, cite, event_when
from petrograd1917.history.timeline import in_date_order, timeline
from petrograd1917.savegame.loading import replay_save
from petrograd1917.savegame.saveformat import SaveError
from petrograd1917.savegame.session import PlaySession
from petrograd1917.savegame.slots import describe_slot
from petrograd1917.savegame.store import SUFFIX, example_store, find_save, read_slot
from petrograd1917.settings import Settings
from petrograd1917.story.model import CodexEntry, RecordEvent, Story
from petrograd1917.story.prose import plain, plain_inline, wrap

MIN_WIDTH = 20

HELP = """\
Type the number of a choice and press Enter. Other commands:
  help            this list
  look            show the scene again
  status          your role, what you carry (and, with the meter on, how your choices keep to the record)
  meter [on|off]  the fidelity meter: the score as you play, after each judged choice and in 'status' \
(off by default: the end report always gives it)
  codex [WORDS]   the codex: all entries, or those whose name or text has the words
  timeline        the record in date order, numbered, the events you have passed marked
  record [N]      an event of the record (its number in the timeline, or words of its title) with its \
sources and accounts; alone, the event your last choice was weighed against
  where           where this scene is on the city map, and the places nearest it
  sources         the sources of the last history note you were shown
  undo            take back your last choice (as often as you like)
  save NAME       save the game under NAME
  load NAME       load a saved game (or a shipped example) by name
  saves           list the saved games
  quit            leave the game (end of input does the same); the game is autosaved"""


def terminal_width() -> int:
    """The width to wrap to: $COLUMNS, else the terminal's, else 80; never under MIN_WIDTH."""
    return max(MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns)


def role_phrase(name: str) -> str:
    """A role's name inside a sentence: 'You are a woman worker.', 'You are Andrei Fomin, …'."""
    first, _, rest = name.partition(" ")
    return f"{first.lower()} {rest}" if first in ("A", "An", "The") and rest else name


def scene_heading(v: SceneView) -> list[str]:
    return [line for line in (v.title, v.act, f"{v.when}. {v.place}.") if line]


def find_events(story: Story, query: str) -> list[RecordEvent]:
    """Events of the record by their number in the timeline, their id, or words of their title."""
    order = in_date_order(story)
    q = " ".join(query.lower().split())
    if q.isdigit():
        return [order[int(q) - 1]] if 1 <= int(q) <= len(order) else []
    if q in story.events:
        return [story.events[q]]
    return [e for e in order if q and (q in e.title.lower() or q in e.id)]


def suggest_event(story: Story, query: str) -> str:
    """' (did you mean 'kornilov_affair'?)' for a word close to an event's id, else ""."""
    q = "_".join(query.lower().split())
    match = difflib.get_close_matches(q, list(story.events), n=1, cutoff=0.6)
    if not match:  # a word close to one word of an id: 'krymov' for 'krimov_death'
        words = {w: e for e in story.events for w in e.split("_") if len(w) > 3}
        close = difflib.get_close_matches(q, list(words), n=1, cutoff=0.7)
        match = [words[close[0]]] if close else []
    return f" (did you mean '{match[0]}'?)" if match else ""


def ask_role(story: Story, inp: TextIO, out: TextIO, width: int = 80) -> str | None:
    """Plain mode's role picker: a numbered list; a number or a role id picks, Enter the default.
    None when input ends or the player quits."""
    roles = list(story.roles.values())
    if len(roles) == 1:
        return roles[0].id
    say = Printer(out, width)
    say(f"{story.title}. Who are you?")
    for n, r in enumerate(roles, 1):
        say(f"  {n}. {r.name}" + (f": {plain_inline(r.blurb)}" if r.blurb else ""), hang=6)
    echo = not (hasattr(inp, "isatty") and inp.isatty())
    while True:
        say(f"Type a number from 1 to {len(roles)} (Enter: {story.roles[story.default_role].name}).")
        out.write("> ")
        out.flush()
        line = inp.readline()
        if not line:
            say()
            return None
        if echo:
            say(line.rstrip("\n"))
        word = line.strip().lower()
        if word in ("quit", "exit", "q"):
            return None
        if not word:
            return story.default_role
        if word.isdigit() and 1 <= int(word) <= len(roles):
            return roles[int(word) - 1].id
        if word in story.roles:
            return word
        say(f"There is no role '{line.strip()}'.")


class Printer:
    """Writes lines no wider than `width`: a longer line is wrapped, keeping its indent (plus `hang`)."""

    def __init__(self, out: TextIO, width: int) -> None:
        self.out = out
        self.width = width

    def __call__(self, text: str = "", hang: int = 0) -> None:
        lines = []
        for line in text.split("\n"):
            if len(line) <= self.width:
                lines.append(line.rstrip())
            else:
                indent = line[: len(line) - len(line.lstrip())]
                lines += wrap(line, self.width, indent, indent + " " * hang)
        self.out.write("\n".join(lines) + "\n")


class PlainSession:
    """Reads commands line by line and prints the game; owns no rule of the game."""

    def __init__(self, session: PlaySession, inp: TextIO = sys.stdin, out: TextIO = sys.stdout,
                 width: int | None = None, settings: Settings | None = None) -> None:
        self.session = session
        self.settings = settings if settings is not None else Settings.load()  # the fidelity meter, as the TUI
        session.warn = self.warn
        self.inp = inp
        self.out = out
        self.width = width or terminal_width()
        self.say = Printer(out, self.width)
        # Echo what was typed when it does not come from a person at a terminal, so transcripts read well.
        self.echo = not (hasattr(inp, "isatty") and inp.isatty())

    @property
    def game(self) -> Game:
        return self.session.game

    def warn(self, message: str) -> None:
        self.say(f"({message}.)")

    def prose(self, markdown: str, indent: str = "") -> None:
        self.say(plain(markdown, self.width, indent))

    def show_scene(self) -> None:
        v = self.game.view()
        self.say()
        self.say("\n".join(scene_heading(v)))
        self.say()
        self.prose(v.text)
        self.say()
        for c in v.choices:
            closed = "" if c.available else f"(closed: {plain_inline(c.reason)}) "
            self.say(f"  {c.number}. {closed}{plain_inline(c.text)}", hang=len(str(c.number)) + 2)

    def show_ending(self) -> None:
        g = self.game
        ending = g.scene.ending
        assert ending is not None
        self.say(f"THE END: {ending.title} ({ending.kind} ending)")
        self.say()
        self.prose(game_report(g).to_markdown())

    def show_verdict(self, w: WhatHappened, v: SceneView) -> None:
        self.say()
        if w.graded:
            self.prose(f"History: {w.verdict} {VERDICT_MARKS.get(w.verdict, '')}: {w.verdict_words} {w.note}")
        else:  # past a pivot: what really happened, without a verdict
            self.prose(f"History: {w.note}")
        self.say()
        self.prose(f"What really happened: {w.event_title}, {w.when}." + (f" {w.summary}" if w.summary else ""))
        self.say()
        self.prose("Source: " + "; ".join(w.sources))
        if w.contested:
            self.say("The sources disagree on this: type 'record' for their accounts.")
        if self.settings.fidelity_meter:
            self.say()
            self.say(f"Against the record: {v.fidelity}.")

    def show_status(self) -> None:
        v = self.game.view()
        self.say(f"You are {role_phrase(v.role_name)}.")
        for var in v.variables:
            self.say(f"  {var.label}: {var.with_max}", hang=2)
        if self.settings.fidelity_meter:
            self.say(f"Against the record: {v.fidelity}.")
        if v.pivot_step is not None:
            self.say(f"Your history has left the record at step {v.pivot_step}: nothing after it is graded.")

    def meter(self, word: str) -> None:
        """Turn the fidelity meter on or off (kept in the settings, as the TUI's switch), or say how it is."""
        word = word.lower()
        if word in ("on", "off"):
            self.settings.fidelity_meter = word == "on"
            if not self.settings.save():
                self.say("(The setting could not be kept: the config folder is not writable.)")
        elif word:
            self.say("Type 'meter on' or 'meter off'.")
            return
        if self.settings.fidelity_meter:
            self.say(f"The fidelity meter is on. Against the record: {self.game.view().fidelity}.")
        else:
            self.say("The fidelity meter is off: the end report gives the score. 'meter on' shows it as you play.")

    def show_codex(self, query: str) -> None:
        story = self.game.story
        found = find(story, query)
        q = " ".join(query.lower().split())
        exact = [e for e in found if q and (e.name.lower() == q or q in (a.lower() for a in e.aka))]
        if not found:
            self.say(f"Nothing in the codex matches '{query.strip()}'.")
        elif len(exact) == 1 or len(found) == 1:
            self.show_entry((exact or found)[0])
        else:
            for e in found:
                self.say(f"  {e.name} ({e.kind}): {plain_inline(e.summary)}", hang=4)
            self.say("Type 'codex' and a name to read an entry.")

    def show_entry(self, e: CodexEntry) -> None:
        story = self.game.story
        self.say(f"{e.name} ({e.kind})")
        self.say()
        self.prose(e.text)
        related = list(e.see) + [x.id for x in linked_from(story, e.id) if x.id not in e.see]
        names = [story.codex[i].name for i in related if i in story.codex]
        if names:
            self.say()
            self.say("See also: " + ", ".join(names) + ".", hang=2)
        events = [story.events[i].title for i in e.events if i in story.events]
        if events:
            self.say("In the record: " + "; ".join(events) + ".", hang=2)

    def show_where(self) -> None:
        """The scene's place on the city map in words, and the places of the record passed beyond it."""
        self.prose(where(self.game))
        on_map = places_on_map(self.game)
        off = [e.name for e in on_map.off_map_passed() if e != on_map.here]
        if off:
            self.prose("Beyond the city map, where your story has been: " + ", ".join(off) + ".")

    def show_sources(self) -> None:
        w = last_note(self.game)
        if w is None:
            self.say("No history note yet: the sources come with the note after a choice history can judge.")
            return
        self.say(f"Sources for {w.event_title}:")
        for source in w.sources:
            self.say(f"  {source}", hang=4)

    def show_timeline(self) -> None:
        g = self.game
        for n, t in enumerate(timeline(g.story, g.path, g.log), 1):
            mark = f" [{t.verdict}]" if t.verdict else (" [passed]" if t.passed else "")
            self.say(f"  {n:>3}. {short(t.event.date)}: {t.event.title}{mark}", hang=5)
        self.say("Type 'record' and a number to read an event.")

    def show_event(self, query: str) -> None:
        if not query.strip():
            v = self.game.view()
            if v.verdict is None:
                self.say("Type 'record' and an event's number from the timeline, or words of its title.")
                return
            found = [self.game.story.events[v.verdict.event_id]]
        else:
            found = find_events(self.game.story, query)
        if not found:
            self.say(f"Nothing in the record matches '{query.strip()}'{suggest_event(self.game.story, query)}. "
                     "Type 'timeline' to list it.")
        elif len(found) > 1:
            for e in found:
                self.say(f"  {short(e.date)}: {e.title}", hang=4)
            self.say("More than one event matches: type more of its title, or its number in the timeline.")
        else:
            self.show_one_event(found[0])

    def show_one_event(self, e: RecordEvent) -> None:
        story = self.game.story
        self.say(e.title)
        self.say(f"{event_when(e)}. {place_name(story, e.place)}.")
        self.say()
        self.prose(e.summary)
        for ref in e.sources:
            self.prose("Source: " + cite(story, ref))
        for a in e.accounts:
            self.say()
            self.prose(f"{a.label} ({cite(story, a.source)}): {a.text}")
        people = [c.name for c in entries_for_event(story, e.id)]
        if people:
            self.say()
            self.say("Codex: " + ", ".join(people) + ".", hang=2)

    def read(self) -> str | None:
        self.out.write("> ")
        self.out.flush()
        line = self.inp.readline()
        if not line:
            self.say()
            return None
        if self.echo:
            self.say(line.rstrip("\n"))
        return line.strip()

    def command(self, line: str) -> bool:
        """Handle one line; False means leave."""
        word, _, rest = line.partition(" ")
        word = word.lower()
        simple = {"help": lambda: self.say(HELP), "?": lambda: self.say(HELP), "look": self.show_scene,
                  "l": self.show_scene, "status": self.show_status, "timeline": self.show_timeline,
                  "undo": self.undo, "saves": self.list_saves, "where": self.show_where,
                  "sources": self.show_sources}
        with_rest = {"codex": self.show_codex, "record": self.show_event, "save": self.save, "load": self.load,
                     "meter": self.meter}
        if word in ("quit", "exit", "q"):
            return False
        if word in simple:
            simple[word]()
        elif word in with_rest:
            with_rest[word](rest.strip())
        elif word.isdigit():
            return self.take(int(word))
        elif word:
            n = len(self.game.choices())
            self.say(f"Unknown command '{word}'. Type a number from 1 to {n}, or 'help'.")
        return True

    def take(self, number: int) -> bool:
        """Take the numbered choice; False when the story is over and the input is a script, whose
        numbers can mean nothing more (so `yes 1 | petrograd1917 play --plain` comes to an end)."""
        if self.game.is_over:
            if self.echo:
                self.say("The story is over.")
                return False
            self.say("The story is over: 'save NAME' keeps this play-through, 'undo' takes back your last "
                     "choice, 'quit' leaves.")
            return True
        try:
            step = self.session.choose(number)  # autosaves
        except GameError as e:
            msg = str(e).rstrip(".")
            self.say(msg[:1].upper() + msg[1:] + ".")
            return True
        v = self.game.view()
        if v.revealed is not None:  # held back (reveal: after) from the choice before, until now
            self.show_verdict(v.revealed, v)
        if step.outcome_text:
            self.say()
            self.prose(step.outcome_text)
        if v.verdict is not None:
            self.show_verdict(v.verdict, v)
        self.show_scene()
        if self.game.is_over:
            self.show_ending()
            self.say()
            self.say("'save NAME' keeps this play-through; 'undo' takes back your last choice; 'quit' leaves.")
        return True

    def undo(self) -> None:
        if self.session.undo():  # autosaves
            self.say("You take back your last choice.")
            self.show_scene()
        else:
            self.say("There is nothing to undo.")

    def save(self, name: str) -> None:
        if not name:
            self.say("Type 'save NAME'.")
            return
        try:
            path = self.session.save_as(name)
        except (ValueError, SaveError) as e:
            self.say(f"Not saved: {e.problems[0].message if isinstance(e, SaveError) else e}.")
            return
        self.say(f"Saved as '{path.name.removesuffix(SUFFIX)}'.")

    def load(self, name: str) -> None:
        if not name:
            self.say("Type 'load NAME'; 'saves' lists them.")
            return
        try:
            path = find_save(name, self.session.store)
            if path is None:
                self.say(f"There is no save called '{name}'. Type 'saves' to list them.")
                return
            loaded = replay_save(self.game.machine, read_slot(path))
        except ValueError as e:
            self.say(f"{e}.")
            return
        except SaveError as e:
            self.say(f"Could not load '{name}': {e.problems[0]}")
            return
        self.session = PlaySession.resume(loaded, self.session.store, warn=self.warn)
        self.say(loaded.message)
        self.show_scene()
        if self.game.is_over:
            self.show_ending()

    def list_saves(self) -> None:
        slots = self.session.store.slots()
        examples = example_store().slots()
        if not slots and not examples:
            self.say("No saved games yet.")
        for title, group in (("Your saves:", slots), ("Examples:", examples)):
            if group:
                self.say(title)
            for slot in group:
                self.say("  " + describe_slot(self.game.story, slot), hang=4)

    def run(self) -> int:
        self.say(f"{self.game.story.title}. You are {role_phrase(self.game.story.roles[self.game.role].name)}.")
        self.say("Type 'help' for commands.")
        self.show_scene()
        while True:
            line = self.read()
            if line is None or not self.command(line):
                break
        self.session.close()  # keeps the game and its play time
        self.say("Goodbye.")
        return 0
