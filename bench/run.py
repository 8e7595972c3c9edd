"""Benchmark of the story engine: load times (cold and cached), peak memory and the cost of one choice.

`make bench` runs `python bench/run.py`. Stdout gets one JSON line per measurement and nothing else;
progress goes to stderr. Every measurement runs in a fresh Python process (this script, re-run with a
hidden `--worker` argument), so imports, caches and the peak RSS of one never leak into another.
See bench/README.md for what each number means and the targets.
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
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SIZES = (100, 1000, 10_000, 50_000)
QUICK_SIZES = (100, 1000, 10_000)
CHOICE_SIZE = 10_000
CHOICE_COUNT = 20_000
CHOICE_WARMUP = 500  # choices taken first and not timed
REPEAT_SMALL, REPEAT_SMALL_MAX = 3, 10_000  # the machine is noisy: median of 3 where that is cheap

TARGETS = {
    "cold_10k_s<=2.0": 2.0,
    "warm_10k_s<=0.25": 0.25,
    "50k_over_10k<=6": 6.0,
    "choice_us<=20": 20.0,
    "rss_10k_mib<=250": 250.0,
}


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def _vm_hwm_mib() -> float | None:
    """This process's own peak RSS from /proc (Linux). ru_maxrss also counts the parent's peak at
    the fork, which is why the driver keeps itself small; the two are compared as a check."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


# --- the workers: each runs alone in a fresh process and prints one JSON object ------------------


def _worker(mode: str, root: Path, extra: list[str]) -> dict[str, Any]:
    import gc
    import resource

    from petrograd1917.engine import loading  # imports (yaml, transitions) are not part of a load

    gc.collect()
    if mode == "cold":
        t0 = time.perf_counter()
        machine = loading.open_machine(root, use_cache=False)
        elapsed = time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
        return {"s": elapsed, "rss_mib": rss, "hwm_mib": _vm_hwm_mib(), "scenes": len(machine.story.scenes)}

    if mode == "fill":
        machine = loading.open_machine(root, use_cache=True)
        return {"scenes": len(machine.story.scenes)}

    if mode == "warm":
        # A cache hit never reads the YAML, so it never even imports the loader: a miss shows up.
        t0 = time.perf_counter()
        machine = loading.open_machine(root, use_cache=True)
        elapsed = time.perf_counter() - t0
        missed = ["petrograd1917.story.loader" in sys.modules]
        return {"s": elapsed, "cache_hit": not any(missed), "scenes": len(machine.story.scenes)}

    if mode == "choice":
        import random

        from petrograd1917.engine.game import Game

        count, seed = int(extra[0]), int(extra[1])
        machine = loading.open_machine(root, use_cache=True)
        rng = random.Random(seed)
        games = 0
        steps = 0
        times: list[int] = []
        game = None
        clock = time.perf_counter_ns
        while len(times) < count + CHOICE_WARMUP:
            if game is None or game.is_over:
                game = Game.new(machine, None, seed + games)
                games += 1
            ids = [v.id for v in game.choices() if v.available]
            cid = rng.choice(ids)
            t0 = clock()
            game.choose(cid)
            t1 = clock()
            times.append(t1 - t0)
            steps += 1
        times = sorted(times[CHOICE_WARMUP:])
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        return {"median_us": statistics.median(times) / 1000, "p95_us": p95 / 1000, "choices": len(times),
                "games": games, "steps_per_game": steps / games}

    raise SystemExit(f"unknown worker mode {mode!r}")


# --- the driver -----------------------------------------------------------------------------------


