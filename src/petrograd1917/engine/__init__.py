"""The engine: a transitions Machine per story, and a Game per play-through."""
