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
        "snippets": sorted((root / "snippets").rglob("*.yaml")) if (root / "snippets").is_dir() else [],
        "map": [root / "map.txt"] if (root / "map.txt").is_file() else [],
    }


class Digest:
    """The story's identity: sha256 over each file's path (relative to the story) and bytes, in order."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._h = hashlib.sha256()

    def add(self, f: Path, data: bytes | None) -> None:
        """Add the next file; `data` None when it could not be read."""
        self._h.update(f.relative_to(self.root).as_posix().encode() + b"\0")
        self._h.update(b"\1unreadable" if data is None else data)
        self._h.update(b"\0")

    def hexdigest(self) -> str:
        return self._h.hexdigest()


def digest_of(root: Path, files: list[Path]) -> str:
    d = Digest(root)
    for f in files:
        try:
            data: bytes | None = f.read_bytes()
        except OSError:
            data = None
        d.add(f, data)
    return d.hexdigest()


def display_path(path: Path) -> str:
    """A path as the user knows it: relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