def run_worker(mode: str, root: Path, cache: Path, *extra: str) -> dict[str, Any]:
    env = dict(os.environ, PETROGRAD1917_CACHE=str(cache))
    env.pop("PYTHONTRACEMALLOC", None)  # tracing allocations would distort both time and memory
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", mode, str(root), *extra],
        cwd=REPO, env=env, stdout=subprocess.PIPE, text=True, check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench: worker {mode} on {root} failed with exit code {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def generate(root: Path, n: int, seed: int) -> None:
    # In its own process too, so this driver stays small (a child's peak RSS must be its own).
    subprocess.run([sys.executable, str(HERE / "synth.py"), str(n), str(root), "--seed", str(seed)], check=True,
                   stdout=subprocess.DEVNULL)


def emit(obj: dict[str, Any]) -> None:
    print(json.dumps(obj), flush=True)


def parse_sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(s) for s in text.split(",") if s.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of integers: {text!r}") from None
    if not sizes or min(sizes) < 4:
        raise argparse.ArgumentTypeError("sizes must be integers of at least 4")
    return sizes


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        print(json.dumps(_worker(argv[1], Path(argv[2]), argv[3:])))
        return 0
    ap = argparse.ArgumentParser(description="Benchmark the engine on synthetic stories; JSON lines on stdout.")
    ap.add_argument("--sizes", type=parse_sizes, help="comma-separated scene counts (default 100,1000,10000,50000)")
    ap.add_argument("--quick", action="store_true", help="sizes 100,1000,10000 only (skips 50,000)")
    ap.add_argument("--repeat", type=int,
                    help="fresh processes per cold, warm and choice measurement, the median reported "
                         f"(default {REPEAT_SMALL} up to {REPEAT_SMALL_MAX} scenes, 1 above)")
    ap.add_argument("--choices", type=int, default=CHOICE_COUNT, help=f"choices timed (default {CHOICE_COUNT})")
    ap.add_argument("--seed", type=int, default=0, help="seed of the generated stories and of the play")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="generate the stories into DIR and keep them (reused if already there)")
    args = ap.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)

    work = Path(tempfile.mkdtemp(prefix="petrograd1917-bench-"))
    stories = args.keep or work / "stories"
    results: dict[int, dict[str, Any]] = {}
    choice: dict[str, Any] | None = None
    try:
        for n in sizes:
            root = stories / f"story-{n}-seed{args.seed}"
            if not (root / "story.yaml").is_file():
                log(f"{n} scenes: generating")
                t0 = time.perf_counter()
                generate(root, n, args.seed)
                log(f"{n} scenes: generated in {time.perf_counter() - t0:.1f} s")

            repeat = max(1, args.repeat) if args.repeat else (REPEAT_SMALL if n <= REPEAT_SMALL_MAX else 1)
            colds = []
            for r in range(repeat):
                res = run_worker("cold", root, work / "no-cache")
                if res["scenes"] != n:
                    raise SystemExit(f"bench: {root} loaded {res['scenes']} scenes")
                colds.append(res)
                hwm = res["hwm_mib"]
                log(f"{n} scenes: cold {res['s']:.3f} s ({r + 1}/{repeat}), peak RSS {res['rss_mib']:.0f} MiB"
                    + (f" (VmHWM {hwm:.0f} MiB)" if hwm is not None else ""))
                if hwm is not None and res["rss_mib"] > hwm * 1.05 + 1:
                    log(f"{n} scenes: WARNING: ru_maxrss exceeds the process's own VmHWM: the parent's peak leaked in")

            cache = work / f"cache-{n}"
            run_worker("fill", root, cache)
            warms = []
            for r in range(repeat):
                res = run_worker("warm", root, cache)
                if not res["cache_hit"]:
                    log(f"{n} scenes: WARNING: the warm run missed the cache and read the YAML")
                warms.append(res["s"])
                log(f"{n} scenes: warm {res['s']:.3f} s ({r + 1}/{repeat})")

            results[n] = {
                "cold_s": statistics.median(c["s"] for c in colds),
                "warm_s": statistics.median(warms),
                "rss_peak_mib": statistics.median(c["rss_mib"] for c in colds),
            }
            emit({"bench": "load", "scenes": n, "cold_s": round(results[n]["cold_s"], 4),
                  "warm_s": round(results[n]["warm_s"], 4), "rss_peak_mib": round(results[n]["rss_peak_mib"], 1)})

            if n == CHOICE_SIZE:
                runs = []
                for r in range(repeat):
                    res = run_worker("choice", root, cache, str(args.choices), str(args.seed))
                    log(f"{n} scenes: {res['choices']} choices over {res['games']} games "
                        f"({res['steps_per_game']:.1f} steps a game): median {res['median_us']:.1f} µs, "
                        f"p95 {res['p95_us']:.1f} µs ({r + 1}/{repeat})")
                    runs.append(res)
                choice = {"median_us": statistics.median(c["median_us"] for c in runs),
                          "p95_us": statistics.median(c["p95_us"] for c in runs)}
                emit({"bench": "choice", "scenes": n, "median_us": round(choice["median_us"], 2),
                      "p95_us": round(choice["p95_us"], 2)})
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ten, fifty = results.get(10_000), results.get(50_000)
    if ten and fifty:
        log(f"cold 50k / cold 10k = {fifty['cold_s'] / ten['cold_s']:.2f} (linear would be 5)")
    emit({
        "bench": "targets",
        "cold_10k_s<=2.0": ten["cold_s"] <= TARGETS["cold_10k_s<=2.0"] if ten else None,
        "warm_10k_s<=0.25": ten["warm_s"] <= TARGETS["warm_10k_s<=0.25"] if ten else None,
        "50k_over_10k<=6": fifty["cold_s"] / ten["cold_s"] <= TARGETS["50k_over_10k<=6"] if ten and fifty else None,
        "choice_us<=20": choice["median_us"] <= TARGETS["choice_us<=20"] if choice else None,
        "rss_10k_mib<=250": ten["rss_peak_mib"] <= TARGETS["rss_10k_mib<=250"] if ten else None,
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
