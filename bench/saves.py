"""Benchmark of saves: save and load of a game with a 10,000-choice log, and a replay of 10,000 steps.

Prints one JSON line per measurement (targets: save + load <= 100 ms, replay <= 300 ms). The story is
a small synthetic loop (a play-through of any length needs one), with conditions, effects and a random
outcome on the way, so the replay exercises everything a real one does.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

STEPS = 10_000
REPEAT = 5


def write_loop_story(root: Path, scenes: int = 12) -> None:
    (root / "scenes").mkdir(parents=True)
    (root / "story.yaml").write_text(
        "id: loop\ntitle: Loop\nversion: '1'\nacts: [{id: one, title: One}]\n"
        "variables:\n  - {name: nerve, type: int, initial: 1, min: 0, max: 5}\n"
        "  - {name: armed, type: bool, initial: false}\n"
        "roles: [{id: walker, name: Walker, blurb: Walks., start: s0}]\ndefault_role: walker\n")
    out = []
    for i in range(scenes):
        nxt, alt = f"s{(i + 1) % scenes}", f"s{(i + 2) % scenes}"
        words = " ".join(["The loop turns once more under the rain."] * 10)
        choices = [
            f"    - {{id: onward, text: Go on, goto: {nxt}, effects: {{add: {{nerve: 1}}}}}}",
            f"    - {{id: skip, text: Skip ahead, if: 'nerve >= 2 and not armed', goto: {alt}, "
            "effects: {add: {nerve: -2}, set: {armed: true}}}",
        ]
        if i % 4 == 0:
            choices.append(f"    - id: gamble\n      text: Chance it\n      outcomes:\n"
                           f"        - {{weight: 1, goto: {nxt}}}\n        - {{weight: 2, goto: {alt}, "
                           "effects: {set: {armed: false}}}")
        out.append(f"- id: s{i}\n  act: one\n  title: Scene {i}\n  date: 1917-08-27\n  place: here\n"
                   f"  text: {words}\n  choices:\n" + "\n".join(choices))
    (root / "scenes" / "loop.yaml").write_text("\n".join(out) + "\n")


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from petrograd1917.engine.game import Game
    from petrograd1917.engine.loading import open_machine
    from petrograd1917.savegame.loading import replay_save
    from petrograd1917.savegame.saveformat import SaveFile
    from petrograd1917.savegame.store import SaveStore

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "story"
        write_loop_story(root)
        machine = open_machine(root, use_cache=False)
        game = Game.new(machine, "walker", 7)
        for i in range(STEPS):
            ids = [c.id for c in game.choices() if c.available]
            game.choose(ids[i % len(ids)])
        store = SaveStore(Path(tmp) / "saves")
        saves, loads, replays = [], [], []
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            path = store.write(SaveFile.of(game, "long"), "long")
            t1 = time.perf_counter()
            save = SaveFile.read(path)
            t2 = time.perf_counter()
            loaded = replay_save(machine, save)
            t3 = time.perf_counter()
            assert loaded.exact
            saves.append(t1 - t0)
            loads.append(t2 - t1)
            replays.append(t3 - t2)
        size = path.stat().st_size
    ms = lambda xs: round(statistics.median(xs) * 1000, 1)  # noqa: E731
    print(json.dumps({"bench": "save_load", "choices": STEPS, "save_ms": ms(saves), "read_ms": ms(loads),
                      "save_plus_read_ms": round(ms(saves) + ms(loads), 1), "file_kib": round(size / 1024)}))
    print(json.dumps({"bench": "replay", "steps": STEPS, "replay_ms": ms(replays)}))
    print(json.dumps({"bench": "save_targets", "save_plus_load_ms<=100": ms(saves) + ms(loads) <= 100,
                      "replay_ms<=300": ms(replays) <= 300}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
