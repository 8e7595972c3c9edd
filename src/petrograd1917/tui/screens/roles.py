"""Choosing a role for a new game: each role's name and blurb; a number key picks one at once."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalGroup
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from petrograd1917.story.model import Story
from petrograd1917.tui.commands import bindings
from petrograd1917.tui.prose import markdown_content
from petrograd1917.tui.screens.base import SCREENS_CSS
from petrograd1917.tui.widgets.key_hints import KeyHints


class RoleScreen(ModalScreen[str | None]):
    CSS_PATH = SCREENS_CSS
    BINDINGS = bindings("roles")

    def __init__(self, story: Story) -> None:
        super().__init__()
        self.story = story
        self.role_ids = list(story.roles)

    def compose(self) -> ComposeResult:
        with VerticalGroup(id="role-box"):
            yield Static("Who are you, in the autumn of 1917?", id="role-head")
            yield OptionList(*(Option(Content(f"{n}. {r.name}"), id=r.id)
                               for n, r in enumerate(self.story.roles.values(), start=1)), id="role-list")
            # The first role's blurb from the start: set only once the list highlights it, the first
            # time the screen opens, it was laid out one line high. Its links, if any, are words.
            first = next(iter(self.story.roles.values()), None)
            yield Static(markdown_content(first.blurb) if first else "", id="role-blurb")
            yield Static("Enter, a click or the role's number to begin · Esc to go back", id="role-hint")
        yield KeyHints()

    def on_mount(self) -> None:
        roles = self.query_one(OptionList)
        roles.focus()
        roles.highlighted = 0

    @on(OptionList.OptionHighlighted, "#role-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        role = self.story.roles.get(event.option_id or "")
        if role:
            self.query_one("#role-blurb", Static).update(markdown_content(role.blurb))

    @on(OptionList.OptionSelected, "#role-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick" and parameters and not 1 <= int(str(parameters[0])) <= len(self.role_ids):
            return False
        return True

    def action_pick(self, number: int) -> None:
        self.dismiss(self.role_ids[number - 1])

    def action_back(self) -> None:
        self.dismiss(None)
