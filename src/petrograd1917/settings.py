"""The player's settings (theme, text width, animations), kept as JSON in the user config folder."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from petrograd1917 import paths
from petrograd1917.atomicfile import write_atomic

TEXT_WIDTHS = (60, 72, 80, 100, 0)  # 0: as wide as the terminal allows
DEFAULT_THEME = "petrograd"


@dataclass
class Settings:
    theme: str = DEFAULT_THEME
    text_width: int = 72
    animations: bool = True

    @classmethod
    def file(cls) -> Path:
        return paths.config_dir() / "settings.json"

    @classmethod
    def load(cls) -> Settings:
        """The saved settings; anything missing, unreadable or of the wrong type falls back to the default."""
        try:
            data = json.loads(cls.file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        out = cls()
        if isinstance(data, dict):
            for f in fields(cls):
                value = data.get(f.name)
                if isinstance(value, type(getattr(out, f.name))):
                    setattr(out, f.name, value)
        if out.text_width not in TEXT_WIDTHS:
            out.text_width = cls.text_width
        return out

    def save(self) -> bool:
        """Write atomically; False if the config folder cannot be written."""
        try:
            write_atomic(self.file(), json.dumps(asdict(self), indent=2).encode("utf-8"))
            return True
        except OSError:
            return False
