"""Every text of a story that a scene shows, parsed once with the story's own names, and where each
is written: for the tools that speak of one branch of a text (quicktest's prose never shown).

A text is placed by the scene it is shown in (its scene, choice, reason, outcome text and history
note) or by its snippet id; a snippet is shown inside the texts that include it. Its file:line:col
is found only when a problem needs it, by reading the file's YAML nodes again: the story model keeps
where a scene, choice or snippet starts, not where each of its texts does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from petrograd1917.engine.machine import StoryMachine
from petrograd1917.story import textmarkup as tm
from petrograd1917.story.files import display_path, story_files
from petrograd1917.story.problems import Pos, Problems
from petrograd1917.story.textcheck import Locator, parse_text
from petrograd1917.story.yamlread import compose, read_bytes


@dataclass(frozen=True)
class TextPlace:
    """Which text: `kind` is scene | choice | reason | outcome | note | snippet."""

    kind: str
    scene: str = ""  # the scene that shows it ("" for a snippet)
    choice: str = ""
    outcome: int = -1
    snippet: str = ""

    def describe(self) -> str:
        of_choice = f"choice '{self.choice}' in scene '{self.scene}'"
        return {"scene": f"the text of scene '{self.scene}'", "choice": f"the text of {of_choice}",
                "reason": f"the reason of {of_choice}", "outcome": f"the text of outcome {self.outcome} of {of_choice}",
                "note": f"the note of {of_choice}", "snippet": f"snippet '{self.snippet}'"}[self.kind]

    def path(self) -> tuple[str | int, ...]:
        """The keys from its scene's, choice's or snippet's mapping to the text's value."""
        return {"outcome": ("outcomes", self.outcome, "text"), "note": ("history", "note"),
                "reason": ("reason",)}.get(self.kind, ("text",))


@dataclass(frozen=True)
class Text:
    place: TextPlace
    source: str
    body: tm.Body  # the parsed tree; a text without markup is one literal


def story_texts(machine: StoryMachine) -> Iterator[Text]:
    """Every text with markup a story's scenes can show, parsed with the names the engine uses."""
    story, names = machine.story, machine.texts.names

    def text(place: TextPlace, source: str) -> Iterator[Text]:
        if source and tm.has_markup(source):
            yield Text(place, source, parse_text(source, names))

    for scene in story.scenes.values():
        yield from text(TextPlace("scene", scene.id), scene.text)
        for c in scene.choices:
            yield from text(TextPlace("choice", scene.id, c.id), c.text)
            yield from text(TextPlace("reason", scene.id, c.id), c.reason)
            for k, o in enumerate(c.outcomes):
                yield from text(TextPlace("outcome", scene.id, c.id, k), o.text)
            if c.history:
                yield from text(TextPlace("note", scene.id, c.id), c.history.note)
    for snippet in story.snippets.values():
        yield from text(TextPlace("snippet", snippet=snippet.id), snippet.text)


class TextLocator:
    """file:line:col of an offset inside one of a story's texts (files read again, once each)."""

    def __init__(self, machine: StoryMachine) -> None:
        self.story = machine.story
        files = [f for group in story_files(Path(self.story.root)).values() for f in group]
        self.paths = {display_path(f): f for f in files}
        self.inside = Locator(self.paths)
        self._nodes: dict[str, Node | None] = {}

    def owner(self, place: TextPlace) -> Pos:
        """Where the scene, choice or snippet holding the text starts."""
        if place.kind == "snippet":
            return self.story.snippets[place.snippet].pos
        scene = self.story.scenes[place.scene]
        choice = scene.choice(place.choice) if place.choice else None
        return choice.pos if choice is not None else scene.pos

    def at(self, place: TextPlace, source: str, offset: int) -> Pos:
        """The position of `offset` in the text; its owner's start when the file cannot tell."""
        owner = self.owner(place)
        value = _follow(self._mapping_at(owner), place.path())
        if value is None:
            return owner
        m = value.start_mark
        return self.inside.at(Pos(owner.file, m.line + 1, m.column + 1), source, offset)

    def _mapping_at(self, pos: Pos) -> Node | None:
        root = self._root(pos.file)
        stack = [root] if root is not None else []
        while stack:  # the mapping that starts at `pos`, depth first
            node = stack.pop()
            if isinstance(node, MappingNode):
                if (node.start_mark.line + 1, node.start_mark.column + 1) == (pos.line, pos.col):
                    return node
                stack.extend(v for _k, v in node.value)
            elif isinstance(node, SequenceNode):
                stack.extend(node.value)
        return None

    def _root(self, file: str) -> Node | None:
        if file not in self._nodes:
            path = self.paths.get(file) or (Path(file) if Path(file).is_file() else None)
            problems = Problems()
            raw = read_bytes(path, problems) if path is not None else None
            self._nodes[file] = compose(raw, file, problems) if raw is not None else None
        return self._nodes[file]


def _follow(node: Node | None, path: tuple[str | int, ...]) -> ScalarNode | None:
    for step in path:
        if isinstance(step, int) and isinstance(node, SequenceNode) and step < len(node.value):
            node = node.value[step]
        elif isinstance(step, str) and isinstance(node, MappingNode):
            node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == step), None)
        else:
            return None
    return node if isinstance(node, ScalarNode) else None
