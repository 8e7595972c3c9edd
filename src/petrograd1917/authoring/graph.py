"""The story map as Graphviz dot or Mermaid: scenes grouped by act, choices as edges, endings by kind,
the historical path (choices judged historical) drawn bold."""

from __future__ import annotations

from collections import deque

from petrograd1917.story.model import Story


def reachable(story: Story, role: str | None) -> list[str]:
    if not role:
        return list(story.scenes)
    seen = {story.roles[role].start}
    queue = deque(seen)
    while queue:
        for c in story.scenes[queue.popleft()].choices:
            for d in c.destinations():
                if d not in seen:
                    seen.add(d)
                    queue.append(d)
    return [s for s in story.scenes if s in seen]


def _label(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "'")


def to_dot(story: Story, role: str | None = None) -> str:
    ids = reachable(story, role)
    keep = set(ids)
    out = [f'digraph "{_label(story.title)}" {{', "  rankdir=TB;", '  node [shape=box, style=rounded, fontsize=10];',
           "  edge [fontsize=8];"]
    for act in story.acts:
        members = [s for s in ids if story.scenes[s].act == act.id]
        if not members:
            continue
        out.append(f'  subgraph "cluster_{act.id}" {{')
        out.append(f'    label="{_label(act.title)}";')
        for sid in members:
            s = story.scenes[sid]
            if s.ending:
                colour = "darkgreen" if s.ending.kind == "historical" else "firebrick"
                out.append(f'    "{sid}" [label="{_label(s.title)}\\n({s.ending.kind} ending)", shape=doubleoctagon, '
                           f'color={colour}];')
            else:
                out.append(f'    "{sid}" [label="{_label(s.title)}"];')
        out.append("  }")
    for sid in ids:
        for c in story.scenes[sid].choices:
            historical = c.history is not None and c.history.verdict == "historical"
            style = ', penwidth=2.5, color="darkred"' if historical else (", style=dashed" if c.condition else "")
            for dest in c.destinations():
                if dest in keep:
                    out.append(f'  "{sid}" -> "{dest}" [label="{c.id}"{style}];')
    out.append("}")
    return "\n".join(out) + "\n"


def to_mermaid(story: Story, role: str | None = None) -> str:
    ids = reachable(story, role)
    keep = set(ids)
    num = {sid: f"s{i}" for i, sid in enumerate(ids)}
    out = ["flowchart TD"]
    for act in story.acts:
        members = [s for s in ids if story.scenes[s].act == act.id]
        if not members:
            continue
        out.append(f'  subgraph {act.id}["{_label(act.title)}"]')
        for sid in members:
            s = story.scenes[sid]
            title = _label(s.title)
            out.append(f'    {num[sid]}(["{title} ({s.ending.kind} ending)"])' if s.ending else f'    {num[sid]}["{title}"]')
        out.append("  end")
    links = []
    for sid in ids:
        for c in story.scenes[sid].choices:
            historical = c.history is not None and c.history.verdict == "historical"
            for dest in c.destinations():
                if dest in keep:
                    arrow = "==>" if historical else ("-.->" if c.condition else "-->")
                    links.append(f"  {num[sid]} {arrow}|{c.id}| {num[dest]}")
    out += links
    for sid in ids:
        s = story.scenes[sid]
        if s.ending:
            out.append(f"  class {num[sid]} {s.ending.kind}")
    out += ["  classDef historical stroke:#2e7d32,stroke-width:3px", "  classDef alternate stroke:#c62828,stroke-width:3px"]
    return "\n".join(out) + "\n"
