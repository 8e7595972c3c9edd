"""Finds, reads, checks and caches a story, and builds its machine: what every face calls to start."""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass
from pathlib import Path

from petrograd1917 import paths
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.history.checks import check_history
from petrograd1917.story import cache
from petrograd1917.story.files import digest_of, display_path, story_files
from petrograd1917.story.model import Story
from petrograd1917.story.problems import Pos, Problem, Severity, StoryError


@dataclass(frozen=True)
class Loaded:
    story: Story
    warnings: list[Problem]


def _cache_key(digest: str, root: Path) -> str:
    # Positions in problems and the story's root depend on where it was read from, and from where.
    return hashlib.sha256(f"{digest}|{root.resolve()}|{Path.cwd()}".encode()).hexdigest()


def check(root: Path | None = None, use_cache: bool = True) -> tuple[Story | None, list[Problem]]:
    """Read and validate a story (the shipped one by default): (story or None, every problem).
    Raises StoryError only when the directory itself cannot be read."""
    root = Path(root) if root else paths.shipped_story_dir()
    was_enabled = gc.isenabled()
    gc.disable()  # YAML reading makes many small objects; collecting meanwhile triples the time
    try:
        digest = None
        if use_cache and root.is_dir() and (root / "story.yaml").is_file():
            files = [f for part in story_files(root).values() for f in part]
            digest = digest_of(root, files)
            hit = cache.load(paths.cache_dir(), _cache_key(digest, root))
            if hit is not None:
                return hit
        from petrograd1917.story.loader import read_story  # YAML is only needed when the cache misses

        story, problems = read_story(root, digest)
        if story is not None:
            problems = sorted(problems + check_history(story), key=lambda p: (p.pos.file, p.pos.line, p.pos.col))
            if any(p.severity is Severity.ERROR for p in problems):
                story = None
        if use_cache and story is not None:
            cache.store(paths.cache_dir(), _cache_key(story.digest, root), (story, problems))
        return story, problems
    finally:
        if was_enabled:
            gc.enable()


def load(root: Path | None = None, use_cache: bool = True) -> Loaded:
    """A playable story, or StoryError with every problem."""
    story, problems = check(root, use_cache)
    if story is None:
        errors = [p for p in problems if p.severity is Severity.ERROR]
        raise StoryError(errors or [Problem(Pos(display_path(Path(root or "."))), "E001", "story could not be loaded")])
    return Loaded(story, [p for p in problems if p.severity is not Severity.ERROR])


def open_machine(root: Path | None = None, use_cache: bool = True) -> StoryMachine:
    """Load and build in one go, with the collector off throughout: turning it back on between the
    two would make the next allocation walk every object just loaded."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        machine = StoryMachine(load(root, use_cache).story)
    finally:
        gc.freeze()  # the story lives as long as the process: keep later collections from walking it
        if was_enabled:
            gc.enable()
    return machine
