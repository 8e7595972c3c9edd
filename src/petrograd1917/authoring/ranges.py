"""What values each variable can take, and whether a condition can ever be true: a cheap static analysis.

Each int variable gets an interval (its initial values, literal sets, and min/max or unbounded
where adds or computed sets can push it); bools and strings get the set of values they can hold.
A condition is evaluated over these to the set of results it can have; if True is not among them,
the condition can never be true. The analysis over-approximates, so it never cries wolf: a
warning means the condition is false in every reachable state.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from petrograd1917.story.expr import Ast, variables
from petrograd1917.story.model import Story, Value, Variable

ANY_STR = "<any>"


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)


Values = frozenset[Any]  # bools and strs: the set of values it can hold (ANY_STR: any string)
Abstract = Interval | Values  # ints: an interval


_ANY_VALUE: dict[str, Abstract] = {"int": Interval(-math.inf, math.inf), "bool": frozenset({True, False}),
                                   "str": frozenset({ANY_STR})}


def _interval(a: Abstract) -> Interval:
    if not isinstance(a, Interval):  # the loader has checked every expression's types
        raise TypeError("an int was expected")
    return a


def _values(a: Abstract) -> Values:
    if isinstance(a, Interval):
        raise TypeError("a bool or a str was expected")
    return a


def _assignments(story: Story, name: str) -> Iterator[tuple[str, Ast]]:
    """Every (op, expression) of an effect that sets or adds to `name`, anywhere in the story."""
    for scene in story.scenes.values():
        for choice in scene.choices:
            for effects in [choice.effects] + [o.effects for o in choice.outcomes]:
                for op, target, tree in effects.steps:
                    if target == name:
                        yield op, tree


def _int_range(story: Story, var: Variable, initials: set[Value]) -> Interval:
    """From the initial values, widened by literal sets; an add or a computed value can reach a bound."""
    lo_bound = var.min if var.min is not None else -math.inf
    hi_bound = var.max if var.max is not None else math.inf
    ints = [v for v in initials if isinstance(v, int)]
    lo: float = min(ints)
    hi: float = max(ints)
    for op, tree in _assignments(story, var.name):
        literal = tree[0] == "lit"
        if op == "set" and literal:
            lo, hi = min(lo, tree[1]), max(hi, tree[1])
        elif op == "add" and literal:
            if tree[1] > 0:
                hi = hi_bound
            elif tree[1] < 0:
                lo = lo_bound
        else:  # a computed value or amount: anything within the bounds
            lo, hi = lo_bound, hi_bound
    return Interval(lo, hi)


def _value_set(story: Story, var: Variable, initials: set[Value]) -> Values:
    values: set[Any] = set(initials)
    for _op, tree in _assignments(story, var.name):
        if tree[0] == "lit":
            values.add(tree[1])
        else:
            values |= {True, False} if var.type == "bool" else {ANY_STR}
    return frozenset(values)


def possible_values(story: Story) -> dict[str, Abstract]:
    out: dict[str, Abstract] = {}
    for name, var in story.variables.items():
        initials = {var.initial} | {r.initial[name] for r in story.roles.values() if name in r.initial}
        out[name] = _int_range(story, var, initials) if var.type == "int" else _value_set(story, var, initials)
    for entry in story.chronicle:  # left by another role's ending: any value of its type
        out[entry.name] = _ANY_VALUE[entry.type]
    return out


def possible_results(tree: Ast, env: dict[str, Abstract]) -> Abstract:
    """The values an expression can have, given the values its variables can take."""
    tag = tree[0]
    if tag == "lit":
        v = tree[1]
        return Interval(v, v) if isinstance(v, int) and not isinstance(v, bool) else frozenset({v})
    if tag == "var":
        return env[tree[1]]
    if tag == "not":
        return frozenset(not b for b in _values(possible_results(tree[1], env)))
    if tag == "neg":
        return -_interval(possible_results(tree[1], env))
    if tag in ("and", "or"):
        a, b = _values(possible_results(tree[1], env)), _values(possible_results(tree[2], env))
        op = (lambda x, y: x and y) if tag == "and" else (lambda x, y: x or y)
        return frozenset(op(x, y) for x in a for y in b)
    if tag in ("add", "sub"):
        ia, ib = _interval(possible_results(tree[1], env)), _interval(possible_results(tree[2], env))
        return ia + ib if tag == "add" else ia - ib
    if tag in ("mul", "div", "mod", "min", "max"):
        return _arith(tag, _interval(possible_results(tree[1], env)), _interval(possible_results(tree[2], env)))
    if tag == "visits":
        return Interval(0, math.inf)
    if tag in ("seen", "chose"):
        return frozenset({True, False})  # what play has done: judged by quicktest, not here
    if tag == "cmp":
        return _compare(tree[1], possible_results(tree[2], env), possible_results(tree[3], env))
    raise ValueError(tag)  # pragma: no cover


def _arith(tag: str, a: Interval, b: Interval) -> Interval:
    """Bounds of *, /, %, min and max over two intervals (over-approximated where cheap)."""
    if tag in ("min", "max"):
        pick = min if tag == "min" else max
        return Interval(pick(a.lo, b.lo), pick(a.hi, b.hi))
    if tag == "mod":
        m = max(abs(b.lo), abs(b.hi))
        return Interval(-m, m) if not math.isinf(m) else Interval(-math.inf, math.inf)
    corners = [x * y for x in (a.lo, a.hi) for y in (b.lo, b.hi) if not (math.isinf(x) and y == 0)
               and not (math.isinf(y) and x == 0)]
    if tag == "mul" and corners:
        return Interval(min(corners), max(corners))
    if tag == "div":  # |a // b| <= |a| (and division by zero gives 0)
        m = max(abs(a.lo), abs(a.hi))
        return Interval(-m, m)
    return Interval(-math.inf, math.inf)


def _compare(op: str, a: Abstract, b: Abstract) -> Values:
    if isinstance(a, Interval) and isinstance(b, Interval):
        can_true = {
            "<": a.lo < b.hi, "<=": a.lo <= b.hi, ">": a.hi > b.lo, ">=": a.hi >= b.lo,
            "==": a.lo <= b.hi and b.lo <= a.hi, "!=": not (a.lo == a.hi == b.lo == b.hi),
        }[op]
        can_false = {
            "<": a.hi >= b.lo, "<=": a.hi > b.lo, ">": a.lo <= b.hi, ">=": a.lo < b.hi,
            "!=": a.lo <= b.hi and b.lo <= a.hi, "==": not (a.lo == a.hi == b.lo == b.hi),
        }[op]
        return frozenset(v for v, ok in ((True, can_true), (False, can_false)) if ok)
    sa, sb = _values(a), _values(b)
    if ANY_STR in sa or ANY_STR in sb:
        return frozenset({True, False})
    results = {(x == y) if op == "==" else (x != y) for x in sa for y in sb}
    return frozenset(results)


MAX_CASES = 4096  # joint values tried at most; beyond, variables stay abstract


def _cases(abstract: Abstract) -> list[Abstract] | None:
    """A variable's possible values one by one, when there are few enough to try each."""
    if isinstance(abstract, Interval):
        if math.isinf(abstract.lo) or math.isinf(abstract.hi) or abstract.hi - abstract.lo > 64:
            return None
        return [Interval(v, v) for v in range(int(abstract.lo), int(abstract.hi) + 1)]
    if ANY_STR in abstract:
        return None
    return [frozenset({v}) for v in abstract]


def can_be_true(tree: Ast, env: dict[str, Abstract]) -> bool:
    """Whether some reachable values make the condition true. Variables read together are tried
    value by value where their domains are small, so `armed and not armed` or `nerve > 3 and
    nerve < 2` are seen to be never true; the rest are judged by their ranges alone."""
    names = sorted(variables(tree))
    split: list[tuple[str, list[Abstract]]] = []
    total = 1
    for name in names:
        cases = _cases(env[name])
        if cases is not None and total * len(cases) <= MAX_CASES:
            split.append((name, cases))
            total *= len(cases)
    for combo in itertools.product(*(cases for _n, cases in split)):
        local = dict(env)
        local.update((name, value) for (name, _c), value in zip(split, combo, strict=True))
        if True in _values(possible_results(tree, local)):
            return True
    return False
