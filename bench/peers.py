"""`make bench-peers`: our engine beside ink's (inkjs 2.4.0) on stories of the same size, measured in
one run, interleaved, and given as ratios ours/ink: on a shared machine only figures taken together
mean anything.

Each round runs ink's own harness once (`node --expose-gc bench.js --n N`, its figures the median of
its `--runs` inside one process) and our engine's bench workers once (`bench/run.py --worker`: a cold
load, a warm load and the choice timing, each in a fresh process); the rounds alternate which goes
first, and the medians over the rounds are compared. The harness is read from the shared peers folder
(`--ink DIR`, or $PETROGRAD1917_INK) and copied to `bench/.peers/ink/` (git-ignored), where
`npm install` fetches inkjs the first time. See bench/README.md for what is compared with what.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import run  # bench/run.py: our workers

HERE = Path(__file__).resolve().parent
WORK = HERE / ".peers" / "ink"
HARNESS = ("bench.js", "gen.js", "run.js", "package.json")
COMPARED = (  # name, ours, ink, unit
    ("cold load", "cold_s", "cold_s", "s"),
    ("warm load", "warm_s", "warm_s", "s"),
    ("one choice: choose()", "choose_us", "step_us", "µs"),
    ("one choice: menu + choose", "step_us", "step_us", "µs"),
    ("RSS peak", "rss_mib", "rss_mib", "MiB"),
)


def find_ink(given: Path | None) -> Path:
    """The shared ink harness: as given, else $PETROGRAD1917_INK, else `shared/peers/ink` beside the
    checkout (or beside the worktrees' folder)."""
    env = os.environ.get("PETROGRAD1917_INK")
    candidates = [given] if given else [Path(env)] if env else [
        p / "shared" / "peers" / "ink" for p in (run.REPO.parent, run.REPO.parent.parent)]
    for folder in candidates:
        if (folder / "bench.js").is_file():
            return folder
    raise SystemExit(f"bench-peers: no ink harness (bench.js) in {', '.join(map(str, candidates))}; use --ink DIR")


def prepare(source: Path) -> Path:
    """A writable copy of the harness with inkjs installed (the shared folder is read-only)."""
    WORK.mkdir(parents=True, exist_ok=True)
    for name in HARNESS:
        if (source / name).is_file():
            shutil.copyfile(source / name, WORK / name)
    if not (WORK / "node_modules" / "inkjs").is_dir():
        run.log("bench-peers: npm install (inkjs, pinned in the harness's package.json)")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--no-package-lock"], cwd=WORK, check=True,
                       stdout=subprocess.DEVNULL)
    return WORK


def ink_round(ink: Path, n: int, runs: int) -> dict[str, float]:
    """ink's figures for one process: cold = compile the source and load it (as the issue counts it),
    warm = load the compiled JSON, step = Continue() to the next choice and ChooseChoiceIndex()."""
    proc = subprocess.run(["node", "--expose-gc", "bench.js", "--n", str(n), "--runs", str(runs)], cwd=ink,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, check=True)
    d = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"cold_s": (d["compile_ms"] + d["load_ms"]) / 1000, "warm_s": d["load_ms"] / 1000,
            "step_us": d["step_us"], "rss_mib": d["rss_peak_mb"], "compile_cpu_s": d["compile_cpu_ms"] / 1000,
            "step_cpu_us": d["step_cpu_us"]}


def ours_round(root: Path, work: Path, choices: int) -> dict[str, float]:
    cache = run.private_cache(work, "cache")
    cold = run.run_worker("cold", root, run.private_cache(work, "no-cache"))
    warm = run.run_worker("warm", root, cache)
    choice = run.run_worker("choice", root, cache, str(choices), "0")
    return {"cold_s": cold["s"], "cold_cpu_s": cold["cpu_s"], "warm_s": warm["s"], "warm_cpu_s": warm["cpu_s"],
            "choose_us": choice["median_us"], "step_us": choice["step_median_us"], "rss_mib": cold["rss_mib"]}


def medians(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}


def report(ours: dict[str, float], ink: dict[str, float], n: int, rounds: int) -> str:
    lines = [f"{n} scenes / knots, medians of {rounds} interleaved rounds (wall clock; CPU below)",
             f"{'measure':28s} {'ours':>12s} {'ink':>12s} {'ours/ink':>9s}"]
    for name, mine, theirs, unit in COMPARED:
        lines.append(f"{name:28s} {ours[mine]:10.3f} {unit:3s}{ink[theirs]:9.3f} {unit:3s}"
                     f"{ours[mine] / ink[theirs]:8.3f}")
    lines.append(f"CPU: our cold load {ours['cold_cpu_s']:.3f} s, warm {ours['warm_cpu_s'] * 1000:.1f} ms; "
                 f"ink compile {ink['compile_cpu_s']:.3f} s, step {ink['step_cpu_us']:.1f} µs")
    return "\n".join(lines)


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="Our engine beside inkjs, interleaved; ratios ours/ink.")
    ap.add_argument("--ink", type=Path, help="the shared ink harness folder (default: shared/peers/ink)")
    ap.add_argument("--size", type=int, default=10_000, help="scenes / knots (default 10000)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds, medians reported (default 3)")
    ap.add_argument("--ink-runs", type=int, default=3, help="ink's --runs inside each of its processes (default 3)")
    ap.add_argument("--choices", type=int, default=run.CHOICE_COUNT, help="our choices timed per round")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    ink_dir = prepare(find_ink(args.ink))
    work = Path(tempfile.mkdtemp(prefix="petrograd1917-peers-"))
    try:
        root = run.ensure_story(work / "stories", args.size, 0)
        run.run_worker("fill", root, run.private_cache(work, "cache"))  # so that every warm load is one
        ours: list[dict[str, float]] = []
        ink: list[dict[str, float]] = []
        for r in range(args.rounds):
            t0 = time.perf_counter()
            steps = [lambda: ours.append(ours_round(root, work, args.choices)),
                     lambda: ink.append(ink_round(ink_dir, args.size, args.ink_runs))]
            for step in steps if r % 2 == 0 else steps[::-1]:  # alternate who goes first
                step()
            run.log(f"bench-peers: round {r + 1}/{args.rounds} in {time.perf_counter() - t0:.0f} s: " + ", ".join(
                f"{name} {ours[-1][a]:.3g}/{ink[-1][b]:.3g} {unit}" for name, a, b, unit in COMPARED))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    mine, theirs = medians(ours), medians(ink)
    run.emit({"bench": "peers", "scenes": args.size, "rounds": args.rounds, "ours": mine, "ink": theirs,
              "ratios": {name: mine[a] / theirs[b] for name, a, b, _ in COMPARED}})
    print(report(mine, theirs, args.size, args.rounds), file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
