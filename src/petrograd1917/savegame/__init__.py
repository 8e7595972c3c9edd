"""Saves: the versioned save file, the atomic slot store, loading by replay, and transcripts."""
