"""A play-through as it was read: each scene's title, date and text, the choice taken, what came of it
and the history note, to the ending and the end report. Markdown to share; plain text through prose."""

from __future__ import annotations

from typing import Any

from petrograd1917.engine.game import Game, JournalEntry
from petrograd1917.engine.view import act_title
from petrograd1917.history.calendar import both
from petrograd1917.history.codex import place_name
from petrograd1917.history.judge import VERDICT_MARKS, what_happened
from petrograd1917.history.report import end_report
from petrograd1917.story.model import Scene, Story
from petrograd1917.story.prose import plain


def scene_line(story: Story, scene: Scene) -> str:
    """'Act I: … · 27 August 1917 O.S. (9 September 1917 N.S.), 17:00 · Vulkan works'"""
    when = both(scene.date, year_twice=True) + (f", {scene.time}" if scene.time else "")
    return " · ".join(x for x in (act_title(story, scene.act), when, place_name(story, scene.place)) if x)


def steps(game: Game) -> list[dict[str, Any]]:
    """The play-through as data, one item per scene passed."""
    story = game.story
    out = []
    for i, entry in enumerate(game.journal()):
        scene, choice = entry.scene, entry.choice
        note = what_happened(story, choice.history) if choice and choice.history else None
        out.append({
            "step": i + 1, "scene": scene.id, "title": scene.title, "act": act_title(story, scene.act),
            "date": both(scene.date), "time": scene.time, "place": place_name(story, scene.place),
            "text": scene.text, "choice": choice.id if choice else None,
            "choice_text": choice.text if choice else None, "outcome_text": entry.outcome_text or None,
            "verdict": note.verdict if note else None, "event": note.event_id if note else None,
            "note": note.note if note else None,
            "what_happened": {"event_title": note.event_title, "when": note.when, "summary": note.summary,
                              "sources": list(note.sources)} if note else None,
            "ending": {"title": scene.ending.title, "kind": scene.ending.kind} if scene.ending else None,
        })
    return out


def _history_note(story: Story, entry: JournalEntry) -> list[str]:
    assert entry.choice is not None and entry.choice.history is not None
    w = what_happened(story, entry.choice.history)
    return [f"> **History: {w.verdict} {VERDICT_MARKS[w.verdict]}.** {w.verdict_words.capitalize()} {w.note}",
            ">", f"> **What really happened:** *{w.event_title}*, {w.when}. {w.summary}",
            ">", f"> *Source: {'; '.join(w.sources)}*", ""]


def _step(story: Story, n: int, entry: JournalEntry) -> list[str]:
    scene = entry.scene
    lines = [f"## {n}. {scene.title}", "", f"*{scene_line(story, scene)}*", "", scene.text.strip(), ""]
    if entry.choice is not None:
        lines += [f"**You chose:** {entry.choice.text}", ""]
        if entry.outcome_text:
            lines += [entry.outcome_text.strip(), ""]
        if entry.choice.history is not None:
            lines += _history_note(story, entry)
    elif scene.ending is not None:
        lines += [f"**The end: {scene.ending.title}** ({scene.ending.kind} ending)", ""]
    else:
        lines += ["*The play-through stops here.*", ""]
    return lines


def transcript_markdown(game: Game, label: str = "") -> str:
    """The whole play-through as Markdown, ending with the ending scene and the end report."""
    story = game.story
    view = game.view()
    lines = [f"# {story.title}: {label or 'a play-through'}", "",
             f"**Role:** {view.role_name}  ", f"**Seed:** {game.seed}  ",
             f"**Fidelity to the record:** {view.fidelity}", ""]
    for n, entry in enumerate(game.journal(), 1):
        lines += _step(story, n, entry)
    if game.is_over:
        lines += ["---", "", end_report(story, game.role, game.path, game.log).to_markdown()]
    return "\n".join(lines).rstrip() + "\n"


def transcript_text(game: Game, label: str = "", width: int = 80) -> str:
    """The same play-through as clean text wrapped to `width`: no Markdown marks."""
    return plain(transcript_markdown(game, label), width) + "\n"
