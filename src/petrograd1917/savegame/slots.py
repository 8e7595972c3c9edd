"""How a save slot is described to the player: label, role, scene, both calendars, fidelity, time."""

from __future__ import annotations

import datetime as dt

from petrograd1917.history.calendar import short
from petrograd1917.savegame.store import Slot
from petrograd1917.story.model import Story


def played(seconds: int) -> str:
    h, m = divmod(seconds // 60, 60)
    return f"{h}h{m:02d}" if h else f"{m} min"


def when_saved(iso: str) -> str:
    try:
        t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return iso
    return t.strftime("%d %b %Y %H:%M")


def describe_slot(story: Story, slot: Slot) -> str:
    s = slot.save
    if s is None:
        return f"{slot.name}: unreadable ({slot.problem})"
    role = story.roles[s.role].name.split(",")[0] if s.role in story.roles else s.role
    scene = story.scenes.get(s.snapshot.scene)
    where = f"{scene.title}, {short(scene.date)}" if scene else s.snapshot.scene
    fid = f"{round(100 * s.snapshot.historical / s.snapshot.judged)}%" if s.snapshot.judged else "—"
    label = s.label or slot.name
    return (f"{slot.name}: {label} · {role} · {where} · fidelity {fid} · {len(s.log)} choices · "
            f"played {played(s.play_seconds)} · saved {when_saved(s.updated)}")
