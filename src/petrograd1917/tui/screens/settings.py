"""Settings: theme, text width, animations and the fidelity meter, applied at once and saved for next time."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalGroup
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, Static, Switch

from petrograd1917.settings import TEXT_WIDTHS, Settings
from petrograd1917.tui.messages import ChangeSettings
from petrograd1917.tui.screens.base import SCREENS_CSS
from petrograd1917.tui.themes import OURS
from petrograd1917.tui.widgets.key_hints import KeyHints


def on_off(value: bool) -> str:
    return "On" if value else "Off"


class SettingsScreen(ModalScreen[None]):
    CSS_PATH = SCREENS_CSS
    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, settings: Settings, themes: list[str]) -> None:
        super().__init__()
        self.settings = settings
        ours = [t.name for t in OURS if t.name in themes]
        self.themes = ours + [t for t in themes if t not in ours]

    def compose(self) -> ComposeResult:
        s = self.settings
        with VerticalGroup(id="settings-box"):
            yield Static("[b]Settings[/b]", id="settings-head")
            with HorizontalGroup(classes="setting"):
                yield Label("Theme", classes="setting-label")
                yield Select([(t, t) for t in self.themes], allow_blank=False, id="set-theme",
                             value=s.theme if s.theme in self.themes else self.themes[0])
            with HorizontalGroup(classes="setting"):
                yield Label("Text width", classes="setting-label")
                yield Select([(f"{w} columns" if w else "full width", w) for w in TEXT_WIDTHS], value=s.text_width,
                             allow_blank=False, id="set-width")
            with HorizontalGroup(classes="setting"):
                yield Label("Animations", classes="setting-label")
                yield Switch(value=s.animations, id="set-animations")
                yield Label(on_off(s.animations), id="set-animations-state", classes="setting-state")
            with HorizontalGroup(classes="setting"):
                yield Label("Fidelity meter", classes="setting-label")
                yield Switch(value=s.fidelity_meter, id="set-meter")
                yield Label(on_off(s.fidelity_meter), id="set-meter-state", classes="setting-state")
            yield Static("Changes apply at once and are kept for next time. The fidelity meter shows as you "
                         "play how your choices keep to the record; the end report always says.", id="settings-hint")
            yield Button("Close", id="settings-close", variant="primary")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#set-theme", Select).focus()

    @on(Select.Changed, "#set-theme")
    def _theme(self, event: Select.Changed) -> None:
        self.post_message(ChangeSettings("theme", str(event.value)))

    @on(Select.Changed, "#set-width")
    def _width(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self.post_message(ChangeSettings("text_width", event.value))

    @on(Switch.Changed, "#set-animations")
    def _animations(self, event: Switch.Changed) -> None:
        self.query_one("#set-animations-state", Label).update(on_off(event.value))
        self.post_message(ChangeSettings("animations", event.value))

    @on(Switch.Changed, "#set-meter")
    def _meter(self, event: Switch.Changed) -> None:
        self.query_one("#set-meter-state", Label).update(on_off(event.value))
        self.post_message(ChangeSettings("fidelity_meter", event.value))

    @on(Button.Pressed, "#settings-close")
    def _close(self) -> None:
        self.dismiss(None)
