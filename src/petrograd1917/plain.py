"""The plain line mode: the whole game as numbered text, for scripts, screen readers and any terminal."""

from __future__ import annotations

import sys
import textwrap
from typing import TextIO

from petrograd1917.engine.game import Game, GameError
from petrograd1917.history.calendar import both, short
from petrograd1917.history.codex import entries_for_event, find, linked_from, place_name
from petrograd1917.history.judge import cite, event_when, fidelity, judged_steps, what_happened
from petrograd1917.history.report import end_report
from petrograd1917.history.timeline import timeline
from petrograd1917.paths import shipped_saves_dir
from petrograd1917.savegame.loading import replay_save
from petrograd1917.savegame.saveformat import SaveError
from petrograd1917.savegame.session import PlaySession
from petrograd1917.savegame.slots import describe_slot
from petrograd1917.savegame.store import SUFFIX, SaveStore
from petrograd1917.story.model import Choice, Scene, Story

WIDTH = 78

HELP = """\
Type the number of a choice and press Enter.
Other commands:
  help            this list
  look            show the scene again
  status          your role, what you carry, and your fidelity to the record
  codex [WORDS]   the codex: all entries, or the entries matching an id or words
  timeline        the record in date order, the events you have passed marked
  record ID       one event of the record, with its sources and accounts
  undo            take back your last choice (as often as you like)
  save NAME       save the game under NAME
  load NAME       load a saved game (or a shipped example) by name
  saves           list the saved games
  quit            leave the game (end of input does the same); the game is autosaved"""


def wrap(text: str, indent: str = "") -> str:
    """Wrap Markdown prose paragraph by paragraph, keeping blank lines between them."""
    paras = [p.strip() for p in text.strip().split("\n\n")]
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), WIDTH, initial_indent=indent, subsequent_indent=indent) for p in paras if p
    )


def scene_heading(story: Story, scene: Scene) -> str:
    when = both(scene.date, year_twice=True)
    if scene.time:
        when += f", {scene.time}"
    act = next((a.title for a in story.acts if a.id == scene.act), "")
    lines = [f"== {scene.title} ==", act, f"{when}. {place_name(story, scene.place)}."]
    return "\n".join(line for line in lines if line)


