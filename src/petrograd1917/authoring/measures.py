"""Measures of how much a role's choices matter (issue 15's targets), from the story model by the engine's rules.

Every measure is per role and counts only what that role can reach: the reachable state graph is built
as quicktest explores it (a state is a scene and the values of every variable; from each state every
available choice is taken, and every outcome of a random choice, with the engine's own compiled guards
and effects from `authoring.moves`). "The role's scenes" are the scenes of its reachable states, and
"the role's choices" are the choices of those scenes that some reachable state can take.

1. `every_route` -- scenes on every route to the historical ending, as a share of the scenes on some
   route to it (target <= 60%). The historical ending is every reachable ending scene of kind
   `historical` (one target, however many such scenes). A scene is *on some route* when one of its
   states can reach a historical ending's state; it is *on every route* when removing all of its
   states disconnects the role's start from every historical ending's state. The start scene and a
   lone historical ending scene are on every route, and count.
2. `endings` -- ending scenes the role can reach (target >= 5).
3. `unread_changes` -- variable changes never read later, as a share of all variable changes
   (target <= 10%). A change is one `set` or `add` step of a choice's or an outcome's `effects`
   (a choice's own steps count once however many outcomes it has) that some reachable state takes.
   It is read later when, after it, the same transition or some state reachable from its destination
   reads the variable before a `set` overwrites it. A variable is read by a condition (evaluated
   for every choice of a scene the player arrives in), by an expression of an effect, by an `add`
   to it, and by varying text: the scene's text, its choices' `text` and `reason` on arrival, an
   outcome's `text` and a history `note` after the transition's effects; and, at an ending, by a
   person's fates or a chronicle value, when the story declares them. Exact in the state graph (a
   least fixpoint, backwards), not an over-approximation by the scene map; the variables in varying
   text are those its expressions name, parsed by story.textmarkup as the engine parses them (see
   `text_reads`).
3b. `dead_changes` -- the same changes whose value reaches no condition, text or fate (target
   <= 10%): as 3, but an effect's reads (an `add`'s of its own variable included) count only when
   the variable it writes is itself read so, later. A counter that is only ever added to is read by
   an `add` each time (3) yet reaches nothing (3b). This is the count that agrees with issue 15's
   "38% never read later".
4. `idle_choices` -- choices that change nothing and go where a sibling goes, as a share of the
   role's choices (target <= 5%): no `effects`, no `outcomes`, and a destination that another choice
   of the same scene that some state can take also leads to (its `goto`, or one of its outcomes').
   A history verdict is not a change.
5. `varying_scenes` -- the role's scenes whose `text` varies with the state (target >= 60%): it holds
   varying-text markup, `{if ...}`, `{EXPR}`, `{seq|...}`, `{cycle|...}`, `{once|...}`, `{shuffle|...}`
   or `{>snippet}`; `{{` and `}}` are literal braces and do not count (story.textmarkup decides).
6. `prose_read` -- the share of the role's prose read in one play-through (target <= 50%): the words
   the player read in the scenes a play-through passes through (each scene once, its text as the
   engine rendered it on the first visit) over the words of all the role's scenes (every branch of
   varying text counted, a value shown as one word), averaged over N seeded random play-throughs
   drawn as randomtest draws them, chronicle values included (the same seed gives the same runs),
   played in the engine's `Game`. What a visit shows comes from one seam, `prose_shown`.

Plus `chronicle`: the entries the story declares under `chronicle:` (0 until the format has it;
target >= 3), for the whole story.
"""

from __future__ import annotations

import functools
import operator
import random
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from petrograd1917.authoring.liveness import live_sets
from petrograd1917.authoring.moves import Move, StateSpace
from petrograd1917.authoring.progress import what_matters
from petrograd1917.authoring.quicktest import DEFAULT_MAX_STATES
from petrograd1917.authoring.randomtest import MAX_STEPS, draw_chronicle
from petrograd1917.authoring.stats import words
from petrograd1917.authoring.texts import story_texts
from petrograd1917.engine.game import Game
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.story import textmarkup as tm
from petrograd1917.story.expr import variables as expr_reads
from petrograd1917.story.model import Choice, Story
from petrograd1917.story.textcheck import Names, parse_text

