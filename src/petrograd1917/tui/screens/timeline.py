"""The timeline: the record in date order, the events the player passed marked, contested accounts side by side."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from petrograd1917.history.calendar import short
from petrograd1917.history.codex import entries_for_event, place_name
from petrograd1917.history.judge import cite, event_when
from petrograd1917.history.timeline import TimelineEntry
from petrograd1917.story.model import Story
from petrograd1917.tui.commands import bindings
from petrograd1917.tui.messages import ShowCodex, ShowMap
from petrograd1917.tui.screens.base import SCREENS_CSS, FaceScreen
from petrograd1917.tui.words import plural

MARKS = {"historical": "✓ historical (in keeping)", "divergent": "✗ divergent",
         "plausible": "~ plausible (in keeping)"}
LEGEND = "✓ historical · ~ plausible (both in keeping with the record) · ✗ divergent · • passed"


def entry_label(t: TimelineEntry) -> Content:
    """The mark of the player's verdict (or of having passed), the date, the event: one line in the list."""
    mark = MARKS[t.verdict][0] if t.verdict in MARKS else ("•" if t.passed else " ")
    label = f"{mark} {short(t.event.date):<15} {t.event.title}"
    return Content(label).stylize("bold") if mark != " " else Content(label)


class TimelineScreen(FaceScreen):
    CSS_PATH = SCREENS_CSS
    BINDINGS = bindings("timeline")

    def __init__(self, story: Story, entries: list[TimelineEntry], event_id: str | None = None) -> None:
        super().__init__()
        self.story = story
        self.entries = entries
        self.event_id = event_id

    def body(self) -> ComposeResult:
        passed = sum(1 for t in self.entries if t.passed)
        yield Static(Content.assemble(("Timeline", "bold"), ": the record in date order (Old Style, New Style in "
                                      f"brackets) · you have passed {passed} of {plural(len(self.entries), 'event')}"
                                      f"\n{LEGEND}"), id="timeline-head")
        with Horizontal(id="timeline-body"):
            yield OptionList(*(Option(entry_label(t), id=t.event.id) for t in self.entries), id="timeline-list")
            with VerticalScroll(id="timeline-detail", can_focus=False):
                yield Markdown("", id="timeline-event", open_links=False)
                yield Horizontal(id="timeline-accounts")

    def text_box(self) -> VerticalScroll:
        return self.query_one("#timeline-detail", VerticalScroll)

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

    @on(OptionList.OptionHighlighted, "#timeline-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
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
            Markdown(f"**{a.label}**\n\n{a.text}\n\n*{cite(self.story, a.source)}*", classes="account",
                     open_links=False)
            for a in e.accounts
        )
        accounts.display = bool(e.accounts)
        self.text_box().scroll_home(animate=False)

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        kind, _, ident = event.href.partition(":")
        if kind == "codex" and ident in self.story.codex:
            self.post_message(ShowCodex(ident))

    def action_show_on_map(self) -> None:
        """The highlighted event's place on the city map."""
        events = self.query_one("#timeline-list", OptionList)
        if events.highlighted is not None:
            self.post_message(ShowMap(self.entries[events.highlighted].event.place))

    def action_back(self) -> None:
        self.dismiss()
