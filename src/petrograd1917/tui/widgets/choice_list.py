"""The list of a scene's choices: numbered, closed ones greyed with the reason, set in one call."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.css.scalar import Unit
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
        before = self.virtual_size.height if self.scrollable_content_region else None
        self.set_options(Option(choice_prompt(c), id=c.id, disabled=not c.available) for c in choices)
        self.highlighted = next((i for i, c in enumerate(choices) if c.available), None)
        after = self.virtual_size.height
        if before is not None and (after == before or max(after, before) <= self._lines_at_least()):
            # As high as before (OptionList asks for a layout of the whole screen whatever the
            # change): the new options are drawn, nothing is laid out.
            self._layout_required = False

    def _lines_at_least(self) -> int:
        """How many lines of options the list's minimum height holds (three: a scene with two or
        three choices does not move the text above)."""
        least = self.styles.min_height
        return int(least.value) - self.styles.gutter.height if least is not None and least.unit is Unit.CELLS else 0