DEFAULT_RUNS = 1000


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    op: str  # "<=" | ">="
    bound: float
    percent: bool  # a share, shown as a percentage

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return bool((operator.le if self.op == "<=" else operator.ge)(value, self.bound))

    def shown(self) -> str:
        sign = "≤" if self.op == "<=" else "≥"
        return f"{sign} {round(100 * self.bound)}%" if self.percent else f"{sign} {self.bound:g}"


TARGETS = (
    Target("every_route", "scenes on every route to the historical ending", "<=", 0.60, True),
    Target("endings", "endings (ending scenes) reachable", ">=", 5, False),
    Target("unread_changes", "variable changes never read later", "<=", 0.10, True),
    Target("dead_changes", "variable changes that reach no condition, text or fate", "<=", 0.10, True),
    Target("idle_choices", "choices that change nothing, going where a sibling goes", "<=", 0.05, True),
    Target("varying_scenes", "scenes whose text varies with the state", ">=", 0.60, True),
    Target("prose_read", "share of the role's prose read in one play-through", "<=", 0.50, True),
)
TARGET = {t.key: t for t in TARGETS}
CHRONICLE = Target("chronicle", "chronicle entries", ">=", 3, False)


@dataclass
class Figure:
    """One measure's value: a share `count / total`, or a count (`total` None)."""

    target: Target
    value: float | None
    count: int | None = None
    total: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def shown(self) -> str:
        if self.value is None:
            return "-"
        if not self.target.percent:
            return f"{self.value:g}"
        ratio = f" ({self.count}/{self.total})" if self.count is not None else ""
        return f"{100 * self.value:.1f}%{ratio}"

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.target.label, "value": self.value, "count": self.count, "total": self.total,
                "target": f"{self.target.op} {self.target.bound:g}", "met": self.target.met(self.value),
                **self.detail}


def _share(target: Target, count: int, total: int, **detail: Any) -> Figure:
    return Figure(target, count / total if total else None, count, total, detail)


# -- the reachable state graph ---------------------------------------------------------------------

@dataclass(frozen=True)
class BranchKey:
    """One way out of a scene: a choice, and for a random choice one of its outcomes."""

    scene: str
    choice: Choice
    outcome: int | None


@dataclass
class StateGraph:
    """A role's reachable states (scene ids by state index; state 0 is the start) and, per state,
    its transitions as (branch index into `branches`, destination state)."""

    role: str
    scenes: list[str]
    edges: list[list[tuple[int, int]]]
    branches: list[BranchKey]
    complete: bool = True  # False when the state limit stopped the exploration

    def scene_ids(self) -> set[str]:
        return set(self.scenes)

    def taken(self) -> set[int]:
        return {b for out in self.edges for b, _ in out}


def state_graph(machine: StoryMachine, role: str, max_states: int = DEFAULT_MAX_STATES) -> StateGraph:
    """Breadth first from the role's start, in quicktest's state space (authoring.moves.StateSpace:
    what decides the routes still to come), with every chronicle value at its initial:
    the one place to follow when the engine's state grows."""
    story = machine.story
    # A state keeps only what decides a route from its scene on (authoring.liveness, prose-only reads
    # left out, as quicktest does): states that differ in nothing else have the same routes ahead, and
    # every measure here is read off the routes (which scenes and branches follow which), not values.
    space = StateSpace(machine, what_matters(story, []), live_sets(story, []))
    graph = StateGraph(role, [], [], [])
    exits: dict[str, list[tuple[Move, list[int]]]] = {}
    for scene_id, moves in space.moves.items():
        exits[scene_id] = []
        for move in moves:
            ids = []
            for branch in move.branches:
                ids.append(len(graph.branches))
                graph.branches.append(BranchKey(scene_id, move.choice, branch.outcome))
            exits[scene_id].append((move, ids))
    start = space.starts(role)[0]  # each chronicle value's first is its initial
    index = {start: 0}
    graph.scenes.append(start[0])
    graph.edges.append([])
    queue = deque([start])
    while queue:
        state = queue.popleft()
        here = index[state]
        if story.scenes[state[0]].ending:
            continue
        values = space.unpack(state)
        for move, ids in exits[state[0]]:
            if not move.available(values):
                continue
            for branch, b in zip(move.branches, ids, strict=True):
                nxt, _after = space.successor(values, state[0], move, branch)
                there = index.get(nxt)
                if there is None:
                    if len(index) >= max_states:
                        graph.complete = False
                        continue
                    there = index[nxt] = len(graph.scenes)
                    graph.scenes.append(nxt[0])
                    graph.edges.append([])
                    queue.append(nxt)
                graph.edges[here].append((b, there))
    return graph


