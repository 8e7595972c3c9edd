"""Widgets of our own: the key hints line, the side panel and the list of choices."""
