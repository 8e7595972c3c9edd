"""Loads a story directory into a `Story`, reporting every problem with its file, line and column."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from petrograd1917.story import expr as E
from petrograd1917.story import spec
from petrograd1917.story.files import Digest, display_path, story_files
from petrograd1917.story.model import (
    RETURN,
    Account,
    Act,
    Choice,
    ChronicleEntry,
    CodexEntry,
    Effects,
    Ending,
    Fate,
    HistoryNote,
    Outcome,
    Person,
    RecordEvent,
    Role,
    Scene,
    Snippet,
    Source,
    SourceRef,
    Story,
    Variable,
)
from petrograd1917.story.problems import Pos, Problem, Problems, StoryError
from petrograd1917.story.suggest import Suggester
from petrograd1917.story.textcheck import Locator, Names, TextChecker
from petrograd1917.story.yamlread import Doc, ExprText, Seq, read_bytes, read_doc

NO_EFFECTS = Effects()
_TYPES: dict[str, type[Any]] = {"bool": bool, "int": int, "str": str}
_NO_DATE = dt.date(1917, 1, 1)  # a scene whose date is wrong (and reported) still needs one
UNREAD = {"E001", "E002", "E003", "E004", "E005", "E006", "E008"}  # a file not read at all
MAX_MAP_BYTES = 64 * 1024  # a city plan of some hundred columns and lines
MAX_MAP_SIZE = (300, 120)  # columns, lines


def _plan(raw: bytes, name: str, p: Problems) -> tuple[str, ...]:
    """map.txt's lines: UTF-8 text with no control character but the line ends, of a bounded size."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        p.error(Pos(name), "E002", f"map.txt is not UTF-8 text (byte {e.start})")
        return ()
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    for n, line in enumerate(lines, 1):
        bad = next((ch for ch in line if not ch.isprintable()), None)
        if bad is not None:
            shown = bad.encode("unicode_escape").decode("ascii")
            p.error(Pos(name, n, line.index(bad) + 1), "E009", f"control character {shown}: the map is text only")
            return ()
    if len(lines) > MAX_MAP_SIZE[1] or max(map(len, lines), default=0) > MAX_MAP_SIZE[0]:
        p.error(Pos(name), "E118", f"map.txt is larger than {MAX_MAP_SIZE[0]} columns by {MAX_MAP_SIZE[1]} lines")
        return ()
    return tuple(line.rstrip() for line in lines)