def _predecessors(graph: StateGraph) -> list[list[tuple[int, int]]]:
    preds: list[list[tuple[int, int]]] = [[] for _ in graph.scenes]
    for i, out in enumerate(graph.edges):
        for b, j in out:
            preds[j].append((i, b))
    return preds


# -- varying text (read with story.textmarkup, as the engine reads it) --------------------------------

def _shape_only(src: str, offset: int) -> tuple[tuple[str, bool], str]:
    # Words and tags need the text's shape, not its meaning: the loader has checked the expressions.
    return ("lit", True), "bool"


@functools.lru_cache(maxsize=4096)
def _shape(text: str) -> tm.Body:
    return tm.parse(text, _shape_only)


def has_varying_text(text: str) -> bool:
    """Whether a text holds varying-text markup (any tag; literal `{{` and `}}` do not count)."""
    return tm.has_markup(text) and any(node[0] != "lit" for node in _shape(text))


def _snippet_text(snippets: Mapping[str, Any], snippet_id: str) -> str:
    value = snippets.get(snippet_id, "")
    return value if isinstance(value, str) else str(getattr(value, "text", ""))


def text_reads(text: str, story: Story, depth: int = 0) -> set[str]:
    """The variables a text's markup reads: those its expressions name (values shown and `{if}`
    conditions), in every branch and in the snippets it includes, parsed with the story's names."""
    if not tm.has_markup(text) or depth > tm.MAX_DEPTH:
        return set()
    types = {n: v.type for n, v in story.variables.items()} | {c.name: c.type for c in chronicle_of(story)}
    body = parse_text(text, Names(types, story.scenes))
    out = {name for tree in tm.expressions(body) for name in expr_reads(tree)}
    for sid in tm.snippets(body):
        out |= text_reads(_snippet_text(snippets_of(story), sid), story, depth + 1)
    return out & set(story.variables)


def all_branches(text: str, snippets: Mapping[str, Any], depth: int = 0) -> str:
    """A text with every branch's words kept and the markup taken out: an `{EXPR}` counts as one word."""
    if not tm.has_markup(text):
        return text
    if depth > tm.MAX_DEPTH:
        return ""
    return "".join(_branch_words(node, snippets, depth) for node in _shape(text))


def _branch_words(node: tm.Node, snippets: Mapping[str, Any], depth: int) -> str:
    tag = node[0]
    if tag == "lit":
        return str(node[1])
    if tag == "expr":
        return "\u2022"  # the value shown in its place: one word
    if tag == "snip":
        return " " + all_branches(_snippet_text(snippets, node[1]), snippets, depth + 1) + " "
    parts = [body for _cond, body in node[1]] + [node[2]] if tag == "if" else list(node[2])
    return "".join(" " + "".join(_branch_words(n, snippets, depth) for n in part) + " " for part in parts)


def prose_shown(game: Game) -> str:
    """THE SEAM for rendered text: what the player reads on arriving in `game`'s scene, as the engine
    renders it (`Game.text`, which the journal keeps as the scene read)."""
    return game.text


def snippets_of(story: Story) -> Mapping[str, Any]:
    """The story's snippets by id, when the format declares them (empty until then)."""
    found = getattr(story, "snippets", None) or {}
    if isinstance(found, Mapping):
        return found
    return {getattr(s, "id", ""): s for s in found}


