"""Loads a story directory into a `Story`, reporting every problem with its file, line and column."""

from __future__ import annotations

import datetime as dt
from collections import deque
from pathlib import Path
from typing import Any

from petrograd1917.story import expr as E
from petrograd1917.story import spec
from petrograd1917.story.model import (
    Account,
    Act,
    Choice,
    CodexEntry,
    Effects,
    Ending,
    HistoryNote,
    Outcome,
    RecordEvent,
    Role,
    Scene,
    Source,
    SourceRef,
    Story,
    Variable,
)
from petrograd1917.story.problems import Pos, Problem, Problems, StoryError
from petrograd1917.story.files import digest_of, display_path, story_files
from petrograd1917.story.yamlread import Doc, ExprText, Seq, did_you_mean, read_file


NO_EFFECTS = Effects()


class _Builder:
    """Turns read documents into model objects, checking what crosses files."""

    def __init__(self, problems: Problems) -> None:
        self.p = problems
        self.types: dict[str, str] = {}
        # Stories repeat the same few conditions thousands of times: parse each text once.
        self.parsed: dict[str, tuple[E.Ast, str]] = {}

    # --- story.yaml ---------------------------------------------------------

    def value_ok(self, var: Variable | None, value: Any, pos: Pos, what: str) -> bool:
        if var is None:
            return False
        want = {"bool": bool, "int": int, "str": str}[var.type]
        if type(value) is not want:
            self.p.error(pos, "E112", f"{what} for {var.type} variable '{var.name}' must be {var.type}, got {type(value).__name__}")
            return False
        if var.type == "int" and var.clamp(value) != value:
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
        src = str(text)
        hit = self.parsed.get(src)
        if hit is None:
            try:
                hit = self.parsed[src] = E.parse(src, self.types)
            except E.ExprError as e:
                self.p.error(self._at(text, e.offset), e.code, f"in '{src.strip()}': {e.message}")
                return None
        tree, typ = hit
        if want is not None and typ != want:
            self.p.error(text.pos, "E112", f"'{src.strip()}' is {typ}, but {want} is needed here")
            return None
        return tree

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
            for name, value in d.get(op, {}).items():
                pos = d[op].where(name)
                var = variables.get(name)
                if var is None:
                    self.p.error(pos, "E111", f"unknown variable '{name}'{did_you_mean(name, variables)}")
                    continue
                if op == "add":
                    if var.type != "int":
                        self.p.error(pos, "E112", f"'add' needs an int variable; '{name}' is {var.type}")
                        continue
                    tree = self.expression(value, "int")
                elif isinstance(value, str) and var.type != "str":
                    tree = self.expression(ExprText.at(value, pos), var.type)
                else:
                    tree = ("lit", value) if self.value_ok(var, value, pos, "value") else None
                if tree is not None:
                    steps.append((op, name, tree))
        return Effects(tuple(steps))

    # --- scenes ---------------------------------------------------------------

    def choice(self, d: Doc, variables: dict[str, Variable], scene_id: str) -> Choice | None:
        if "id" not in d:
            return None
        cond, cond_src = None, ""
        if "if" in d:
            cond = self.expression(d["if"], "bool")
            cond_src = str(d["if"]).strip()
        if ("goto" in d.at) == ("outcomes" in d.at):
            self.p.error(d.pos, "E121", f"choice '{d['id']}' needs exactly one of 'goto' or 'outcomes'")
        outcomes = tuple(
            Outcome(o["weight"], o["goto"], self.effects(o.get("effects"), variables), o.get("text", ""))
            for o in d.get("outcomes", ())
            if "weight" in o and "goto" in o
        )
        if "reason" in d and "if" not in d:
            self.p.error(d.where("reason"), "E121", "'reason' explains a condition; this choice has no 'if'")
        h = d.get("history")
        history = HistoryNote(h["event"], h["verdict"], h["note"]) if h and len(h) == 3 else None
        return Choice(
            id=d["id"],
            text=d.get("text", ""),
            goto=d.get("goto"),
            condition=cond,
            condition_src=cond_src,
            unavailable=d.get("unavailable", "dim"),
            reason=d.get("reason", ""),
            effects=self.effects(d.get("effects"), variables),
            outcomes=outcomes,
            history=history,
            pos=d.pos,
        )

    def scene(self, d: Doc, variables: dict[str, Variable], acts: dict[str, Any]) -> Scene | None:
        if "id" not in d:
            return None
        sid = d["id"]
        if "act" in d and d["act"] not in acts:
            self.p.error(d.where("act"), "E107", f"unknown act '{d['act']}'{did_you_mean(d['act'], acts)}")
        choices: list[Choice] = []
        seen: dict[str, Pos] = {}
        for cd in d.get("choices", ()):
            c = self.choice(cd, variables, sid)
            if c is None:
                continue
            if c.id in seen:
                self.p.error(cd.where("id"), "E106", f"choice '{c.id}' appears twice in scene '{sid}' (first at line {seen[c.id].line})")
                continue
            seen[c.id] = cd.where("id")
            choices.append(c)
        e = d.get("ending")
        ending = Ending(e["id"], e["title"], e["kind"]) if e and len(e) == 3 else None
        if "ending" in d and d.get("choices"):
            self.p.error(d.where("choices"), "E116", f"ending scene '{sid}' must not have choices")
        if "ending" not in d.at and "choices" not in d.at:
            self.p.error(d.pos, "E115", f"scene '{sid}' has no choices and is not an ending: the player would be stuck")
        return Scene(
            id=sid,
            act=d.get("act", ""),
            title=d.get("title", sid),
            date=d.get("date", dt.date(1917, 1, 1)),
            place=d.get("place", ""),
            text=d.get("text", ""),
            choices=tuple(choices),
            time=d.get("time"),
            ending=ending,
            record=tuple(d.get("record", ())),
            flashback=d.get("flashback", False),
            roles=tuple(d.get("roles", ())),
            pos=d.pos,
        )