class PlainSession:
    """Reads commands line by line and prints the game; owns no rule of the game."""

    def __init__(self, session: PlaySession, inp: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
        self.session = session
        self.inp = inp
        self.out = out
        # Echo what was typed when it does not come from a person at a terminal, so transcripts read well.
        self.echo = not (hasattr(inp, "isatty") and inp.isatty())

    @property
    def game(self) -> Game:
        return self.session.game

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def show_scene(self) -> None:
        g = self.game
        self.say()
        self.say(scene_heading(g.story, g.scene))
        self.say()
        self.say(wrap(g.scene.text))
        self.say()
        if g.is_over:
            return
        for c in g.choices():
            if c.available:
                self.say(f"  {c.number}. {c.text}")
            else:
                self.say(f"  {c.number}. (closed: {c.reason}) {c.text}")

    def show_ending(self) -> None:
        ending = self.game.scene.ending
        assert ending is not None
        self.say(f"THE END: {ending.title} ({ending.kind} ending)")
        self.say()
        g = self.game
        self.say(end_report(g.story, g.role, g.path, g.log).to_markdown().rstrip())

    def show_verdict(self, choice: Choice) -> None:
        assert choice.history is not None
        w = what_happened(self.game.story, choice.history)
        self.say()
        self.say(f"-- History: {w.verdict.upper()} --")
        self.say(wrap(f"{w.verdict.capitalize()}: {w.verdict_words} {w.note}"))
        self.say(wrap(f"What really happened: {w.event_title}, {w.when}. {w.summary}"))
        self.say(wrap("Source: " + "; ".join(w.sources)))
        if w.contested:
            self.say(f"The sources disagree on this: type 'record {w.event_id}' for their accounts.")

    def show_status(self) -> None:
        g = self.game
        self.say(f"You are {g.story.roles[g.role].name}.")
        for var in g.story.variables.values():
            if var.shown_to(g.role):
                value = g.values[var.name]
                shown = ("yes" if value else "no") if var.type == "bool" else value
                self.say(f"  {var.label}: {shown}")
        self.say(f"Fidelity to the record: {fidelity(judged_steps(g.story, g.log))}")

    def show_codex(self, query: str) -> None:
        story = self.game.story
        found = find(story, query)
        if not found:
            self.say(f"Nothing in the codex matches '{query.strip()}'.")
        elif len(found) > 1 or not query.strip():
            for e in found:
                self.say(f"  {e.id:<24} {e.name}: {e.summary}")
            self.say("Type 'codex ID' to read an entry.")
        else:
            e = found[0]
            self.say(f"== {e.name} ({e.kind}) ==")
            self.say(wrap(e.text))
            related = list(e.see) + [x.id for x in linked_from(story, e.id) if x.id not in e.see]
            if related:
                self.say(wrap("See also: " + ", ".join(related)))
            if e.events:
                self.say(wrap("In the record: " + ", ".join(e.events)))

    def show_timeline(self) -> None:
        g = self.game
        for t in timeline(g.story, g.path, g.log):
            mark = f"[{t.verdict}]" if t.verdict else ("[passed]" if t.passed else "")
            self.say(f"  {short(t.event.date):<16} {t.event.title} ({t.event.id}) {mark}".rstrip())
        self.say("Type 'record ID' to read an event.")

    def show_event(self, event_id: str) -> None:
        story = self.game.story
        e = story.events.get(event_id)
        if e is None:
            self.say(f"There is no event '{event_id}' in the record." if event_id else "Type 'record ID'.")
            return
        self.say(f"== {e.title} ==")
        self.say(f"{event_when(e)}. {place_name(story, e.place)}.")
        self.say(wrap(e.summary))
        for ref in e.sources:
            self.say(wrap("Source: " + cite(story, ref)))
        for a in e.accounts:
            self.say()
            self.say(wrap(f"{a.label} ({cite(story, a.source)}): {a.text}"))
        people = [c.name for c in entries_for_event(story, e.id)]
        if people:
            self.say(wrap("Codex: " + ", ".join(people)))

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
        if word in ("quit", "exit", "q"):
            return False
        if word in ("help", "?", "h"):
            self.say(HELP)
        elif word in ("look", "l"):
            self.show_scene()
        elif word == "status":
            self.show_status()
        elif word == "codex":
            self.show_codex(rest)
        elif word == "timeline":
            self.show_timeline()
        elif word == "record":
            self.show_event(rest.strip())
        elif word == "undo":
            self.undo()
        elif word == "save":
            self.save(rest.strip())
        elif word == "load":
            self.load(rest.strip())
        elif word == "saves":
            self.list_saves()
        elif word.isdigit():
            self.take(int(word))
        elif word:
            n = len(self.game.choices())
            self.say(f"Unknown command '{word}'. Type a number from 1 to {n}, or 'help'.")
        return True

    def take(self, number: int) -> None:
        if self.game.is_over:
            self.say("The story is over: 'save NAME' keeps this play-through, 'undo' takes back your last "
                     "choice, 'quit' leaves.")
            return
        try:
            step = self.game.choose_number(number)
        except GameError as e:
            msg = str(e).rstrip(".")
            self.say(msg[:1].upper() + msg[1:] + ".")
            return
        if step.outcome_text:
            self.say()
            self.say(wrap(step.outcome_text))
        if step.choice.history:
            self.show_verdict(step.choice)
        self.autosave()
        self.show_scene()
        if self.game.is_over:
            self.show_ending()
            self.say()
            self.say("'save NAME' keeps this play-through; 'undo' takes back your last choice; 'quit' leaves.")

    def autosave(self) -> None:
        try:
            self.session.autosave()
        except SaveError as e:
            self.say(f"(Autosave failed: {e.problems[0].message}.)")

    def undo(self) -> None:
        if self.session.undo():
            self.say("You take back your last choice.")
            self.autosave()
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
        stores = (self.session.store, SaveStore(shipped_saves_dir(), read_only=True))
        for store in stores:
            try:
                if store.path(name).is_file():
                    loaded = replay_save(self.game.machine, store.read(name))
                    break
            except ValueError as e:
                self.say(f"{e}.")
                return
            except SaveError as e:
                self.say(f"Could not load '{name}': {e.problems[0]}")
                return
        else:
            self.say(f"There is no save called '{name}'. Type 'saves' to list them.")
            return
        self.session = PlaySession.resume(loaded, self.session.store)
        self.say(loaded.message)
        self.show_scene()
        if self.game.is_over:
            self.show_ending()

    def list_saves(self) -> None:
        slots = self.session.store.slots()
        examples = SaveStore(shipped_saves_dir(), read_only=True).slots()
        if not slots and not examples:
            self.say("No saved games yet.")
        for title, group in (("Your saves:", slots), ("Examples:", examples)):
            if group:
                self.say(title)
            for slot in group:
                self.say("  " + describe_slot(self.game.story, slot))

    def run(self) -> int:
        self.say(f"{self.game.story.title}. You are {self.game.story.roles[self.game.role].name}.")
        self.say("Type 'help' for commands.")
        self.show_scene()
        while True:
            line = self.read()
            if line is None or not self.command(line):
                break
        if self.game.log:
            self.autosave()
        self.say("Goodbye.")
        return 0
