"""Varying text against a story: parsed with the story's own names, located when wrong, once.

The loader checks every text of a story with `TextChecker` (unknown variables, scenes, choices and
snippets, types, snippets that include themselves), reporting file:line:col inside the text; the
engine parses the same texts with `parse_text` when it first shows them, knowing them good.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from petrograd1917.story import expr as E
from petrograd1917.story import textmarkup as tm
from petrograd1917.story.problems import Pos, Problems
from petrograd1917.story.suggest import did_you_mean


class Names:
    """What a story's expressions may name: its variables (and chronicle values), scenes and choices."""

    def __init__(self, types: Mapping[str, str], scenes: Mapping[str, Any]) -> None:
        self.types = types
        self.scenes = scenes
        self._parsed: dict[str, tuple[E.Ast, str]] = {}  # texts repeat their expressions: parse each once

    def problem(self, ref: tuple[str, str, str | None, int]) -> tuple[int, str] | None:
        """(offset, message) when a visits()/seen()/chose() names nothing, else None."""
        func, scene_id, choice_id, at = ref
        scene = self.scenes.get(scene_id)
        if scene is None:
            return at, f"{func}() names unknown scene '{scene_id}'{did_you_mean(scene_id, self.scenes)}"
        if choice_id is not None and scene.choice(choice_id) is None:
            ids = [c.id for c in scene.choices]
            return at, f"chose() names unknown choice '{choice_id}' of scene '{scene_id}'{did_you_mean(choice_id, ids)}"
        return None

    def parse_expr(self, src: str, offset: int) -> tuple[E.Ast, str]:
        """An expression inside text, its errors moved to the text's offsets."""
        hit = self._parsed.get(src)
        if hit is not None:
            return hit
        try:
            tree, typ = E.parse(src, self.types)
        except E.ExprError as e:
            raise tm.TextError(offset + e.offset, e.code, e.message) from None
        for ref in E.progress_refs(tree):
            wrong = self.problem(ref)
            if wrong is not None:
                raise tm.TextError(offset + wrong[0], "E104", wrong[1])
        # A tree's offsets (a visits() holds one) are into its own source, wherever the text puts it:
        # the same source is the same tree, and what it names has just been found good.
        self._parsed[src] = (tree, typ)
        return tree, typ


def parse_text(text: str, names: Names) -> tm.Body:
    """A text known to be good (the loader checked it) as a tree."""
    return tm.parse(text, names.parse_expr)


class Locator:
    """Where an offset inside a text value lies in its file (read again only when a problem needs it)."""

    def __init__(self, paths: Mapping[str, Path]) -> None:
        self.paths = paths
        self._lines: dict[str, list[str]] = {}

    def lines(self, file: str) -> list[str]:
        if file not in self._lines:
            try:
                self._lines[file] = self.paths[file].read_text(encoding="utf-8").split("\n")
            except (KeyError, OSError, UnicodeDecodeError):
                self._lines[file] = []
        return self._lines[file]

    def at(self, start: Pos, text: str, offset: int) -> Pos:
        """`start` is where the value begins (a block scalar's `|`, a quote, or the first character)."""
        lines = self.lines(start.file)
        if not start.line or start.line > len(lines):
            return start
        head = lines[start.line - 1][max(start.col - 1, 0):]
        before = text[:offset]
        row = before.count("\n")
        col_in_row = len(before) - (before.rfind("\n") + 1)
        if head[:1] in "|>":
            content = [ln for ln in lines[start.line:] if ln.strip()]
            indent = len(content[0]) - len(content[0].lstrip(" ")) if content else 0
            return Pos(start.file, start.line + 1 + row, indent + col_in_row + 1)
        if row:  # a plain or quoted scalar over several lines: its folding hides the column
            return start
        quoted = 1 if head[:1] in "'\"" else 0
        return Pos(start.file, start.line, start.col + quoted + col_in_row)


class TextChecker:
    """Checks a story's texts; remembers which snippets each text and snippet includes."""

    def __init__(self, names: Names, problems: Problems, locator: Locator, snippets: Mapping[str, Any]) -> None:
        self.names = names
        self.p = problems
        self.locator = locator
        self.snippets = snippets
        self.includes: dict[str, set[str]] = {}

    def check(self, doc: Any, key: str, whose: str, snippet: str | None = None) -> None:
        """Report every problem of the text `doc[key]` (a yamlread Doc); `whose` names it in messages
        (scene 'x', snippet 'y'…). Most texts have no markup: where a text starts in its file is
        looked up only for one that has a problem."""
        text = doc.get(key)
        if not isinstance(text, str) or not tm.has_markup(text):
            return
        try:
            _body, included = tm.parse_naming(text, self.names.parse_expr)
        except tm.TextError as e:
            self.p.error(self.locator.at(doc.where(key), text, e.offset), e.code,
                         f"in the text of {whose}: {e.message}")
            return
        for sid in sorted(included):
            if sid not in self.snippets:
                self.p.error(doc.where(key), "E104", f"the text of {whose} includes unknown snippet '{sid}'"
                                                     f"{did_you_mean(sid, self.snippets)}")
        if snippet is not None:
            self.includes[snippet] = included

    def check_cycles(self, where: Callable[[str], Pos]) -> None:
        """A snippet may not include itself, directly or through others."""
        done: set[str] = set()
        for first in sorted(self.includes):
            path = self._cycle(first, [], done)
            if path:
                done.update(path)
                self.p.error(where(path[0]), "E137", "snippet includes itself: " + " → ".join(path + [path[0]]))

    def _cycle(self, sid: str, stack: list[str], done: set[str]) -> list[str] | None:
        if sid in stack:
            return stack[stack.index(sid):]
        if sid in done:
            return None
        stack.append(sid)
        for nxt in sorted(self.includes.get(sid, ())):
            found = self._cycle(nxt, stack, done)
            if found:
                return found
        stack.pop()
        done.add(sid)
        return None
