"""The shapes of story files, declared once: the loader reads by them and the JSON Schema is made from them."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

IDENT_PATTERN = r"^[a-z][a-z0-9_]*$"
# Every integer in a story or a save (and in an expression) has at most this many digits: far more
# than a game needs, and far below the 4,300 digits past which Python refuses to read one.
MAX_INT_DIGITS = 18
MAX_WEIGHT = 1_000_000  # an outcome's weight: chance is drawn from the sum of a choice's weights


class Kind:
    """A kind of value a YAML node may hold."""

    label = "a value"


@dataclass(frozen=True)
class Str(Kind):
    label: str = "a string"
    nonempty: bool = True


@dataclass(frozen=True)
class Ident(Kind):
    """A snake_case id: of a scene, choice, variable, act, role, event or codex entry."""

    label: str = "an id (lower case letters, digits and _)"


@dataclass(frozen=True)
class Int(Kind):
    label: str = "an integer"
    min: int | None = None
    max: int | None = None


@dataclass(frozen=True)
class Bool(Kind):
    label: str = "true or false"


@dataclass(frozen=True)
class Date(Kind):
    label: str = "a date YYYY-MM-DD"


@dataclass(frozen=True)
class Time(Kind):
    label: str = "a time HH:MM in quotes"


@dataclass(frozen=True)
class Enum(Kind):
    values: tuple[str, ...] = ()

    @property
    def label(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(self.values)


@dataclass(frozen=True)
class Scalar(Kind):
    """A variable's value: a string, an integer or true/false."""

    label: str = "a string, an integer or true/false"


@dataclass(frozen=True)
class Expr(Kind):
    """A condition or value in the expression language, written as a string (or a bare true/false/number)."""

    label: str = "an expression"


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind = field(default_factory=Str)
    min_items: int = 0
    label: str = "a list"


@dataclass(frozen=True)
class MapOf(Kind):
    """A mapping from ids to values of one kind."""

    value: Kind = field(default_factory=Str)
    label: str = "a mapping"


@dataclass(frozen=True)
class F:
    """One field of an object."""

    kind: Kind
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Obj(Kind):
    name: str = ""
    fields: dict[str, F] = field(default_factory=dict)
    doc: str = ""

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a mapping ({self.name})"

    @functools.cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(k for k, f in self.fields.items() if f.required)

    @functools.cached_property
    def kinds(self) -> dict[str, Kind]:
        """Each field's kind by its key."""
        return {k: f.kind for k, f in self.fields.items()}


# --- the story format ---------------------------------------------------------------

VERDICTS = ("historical", "divergent", "plausible")
REVEALS = ("now", "after")
ENDING_KINDS = ("historical", "alternate")
VAR_TYPES = ("bool", "int", "str")
CODEX_KINDS = ("person", "place", "organisation", "term")

EFFECTS = Obj(
    "effects",
    {
        "set": F(MapOf(Scalar()), doc="variable: new value (a literal; for int and bool variables a string is an expression)"),
        "add": F(MapOf(Expr()), doc="int variable: amount to add (may be negative or an expression); clamped to min/max"),
    },
    doc="Changes to variables when the choice is taken.",
)

HISTORY = Obj(
    "history",
    {
        "event": F(Ident(), required=True, doc="the record event this choice is weighed against"),
        "verdict": F(Enum(VERDICTS), doc="historical (what most in your place did), plausible (what some did, "
                                         "or could have) or divergent (would have changed recorded events); "
                                         "required unless the choice only tells an account"),
        "note": F(Str(), required=True, doc="what really happened, from the player's place"),
        "pivot": F(Bool(), doc="a divergent choice from which the player's history leaves the record: "
                               "nothing after it is graded"),
        "account": F(Ident(), doc="the id of one of the event's accounts: the version the player tells"),
        "reveal": F(Enum(REVEALS), doc="now (default) or after: hold the note until the next choice"),
    },
    doc="How this choice stands against the historical record.",
)

