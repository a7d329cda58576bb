"""A real Roost server on a loopback port, in a background thread, for client tests."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

import uvicorn

from roost.app import AppState, create_app
from roost.config import Settings
from roost.runtime import Runtime
from roost.server import RoostServer
from roost.store import open_store


@dataclass
class LiveServer:
    """A running server: its URL, settings and the runtime tests use to set up data."""

    settings: Settings
    runtime: Runtime
    host: str
    port: int
    _server: uvicorn.Server
    _thread: threading.Thread
    app: object = None

    def app_state(self) -> AppState:
        """The application's shared state (its stream hub, limiter, ...)."""
        return self.app.state  # type: ignore[attr-defined]

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://{self.host}:{self.port}"

    @property
    def hostport(self) -> str:
        """127.0.0.1:PORT, what tweepy's ``host=`` takes."""
        return f"{self.host}:{self.port}"

    def stop(self) -> None:
        """Shut the server down and wait for it."""
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self.runtime.store.close()


def serve_app(app: object) -> tuple[uvicorn.Server, threading.Thread, int]:
    """Serve any ASGI app with uvicorn on a free loopback port, in a daemon thread."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")  # type: ignore[arg-type]
    server = RoostServer(config)

    def serve() -> None:
        asyncio.run(server.serve(sockets=[sock]))

    thread = threading.Thread(target=serve, name=f"roost-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    return server, thread, port


def start_server(settings: Settings) -> LiveServer:
    """Serve ``create_app(settings)`` on a free loopback port until ``stop()``."""
    server_runtime = Runtime(
        settings, open_store(settings.database_url, user_cache_ttl=settings.user_cache_ttl)
    )
    app = create_app(settings, server_runtime)
    server, thread, port = serve_app(app)
    # Tests set up data through the server's own runtime: its writes evict the store's caches
    # at once, as a request's would (another process's writes show within the caches' TTL;
    # tests/cli cover those).
    return LiveServer(settings, server_runtime, "127.0.0.1", port, server, thread, app)


def roost_cli(live: LiveServer, *args: str) -> dict[str, Any]:
    """Run the ``roost`` command on the live server's database, as an operator would (its own
    process: what it writes reaches the server as another process's writes do)."""
    done = subprocess.run(
        [sys.executable, "-m", "roost", *args, "--db", live.settings.database_url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
