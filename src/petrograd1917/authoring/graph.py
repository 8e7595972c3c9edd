"""The story map as Graphviz dot or Mermaid: scenes grouped by act, choices as edges, endings by kind,
the historical path (choices judged historical) drawn bold, random outcomes with their weights, calls
as arrows of their own (labelled call) and returns as dashed arrows back to every scene whose call
can lead to them (labelled return)."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from petrograd1917.story.model import Choice, Story

# Words Mermaid reads as syntax: a scene with such an id gets a prefix as its node id.
_MERMAID_WORDS = {"end", "graph", "subgraph", "flowchart", "style", "class", "classdef", "click", "linkstyle",
                  "direction", "default"}


def reachable(story: Story, role: str | None, through: Callable[[Choice], bool] | None = None) -> list[str]:
    """The scenes a role can reach from its start by the scene map (conditions aside), following only
    the choices `through` allows (every choice when None); every scene when no role is named."""
    if not role:
        return list(story.scenes)
    seen = {story.roles[role].start}
    queue = deque(seen)
    while queue:
        for c in story.scenes[queue.popleft()].choices:
            if through is not None and not through(c):
                continue
            for d in c.destinations():
                if d not in seen:
                    seen.add(d)
                    queue.append(d)
    return [s for s in story.scenes if s in seen]


@dataclass(frozen=True)
class Edge:
    """One arrow: a choice's way to one destination (its random outcomes that go there summed)."""

    source: str
    dest: str
    choice: Choice
    weight: str  # "" for a plain choice, else "3/4": the share of outcomes that lead here
    kind: str = "goto"  # goto | call | return

    @property
    def label(self) -> str:
        if self.kind != "goto":
            return f"{self.kind}: {self.choice.id}"
        return f"{self.choice.id} {self.weight}" if self.weight else self.choice.id

    @property
    def historical(self) -> bool:
        return self.choice.history is not None and self.choice.history.verdict == "historical"


def edges(story: Story, ids: list[str], role: str | None = None) -> list[Edge]:
    """The arrows out of `ids`, one per choice and destination; a return's, one per scene it can
    lead back to (that `role` reaches)."""
    back = returns(story)
    reached = set(reachable(story, role))
    out = []
    for sid in ids:
        for c in story.scenes[sid].choices:
            if c.returns:
                out += [Edge(sid, caller, c, "", "return") for caller in back.get(sid, []) if caller in reached]
            elif c.call:
                out.append(Edge(sid, c.call, c, "", "call"))
            elif not c.outcomes:
                if c.goto:
                    out.append(Edge(sid, c.goto, c, ""))
            else:
                total = sum(o.weight for o in c.outcomes)
                by_dest: dict[str, int] = {}
                for o in c.outcomes:
                    by_dest[o.goto] = by_dest.get(o.goto, 0) + o.weight
                out += [Edge(sid, dest, c, f"{w}/{total}") for dest, w in by_dest.items()]
    return out


def within_call(story: Story, called: str) -> set[str]:
    """The scenes a call into `called` can be in before it returns: from `called`, every way on but
    calls (a nested call returns to where it was made) and returns."""
    seen = {called}
    queue = deque(seen)
    while queue:
        for c in story.scenes[queue.popleft()].choices:
            if c.call or c.returns:
                continue
            for d in c.destinations():
                if d not in seen and d in story.scenes:
                    seen.add(d)
                    queue.append(d)
    return seen


def returns(story: Story) -> dict[str, list[str]]:
    """For each scene with a `goto: return`, the scenes its return can lead back to: those whose
    call can lead to it."""
    out: dict[str, list[str]] = {}
    inside: dict[str, set[str]] = {}
    for caller in story.scenes.values():
        for c in caller.choices:
            if not c.call or c.call not in story.scenes:
                continue
            if c.call not in inside:
                inside[c.call] = within_call(story, c.call)
            for sid in sorted(inside[c.call]):
                back = out.setdefault(sid, [])
                if caller.id not in back and any(x.returns for x in story.scenes[sid].choices):
                    back.append(caller.id)
    return {sid: back for sid, back in out.items() if back}


