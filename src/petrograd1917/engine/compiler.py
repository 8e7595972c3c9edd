"""One story's conditions and effects compiled to closures over a game's values, each built once.

A compiler belongs to one story: equal conditions and effects share one closure within it, and when
a story is reloaded (`play --watch`) the new story gets a new compiler and the old closures go with
the old machine, instead of piling up in module-level caches. Keys are `repr`s: ('lit', True) ==
('lit', 1) as tuples, but `set armed: true` is not `set armed: 1`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from petrograd1917.story.expr import CHOSEN, Ast, Compiled, chosen_key, compile_expr
from petrograd1917.story.model import Choice, Effects, Story

# The comparisons of the expression language, as story.expr compiles them.
_CMP = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
CALLS = "@calls"  # the scenes waiting for a `goto: return`, innermost last (a reserved key of the values)
MAX_CALLS = 8  # calls nest this deep at most: a deeper call is closed

Values = dict[str, Any]
Guard = Callable[[Values], bool]
Effect = Callable[[Values], None]
# One assignment: add?, variable, its value (a constant, or an expression over the values), min, max.
Step = tuple[bool, str, Any, bool, int | None, int | None]


def always(values: Values) -> bool:
    return True


def _run_one(step: Step) -> Effect:
    """One assignment, its int kept in range: the rule for the machine's transitions (_on_event)
    and the authoring tools alike."""
    add, name, value, constant, lo, hi = step

    def run_one(values: Values) -> None:
        new = value if constant else value(values)
        if add:
            new += values[name]
        if lo is not None and new < lo:
            new = lo
        elif hi is not None and new > hi:
            new = hi
        values[name] = new

    return run_one


def _run_steps(steps: list[Step]) -> Effect:
    if len(steps) == 1:  # most effects are one assignment: spare the loop
        return _run_one(steps[0])
    runs = [_run_one(step) for step in steps]

    def run(values: Values) -> None:
        for one in runs:
            one(values)

    return run


class StoryCompiler:
    """Closures for one story's guards and effects, and the transition callbacks made of them."""

    def __init__(self, story: Story) -> None:
        self.ranges = {name: (v.min, v.max) if v.type == "int" else (None, None)
                       for name, v in story.variables.items()}
        self._exprs: dict[str, Compiled] = {}
        self._effects: dict[str, Effect] = {}
        self._conditions: dict[tuple[Guard, int | None], Callable[[Any], bool]] = {}
        self._befores: dict[str, Callable[[Any], None]] = {}

    def expression(self, tree: Ast) -> Compiled:
        key = repr(tree)
        fn = self._exprs.get(key)
        if fn is None:
            fn = self._exprs[key] = self._direct(tree) or compile_expr(tree)
        return fn

    def _direct(self, tree: Ast) -> Compiled | None:
        """The commonest shapes of condition and value as one closure each, where compile_expr
        makes one per node and a call of each at every choice: a variable compared with a literal
        or a variable, `not` a variable, a variable plus or minus a literal, and `and`/`or` of
        expressions (each part compiled by `expression`). The same Python operations on the same
        values (test_engine checks them against compile_expr); any other shape: None."""
        tag = tree[0]
        if tag in ("and", "or"):
            a, b = self.expression(tree[1]), self.expression(tree[2])
            return (lambda v: a(v) and b(v)) if tag == "and" else (lambda v: a(v) or b(v))
        if tag == "not" and tree[1][0] == "var":
            name = tree[1][1]
            return lambda v: not v[name]
        if tag not in ("cmp", "add", "sub"):
            return None
        left, right = (tree[2], tree[3]) if tag == "cmp" else (tree[1], tree[2])
        if left[0] != "var" or right[0] not in ("var", "lit"):
            return None
        x, y = left[1], right[1]
        if tag == "add":
            return (lambda v: v[x] + v[y]) if right[0] == "var" else (lambda v: v[x] + y)
        if tag == "sub":
            return (lambda v: v[x] - v[y]) if right[0] == "var" else (lambda v: v[x] - y)
        op = _CMP[tree[1]]
        return (lambda v: op(v[x], v[y])) if right[0] == "var" else (lambda v: op(v[x], y))

    def _value(self, tree: Ast) -> tuple[Any, bool]:
        """An assigned value: most are literals (a negative number is parsed as the negation of
        one), kept as constants to spare a call at every choice."""
        if tree[0] == "lit":
            return tree[1], True
        if tree[0] == "neg" and tree[1][0] == "lit" and type(tree[1][1]) is int:
            return -tree[1][1], True
        return self.expression(tree), False

    def guard(self, choice: Choice, scene_id: str = "") -> Guard:
        """Whether the choice is open, given a game's values: its condition, and for a once-only
        choice that it was not taken before, for a call that calls are not nested too deep."""
        cond = always if choice.condition is None else self.expression(choice.condition)
        if choice.once:
            key, inner = chosen_key(scene_id, choice.id), cond
            cond = lambda v: key not in v[CHOSEN] and inner(v)  # noqa: E731
        if choice.call:
            called = cond
            cond = lambda v: len(v[CALLS]) < MAX_CALLS and called(v)  # noqa: E731
        return cond

    def _steps(self, steps: tuple[tuple[str, str, Ast], ...]) -> list[Step]:
        return [(op == "add", name, *self._value(tree), *self.ranges[name]) for op, name, tree in steps]

    def effects(self, effects: Effects) -> Effect | None:
        """The assignments, in order, with int variables kept in their range; None when there are none."""
        if not effects.steps:
            return None
        key = repr(effects.steps)
        run = self._effects.get(key)
        if run is None:
            run = self._effects[key] = _run_steps(self._steps(effects.steps))
        return run

    def condition(self, guard: Guard, outcome: int | None) -> Callable[[Any], bool]:
        """A transition's guard: the choice's condition and, for a random choice, that this outcome
        was drawn. It is given transitions' event data, whose model is the Game."""
        key = (guard, outcome)
        fn = self._conditions.get(key)
        if fn is None:
            fn = self._conditions[key] = _condition(guard, outcome)
        return fn

    def before(self, first: Effects, second: Effects | None = None) -> Callable[[Any], None] | None:
        """A transition's effects, given transitions' event data: the choice's, then the drawn
        outcome's (one run of both lists of assignments); None when there are none."""
        steps = first.steps + (second.steps if second is not None else ())
        if not steps:
            return None
        key = repr(steps)
        fn = self._befores.get(key)
        if fn is None:
            fn = self._befores[key] = _on_event(self._steps(steps))
        return fn


def _condition(guard: Guard, outcome: int | None) -> Callable[[Any], bool]:
    if guard is always:  # nothing to ask of the values (one closure per compiler: it goes with the story)
        if outcome is None:
            return lambda event: True
        return lambda event: event.model.drawn == outcome
    if outcome is None:
        return lambda event: guard(event.model.values)
    return lambda event: event.model.drawn == outcome and guard(event.model.values)


def _on_event(steps: list[Step]) -> Callable[[Any], None]:
    """Assignments run on the game's values, given transitions' event data: each by _run_one (the one
    place for the rule), except a constant `set`, whose value, kept in range, is worked out once, now."""
    runs = [_run_one(step) for step in steps]
    if len(runs) > 1:
        def run_all(event: Any) -> None:
            values = event.model.values
            for one in runs:
                one(values)

        return run_all
    add, name, _value, constant, _lo, _hi = steps[0]
    if constant and not add:
        scratch: Values = {}
        runs[0](scratch)
        new = scratch[name]

        def set_constant(event: Any) -> None:
            event.model.values[name] = new

        return set_constant
    run = runs[0]
    return lambda event: run(event.model.values)
