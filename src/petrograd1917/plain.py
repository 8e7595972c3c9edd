"""The plain line mode: the whole game as numbered text, for scripts, screen readers and any terminal."""

from __future__ import annotations

import sys
import textwrap
from typing import TextIO

from petrograd1917.engine.game import Game, GameError
from petrograd1917.history.calendar import both
from petrograd1917.story.model import Scene, Story

WIDTH = 78

HELP = """\
Type the number of a choice and press Enter.
Other commands:
  help       this list
  look       show the scene again
  quit       leave the game (end of input does the same)"""


def wrap(text: str, indent: str = "") -> str:
    """Wrap Markdown prose paragraph by paragraph, keeping blank lines between them."""
    paras = [p.strip() for p in text.strip().split("\n\n")]
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), WIDTH, initial_indent=indent, subsequent_indent=indent) for p in paras if p
    )


def place_name(story: Story, place: str) -> str:
    entry = story.codex.get(place)
    return entry.name if entry else place.replace("_", " ").capitalize()


def scene_heading(story: Story, scene: Scene) -> str:
    when = both(scene.date, year_twice=True)
    if scene.time:
        when += f", {scene.time}"
    act = next((a.title for a in story.acts if a.id == scene.act), "")
    lines = [f"== {scene.title} ==", act, f"{when}. {place_name(story, scene.place)}."]
    return "\n".join(line for line in lines if line)


class PlainSession:
    """Reads commands line by line and prints the game; owns no rule of the game."""

    def __init__(self, game: Game, inp: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
        self.game = game
        self.inp = inp
        self.out = out
        # Echo what was typed when it does not come from a person at a terminal, so transcripts read well.
        self.echo = not (hasattr(inp, "isatty") and inp.isatty())

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
        elif word.isdigit():
            self.take(int(word))
        elif word:
            n = len(self.game.choices())
            self.say(f"Unknown command '{word}'. Type a number from 1 to {n}, or 'help'.")
        return True

    def take(self, number: int) -> None:
        try:
            step = self.game.choose_number(number)
        except GameError as e:
            msg = str(e)
            self.say(msg[:1].upper() + msg[1:] + ".")
            return
        if step.outcome_text:
            self.say()
            self.say(wrap(step.outcome_text))
        self.show_scene()
        if self.game.is_over:
            self.show_ending()

    def run(self) -> int:
        self.say(f"{self.game.story.title}. You are {self.game.story.roles[self.game.role].name}.")
        self.say("Type 'help' for commands.")
        self.show_scene()
        while not self.game.is_over:
            line = self.read()
            if line is None or not self.command(line):
                break
        self.say("Goodbye.")
        return 0