OUTCOME = Obj(
    "outcome",
    {
        "weight": F(Int(min=1, max=MAX_WEIGHT), required=True, doc="relative chance, 1 to 1,000,000"),
        "goto": F(Ident(), required=True, doc="scene this outcome leads to"),
        "effects": F(EFFECTS),
        "text": F(Str(), doc="a line shown when this outcome is drawn"),
    },
    doc="One possible result of a choice, drawn with the game's seeded random numbers.",
)

CHOICE = Obj(
    "choice",
    {
        "id": F(Ident(), required=True, doc="unique within its scene; saves refer to it"),
        "text": F(Str(), required=True, doc="what the player reads in the menu"),
        "goto": F(Ident(), doc="the next scene, or `return` to go back to the scene that made the latest call "
                               "(or give outcomes, or call)"),
        "call": F(Ident(), doc="go to this scene and remember this one, for a later `goto: return`"),
        "once": F(Bool(), doc="the choice is gone once taken"),
        "if": F(Expr(), doc="condition for the choice to be available"),
        "unavailable": F(Enum(("dim", "hide")), doc="when the condition fails: show dimmed with the reason (dim, default) or hide"),
        "reason": F(Str(), doc="why the choice is unavailable, shown when dimmed"),
        "effects": F(EFFECTS),
        "outcomes": F(ListOf(OUTCOME, min_items=1), doc="random results instead of goto"),
        "history": F(HISTORY),
    },
    doc="One thing the player may do at the end of a scene.",
)

ENDING = Obj(
    "ending",
    {
        "id": F(Ident(), required=True),
        "title": F(Str(), required=True),
        "kind": F(Enum(ENDING_KINDS), required=True, doc="historical or alternate"),
    },
    doc="Marks a scene as an ending.",
)

SCENE = Obj(
    "scene",
    {
        "id": F(Ident(), required=True, doc="unique across the story"),
        "act": F(Ident(), required=True, doc="an act id from story.yaml"),
        "title": F(Str(), required=True),
        "date": F(Date(), required=True, doc="Old Style (Julian) date"),
        "time": F(Time(), doc="HH:MM, quoted"),
        "place": F(Ident(), required=True, doc="a codex id (checked when the story has a codex)"),
        "text": F(Str(), required=True, doc="Markdown, second person, present tense"),
        "record": F(ListOf(Ident()), doc="record events that frame this scene"),
        "flashback": F(Bool(), doc="allows the date to go back along a path"),
        "roles": F(ListOf(Ident()), doc="roles this scene belongs to (for stats and maps)"),
        "choices": F(ListOf(CHOICE), doc="required unless the scene is an ending"),
        "ending": F(ENDING),
    },
    doc="One scene: a moment the player lives, ending on a decision.",
)

VARIABLE = Obj(
    "variable",
    {
        "name": F(Ident(), required=True),
        "type": F(Enum(VAR_TYPES), required=True),
        "initial": F(Scalar(), required=True),
        "min": F(Int()),
        "max": F(Int()),
        "label": F(Str(), doc="what the player sees"),
        "visible": F(Bool(), doc="shown to the player (default true)"),
        "roles": F(ListOf(Ident()), doc="shown only to these roles (default all)"),
    },
)

ROLE = Obj(
    "role",
    {
        "id": F(Ident(), required=True),
        "name": F(Str(), required=True),
        "blurb": F(Str(), required=True),
        "start": F(Ident(), required=True, doc="the first scene"),
        "initial": F(MapOf(Scalar()), doc="starting values that differ from the variables' own"),
    },
)

ACT = Obj("act", {"id": F(Ident(), required=True), "title": F(Str(), required=True)})

SNIPPET = Obj(
    "snippet",
    {"id": F(Ident(), required=True), "text": F(Str(), required=True, doc="may use all of the text markup")},
    doc="A named piece of text that other texts include with {>id}.",
)

CHRONICLE_ENTRY = Obj(
    "chronicle entry",
    {
        "name": F(Ident(), required=True, doc="the read-only value every role's expressions and text can read"),
        "type": F(Enum(VAR_TYPES), required=True),
        "initial": F(Scalar(), required=True, doc="its value until the role has reached an ending"),
        "role": F(Ident(), required=True, doc="the role whose ending writes it"),
        "value": F(Expr(), required=True, doc="an expression over that game's final state"),
    },
    doc="What one role's ending leaves for the others, kept in the player's chronicle.",
)

