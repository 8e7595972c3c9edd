"""How a save slot is described to the player: label, role, scene, both calendars, fidelity, time."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

from petrograd1917.history.calendar import short
from petrograd1917.savegame.store import Slot
from petrograd1917.story.model import Story
from petrograd1917.story.prose import counted

# A save's words are shown, never obeyed: no escape sequence or other control character reaches the screen.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


def played(seconds: int) -> str:
    h, m = divmod(seconds // 60, 60)
    return f"{h}h{m:02d}" if h else f"{m} min"


def when_saved(iso: str) -> str:
    """A save's time in the player's own time zone; the text as written when it is no usable time
    (including a time that cannot be moved into the player's zone, such as year 9999 at -14:00)."""
    try:
        t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except (ValueError, OverflowError, OSError):
        return iso
    return t.strftime("%d %b %Y %H:%M")


def fidelity_text(historical: int, judged: int) -> str:
    """'75%', exactly (no float, so no number in a save is too large), or '—' when nothing was judged."""
    return f"{round(Fraction(100 * historical, judged))}%" if judged > 0 else "—"


def describe_slot(story: Story, slot: Slot) -> str:
    s = slot.save
    if s is None:
        return printable(f"{slot.name}: unreadable ({slot.problem})")
    role = story.roles[s.role].name.split(",")[0] if s.role in story.roles else s.role
    scene = story.scenes.get(s.snapshot.scene)
    where = f"{scene.title}, {short(scene.date)}" if scene else s.snapshot.scene
    fid = fidelity_text(s.snapshot.historical, s.snapshot.judged)
    label = s.label or slot.name
    return printable(f"{slot.name}: {label} · {role} · {where} · fidelity {fid} · {counted(len(s.log), 'choice')} · "
                     f"played {played(s.play_seconds)} · saved {when_saved(s.updated)}")
