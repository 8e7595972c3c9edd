"""Help: the keys of every screen, made from the command table, and how to read the game."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from petrograd1917.tui.commands import help_rows
from petrograd1917.tui.screens.base import SCREENS_CSS
from petrograd1917.tui.widgets.key_hints import KeyHints

READING = """\
Underlined words in a scene are codex entries: click them to read about them. Choices you cannot take
are shown greyed, with the reason. Dates are given in the Old Style (Julian) calendar Russia used in
1917, with the New Style (Gregorian) date in brackets. After a judged choice, a history note says what
really happened; e shows it whole. ctrl+p finds any command by name."""


def help_content() -> Content:
    """One section a place, the keys in a column of their own that never wraps."""
    rows = list(help_rows())
    width = max(len(keys) for _, keys, _ in rows) + 2
    parts: list[str | tuple[str, str]] = [("KEYS", "bold")]
    last = ""
    for where, keys, what in rows:
        if where != last:
            parts += ["\n\n", (where.capitalize(), "bold underline")]
            last = where
        parts += ["\n", (keys.ljust(width), "bold"), what]
    parts += ["\n\n", ("READING THE GAME", "bold"), "\n", READING.replace("\n", " "), "\n\n",
              ("Esc closes this help.", "italic")]
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = SCREENS_CSS
    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss(None)", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(help_content(), id="help-text")
        yield KeyHints()
