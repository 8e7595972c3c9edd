"""The end report: the ending, the player's path beside the record, every divergence, the contested
accounts; and the ways on: the title menu, a replay of this game, a new game."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import HorizontalGroup, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from petrograd1917.history.report import EndReport
from petrograd1917.tui.commands import bindings
from petrograd1917.tui.messages import NewGame, QuitGame, ReplayThis, TitleMenu
from petrograd1917.tui.prose import markdown_content
from petrograd1917.tui.screens.base import SCREENS_CSS, FaceScreen
from petrograd1917.tui.widgets.side_panel import fidelity_words

VERDICTS = {"historical": "✓ Historical", "divergent": "✗ Divergent", "plausible": "~ Plausible"}
BUTTONS: dict[str, tuple[str, type[Message]]] = {
    "end-menu": ("Title menu (esc)", TitleMenu),
    "end-replay": ("Replay this game (p)", ReplayThis),
    "end-new": ("New game (n)", NewGame),
    "end-quit": ("Quit", QuitGame),
}


def fidelity_line(report: EndReport) -> str:
    f = report.fidelity
    if not f.judged:
        return "no judged choices"
    return f"{round(100 * f.historical / f.judged)}%: {fidelity_words(f)}"


def _heading(text: str) -> list[str | Content | tuple[str, str]]:
    return ["\n\n", (text.upper(), "bold underline"), "\n"]


def report_content(r: EndReport) -> Content:
    """The report as the player reads it; the story's words are text (notes may use Markdown)."""
    parts: list[str | Content | tuple[str, str]] = [("Role: ", "bold"), r.role_name]
    if r.ending_title:
        parts += ["\n", ("Ending: ", "bold"), f"{r.ending_title}, {r.ending_kind} ending"]
    parts += ["\n", ("Fidelity to the record: ", "bold"), fidelity_line(r)]
    parts += _heading("Your path beside the record")
    for row in r.path:  # a blank line between steps: long lines wrap to the margin, so no indents
        parts += ["\n", (f"{row.step}. ", "bold"), (row.scene_title, "bold italic"), f" · {row.date}",
                  "\nYou chose: ", row.choice_text]
        if row.verdict:
            parts += ["\n", (VERDICTS.get(row.verdict, row.verdict), "bold"), ", weighed against ",
                      (row.event_title or "", "italic"), f", {row.event_date}: ", markdown_content(row.note or "")]
        parts.append("\n")
    if not r.path:
        parts.append("\nNo choices made.")
    parts += _heading("Where you left the record")
    if not r.divergences:
        parts.append("\nNowhere: none of your judged choices went against the record.")
    for d in r.divergences:
        parts += ["\n", (f"Step {d.step}: {d.choice_text}. ", "bold"), markdown_content(d.note),
                  "\nWhat really happened: ", (d.event_title, "italic"), f", {d.event_date}. ",
                  markdown_content(d.what_happened), "\nSources: ", "; ".join(d.sources), "\n"]
    if r.contested:
        parts += _heading("Where the sources disagree")
        for c in r.contested:
            parts += ["\n", (c.event_title, "bold"), f", {c.event_date}"]
            for a in c.accounts:
                parts += ["\n", (a.label, "bold"), f" ({a.source}): ", markdown_content(a.text)]
            parts.append("\n")
    return Content.assemble(*parts)


class EndScreen(FaceScreen):
    CSS_PATH = SCREENS_CSS
    BINDINGS = bindings("end")

    def __init__(self, report: EndReport) -> None:
        super().__init__()
        self.report = report

    def body(self) -> ComposeResult:
        r = self.report
        kind = f"{r.ending_kind} ending" if r.ending_kind else "unfinished"
        yield Static(Content.assemble(("THE END · ", "bold"), (r.ending_title or "", "bold"), "\n",
                                      (kind, "italic"), f" · fidelity {fidelity_line(r)}"), id="end-head")
        with VerticalScroll(id="end-scroll", can_focus=False):
            # One Static, not a Markdown widget: the report of a long game made hundreds of widgets.
            yield Static(report_content(r), id="end-report")
        with HorizontalGroup(id="end-buttons"):
            for button_id, (label, _) in BUTTONS.items():
                yield Button(label, id=button_id, variant="primary" if button_id == "end-menu" else "default")

    def text_box(self) -> VerticalScroll:
        return self.query_one("#end-scroll", VerticalScroll)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#end-menu", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.post_message(BUTTONS[event.button.id or "end-menu"][1]())
