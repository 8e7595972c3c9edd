"""What of a play-through can still decide something from each scene on: the live sets quicktest
projects its states on, so that states that differ only in what nothing ahead reads are one.

A variable, chronicle value, choice taken (`chose()`) or scene's visit count is *live* at a scene
when some scene reachable from it (itself included) can read it in a way that decides something:

- a choice's condition, and a once-only choice's own "taken" mark, decide whether it is open;
- an `{if}`/`{elif}` condition in a text shown there (the scene's, its choices' and their reasons',
  through the snippets they include) decides which branch is shown; so does, after a choice's
  effects, one in its outcome's text or its history note;
- a `{seq}`, `{cycle}` or `{once}` holding an `{if}`, in any text a scene shows, reads that scene's
  visit count;
- an effect reads what its value names only when the variable it sets is itself live after it (a
  fixpoint: `x = x + 1` alone keeps nothing; `y = x` keeps x where y is live), and a `set` hides the
  value before it (the effect's other reads aside).

A value shown with `{EXPR}` decides nothing. The texts' reads count only for the texts given: quicktest
gives none unless explore(prose=True), so by default only conditions, once-only marks and effects
make anything live (prose cannot change a route; authoring.unshown says what it could not check).
Reachable is by the story's map: every `goto`, outcome
and `call`, and a `goto: return` back to each scene whose call can lead to it (authoring.graph).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from petrograd1917.authoring.graph import returns
from petrograd1917.authoring.progress import Branching
from petrograd1917.authoring.texts import Text
from petrograd1917.story import expr as E
from petrograd1917.story import textmarkup as tm
from petrograd1917.story.model import Choice, Scene, Story

VISIT, CHOSE = "@visits:", "@chosen:"  # how a visit count and a choice taken are named in a live set


@dataclass(frozen=True)
class Live:
    """What can still decide something from one scene on."""

    names: frozenset[str]  # variables and chronicle values
    chosen: frozenset[str]  # "scene.choice" keys
    visits: frozenset[str]  # scenes whose visit count


@dataclass(frozen=True)
class _Way:
    """One way out of a scene (a choice, or one outcome of a random choice)."""

    dests: tuple[str, ...]  # a return's: every scene it can lead back to
    steps: tuple[tuple[bool, str, frozenset[str]], ...]  # (a `set`?, variable, what its value reads)
    after: frozenset[str]  # what is read after the effects: the outcome's text, the history note


def reads(tree: E.Ast) -> set[str]:
    """What an expression reads: variables and chronicle values by name, progress by VISIT and CHOSE."""
    out = E.variables(tree)
    for func, scene, choice, _at in E.progress_refs(tree):
        out.add(CHOSE + E.chosen_key(scene, choice) if func == "chose" and choice is not None else VISIT + scene)
    return out


class _TextReads:
    """What the `{if}`s of a text decide on, through the snippets it includes."""

    def __init__(self, snippets: Mapping[str, tm.Body]) -> None:
        self.snippets = snippets
        self._of_snippet: dict[str, frozenset[str]] = {}

    def of(self, body: tm.Body, depth: int = 0) -> set[str]:
        out: set[str] = set()
        for node in tm.walk(body):
            if node[0] == "if":
                for cond, _body in node[1]:
                    out |= reads(cond)
            elif node[0] == "snip" and depth < tm.MAX_DEPTH:
                out |= self._snippet(node[1], depth)
        return out

    def _snippet(self, sid: str, depth: int) -> frozenset[str]:
        if sid not in self._of_snippet:
            self._of_snippet[sid] = frozenset()  # the loader refuses a snippet that includes itself
            self._of_snippet[sid] = frozenset(self.of(self.snippets.get(sid, ()), depth + 1))
        return self._of_snippet[sid]


class _Reads:
    """Per scene what arriving there reads, and per way out what is read after its effects."""

    def __init__(self, texts: Iterable[Text]) -> None:
        texts = list(texts)
        snippets = {t.place.snippet: t.body for t in texts if t.place.kind == "snippet"}
        text_reads = _TextReads(snippets)
        alternatives = Branching(snippets).alternatives
        self.arrival: dict[str, set[str]] = {}
        self.after: dict[tuple[str, str, int], set[str]] = {}  # (scene, choice, outcome or -1 for the note)
        for text in texts:
            place = text.place
            if place.kind == "snippet":
                continue
            arrival = self.arrival.setdefault(place.scene, set())
            if alternatives(text.body):
                arrival.add(VISIT + place.scene)  # which alternative is shown decides which {if} is
            found = text_reads.of(text.body)
            if place.kind in ("outcome", "note"):
                self.after.setdefault((place.scene, place.choice, place.outcome), set()).update(found)
            else:
                arrival |= found

    def at(self, scene: Scene) -> set[str]:
        """What arriving in `scene` reads: its choices' conditions and once-only marks, and its texts."""
        out = set(self.arrival.get(scene.id, ()))
        for c in scene.choices:
            if c.condition is not None:
                out |= reads(c.condition)
            if c.once:
                out.add(CHOSE + E.chosen_key(scene.id, c.id))
        return out

    def ways(self, scene: Scene, c: Choice, back: Mapping[str, list[str]]) -> list[_Way]:
        """The ways out a choice makes: one per outcome, or one."""
        note = self.after.get((scene.id, c.id, -1), set())
        if not c.outcomes:
            dests = tuple(back.get(scene.id, ())) if c.returns else (c.call or c.goto or scene.id,)
            return [_Way(dests, steps_of(c.effects.steps), frozenset(note))]
        return [_Way((o.goto,), steps_of(c.effects.steps + o.effects.steps),
                     frozenset(note | self.after.get((scene.id, c.id, k), set())))
                for k, o in enumerate(c.outcomes)]


