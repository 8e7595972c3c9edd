"""The files a story directory is made of, their digest, and paths as the user knows them.

Kept apart from the loader so that starting from a cached story needs no YAML at all."""

from __future__ import annotations

import hashlib
from pathlib import Path


def story_files(root: Path) -> dict[str, list[Path]]:
    """The files a story directory is made of, by part, in a stable order."""

    def many(single: str, folder: str) -> list[Path]:
        files = [root / single] if (root / single).is_file() else []
        return files + sorted((root / folder).rglob("*.yaml")) if (root / folder).is_dir() else files

    return {
        "story": [root / "story.yaml"],
        "scenes": sorted((root / "scenes").rglob("*.yaml")) if (root / "scenes").is_dir() else [],
        "record": many("record.yaml", "record"),
        "codex": many("codex.yaml", "codex"),
    }


def digest_of(root: Path, files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.relative_to(root).as_posix().encode() + b"\0")
        try:
            h.update(f.read_bytes())
        except OSError:
            h.update(b"\1unreadable")
        h.update(b"\0")
    return h.hexdigest()


def display_path(path: Path) -> str:
    """A path as the user knows it: relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
