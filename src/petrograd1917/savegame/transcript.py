"""A play-through as it was read: each scene's title, date and text, the choice taken, what came of it
and the history note, to the ending and the end report. Markdown to share; plain text through prose."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from petrograd1917.engine.game import Game, JournalEntry
from petrograd1917.engine.view import act_title, game_report, held_back, note_on
from petrograd1917.history.calendar import both
from petrograd1917.history.codex import place_name
from petrograd1917.history.judge import VERDICT_MARKS, WhatHappened, judged_steps
from petrograd1917.story.model import Scene, Story
from petrograd1917.story.prose import plain


def scene_line(story: Story, scene: Scene) -> str:
    """'Act I: … · 27 August 1917 O.S. (9 September 1917 N.S.), 17:00 · Vulkan works'"""
    when = both(scene.date, year_twice=True) + (f", {scene.time}" if scene.time else "")
    return " · ".join(x for x in (act_title(story, scene.act), when, place_name(story, scene.place)) if x)


def steps(game: Game) -> list[dict[str, Any]]:
    """The play-through as data, one item per scene passed."""
    story = game.story
    by_step = notes(game)
    out = []
    for i, entry in enumerate(game.journal()):
        scene, choice = entry.scene, entry.choice
        note = by_step.get(i)
        out.append({
            "step": i + 1, "scene": scene.id, "title": scene.title, "act": act_title(story, scene.act),
            "date": both(scene.date), "time": scene.time, "place": place_name(story, scene.place),
            "text": entry.text, "choice": choice.id if choice else None,
            "choice_text": entry.choice_text if choice else None, "outcome_text": entry.outcome_text or None,
            "verdict": (note.verdict or None) if note else None, "graded": note.graded if note else None, "event": note.event_id if note else None,
            "note": (entry.note_text or note.note) if note else None,
            "what_happened": {"event_title": note.event_title, "when": note.when, "summary": note.summary,
                              "sources": list(note.sources)} if note else None,
            "ending": {"title": scene.ending.title, "kind": scene.ending.kind} if scene.ending else None,
        })
    return out


def _history_note(w: WhatHappened) -> list[str]:
    head = (f"**History: {w.verdict} {VERDICT_MARKS[w.verdict]}:** {w.verdict_words} {w.note}" if w.graded
            else f"**History:** {w.note}")
    happened = f"*{w.event_title}*, {w.when}." + (f" {w.summary}" if w.summary else "")
    return [f"> {head}", ">", f"> **What really happened:** {happened}", ">", f"> *Source: {'; '.join(w.sources)}*",
            ""]


def _step(story: Story, n: int, entry: JournalEntry, note: WhatHappened | None, held: WhatHappened | None = None
          ) -> list[str]:
    """One scene of the transcript: its text, a note held back from the step before (`reveal: after`),
    the choice, its outcome and its note (unless that is held back for the next scene)."""
    scene = entry.scene
    lines = [f"## {n}. {scene.title}", "", f"*{scene_line(story, scene)}*", "", entry.text.strip(), ""]
    if held is not None:
        lines += _history_note(held)
    if entry.choice is not None:
        lines += [f"**You chose:** {entry.choice_text}", ""]
        if entry.outcome_text:
            lines += [entry.outcome_text.strip(), ""]
        if note is not None and not reveals_after(entry):
            lines += _history_note(note)
    elif scene.ending is not None:
        lines += [f"**The end: {scene.ending.title}** ({scene.ending.kind} ending)", ""]
    else:
        lines += ["*The play-through stops here.*", ""]
    return lines


def reveals_after(entry: JournalEntry) -> bool:
    """Whether the choice of a step holds its note until the next scene has been read (`reveal: after`)."""
    return entry.choice is not None and held_back(entry.choice.history)


def notes(game: Game) -> dict[int, WhatHappened]:
    """The history note on each judged step, by the step's index in the log."""
    judged = judged_steps(game.story, game.log)
    return {j.step: note_on(game.story, judged, n) for n, j in enumerate(judged)}


def transcript_markdown(game: Game, label: str = "") -> str:
    """The whole play-through as Markdown, ending with the ending scene and the end report."""
    story = game.story
    view = game.view()
    lines = [f"# {story.title}: {label or 'a play-through'}", "",
             f"**Role:** {view.role_name}  ", f"**Seed:** {game.seed}  ",
             f"**Against the record:** {view.fidelity}", ""]
    journal = game.journal()
    # each judged step's note in the words the player read
    read = {i: replace(w, note=journal[i].note_text or w.note) for i, w in notes(game).items()}
    for n, entry in enumerate(journal, 1):
        held = read.get(n - 2) if n > 1 and reveals_after(journal[n - 2]) else None
        lines += _step(story, n, entry, read.get(n - 1), held)
    if game.is_over:
        lines += ["---", "", game_report(game).to_markdown()]
    return "\n".join(lines).rstrip() + "\n"


def transcript_text(game: Game, label: str = "", width: int = 80) -> str:
    """The same play-through as clean text wrapped to `width`: no Markdown marks."""
    return plain(transcript_markdown(game, label), width) + "\n"
