"""The JSON Schemas in docs/schema are current, every story file obeys them, and they fail where the loader does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import edit
from petrograd1917 import paths
from petrograd1917.authoring.schema import json_schemas, render, schema_for, write_schemas, yaml_as_editors_see
from petrograd1917.engine.loading import check
from petrograd1917.story import spec
from petrograd1917.story.loader import story_files
from petrograd1917.story.problems import Severity

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "docs" / "schema"
MINI = Path(__file__).parent / "data" / "mini"
PART_SCHEMA = {"story": "story.schema.json", "scenes": "scenes.schema.json",
               "record": "record.schema.json", "codex": "codex.schema.json",
               "snippets": "snippets.schema.json"}
REGENERATE = "regenerate them with `petrograd1917 schema --write docs/schema`"


def yaml_data(path: Path) -> Any:
    return yaml_as_editors_see(path.read_text(encoding="utf-8"))


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schemas()[name])


def schema_errors(path: Path, part: str) -> list[str]:
    errors = validator(PART_SCHEMA[part]).iter_errors(yaml_data(path))
    return [f"{path}: {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors]


def files_of(root: Path) -> list[tuple[str, Path]]:
    return [(part, f) for part, files in story_files(root).items() for f in files if f.is_file() and part != "map"]


# --- the committed files are what the specs make now ----------------------------------------


def test_committed_schemas_are_current() -> None:
    made = json_schemas()
    assert sorted(made) == sorted(PART_SCHEMA.values())
    on_disk = sorted(p.name for p in SCHEMA_DIR.glob("*.json"))
    assert on_disk == sorted(made), f"docs/schema holds {on_disk}; {REGENERATE}"
    for name, schema in made.items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == render(schema), (
            f"docs/schema/{name} is out of date with story/spec.py; {REGENERATE}"
        )


def test_schemas_are_valid_draft_2020_12() -> None:
    for name, schema in json_schemas().items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"].endswith(name) and schema["title"] and schema["description"]


def test_write_schemas(tmp_path: Path) -> None:
    written = write_schemas(tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(PART_SCHEMA.values())
    for p in written:
        assert json.loads(p.read_text(encoding="utf-8")) == json_schemas()[p.name]
        assert p.read_text(encoding="utf-8").endswith("}\n")


def test_schema_for_kinds() -> None:
    assert schema_for(spec.Ident()) == {"type": "string", "pattern": spec.IDENT_PATTERN}
    assert schema_for(spec.Int(min=1)) == {"type": "integer", "minimum": 1}
    assert schema_for(spec.Enum(("a", "b"))) == {"enum": ["a", "b"]}
    assert schema_for(spec.ListOf(spec.Bool(), min_items=1)) == {"type": "array", "items": {"type": "boolean"},
                                                                  "minItems": 1}
    history = schema_for(spec.HISTORY)
    assert history["required"] == ["event", "note"]  # a choice that only tells an account has no verdict
    assert history["additionalProperties"] is False
    assert history["properties"]["verdict"]["enum"] == list(spec.VERDICTS)
    effects = schema_for(spec.EFFECTS)
    assert effects["properties"]["set"]["propertyNames"] == {"pattern": spec.IDENT_PATTERN}
    # Shared objects are written once, in $defs.
    scenes = json_schemas()["scenes.schema.json"]
    assert "effects" in scenes["$defs"]
    assert json.dumps(scenes).count('"set"') == 1


# --- every story file obeys its schema -------------------------------------------------------


def _ids(items: list[tuple[str, Path]], root: Path) -> list[str]:
    return [str(f.relative_to(root)) for _, f in items]


MINI_FILES = files_of(MINI)


@pytest.mark.parametrize(("part", "path"), MINI_FILES, ids=_ids(MINI_FILES, MINI))
def test_mini_story_files_obey_the_schema(part: str, path: Path) -> None:
    assert schema_errors(path, part) == []


def test_shipped_story_files_obey_the_schema() -> None:
    root = paths.shipped_story_dir()
    files = files_of(root)
    assert {part for part, _ in files} >= {"story", "scenes"}
    problems = [e for part, f in files for e in schema_errors(f, part)]
    assert problems == [], "\n".join(problems)


def test_dates_validate_as_editors_see_them_not_as_stock_safe_load_makes_them() -> None:
    """Stock safe_load makes dates `datetime.date`, which no JSON Schema type takes; the documented
    reader keeps them as written, and then the campaign's scene files validate cleanly."""
    path = next(p for part, p in files_of(paths.shipped_story_dir()) if part == "scenes")
    stock = list(validator("scenes.schema.json").iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert stock and all("is not of type 'string'" in e.message for e in stock)
    assert schema_errors(path, "scenes") == []


# --- the schema fails where the loader does ----------------------------------------------------

SCENES = "scenes/one.yaml"

BAD = [
    # (name, file, old, new, a code the loader reports)
    ("unknown key", SCENES, "      goto: road", "      gotoo: road", "E101"),
    ("goto is a number", SCENES, "      goto: road", "      goto: 5", "E102"),
    ("choices is yes", SCENES, "  ending: {id: far, title: Far, kind: alternate}", "  choices: yes", "E102"),
    ("missing required key", SCENES, "  title: The road\n", "", "E103"),
    ("bad verdict", SCENES, "verdict: plausible", "verdict: possible", "E122"),
    ("bad id pattern", SCENES, "    - id: gamble", "    - id: Gamble", "E120"),
    ("bad variable name in effects", SCENES, "set: {armed: true}", "set: {Armed: true}", "E120"),
    ("bad date", SCENES, "date: 1917-08-28", "date: 28 August 1917", "E102"),
    ("bad time", SCENES, 'time: "07:00"', 'time: "7 am"', "E109"),
    ("bad ending kind", SCENES, "kind: alternate", "kind: tragic", "E122"),
    ("weight below one", SCENES, "{weight: 1, goto: end_home", "{weight: 0, goto: end_home", "E118"),
    ("blank text", SCENES, "  text: Far away.", '  text: "   "', "E102"),
    ("no scenes at all", SCENES, None, "[]\n", "E102"),
    ("version is a number", "story.yaml", 'version: "1"', "version: 1.5", "E102"),
    ("bad variable type", "story.yaml", "type: bool", "type: boolean", "E122"),
    ("missing default role", "story.yaml", "default_role: worker", "", "E103"),
    ("no acts", "story.yaml", "acts:\n  - id: one\n    title: Act one\n", "acts: []\n", "E102"),
    ("event without sources", "record.yaml", "    sources:\n      - {source: book, at: ch. 6}\n",
     "    sources: []\n", "E102"),
    ("unquoted time in an event", "record.yaml", "time: evening", "time: 21:40", "E102"),
    ("bad codex kind", "codex.yaml", "kind: person", "kind: human", "E122"),
    ("codex without entries", "codex.yaml", "entries:", "items:", "E101"),
]




def part_of(rel: str) -> str:
    return rel.split("/")[0].removesuffix(".yaml")


def loader_errors(root: Path) -> list[str]:
    story, problems = check(root, use_cache=False)
    errors = [f"{p.code} {p.message}" for p in problems if p.severity is Severity.ERROR]
    assert (story is None) == bool(errors)
    return errors



def test_valid_mini_passes_both(mini: Path) -> None:
    assert loader_errors(mini) == []
    for part, f in files_of(mini):
        assert schema_errors(f, part) == []


@pytest.mark.parametrize(("name", "rel", "old", "new", "code"), BAD, ids=[b[0] for b in BAD])
def test_schema_and_loader_both_reject(mini: Path, name: str, rel: str, old: str | None, new: str,
                                       code: str) -> None:
    edit(mini, rel, old, new)
    errors = loader_errors(mini)
    assert any(e.startswith(code) for e in errors), errors
    assert schema_errors(mini / rel, part_of(rel)), f"the schema accepts what the loader rejects: {errors}"


GOOD = [
    # Variants the loader accepts: so must the schema.
    ("unquoted time", SCENES, 'time: "07:00"', "time: 21:45"),
    ("unquoted early time", SCENES, 'time: "07:00"', "time: 07:00"),
    ("quoted date", SCENES, "date: 1917-08-28", 'date: "1917-08-28"'),
    ("yes for true", SCENES, "set: {armed: true}", "set: {armed: yes}"),
    ("expression as a string", SCENES, "add: {nerve: 5}", 'add: {nerve: "1 + 1"}'),
    ("block style effects", SCENES, "effects: {set: {side: \"ship\"}, add: {nerve: -1}}",
     "effects:\n        set:\n          side: ship\n        add:\n          nerve: \"0 - 1\""),
    ("optional keys", SCENES, "  record: [rifles_given]\n", "  record: [rifles_given]\n  flashback: false\n"
                                                             "  roles: [worker, sailor]\n"),
]


@pytest.mark.parametrize(("name", "rel", "old", "new"), GOOD, ids=[g[0] for g in GOOD])
def test_schema_and_loader_both_accept(mini: Path, name: str, rel: str, old: str, new: str) -> None:
    edit(mini, rel, old, new)
    assert loader_errors(mini) == []
    assert schema_errors(mini / rel, part_of(rel)) == []


def test_shipped_files_name_their_schema() -> None:
    """Editors with the YAML language server validate as authors type: each file names its schema."""
    from petrograd1917 import paths
    from petrograd1917.story.loader import story_files

    root = paths.shipped_story_dir()
    for part, files in story_files(root).items():
        if part == "map":  # map.txt is a drawing, not YAML
            continue
        kind = part
        for f in files:
            first = f.read_text(encoding="utf-8").splitlines()[0]
            assert first.startswith("# yaml-language-server: $schema="), f
            target = (f.parent / first.split("$schema=", 1)[1]).resolve()
            assert target.name == f"{kind}.schema.json" and target.is_file(), (f, target)
