"""Choosing a role for a new game: each role's name and blurb."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalGroup
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from petrograd1917.story.model import Story


class RoleScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Back")]

    def __init__(self, story: Story) -> None:
        super().__init__()
        self.story = story

    def compose(self) -> ComposeResult:
        with VerticalGroup(id="role-box"):
            yield Static("Who are you, in the autumn of 1917?", id="role-head")
            yield OptionList(*(Option(r.name, id=r.id) for r in self.story.roles.values()), id="role-list")
            yield Markdown("", id="role-blurb")
            yield Static("Enter or a click to begin · Esc to go back", id="role-hint")
        yield Footer()

    def on_mount(self) -> None:
        roles = self.query_one(OptionList)
        roles.focus()
        roles.highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        role = self.story.roles.get(event.option_id or "")
        if role:
            self.query_one("#role-blurb", Markdown).update(role.blurb)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)