def select(story: Story, role: str | None, act: str | None) -> list[str]:
    """The scenes drawn: those a role can reach (all without one), of one act if given."""
    ids = reachable(story, role)
    return [s for s in ids if story.scenes[s].act == act] if act else ids


def _label(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "'")


def to_dot(story: Story, role: str | None = None, act: str | None = None) -> str:
    ids = select(story, role, act)
    keep = set(ids)
    out = [f'digraph "{_label(story.title)}" {{', "  rankdir=TB;", '  node [shape=box, style=rounded, fontsize=10];',
           "  edge [fontsize=8];"]
    for a in story.acts:
        members = [s for s in ids if story.scenes[s].act == a.id]
        if not members:
            continue
        out.append(f'  subgraph "cluster_{a.id}" {{')
        out.append(f'    label="{_label(a.title)}";')
        for sid in members:
            s = story.scenes[sid]
            if s.ending:
                colour = "darkgreen" if s.ending.kind == "historical" else "firebrick"
                out.append(f'    "{sid}" [label="{_label(s.title)}\\n({s.ending.kind} ending)", shape=doubleoctagon, '
                           f'color={colour}];')
            else:
                out.append(f'    "{sid}" [label="{_label(s.title)}"];')
        out.append("  }")
    arrows = edges(story, ids, role)
    outside = sorted({e.dest for e in arrows if e.dest not in keep and e.dest in story.scenes})
    for dest in outside:  # with --act: where the act leads on, drawn small
        out.append(f'  "{dest}" [label="→ {_label(story.scenes[dest].title)}", shape=plaintext];')
    for e in arrows:
        out.append(f'  "{e.source}" -> "{e.dest}" [label="{_label(e.label)}"{_dot_style(e)}];')
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_style(e: Edge) -> str:
    if e.kind == "call":
        return ', color="navy", arrowhead=odot'
    if e.kind == "return":
        return ', color="navy", arrowhead=odot, style=dashed'
    return ', penwidth=2.5, color="darkred"' if e.historical else (", style=dashed" if e.choice.condition else "")


def _mermaid_arrow(e: Edge) -> str:
    """Calls and returns end in a circle (returns dotted); the historical path is thick, a
    conditional choice dotted."""
    if e.kind == "call":
        return "--o"
    if e.kind == "return":
        return "-.-o"
    return "==>" if e.historical else ("-.->" if e.choice.condition else "-->")


def mermaid_id(scene_id: str) -> str:
    """A scene's node id in Mermaid: the scene id itself, unless Mermaid would read it as syntax."""
    safe = re.sub(r"[^A-Za-z0-9_]", "_", scene_id)
    return f"scene_{safe}" if safe.lower() in _MERMAID_WORDS else safe


def to_mermaid(story: Story, role: str | None = None, act: str | None = None) -> str:
    ids = select(story, role, act)
    keep = set(ids)
    out = ["flowchart TD"]
    for a in story.acts:
        members = [s for s in ids if story.scenes[s].act == a.id]
        if not members:
            continue
        out.append(f'  subgraph act_{mermaid_id(a.id)}["{_label(a.title)}"]')
        for sid in members:
            s = story.scenes[sid]
            name = f"{sid}: {_label(s.title)}"
            node = mermaid_id(sid)
            out.append(f'    {node}(["{name} ({s.ending.kind} ending)"])' if s.ending else f'    {node}["{name}"]')
        out.append("  end")
    all_edges = edges(story, ids, role)
    for dest in sorted({e.dest for e in all_edges if e.dest not in keep and e.dest in story.scenes}):
        out.append(f'  {mermaid_id(dest)}>"→ {dest}: {_label(story.scenes[dest].title)}"]')
    for e in all_edges:
        out.append(f'  {mermaid_id(e.source)} {_mermaid_arrow(e)}|"{_label(e.label)}"| {mermaid_id(e.dest)}')
    for sid in ids:
        s = story.scenes[sid]
        if s.ending:
            out.append(f"  class {mermaid_id(sid)} {s.ending.kind}")
    out += ["  classDef historical stroke:#2e7d32,stroke-width:3px", "  classDef alternate stroke:#c62828,stroke-width:3px"]
    return "\n".join(out) + "\n"
