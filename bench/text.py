"""Varying text, measured: rendering a scene, and what markup in every scene costs a choice and a load.

Prints, beside issue 13's targets:
- the median time to render a scene's text, over the shipped campaign's scenes and over a synthetic
  story with markup in every scene (compiled once at first showing; the figure is a showing after that);
- `choose()` and the cold and warm loads of a 10,000-scene synthetic story with markup in every scene,
  beside the same story without it (each figure the median of fresh processes, interleaved);
- the shipped story's cold load beside the same load with no text parsed (as if none had markup):
  what varying text adds to a first start (the issue's "within 10% of today's", today being a story
  whose texts had none). Its warm load reads the checked story from the cache and parses no text.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  the engine bench's workers: one fresh process per figure
import synth  # noqa: E402


def render_times(root: Path | None, limit: int = 2000) -> tuple[float, float]:
    """(median µs of a showing, median µs of the first showing, which compiles) over a story's scenes."""
    from petrograd1917.engine.game import Game
    from petrograd1917.engine.loading import open_machine
    from petrograd1917.engine.render import seeded_draws

    machine = open_machine(root, use_cache=False)
    story = machine.story
    game = Game.new(machine, None, 1)
    texts = machine.texts
    first, again = [], []
    for sid in list(story.scenes)[:limit]:
        text = story.scenes[sid].text
        for times in (first, again, again, again):
            t0 = time.perf_counter_ns()
            texts.render(text, game.values, 1, seeded_draws(1, 0, sid))
            times.append(time.perf_counter_ns() - t0)
    return statistics.median(again) / 1000, statistics.median(first) / 1000


def engine_figures(root: Path, work: Path, rounds: int, count: int) -> dict[str, float]:
    cache = run.private_cache(work, f"cache-{root.name}")
    run.run_worker("fill", root, cache)
    cold = [run.run_worker("cold", root, run.private_cache(work, "no-cache"))["cpu_s"] for _ in range(rounds)]
    warm = [run.run_worker("warm", root, cache)["cpu_s"] for _ in range(rounds)]
    choose = [run.run_worker("choice", root, cache, str(count), "7")["median_us"] for _ in range(rounds)]
    return {"cold_cpu_s": statistics.median(cold), "warm_cpu_ms": statistics.median(warm) * 1000,
            "choose_us": statistics.median(choose)}


def _cold_worker(root: Path | None, texts: bool) -> float:
    """In a fresh process: the CPU time of one cold load, its texts checked or (as if the story had
    no varying text) none parsed."""
    import gc

    from petrograd1917.engine import loading
    from petrograd1917.story import textcheck

    if not texts:  # every text is looked at, as in a story without markup, and none needs parsing
        textcheck.tm.has_markup = lambda text: False  # type: ignore[assignment]
    gc.collect()
    c0 = time.process_time()
    loading.open_machine(root, use_cache=False)
    return time.process_time() - c0


def shipped_cold(rounds: int) -> tuple[float, float]:
    """(median CPU s of a cold load of the shipped story, the same with no text parsed), interleaved."""
    import json
    import subprocess

    out: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(rounds):
        for texts in (True, False):
            proc = subprocess.run([sys.executable, __file__, "--cold-worker", "texts" if texts else "none"],
                                  stdout=subprocess.PIPE, text=True, check=True)
            out[texts].append(json.loads(proc.stdout)["cpu_s"])
    return statistics.median(out[True]), statistics.median(out[False])


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["--cold-worker"]:
        import json
        print(json.dumps({"cpu_s": _cold_worker(None, sys.argv[2] == "texts")}))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenes", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--choices", type=int, default=20_000)
    args = ap.parse_args(argv)
    campaign, campaign_first = render_times(None)
    checked, unchecked = shipped_cold(max(args.rounds, 5))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plain, marked = work / "plain", work / "markup"
        synth.write_story(plain, args.scenes, 0)
        synth.write_story(marked, args.scenes, 0, markup=True)
        synthetic, synthetic_first = render_times(marked)
        figures: dict[str, list[dict[str, float]]] = {"plain": [], "markup": []}
        for _ in range(args.rounds):  # interleaved, so drift on a shared machine falls on both
            for name, root in (("plain", plain), ("markup", marked)):
                figures[name].append(engine_figures(root, work, 1, args.choices))
    med = {name: {k: statistics.median(f[k] for f in runs) for k in runs[0]} for name, runs in figures.items()}
    p, m = med["plain"], med["markup"]
    print(f"render a campaign scene: median {campaign:.1f} µs (first showing, compiling: {campaign_first:.1f} µs)"
          f"   target <= 50 µs {'met' if campaign <= 50 else 'MISSED'}")
    print(f"render a scene with markup: median {synthetic:.1f} µs (first showing: {synthetic_first:.1f} µs)"
          f"   target <= 50 µs {'met' if synthetic <= 50 else 'MISSED'}")
    for key, label, unit in (("choose_us", "choose()", "µs"), ("cold_cpu_s", "cold load CPU", "s"),
                             ("warm_cpu_ms", "warm load CPU", "ms")):
        ratio = m[key] / p[key]
        print(f"{args.scenes} scenes, {label}: markup {m[key]:.2f} {unit}, plain {p[key]:.2f} {unit}, "
              f"ratio {ratio:.3f}   target <= 1.10 {'met' if ratio <= 1.10 else 'MISSED'}")
    ratio = checked / unchecked
    print(f"shipped story, cold load CPU: texts parsed and checked {checked:.3f} s, none parsed {unchecked:.3f} s, "
          f"ratio {ratio:.3f}   target <= 1.10 {'met' if ratio <= 1.10 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
