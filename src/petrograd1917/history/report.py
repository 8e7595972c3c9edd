"""The end report: your people's fates, then your path beside the record — verdicts, how far it
kept to the record, where it took another road, and which accounts you told."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from petrograd1917.history.calendar import both
from petrograd1917.history.judge import (
    Fidelity,
    Judged,
    Told,
    accounts_told,
    cite,
    event_when,
    fidelity,
    judged_steps,
    pivot_of,
)
from petrograd1917.story.expr import compile_expr
from petrograd1917.story.model import Person, Story


@dataclass(frozen=True, slots=True)
class AccountView:
    label: str
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class PathRow:
    step: int  # 1-based
    scene_title: str
    date: str
    choice_text: str
    event_id: str | None = None
    event_title: str | None = None
    event_date: str | None = None
    verdict: str | None = None
    note: str | None = None
    graded: bool = False  # carries a verdict that counts (not past the pivot)


@dataclass(frozen=True, slots=True)
class PersonFate:
    id: str
    name: str
    fate: str


@dataclass(frozen=True, slots=True)
class Diverged:
    """Where the play-through's history left the record, and how the record went on."""

    step: int  # 1-based
    event_id: str
    scene_title: str
    choice_text: str
    note: str
    record_went_on: tuple[str, ...]  # "title (date)" of the record's next events


@dataclass(frozen=True, slots=True)
class ToldAccount:
    event_id: str
    account_id: str
    label: str
    event_title: str
    others: tuple[AccountView, ...]  # the accounts the player did not tell, with their sources


@dataclass(frozen=True, slots=True)
class Divergence:
    step: int
    choice_text: str
    note: str
    event_title: str
    event_date: str
    what_happened: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ContestedEvent:
    event_title: str
    event_date: str
    accounts: tuple[AccountView, ...]


@dataclass(frozen=True, slots=True)
class EndReport:
    story_title: str
    role_name: str
    ending_title: str | None
    ending_kind: str | None
    fidelity: Fidelity
    path: tuple[PathRow, ...]
    divergences: tuple[Divergence, ...]
    contested: tuple[ContestedEvent, ...]
    people: tuple[PersonFate, ...] = ()
    diverged: Diverged | None = None
    accounts_told: tuple[ToldAccount, ...] = ()

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["fidelity"] = self.fidelity.as_dict()
        d["people"] = [{"id": p.id, "name": p.name, "fate": p.fate} for p in self.people]
        d["accounts_told"] = [{"event_id": t.event_id, "account_id": t.account_id, "label": t.label}
                              for t in self.accounts_told]
        d["diverged"] = None if self.diverged is None else {
            "step": self.diverged.step, "event_id": self.diverged.event_id, "scene_title": self.diverged.scene_title,
            "choice_text": self.diverged.choice_text, "note": self.diverged.note,
            "record_went_on": list(self.diverged.record_went_on)}
        return d

    def to_markdown(self) -> str:
        out = [f"# {self.story_title}: the end report", "", f"**Role:** {self.role_name}  "]
        if self.ending_title:
            out.append(f"**Ending:** {self.ending_title} ({self.ending_kind} ending)  ")
        out += self._people_md() + ["", f"**Against the record:** {self.fidelity}"]
        out += self._diverged_md() + self._path_md() + self._divergences_md() + self._told_md() + self._contested_md()
        return "\n".join(out).rstrip() + "\n"

    def _people_md(self) -> list[str]:
        if not self.people:
            return []
        return ["", "## Your people", ""] + [f"- **{p.name}.** {p.fate}" for p in self.people]

    def _diverged_md(self) -> list[str]:
        d = self.diverged
        if d is None:
            return []
        out = ["", "## Where history took another road", "",
               f"At step {d.step}, *{d.scene_title}*: {d.choice_text}. {d.note}".rstrip()]
        if d.record_went_on:
            out += ["", "In the record, events went on without that turn:", ""]
            out += [f"- {line}" for line in d.record_went_on]
        out += ["", "Nothing after that step is graded: your history had left the record."]
        return out

    def _path_md(self) -> list[str]:
        out = ["", "## Your path beside the record", ""]
        for r in self.path:
            # Dates carry the other calendar in brackets: set off by commas, never bracketed again.
            line = f"{r.step}. *{r.scene_title}*, {r.date}: {r.choice_text}"
            if r.verdict and r.graded:
                line += f"  \n   **{r.verdict}**, on *{r.event_title}*, {r.event_date}: {r.note}"
            elif r.event_title:
                line += f"  \n   (not graded) *{r.event_title}*, {r.event_date}: {r.note}"
            out.append(line)
        return out + ([] if self.path else ["(no choices made)"])

    def _divergences_md(self) -> list[str]:
        out = ["", "## Choices that would have changed events", ""]
        if not self.divergences:
            kept = "historical or plausible" if self.fidelity.plausible else "historical"
            return out + [f"None: every graded choice was {kept}."]
        for d in self.divergences:
            out += [f"- **Step {d.step}: {d.choice_text}.** {d.note}  ",
                    f"  What really happened: *{d.event_title}*, {d.event_date}. {d.what_happened}  ",
                    f"  Sources: {'; '.join(d.sources)}"]
        return out

    def _told_md(self) -> list[str]:
        if not self.accounts_told:
            return []
        out = ["", "## What you told", ""]
        for t in self.accounts_told:
            out.append(f"- *{t.event_title}*: you told **{t.label}**.")
            out += [f"  {a.label} ({a.source}): {a.text}" for a in t.others]
        return out

    def _contested_md(self) -> list[str]:
        if not self.contested:
            return []
        out = ["", "## Where the sources disagree", ""]
        for c in self.contested:
            out.append(f"### {c.event_title}, {c.event_date}")
            for a in c.accounts:
                out += ["", f"**{a.label}** ({a.source}): {a.text}"]
            out.append("")
        return out


