"""quicktest: explore every reachable game state (a scene, the variables, and the progress that
something reads: see authoring.progress; every random outcome taken, every chronicle value tried)
and report what no play-through can reach, take or read, with the shortest path to each problem."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from petrograd1917.authoring.liveness import CHOSE, VISIT, live_sets, steps_of
from petrograd1917.authoring.moves import State, StateSpace
from petrograd1917.authoring.progress import Branching, what_matters
from petrograd1917.authoring.texts import Text, story_texts
from petrograd1917.authoring.unshown import Known, ProseWatch, describe
from petrograd1917.engine.machine import StoryMachine

DEFAULT_MAX_STATES = 1_000_000
Step = tuple[str, str, int | None]  # (scene, choice, outcome)


@dataclass
class Finding:
    """What exploring found wrong: a choice never open, a scene never reached, one with no way out, or prose never shown."""

    kind: str  # never_available | never_reached | no_way_out | prose_never_shown
    scene: str
    choice: str | None = None
    detail: str = ""
    path: list[Step] = field(default_factory=list)  # the shortest way there, if any
    where: str = ""  # file:line:col, for prose never shown

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "scene": self.scene, "choice": self.choice, "detail": self.detail,
                "path": [{"scene": s, "choice": c, "outcome": o} for s, c, o in self.path], "where": self.where}


@dataclass
class Exploration:
    roles: list[str]
    states: int = 0
    complete: bool = True  # False when the state limit stopped it
    scenes_reached: set[str] = field(default_factory=set)
    endings_reached: set[str] = field(default_factory=set)
    problems: list[Finding] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)  # where it tried less than every possibility
    # per scene, the prose it could not decide from the state (also among `assumptions`, in words)
    prose_unchecked: dict[str, int] = field(default_factory=dict)

    def as_dict(self, machine: StoryMachine) -> dict[str, Any]:
        story = machine.story
        return {"roles": self.roles, "states": self.states, "complete": self.complete,
                "scenes": len(story.scenes), "scenes_reached": len(self.scenes_reached),
                "endings": sum(1 for s in story.scenes.values() if s.ending),
                "endings_reached": len(self.endings_reached),
                "problems": [p.as_dict() for p in self.problems], "assumptions": self.assumptions}


def _path(parents: dict[State, tuple[State, Step] | None], state: State) -> list[Step]:
    out: list[Step] = []
    link = parents[state]
    while link is not None:
        state, step = link
        out.append(step)
        link = parents[state]
    return out[::-1]


def explore(machine: StoryMachine, role: str | None = None, max_states: int = DEFAULT_MAX_STATES,
            progress: Callable[[int], None] | None = None, liveness: bool = True, prose: bool = False) -> Exploration:
    """Breadth first from each role's start (or one role's), so every path found is a shortest one.
    Each state keeps only what is live in its scene (authoring.liveness), unless `liveness` is False,
    and only what decides routes: what the prose alone reads is kept only when `prose` is True."""
    story = machine.story
    roles = [role] if role else list(story.roles)
    texts = list(story_texts(machine))
    deciding = texts if prose else []  # the texts whose {if}s and alternatives make what they read kept
    space = StateSpace(machine, what_matters(story, deciding), live_sets(story, deciding) if liveness else None)
    watch = ProseWatch(machine, texts)
    result = Exploration(roles, assumptions=list(space.tracked.assumptions))
    search = Search(space, watch if watch.active else None, max_states)
    if watch.active and not prose:
        search.known, search.known_after = known_places(space, texts)
    search.run(roles, result, progress)
    _report(story, roles, search, result)
    if watch.active:
        _unshown(watch, search, result)
    return result


class Search:
    """The breadth-first search itself: each state's parent (`parents`, every state reached), where
    each scene was first met, and which choices some state could take."""

    def __init__(self, space: StateSpace, watch: ProseWatch | None, max_states: int) -> None:
        self.space = space
        self.watch = watch
        self.max_states = max_states
        self.parents: dict[State, tuple[State, Step] | None] = {}
        self.queue: deque[State] = deque()
        self.first_seen: dict[str, State] = {}
        self.stuck: dict[str, State] = {}
        self.available: set[tuple[str, str]] = set()
        self.known: dict[str, Known] = {}  # what a state tells exactly in each scene (none: everything)
        self.known_after: dict[tuple[str, str, int | None], Known] = {}  # and after each way out

    def add(self, state: State, link: tuple[State, Step] | None) -> bool:
        if state in self.parents:
            return True
        if len(self.parents) >= self.max_states:
            return False
        self.parents[state] = link
        self.queue.append(state)
        return True

    def path(self, state: State) -> list[Step]:
        """The shortest way to a state reached."""
        return _path(self.parents, state)

    def run(self, roles: list[str], result: Exploration, progress: Callable[[int], None] | None = None) -> None:
        """From the roles' starts (each with every chronicle value tried) to every state reachable."""
        for r in roles:
            for start in self.space.starts(r):
                self.add(start, None)
        space, watch, story = self.space, self.watch, self.space.story
        moves, parents, queue, add, successor = space.moves, self.parents, self.queue, self.add, space.successor
        known, known_after = self.known, self.known_after
        while queue:
            state = queue.popleft()
            result.states += 1
            if progress and result.states % 20_000 == 0:
                progress(result.states)
            scene_id = state[0]
            self.first_seen.setdefault(scene_id, state)
            values = space.unpack(state)
            scene = story.scenes[scene_id]
            if scene.ending:
                result.endings_reached.add(scene.ending.id)
                if watch:
                    watch.arrive(scene_id, values, [], known.get(scene_id))
                continue
            if watch:
                watch.arrive(scene_id, values, [(m.choice, m.available(values)) for m in moves[scene_id]],
                             known.get(scene_id))
            open_any = False
            for move in moves[scene_id]:
                if not move.available(values):
                    continue
                open_any = True
                choice_id = move.choice.id
                self.available.add((scene_id, choice_id))
                for branch in move.branches:
                    nxt, after = successor(values, scene_id, move, branch)
                    if watch:
                        watch.took(scene_id, move.choice, branch.outcome, after,
                                   known_after.get((scene_id, choice_id, branch.outcome)))
                    if nxt not in parents and not add(nxt, (state, (scene_id, choice_id, branch.outcome))):
                        result.complete = False
            if not open_any and scene_id not in self.stuck:
                self.stuck[scene_id] = state


