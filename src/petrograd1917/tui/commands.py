"""The command palette's game commands (ctrl+p): every action of the game by name."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS = (
    ("New game", "title_new", "Start again in a role of your choosing"),
    ("Codex", "codex", "People, places, organisations and terms"),
    ("Timeline", "timeline", "The record in date order, with your verdicts"),
    ("Journal", "journal", "Every scene you have passed, with your choices"),
    ("Save", "save", "Save the game under a name"),
    ("Load", "title_load", "Load a saved game"),
    ("Undo", "undo", "Take back your last choice"),
    ("Replays", "title_replays", "Step through a saved play-through"),
    ("Settings", "title_settings", "Theme, text width, animations"),
    ("Help", "help", "The keys"),
    ("Title menu", "title_menu", "Back to the title screen"),
)


class GameCommands(Provider):
    async def discover(self) -> Hits:
        for name, action, help_text in COMMANDS:
            yield DiscoveryHit(name, getattr(self.app, f"action_{action}"), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), getattr(self.app, f"action_{action}"), help=help_text)
