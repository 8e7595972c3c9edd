"""Saving and loading: a name for a new save, the list of saves (yours and the examples), confirmations."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalGroup
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from petrograd1917.savegame.saveformat import SaveError
from petrograd1917.savegame.slots import describe_slot
from petrograd1917.savegame.store import SaveStore, Slot
from petrograd1917.story.model import Story
from petrograd1917.tui.screens.base import SCREENS_CSS
from petrograd1917.tui.widgets.key_hints import KeyHints


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; Enter or y says yes, Esc or n says no."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [Binding("escape,n", "dismiss(False)", "No"), Binding("y", "dismiss(True)", "Yes")]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with VerticalGroup(classes="dialog"):
            yield Static(Content(self.question), classes="dialog-text")
            with HorizontalGroup(classes="dialog-buttons"):
                yield Button(Content(self.yes), id="yes", variant="primary")
                yield Button(Content(self.no), id="no")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class SaveAsScreen(ModalScreen[str | None]):
    """Asks for a name for the save."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, suggestion: str = "") -> None:
        super().__init__()
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with VerticalGroup(classes="dialog"):
            yield Static(Content.from_markup("[b]Save the game[/b]\nA name for this save, in letters, digits and "
                                             "spaces:"), classes="dialog-text")
            yield Input(value=self.suggestion, placeholder="e.g. before the palace", id="save-name")
            yield Static("Enter to save · Esc to cancel", classes="dialog-hint")
            with HorizontalGroup(classes="dialog-buttons"):
                yield Button("Save", id="save-ok", variant="primary")
                yield Button("Cancel", id="save-cancel")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        value = self.query_one(Input).value.strip()
        if event.button.id == "save-cancel":
            self.dismiss(None)
        elif value:
            self.dismiss(value)


class SlotsScreen(ModalScreen[Path | None]):
    """Your saves and the shipped examples, read in a thread; Enter picks one, d deletes one of yours."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back"),
        Binding("d,delete", "delete", "Delete", id="slots.delete"),
    ]

    def __init__(self, story: Story, store: SaveStore, examples: SaveStore, title: str) -> None:
        super().__init__()
        self.story, self.store, self.examples, self.title_text = story, store, examples, title
        self.by_id: dict[str, Slot] = {}

    def compose(self) -> ComposeResult:
        with VerticalGroup(classes="dialog wide"):
            yield Static(Content(self.title_text).stylize("bold"), classes="dialog-text")
            yield OptionList(Option("Reading the saves…", disabled=True), id="slots")
            yield Static("Enter or a click to open · d to delete one of your saves · Esc to go back",
                         classes="dialog-hint")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.read()

    @work(thread=True, exclusive=True, group="slots")
    def read(self) -> list[tuple[str, list[Slot]]]:
        """Every save is read and replay-checked for its description: not on the UI thread."""
        story = self.story.id
        return [(heading, store.slots(story)) for heading, store in (("Your saves", self.store),
                                                                      ("Examples", self.examples))]

    @on(Worker.StateChanged)
    def _read(self, event: Worker.StateChanged) -> None:
        result = event.worker.result
        if event.state is WorkerState.SUCCESS and event.worker.group == "slots" and isinstance(result, list):
            self.fill(result)

    def fill(self, groups: list[tuple[str, list[Slot]]]) -> None:
        options: list[Option] = []
        self.by_id.clear()
        for heading, group in groups:
            if not group:
                continue
            options.append(Option(Content(heading).stylize("bold"), disabled=True))
            for slot in group:
                key = f"{'my' if heading == 'Your saves' else 'ex'}:{slot.name}"
                self.by_id[key] = slot
                options.append(Option(Content(describe_slot(self.story, slot)), id=key, disabled=slot.save is None))
        slots = self.query_one(OptionList)
        slots.set_options(options or [Option("No saves yet.", disabled=True)])
        slots.highlighted = next((i for i, o in enumerate(options) if not o.disabled), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        slot = self.by_id.get(event.option_id or "")
        if slot is not None:
            self.dismiss(slot.path)

    def action_delete(self) -> None:
        slots = self.query_one(OptionList)
        if slots.highlighted is None:
            return
        key = slots.get_option_at_index(slots.highlighted).id or ""
        if not key.startswith("my:"):
            self.notify("The examples cannot be deleted.", severity="warning")
            return
        name = key.removeprefix("my:")

        def done(yes: bool | None) -> None:
            if yes:
                try:
                    self.store.delete(name)
                except SaveError as e:
                    self.notify(e.problems[0].message, severity="error", markup=False)
                self.read()

        self.app.push_screen(ConfirmScreen(f"Delete the save '{name}'? This cannot be undone.", "Delete", "Keep"),
                             callback=done)