def _values(found: Any) -> list[Any]:
    if not found:
        return []
    return list(found.values()) if isinstance(found, Mapping) else list(found)


def chronicle_of(story: Story) -> list[Any]:
    """The story's chronicle entries, when the format declares them (none until then)."""
    return _values(getattr(story, "chronicle", None))


# -- reads and writes ------------------------------------------------------------------------------

Assignment = tuple[int, int, int]  # (1 for a `set`, 0 for an `add`; the variable's bit; the bits it reads)


@dataclass
class Reads:
    """What reads and writes the variables, as bit masks over the story's variables: per scene, what
    arriving there reads; per branch, its effect steps in the engine's order and what is shown after
    them (an outcome's text, a history note)."""

    bit: dict[str, int]
    arrival: dict[str, int]
    steps: list[tuple[Assignment, ...]] = field(default_factory=list)
    after: list[int] = field(default_factory=list)

    def mask(self, names: set[str]) -> int:
        out = 0
        for name in names:
            out |= self.bit.get(name, 0)  # a chronicle value is read, but no choice of this role changes it
        return out


def live_before(steps: tuple[Assignment, ...], live: int, strict: bool) -> int:
    """The variables whose value is read after a run of effect steps, given those read after the run.
    Walking back, a `set` of x hides x's earlier value; a step's own reads count always, or when
    `strict`, only when the variable it writes is itself read later (an `add` reads its variable)."""
    for is_set, x, reads in reversed(steps):
        used = live & x
        if is_set:
            live &= ~x
        if used or not strict:
            live |= reads
    return live


def _ending_reads(story: Story, role: str, names: set[str]) -> set[str]:
    """What an ending reads: the role's people's fates and the chronicle values it writes (when declared)."""
    out: set[str] = set()
    for person in _values(getattr(story, "people", None)):
        if getattr(person, "role", role) != role:
            continue
        for fate in getattr(person, "fates", ()):
            condition = getattr(fate, "condition", None)
            out |= expr_reads(condition) if isinstance(condition, tuple) else set()
            out |= text_reads(str(getattr(fate, "text", "")), story)
    for entry in chronicle_of(story):
        value = getattr(entry, "value", None)
        if getattr(entry, "role", role) == role and isinstance(value, tuple):
            out |= expr_reads(value)
    return out & names


def _arrival_reads(story: Story, scene_id: str, at_ending: set[str]) -> set[str]:
    scene = story.scenes[scene_id]
    out = text_reads(scene.text, story)
    for c in scene.choices:
        if c.condition is not None:
            out |= expr_reads(c.condition)
        out |= text_reads(c.text, story) | text_reads(c.reason, story)
    return out | (at_ending if scene.ending else set())


def _steps(key: BranchKey) -> tuple[tuple[str, str, Any], ...]:
    """A transition's effect steps in the order the engine runs them: the choice's, then the outcome's."""
    if key.outcome is None:
        return key.choice.effects.steps
    return key.choice.effects.steps + key.choice.outcomes[key.outcome].effects.steps


def _after_reads(story: Story, key: BranchKey) -> set[str]:
    """What is shown after a transition's effects: the outcome's text and the history note."""
    out = text_reads(key.choice.outcomes[key.outcome].text, story) if key.outcome is not None else set()
    return out | (text_reads(key.choice.history.note, story) if key.choice.history else set())


def reads_of(story: Story, graph: StateGraph) -> Reads:
    names = set(story.variables)
    bit = {name: 1 << i for i, name in enumerate(story.variables)}
    at_ending = _ending_reads(story, graph.role, names)
    reads = Reads(bit, {})
    reads.arrival = {s: reads.mask(_arrival_reads(story, s, at_ending)) for s in graph.scene_ids()}
    for key in graph.branches:
        steps = []
        for op, name, tree in _steps(key):
            own = bit[name] if op == "add" else 0  # `add` reads the value it adds to
            steps.append((int(op == "set"), bit[name], reads.mask(expr_reads(tree)) | own))
        reads.steps.append(tuple(steps))
        reads.after.append(reads.mask(_after_reads(story, key)))
    return reads


