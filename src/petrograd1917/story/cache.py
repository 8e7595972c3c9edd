"""A cache of validated stories in the user cache folder, keyed by the source files' digest.

A cached entry is trusted only if its header names this exact format and digest, its payload's
checksum matches, and the file is the user's own and not writable by others; anything else is
ignored and the story is read from YAML again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from petrograd1917 import __version__
from petrograd1917.atomicfile import write_atomic

def _code_version() -> str:
    """A cached story is only as good as the code that made it: key it by the story layer's source."""
    h = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        h.update(module.read_bytes())
    return h.hexdigest()[:16]


FORMAT = f"petrograd1917-story-cache/1 {__version__} {_code_version()}"


def _file(cache: Path, digest: str) -> Path:
    return cache / f"story-{digest[:32]}.pickle"


def load(cache: Path, digest: str) -> Any | None:
    path = _file(cache, digest)
    try:
        st = path.stat()
        if (hasattr(os, "getuid") and st.st_uid != os.getuid()) or st.st_mode & 0o022:
            return None
        data = path.read_bytes()
        header, check, payload = data.split(b"\n", 2)
        if header.decode() != f"{FORMAT} {digest}" or hashlib.sha256(payload).hexdigest() != check.decode():
            return None
        return pickle.loads(payload)
    except Exception:  # a damaged or foreign cache is ignored, never trusted
        return None


def store(cache: Path, digest: str, value: Any) -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    try:
        cache.mkdir(parents=True, exist_ok=True, mode=0o700)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        data = f"{FORMAT} {digest}\n{hashlib.sha256(payload).hexdigest()}\n".encode() + payload
        write_atomic(_file(cache, digest), data, durable=False)  # a lost cache is only rebuilt
    except OSError:
        pass
