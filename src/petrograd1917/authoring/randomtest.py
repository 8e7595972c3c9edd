"""randomtest: many seeded random play-throughs, with coverage counts and the spread of endings and fidelity."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from petrograd1917.authoring.moves import Move, compile_moves
from petrograd1917.authoring.progress import what_matters
from petrograd1917.authoring.texts import story_texts
from petrograd1917.engine.game import LogEntry, draw, keep_progress, new_values
from petrograd1917.engine.machine import StoryMachine
from petrograd1917.history.judge import fidelity, judged_steps
from petrograd1917.story.model import Value

MAX_STEPS = 10_000  # a play-through longer than this is a loop with no way out


@dataclass
class Run:
    role: str
    seed: int
    steps: int
    ending: str | None  # None: stuck or looping
    fidelity: float | None
    log: list[LogEntry] = field(default_factory=list, repr=False)
    chronicle: dict[str, Value] = field(default_factory=dict)  # the chronicle values it started with


@dataclass
class RandomReport:
    runs: int
    seed: int
    scene_hits: Counter[str] = field(default_factory=Counter)
    choice_hits: Counter[tuple[str, str]] = field(default_factory=Counter)
    ending_hits: Counter[str] = field(default_factory=Counter)
    fidelity_bins: Counter[int] = field(default_factory=Counter)  # by tenths: 0..10
    stuck: list[Run] = field(default_factory=list)
    longest: Run | None = None
    shortest: Run | None = None

    def never(self, machine: StoryMachine, role: str | None) -> dict[str, list[str]]:
        story = machine.story
        scenes = [s for s in story.scenes.values() if not role or not s.roles or role in s.roles]
        return {
            "scenes": [s.id for s in scenes if s.id not in self.scene_hits],
            "choices": [f"{s.id}:{c.id}" for s in scenes for c in s.choices if (s.id, c.id) not in self.choice_hits],
            "endings": [s.ending.id for s in scenes if s.ending and s.ending.id not in self.ending_hits],
        }

    def as_dict(self, machine: StoryMachine, role: str | None) -> dict[str, Any]:
        def run(r: Run | None) -> dict[str, Any] | None:
            return None if r is None else {"role": r.role, "seed": r.seed, "steps": r.steps, "ending": r.ending,
                                           "chronicle": r.chronicle}

        return {
            "runs": self.runs, "seed": self.seed,
            "scenes": dict(sorted(self.scene_hits.items())),
            "choices": {f"{s}:{c}": n for (s, c), n in sorted(self.choice_hits.items())},
            "endings": dict(sorted(self.ending_hits.items())),
            "fidelity": {f"{10 * k}%": n for k, n in sorted(self.fidelity_bins.items())},
            "stuck": [run(r) for r in self.stuck[:20]],
            "longest": run(self.longest), "shortest": run(self.shortest),
            "never": self.never(machine, role),
        }


def random_runs(machine: StoryMachine, runs: int, seed: int, role: str | None = None) -> RandomReport:
    """The same seed gives the same report: every random draw comes from `seed`. Each run starts
    with chronicle values drawn from those quicktest tries (authoring.progress), and plays with the
    engine's own compiled guards and effects, its outcome draw and its bookkeeping of visits, calls
    and choices taken, so a run's log replays in a Game to the same place (a test checks it)."""
    story = machine.story
    rng = random.Random(seed)
    roles = [role] if role else sorted(story.roles)
    report = RandomReport(runs, seed)
    moves = compile_moves(machine)
    tracked = what_matters(story, list(story_texts(machine)))
    for _ in range(runs):
        r = rng.choice(roles)
        game_seed = rng.randrange(2**31)
        started = draw_chronicle(rng, tracked.chronicle)
        log, ending = _play(story, moves, r, game_seed, started, rng, report, tracked.any)
        f = fidelity(judged_steps(story, log)).ratio
        _count(report, Run(r, game_seed, len(log), ending, f, log, started))
    return report


def draw_chronicle(rng: random.Random, options: dict[str, tuple[Value, ...]]) -> dict[str, Value]:
    """A run's chronicle: each value read drawn from those quicktest tries (in their order)."""
    return {name: rng.choice(values) for name, values in options.items()}


def _play(story: Any, moves: dict[str, tuple[Move, ...]], role: str, game_seed: int, chronicle: dict[str, Value],
          rng: random.Random, report: RandomReport, keeps: bool) -> tuple[list[LogEntry], str | None]:
    """One play-through: its log, and its ending (None when stuck or looping). Progress is kept
    as the Game keeps it when something reads it (`keeps`: Tracked.any), else it would change nothing."""
    values = new_values(story, role, chronicle)
    scene_id = story.roles[role].start
    report.scene_hits[scene_id] += 1
    log: list[LogEntry] = []
    for _ in range(MAX_STEPS):
        scene = story.scenes[scene_id]
        if scene.ending:
            return log, scene.ending.id
        options = [m for m in moves[scene_id] if m.available(values)]
        if not options:
            break
        move = rng.choice(options)
        # A random outcome is drawn exactly as the engine draws it, so any run replays in a Game.
        k = draw(game_seed, len(log), list(move.weights)) if move.weights else None
        branch = move.branches[k or 0]
        report.choice_hits[(scene_id, move.choice.id)] += 1
        log.append(LogEntry(scene_id, move.choice.id, k))
        dest = branch.leads_to(values)
        branch.run(values)
        if keeps:
            keep_progress(values, scene_id, move.choice, dest)
        scene_id = dest
        report.scene_hits[scene_id] += 1
    return log, None


def _count(report: RandomReport, result: Run) -> None:
    if result.ending is None:
        report.stuck.append(result)
    else:
        report.ending_hits[result.ending] += 1
    if result.fidelity is not None:
        report.fidelity_bins[int(result.fidelity * 10)] += 1
    if report.longest is None or result.steps > report.longest.steps:
        report.longest = result
    if report.shortest is None or result.steps < report.shortest.steps:
        report.shortest = result
