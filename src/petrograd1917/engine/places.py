"""Where a play-through stands on the city map, as plain data for every face: the place of the scene,
the places of the record events passed, the places off the plan, and the plan with them marked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from petrograd1917.history import citymap
from petrograd1917.history.timeline import timeline
from petrograd1917.story.model import CodexEntry, Story

if TYPE_CHECKING:
    from petrograd1917.engine.game import Game


@dataclass(frozen=True, slots=True)
class PlacesOnMap:
    """What the map shows for one moment of a game."""

    here: CodexEntry | None  # the current scene's place, None when the codex does not know it
    passed: tuple[CodexEntry, ...]  # the places of record events passed (the current place left out)
    off_map: tuple[CodexEntry, ...]  # every codex place beyond the plan (Gatchina, Moscow…), for a margin
    lines: tuple[str, ...]  # the plan with the marks drawn (citymap.HERE, PASSED, PLACE)
    marks: tuple[citymap.Mark, ...]  # every mark drawn, here last

    @property
    def here_placed(self) -> bool:
        return self.here is not None and self.here.map is not None

    def off_map_passed(self) -> list[CodexEntry]:
        """Of the places beyond the plan, the current one and those of events passed."""
        been = {e.id for e in self.passed} | ({self.here.id} if self.here else set())
        return [e for e in self.off_map if e.id in been]


def passed_places(game: Game) -> list[str]:
    """The codex ids of the places of the record events the game has passed, in date order."""
    story = game.story
    out = [t.event.place for t in timeline(story, game.path, game.log) if t.passed]
    return [p for p in dict.fromkeys(out) if p in story.codex]


def places_on_map(game: Game) -> PlacesOnMap:
    """The city map for this game as it stands (the TUI's map screen and plain mode's `where`)."""
    here_id = game.scene.place
    return marked(game.story, here_id, [p for p in passed_places(game) if p != here_id])


def marked(story: Story, here_id: str | None = None, passed_ids: list[str] | None = None) -> PlacesOnMap:
    """The city map with these places marked; with none, the plan alone (before a game, from the codex)."""
    passed_ids = passed_ids or []
    here = story.codex.get(here_id) if here_id else None
    off = citymap.off_the_map(story, [e.id for e in story.codex.values()])
    return PlacesOnMap(
        here=here,
        passed=tuple(story.codex[p] for p in passed_ids),
        off_map=tuple(off),
        lines=tuple(citymap.marked_plan(story.plan, story, here_id, passed_ids)),
        marks=tuple(citymap.marks(story, here_id, passed_ids)),
    )


def where(game: Game) -> str:
    """Where the game's scene is, in words: the place and its nearest neighbours on the map."""
    story = game.story
    place = game.scene.place
    if place not in story.codex:
        return "This scene's place is not in the codex."
    return citymap.where_in_words(story, place)