def read_ahead(graph: StateGraph, reads: Reads, strict: bool) -> list[int]:
    """Per state, the variables whose value some path from it reads (a least fixpoint over the state
    graph, propagated backwards from each state to those that lead to it)."""
    seen: dict[tuple[int, int], int] = {}  # (branch, read after it) -> read before it: few distinct pairs

    def through(b: int, after: int) -> int:
        out = seen.get((b, after))
        if out is None:
            out = seen[(b, after)] = live_before(reads.steps[b], after | reads.after[b], strict)
        return out

    ahead = [reads.arrival[s] for s in graph.scenes]
    preds = _predecessors(graph)
    work = deque(range(len(ahead) - 1, -1, -1))
    queued = [True] * len(ahead)
    while work:
        j = work.popleft()
        queued[j] = False
        for i, b in preds[j]:
            new = ahead[i] | through(b, ahead[j])
            if new != ahead[i]:
                ahead[i] = new
                if not queued[i]:
                    queued[i] = True
                    work.append(i)
    return ahead


# -- the measures ----------------------------------------------------------------------------------

def _search(graph: StateGraph, allowed: bytearray, goals: set[int]) -> list[int]:
    """A shortest path of states from the start to a goal through allowed states; [] if none."""
    if not allowed[0]:
        return []
    parents: dict[int, int | None] = {0: None}
    queue = deque([0])
    while queue:
        i = queue.popleft()
        if i in goals:
            path: list[int] = []
            at: int | None = i
            while at is not None:
                path.append(at)
                at = parents[at]
            return path[::-1]
        for _, j in graph.edges[i]:
            if allowed[j] and j not in parents:
                parents[j] = i
                queue.append(j)
    return []


def every_route(story: Story, graph: StateGraph) -> Figure:
    """Measure 1: only the scenes of one shortest route can be on every route, so only they are tried."""
    goals = {i for i, s in enumerate(graph.scenes)
             if (e := story.scenes[s].ending) is not None and e.kind == "historical"}
    endings = sorted({graph.scenes[i] for i in goals})
    if not goals:
        return Figure(TARGET["every_route"], None, detail={"historical_endings": endings})
    preds = _predecessors(graph)
    useful = bytearray(len(graph.scenes))  # the states from which a historical ending is reached
    queue = deque(goals)
    for i in goals:
        useful[i] = 1
    while queue:
        for i, _ in preds[queue.popleft()]:
            if not useful[i]:
                useful[i] = 1
                queue.append(i)
    states_of: dict[str, list[int]] = {}
    for i, s in enumerate(graph.scenes):
        if useful[i]:
            states_of.setdefault(s, []).append(i)
    every = []
    for s in dict.fromkeys(graph.scenes[i] for i in _search(graph, useful, goals)):
        without = bytearray(useful)
        for i in states_of[s]:
            without[i] = 0
        if not _search(graph, without, goals):
            every.append(s)
    some = [s for s in story.scenes if s in states_of]
    return _share(TARGET["every_route"], len(every), len(some), historical_endings=endings, on_every_route=every)


def endings(story: Story, graph: StateGraph) -> Figure:
    reached = {s: e.kind for s in _in_order(story, graph) if (e := story.scenes[s].ending) is not None}
    return Figure(TARGET["endings"], len(reached), detail={"endings": reached})


def _in_order(story: Story, graph: StateGraph) -> list[str]:
    """The role's scenes, in the story's order."""
    reached = graph.scene_ids()
    return [s for s in story.scenes if s in reached]


Change = tuple[str, str, int | None, int, str, str]  # scene, choice, outcome, step, set|add, variable


def _changes_read(story: Story, graph: StateGraph, reads: Reads, strict: bool) -> dict[Change, bool]:
    """Every change some reachable state makes, and whether its value is read later."""
    ahead = read_ahead(graph, reads, strict)
    later: dict[int, int] = {}  # per branch taken: what some state after it reads
    for out in graph.edges:
        for b, j in out:
            later[b] = later.get(b, 0) | ahead[j]
    read: dict[Change, bool] = {}
    for b, after in sorted(later.items()):
        key = graph.branches[b]
        steps, own = reads.steps[b], len(key.choice.effects.steps)
        for k, (op, name, _) in enumerate(_steps(key)):
            change = (key.scene, key.choice.id, None if k < own else key.outcome, k if k < own else k - own, op, name)
            live = live_before(steps[k + 1:], after | reads.after[b], strict)
            read[change] = read.get(change, False) or bool(live & reads.bit[name])
    return read


