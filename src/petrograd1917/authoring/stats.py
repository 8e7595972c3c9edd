"""Counts that describe a story: scenes, choices, endings, roles and words of scene text."""

from __future__ import annotations

from typing import Any

from petrograd1917.story.model import Story


def words(text: str) -> int:
    return len(text.split())


def story_stats(story: Story) -> dict[str, Any]:
    scenes = story.scenes.values()
    return {
        "scenes": len(story.scenes),
        "choices": sum(len(s.choices) for s in scenes),
        "endings": sum(1 for s in scenes if s.ending),
        "roles": len(story.roles),
        "words": sum(words(s.text) for s in scenes),
        "events": len(story.events),
        "codex": len(story.codex),
    }
