"""What of a play-through's progress an exploration must keep to tell its states apart, and no more.

A Game keeps every visit, every choice taken and the calls waiting (engine.game.keep_progress).
quicktest keeps, beside the variables:

- the calls waiting, whenever the story has a `call:`;
- of the choices taken, the once-only ones and those some `chose()` reads;
- the visits of a scene only when a condition, an effect or an `{if}` reads them with visits() or
  seen(), or when a `{seq}`, `{cycle}` or `{once}` shown in it holds an `{if}` (the alternative shown
  decides which branch is). A count is kept exactly while more could still change something: up to
  the largest number it is compared with, plus one (1 for seen()), or the alternatives' count; past
  that only a {cycle}'s period matters. A count used otherwise (in a sum, a value set, shown) is kept
  up to VISITS_BOUND, and the exploration says so;
- the chronicle values something reads, each of which it starts with every value it can have: the
  entry's initial and what its `value` can leave: a literal; for a bool, else both; the values the
  variable it names can hold; or, when they cannot be listed, the literals it names, said as assumed.

A value shown with `{EXPR}` decides nothing, so it makes nothing kept.

The `{if}`s and alternatives above count only when `texts` are given: quicktest gives none unless
explore(prose=True) (`--prose`), for what only the prose reads cannot change which scenes, choices
or endings are reached; its prose watch then decides a branch only from what is kept
(authoring.unshown.Known) and says which it could not check. randomtest and measure give them.

That is what is kept at all; each state keeps of it (and of the variables) only what is live in its
scene: what some scene reachable from there can still read to decide something (authoring.liveness,
moves.StateSpace). The calls waiting are kept whole.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from petrograd1917.authoring.ranges import ANY_STR, Interval, possible_values
from petrograd1917.authoring.texts import Text
from petrograd1917.story import expr as E
from petrograd1917.story import textmarkup as tm
from petrograd1917.story.model import ChronicleEntry, Story, Value

VISITS_BOUND = 8  # visits counted this far at most when an expression does more than compare them
MAX_CHRONICLE_INTS = 16  # an int chronicle value is tried at each value of its variable's range up to this many


@dataclass
class Tracked:
    """What an exploration keeps of the progress (see the module's note)."""

    chosen: frozenset[str] = frozenset()  # "scene.choice" keys
    visits: dict[str, tuple[int, int]] = field(default_factory=dict)  # scene -> (exact below, then period)
    calls: bool = False
    chronicle: dict[str, tuple[Value, ...]] = field(default_factory=dict)  # name -> the values explored
    assumptions: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        """Whether anything beyond the variables is kept."""
        return bool(self.chosen or self.visits or self.calls)

    def count(self, scene_id: str, visits: int) -> int:
        """A scene's visit count as kept: exact below its bound, then within its period."""
        bound, period = self.visits[scene_id]
        return visits if visits < bound else bound + (visits - bound) % period


def _cap(caps: dict[str, int | None], scene: str, cap: int | None) -> None:
    """The larger cap; None (none can be proved) wins over any number."""
    if cap is None or (scene in caps and caps[scene] is None):
        caps[scene] = None
    else:
        caps[scene] = max(caps.get(scene) or 0, cap)


def _number(tree: E.Ast) -> int | None:
    """The number a literal int (or its negation) is; None for anything else."""
    if tree[0] == "neg":
        inner = _number(tree[1])
        return None if inner is None else -inner
    return tree[1] if tree[0] == "lit" and type(tree[1]) is int else None


def visit_reads(tree: E.Ast, caps: dict[str, int | None]) -> None:
    """The scenes whose visits an expression reads, each with the count past which it reads no
    difference (None when it does more than compare the count with a number)."""
    tag = tree[0]
    if tag == "seen":
        _cap(caps, tree[1], 1)
        return
    if tag == "visits":
        _cap(caps, tree[1], None)
        return
    if tag == "cmp":
        for a, b in ((tree[2], tree[3]), (tree[3], tree[2])):
            number = _number(b)
            if a[0] == "visits" and number is not None:
                _cap(caps, a[1], max(number + 1, 1))  # every count above the number compares alike
                return
    for part in tree[1:]:
        if isinstance(part, tuple):
            visit_reads(part, caps)


def deciding_expressions(story: Story, texts: Iterable[Text]) -> list[E.Ast]:
    """Every expression whose value decides something: conditions, effects, and `{if}`s in text."""
    out: list[E.Ast] = []
    for scene in story.scenes.values():
        for c in scene.choices:
            if c.condition is not None:
                out.append(c.condition)
            for effects in [c.effects, *(o.effects for o in c.outcomes)]:
                out += [tree for _op, _name, tree in effects.steps]
    for text in texts:
        out += [node[1][i][0] for node in tm.walk(text.body) if node[0] == "if" for i in range(len(node[1]))]
    return out


class Branching:
    """Which alternatives of the story's texts hold an {if} (through the snippets they include)."""

    def __init__(self, snippets: Mapping[str, tm.Body]) -> None:
        self.snippets = snippets
        self._holds: dict[str, bool] = {}

    def holds_if(self, body: tm.Body, depth: int = 0) -> bool:
        for node in tm.walk(body):
            if node[0] == "if":
                return True
            if node[0] == "snip" and depth < tm.MAX_DEPTH and self._snippet(node[1], depth):
                return True
        return False

    def _snippet(self, sid: str, depth: int) -> bool:
        if sid not in self._holds:
            self._holds[sid] = self.holds_if(self.snippets.get(sid, ()), depth + 1)
        return self._holds[sid]

    def alternatives(self, body: tm.Body, depth: int = 0) -> list[tuple[str, int]]:
        """(kind, count) of each alternative holding an {if}, in this text and the snippets it includes."""
        out = []
        for node in tm.walk(body):
            if node[0] == "alt" and any(self.holds_if(part, depth) for part in node[2]):
                out.append((node[1], len(node[2])))
            elif node[0] == "snip" and depth < tm.MAX_DEPTH:
                out += self.alternatives(self.snippets.get(node[1], ()), depth + 1)
        return out


def _visits(caps: dict[str, int | None], shown: dict[str, list[tuple[str, int]]], tracked: Tracked) -> None:
    for scene in sorted(set(caps) | set(shown)):
        bound = 1
        period = 1
        cap = caps.get(scene, 0)
        if cap is None:
            bound = VISITS_BOUND
            tracked.assumptions.append(f"visits({scene}) counted up to {VISITS_BOUND}: an expression does more "
                                       "with it than compare it with a number")
        else:
            bound = max(bound, cap)
        for kind, count in shown.get(scene, ()):
            if kind == "cycle":
                period = math.lcm(period, count)
            elif kind in ("seq", "once"):
                bound = max(bound, count + (kind == "once"))
        tracked.visits[scene] = (bound, period)


def chronicle_values(story: Story, entry: ChronicleEntry, assumptions: list[str]) -> tuple[Value, ...]:
    """The values a chronicle entry can hold: its initial and what its role's endings can leave."""
    tree = entry.value
    found: list[Any] = [entry.initial]
    var = story.variables.get(tree[1]) if tree[0] == "var" else None
    possible = possible_values(story).get(var.name) if var else None
    if tree[0] == "lit":
        found.append(tree[1])
    elif entry.type == "bool":
        found.append(not entry.initial)
    elif isinstance(possible, frozenset) and ANY_STR not in possible:
        found += sorted(possible)
    elif isinstance(possible, Interval) and math.isfinite(possible.lo) and math.isfinite(possible.hi) \
            and possible.hi - possible.lo < MAX_CHRONICLE_INTS:
        found += range(int(possible.lo), int(possible.hi) + 1)
    else:
        found += [node[1] for node in _leaves(tree) if node[0] == "lit" and type(node[1]) is type(entry.initial)]
        shown = ", ".join(repr(v) for v in dict.fromkeys(found))
        assumptions.append(f"chronicle value '{entry.name}' tried as {shown} only: its value "
                           f"'{entry.value_src}' can leave others")
    return tuple(dict.fromkeys(found))


def _leaves(tree: E.Ast) -> list[E.Ast]:
    out = [tree]
    for part in tree[1:]:
        if isinstance(part, tuple):
            out += _leaves(part)
    return out


def what_matters(story: Story, texts: list[Text]) -> Tracked:
    """What quicktest keeps of the progress of a play-through of `story`, whose texts are `texts`."""
    tracked = Tracked()
    deciding = deciding_expressions(story, texts)
    chosen = {E.chosen_key(s.id, c.id) for s in story.scenes.values() for c in s.choices if c.once}
    caps: dict[str, int | None] = {}
    for tree in deciding:
        chosen |= {E.chosen_key(scene, choice) for func, scene, choice, _at in E.progress_refs(tree)
                   if func == "chose" and choice is not None}
        visit_reads(tree, caps)
    tracked.chosen = frozenset(chosen)
    branching = Branching({t.place.snippet: t.body for t in texts if t.place.kind == "snippet"})
    shown: dict[str, list[tuple[str, int]]] = {}
    for text in texts:
        if text.place.kind != "snippet":
            shown.setdefault(text.place.scene, []).extend(branching.alternatives(text.body))
    _visits(caps, {s: alts for s, alts in shown.items() if alts}, tracked)
    tracked.calls = any(c.call for s in story.scenes.values() for c in s.choices)
    read = set().union(*(E.variables(tree) for tree in deciding)) if deciding else set()
    for entry in story.chronicle:
        if entry.name in read:
            tracked.chronicle[entry.name] = chronicle_values(story, entry, tracked.assumptions)
    return tracked