class _Builder:
    """Turns read documents into model objects, checking what crosses files."""

    def __init__(self, problems: Problems) -> None:
        self.p = problems
        self.types: dict[str, str] = {}
        # Stories repeat the same few conditions thousands of times: parse each text once (and say
        # once whether it reads visits(), seen() or chose()).
        self.parsed: dict[str, tuple[E.Ast, str, bool]] = {}
        # One index for suggestions per collection of ids, kept for the whole reading.
        self._suggesters: dict[int, tuple[Mapping[str, Any], Suggester]] = {}
        # Expressions that read visits(), seen() or chose(): their ids are checked once all scenes are read.
        self.progress: list[tuple[ExprText, E.Ast]] = []
        self.readonly: set[str] = set()  # chronicle values: every expression reads them, no effect sets them

    def hint(self, word: str, known: Mapping[str, Any]) -> str:
        """' (did you mean ...?)' for a word not among `known` ids."""
        entry = self._suggesters.get(id(known))
        if entry is None or entry[0] is not known:
            entry = self._suggesters[id(known)] = (known, Suggester(known))
        return entry[1].did_you_mean(word)

    def ref(self, doc: Doc, key: str, known: Mapping[str, Any], what: str) -> None:
        """Report doc[key] when it names none of `known`."""
        if key in doc and doc[key] not in known:
            self.p.error(doc.where(key), "E104", f"unknown {what} '{doc[key]}'{self.hint(doc[key], known)}")

    def refs(self, seq: Seq | None, known: Mapping[str, Any], what: str) -> None:
        """Report each item of `seq` that names none of `known`."""
        for i, ref in enumerate(seq or ()):
            if ref not in known:
                self.p.error(seq.where(i), "E104", f"unknown {what} '{ref}'{self.hint(ref, known)}")  # type: ignore[union-attr]

    # --- story.yaml ---------------------------------------------------------

    @staticmethod
    def fits(var: Variable, value: Any) -> bool:
        """Whether `value` is of the variable's type and within its range (value_ok without a report)."""
        return type(value) is _TYPES[var.type] and (var.type != "int" or var.clamp(value) == value)

    def value_ok(self, var: Variable | None, value: Any, pos: Pos, what: str) -> bool:
        if var is None:
            return False
        want = _TYPES[var.type]
        if type(value) is not want:
            hint = " (yes, no, on and off are read as true or false: put the word in quotes)" if (
                var.type == "str" and isinstance(value, bool)) else ""
            self.p.error(pos, "E112", f"{what} for {var.type} variable '{var.name}' must be {var.type}, "
                                      f"got {type(value).__name__}{hint}")
            return False
        if isinstance(value, int) and var.type == "int" and var.clamp(value) != value:
            self.p.error(pos, "E118", f"{what} {value} is outside {var.name}'s range {var.min}..{var.max}")
            return False
        return True

    def variables(self, docs: Seq) -> dict[str, Variable]:
        out: dict[str, Variable] = {}
        for d in docs:
            name = d.get("name")
            if name is None or "type" not in d:
                continue
            if name in out:
                self.p.error(d.where("name"), "E119", f"variable '{name}' is declared twice")
                continue
            lo, hi = d.get("min"), d.get("max")
            if d["type"] != "int" and (lo is not None or hi is not None):
                self.p.error(d.pos, "E102", f"min and max apply only to int variables ('{name}' is {d['type']})")
                lo = hi = None
            if lo is not None and hi is not None and lo > hi:
                self.p.error(d.where("min"), "E118", f"min {lo} is greater than max {hi}")
                lo = hi = None
            var = Variable(
                name=name,
                type=d["type"],
                initial=d.get("initial", {"bool": False, "int": 0, "str": ""}[d["type"]]),
                min=lo,
                max=hi,
                label=d.get("label", name.replace("_", " ").capitalize()),
                visible=d.get("visible", True),
                roles=tuple(d.get("roles", ())),
            )
            if "initial" in d:
                self.value_ok(var, d["initial"], d.where("initial"), "initial value")
            out[name] = var
        self.types = {n: v.type for n, v in out.items()}
        return out

    def unique(self, docs: Seq, key: str, what: str) -> dict[str, Doc]:
        out: dict[str, Doc] = {}
        for d in docs:
            k = d.get(key)
            if k is None:
                continue
            if k in out:
                self.p.error(d.where(key), "E119", f"{what} '{k}' is declared twice (first at line {out[k].where(key).line})")
                continue
            out[k] = d
        return out

    # --- expressions and effects ------------------------------------------------

    def expression(self, text: ExprText, want: str | None) -> E.Ast | None:
        hit = self.parsed.get(text)
        if hit is None:
            src = str(text)
            try:
                tree, typ = E.parse(src, self.types, self._hint_variable)
                hit = self.parsed[src] = (tree, typ, bool(E.progress_refs(tree)))
            except E.ExprError as e:
                word = src.strip()
                if e.code == "E111" and want == "int" and word.isidentifier():
                    mean = self._hint_variable(word).strip()[1:-1]
                    self.p.error(text.pos, "E112", f"{want} expected, got the word '{word}' (neither a number nor "
                                                   f"a variable{'; ' + mean if mean else ''})")
                    return None
                self.p.error(self._at(text, e.offset), e.code, f"in '{src.strip()}': {e.message}")
                return None
        tree, typ, progress = hit
        if progress:
            self.progress.append((text, tree))
        if want is not None and typ != want:
            self.p.error(text.pos, "E112", f"'{text.strip()}' is {typ}, but {want} is needed here")
            return None
        return tree

    def _hint_variable(self, word: str) -> str:
        return self.hint(word, self.types)

    @staticmethod
    def _at(text: ExprText, offset: int) -> Pos:
        # A one-line expression: point at the very character; a folded one: at its start.
        if "\n" in str(text).strip():
            return text.pos
        return Pos(text.pos.file, text.pos.line, text.pos.col + offset)

    def effects(self, d: Doc | None, variables: dict[str, Variable]) -> Effects:
        if not d:
            return NO_EFFECTS
        steps: list[tuple[str, str, E.Ast]] = []
        for op in ("set", "add"):
            values = d.get(op)
            if values is None:
                continue
            for name, value in values.items():
                var = variables.get(name)
                if var is None or name in self.readonly:
                    self._unknown_effect(values.where(name), name, variables)
                    continue
                if op == "add":
                    if var.type != "int":
                        self.p.error(values.where(name), "E112", f"'add' needs an int variable; '{name}' is {var.type}")
                        continue
                    tree = self.expression(value, "int")
                elif isinstance(value, str) and var.type != "str":
                    tree = self.expression(ExprText.at(value, values.where(name)), var.type)
                elif self.fits(var, value) or self.value_ok(var, value, values.where(name), "value"):
                    tree = ("lit", value)
                else:
                    tree = None
                if tree is not None:
                    steps.append((op, name, tree))
        return Effects(tuple(steps))

    def _unknown_effect(self, pos: Pos, name: str, variables: dict[str, Variable]) -> None:
        if name in self.readonly:
            self.p.error(pos, "E111", f"'{name}' is a chronicle value: it can be read, not set")
        else:
            self.p.error(pos, "E111", f"unknown variable '{name}'{self.hint(name, variables)}")

    # --- scenes ---------------------------------------------------------------

    def choice(self, d: Doc, variables: dict[str, Variable], scene_id: str) -> Choice | None:
        get = d.get
        cid = get("id")
        if cid is None:
            return None
        cond, cond_src = None, ""
        if_text = get("if")
        if if_text is not None:
            cond = self.expression(if_text, "bool")
            cond_src = str(if_text).strip()
        at = d.at
        if ("goto" in at) + ("outcomes" in at) + ("call" in at) != 1:
            self.p.error(d.pos, "E121", f"choice '{cid}' needs exactly one of 'goto', 'call' or 'outcomes'")
        outcomes = get("outcomes")
        if outcomes is not None:
            outcomes = tuple(Outcome(o["weight"], o["goto"], self.effects(o.get("effects"), variables), o.get("text", ""))
                             for o in outcomes if o.complete)
        if "reason" in d and if_text is None:
            self.p.error(d.where("reason"), "E123", "'reason' explains a condition; this choice has no 'if'")
        h = get("history")
        history = self.history(h) if h is not None else None
        effects = get("effects")
        # In the order of Choice's fields: a call by position is the quicker, 30,000 times a large story.
        return Choice(cid, get("text", ""), get("goto"), cond, cond_src, get("unavailable", "dim"), get("reason", ""),
                      self.effects(effects, variables) if effects else NO_EFFECTS, outcomes or (), history, d.pos,
                      get("once", False), get("call"))

    def history(self, h: Doc | None) -> HistoryNote | None:
        """A choice's stand against the record: a verdict (pivot only when divergent), an account told, or both."""
        if h is None or not h.complete:
            return None
        verdict = h.get("verdict", "")
        if not verdict and "account" not in h and "verdict" not in h.at:
            self.p.error(h.pos, "E103", "history needs a 'verdict' (or an 'account' the choice tells)")
            return None
        if h.get("pivot") and verdict != "divergent":
            self.p.error(h.where("pivot"), "E138", f"a pivot leaves the record: its verdict must be divergent, "
                                                   f"not {verdict or 'missing'}")
        return HistoryNote(h["event"], verdict, h["note"], h.get("pivot", False), h.get("account", ""),
                           h.get("reveal", "now"))

    def scene(self, d: Doc, variables: dict[str, Variable], acts: dict[str, Any]) -> Scene | None:
        get = d.get
        sid = get("id")
        if sid is None:
            return None
        if "act" in d and d["act"] not in acts:
            self.p.error(d.where("act"), "E107", f"unknown act '{d['act']}'{self.hint(d['act'], acts)}")
        choices: list[Choice] = []
        seen: dict[str, Doc] = {}
        for cd in get("choices", ()):
            c = self.choice(cd, variables, sid)
            if c is None:
                continue
            if c.id in seen:
                self.p.error(cd.where("id"), "E106", f"choice '{c.id}' appears twice in scene '{sid}' "
                                                     f"(first at line {seen[c.id].where('id').line})")
                continue
            seen[c.id] = cd
            choices.append(c)
        e = get("ending")
        ending = Ending(e["id"], e["title"], e["kind"]) if e is not None and e.complete else None
        if "ending" in d and get("choices"):
            self.p.error(d.where("choices"), "E116", f"ending scene '{sid}' must not have choices")
        if "ending" not in d.at and "choices" not in d.at:
            self.p.error(d.pos, "E115", f"scene '{sid}' has no choices and is not an ending: the player would be stuck")
        # In the order of Scene's fields (a call by position is the quicker).
        return Scene(sid, get("act", ""), get("title", sid), get("date", _NO_DATE), get("place", ""), get("text", ""),
                     tuple(choices), get("time"), ending, tuple(get("record", ())), get("flashback", False),
                     tuple(get("roles", ())), d.pos)


