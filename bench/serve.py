"""Benchmark of `petrograd1917 serve`: a class of N players at once, over the websocket, on loopback.

For each N (default 1, 10 and 30) it starts N players together; each opens the websocket as the page
does, waits for the title menu, starts a game with the keyboard (n, Enter), then takes choices (the
key 1), reading for a while between them as a player does. It reports, per N: time to the title menu
(median and worst), key -> frame (median and p95: from sending a key to the first screen output after
it), memory per player (PSS: pages shared with the warm process counted in part), connection
failures, and the games left running after every player has gone (must be 0).

Targets (issue 11): 30 players, every title within 5 s, p95 key -> frame <= 200 ms, no failure, nothing
left behind. Bounded: at most 100 players, each given at most --player-timeout seconds.

    .venv/bin/python bench/serve.py [--players 1,10,30] [--choices 5] [--think 1.0] [--cold]

--cold serves without the warm process (one Python started per tab, as textual-serve does by itself).
Saves, settings and caches go to a temporary folder. Progress on stderr; one JSON line per N on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b.")
MAX_PLAYERS = 100
TARGET_TITLE_S, TARGET_P95_MS = 5.0, 200.0


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Player:
    title_s: float | None = None
    key_ms: list[float] = field(default_factory=list)
    key_kinds: list[str] = field(default_factory=list)  # beside key_ms: 'n', 'enter' or 'choice'
    failure: str = ""


class Screen:
    """One websocket's screen output, as text without escape sequences."""

    def __init__(self, ws: object) -> None:
        self.ws = ws
        self.text = b""

    async def until(self, word: bytes, timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        while word not in ANSI.sub(b"", self.text):
            await self.next(max(0.01, deadline - time.perf_counter()))
        self.text = b""

    async def next(self, timeout: float) -> float:
        """Wait for the next message from the game; the time it came."""
        msg = await asyncio.wait_for(self.ws.receive(), timeout)  # type: ignore[attr-defined]
        if msg.type.name in ("CLOSE", "CLOSED", "ERROR"):
            raise ConnectionError(f"the websocket closed ({msg.type.name})")
        data = msg.data if isinstance(msg.data, bytes) else str(msg.data).encode()
        self.text += data
        return time.perf_counter()

    async def quiet(self, seconds: float) -> None:
        """Read until nothing has come for `seconds` (the screen has settled)."""
        while True:
            try:
                await self.next(seconds)
            except TimeoutError:
                self.text = b""
                return


async def key_to_frame(screen: Screen, key: str) -> float:
    await screen.ws.send_json(["stdin", key])  # type: ignore[attr-defined]
    sent = time.perf_counter()
    came = await screen.next(10.0)
    return (came - sent) * 1000


async def play(port: int, n: int, choices: int, think: float, timeout: float, ready: asyncio.Barrier,
               done: asyncio.Barrier) -> Player:
    import aiohttp

    p = Player()
    rng = random.Random(n)
    try:
        async with aiohttp.ClientSession() as session:
            start = time.perf_counter()
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws?width=100&height=30") as ws:
                screen = Screen(ws)
                await screen.until(b"New game", timeout)
                p.title_s = time.perf_counter() - start
                await screen.quiet(0.3)
                for key, word in (("n", b"Who are you"), ("\r", b"Undo")):  # Undo: the game screen's keys
                    p.key_ms.append(await key_to_frame(screen, key))
                    p.key_kinds.append("n" if key == "n" else "enter")
                    await screen.until(word, timeout)
                await ready.wait()  # everyone in a game: memory is measured now
                for _ in range(choices):
                    await screen.quiet(rng.uniform(0.5, 1.5) * think)  # reading the scene
                    p.key_ms.append(await key_to_frame(screen, "1"))
                    p.key_kinds.append("choice")
                await done.wait()
    except (TimeoutError, Exception) as e:
        p.failure = f"{type(e).__name__}: {e}"
        await ready.abort()
        await done.abort()
    return p


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [root]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def games_of(server: int) -> list[int]:
    """The game processes under the server: everything but the warm process itself (whose forks share
    its command line, so it is told by being the server's own child)."""
    return [p for p in descendants(server)
            if not (parent(p) == server and "petrograd1917.forkserver" in cmdline(p))]


def pss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def p95_by_key(players: list[Player]) -> dict[str, float]:
    """The p95 of key -> frame for each kind of key: the title's 'n', the Enter that starts a game, a choice."""
    out = {}
    for kind in ("n", "enter", "choice"):
        ms = sorted(m for p in players for m, k in zip(p.key_ms, p.key_kinds, strict=True) if k == kind)
        if ms:
            out[kind] = round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1)
    return out


