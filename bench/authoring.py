"""Benchmark of the authoring tools: quicktest and randomtest on the shipped story and on a synthetic
10,000-scene story. One JSON line per measurement. Targets: the shipped story's quicktest <= 10 s;
10,000 random play-throughs of the shipped story <= 10 s."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))


def measure(name: str, machine, runs: int) -> dict:  # type: ignore[no-untyped-def]
    from petrograd1917.authoring.quicktest import explore
    from petrograd1917.authoring.randomtest import random_runs

    t0 = time.perf_counter()
    result = explore(machine)
    t1 = time.perf_counter()
    report = random_runs(machine, runs, seed=1917)
    t2 = time.perf_counter()
    return {
        "bench": "authoring", "story": name, "scenes": len(machine.story.scenes),
        "quicktest_s": round(t1 - t0, 2), "states": result.states, "complete": result.complete,
        "states_per_s": round(result.states / (t1 - t0)),
        "randomtest_runs": runs, "randomtest_s": round(t2 - t1, 2), "runs_per_s": round(runs / (t2 - t1)),
        "steps": sum(report.choice_hits.values()),
    }


def main() -> int:
    from petrograd1917.engine.loading import open_machine
    from synth import write_story

    shipped = measure("shipped", open_machine(), 10_000)
    print(json.dumps(shipped), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        write_story(Path(tmp), 10_000, seed=0)
        print(json.dumps(measure("synthetic", open_machine(Path(tmp), use_cache=False), 1_000)), flush=True)
    print(json.dumps({"bench": "authoring_targets", "quicktest_shipped_s<=10": shipped["quicktest_s"] <= 10,
                      "randomtest_10k_shipped_s<=10": shipped["randomtest_s"] <= 10}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