# --- the phases of reading a story, in order ----------------------------------------------------------


def _story_files(root: Path, p: Problems) -> dict[str, list[Path]]:
    """The story's files by part; StoryError when the directory is not a story at all."""
    name = display_path(root)
    if not root.is_dir():
        p.error(Pos(name), "E001", "story directory not found" if not root.exists() else "not a directory")
        raise StoryError(p.items, unreadable=True)
    files = story_files(root)
    if not files["story"][0].is_file():
        p.error(Pos(display_path(files["story"][0])), "E001", "story.yaml not found: is this a story directory?")
        raise StoryError(p.items, unreadable=True)
    if not files["scenes"]:
        p.error(Pos(display_path(root / "scenes")), "E001", "no scene files (scenes/*.yaml)")
    return files


class _StoryReader:
    """One reading of a story directory: each phase reads or checks one part, in the order their
    references need (roles after scenes, scene references after the record), into these fields."""

    def __init__(self, root: Path, files: dict[str, list[Path]], p: Problems) -> None:
        self.root, self.files, self.p = root, files, p
        self.b = _Builder(p)
        self.digest = Digest(root)  # of the bytes as they are read: no file is read twice
        self.head = Doc(display_path(files["story"][0]))
        self.acts_docs: dict[str, Doc] = {}
        self.acts: tuple[Act, ...] = ()
        self.variables: dict[str, Variable] = {}
        self.role_docs: dict[str, Doc] = {}
        self.scene_docs: dict[str, Doc] = {}
        self.scenes: dict[str, Scene] = {}
        self.sources: dict[str, Source] = {}
        self.event_docs: dict[str, Doc] = {}
        self.codex_docs: dict[str, Doc] = {}
        self.events: dict[str, RecordEvent] = {}
        self.codex: dict[str, CodexEntry] = {}
        self.roles: dict[str, Role] = {}
        self.paths: dict[str, Path] = {}  # display name -> file, to locate problems inside texts
        self.snippet_docs: dict[str, Doc] = {}
        self.chronicle: tuple[ChronicleEntry, ...] = ()
        self.people: dict[str, Person] = {}
        self.plan: tuple[str, ...] = ()

    def _read(self, f: Path, kind: spec.Kind) -> Any:
        self.paths[display_path(f)] = f
        raw = read_bytes(f, self.p)
        self.digest.add(f, raw)
        return None if raw is None else read_doc(raw, f, kind, self.p)

    def read_head(self) -> None:
        """story.yaml: identity, acts, variables; roles are only collected until the scenes are read."""
        head = self._read(self.files["story"][0], spec.STORY)
        if head is not None:
            self.head = head
        self.acts_docs = self.b.unique(self.head.get("acts", Seq(self.head.file)), "id", "act")
        self.acts = tuple(Act(a["id"], a.get("title", a["id"])) for a in self.acts_docs.values())
        self.variables = self.b.variables(self.head.get("variables", ()))
        self.role_docs = self.b.unique(self.head.get("roles", Seq(self.head.file)), "id", "role")
        self._unique_into(self.snippet_docs, self.head.get("snippets", ()), "snippet")
        entries = (self._chronicle_entry(d) for d in self.head.get("chronicle", ()) if d.complete)
        self.chronicle = tuple(c for c in entries if c is not None)

    def _chronicle_entry(self, d: Doc) -> ChronicleEntry | None:
        """One chronicle value; its name joins the names every expression may read (read only)."""
        name, typ = d["name"], d["type"]
        if name in self.variables or name in self.b.readonly:
            self.p.error(d.where("name"), "E119", f"chronicle value '{name}' has the name of a variable or another "
                                                  "chronicle value")
            return None
        var = Variable(name, typ, d["initial"])
        if not self.b.value_ok(var, d["initial"], d.where("initial"), "initial value"):
            return None
        tree = self.b.expression(d["value"], typ)
        self.b.types = {**self.b.types, name: typ}
        self.b.readonly.add(name)
        if tree is None:
            return None
        return ChronicleEntry(name, typ, d["initial"], d["role"], tree, str(d["value"]).strip(), d.pos)

    def read_more(self) -> None:
        """Snippet files and the city map: after the codex, in the order the story's digest takes them."""
        for f in self.files["snippets"]:
            for d in self._read(f, spec.SNIPPET_FILE) or ():
                self._unique_into(self.snippet_docs, [d], "snippet")
        for f in self.files["map"]:
            self.paths[display_path(f)] = f
            raw = read_bytes(f, self.p, max_bytes=MAX_MAP_BYTES)
            self.digest.add(f, raw)
            if raw is not None:
                self.plan = _plan(raw, display_path(f), self.p)

    def read_scenes(self) -> None:
        """Scenes from every file; an id defined twice names both places."""
        for f in self.files["scenes"]:
            for d in self._read(f, spec.SCENE_FILE) or ():
                sc = self.b.scene(d, self.variables, self.acts_docs)
                if sc is None:
                    continue
                if sc.id in self.scenes:
                    first = self.scene_docs[sc.id].where("id")
                    self.p.error(d.where("id"), "E105", f"scene '{sc.id}' is defined twice (also at {first})")
                    continue
                self.scene_docs[sc.id] = d
                self.scenes[sc.id] = sc

    def read_record(self) -> None:
        """The record's sources and events, each id once across its files."""
        for f in self.files["record"]:
            doc = self._read(f, spec.RECORD_FILE)
            if doc is None:
                continue
            for s in doc.get("sources", ()):
                if s.get("id") in self.sources:
                    self.p.error(s.where("id"), "E119", f"source '{s['id']}' is declared twice")
                elif "id" in s:
                    self.sources[s["id"]] = Source(s["id"], s.get("title", s["id"]))
            self._unique_into(self.event_docs, doc.get("events", ()), "record event")

    def read_codex(self) -> None:
        for f in self.files["codex"]:
            doc = self._read(f, spec.CODEX_FILE)
            self._unique_into(self.codex_docs, (doc or {}).get("entries", ()), "codex entry")

    def _unique_into(self, into: dict[str, Doc], docs: Any, what: str) -> None:
        for d in docs:
            if d.get("id") in into:
                self.p.error(d.where("id"), "E119", f"{what} '{d['id']}' is declared twice (also at {into[d['id']].where('id')})")
            elif "id" in d:
                into[d["id"]] = d

    def _source_ref(self, d: Doc) -> SourceRef:
        self.b.ref(d, "source", self.sources, "source")
        return SourceRef(d.get("source", ""), d.get("at", ""))

    def build_events(self) -> None:
        for eid, e in self.event_docs.items():
            self.b.ref(e, "place", self.codex_docs, "codex entry")
            self.b.refs(e.get("people"), self.codex_docs, "codex entry")
            self.events[eid] = RecordEvent(
                id=eid,
                title=e.get("title", eid),
                date=e.get("date", dt.date(1917, 1, 1)),
                place=e.get("place", ""),
                summary=e.get("summary", ""),
                sources=tuple(self._source_ref(s) for s in e.get("sources", ())),
                date_ns=e.get("date_ns"),
                time=e.get("time"),
                people=tuple(e.get("people", ())),
                accounts=tuple(Account(a["label"], self._source_ref(a["source"]), a["text"], a.get("id", ""))
                               for a in e.get("accounts", ()) if a.complete),
                pos=e.pos,
            )

    def build_codex(self) -> None:
        for cid, c in self.codex_docs.items():
            self.b.refs(c.get("see"), self.codex_docs, "codex entry")
            self.b.refs(c.get("events"), self.event_docs, "record event")
            self.codex[cid] = CodexEntry(
                id=cid,
                name=c.get("name", cid),
                kind=c.get("kind", "term"),
                summary=c.get("summary", ""),
                text=c.get("text", ""),
                aka=tuple(c.get("aka", ())),
                see=tuple(c.get("see", ())),
                events=tuple(c.get("events", ())),
                pos=c.pos,
                map=self._map_position(c),
            )

    def _map_position(self, c: Doc) -> tuple[int, int] | None:
        m = c.get("map")
        if m is None or not m.complete:
            return None
        x, y = m["x"], m["y"]
        width = max((len(line) for line in self.plan), default=0)
        if not self.plan:
            self.p.error(c.where("map"), "E118", f"codex entry '{c['id']}' has a map position but the story has no map.txt")
            return None
        if y >= len(self.plan) or x >= width:
            self.p.error(c.where("map"), "E118", f"map position x {x}, y {y} of '{c['id']}' is off the map "
                                                 f"({width} columns, {len(self.plan)} lines: x 0-{width - 1}, y 0-{len(self.plan) - 1})")
            return None
        return (x, y)

    def build_roles(self) -> None:
        """Roles, after the scenes: a role starts in a scene and may set variables."""
        for rid, r in self.role_docs.items():
            self.b.ref(r, "start", self.scenes, "scene")
            initial = {}
            for var_name, value in r.get("initial", {}).items():
                pos = r["initial"].where(var_name)
                if var_name not in self.variables:
                    self.p.error(pos, "E111", f"unknown variable '{var_name}'{self.b.hint(var_name, self.variables)}")
                elif self.b.value_ok(self.variables[var_name], value, pos, "initial value"):
                    initial[var_name] = value
            self.roles[rid] = Role(rid, r.get("name", rid), r.get("blurb", ""), r.get("start", ""), initial)
        self.b.ref(self.head, "default_role", self.roles, "role")
        for v in self.variables.values():
            for role in v.roles:
                if role not in self.roles:
                    self.p.error(self.head.pos, "E113", f"variable '{v.name}' names unknown role '{role}'")

    def build_people(self) -> None:
        """The roles' people and their fates; and the chronicle's roles, now that roles are known."""
        for c in self.chronicle:
            if c.role not in self.roles:
                self.p.error(c.pos, "E113", f"chronicle value '{c.name}' names unknown role '{c.role}'"
                                            f"{self.b.hint(c.role, self.roles)}")
        for pid, d in self.b.unique(self.head.get("people", Seq(self.head.file)), "id", "person").items():
            if not d.complete:
                continue
            self.b.ref(d, "role", self.roles, "role")
            fates = []
            for f in d["fates"]:
                cond = self.b.expression(f["if"], "bool") if "if" in f else None
                fates.append(Fate(cond, f.get("text", ""), str(f.get("if", "")).strip()))
            self.people[pid] = Person(pid, d["name"], d["role"], tuple(fates), d.pos)

    def check_scene_references(self) -> None:
        """What scenes name: places, record events, roles, and the scenes their choices lead to."""
        b, scenes = self.b, self.scenes
        for d in self.scene_docs.values():
            if self.codex_docs:
                b.ref(d, "place", self.codex_docs, "codex entry")
            if "record" in d:
                b.refs(d["record"], self.events, "record event")
            if "roles" in d:
                b.refs(d["roles"], self.roles, "role")
            for cd in d.get("choices", ()):
                goto = cd.get("goto")
                if goto is not None and goto != RETURN and goto not in scenes:
                    b.ref(cd, "goto", scenes, "scene")
                if "call" in cd:
                    b.ref(cd, "call", scenes, "scene")
                for od in cd.get("outcomes", ()):
                    b.ref(od, "goto", scenes, "scene")
                if "history" in cd:
                    self._check_history_refs(cd["history"])

    def _check_history_refs(self, h: Doc) -> None:
        self.b.ref(h, "event", self.events, "record event")
        event = self.events.get(h.get("event", ""))
        if event is not None and "account" in h and h["account"] not in {a.id for a in event.accounts if a.id}:
            ids = [a.id for a in event.accounts if a.id]
            known = f"its accounts: {', '.join(ids)}" if ids else "it has no account with an id"
            self.p.error(h.where("account"), "E104", f"event '{event.id}' has no account '{h['account']}' ({known})")

    def check_reachable(self) -> None:
        """Every scene, and so every ending, reachable from some role's start."""
        scenes = self.scenes
        seen: set[str] = set()
        queue = deque(r.start for r in self.roles.values() if r.start in scenes)
        seen.update(queue)
        while queue:
            for c in scenes[queue.popleft()].choices:
                for dest in c.destinations():
                    if dest in scenes and dest not in seen:
                        seen.add(dest)
                        queue.append(dest)
        if not self.roles:
            return
        for sid, sc in scenes.items():
            if sid not in seen:
                if sc.ending:
                    self.p.error(sc.pos, "E117", f"ending '{sc.ending.id}' (scene '{sid}') cannot be reached from any role's start")
                else:
                    self.p.error(sc.pos, "E114", f"scene '{sid}' cannot be reached from any role's start")

    def check_returns(self) -> None:
        """`goto: return` must never be reachable without a call waiting: from each role's start,
        following every way but calls (a called scene's returns are fine), no return may be met."""
        scenes = self.scenes
        seen = {r.start for r in self.roles.values() if r.start in scenes}
        queue = deque(seen)
        while queue:
            sid = queue.popleft()
            for c in scenes[sid].choices:
                if c.returns:
                    self.p.error(c.pos, "E139", f"choice '{c.id}' in scene '{sid}' returns, but scene '{sid}' can "
                                                "be reached with no call waiting (reach it with 'call:')")
                    continue
                for dest in (o.goto for o in c.outcomes) if c.outcomes else ([c.goto] if c.goto and not c.call else []):
                    if dest in scenes and dest not in seen:
                        seen.add(dest)
                        queue.append(dest)

    def check_endings(self) -> None:
        """Two endings may not share an id: reports and the chronicle tell endings apart by it."""
        first: dict[str, Scene] = {}
        for sc in self.scenes.values():
            if sc.ending is None:
                continue
            other = first.setdefault(sc.ending.id, sc)
            if other is not sc:
                self.p.error(sc.pos, "E119", f"ending id '{sc.ending.id}' is used by scenes '{other.id}' and '{sc.id}'")

    def check_progress(self) -> None:
        """visits(), seen() and chose() in conditions and effects name scenes and choices that exist."""
        names = Names(self.b.types, self.scenes)
        for text, tree in self.b.progress:
            for ref in E.progress_refs(tree):
                wrong = names.problem(ref)
                if wrong is not None:
                    self.p.error(self.b._at(text, wrong[0]), "E104", wrong[1])

    def check_texts(self) -> None:
        """Every text that may vary: scenes, choices, reasons, outcomes, notes, snippets, fates."""
        checker = TextChecker(Names(self.b.types, self.scenes), self.p, Locator(self.paths), self.snippet_docs)
        for sid, d in self.scene_docs.items():
            checker.check(d, "text", f"scene '{sid}'")
            for cd in d.get("choices", ()):
                whose = f"choice '{cd.get('id')}' in scene '{sid}'"
                checker.check(cd, "text", whose)
                checker.check(cd, "reason", whose)
                for od in cd.get("outcomes", ()):
                    checker.check(od, "text", f"an outcome of {whose}")
                h = cd.get("history")
                if h is not None:
                    checker.check(h, "note", f"the note of {whose}")
        for snip_id, d in self.snippet_docs.items():
            checker.check(d, "text", f"snippet '{snip_id}'", snippet=snip_id)
        for pd in self.head.get("people", ()):
            for f in pd.get("fates", ()):
                checker.check(f, "text", f"a fate of '{pd.get('id')}'")
        checker.check_cycles(lambda snip_id: self.snippet_docs[snip_id].where("id"))

    def story(self, digest: str | None) -> Story:
        head, root = self.head, self.root
        return Story(
            id=head.get("id", root.name),
            title=head.get("title", ""),
            version=str(head.get("version", "")),
            acts=self.acts,
            variables=self.variables,
            roles=self.roles,
            default_role=head.get("default_role", ""),
            scenes=self.scenes,
            digest=digest or self.digest.hexdigest(),
            root=str(root.resolve()),
            sources=self.sources,
            events=self.events,
            codex=self.codex,
            people=self.people,
            plan=self.plan,
            snippets={sid: Snippet(sid, d.get("text", ""), d.pos) for sid, d in self.snippet_docs.items()},
            chronicle=self.chronicle,
        )


def read_story(root: Path, digest: str | None = None) -> tuple[Story | None, list[Problem]]:
    """Read and validate the story's files at `root` (the history checks are engine.loading's).
    Returns the story (None if errors) and all problems found; StoryError when `root` is no story.
    `digest` is the files' digest when the caller has already read them for it."""
    p = Problems()
    reading = _StoryReader(root, _story_files(root, p), p)
    reading.read_head()
    reading.read_scenes()
    reading.read_record()
    reading.read_codex()
    reading.read_more()
    if any(problem.code in UNREAD for problem in p.errors):
        # A file that could not be read at all leaves every reference into it dangling: say why it
        # could not be read, alone, rather than bury it among the errors it causes elsewhere.
        return None, p.sorted()
    reading.build_events()
    reading.build_codex()
    reading.build_roles()
    reading.build_people()
    reading.check_scene_references()
    reading.check_reachable()
    reading.check_returns()
    reading.check_endings()
    reading.check_progress()
    reading.check_texts()
    story = reading.story(digest)
    return (None if p.errors else story), p.sorted()
