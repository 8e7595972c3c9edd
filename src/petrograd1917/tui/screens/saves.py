"""Saving and loading: a name for a new save, the list of saves (yours and the examples), confirmations."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalGroup
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from petrograd1917.savegame.slots import describe_slot
from petrograd1917.savegame.store import SaveStore, Slot
from petrograd1917.story.model import Story


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; Enter or y says yes, Esc or n says no."""

    BINDINGS = [Binding("escape,n", "dismiss(False)", "No"), Binding("y", "dismiss(True)", "Yes")]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with VerticalGroup(classes="dialog"):
            yield Static(escape(self.question), classes="dialog-text")
            with HorizontalGroup(classes="dialog-buttons"):
                yield Button(self.yes, id="yes", variant="primary")
                yield Button(self.no, id="no")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class SaveAsScreen(ModalScreen[str | None]):
    """Asks for a name for the save."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, suggestion: str = "") -> None:
        super().__init__()
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with VerticalGroup(classes="dialog"):
            yield Static("[b]Save the game[/b]\nA name for this save (letters and digits):", classes="dialog-text")
            yield Input(value=self.suggestion, placeholder="e.g. before the palace", id="save-name")
            yield Static("Enter to save · Esc to cancel", classes="dialog-hint")
            with HorizontalGroup(classes="dialog-buttons"):
                yield Button("Save", id="save-ok", variant="primary")
                yield Button("Cancel", id="save-cancel")
        yield Footer()

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
    """Your saves and the shipped examples; Enter picks one, d deletes one of yours."""

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
            yield Static(f"[b]{escape(self.title_text)}[/b]", classes="dialog-text")
            yield OptionList(id="slots")
            yield Static("Enter or a click to open · d to delete one of your saves · Esc to go back",
                         classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.fill()
        self.query_one(OptionList).focus()

    def fill(self) -> None:
        slots = self.query_one(OptionList)
        slots.clear_options()
        self.by_id.clear()
        for heading, store in (("Your saves", self.store), ("Examples", self.examples)):
            group = store.slots()
            if not group:
                continue
            slots.add_option(Option(f"[b]{heading}[/b]", disabled=True))
            for slot in group:
                key = f"{'ex' if store.read_only else 'my'}:{slot.name}"
                self.by_id[key] = slot
                slots.add_option(Option(escape(describe_slot(self.story, slot)), id=key, disabled=slot.save is None))
        if not self.by_id:
            slots.add_option(Option("No saves yet.", disabled=True))
        else:
            slots.highlighted = next(i for i in range(slots.option_count) if not slots.get_option_at_index(i).disabled)

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
                except Exception as e:  # SaveError: say so, keep the list
                    self.notify(str(e), severity="error")
                self.fill()

        self.app.push_screen(ConfirmScreen(f"Delete the save '{name}'? This cannot be undone.", "Delete", "Keep"),
                             callback=done)
