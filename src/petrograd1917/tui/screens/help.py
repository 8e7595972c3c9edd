"""Help: the keys of every screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

HELP = """\
# Keys

| where | key | what it does |
| --- | --- | --- |
| everywhere | ctrl+q | quit |
| everywhere | ctrl+p | command palette: every command by name |
| everywhere | ? or F1 | this help |
| game | 1–9 | take a choice |
| game | ↑ ↓ and Enter | move between choices and take one; a mouse click works too |
| game | c / t / j | codex / timeline / journal |
| game | v | show or hide the history note after a judged choice |
| game | u | undo: take back the last choice (as often as you like) |
| game | s / l | save under a name / load a save |
| replay | ← → Home End | step through a saved play-through; b plays on from the step shown |
| game | Esc | back to the title menu (the game is kept) |
| codex | / | search; type to filter, ↑ ↓ to browse |
| codex, timeline, journal | Esc | back |
| end | n / q | new game / quit |

Underlined words in a scene are codex entries: click them to read about them.
Choices you cannot take are shown greyed, with the reason. Dates are given in the Old Style
(Julian) calendar Russia used in 1917, with the New Style (Gregorian) date in brackets.

*Esc closes this help.*
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss(None)", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(HELP)
        yield Footer()
