"""The one place a face loads a story: find it, read it, validate it fully, cache it, build its machine.

- `validate(root)`: full validation in one call, no cache: every file read and checked (story layer)
  and the story weighed against its record (history layer).
- `check(root)`: the same through the cache: `(story or None, every problem)`; what `check` prints.
- `load(root)`: a playable story or StoryError; `open_machine(root)`: its machine, ready to play.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

from petrograd1917 import paths
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.gcpause import gc_paused
from petrograd1917.history.checks import check_history
from petrograd1917.story import cache
from petrograd1917.story.files import digest_of, display_path, story_files
from petrograd1917.story.model import Story
from petrograd1917.story.problems import Pos, Problem, Severity, StoryError


class Checked(NamedTuple):
    """A story directory read and validated: the story (None when there are errors) and every problem,
    sorted by place."""

    story: Story | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is not Severity.ERROR]

    def playable(self) -> Story:
        """The story, or StoryError with every error."""
        if self.story is None:
            raise StoryError(self.errors)
        return self.story

    def machine(self) -> StoryMachine:
        return StoryMachine(self.playable())


def _root(root: Path | None) -> Path:
    return Path(root) if root else paths.shipped_story_dir()


def _cache_key(digest: str, root: Path) -> str:
    # Positions in problems and the story's root depend on where it was read from, and from where.
    return hashlib.sha256(f"{digest}|{root.resolve()}|{Path.cwd()}".encode()).hexdigest()


def validate(root: Path | None = None, digest: str | None = None) -> Checked:
    """Read and fully validate a story, without the cache. `digest` is the files' digest when the
    caller has read them for it. Raises StoryError only when the directory itself cannot be read."""
    root = _root(root)
    # Imported here: YAML is only needed when the cache misses.
    from petrograd1917.story.loader import read_story

    with gc_paused():
        story, problems = read_story(root, digest)
        if story is not None:
            problems = sorted(problems + check_history(story), key=lambda p: (p.pos.file, p.pos.line, p.pos.col))
            if any(p.severity is Severity.ERROR for p in problems):
                story = None
    if story is None and not any(p.severity is Severity.ERROR for p in problems):
        problems.append(Problem(Pos(display_path(root)), "E001", "story could not be loaded"))
    return Checked(story, problems)


def check(root: Path | None = None, use_cache: bool = True) -> Checked:
    """`validate`, answered from the cache when the story's files have not changed since."""
    root = _root(root)
    if not (use_cache and root.is_dir() and (root / "story.yaml").is_file()):
        return validate(root)
    with gc_paused():
        digest = digest_of(root, [f for part in story_files(root).values() for f in part])
        key = _cache_key(digest, root)
        hit = cache.load(paths.cache_dir(), key)
        if hit is not None:
            return Checked(hit[0], hit[1])
        checked = validate(root, digest)
        if checked.story is not None:
            cache.store(paths.cache_dir(), key, checked.story, checked.problems)
    return checked


def load(root: Path | None = None, use_cache: bool = True) -> Checked:
    """A playable story and its warnings, or StoryError with every error."""
    checked = check(root, use_cache)
    checked.playable()
    return checked


def open_machine(root: Path | None = None, use_cache: bool = True) -> StoryMachine:
    """Load and build in one go, with the collector off throughout, and what was loaded frozen out
    of its sight afterwards: the story lives as long as the process."""
    with gc_paused(freeze=True):
        return load(root, use_cache).machine()
