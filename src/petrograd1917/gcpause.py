"""Pausing Python's garbage collector while a story is read or built, in one place."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused(freeze: bool = False) -> Iterator[None]:
    """Run the block with the cyclic collector off: loading makes hundreds of thousands of small
    objects and no cycles worth collecting, and collecting meanwhile triples the time. Nested uses
    leave it to the outermost to turn it back on (turning it on between reading and building would
    make the next allocation walk everything just read). With `freeze`, what exists at the end is
    moved out of the collector's sight for good: a story lives as long as the process."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
