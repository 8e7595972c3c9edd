"""A play-through as a transcript: each scene, the choice made there, and its verdict."""

from __future__ import annotations

import re
from typing import Any

from petrograd1917.engine.game import Game
from petrograd1917.history.calendar import both
from petrograd1917.history.judge import fidelity, judged_steps


def steps(game: Game) -> list[dict[str, Any]]:
    """The play-through as data, one item per scene passed."""
    judged = {j.step: j for j in judged_steps(game.story, game.log)}
    out = []
    for i, entry in enumerate(game.journal()):
        scene = entry.scene
        item: dict[str, Any] = {
            "step": i + 1, "scene": scene.id, "title": scene.title, "date": both(scene.date),
            "time": scene.time, "choice": entry.choice.id if entry.choice else None,
            "choice_text": entry.choice.text if entry.choice else None, "outcome_text": entry.outcome_text or None,
            "verdict": None, "event": None, "note": None,
            "ending": {"title": scene.ending.title, "kind": scene.ending.kind} if scene.ending else None,
        }
        j = judged.get(i)
        if j:
            item.update(verdict=j.verdict, event=j.history.event, note=j.history.note)
        out.append(item)
    return out


def transcript_markdown(game: Game, label: str = "") -> str:
    story = game.story
    f = fidelity(judged_steps(story, game.log))
    lines = [f"# {story.title}: {label or 'a play-through'}", "",
             f"**Role:** {story.roles[game.role].name}  ", f"**Seed:** {game.seed}  ",
             f"**Fidelity to the record:** {f}", ""]
    for item in steps(game):
        when = item["date"] + (f", {item['time']}" if item["time"] else "")
        lines += [f"## {item['step']}. {item['title']}", f"*{when}*", ""]
        if item["choice_text"]:
            lines.append(f"- **Chose:** {item['choice_text']}")
            if item["outcome_text"]:
                lines.append(f"- **Then:** {item['outcome_text']}")
            if item["verdict"]:
                lines.append(f"- **{item['verdict'].capitalize()}** ({item['event']}): {item['note']}")
        elif item["ending"]:
            lines.append(f"**The end: {item['ending']['title']}** ({item['ending']['kind']} ending)")
        else:
            lines.append("*(the play-through stops here)*")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def markdown_to_text(md: str) -> str:
    """Markdown made plain for the text format: no emphasis marks, headings as plain lines."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", md)
    text = re.sub(r"(?<!\w)\*(.+?)\*(?!\w)", r"\1", text)
    text = re.sub(r"^#+ ", "", text, flags=re.M)
    return re.sub(r"  $", "", text, flags=re.M)
