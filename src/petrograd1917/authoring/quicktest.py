"""quicktest: explore every reachable game state (scene plus variables, every random outcome taken)
and report what no play-through can reach or take, with the shortest path to each problem."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from petrograd1917.authoring.moves import compile_moves
from petrograd1917.engine.machine import StoryMachine

DEFAULT_MAX_STATES = 1_000_000
State = tuple[str, tuple[Any, ...]]  # (scene id, the variables' values in the story's order)
Step = tuple[str, str, int | None]  # (scene, choice, outcome)


@dataclass
class Finding:
    """What exploring found wrong: a choice never open, a scene never reached, or one with no way out."""

    kind: str  # never_available | never_reached | no_way_out
    scene: str
    choice: str | None = None
    detail: str = ""
    path: list[Step] = field(default_factory=list)  # the shortest way there, if any

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "scene": self.scene, "choice": self.choice, "detail": self.detail,
                "path": [{"scene": s, "choice": c, "outcome": o} for s, c, o in self.path]}


@dataclass
class Exploration:
    roles: list[str]
    states: int = 0
    complete: bool = True  # False when the state limit stopped it
    scenes_reached: set[str] = field(default_factory=set)
    endings_reached: set[str] = field(default_factory=set)
    problems: list[Finding] = field(default_factory=list)

    def as_dict(self, machine: StoryMachine) -> dict[str, Any]:
        story = machine.story
        return {"roles": self.roles, "states": self.states, "complete": self.complete,
                "scenes": len(story.scenes), "scenes_reached": len(self.scenes_reached),
                "endings": sum(1 for s in story.scenes.values() if s.ending),
                "endings_reached": len(self.endings_reached),
                "problems": [p.as_dict() for p in self.problems]}


def _path(parents: dict[State, tuple[State, Step] | None], state: State) -> list[Step]:
    out: list[Step] = []
    link = parents[state]
    while link is not None:
        state, step = link
        out.append(step)
        link = parents[state]
    return out[::-1]


def explore(machine: StoryMachine, role: str | None = None, max_states: int = DEFAULT_MAX_STATES,
            progress: Callable[[int], None] | None = None) -> Exploration:
    """Breadth first from each role's start (or one role's), so every path found is a shortest one."""
    story = machine.story
    roles = [role] if role else list(story.roles)
    names = list(story.variables)
    result = Exploration(roles)
    moves = compile_moves(machine)
    available_somewhere: set[tuple[str, str]] = set()
    first_seen: dict[str, State] = {}
    stuck: dict[str, State] = {}
    parents: dict[State, tuple[State, Step] | None] = {}
    queue: deque[State] = deque()
    for r in roles:
        values = story.initial_values(r)
        start: State = (story.roles[r].start, tuple(values[n] for n in names))
        if start not in parents:
            parents[start] = None
            queue.append(start)
    while queue:
        state = queue.popleft()
        result.states += 1
        if progress and result.states % 20_000 == 0:
            progress(result.states)
        scene_id, packed = state
        first_seen.setdefault(scene_id, state)
        scene = story.scenes[scene_id]
        if scene.ending:
            result.endings_reached.add(scene.ending.id)
            continue
        values = dict(zip(names, packed, strict=True))
        open_any = False
        for move in moves[scene_id]:
            if not move.available(values):
                continue
            open_any = True
            choice_id = move.choice.id
            available_somewhere.add((scene_id, choice_id))
            for branch in move.branches:
                after = branch.apply(values)
                outcome = branch.outcome
                nxt: State = (branch.dest, tuple(after[n] for n in names))
                if nxt not in parents:
                    if len(parents) >= max_states:
                        result.complete = False
                        continue
                    parents[nxt] = (state, (scene_id, choice_id, outcome))
                    queue.append(nxt)
        if not open_any and scene_id not in stuck:
            stuck[scene_id] = state
    result.scenes_reached = set(first_seen)
    relevant = [s for s in story.scenes.values() if not s.roles or any(r in s.roles for r in roles)]
    for scene in relevant:
        if scene.id not in first_seen:
            result.problems.append(Finding("never_reached", scene.id,
                                           detail="an ending" if scene.ending else "a scene"))
            continue
        for c in scene.choices:
            if (scene.id, c.id) not in available_somewhere:
                result.problems.append(Finding("never_available", scene.id, c.id, f"if: {c.condition_src}",
                                               _path(parents, first_seen[scene.id])))
    for scene_id, state in stuck.items():
        shown = ", ".join(f"{n}={v}" for n, v in zip(names, state[1], strict=True))
        result.problems.append(Finding("no_way_out", scene_id, detail=f"every choice is closed when {shown}",
                                       path=_path(parents, state)))
    return result
