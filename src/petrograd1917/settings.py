"""The player's settings (theme, text width, animations, the fidelity meter), kept as JSON in the user
config folder."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from petrograd1917 import paths
from petrograd1917.atomicfile import clean_stale, write_atomic
from petrograd1917.filecheck import read_regular

TEXT_WIDTHS = (60, 72, 80, 100, 0)  # 0: as wide as the terminal allows
DEFAULT_THEME = "petrograd"
MAX_BYTES = 1024 * 1024  # a settings file is a few lines; anything bigger is not ours


@dataclass
class Settings:
    theme: str = DEFAULT_THEME
    text_width: int = 72
    animations: bool = True
    fidelity_meter: bool = False  # the score during play; off by default: the score is for the end

    @classmethod
    def file(cls) -> Path:
        return paths.config_dir() / "settings.json"

    @classmethod
    def load(cls) -> Settings:
        """The saved settings; anything missing, unreadable or of the wrong type falls back to the default."""
        return cls.read()[0]

    @classmethod
    def read(cls) -> tuple[Settings, str]:
        """The saved settings and, when the file could not be used, a sentence for the player (else "").
        A file that is not valid settings JSON is moved aside to settings.json.bad, so the player hears
        of it once and nothing is lost; no file at all is simply the defaults."""
        path = cls.file()
        try:
            data = json.loads(read_regular(path, MAX_BYTES, follow=True))
        except FileNotFoundError:
            return cls(), ""
        except OSError as e:
            return cls(), f"Your settings file {path} could not be read ({e.strerror or e}); the defaults are used."
        except (ValueError, RecursionError, MemoryError) as e:  # RecursionError: JSON nested too deep
            kept = path.with_name(path.name + ".bad")
            try:
                path.replace(kept)
            except OSError:
                return cls(), f"Your settings file {path} is not valid ({type(e).__name__}); the defaults are used."
            return cls(), f"Your settings file was not valid ({type(e).__name__}): kept as {kept}; the defaults are used."
        return cls.of(data), ""

    @classmethod
    def of(cls, data: Any) -> Settings:
        out = cls()
        if isinstance(data, dict):
            for f in fields(cls):
                value = data.get(f.name)
                if type(value) is type(getattr(out, f.name)):  # bool is not an int here
                    setattr(out, f.name, value)
        if out.text_width not in TEXT_WIDTHS:
            out.text_width = cls.text_width
        return out

    def save(self) -> bool:
        """Write atomically; False if the config folder cannot be written."""
        try:
            write_atomic(self.file(), json.dumps(asdict(self), indent=2).encode("utf-8"))
        except OSError:
            return False
        clean_stale(self.file().parent)
        return True
