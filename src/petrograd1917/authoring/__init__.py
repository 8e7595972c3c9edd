"""Tools for authors: statistics, lint, exhaustive and random play-throughs, maps, schema."""
