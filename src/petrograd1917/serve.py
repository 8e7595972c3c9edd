"""Play in a web browser: `petrograd1917 serve` runs textual-serve (webserver.py, imported only here
and only then), which gives each browser tab its own game process and ends it when the tab closes."""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def play_command(story: Path | None, saves: Path | None) -> str:
    """The shell command textual-serve runs for each tab: this Python, the game, the same story and saves.
    `exec` makes the game the process itself, not a child of a shell, so that stopping it stops it."""
    args = [sys.executable, "-m", "petrograd1917", "play"]
    if story is not None:
        args += ["--story", str(story.resolve())]
    if saves is not None:
        args += ["--saves", str(saves.resolve())]
    return "exec " + " ".join(shlex.quote(a) for a in args)


def where(host: str, port: int) -> str:
    """What `serve` says when it starts: the address, and who can reach it."""
    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}"
    if host in LOOPBACK:
        return (f"Petrograd 1917 in a browser: open {url}\n"
                "Only this machine can reach it (loopback). To serve a network, give --host 0.0.0.0: then anyone "
                "who can reach this port can play, and write saves.\nEach browser tab is its own game. Ctrl+C stops.")
    return (f"Petrograd 1917 in a browser, on {host} port {port}: open {url} (or this machine's name or address)\n"
            "Anyone who can reach this port can play, and write saves. Each browser tab is its own game. "
            "Ctrl+C stops.")


def cannot_listen(host: str, port: int) -> str:
    """Why `host`:`port` cannot be listened on ("" when it can): in use, no such address, not allowed."""
    try:
        with socket.create_server((host, port)):
            return ""
    except OSError as e:
        return (e.strerror or str(e)).split(" (while")[0]


def serve(host: str = "127.0.0.1", port: int = 8000, story: Path | None = None, saves: Path | None = None,
          public_url: str | None = None, warm: bool = True) -> int:
    """Serve until Ctrl+C or SIGTERM. Returns an exit code; a port that cannot be had is a message."""
    from petrograd1917.webserver import make_server  # textual-serve, aiohttp: only now

    problem = cannot_listen(host, port)
    if problem:  # said before the warm process is started for nothing
        print(f"petrograd1917: cannot serve on {host} port {port}: {problem}", file=sys.stderr)
        return 2
    server = make_server(play_command(story, saves), host, port, public_url, where(host, port), story, saves, warm)
    try:
        server.serve()
    except OSError as e:
        print(f"petrograd1917: cannot serve on {host} port {port}: {e.strerror or e}", file=sys.stderr)
        return 2
    return 0
