"""quicktest's prose never shown: the `{if}`/`{elif}`/`{else}` branches of a story's texts, which of
them a state renders, and those that no state quicktest reaches renders.

A state renders what the engine shows there (engine.game): the scene's text; the text of each choice
listed, and the reason of each listed closed one; after a choice, its outcome's text and its history
note, with the values after its effects. Branches are decided by the renderer's own rules: the first
branch whose condition holds, else the `{else}`; the alternative a visit shows (textmarkup.pick);
any alternative of a `{shuffle}`, which the game's seed draws. A snippet's branches are decided where
it is included. Only branches with words are watched: an empty `{else}` shows nothing to miss.

A state keeps only what decides routes (explore(prose=False), the default): then a branch is decided
only where its condition reads nothing but what the state keeps exactly there (`Known`); one that
reads more is *undecided* there (it and the branches after it in its `{if}`), and one never shown but
undecided somewhere is not reported: quicktest lists it among its assumptions instead. A `{seq}`,
`{cycle}` or `{once}` whose scene's visit count is not kept exactly tries every alternative.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from petrograd1917.authoring.liveness import reads
from petrograd1917.authoring.progress import VISITS_BOUND, visit_reads
from petrograd1917.authoring.texts import Text, TextLocator
from petrograd1917.engine.game import listed_closed
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.story import textmarkup as tm
from petrograd1917.story.expr import VISITS
from petrograd1917.story.model import Choice
from petrograd1917.story.problems import Pos, shown

Values = dict[str, Any]



@dataclass
class Known:
    """What a state's values tell exactly in one place (arriving in a scene, or after one way out of
    it): the reads (as liveness.reads names them) kept exactly, the kept visit counts' bounds, and
    whether the scene's own visit count picks its alternatives exactly."""

    scene: str
    exact: frozenset[str]
    bounds: Mapping[str, int]
    visit: bool
    _decides: dict[int, bool] = field(default_factory=dict)

    def decides(self, arm: int, needs: frozenset[str], caps: Mapping[str, int | None]) -> bool:
        """Whether a condition (arm `arm`, reading `needs`, visits up to `caps`) is decided here."""
        hit = self._decides.get(arm)
        if hit is None:
            hit = self._decides[arm] = needs <= self.exact and all(
                self.bounds.get(s, 0) >= (VISITS_BOUND if cap is None else cap) for s, cap in caps.items())
        return hit


# Marks what a text shows, given the values, the visit number (0: not known) and what they tell
# exactly (None: everything).
Trace = Callable[[Values, int, Known | None], None]


@dataclass(frozen=True)
class TextBranch:
    text: Text
    key: int  # which text (shared by the branches of one text)
    offset: int  # where its tag starts in the text
    tag: str  # the tag as written: "{elif nerve > 2}"
    inside: int | None  # the branch it is written in (an unshown one hides it: reported once)


