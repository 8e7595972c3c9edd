"""Counts that describe a story: scenes, choices, endings, words, per act and per role, and reading time."""

from __future__ import annotations

from typing import Any

from petrograd1917.story.model import Scene, Story

WORDS_PER_MINUTE = 200


def words(text: str) -> int:
    return len(text.split())


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
    return data
