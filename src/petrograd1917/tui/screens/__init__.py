"""The places the player goes: title, game, codex, timeline, journal, end, help, settings."""
