"""The game's own themes: a dark default and a period newsprint one."""

from __future__ import annotations

from textual.theme import Theme

PETROGRAD = Theme(
    name="petrograd",
    primary="#C8102E",  # banner red
    secondary="#D4A373",
    accent="#E9C46A",
    foreground="#E8E2D6",
    background="#16130F",
    surface="#211C17",
    panel="#2C251E",
    warning="#E9C46A",
    error="#E76F51",
    success="#8AB17D",
    dark=True,
)

NEWSPRINT = Theme(
    name="newsprint",
    primary="#3A2E25",
    secondary="#7A5C3E",
    accent="#9B2226",
    foreground="#1E1A16",
    background="#EFE6D2",
    surface="#E5DAC1",
    panel="#D8CBAE",
    warning="#9B6A00",
    error="#9B2226",
    success="#3E6B2F",
    dark=False,
)

OURS = (PETROGRAD, NEWSPRINT)
