"""The list of a scene's choices: numbered, closed ones greyed with the reason, set in one call."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from petrograd1917.engine.game import ChoiceView
from petrograd1917.tui.prose import markdown_content


def choice_prompt(c: ChoiceView) -> Content:
    """'2. Go home', or '3. Take the rifle  (closed: you lack the nerve)': the story's words as text."""
    text = Content.assemble(f"{c.number}. ", markdown_content(c.text))
    return text if c.available else Content.assemble(text, (f"  (closed: {c.reason})", "italic"))


class ChoiceList(OptionList):
    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[ChoiceView, ...] | None = None

    def show(self, choices: Sequence[ChoiceView]) -> None:
        """Show these choices, the first open one highlighted; nothing is redrawn if they are the same."""
        if tuple(choices) == self._shown:
            return
        self._shown = tuple(choices)
        self.set_options(Option(choice_prompt(c), id=c.id, disabled=not c.available) for c in choices)
        self.highlighted = next((i for i, c in enumerate(choices) if c.available), None)
