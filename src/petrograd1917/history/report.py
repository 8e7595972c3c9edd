"""The end report: the player's path beside the record, verdicts, fidelity and every divergence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from petrograd1917.history.calendar import both
from petrograd1917.history.judge import Fidelity, cite, event_when, fidelity, judged_steps
from petrograd1917.story.model import Story


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
class AccountView:
    label: str
    text: str
    source: str


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

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["fidelity"] = {"historical": self.fidelity.historical, "judged": self.fidelity.judged,
                         "ratio": self.fidelity.ratio}
        return d

    def to_markdown(self) -> str:
        out = [f"# {self.story_title}: the end report", ""]
        out.append(f"**Role:** {self.role_name}  ")
        if self.ending_title:
            out.append(f"**Ending:** {self.ending_title} ({self.ending_kind} ending)  ")
        out.append(f"**Fidelity to the record:** {self.fidelity}")
        out += ["", "## Your path beside the record", ""]
        for r in self.path:
            line = f"{r.step}. *{r.scene_title}* ({r.date}): {r.choice_text}"
            if r.verdict:
                line += f"  \n   **{r.verdict}** against *{r.event_title}* ({r.event_date}): {r.note}"
            out.append(line)
        if not self.path:
            out.append("(no choices made)")
        out += ["", "## Where you left the record", ""]
        if not self.divergences:
            out.append("Nowhere: none of your judged choices went against the record.")
        for d in self.divergences:
            out += [f"- **Step {d.step}: {d.choice_text}.** {d.note}  ",
                    f"  What really happened: *{d.event_title}*, {d.event_date}. {d.what_happened}  ",
                    f"  Sources: {'; '.join(d.sources)}"]
        if self.contested:
            out += ["", "## Where the sources disagree", ""]
            for c in self.contested:
                out.append(f"### {c.event_title} ({c.event_date})")
                for a in c.accounts:
                    out += ["", f"**{a.label}** ({a.source}): {a.text}"]
                out.append("")
        return "\n".join(out).rstrip() + "\n"


def end_report(story: Story, role: str, path: Sequence[str], log: Sequence[object]) -> EndReport:
    judged = {j.step: j for j in judged_steps(story, log)}
    rows = []
    divergences = []
    contested: dict[str, ContestedEvent] = {}
    for i, entry in enumerate(log):
        scene = story.scenes[entry.scene]  # type: ignore[attr-defined]
        choice = scene.choice(entry.choice)  # type: ignore[attr-defined]
        j = judged.get(i)
        event = story.events[j.history.event] if j else None
        rows.append(PathRow(
            step=i + 1, scene_title=scene.title, date=both(scene.date), choice_text=choice.text if choice else "?",
            event_id=event.id if event else None, event_title=event.title if event else None,
            event_date=event_when(event) if event else None, verdict=j.verdict if j else None,
            note=j.history.note if j else None,
        ))
        if j and event and j.verdict == "divergent":
            divergences.append(Divergence(i + 1, choice.text if choice else "?", j.history.note, event.title,
                                          event_when(event), event.summary,
                                          tuple(cite(story, s) for s in event.sources)))
    # Contested events the player met on the way (framed scenes or judged choices), in date order.
    met = [e for sid in path for e in story.scenes[sid].record] + [j.history.event for j in judged.values()]
    met = sorted(dict.fromkeys(met), key=lambda eid: story.events[eid].date)
    for eid in met:
        e = story.events[eid]
        if e.accounts and eid not in contested:
            contested[eid] = ContestedEvent(e.title, event_when(e), tuple(
                AccountView(a.label, a.text, cite(story, a.source)) for a in e.accounts))
    last = story.scenes[path[-1]] if path else None
    ending = last.ending if last else None
    return EndReport(
        story_title=story.title,
        role_name=story.roles[role].name,
        ending_title=ending.title if ending else None,
        ending_kind=ending.kind if ending else None,
        fidelity=fidelity(list(judged.values())),
        path=tuple(rows),
        divergences=tuple(divergences),
        contested=tuple(contested.values()),
    )