def people_fates(story: Story, role: str, values: Mapping[str, Any]) -> tuple[PersonFate, ...]:
    """Each of the role's people with the first fate whose condition holds in `values` (the game's
    final values, passed in as plain data: history never reads a Game). `render` turns a fate's
    text into what the player reads (varying text needs the game); by default it is shown as written."""
    out = []
    for person in story.people.values():
        if person.role != role:
            continue
        fate = _first_fate(person, values)
        if fate is not None:
            out.append(PersonFate(person.id, person.name, fate))
    return tuple(out)


def _first_fate(person: Person, values: Mapping[str, Any]) -> str | None:
    for fate in person.fates:
        if fate.condition is None or compile_expr(fate.condition)(values):
            return fate.text
    return None


def _row(story: Story, i: int, entry: Any, j: Judged | None, said: str | None, note: str | None) -> PathRow:
    scene = story.scenes[entry.scene]
    choice = scene.choice(entry.choice)
    event = story.events[j.history.event] if j else None
    return PathRow(
        step=i + 1, scene_title=scene.title, date=both(scene.date),
        choice_text=said if said is not None else choice.text if choice else "?",
        event_id=event.id if event else None, event_title=event.title if event else None,
        event_date=event_when(event) if event else None, verdict=j.verdict if j else None,
        note=(note or j.history.note) if j else None, graded=bool(j and j.graded),
    )


def _diverged(story: Story, pivot: Judged | None, rows: Sequence[PathRow]) -> Diverged | None:
    if pivot is None:
        return None
    event = story.events[pivot.history.event]
    later = sorted((e for e in story.events.values() if e.date >= event.date and e.id != event.id),
                   key=lambda e: (e.date, e.time or ""))
    went_on = tuple(f"{e.title} ({event_when(e)})" for e in later[:6])
    return Diverged(pivot.step + 1, event.id, story.scenes[pivot.scene].title, pivot.choice.text,
                    rows[pivot.step].note or "", went_on)


def _told(story: Story, told: list[Told]) -> tuple[ToldAccount, ...]:
    out = []
    for t in told:
        event = story.events[t.event_id]
        others = tuple(AccountView(a.label, a.text, cite(story, a.source)) for a in event.accounts
                       if a.id != t.account_id)
        out.append(ToldAccount(t.event_id, t.account_id, t.label, event.title, others))
    return tuple(out)


def _contested(story: Story, path: Sequence[str], judged: Sequence[Judged]) -> tuple[ContestedEvent, ...]:
    """Contested events the player met on the way (framed scenes or judged choices), in date order."""
    met = [e for sid in path for e in story.scenes[sid].record] + [j.history.event for j in judged]
    out = []
    for eid in sorted(dict.fromkeys(met), key=lambda eid: story.events[eid].date):
        e = story.events[eid]
        if e.accounts:
            out.append(ContestedEvent(e.title, event_when(e), tuple(
                AccountView(a.label, a.text, cite(story, a.source)) for a in e.accounts)))
    return tuple(out)


def end_report(story: Story, role: str, path: Sequence[str], log: Sequence[Any],
               values: Mapping[str, Any] | None = None,
               render: Callable[[str], str] | None = None,
               choice_texts: Sequence[str] | None = None,
               note_texts: Sequence[str] | None = None) -> EndReport:
    """The report of a play-through. `values` are the game's final values (for the people's fates);
    `render` turns a fate's varying text into prose; `choice_texts` are the choices' words as the
    player read them (varying text), step by step, and `note_texts` their history notes likewise."""
    judged_list = judged_steps(story, log)
    judged = {j.step: j for j in judged_list}
    said = list(choice_texts) if choice_texts is not None else [None] * len(log)
    notes = list(note_texts) if note_texts is not None else []
    rows = tuple(_row(story, i, entry, judged.get(i), said[i] if i < len(said) else None,
                      notes[i] if i < len(notes) else None)
                 for i, entry in enumerate(log))
    divergences = []
    for j in judged_list:
        if j.graded and j.verdict == "divergent":
            event = story.events[j.history.event]
            divergences.append(Divergence(j.step + 1, rows[j.step].choice_text, rows[j.step].note or "", event.title, event_when(event),
                                          event.summary, tuple(cite(story, s) for s in event.sources)))
    last = story.scenes[path[-1]] if path else None
    ending = last.ending if last else None
    people = people_fates(story, role, values) if values is not None else ()
    if render is not None:
        people = tuple(PersonFate(p.id, p.name, render(p.fate)) for p in people)
    return EndReport(
        story_title=story.title,
        role_name=story.roles[role].name,
        ending_title=ending.title if ending else None,
        ending_kind=ending.kind if ending else None,
        fidelity=fidelity(judged_list),
        path=rows,
        divergences=tuple(divergences),
        contested=_contested(story, path, judged_list),
        people=people,
        diverged=_diverged(story, pivot_of(judged_list), rows),
        accounts_told=_told(story, accounts_told(story, log)),
    )