async def run_class(port: int, server: int, n: int, args: argparse.Namespace) -> dict[str, object]:
    ready, done = asyncio.Barrier(n + 1), asyncio.Barrier(n)
    tasks = [asyncio.create_task(play(port, i, args.choices, args.think, args.player_timeout, ready, done))
             for i in range(n)]
    memory = None
    try:
        await asyncio.wait_for(ready.wait(), args.player_timeout)
        games = games_of(server)
        memory = statistics.mean(pss_mib(g) for g in games) if games else None
    except (TimeoutError, asyncio.BrokenBarrierError):
        pass
    players = await asyncio.gather(*tasks)
    left = []
    for _ in range(100):  # up to 10 s for every game to save and leave
        left = games_of(server)
        if not left:
            break
        await asyncio.sleep(0.1)
    titles = [p.title_s for p in players if p.title_s is not None]
    keys = sorted(k for p in players for k in p.key_ms)
    return {
        "players": n, "failures": sum(1 for p in players if p.failure),
        "failure_examples": sorted({p.failure for p in players if p.failure})[:3],
        "title_median_s": round(statistics.median(titles), 2) if titles else None,
        "title_max_s": round(max(titles), 2) if titles else None,
        "key_frame_median_ms": round(statistics.median(keys), 1) if keys else None,
        "key_frame_p95_ms": round(keys[min(len(keys) - 1, int(0.95 * len(keys)))], 1) if keys else None,
        "key_frame_p95_by_key_ms": p95_by_key(players),
        "keys": len(keys), "pss_per_player_mib": round(memory, 1) if memory else None,
        "left_after_disconnect": len(left),
    }


def start_server(port: int, home: Path, cold: bool) -> subprocess.Popen[bytes]:
    env = dict(os.environ, XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"))
    code = ("import sys; from petrograd1917.serve import serve; "
            f"sys.exit(serve('127.0.0.1', {port}, warm={not cold}))")
    out = (home / "serve.log").open("wb")  # a file, not a pipe nobody reads: a full pipe would stall the server
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        if proc.poll() is not None:
            raise SystemExit(f"serve did not start: {(home / 'serve.log').read_text()}")
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("serve did not listen within 120 s")


def stop_server(proc: subprocess.Popen[bytes]) -> int:
    """SIGINT, as Ctrl+C; the number of its processes still alive 15 s later (then killed)."""
    tree = descendants(proc.pid)
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
    time.sleep(0.5)
    alive = [p for p in tree if Path(f"/proc/{p}").exists() and cmdline(p)]
    for p in alive:
        os.kill(p, signal.SIGKILL)
    return len(alive)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--players", default="1,10,30", help="comma-separated class sizes (at most 100 each)")
    ap.add_argument("--choices", type=int, default=5, help="choices each player takes after starting a game")
    ap.add_argument("--think", type=float, default=1.0, help="mean seconds a player reads between choices")
    ap.add_argument("--player-timeout", type=float, default=60.0, help="seconds a player waits for any screen")
    ap.add_argument("--cold", action="store_true", help="no warm process: a Python per tab")
    args = ap.parse_args()
    sizes = [min(MAX_PLAYERS, max(1, int(x))) for x in args.players.split(",")]
    with tempfile.TemporaryDirectory(prefix="petrograd1917-bench-serve-") as tmp:
        port = free_port()
        proc = start_server(port, Path(tmp), args.cold)
        try:
            for n in sizes:
                log(f"{n} player(s)...")
                result = asyncio.run(run_class(port, proc.pid, n, args))
                result.update(bench="serve", warm=not args.cold, choices=args.choices, think_s=args.think,
                              target_title_s=TARGET_TITLE_S, target_p95_ms=TARGET_P95_MS)
                print(json.dumps(result), flush=True)
                log(f"  title {result['title_median_s']} s median, {result['title_max_s']} s worst; key -> frame "
                    f"{result['key_frame_median_ms']} ms median, {result['key_frame_p95_ms']} ms p95; "
                    f"{result['pss_per_player_mib']} MiB per player; {result['failures']} failed; "
                    f"{result['left_after_disconnect']} left after disconnect")
        finally:
            left = stop_server(proc)
            log(f"server stopped; {left} of its processes were still alive (killed)")
            said = (Path(tmp) / "serve.log").read_text(errors="replace").strip().splitlines()
            log("serve said:\n  " + "\n  ".join(said[-15:]))
            print(json.dumps({"bench": "serve-stop", "left_after_stop": left}), flush=True)


if __name__ == "__main__":
    main()