def steps_of(steps: tuple[tuple[str, str, E.Ast], ...]) -> tuple[tuple[bool, str, frozenset[str]], ...]:
    return tuple((op == "set", name, frozenset(reads(tree))) for op, name, tree in steps)


def live_before(way: _Way, live_after: set[str]) -> set[str]:
    """What is live before a way's effects, given what is live where it leads: walking back, a step
    whose variable is live makes what it reads live, and a `set` hides its variable's earlier value."""
    live = live_after | way.after
    for is_set, name, read in reversed(way.steps):
        if name in live:
            if is_set:
                live.discard(name)
            live |= read
    return live


def live_sets(story: Story, texts: Iterable[Text]) -> dict[str, Live]:
    """Per scene, what can decide something from it on (a least fixpoint over the map, backwards)."""
    found = _Reads(texts)
    back = returns(story)
    ways = {s.id: [w for c in s.choices for w in found.ways(s, c, back)] for s in story.scenes.values()}
    local = {s.id: found.at(s) for s in story.scenes.values()}
    preds: dict[str, set[str]] = {sid: set() for sid in story.scenes}
    for sid, out in ways.items():
        for way in out:
            for dest in way.dests:
                preds.setdefault(dest, set()).add(sid)
    live = {sid: set(local[sid]) for sid in story.scenes}
    work = list(story.scenes)
    queued = set(work)
    while work:
        sid = work.pop()
        queued.discard(sid)
        new = set(local[sid])
        for way in ways[sid]:
            new |= live_before(way, set().union(*(live.get(d, set()) for d in way.dests)))
        if new != live[sid]:
            live[sid] = new
            for p in preds.get(sid, ()):
                if p not in queued:
                    queued.add(p)
                    work.append(p)
    return {sid: _split(found_live) for sid, found_live in live.items()}


def _split(live: set[str]) -> Live:
    return Live(frozenset(n for n in live if not n.startswith("@")),
                frozenset(n[len(CHOSE):] for n in live if n.startswith(CHOSE)),
                frozenset(n[len(VISIT):] for n in live if n.startswith(VISIT)))
