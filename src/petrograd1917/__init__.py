"""Petrograd 1917: interactive fiction of the October Revolution, weighed against the record."""

__version__ = "0.1.0"
