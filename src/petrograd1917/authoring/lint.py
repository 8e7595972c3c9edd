"""Lint: warnings about a story that loads but may not say what its author meant."""

from __future__ import annotations

import re

from petrograd1917.authoring.graph import reachable
from petrograd1917.authoring.ranges import can_be_true, possible_values
from petrograd1917.authoring.stats import words
from petrograd1917.history.codex import entries_named
from petrograd1917.story import textmarkup
from petrograd1917.story.expr import variables as read_by
from petrograd1917.story.model import Story
from petrograd1917.story.problems import Pos, Problem, Problems
from petrograd1917.story.textcheck import Names, parse_text

SHORT_SCENE, LONG_SCENE = 60, 900  # words; the campaign aims at 250-600

# The warnings' codes (W3xx) and what each means: story/codes.py, with every other code.

# A source is a work (author, title, section), never a file of ours: a player sees it verbatim.
_URL = re.compile(r"\b(?:https?://|www\.)\S+")
_PATH = re.compile(r"""
      (?:^|[\s("'\[])(?:~|\.\.?)?/[\w.-]      # an absolute or relative path: /work/x, ~/x, ./x
    | \b[A-Za-z]:\\                           # a Windows drive
    | \b[\w.-]+/[\w./-]*\.[a-z0-9]{2,5}\b       # folder/file.ext
    | \b[\w-]+\.(?:txt|md|ya?ml|json|csv|tsv|xml|html?|pdf|epub|docx?|rst|log)\b  # file.ext
    | \bshared/                                 # the project's shared folder
""", re.VERBOSE)


def _text_reads(text: str, names: Names) -> set[str]:
    if not textmarkup.has_markup(text):
        return set()
    return {v for tree in textmarkup.expressions(parse_text(text, names)) for v in read_by(tree)}


def story_texts(story: Story) -> list[str]:
    """Every text of a story that may vary."""
    out = [s.text for s in story.snippets.values()] + [f.text for p in story.people.values() for f in p.fates]
    for scene in story.scenes.values():
        out.append(scene.text)
        for c in scene.choices:
            out += [c.text, c.reason] + [o.text for o in c.outcomes] + ([c.history.note] if c.history else [])
    return out


def reads_and_changes(story: Story) -> tuple[set[str], set[str]]:
    """The variables something reads (a condition, an effect, text, a fate, a chronicle value) and
    those something changes (an effect, or a role's own starting value)."""
    read: set[str] = set()
    changed: set[str] = {n for r in story.roles.values() for n in r.initial}
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.condition:
                read |= read_by(choice.condition)
            for effects in [choice.effects] + [o.effects for o in choice.outcomes]:
                for op, name, tree in effects.steps:
                    changed.add(name)
                    read |= read_by(tree)
                    if op == "add":
                        read.add(name)
    for person in story.people.values():
        for fate in person.fates:
            read |= read_by(fate.condition) if fate.condition else set()
    for entry in story.chronicle:
        read |= read_by(entry.value)
    types = {n: v.type for n, v in story.variables.items()} | {c.name: c.type for c in story.chronicle}
    names = Names(types, story.scenes)
    for text in story_texts(story):
        read |= _text_reads(text, names)
    return read, changed


def lint(story: Story) -> list[Problem]:
    p = Problems()
    story_file = _story_file(story)
    _unused_variables(story, p, story_file)
    _scenes_and_choices(story, p)
    _uncited_events(story, p)
    _path_like_sources(story, p, story_file)
    _unnamed_entries(story, p)
    _alternate_without_pivot(story, p)
    return p.items


def _unused_variables(story: Story, p: Problems, story_file: Pos) -> None:
    """W301, W302: a variable nothing reads, or nothing changes."""
    read, changed = reads_and_changes(story)
    for name, var in story.variables.items():
        if name not in read and not var.visible:
            p.warn(story_file, "W301", f"variable '{name}' is hidden and nothing reads it")
        elif name not in read and not var.label:
            p.warn(story_file, "W301", f"variable '{name}' is never read by a condition or effect")
        if name not in changed:
            p.warn(story_file, "W302", f"variable '{name}' is never set or added to: it is always its initial value")


