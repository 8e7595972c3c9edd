"""`petrograd1917 serve`: the game in a web browser through textual-serve. A game honours the Textual
driver it is given; the server says where it listens; each tab (websocket) is its own game, saving
where the terminal game saves; a closed tab leaves no process behind; and a real Chromium, driven by
Playwright, plays a choice (skipped, saying why, when Debian's chromium or Playwright is missing)."""

from __future__ import annotations

import asyncio
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from petrograd1917.cli import main
from petrograd1917.serve import where

pytestmark = pytest.mark.xdist_group("serve")  # one server for the module, in one worker

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b.")
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def screen_text(data: bytes) -> str:
    """What a terminal's output says, without its escape sequences."""
    return ANSI.sub(b"", data).decode("utf-8", "replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children_of() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            out.setdefault(ppid, []).append(int(d.name))
    return out


def descendants(pid: int) -> list[int]:
    tree, out, todo = children_of(), [], [pid]
    while todo:
        for c in tree.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@dataclass
class Served:
    proc: subprocess.Popen[bytes]
    port: int
    home: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def saves(self) -> Path:
        return self.home / "data" / "petrograd1917" / "saves"

    def games(self) -> list[int]:
        """Game processes: every descendant but the warm process (the server's own child; its forks
        share its command line)."""
        direct = set(children_of().get(self.proc.pid, []))
        return [p for p in descendants(self.proc.pid)
                if not (p in direct and "petrograd1917.forkserver" in cmdline(p))]

    def no_games_within(self, seconds: float) -> list[int]:
        deadline = time.monotonic() + seconds
        while (left := self.games()) and time.monotonic() < deadline:
            time.sleep(0.1)
        return left


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("serve-home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PETROGRAD1917_", "TEXTUAL"))}
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"))
    port = free_port()
    log = (home / "serve.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "petrograd1917", "serve", "--port", str(port)], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    said = ""
    while time.monotonic() < deadline and "Ctrl+C" not in said:  # listening, and the warm process ready
        assert proc.poll() is None, (home / "serve.log").read_text()
        time.sleep(0.2)
        said = (home / "serve.log").read_text()
    assert "Only this machine can reach it (loopback)" in said, said
    yield Served(proc, port, home)
    tree = descendants(proc.pid)
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("serve did not stop on Ctrl+C within 30 s")
    time.sleep(0.5)
    left = [p for p in tree if cmdline(p)]
    for p in left:
        os.kill(p, signal.SIGKILL)
    assert left == [], f"processes left after serve stopped: {[cmdline(p) for p in left]}"


def test_play_honours_a_textual_driver_it_is_given() -> None:
    """textual-serve runs `play` without a terminal but with TEXTUAL_DRIVER set: that is the full game
    on the web driver (which opens with its prelude line), not plain mode."""
    env = dict(os.environ, TEXTUAL_DRIVER=WEB_DRIVER, COLUMNS="100", ROWS="30")
    proc = subprocess.Popen([sys.executable, "-m", "petrograd1917", "play"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        first = proc.stdout.readline() if ready else b""
        assert first == b"__GANGLION__\n", first + (proc.stderr.read() if proc.stderr and not ready else b"")
    finally:
        quit_meta = b'{"type": "quit"}'  # what textual-serve sends when a tab closes
        try:
            proc.communicate(b"M" + len(quit_meta).to_bytes(4, "big") + quit_meta, timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            pytest.fail("the game did not leave when asked to quit")


def test_serve_says_where_and_refuses_a_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    assert "Only this machine can reach it (loopback)" in where("127.0.0.1", 8000)
    assert "Anyone who can reach this port can play" in where("0.0.0.0", 8000)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert f"cannot serve on 127.0.0.1 port {port}: Address already in use" in capsys.readouterr().err


async def _tab(url: str, keys: list[tuple[str, str]]) -> str:
    """One tab over the websocket: wait for the title menu, then press each key and wait for its word."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{url}/ws?width=100&height=30") as ws:
            seen = b""
            for key, word in [("", "New game"), *keys]:
                if key:
                    await ws.send_json(["stdin", key])
                    seen = b""
                while word not in screen_text(seen):
                    msg = await asyncio.wait_for(ws.receive(), 60)
                    assert isinstance(msg.data, bytes), f"the tab closed before '{word}': {msg}"
                    seen += msg.data
            return screen_text(seen)


def test_each_tab_is_its_own_game_saved_where_the_terminal_game_saves(served: Served) -> None:
    async def two_tabs() -> tuple[str, str]:
        first = _tab(served.url, [("n", "Who are you"), ("\r", "Undo"), ("1", "What really happened")])
        second = _tab(served.url, [])
        return await asyncio.gather(first, second)  # type: ignore[return-value]

    played, _ = asyncio.run(two_tabs())
    assert "What really happened" in played
    assert served.no_games_within(15) == []
    autosaves = list(served.saves.glob("**/*.save.yaml"))
    assert autosaves, f"no save in {served.saves}: {sorted(served.home.rglob('*'))}"  # where `play` saves


def test_a_real_browser_plays_a_choice_and_closing_the_tab_ends_its_game(served: Served, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):  # .ci/run installs it: in CI a missing browser is a failure, not a skip
            pytest.fail("no /usr/bin/chromium in CI: .ci/run should have installed it")
        pytest.skip("browser test skipped: no /usr/bin/chromium (apt-get install -y chromium)")
    from playwright import sync_api
    frames: list[bytes] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 760})
            page.on("websocket", lambda ws: ws.on("framereceived", lambda data: frames.append(
                data if isinstance(data, bytes) else data.encode())))

            def wait_for(word: str, after: int = 0) -> str:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    text = screen_text(b"".join(frames[after:]))
                    if word in text:
                        return text
                    page.wait_for_timeout(100)
                pytest.fail(f"'{word}' never reached the browser; it had: {screen_text(b''.join(frames))[-2000:]}")

            page.goto(served.url)
            wait_for("New game")
            assert len(served.games()) == 1  # this tab's game
            page.focus("#terminal .xterm-helper-textarea")  # keys to the terminal (a click would pick a menu item)
            for key, word in (("n", "Who are you"), ("Enter", "Undo")):  # Undo: the game screen's keys
                mark = len(frames)
                page.keyboard.press(key)
                wait_for(word, mark)
            mark = len(frames)
            page.keyboard.press("1")
            wait_for("What really happened", mark)  # the worker's first choice is judged
            page.wait_for_timeout(1000)  # the frame settles before the picture is taken
            after_choice = screen_text(b"".join(frames[mark:]))
            page.screenshot(path=str(tmp_path / "browser.png"))
            if os.environ.get("PETROGRAD1917_KEEP_SCREENSHOT"):
                shutil.copy(tmp_path / "browser.png", os.environ["PETROGRAD1917_KEEP_SCREENSHOT"])
            assert "HISTORICAL" in after_choice  # the note's verdict on the worker's first choice
            page.close()
        finally:
            browser.close()
    assert served.no_games_within(15) == [], "a game outlived its closed tab"


def test_textual_serve_is_loaded_only_to_serve() -> None:
    code = ("import sys, petrograd1917.cli, petrograd1917.serve, petrograd1917.forkserver; "
            "print([m for m in sys.modules if m.split('.')[0] in ('textual_serve', 'aiohttp')])")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr
