"""Generator of valid synthetic Petrograd 1917 stories of any size, for the engine benchmark.

`write_story(root, n_scenes, seed)` writes `root/story.yaml` and `root/scenes/part-NNNN.yaml`
(about 500 scenes a file). The story is valid by construction and passes `petrograd1917 check`:

- one act, one role (`agent`) starting in scene 0, four variables (two int, two bool);
- scene i (`s000000`, `s000001`, ...) offers 3 choices: to i+1 (never conditional, so a game can
  never get stuck), to i+2 and to a random j > i (these two often behind an `if:`), with
  `set`/`add` effects; about every 25th scene has a choice with random `outcomes:`;
- gotos only ever go forward, and the Old Style date is 1917-08-27 plus i // 1000 days (the time of
  day grows with i too), so time never runs backwards along a path;
- about 5% of scenes are endings: the last two, and scattered ones never next to each other, so every
  scene is reachable from the start (from i-1, or else from i-2) and every non-ending has choices;
- every scene has about 80 words of pseudo-random text, the same for the same seed.

Run as a script: `python bench/synth.py N DIR [--seed S]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

SCENES_PER_FILE = 500
START_DATE = dt.date(1917, 8, 27)
ENDING_RATE = 0.05
OUTCOME_EVERY = 25  # at least one choice with random outcomes in each run of this many scenes
JUMP_SPAN = 200  # the random j > i is at most this far ahead

_CONSONANTS = "bvgdzklmnprstfhc"
_VOWELS = "aeiouy"
PLACES = ("vyborg_side", "nevsky_prospekt", "smolny", "winter_palace", "putilov_works", "finland_station",
          "kronstadt", "pulkovo", "tauride_palace", "peter_and_paul")

# Conditions over the variables below; every one is a bool expression the loader accepts.
CONDITIONS = (
    "pressure >= 2 or not armed",
    "resolve < 3 and armed",
    "not alerted",
    "pressure + resolve > 3",
    "armed or resolve >= 2",
    "alerted == armed",
    "pressure - resolve <= 1 and not alerted",
    "resolve != 0",
)
# Effects as YAML flow mappings: literal and expression `set`s, and `add`s (clamped by min/max).
EFFECTS = (
    "{add: {pressure: 1}}",
    "{add: {resolve: -1}}",
    "{set: {armed: true}}",
    '{set: {alerted: "not alerted"}}',
    '{add: {pressure: "resolve - 2"}}',
    "{set: {resolve: 3}, add: {pressure: -1}}",
    '{set: {armed: "pressure > 2"}}',
    "{add: {resolve: 1, pressure: 1}}",
)


def _vocabulary(rng: random.Random, size: int = 400) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        n = rng.choice((1, 2, 2, 3))
        words.add("".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(n)))
    # Never a word YAML 1.1 would read as a boolean or null (titles are quoted anyway).
    return sorted(words - {"no", "yes", "on", "off", "null", "true", "false"})


class _Words:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.vocab = _vocabulary(rng)

    def some(self, n: int) -> list[str]:
        return [self.rng.choice(self.vocab) for _ in range(n)]

    def phrase(self, lo: int, hi: int) -> str:
        ws = self.some(self.rng.randint(lo, hi))
        ws[0] = ws[0].capitalize()
        return " ".join(ws)

    def paragraph(self, n_words: int, indent: str, width: int = 96) -> str:
        """`n_words` words as sentences, wrapped into lines of at most `width` characters."""
        words: list[str] = []
        while len(words) < n_words:
            sentence = self.some(min(self.rng.randint(6, 14), n_words - len(words)))
            sentence[0] = sentence[0].capitalize()
            sentence[-1] += self.rng.choice(".....!?")
            words += sentence
        lines, line = [], ""
        for w in words:
            if line and len(line) + 1 + len(w) > width:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}" if line else w
        lines.append(line)
        return "".join(f"{indent}{ln}\n" for ln in lines)


def scene_id(i: int) -> str:
    return f"s{i:06d}"


def scene_date(i: int) -> dt.date:
    return START_DATE + dt.timedelta(days=i // 1000)


def scene_time(i: int) -> str:
    minute = (i % 1000) * 1440 // 1000  # grows with i within each day
    return f"{minute // 60:02d}:{minute % 60:02d}"


def ending_flags(n: int, rng: random.Random) -> list[bool]:
    """Which scenes end the story: the last two, and ~5% scattered, never two in a row and never
    scene 0 or the third from last, so each scene has a non-ending scene one or two before it."""
    flags = [False] * n
    for i in range(1, n - 3):
        flags[i] = not flags[i - 1] and rng.random() < ENDING_RATE
    for i in range(max(1, n - 2), n):
        flags[i] = True
    return flags


def _choice(lines: list[str], cid: str, text: str, goto: str | None = None, cond: str | None = None,
            reason: str | None = None, hide: bool = False, effects: str | None = None,
            outcomes: list[tuple[int, str, str | None, str]] | None = None) -> None:
    lines.append(f"    - id: {cid}\n")
    lines.append(f'      text: "{text}"\n')
    if cond:
        lines.append(f'      if: "{cond}"\n')
        if hide:
            lines.append("      unavailable: hide\n")
        elif reason:
            lines.append(f'      reason: "{reason}"\n')
    if effects:
        lines.append(f"      effects: {effects}\n")
    if outcomes:
        lines.append("      outcomes:\n")
        for weight, dest, eff, otext in outcomes:
            lines.append(f"        - weight: {weight}\n")
            lines.append(f"          goto: {dest}\n")
            if eff:
                lines.append(f"          effects: {eff}\n")
            lines.append(f'          text: "{otext}"\n')
    else:
        lines.append(f"      goto: {goto}\n")


# With --markup every scene's text varies: a condition, alternatives by visit and a value shown.
MARKUP = ("    {if pressure > 1}The pressure tells.{elif armed}You keep your hand on the rifle.{else}All is quiet."
          "{end} {seq|First time here.|Here again.} Resolve {resolve}.\n")


def _scene(i: int, n: int, ending: bool, w: _Words, rng: random.Random, outcome_here: bool,
           markup: bool = False) -> str:
    lines = [
        f"- id: {scene_id(i)}\n",
        "  act: synthetic\n",
        f'  title: "{w.phrase(2, 5)}"\n',
        f"  date: {scene_date(i).isoformat()}\n",
        f'  time: "{scene_time(i)}"\n',
        f"  place: {rng.choice(PLACES)}\n",
        "  roles: [agent]\n",
        "  text: |\n",
        w.paragraph(rng.randint(70, 90), "    "),
    ] + ([MARKUP] if markup else [])
    if ending:
        lines.append("  ending:\n")
        lines.append(f"    id: end_{i}\n")
        lines.append(f'    title: "{w.phrase(2, 4)}"\n')
        lines.append(f"    kind: {rng.choice(('historical', 'alternate'))}\n")
        return "".join(lines)
    last = n - 1
    nxt, skip = min(i + 1, last), min(i + 2, last)
    jump = i + 1 + rng.randrange(min(JUMP_SPAN, last - i))
    lines.append("  choices:\n")
    # 1: onward, never conditional.
    _choice(lines, f"go_{w.some(1)[0]}", w.phrase(3, 8), goto=scene_id(nxt),
            effects=rng.choice(EFFECTS) if rng.random() < 0.5 else None)
    # 2: skip ahead, usually conditional.
    cond = rng.choice(CONDITIONS) if rng.random() < 0.6 else None
    _choice(lines, f"skip_{w.some(1)[0]}", w.phrase(3, 8), goto=scene_id(skip), cond=cond,
            reason=w.phrase(3, 6) if rng.random() < 0.5 else None, hide=rng.random() < 0.2,
            effects=rng.choice(EFFECTS) if rng.random() < 0.6 else None)
    # 3: a jump to a random later scene, sometimes by chance.
    cond = rng.choice(CONDITIONS) if rng.random() < 0.6 else None
    outcomes = None
    if outcome_here:
        outcomes = [(rng.randint(1, 4), scene_id(jump), rng.choice(EFFECTS), w.phrase(3, 7)),
                    (rng.randint(1, 4), scene_id(nxt), None, w.phrase(3, 7))]
    _choice(lines, f"jump_{w.some(1)[0]}", w.phrase(3, 8), goto=scene_id(jump), cond=cond,
            reason=w.phrase(3, 6) if rng.random() < 0.5 else None,
            effects=rng.choice(EFFECTS) if rng.random() < 0.7 else None, outcomes=outcomes)
    return "".join(lines)


STORY_YAML = """\
# A synthetic story written by bench/synth.py ({n} scenes, seed {seed}).
id: synthetic
title: Synthetic Petrograd ({n} scenes)
version: "0.0.0"
acts:
  - id: synthetic
    title: "A synthetic act"
variables:
  - name: pressure
    type: int
    initial: 1
    min: 0
    max: 5
    label: Pressure
  - name: resolve
    type: int
    initial: 2
    min: 0
    max: 5
    label: Resolve
  - name: armed
    type: bool
    initial: false
    label: Armed
  - name: alerted
    type: bool
    initial: false
    label: Alerted
    visible: false
roles:
  - id: agent
    name: A synthetic agent
    blurb: Someone who walks every path of a generated story.
    start: {start}
default_role: agent
"""


def write_story(root: Path, n_scenes: int, seed: int = 0, markup: bool = False) -> None:
    """Write a valid synthetic story of `n_scenes` scenes into `root` (story.yaml and scenes/)."""
    if n_scenes < 4:
        raise ValueError("a synthetic story needs at least 4 scenes")
    root = Path(root)
    scenes_dir = root / "scenes"
    scenes_dir.mkdir(parents=True, exist_ok=True)
    for old in scenes_dir.glob("part-*.yaml"):
        old.unlink()
    rng = random.Random(seed)
    w = _Words(random.Random(seed + 1))
    flags = ending_flags(n_scenes, rng)
    # In each block of OUTCOME_EVERY scenes, one non-ending scene gets a choice with outcomes.
    outcome_at: set[int] = set()
    for start in range(0, n_scenes, OUTCOME_EVERY):
        candidates = [i for i in range(start, min(start + OUTCOME_EVERY, n_scenes)) if not flags[i]]
        if candidates:
            outcome_at.add(rng.choice(candidates))
    (root / "story.yaml").write_text(STORY_YAML.format(n=n_scenes, seed=seed, start=scene_id(0)), encoding="utf-8")
    for part, first in enumerate(range(0, n_scenes, SCENES_PER_FILE)):
        body = [f"# Synthetic scenes {first} to {min(first + SCENES_PER_FILE, n_scenes) - 1}.\n"]
        for i in range(first, min(first + SCENES_PER_FILE, n_scenes)):
            if i > first:
                body.append("\n")
            body.append(_scene(i, n_scenes, flags[i], w, rng, i in outcome_at, markup))
        (scenes_dir / f"part-{part:04d}.yaml").write_text("".join(body), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a valid synthetic story for the benchmark.")
    ap.add_argument("n_scenes", type=int)
    ap.add_argument("dir", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--markup", action="store_true", help="make every scene's text vary with the state")
    args = ap.parse_args(argv)
    write_story(args.dir, args.n_scenes, args.seed, args.markup)
    print(f"wrote {args.n_scenes} scenes to {args.dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