def _refs(p: Problems, seq: Seq | None, known: dict[str, Any], what: str) -> None:
    for i, ref in enumerate(seq or ()):
        if ref not in known:
            p.error(seq.where(i), "E104", f"unknown {what} '{ref}'{did_you_mean(ref, known)}")  # type: ignore[union-attr]


def _ref(p: Problems, doc: Doc, key: str, known: dict[str, Any], what: str) -> None:
    if key in doc and doc[key] not in known:
        p.error(doc.where(key), "E104", f"unknown {what} '{doc[key]}'{did_you_mean(doc[key], known)}")


def read_story(root: Path, digest: str | None = None) -> tuple[Story | None, list[Problem]]:
    """Read and validate the story at `root`. Returns the story (None if errors) and all problems found.
    `digest` is the files' digest when the caller has already read them for it."""
    p = Problems()
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
    b = _Builder(p)

    head: Doc = read_file(files["story"][0], spec.STORY, p) or Doc(display_path(files["story"][0]))
    acts_docs = b.unique(head.get("acts", Seq(head.file)), "id", "act")
    acts = tuple(Act(a["id"], a.get("title", a["id"])) for a in acts_docs.values())
    variables = b.variables(head.get("variables", ()))
    role_docs = b.unique(head.get("roles", Seq(head.file)), "id", "role")

    # Scenes from every file; duplicate ids name both places.
    scene_docs: dict[str, Doc] = {}
    scenes: dict[str, Scene] = {}
    for f in files["scenes"]:
        for d in read_file(f, spec.SCENE_FILE, p) or ():
            sc = b.scene(d, variables, acts_docs)
            if sc is None:
                continue
            if sc.id in scenes:
                first = scene_docs[sc.id].where("id")
                p.error(d.where("id"), "E105", f"scene '{sc.id}' is defined twice (also at {first})")
                continue
            scene_docs[sc.id] = d
            scenes[sc.id] = sc

    # The record and the codex.
    sources: dict[str, Source] = {}
    event_docs: dict[str, Doc] = {}
    for f in files["record"]:
        doc = read_file(f, spec.RECORD_FILE, p)
        if doc is None:
            continue
        for s in doc.get("sources", ()):
            if s.get("id") in sources:
                p.error(s.where("id"), "E119", f"source '{s['id']}' is declared twice")
            elif "id" in s:
                sources[s["id"]] = Source(s["id"], s.get("title", s["id"]))
        for e in doc.get("events", ()):
            if e.get("id") in event_docs:
                p.error(e.where("id"), "E119", f"record event '{e['id']}' is declared twice (also at {event_docs[e['id']].where('id')})")
            elif "id" in e:
                event_docs[e["id"]] = e
    codex_docs: dict[str, Doc] = {}
    for f in files["codex"]:
        doc = read_file(f, spec.CODEX_FILE, p)
        for c in (doc or {}).get("entries", ()):
            if c.get("id") in codex_docs:
                p.error(c.where("id"), "E119", f"codex entry '{c['id']}' is declared twice (also at {codex_docs[c['id']].where('id')})")
            elif "id" in c:
                codex_docs[c["id"]] = c

    def sref(d: Doc) -> SourceRef:
        _ref(p, d, "source", sources, "source")
        return SourceRef(d.get("source", ""), d.get("at", ""))

    events: dict[str, RecordEvent] = {}
    for eid, e in event_docs.items():
        _ref(p, e, "place", codex_docs, "codex entry")
        _refs(p, e.get("people"), codex_docs, "codex entry")
        events[eid] = RecordEvent(
            id=eid,
            title=e.get("title", eid),
            date=e.get("date", dt.date(1917, 1, 1)),
            place=e.get("place", ""),
            summary=e.get("summary", ""),
            sources=tuple(sref(s) for s in e.get("sources", ())),
            date_ns=e.get("date_ns"),
            time=e.get("time"),
            people=tuple(e.get("people", ())),
            accounts=tuple(Account(a["label"], sref(a["source"]), a["text"]) for a in e.get("accounts", ()) if len(a) == 3),
            pos=e.pos,
        )
    codex: dict[str, CodexEntry] = {}
    for cid, c in codex_docs.items():
        _refs(p, c.get("see"), codex_docs, "codex entry")
        _refs(p, c.get("events"), event_docs, "record event")
        codex[cid] = CodexEntry(
            id=cid,
            name=c.get("name", cid),
            kind=c.get("kind", "term"),
            summary=c.get("summary", ""),
            text=c.get("text", ""),
            aka=tuple(c.get("aka", ())),
            see=tuple(c.get("see", ())),
            events=tuple(c.get("events", ())),
            pos=c.pos,
        )

    # Roles, after scenes: a role starts in a scene.
    roles: dict[str, Role] = {}
    for rid, r in role_docs.items():
        _ref(p, r, "start", scenes, "scene")
        initial = {}
        for var_name, value in r.get("initial", {}).items():
            pos = r["initial"].where(var_name)
            if var_name not in variables:
                p.error(pos, "E111", f"unknown variable '{var_name}'{did_you_mean(var_name, variables)}")
            elif b.value_ok(variables[var_name], value, pos, "initial value"):
                initial[var_name] = value
        roles[rid] = Role(rid, r.get("name", rid), r.get("blurb", ""), r.get("start", ""), initial)
    if "default_role" in head:
        _ref(p, head, "default_role", roles, "role")
    for v in variables.values():
        for r in v.roles:
            if r not in roles:
                p.error(head.pos, "E113", f"variable '{v.name}' names unknown role '{r}'")

    # References out of scenes: gotos, roles, record events.
    for d in scene_docs.values():
        if codex_docs:
            _ref(p, d, "place", codex_docs, "codex entry")
        _refs(p, d.get("record"), events, "record event")
        _refs(p, d.get("roles"), roles, "role")
        for cd in d.get("choices", ()):
            _ref(p, cd, "goto", scenes, "scene")
            for od in cd.get("outcomes", ()):
                _ref(p, od, "goto", scenes, "scene")
            if "history" in cd:
                _ref(p, cd["history"], "event", events, "record event")

    # Every scene reachable from some role's start; every ending too.
    seen: set[str] = set()
    queue = deque(r.start for r in roles.values() if r.start in scenes)
    seen.update(queue)
    while queue:
        for c in scenes[queue.popleft()].choices:
            for dest in c.destinations():
                if dest in scenes and dest not in seen:
                    seen.add(dest)
                    queue.append(dest)
    if roles:
        for sid, sc in scenes.items():
            if sid not in seen:
                if sc.ending:
                    p.error(sc.pos, "E117", f"ending '{sc.ending.id}' (scene '{sid}') cannot be reached from any role's start")
                else:
                    p.error(sc.pos, "E114", f"scene '{sid}' cannot be reached from any role's start")

    all_files = [f for part in files.values() for f in part]
    story = Story(
        id=head.get("id", root.name),
        title=head.get("title", ""),
        version=str(head.get("version", "")),
        acts=acts,
        variables=variables,
        roles=roles,
        default_role=head.get("default_role", ""),
        scenes=scenes,
        digest=digest or digest_of(root, all_files),
        root=str(root.resolve()),
        sources=sources,
        events=events,
        codex=codex,
    )
    return (None if p.errors else story), p.sorted()
