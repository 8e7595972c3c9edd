"""The web server behind `petrograd1917 serve`: textual-serve's Server, its games forked from the warm
process (forkserver.py) or, failing that, started one Python per tab; each ended when its tab closes.
Only serve.py imports this module, and only when asked to serve: textual-serve loads nothing before."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from textual_serve.server import Server

from petrograd1917.forkserver import STOP_WAIT, WarmGames

log = logging.getLogger("petrograd1917.serve")


class GameService(AppService):
    """One tab's game: forked from the warm process when there is one."""

    warm: WarmGames | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        if self.warm is not None and self.warm.alive:
            try:
                # textual-serve types this as asyncio's Process; a ForkedGame has the part of it it uses.
                self._process = process = await self.warm.spawn(width, height)  # type: ignore[assignment]
                self._stdin = process.stdin
                return process
            except OSError as e:
                log.warning("the warm process could not start a game (%s); starting one cold", e)
        return await super()._open_app_process(width, height)


async def _no_tab(*_: object) -> None:
    """Where a game with no tab would write: game_environment's service never starts a game."""


def game_environment() -> dict[str, str]:
    """The environment textual-serve gives a game (its web driver, colours, frame rate), less the size,
    which each tab sends: the warm process must import Textual with it."""
    env = GameService("", write_bytes=_no_tab, write_str=_no_tab, close=_no_tab,
                      download_manager=DownloadManager())._build_environment()
    for key in ("COLUMNS", "ROWS"):
        env.pop(key, None)
    return dict(env)


class GameServer(Server):
    def __init__(self, command: str, host: str, port: int, public_url: str | None, intro: str,
                 warm: WarmGames | None) -> None:
        super().__init__(command, host=host, port=port, title="Petrograd 1917", public_url=public_url)
        self.games: set[AppService] = set()
        self.warm = warm
        self.intro = intro

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.WARNING, format="petrograd1917 serve: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        if self.warm is not None:
            if await self.warm.start(game_environment()):
                GameService.warm = self.warm
            else:
                log.warning("the warm process did not start: each tab starts its own Python (slower)")
        print(self.intro, flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        await asyncio.gather(*(end_game(g) for g in list(self.games)))
        if self.warm is not None:
            await self.warm.stop()

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's own handler, with each game's process waited for (or killed) at the end."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        game: AppService | None = None
        try:
            await websocket.prepare(request)

            async def close() -> None:  # aiohttp's close answers whether it closed; the game needs no answer
                await websocket.close()

            game = GameService(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                               close=close, download_manager=self.download_manager)
            self.games.add(game)
            await game.start(width, height)
            await self._process_messages(websocket, game)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one tab's failure is logged; the server and other games go on
            log.warning("a game's connection failed: %r", error)
        finally:
            if game is not None:
                self.games.discard(game)
                await end_game(game)
        return websocket


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, min(1000, int(value or default)))
    except ValueError:
        return default


async def end_game(game: Any) -> None:
    """Ask a game to quit (it saves as it goes), wait a little, then make sure its process is gone."""
    try:
        await asyncio.wait_for(game.stop(), STOP_WAIT)
    except (TimeoutError, Exception):
        pass
    process = game._process
    if process is None or process.returncode is not None:
        return
    try:
        await asyncio.wait_for(process.wait(), STOP_WAIT)
    except TimeoutError:
        process.kill()
        await process.wait()


def make_server(command: str, host: str, port: int, public_url: str | None, intro: str,
                story: Path | None, saves: Path | None, warm: bool = True) -> GameServer:
    return GameServer(command, host, port, public_url, intro, WarmGames(story, saves) if warm else None)
