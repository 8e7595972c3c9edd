"""The timeline: the record in date order, the events the player passed marked, contested accounts side by side."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.widgets import Footer, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from petrograd1917.history.codex import entries_for_event, place_name
from petrograd1917.history.calendar import short
from petrograd1917.history.judge import cite, event_when
from petrograd1917.history.timeline import TimelineEntry
from petrograd1917.story.model import Story
from petrograd1917.tui.screens.base import GameFaceScreen

MARKS = {"historical": "✓ historical", "divergent": "✗ divergent", "plausible": "~ plausible"}


def entry_label(t: TimelineEntry) -> str:
    mark = MARKS.get(t.verdict or "", "• passed" if t.passed else "")
    label = f"{short(t.event.date):<15} {escape(t.event.title)}"
    return f"[b]{label}[/b]  [i]{mark}[/i]" if mark else label


class TimelineScreen(GameFaceScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="back")]

    def __init__(self, story: Story, entries: list[TimelineEntry], event_id: str | None = None) -> None:
        super().__init__()
        self.story = story
        self.entries = entries
        self.event_id = event_id

    def body(self) -> ComposeResult:
        passed = sum(1 for t in self.entries if t.passed)
        yield Static(f"[b]Timeline[/b]: the record in date order (Old Style, New Style in brackets) · "
                     f"you have passed {passed} of {len(self.entries)} events", id="timeline-head")
        with Horizontal(id="timeline-body"):
            yield OptionList(*(Option(entry_label(t), id=t.event.id) for t in self.entries), id="timeline-list")
            with VerticalScroll(id="timeline-detail"):
                yield Markdown("", id="timeline-event", open_links=False)
                yield Horizontal(id="timeline-accounts")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        events = self.query_one("#timeline-list", OptionList)
        ids = [t.event.id for t in self.entries]
        start = ids.index(self.event_id) if self.event_id in ids else next(
            (i for i, t in enumerate(self.entries) if t.passed), 0)
        events.highlighted = start
        events.focus()
        if self.entries:
            self.show_event(ids[start])

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id:
            self.show_event(event.option_id)

    def show_event(self, event_id: str) -> None:
        e = self.story.events[event_id]
        t = next(t for t in self.entries if t.event.id == event_id)
        people = ", ".join(f"[{c.name}](codex:{c.id})" for c in entries_for_event(self.story, event_id))
        lines = [f"## {e.title}", f"**{event_when(e)}** · {place_name(self.story, e.place)}", "", e.summary, ""]
        if t.verdict:
            lines += [f"**Your choice here:** {MARKS[t.verdict]}", ""]
        elif t.passed:
            lines += ["**You passed through this.**", ""]
        lines += ["**Sources:**", ""] + [f"- {cite(self.story, s)}" for s in e.sources]
        if people:
            lines += ["", f"**Codex:** {people}"]
        if e.accounts:
            lines += ["", f"**The sources disagree.** {len(e.accounts)} accounts, side by side:"]
        self.query_one("#timeline-event", Markdown).update("\n".join(lines))
        accounts = self.query_one("#timeline-accounts", Horizontal)
        accounts.remove_children()
        accounts.mount_all(
            Markdown(f"**{a.label}**\n\n{a.text}\n\n*{cite(self.story, a.source)}*", classes="account")
            for a in e.accounts
        )
        accounts.display = bool(e.accounts)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        if event.href.startswith("codex:"):
            self.app.open_codex(event.href.removeprefix("codex:"))  # type: ignore[attr-defined]
