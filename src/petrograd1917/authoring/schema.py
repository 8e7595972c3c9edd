"""JSON Schemas for story files, made from the same specs the loader reads by, for editors (yaml-language-server)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from petrograd1917.story import spec

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://petrograd1917.example/schema/"

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
# YAML 1.1 (PyYAML, and yaml-language-server set to 1.1) reads an unquoted 10:00 to 23:59 as a
# base-60 integer (21:45 is 1305); the loader accepts it because its source text is HH:MM.
# (00:00 to 09:59 stay strings: a leading 0 is not a base-60 integer.)
TIME_AS_INT = (10 * 60, 23 * 60 + 59)

# (file name, what it describes, title, description when the kind has no doc of its own)
FILES: tuple[tuple[str, spec.Kind, str, str], ...] = (
    ("story.schema.json", spec.STORY, "Petrograd 1917 story.yaml", ""),
    ("scenes.schema.json", spec.SCENE_FILE, "Petrograd 1917 scene file",
     "scenes/*.yaml: a list of scenes, each a moment the player lives, ending on a decision or an ending."),
    ("record.schema.json", spec.RECORD_FILE, "Petrograd 1917 record.yaml", ""),
    ("codex.schema.json", spec.CODEX_FILE, "Petrograd 1917 codex.yaml", ""),
    ("snippets.schema.json", spec.SNIPPET_FILE, "Petrograd 1917 snippet file",
     "snippets/*.yaml: a list of named texts that other texts include with {>id}."),
)


class _Translator:
    """Turns specs into schema fragments; objects listed in `shared` become "$defs" entries."""

    def __init__(self, shared: dict[int, str] | None = None) -> None:
        self.shared = shared or {}
        self.defs: dict[str, dict[str, Any]] = {}

    def kind(self, kind: spec.Kind, root: bool = False) -> dict[str, Any]:
        if isinstance(kind, spec.Obj):
            name = self.shared.get(id(kind))
            if name is None or root:
                return self.obj(kind)
            if name not in self.defs:
                self.defs[name] = {}  # reserved first: a spec that refers to itself still ends
                self.defs[name] = self.obj(kind)
            return {"$ref": f"#/$defs/{name}"}
        if isinstance(kind, spec.Ident):
            return {"type": "string", "pattern": spec.IDENT_PATTERN}
        if isinstance(kind, spec.Str):
            # Non-empty means more than blanks to the loader: the pattern asks for one non-space.
            return {"type": "string", "minLength": 1, "pattern": r"\S"} if kind.nonempty else {"type": "string"}
        if isinstance(kind, spec.Int):
            bounds = {"minimum": kind.min, "maximum": kind.max}
            return {"type": "integer", **{k: v for k, v in bounds.items() if v is not None}}
        if isinstance(kind, spec.Bool):
            return {"type": "boolean"}
        if isinstance(kind, spec.Date):
            return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
        if isinstance(kind, spec.Time):
            lo, hi = TIME_AS_INT
            return {
                "type": ["string", "integer"],
                "pattern": TIME_PATTERN,
                "minimum": lo,
                "maximum": hi,
                "$comment": "HH:MM; an unquoted 21:45 is the YAML 1.1 base-60 integer 1305, which the game accepts",
            }
        if isinstance(kind, spec.Enum):
            return {"enum": list(kind.values)}
        if isinstance(kind, (spec.Scalar, spec.Expr)):
            return {"type": ["string", "integer", "boolean"]}
        if isinstance(kind, spec.ListOf):
            out: dict[str, Any] = {"type": "array", "items": self.kind(kind.item)}
            if kind.min_items:
                out["minItems"] = kind.min_items
            return out
        if isinstance(kind, spec.MapOf):
            return {
                "type": "object",
                "propertyNames": {"pattern": spec.IDENT_PATTERN},
                "additionalProperties": self.kind(kind.value),
            }
        raise TypeError(f"no schema for {kind!r}")  # pragma: no cover - a new kind in spec.py

    def obj(self, kind: spec.Obj) -> dict[str, Any]:
        props: dict[str, Any] = {}
        for key, f in kind.fields.items():
            schema = self.kind(f.kind)
            props[key] = {**schema, "description": f.doc} if f.doc else schema
        out: dict[str, Any] = {"type": "object", "properties": props}
        if kind.required:
            out["required"] = list(kind.required)
        out["additionalProperties"] = False
        if kind.doc:
            out["description"] = kind.doc
        return out


def _children(kind: spec.Kind) -> list[spec.Kind]:
    if isinstance(kind, spec.Obj):
        return [f.kind for f in kind.fields.values()]
    if isinstance(kind, spec.ListOf):
        return [kind.item]
    if isinstance(kind, spec.MapOf):
        return [kind.value]
    return []


def _shared_objects(root: spec.Kind) -> dict[int, str]:
    """Objects that appear more than once below `root`, each with a unique $defs name."""
    count: dict[int, int] = {}
    objs: dict[int, spec.Obj] = {}
    stack = [root]
    while stack:
        kind = stack.pop()
        if isinstance(kind, spec.Obj):
            count[id(kind)] = count.get(id(kind), 0) + 1
            objs[id(kind)] = kind
            if count[id(kind)] > 1:
                continue  # its insides were counted on the first visit
        stack.extend(reversed(_children(kind)))
    names: dict[int, str] = {}
    for key, n in count.items():
        if n > 1 and objs[key] is not root:
            base = re.sub(r"\W+", "_", objs[key].name).strip("_") or "object"
            name, i = base, 2
            while name in names.values():
                name, i = f"{base}_{i}", i + 1
            names[key] = name
    return names


def schema_for(kind: spec.Kind) -> dict[str, Any]:
    """The JSON Schema fragment for one spec kind, every object written out in place."""
    return _Translator().kind(kind, root=True)


def json_schemas() -> dict[str, dict[str, Any]]:
    """The four schema documents (draft 2020-12) by file name: story, scenes, record and codex files."""
    out: dict[str, dict[str, Any]] = {}
    for name, kind, title, description in FILES:
        t = _Translator(_shared_objects(kind))
        body = t.kind(kind, root=True)
        doc: dict[str, Any] = {
            "$schema": DRAFT,
            "$id": BASE_ID + name,
            "title": title,
            "description": getattr(kind, "doc", "") or description,
        }
        doc.update((k, v) for k, v in body.items() if k != "description")
        if t.defs:
            doc["$defs"] = t.defs
        out[name] = doc
    return out


def render(schema: dict[str, Any]) -> str:
    """A schema document as it is written to disk."""
    return json.dumps(schema, indent=2, sort_keys=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema document into `folder` (made if missing); returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = folder / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


def yaml_as_editors_see(text: str) -> Any:
    """A story file's data as a JSON Schema validator should see it: YAML read safely, but dates
    kept as the strings they were written as (stock `yaml.safe_load` turns `1917-08-27` into a
    `datetime.date`, which no JSON Schema type accepts). Everything else is YAML 1.1 as the game
    reads it: an unquoted 21:45 is the base-60 integer 1305, which the schema accepts for a time."""
    import yaml

    class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # (a base chosen at run time)
        """libyaml's parser where it is present: the same YAML, read ten times as fast."""

    def as_written(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
        return str(loader.construct_scalar(node))

    _Loader.add_constructor("tag:yaml.org,2002:timestamp", as_written)
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass

