"""An ASGI app served by uvicorn in a child process, configured as ``roost serve`` configures it.

The app is named by an import path (``"module:factory"``) and built inside the child, so the
child is a clean ``spawn`` process that shares nothing with the load generator but the socket.
"""

from __future__ import annotations

import cProfile
import importlib
import multiprocessing
import os
import signal
import socket
import time
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import Any

HOST = "127.0.0.1"
# The same server settings as roost/cli/serve.py, for Roost and for every baseline alike:
# "auto" picks uvloop and httptools when they are installed (they are Roost dependencies).
UVICORN_OPTIONS: dict[str, Any] = {
    "log_level": "warning",
    "access_log": False,
    "server_header": False,
    "loop": "auto",
    "http": "auto",
}
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class AppSpec:
    """An ASGI app to build in the child: ``factory`` is ``"module:function"``, called with kwargs."""

    factory: str
    kwargs: dict[str, Any] = field(default_factory=dict)

    def build(self) -> Any:
        """Import the factory and call it."""
        module, _, name = self.factory.partition(":")
        return getattr(importlib.import_module(module), name)(**self.kwargs)


def resolved_stack() -> dict[str, str]:
    """What uvicorn's "auto" resolves to on this machine (loop and HTTP parser)."""

    def has(module: str) -> bool:
        try:
            importlib.import_module(module)
        except ImportError:
            return False
        return True

    import uvicorn

    return {
        "server": f"uvicorn {uvicorn.__version__}",
        "loop": "uvloop" if has("uvloop") else "asyncio",
        "http": "httptools" if has("httptools") else "h11",
    }


def free_port() -> int:
    """A TCP port on the loopback interface that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _serve(spec: AppSpec, port: int, profile_path: str | None) -> None:
    """Child entry: build the app and serve it until SIGTERM (uvicorn shuts down gracefully)."""
    import uvicorn

    app = spec.build()
    # uvicorn shuts down on SIGTERM, then restores the previous handler and raises the signal
    # again: make that previous handler a clean exit, so the ``finally`` below gets to run.
    signal.signal(signal.SIGTERM, _exit)
    profiler = cProfile.Profile() if profile_path else None
    if profiler is not None:
        profiler.enable()
    try:
        uvicorn.run(app, host=HOST, port=port, **UVICORN_OPTIONS)
    finally:
        if profiler is not None and profile_path:
            profiler.disable()
            profiler.dump_stats(profile_path)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far, from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat", "rb") as fh:
        stat = fh.read()
    # Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    rest = stat.rsplit(b")", 1)[1].split()
    return (int(rest[11]) + int(rest[12])) / _CLOCK_TICKS


class Server:
    """One uvicorn worker process serving ``spec`` on a free loopback port."""

    def __init__(self, name: str, spec: AppSpec, profile_path: str | None = None) -> None:
        self.name = name
        self.spec = spec
        self.port = free_port()
        self._profile_path = profile_path
        self._process: BaseProcess | None = None

    @property
    def pid(self) -> int:
        """The server process id."""
        assert self._process is not None and self._process.pid is not None
        return self._process.pid

    def start(self, timeout_s: float = 30.0) -> None:
        """Start the child and wait until it accepts connections."""
        ctx = multiprocessing.get_context("spawn")
        self._process = ctx.Process(
            target=_serve,
            args=(self.spec, self.port, self._profile_path),
            name=f"bench-{self.name}",
            daemon=True,
        )
        self._process.start()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not self._process.is_alive():
                raise RuntimeError(f"{self.name} server exited with {self._process.exitcode}")
            try:
                socket.create_connection((HOST, self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} server did not listen on port {self.port}")

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far."""
        return cpu_seconds(self.pid)

    def stop(self, timeout_s: float = 15.0) -> None:
        """SIGTERM (graceful: a profile gets written), then SIGKILL if it lingers."""
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        process.join(timeout_s)
        if process.is_alive():
            process.kill()
            process.join()

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
