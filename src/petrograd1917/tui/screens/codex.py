"""The codex: a searchable list of people, places, organisations and terms, and an entry's article."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from petrograd1917.history.codex import find, link_codex_words, linked_from
from petrograd1917.history.judge import event_when
from petrograd1917.story.model import CodexEntry, Story
from petrograd1917.tui.commands import bindings
from petrograd1917.tui.messages import ShowMap, ShowTimeline
from petrograd1917.tui.screens.base import SCREENS_CSS, FaceScreen


def article_markdown(story: Story, entry: CodexEntry) -> str:
    """An entry as Markdown, with links to related entries (codex:ID) and record events (event:ID)."""
    lines = [f"# {entry.name}", f"*{entry.kind}* · {entry.summary}", "", link_codex_words(entry.text, story)]
    related = list(entry.see) + [e.id for e in linked_from(story, entry.id) if e.id not in entry.see]
    if entry.kind == "place" and story.plan:
        lines += ["", f"[Show on the map](map:{entry.id}) (m)" if entry.map else "*Beyond the city map* (m: the map)"]
    if related:
        lines += ["", "**See also:** " + " · ".join(f"[{story.codex[i].name}](codex:{i})" for i in related)]
    if entry.events:
        lines += ["", "**In the record:**", ""]
        for eid in entry.events:
            e = story.events[eid]
            lines.append(f"- [{e.title}](event:{eid}), {event_when(e)}")
    return "\n".join(lines)


class CodexScreen(FaceScreen):
    CSS_PATH = SCREENS_CSS
    BINDINGS = bindings("codex")

    def __init__(self, story: Story, entry_id: str | None = None) -> None:
        super().__init__()
        self.story = story
        self.entry_id = entry_id

    def body(self) -> ComposeResult:
        yield Static(Content.from_markup("[b]Codex[/b]: people, places, organisations and terms"), id="codex-head")
        with Horizontal(id="codex-body"):
            with Vertical(id="codex-side"):
                yield Input(placeholder="Search the codex…", id="codex-search")
                yield OptionList(id="codex-list")
            with VerticalScroll(id="codex-article-box", can_focus=False):
                yield Markdown("", id="codex-article", open_links=False)

    def text_box(self) -> VerticalScroll:
        return self.query_one("#codex-article-box", VerticalScroll)

    def on_mount(self) -> None:
        super().on_mount()
        self.fill("")
        if self.entry_id:
            self.open_entry(self.entry_id)
        self.query_one("#codex-list", OptionList).focus()

    def fill(self, query: str) -> None:
        found = find(self.story, query)
        entries = self.query_one("#codex-list", OptionList)
        entries.set_options(Option(Content(e.name), id=e.id) for e in found)
        if found:
            entries.highlighted = 0
            # The article follows the first match; redrawn only when that changes: a Markdown update
            # costs far more than a keystroke, and most keys of a search keep the same first entry.
            if (not self.entry_id or query) and found[0].id != self.entry_id:
                self.open_entry(found[0].id, move=False)

    def open_entry(self, entry_id: str, move: bool = True) -> None:
        entry = self.story.codex.get(entry_id)
        if entry is None:
            return
        self.entry_id = entry_id
        self.query_one("#codex-article", Markdown).update(article_markdown(self.story, entry))
        self.text_box().scroll_home(animate=False)
        if move:
            entries = self.query_one("#codex-list", OptionList)
            for i in range(entries.option_count):
                if entries.get_option_at_index(i).id == entry_id:
                    entries.highlighted = i

    @on(Input.Changed, "#codex-search")
    def _search(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#codex-search")
    def _to_list(self) -> None:
        self.query_one("#codex-list", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#codex-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id and event.option_id != self.entry_id:
            self.open_entry(event.option_id, move=False)

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        kind, _, ident = event.href.partition(":")
        if kind == "codex":
            self.open_entry(ident)
        elif kind == "event" and ident in self.story.events:
            self.post_message(ShowTimeline(ident))
        elif kind == "map":
            self.post_message(ShowMap(ident))

    def action_show_on_map(self) -> None:
        """The place being read about, on the city map."""
        entry = self.story.codex.get(self.entry_id or "")
        if entry is None or entry.kind != "place":
            self.notify("Only places are on the map: choose a place to show it there.", markup=False)
            return
        self.post_message(ShowMap(entry.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_on_map" and not self.story.plan:
            return False
        return super().check_action(action, parameters)

    def action_back(self) -> None:
        """Esc in the search box returns to the list; Esc in the list leaves the codex."""
        search = self.query_one("#codex-search", Input)
        if search.has_focus:
            self.query_one("#codex-list", OptionList).focus()
        else:
            self.dismiss()

    def action_search(self) -> None:
        self.query_one("#codex-search", Input).focus()
