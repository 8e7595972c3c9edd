"""Counts that describe a story: scenes, choices, endings, words, per act and per role, and reading time."""

from __future__ import annotations

from typing import Any

from petrograd1917.story import textmarkup
from petrograd1917.story.model import Scene, Story

WORDS_PER_MINUTE = 200


def words(text: str) -> int:
    return len(text.split())


def _any_expression(src: str, offset: int) -> tuple[tuple[str, bool], str]:
    # Counting words needs the text's shape, not its meaning: the loader has checked the expressions.
    return ("lit", True), "bool"


def _body_words(body: textmarkup.Body) -> int:
    return sum(words(n[1]) if n[0] == "lit" else _node_words(n) for n in body)


def _node_words(node: textmarkup.Node) -> int:
    if node[0] == "if":
        return sum(_body_words(b) for _c, b in node[1]) + _body_words(node[2])
    if node[0] == "alt":
        return sum(_body_words(b) for b in node[2])
    return 0


def branch_words(text: str) -> dict[str, Any]:
    """Words of a text: those every reader sees (`fixed`) and each top-level branch's or
    alternative's own (`branches`, in order), so an author sees how much of a scene varies."""
    if not textmarkup.has_markup(text):
        return {"fixed": words(text), "branches": []}
    body = textmarkup.parse(text, _any_expression)
    branches: list[int] = []
    for node in body:
        if node[0] == "if":
            branches += [_body_words(b) for _c, b in node[1]] + ([_body_words(node[2])] if node[2] else [])
        elif node[0] == "alt":
            branches += [_body_words(b) for b in node[2]]
    return {"fixed": sum(words(n[1]) for n in body if n[0] == "lit"), "branches": branches}


def _counts(scenes: list[Scene]) -> dict[str, Any]:
    choices = [c for s in scenes for c in s.choices]
    judged = sum(1 for c in choices if c.history)
    n_words = sum(words(s.text) for s in scenes)
    return {
        "scenes": len(scenes),
        "choices": len(choices),
        "judged": judged,
        "judged_ratio": round(judged / len(choices), 3) if choices else None,
        "endings": sum(1 for s in scenes if s.ending),
        "words": n_words,
        "reading_minutes": round(n_words / WORDS_PER_MINUTE),
    }


def story_stats(story: Story) -> dict[str, Any]:
    scenes = list(story.scenes.values())
    data = _counts(scenes)
    data["roles"] = len(story.roles)
    data["events"] = len(story.events)
    data["codex"] = len(story.codex)
    data["endings_by_kind"] = {k: sum(1 for s in scenes if s.ending and s.ending.kind == k)
                               for k in ("historical", "alternate")}
    data["acts"] = {a.id: _counts([s for s in scenes if s.act == a.id]) for a in story.acts}
    data["by_role"] = {r: _counts([s for s in scenes if r in s.roles]) for r in story.roles}
    data["by_role_and_act"] = {r: {a.id: _counts([s for s in scenes if r in s.roles and s.act == a.id])
                                   for a in story.acts} for r in story.roles}
    per_scene = {s.id: branch_words(s.text) for s in scenes}
    data["words_in_branches"] = sum(sum(v["branches"]) for v in per_scene.values())
    data["scenes_with_branches"] = sum(1 for v in per_scene.values() if v["branches"])
    data["by_scene"] = per_scene
    return data
