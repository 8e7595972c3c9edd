"""Settings: theme, text width and animations, saved for next time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalGroup
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Select, Static, Switch

from petrograd1917.settings import TEXT_WIDTHS


class SettingsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def compose(self) -> ComposeResult:
        app = self.app
        s = app.settings  # type: ignore[attr-defined]
        themes = sorted(app.available_themes)
        ours = [t for t in ("petrograd", "newsprint") if t in themes]
        ordered = ours + [t for t in themes if t not in ours]
        with VerticalGroup(id="settings-box"):
            yield Static("[b]Settings[/b]", id="settings-head")
            with HorizontalGroup(classes="setting"):
                yield Label("Theme", classes="setting-label")
                yield Select([(t, t) for t in ordered], value=s.theme if s.theme in themes else ordered[0],
                             allow_blank=False, id="set-theme")
            with HorizontalGroup(classes="setting"):
                yield Label("Text width", classes="setting-label")
                yield Select([(f"{w} columns" if w else "full width", w) for w in TEXT_WIDTHS], value=s.text_width,
                             allow_blank=False, id="set-width")
            with HorizontalGroup(classes="setting"):
                yield Label("Animations", classes="setting-label")
                yield Switch(value=s.animations, id="set-animations")
            yield Static("Changes apply at once and are kept for next time.", id="settings-hint")
            yield Button("Close", id="settings-close", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#set-theme", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "set-theme":
            self.app.change_settings(theme=str(event.value))  # type: ignore[attr-defined]
        elif event.select.id == "set-width":
            self.app.change_settings(text_width=int(event.value))  # type: ignore[arg-type,attr-defined]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self.app.change_settings(animations=event.value)  # type: ignore[attr-defined]