class ProseWatch:
    """Every branch of the story's texts, and the ones rendered so far."""

    def __init__(self, machine: StoryMachine, texts: list[Text]) -> None:
        self.machine = machine
        self.expression = machine.compiler.expression
        self.branches: list[TextBranch] = []
        self.shown: set[int] = set()
        self.rendered: set[int] = set()  # ids of the texts rendered at least once
        self.undecided: dict[int, str] = {}  # branches some state could not decide, and the first scene where
        self._arms = 0
        self._texts = 0
        self._snippets = {t.place.snippet: t for t in texts if t.place.kind == "snippet"}
        self._snippet_traces: dict[str, Trace | None] = {}
        self.traces: dict[tuple[str, str, str, int], Trace] = {}  # (kind, scene, choice, outcome)
        for text in texts:
            place = text.place
            if place.kind != "snippet":
                trace = self._text(text)
                if trace is not None:
                    self.traces[(place.kind, place.scene, place.choice, place.outcome)] = trace
        self.active = bool(self.traces)

    # -- compiling a text into what it shows ----------------------------------------------------------

    def _text(self, text: Text) -> Trace | None:
        key = self._texts
        self._texts += 1
        body = self._body(text.body, text, key, None)
        if body is None:
            return None
        rendered = self.rendered

        def trace(values: Values, visit: int, known: Known | None) -> None:
            rendered.add(key)
            body(values, visit, known)
        return trace

    def _body(self, body: tm.Body, text: Text, key: int, inside: int | None) -> Trace | None:
        parts = [t for t in (self._node(n, text, key, inside) for n in body) if t is not None]
        if len(parts) <= 1:
            return parts[0] if parts else None

        def trace(values: Values, visit: int, known: Known | None) -> None:
            for part in parts:
                part(values, visit, known)
        return trace

    def _node(self, node: tm.Node, text: Text, key: int, inside: int | None) -> Trace | None:
        if node[0] == "if":
            return self._if(node, text, key, inside)
        if node[0] == "alt":
            return self._alt(node, text, key, inside)
        if node[0] == "snip":
            return self._snippet(node[1])
        return None

    def _branch(self, body: tm.Body, text: Text, key: int, offset: int, inside: int | None) -> tuple[int | None, Trace | None]:
        """A branch's id (None when it holds no words) and what its body shows."""
        if not any(n[0] != "lit" or n[1].strip() for n in body):
            return None, None
        end = text.source.find("}", offset)
        bid = len(self.branches)
        self.branches.append(TextBranch(text, key, offset, text.source[offset:end + 1], inside))
        return bid, self._body(body, text, key, bid)

    def _if(self, node: tm.Node, text: Text, key: int, inside: int | None) -> Trace:
        offsets = node[3]
        arms = []
        for (cond, body), offset in zip(node[1], offsets, strict=False):  # the last offset is the else's
            caps: dict[str, int | None] = {}
            visit_reads(cond, caps)
            arms.append((self.expression(cond), *self._branch(body, text, key, offset, inside),
                         self._arms, frozenset(reads(cond)), caps))
            self._arms += 1
        tail_id, tail = self._branch(node[2], text, key, offsets[-1], inside) if offsets[-1] >= 0 else (None, None)
        ids = [a[1] for a in arms] + [tail_id]
        rest = [tuple(b for b in ids[i:] if b is not None) for i in range(len(arms))]
        shown_, undecided = self.shown, self.undecided

        def trace(values: Values, visit: int, known: Known | None) -> None:
            for i, (cond, bid, body, arm, needs, caps) in enumerate(arms):  # noqa: B007  (read after the loop)
                if known is not None and not known.decides(arm, needs, caps):
                    for b in rest[i]:  # this one and those after it may or may not be shown
                        undecided.setdefault(b, known.scene)
                    return
                if cond(values):
                    break
            else:
                bid, body = tail_id, tail
            if bid is not None:
                shown_.add(bid)
            if body is not None:
                body(values, visit, known)
        return trace

    def _alt(self, node: tm.Node, text: Text, key: int, inside: int | None) -> Trace | None:
        kind = node[1]
        if kind == "shuffle":  # the seed may draw any of them
            return self._body(tuple(n for part in node[2] for n in part), text, key, inside)
        options = [self._body(part, text, key, inside) for part in node[2]]
        if all(o is None for o in options):
            return None

        def trace(values: Values, visit: int, known: Known | None) -> None:
            if visit <= 0:  # not known: any of them may be shown
                for option in options:
                    if option is not None:
                        option(values, visit, known)
                return
            i = tm.pick(kind, len(options), visit)
            option = options[i] if i >= 0 else None
            if option is not None:
                option(values, visit, known)
        return trace

    def _snippet(self, sid: str) -> Trace | None:
        if sid not in self._snippet_traces:
            self._snippet_traces[sid] = None  # the loader refuses a snippet that includes itself
            snippet = self._snippets.get(sid)
            self._snippet_traces[sid] = self._text(snippet) if snippet is not None else None
        return self._snippet_traces[sid]

    # -- what a state shows ----------------------------------------------------------------------------

    def arrive(self, scene_id: str, values: Values, listed: list[tuple[Choice, bool]], known: Known | None = None) -> None:
        """What arriving in `scene_id` shows: its text, and its listed choices (each with whether it is open)."""
        traces = self.traces
        visit = _visit(scene_id, values, known)
        trace = traces.get(("scene", scene_id, "", -1))
        if trace is not None:
            trace(values, visit, known)
        for choice, ok in listed:
            if not ok and not listed_closed(choice, scene_id, values):
                continue
            trace = traces.get(("choice", scene_id, choice.id, -1))
            if trace is not None:
                trace(values, visit, known)
            trace = None if ok else traces.get(("reason", scene_id, choice.id, -1))
            if trace is not None:
                trace(values, visit, known)

    def took(self, scene_id: str, choice: Choice, outcome: int | None, after: Values, known: Known | None = None) -> None:
        """What taking a choice shows after its effects: its outcome's text and its history note."""
        visit = _visit(scene_id, after, known)
        for key in (("outcome", scene_id, choice.id, -1 if outcome is None else outcome), ("note", scene_id, choice.id, -1)):
            trace = self.traces.get(key)
            if trace is not None:
                trace(after, visit, known)

    # -- the finding ---------------------------------------------------------------------------------------

    def never_shown(self) -> list[TextBranch]:
        """Branches of texts rendered at least once that no state rendered (not those inside one), and
        that every state rendering their text decided."""
        return [b for i, b in enumerate(self.branches) if i not in self.undecided and self._missed(i, b)]

    def not_checked(self) -> dict[str, list[TextBranch]]:
        """Per scene, the branches never shown that some state there could not decide."""
        out: dict[str, list[TextBranch]] = {}
        for i, scene in self.undecided.items():
            if self._missed(i, self.branches[i]):
                out.setdefault(scene, []).append(self.branches[i])
        return out

    def _missed(self, i: int, b: TextBranch) -> bool:
        return i not in self.shown and b.key in self.rendered and (b.inside is None or b.inside in self.shown)

    def where(self, branches: list[TextBranch]) -> list[Pos]:
        locator = TextLocator(self.machine)
        return [locator.at(b.text.place, b.text.source, b.offset) for b in branches]


def _visit(scene_id: str, values: Values, known: Known | None) -> int:
    """The visit number that picks the scene's alternatives; 0 when the state does not keep it exactly."""
    if known is not None and not known.visit:
        return 0
    return values[VISITS].get(scene_id, 1) if VISITS in values else 1


def describe(branch: TextBranch) -> str:
    return f"{shown(branch.tag, 60)} in {branch.text.place.describe()}"