def _scenes_and_choices(story: Story, p: Problems) -> None:
    """W307, W308: a scene too short or too long; W309: two choices alike; W303: one never open."""
    env = possible_values(story)
    for scene in story.scenes.values():
        n = words(scene.text)
        if n < SHORT_SCENE:
            p.warn(scene.pos, "W307", f"scene '{scene.id}' has only {n} words of text")
        elif n > LONG_SCENE:
            p.warn(scene.pos, "W308", f"scene '{scene.id}' has {n} words of text; consider splitting it")
        texts: dict[str, str] = {}
        for choice in scene.choices:
            key = " ".join(choice.text.lower().split())
            if key in texts:
                p.warn(choice.pos, "W309", f"choices '{texts[key]}' and '{choice.id}' in scene '{scene.id}' "
                                           "have the same text")
            texts[key] = choice.id
            if choice.condition and not can_be_true(choice.condition, env):
                p.warn(choice.pos, "W303", f"choice '{choice.id}' in scene '{scene.id}' can never be taken: "
                                           f"'{choice.condition_src}' is false for every value the story allows")


def _alternate_without_pivot(story: Story, p: Problems) -> None:
    """W311: an alternate ending that some route reaches without passing a `pivot`, so a play-through
    ends in another history while the record says it never left this one. Routes are the scene map
    without conditions, so a warning may name a route that play cannot take; quicktest finds real ones."""
    for role in story.roles:
        for sid in reachable(story, role, through=lambda c: c.history is None or not c.history.pivot):
            scene = story.scenes[sid]
            if scene.ending is not None and scene.ending.kind == "alternate":
                p.warn(scene.pos, "W311", f"the {role}'s alternate ending '{scene.ending.id}' (scene '{sid}') "
                       "can be reached without a pivot: mark the divergent choice that leaves the record "
                       "`pivot: true`, or make the ending historical if history runs its course")


def _uncited_events(story: Story, p: Problems) -> None:
    """W305: a record event that no scene's frame, choice's history or codex entry cites."""
    cited: set[str] = set()
    for scene in story.scenes.values():
        cited.update(scene.record)
        cited.update(c.history.event for c in scene.choices if c.history)
    for entry in story.codex.values():
        cited.update(entry.events)  # the codex leads the player to these
    for event in story.events.values():
        if event.id not in cited:
            p.warn(event.pos, "W305", f"record event '{event.id}' is not cited by any scene, choice or codex entry")


def _unnamed_entries(story: Story, p: Problems) -> None:
    """W306: a codex entry that no scene's place or words, record event or other entry names."""
    named: set[str] = set()
    for scene in story.scenes.values():
        named.add(scene.place)
        named |= entries_named(scene.text, story)  # the words the game links to the codex
    for event in story.events.values():
        named.add(event.place)
        named.update(event.people)
    for entry in story.codex.values():
        named.update(entry.see)
    for entry in story.codex.values():
        if entry.id not in named:
            p.warn(entry.pos, "W306", f"codex entry '{entry.id}' is not named by any scene, record event or other entry")


def path_in(text: str) -> str | None:
    """The part of a citation that looks like a file path (web addresses are fine), or None."""
    plain = _URL.sub(" ", text)
    m = _PATH.search(plain)
    if not m:
        return None
    start, end = m.start(), m.end()  # widen to the whole word, to name the path in the warning
    while start < end and plain[start].isspace():
        start += 1
    while start > 0 and not plain[start - 1].isspace():
        start -= 1
    while end < len(plain) and not plain[end].isspace():
        end += 1
    return plain[start:end].strip("()\"',;[]")


def _path_like_sources(story: Story, p: Problems, story_file: Pos) -> None:
    """W310: sources are shown to players as written, so a path in one leaks the project's files."""
    citing: dict[str, Pos] = {}
    for event in story.events.values():
        for ref in list(event.sources) + [a.source for a in event.accounts]:
            citing.setdefault(ref.source, event.pos)
            found = path_in(ref.at)
            if found:
                p.warn(event.pos, "W310", f"event '{event.id}' cites '{ref.source}' at '{ref.at}', which looks like "
                                          f"a file path ('{found}'): give the section, chapter or page")
    record_file = _record_file(story) or story_file
    for source in story.sources.values():
        found = path_in(source.title)
        if found:
            p.warn(citing.get(source.id, record_file), "W310",
                   f"source '{source.id}' has a title that looks like a file path ('{found}'): "
                   "cite the work itself (author, title, section), not a file")


def _record_file(story: Story) -> Pos | None:
    """Where an uncited source is reported: sources keep no position of their own."""
    from pathlib import Path

    from petrograd1917.story.files import display_path

    path = Path(story.root) / "record.yaml"
    return Pos(display_path(path)) if path.is_file() else None


def _story_file(story: Story) -> Pos:
    from pathlib import Path

    from petrograd1917.story.files import display_path

    return Pos(display_path(Path(story.root) / "story.yaml"))