def _by_variable(story: Story, read: dict[Change, bool]) -> dict[str, dict[str, int]]:
    return {v: {"changes": sum(1 for c in read if c[5] == v), "unread": sum(1 for c, ok in read.items()
                                                                             if c[5] == v and not ok)}
            for v in story.variables if any(c[5] == v for c in read)}


def unread_changes(story: Story, graph: StateGraph) -> tuple[Figure, Figure]:
    """Measure 3, and beside it the strict count (3b): changes whose value never reaches a condition,
    text or fate, even through other effects (a counter only ever added to is read by nothing)."""
    reads = reads_of(story, graph)
    figures = []
    for target, strict in ((TARGET["unread_changes"], False), (TARGET["dead_changes"], True)):
        read = _changes_read(story, graph, reads, strict)
        unread = [f"{s}:{c}" + (f"#{o}" if o is not None else "") + f" {op} {v}"
                  for (s, c, o, _, op, v), ok in read.items() if not ok]
        figures.append(_share(target, len(unread), len(read), by_variable=_by_variable(story, read), unread=unread))
    return figures[0], figures[1]


def idle_choices(story: Story, graph: StateGraph) -> Figure:
    taken = {(graph.branches[b].scene, graph.branches[b].choice.id) for b in graph.taken()}
    choices = [(s, c) for s in _in_order(story, graph) for c in story.scenes[s].choices if (s, c.id) in taken]

    def goes(scene_id: str, c: Choice) -> set[str]:
        return set(c.destinations()) or {scene_id}

    idle = [f"{s}:{c.id}" for s, c in choices if not c.effects and not c.outcomes
            and any(o.id != c.id and (s, o.id) in taken and goes(s, c) & goes(s, o) for o in story.scenes[s].choices)]
    return _share(TARGET["idle_choices"], len(idle), len(choices), idle=idle)


def varying_scenes(story: Story, graph: StateGraph) -> Figure:
    scenes = _in_order(story, graph)
    varying = [s for s in scenes if has_varying_text(story.scenes[s].text)]
    return _share(TARGET["varying_scenes"], len(varying), len(scenes), varying=varying)


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> int:
    return words(text)


def play_to_end(game: Game, rng: random.Random) -> int:
    """Play `game` to its end with randomtest's random choices (the engine draws random outcomes, as
    randomtest does); the words of each scene it passes through, counted on its first visit."""
    seen = {game.state}
    total = _words(prose_shown(game))
    for _ in range(MAX_STEPS):
        options = [] if game.is_over else [v for v in game.choices() if v.available]
        if not options:
            break
        game.choose(rng.choice(options).id)
        if game.state not in seen:
            seen.add(game.state)
            total += _words(prose_shown(game))
    return total


def play_throughs(machine: StoryMachine, role: str, runs: int, seed: int) -> Iterator[tuple[Game, int]]:
    """`runs` random play-throughs of `role`, each finished game with the words it read: the runs that
    `randomtest --role` plays with the same seed (its draws, in its order)."""
    rng = random.Random(seed)
    chronicle = what_matters(machine.story, list(story_texts(machine))).chronicle
    for _ in range(runs):
        rng.choice([role])  # randomtest draws the role first, then the seed and the chronicle: keep in step
        game_seed = rng.randrange(2**31)
        game = Game.new(machine, role, game_seed, draw_chronicle(rng, chronicle))
        yield game, play_to_end(game, rng)


