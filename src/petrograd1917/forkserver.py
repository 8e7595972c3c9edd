"""A warm game process for `serve`: it loads Textual, the game and the story once, then forks one
game per browser tab, so a class of thirty starts in seconds on two cores instead of each tab paying
for a whole Python start. Run by serve.py as `python -m petrograd1917.forkserver SOCKET [--story DIR]
[--saves DIR]`; it ends its games and itself when the server's pipe to it (its stdin) closes.

A request on the Unix socket carries the tab's terminal size (JSON) and three file descriptors, the
game's stdin, stdout and stderr; the answer is the game's pid, then, when it ends, its exit code."""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import selectors
import shutil
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

READY = b"forkserver ready\n"
ENV_KEYS = ("COLUMNS", "ROWS")
STOP_WAIT = 5.0  # seconds the warm process and its games have to save and leave before they are killed


def warm(story: Path | None) -> Any:
    """Everything a game needs before its first frame, loaded in the parent to be shared by every fork."""
    from petrograd1917.engine.loading import open_machine

    machine = open_machine(story)
    import textual.drivers.web_driver  # noqa: F401  (the driver every game runs on)

    from petrograd1917.story import prose
    from petrograd1917.tui import app, screens_all  # noqa: F401
    from petrograd1917.tui.screens.base import SCREENS_CSS

    # Every screen's CSS read with the app's, once parsed here: a game then opens the role picker or the
    # codex without parsing and restyling the whole app (what a screen bringing new CSS costs).
    app.PetrogradApp.CSS_PATH = [app.PetrogradApp.CSS_PATH, SCREENS_CSS]

    prose.parse("*warm*")  # the Markdown parser, built once here
    rehearse(machine)
    return machine


def rehearse(machine: Any) -> None:
    """Play a few keys of a game headless, once, so that what Textual parses and caches on first use
    (the stylesheets, selectors, compiled patterns, bindings) is ready in every fork. Best effort: a
    rehearsal that fails only leaves the games to do that work themselves."""
    from petrograd1917.tui.app import PetrogradApp

    async def run() -> None:
        with tempfile.TemporaryDirectory(prefix="petrograd1917-rehearsal-") as saves:
            app = PetrogradApp(machine, seed=1, saves=Path(saves))
            async with app.run_test(size=(100, 30)) as pilot:
                for key in ("n", "enter", "1", "escape"):
                    await pilot.press(key)
                    await pilot.pause()
                app.exit()

    try:
        asyncio.run(asyncio.wait_for(run(), 60))
    except Exception as e:  # noqa: BLE001  (any failure only costs speed)
        print(f"forkserver: the rehearsal failed ({e!r}); games start colder", file=sys.stderr)


def run_game(machine: Any, saves: Path | None, request: dict[str, Any]) -> int:
    """In the forked child, with fds 0-2 the tab's pipes: play one game to its end."""
    from petrograd1917.cli import run_app

    for key in ENV_KEYS:
        if isinstance(request.get(key.lower()), int):
            os.environ[key] = str(request[key.lower()])
    return run_app(machine, None, None, saves)


class ForkServer:
    """Accepts requests, forks games, and reports each game's end on its request's connection."""

    def __init__(self, listener: socket.socket, machine: Any, saves: Path | None) -> None:
        self.listener = listener
        self.machine = machine
        self.saves = saves
        self.selector = selectors.DefaultSelector()
        self.games: dict[int, tuple[int, socket.socket]] = {}  # pidfd -> (pid, its request's connection)

    def run(self) -> None:
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "parent")
        while True:
            for key, _ in self.selector.select():
                if key.data == "accept":
                    self.accept()
                elif key.data == "parent":
                    if not os.read(sys.stdin.fileno(), 4096):  # the server is gone: so are we
                        self.end_all()
                        return
                else:
                    self.reap(key.fd)

    def accept(self) -> None:
        conn, _ = self.listener.accept()
        try:
            msg, fds, _, _ = socket.recv_fds(conn, 4096, 3)
            request = json.loads(msg or b"{}")
            if len(fds) != 3 or not isinstance(request, dict):
                raise ValueError("a request needs a JSON object and three file descriptors")
        except (OSError, ValueError):
            conn.close()
            return
        pid = os.fork()
        if pid == 0:
            self.child(fds, request)  # never returns
        for fd in fds:
            os.close(fd)
        pidfd = os.pidfd_open(pid)
        self.games[pidfd] = (pid, conn)
        self.selector.register(pidfd, selectors.EVENT_READ, "game")
        conn.sendall(f"{pid}\n".encode())

    def child(self, fds: list[int], request: dict[str, Any]) -> None:
        code = 70
        try:
            os.setsid()  # its own session: a Ctrl+C meant for the server does not reach the games
            self.selector.close()
            self.listener.close()
            for pidfd, (_, conn) in self.games.items():
                os.close(pidfd)
                conn.close()
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
                os.close(fd)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            gc.enable()
            code = run_game(self.machine, self.saves, request)
        except BaseException:  # said on the game's stderr, which the server logs
            import traceback

            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
            finally:
                os._exit(code)

    def reap(self, pidfd: int) -> None:
        pid, conn = self.games.pop(pidfd)
        self.selector.unregister(pidfd)
        os.close(pidfd)
        _, status = os.waitpid(pid, 0)
        try:
            conn.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())
        except OSError:
            pass
        conn.close()

    def end_all(self, wait: float = 5.0) -> None:
        """Ask every game to leave (SIGTERM autosaves), then make sure it has."""
        for pid, _ in self.games.values():
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + wait
        while self.games and time.monotonic() < deadline:
            for key, _ in self.selector.select(max(0.0, deadline - time.monotonic())):
                if key.data == "game":
                    self.reap(key.fd)
        for pidfd, (pid, _) in list(self.games.items()):
            _signal(pid, signal.SIGKILL)
            self.reap(pidfd)


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


