"""Varying text rendered for a play-through: each text parsed and compiled once per story, then shown
with a game's values, the visit number of its scene and the game's seeded chance."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any

from petrograd1917.story import textmarkup as tm
from petrograd1917.story.model import Story
from petrograd1917.story.textcheck import Names, parse_text

Draws = Callable[[int], int]


def seeded_draws(seed: int, step: int, scene: str) -> Draws:
    """The draws of `{shuffle|…}` in one showing: the same seed, step and scene give the same text,
    and each shuffle of the showing draws in turn."""
    made: list[random.Random] = []  # seeding costs more than most renderings: only when a shuffle asks

    def draw(n: int) -> int:
        if not made:
            made.append(random.Random(f"{seed}:{step}:text:{scene}"))
        return made[0].randrange(n)

    return draw


class TextRenderer:
    """One story's texts, compiled as they are first shown (the loader has checked them all)."""

    def __init__(self, story: Story, compile_expr: Callable[[Any], Callable[[Mapping[str, Any]], Any]]) -> None:
        self.story = story
        self.compile_expr = compile_expr
        types = {n: v.type for n, v in story.variables.items()} | {c.name: c.type for c in story.chronicle}
        self.names = Names(types, story.scenes)
        self._compiled: dict[str, tm.Rendered] = {}

    def compiled(self, text: str) -> tm.Rendered:
        fn = self._compiled.get(text)
        if fn is None:
            fn = self._compiled[text] = tm.compile_text(parse_text(text, self.names), self.compile_expr)
        return fn

    def _snippet(self, snippet_id: str) -> tm.Rendered:
        return self.compiled(self.story.snippets[snippet_id].text)

    def render(self, text: str, values: Mapping[str, Any], visit: int, draws: Draws) -> str:
        """`text` as the player reads it now. Text without markup is returned as it is."""
        if not tm.has_markup(text):
            return text
        return self.compiled(text)(tm.RenderContext(values, visit, draws, self._snippet))