FATE = Obj(
    "fate",
    {"if": F(Expr(), doc="when this fate is theirs (the first that holds at the ending); none: always"),
     "text": F(Str(), required=True)},
)

PERSON = Obj(
    "person",
    {
        "id": F(Ident(), required=True),
        "name": F(Str(), required=True),
        "role": F(Ident(), required=True, doc="the role in whose story they live"),
        "fates": F(ListOf(FATE, min_items=1), required=True, doc="in order; the first whose condition holds"),
    },
    doc="Someone whose fate the player's choices decide; the end report opens with them.",
)

STORY = Obj(
    "story",
    {
        "id": F(Ident(), required=True),
        "title": F(Str(), required=True),
        "version": F(Str(), required=True),
        "acts": F(ListOf(ACT, min_items=1), required=True),
        "variables": F(ListOf(VARIABLE)),
        "roles": F(ListOf(ROLE, min_items=1), required=True),
        "default_role": F(Ident(), required=True),
        "snippets": F(ListOf(SNIPPET), doc="named texts included with {>id}"),
        "chronicle": F(ListOf(CHRONICLE_ENTRY), doc="what each role's ending leaves for the others"),
        "people": F(ListOf(PERSON), doc="each role's people and their fates"),
    },
    doc="story.yaml: the story's identity, acts, variables, roles, snippets, chronicle and people.",
)

SCENE_FILE = ListOf(SCENE, min_items=1, label="a list of scenes")
SNIPPET_FILE = ListOf(SNIPPET, min_items=1, label="a list of snippets")

SOURCE_REF = Obj(
    "source reference",
    {"source": F(Ident(), required=True, doc="a source id"), "at": F(Str(), doc="section, chapter or page")},
)

ACCOUNT = Obj(
    "account",
    {
        "id": F(Ident(), doc="how a choice names this account (history: {account: ID})"),
        "label": F(Str(), required=True),
        "source": F(SOURCE_REF, required=True),
        "text": F(Str(), required=True),
    },
    doc="One version of a contested event, with its source.",
)

SOURCE = Obj("source", {"id": F(Ident(), required=True), "title": F(Str(), required=True)})

EVENT = Obj(
    "event",
    {
        "id": F(Ident(), required=True),
        "title": F(Str(), required=True),
        "date": F(Date(), required=True, doc="Old Style (Julian)"),
        "date_ns": F(Date(), doc="New Style (Gregorian); must agree with date"),
        "time": F(Str(), doc="a time of day: 21:40, or 'night'"),
        "place": F(Ident(), required=True, doc="a codex id"),
        "people": F(ListOf(Ident()), doc="codex ids"),
        "summary": F(Str(), required=True),
        "sources": F(ListOf(SOURCE_REF, min_items=1), required=True),
        "accounts": F(ListOf(ACCOUNT), doc="where the sources disagree"),
    },
)

RECORD_FILE = Obj(
    "record",
    {"sources": F(ListOf(SOURCE)), "events": F(ListOf(EVENT), required=True)},
    doc="record.yaml: the sources and the dated events.",
)

MAP_POSITION = Obj(
    "map position",
    {"x": F(Int(min=0), required=True, doc="column, from 0"), "y": F(Int(min=0), required=True, doc="line, from 0")},
)

CODEX_ENTRY = Obj(
    "codex entry",
    {
        "id": F(Ident(), required=True),
        "name": F(Str(), required=True),
        "kind": F(Enum(CODEX_KINDS), required=True),
        "aka": F(ListOf(Str()), doc="words in scene text that link here"),
        "summary": F(Str(), required=True),
        "text": F(Str(), required=True),
        "see": F(ListOf(Ident()), doc="related codex entries"),
        "events": F(ListOf(Ident()), doc="related record events"),
        "map": F(MAP_POSITION, doc="where a place lies on the city map (map.txt)"),
    },
)

CODEX_FILE = Obj("codex", {"entries": F(ListOf(CODEX_ENTRY), required=True)}, doc="codex.yaml: the encyclopedia.")