# --- the server's end: start the warm process, ask it for games, stop it --------------------------


class ForkedGame:
    """A game forked by the warm process, looking to textual-serve like the subprocess it would start:
    stdin, stdout and stderr streams, wait(), kill() and a returncode."""

    def __init__(self, pid: int, conn: socket.socket, rest: bytes, stdin: asyncio.StreamWriter,
                 stdout: asyncio.StreamReader, stderr: asyncio.StreamReader) -> None:
        self.pid = pid
        self.conn = conn
        self.rest = rest  # what came after the pid on the connection: the exit code, if it was that quick
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.returncode: int | None = None

    async def wait(self) -> int:
        if self.returncode is None:
            loop = asyncio.get_running_loop()
            data = self.rest
            while not data.endswith(b"\n"):
                chunk = await loop.sock_recv(self.conn, 64)
                if not chunk:
                    break
                data += chunk
            self.conn.close()
            self.stdin.close()
            self.returncode = int(data) if data.strip().lstrip(b"-").isdigit() else -9
        return self.returncode

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class WarmGames:
    """The warm process (forkserver.py) seen from the server: start it, ask it for games, stop it."""

    def __init__(self, story: Path | None, saves: Path | None) -> None:
        self.story = story
        self.saves = saves
        self.folder = Path(tempfile.mkdtemp(prefix="petrograd1917-serve-"))  # private (0700): the socket
        self.socket = self.folder / "games.sock"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, env: dict[str, str], timeout: float = 120.0) -> bool:
        args = [sys.executable, "-m", "petrograd1917.forkserver", str(self.socket)]
        if self.story is not None:
            args += ["--story", str(self.story.resolve())]
        if self.saves is not None:
            args += ["--saves", str(self.saves.resolve())]
        self.process = await asyncio.create_subprocess_exec(*args, stdin=asyncio.subprocess.PIPE,
                                                            stdout=asyncio.subprocess.PIPE, env=env)
        assert self.process.stdout is not None
        try:
            line = await asyncio.wait_for(self.process.stdout.readline(), timeout)
        except asyncio.TimeoutError:
            line = b""
        return line == READY

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def spawn(self, width: int, height: int) -> ForkedGame:
        loop = asyncio.get_running_loop()
        pipes = [os.pipe() for _ in range(3)]  # the game's stdin, stdout, stderr
        theirs = [pipes[0][0], pipes[1][1], pipes[2][1]]
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.setblocking(False)
            await loop.sock_connect(conn, str(self.socket))
            socket.send_fds(conn, [json.dumps({"columns": width, "rows": height}).encode()], theirs)
            data = b""
            while b"\n" not in data:
                chunk = await loop.sock_recv(conn, 64)
                if not chunk:
                    raise ConnectionError("the warm process did not start the game")
                data += chunk
        except BaseException:
            conn.close()
            for fd in (pipes[0][1], pipes[1][0], pipes[2][0]):
                os.close(fd)
            raise
        finally:
            for fd in theirs:
                os.close(fd)
        pid, _, rest = data.partition(b"\n")
        return ForkedGame(int(pid), conn, rest, await _writer(pipes[0][1]), await _reader(pipes[1][0]),
                          await _reader(pipes[2][0]))

    async def stop(self) -> None:
        """Close its stdin: it ends its games (each saves) and itself; killed if it takes too long."""
        if self.process is not None and self.process.returncode is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                await asyncio.wait_for(self.process.wait(), 2 * STOP_WAIT)
            except asyncio.TimeoutError:
                self.process.kill()
                await self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


async def _reader(fd: int) -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", 0))
    return reader


async def _writer(fd: int) -> asyncio.StreamWriter:
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, os.fdopen(fd, "wb", 0))
    return asyncio.StreamWriter(transport, protocol, None, loop)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m petrograd1917.forkserver")
    parser.add_argument("socket", type=Path)
    parser.add_argument("--story", type=Path)
    parser.add_argument("--saves", type=Path)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when we stop, by closing our stdin
    gc.disable()
    machine = warm(args.story)
    gc.collect()
    gc.freeze()  # what the parent made stays out of the children's collections (and their pages shared)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(args.socket))
    listener.listen(128)
    sys.stdout.buffer.write(READY)
    sys.stdout.flush()
    ForkServer(listener, machine, args.saves).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