def _report(story: Any, roles: list[str], search: Search, result: Exploration) -> None:
    """Scenes never reached, choices never available, scenes with no way out."""
    result.scenes_reached = set(search.first_seen)
    relevant = [s for s in story.scenes.values() if not s.roles or any(r in s.roles for r in roles)]
    for scene in relevant:
        if scene.id not in search.first_seen:
            result.problems.append(Finding("never_reached", scene.id,
                                           detail="an ending" if scene.ending else "a scene"))
            continue
        for c in scene.choices:
            if (scene.id, c.id) not in search.available:
                result.problems.append(Finding("never_available", scene.id, c.id, f"if: {c.condition_src}",
                                               _path(search.parents, search.first_seen[scene.id])))
    for scene_id, state in search.stuck.items():
        # only what is live there: the rest is at its initial, and cannot open a choice
        shown = ", ".join(f"{n}={v}" for n, v in search.space.shown(state).items())
        result.problems.append(Finding("no_way_out", scene_id, detail="every choice is closed " + (
                                       f"when {shown}" if shown else "whatever the values"),
                                       path=_path(search.parents, state)))


def _unshown(watch: ProseWatch, search: Search, result: Exploration) -> None:
    """Branches of text that no state reached renders, each where it is written; those some state
    could not decide, per scene, as assumptions."""
    never = watch.never_shown()
    for branch, pos in zip(never, watch.where(never), strict=True):
        place = branch.text.place
        first = search.first_seen.get(place.scene)
        result.problems.append(Finding("prose_never_shown", place.scene, place.choice or None,
                                       describe(branch), _path(search.parents, first) if first else [], str(pos)))
    for scene, branches in sorted(watch.not_checked().items()):
        shown = "; ".join(f"{describe(b)} at {pos}" for b, pos in zip(branches[:3], watch.where(branches[:3]), strict=True))
        more = f" and {len(branches) - 3} more" if len(branches) > 3 else ""
        result.prose_unchecked[scene] = len(branches)
        result.assumptions.append(
            f"prose in scene '{scene}' reading what quicktest does not keep there not checked "
            f"({len(branches)} text branch{'es' if len(branches) > 1 else ''}; randomtest plays it): {shown}{more}")


def known_places(space: StateSpace, texts: list[Text]) -> tuple[dict[str, Known], dict[tuple[str, str, int | None], Known]]:
    """What a state tells exactly arriving in each scene, and after each way out of it: the variables
    and chronicle values kept there (a chronicle value only if its values are tried), the choices and
    visit counts kept there; after the effects, a variable whose value they compute from what is exact."""
    story, tracked = space.story, space.tracked
    snippets = {t.place.snippet: t.body for t in texts if t.place.kind == "snippet"}
    alternatives = Branching(snippets).alternatives
    alts: dict[str, list[tuple[str, int]]] = {}
    for text in texts:
        if text.place.kind != "snippet":
            alts.setdefault(text.place.scene, []).extend(alternatives(text.body))
    known: dict[str, Known] = {}
    after: dict[tuple[str, str, int | None], Known] = {}
    for sid, layout in space.layouts.items():
        exact = {n for n in layout.names if n in story.variables or n in tracked.chronicle}
        exact |= {CHOSE + k for k in layout.chosen} | {VISIT + s for s in layout.counted}
        bounds = {s: tracked.visits[s][0] for s in layout.counted}
        visit = sid in layout.counted and all(_picks(tracked.visits[sid], kind, n) for kind, n in alts.get(sid, ()))
        known[sid] = Known(sid, frozenset(exact), bounds, visit)
        for c in story.scenes[sid].choices:
            outcomes: list[tuple[int | None, Any]] = [(k, c.effects.steps + o.effects.steps)
                                                      for k, o in enumerate(c.outcomes)] or [(None, c.effects.steps)]
            for k, steps in outcomes:
                after[(sid, c.id, k)] = Known(sid, frozenset(exact_after(exact, steps)), bounds, visit)
    return known, after


def _picks(kept: tuple[int, int], kind: str, count: int) -> bool:
    """Whether a visit count kept as (bound, period) picks a {seq}/{once}/{cycle} of `count` exactly."""
    bound, period = kept
    return period % count == 0 if kind == "cycle" else bound >= count + (kind == "once")


def exact_after(exact: set[str], steps: tuple[tuple[str, str, Any], ...]) -> set[str]:
    """What is exact after effects, given what is exact before: a step's variable is exact when what
    its value reads is (and, unless it is a `set`, the variable itself was)."""
    out = set(exact)
    for is_set, name, read in steps_of(steps):
        if read <= out and (is_set or name in out):
            out.add(name)
        else:
            out.discard(name)
    return out