def prose_read(machine: StoryMachine, graph: StateGraph, runs: int, seed: int) -> Figure:
    story = machine.story
    snippets = snippets_of(story)
    total = sum(words(all_branches(story.scenes[s].text, snippets)) for s in _in_order(story, graph))
    read = [n for _, n in play_throughs(machine, graph.role, runs, seed)]
    if not read or not total:
        return Figure(TARGET["prose_read"], None, detail={"runs": len(read), "words": total})
    mean = sum(read) / len(read)
    return Figure(TARGET["prose_read"], mean / total, round(mean), total,
                  {"runs": len(read), "seed": seed, "least": min(read) / total, "most": max(read) / total})


@dataclass
class RoleMeasures:
    role: str
    states: int
    complete: bool
    figures: list[Figure]


@dataclass
class Measures:
    title: str
    runs: int
    seed: int
    roles: list[RoleMeasures]
    chronicle: Figure

    def as_dict(self) -> dict[str, Any]:
        return {"story": self.title, "runs": self.runs, "seed": self.seed,
                "roles": {r.role: {"states": r.states, "complete": r.complete,
                                   **{f.target.key: f.as_dict() for f in r.figures}} for r in self.roles},
                "chronicle": self.chronicle.as_dict()}


def measure_role(machine: StoryMachine, role: str, runs: int = DEFAULT_RUNS, seed: int = 0,
                 max_states: int = DEFAULT_MAX_STATES) -> RoleMeasures:
    story = machine.story
    graph = state_graph(machine, role, max_states)
    figures = [every_route(story, graph), endings(story, graph), *unread_changes(story, graph),
               idle_choices(story, graph), varying_scenes(story, graph), prose_read(machine, graph, runs, seed)]
    return RoleMeasures(role, len(graph.scenes), graph.complete, figures)


def measure(machine: StoryMachine, role: str | None = None, runs: int = DEFAULT_RUNS, seed: int = 0,
            max_states: int = DEFAULT_MAX_STATES) -> Measures:
    """Every measure for one role, or for each role of the story in turn."""
    story = machine.story
    roles = [role] if role else list(story.roles)
    entries = chronicle_of(story)
    return Measures(story.title, runs, seed, [measure_role(machine, r, runs, seed, max_states) for r in roles],
                    Figure(CHRONICLE, len(entries), detail={"entries": [getattr(e, "name", str(e)) for e in entries]}))


def _mark(figure: Figure) -> str:
    met = figure.target.met(figure.value)
    return "-" if met is None else ("✓" if met else "✗")


WIDTH = max(len(t.label) for t in TARGETS) + 2


def _row(figure: Figure, label: str = "") -> str:
    return f"  {label or figure.target.label:<{WIDTH}} {figure.shown():>20}  {figure.target.shown():>6} {_mark(figure)}"


def to_text(result: Measures) -> str:
    """The table per role beside the targets, with what fails them named below it."""
    out = [f"{result.title}: how much the choices matter ({result.runs:,} random play-throughs per role, "
           f"seed {result.seed})"]
    for r in result.roles:
        out.append(f"\n{r.role} ({r.states:,} states" + (")" if r.complete else "; stopped at the state limit: "
                                                                                 "the figures may be incomplete)"))
        out.append(f"  {'measure':<{WIDTH}} {'value':>20}  {'target':>8}")
        out += [_row(f) for f in r.figures] + _details(r)
    out += ["", _row(result.chronicle, "chronicle entries (the whole story)")]
    return "\n".join(out) + "\n"


def _listed(what: str, items: list[str], most: int = 8) -> list[str]:
    if not items:
        return []
    more = f" … ({len(items) - most} more: --format json lists all)" if len(items) > most else ""
    return [f"  {what}: " + ", ".join(items[:most]) + more]


def _details(r: RoleMeasures) -> list[str]:
    fig = {f.target.key: f for f in r.figures}
    out = _listed("on every route", fig["every_route"].detail.get("on_every_route", []))
    for key, what in (("unread_changes", "never read later"), ("dead_changes", "reaching nothing")):
        by_var = fig[key].detail.get("by_variable", {})
        out += _listed(f"changes {what}, by variable",
                       [f"{v} {d['unread']}/{d['changes']}" for v, d in by_var.items() if d["unread"]], 20)
    return out + _listed("choices that change nothing", fig["idle_choices"].detail.get("idle", []))
