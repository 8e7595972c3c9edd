"""The story as immutable data: what the loader makes and the engine, history and faces read.

A story's scenes are a read-only mapping: a dict when read from YAML, and when read from the cache
one that rebuilds each scene the first time it is asked for (`story.codec.LazyScenes`). Slotted:
a large story holds some hundred thousand of these objects, a third smaller without a __dict__ each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from petrograd1917.story.expr import Ast
from petrograd1917.story.problems import Pos

Value = bool | int | str
RETURN = "return"  # `goto: return`: back to the scene that made the most recent call


@dataclass(frozen=True, slots=True)
class Act:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    type: str  # bool | int | str
    initial: Value
    min: int | None = None
    max: int | None = None
    label: str = ""
    visible: bool = True
    roles: tuple[str, ...] = ()  # empty: every role sees it

    def clamp(self, value: int) -> int:
        if self.min is not None and value < self.min:
            return self.min
        if self.max is not None and value > self.max:
            return self.max
        return value

    def shown_to(self, role: str) -> bool:
        return self.visible and (not self.roles or role in self.roles)


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name: str
    blurb: str
    start: str
    initial: dict[str, Value] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Effects:
    """Assignments run in order: ('set'|'add', variable, expression)."""

    steps: tuple[tuple[str, str, Ast], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.steps)


@dataclass(frozen=True, slots=True)
class Outcome:
    weight: int
    goto: str
    effects: Effects
    text: str = ""


@dataclass(frozen=True, slots=True)
class HistoryNote:
    """How a choice stands against the record: its verdict on one event, and whether it is the pivot
    where the player's history leaves the record; or (with `account`) which of the event's
    contested accounts the player's character tells."""

    event: str
    verdict: str  # historical | divergent | plausible; "" for a choice that only tells an account
    note: str
    pivot: bool = False  # a divergent choice after which nothing is graded
    account: str = ""  # the id of one of the event's accounts, told by the player
    reveal: str = "now"  # now | after: hold the note until the next choice, so it spoils nothing


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    text: str
    goto: str | None
    condition: Ast | None = None
    condition_src: str = ""
    unavailable: str = "dim"  # dim | hide
    reason: str = ""
    effects: Effects = Effects()
    outcomes: tuple[Outcome, ...] = ()
    history: HistoryNote | None = None
    pos: Pos = Pos("")
    once: bool = False  # gone once taken
    call: str | None = None  # go to this scene and remember this one, for a later `goto: return`

    @property
    def returns(self) -> bool:
        return self.goto == RETURN

    def destinations(self) -> tuple[str, ...]:
        """The scenes this choice can lead to that are known before play (a return's is not)."""
        if self.outcomes:
            return tuple(o.goto for o in self.outcomes)
        if self.call:
            return (self.call,)
        return (self.goto,) if self.goto and self.goto != RETURN else ()


@dataclass(frozen=True, slots=True)
class Ending:
    id: str
    title: str
    kind: str  # historical | alternate


@dataclass(frozen=True, slots=True)
class Scene:
    id: str
    act: str
    title: str
    date: dt.date  # Old Style
    place: str
    text: str
    choices: tuple[Choice, ...] = ()
    time: str | None = None
    ending: Ending | None = None
    record: tuple[str, ...] = ()
    flashback: bool = False
    roles: tuple[str, ...] = ()
    pos: Pos = Pos("")

    def choice(self, choice_id: str) -> Choice | None:
        for c in self.choices:
            if c.id == choice_id:
                return c
        return None


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class SourceRef:
    source: str
    at: str = ""


@dataclass(frozen=True, slots=True)
class Account:
    label: str
    source: SourceRef
    text: str
    id: str = ""  # how a choice names it (`history: {account: ID}`)


@dataclass(frozen=True, slots=True)
class RecordEvent:
    """A dated event of the historical record."""

    id: str
    title: str
    date: dt.date  # Old Style
    place: str
    summary: str
    sources: tuple[SourceRef, ...]
    date_ns: dt.date | None = None  # as given in the file, checked against `date`
    time: str | None = None
    people: tuple[str, ...] = ()
    accounts: tuple[Account, ...] = ()
    pos: Pos = Pos("")


@dataclass(frozen=True, slots=True)
class CodexEntry:
    id: str
    name: str
    kind: str  # person | place | organisation | term
    summary: str
    text: str
    aka: tuple[str, ...] = ()
    see: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    pos: Pos = Pos("")
    map: tuple[int, int] | None = None  # (x, y) on the city map; None for places off it


@dataclass(frozen=True, slots=True)
class Fate:
    """One way a person's story can end: the first whose condition holds at the ending is theirs."""

    condition: Ast | None
    text: str
    condition_src: str = ""


@dataclass(frozen=True, slots=True)
class Person:
    """Someone in a role's story whose fate the player's choices decide."""

    id: str
    name: str
    role: str
    fates: tuple[Fate, ...]
    pos: Pos = Pos("")


@dataclass(frozen=True, slots=True)
class Snippet:
    """A named piece of text that other texts include with `{>id}`."""

    id: str
    text: str
    pos: Pos = Pos("")


@dataclass(frozen=True, slots=True)
class ChronicleEntry:
    """What one role's ending leaves for every role: `value` over that game's final state, read by
    other roles as the read-only variable `name` (`initial` until that role reaches an ending)."""

    name: str
    type: str  # bool | int | str
    initial: Value
    role: str
    value: Ast
    value_src: str = ""
    pos: Pos = Pos("")


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    version: str
    acts: tuple[Act, ...]
    variables: dict[str, Variable]
    roles: dict[str, Role]
    default_role: str
    scenes: Mapping[str, Scene]
    digest: str  # sha256 of every source file: identifies this exact text of the story
    root: str
    sources: dict[str, Source] = field(default_factory=dict)
    events: dict[str, RecordEvent] = field(default_factory=dict)
    codex: dict[str, CodexEntry] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    plan: tuple[str, ...] = ()  # the city map's lines (map.txt), on which codex places are placed
    snippets: dict[str, Snippet] = field(default_factory=dict)
    chronicle: tuple[ChronicleEntry, ...] = ()

    def initial_values(self, role_id: str, chronicle: Mapping[str, Value] | None = None) -> dict[str, Value]:
        """A new game's values: the variables', the role's own, then the chronicle's (each entry's
        `initial` unless `chronicle` gives it)."""
        values = {name: v.initial for name, v in self.variables.items()}
        values.update(self.roles[role_id].initial)
        given = chronicle or {}
        for entry in self.chronicle:
            values[entry.name] = given.get(entry.name, entry.initial)
        return values
