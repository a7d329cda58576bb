"""``roost serve`` as a user starts it: demo keys printed, the snippet works, kill -9 loses nothing."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.support.clients import tweepy_api


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(db: str, port: int) -> tuple[subprocess.Popen[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROOST_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "roost", "serve", "--port", str(port), "--db", db],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    keys: dict[str, str] = {}
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    for line in proc.stdout:
        m = re.match(
            r"\s+(consumer key|consumer secret|access token secret|access token|"
            r"bearer token)\s+(\S+)$",
            line,
        )
        if m:
            keys[m.group(1)] = m.group(2)
        if "Try it with tweepy" in line or time.monotonic() > deadline:
            break
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.05)
    return proc, keys


def test_serve_prints_working_demo_keys_and_survives_kill_9(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    port = _free_port()
    proc, keys = _start(db, port)
    try:
        assert set(keys) == {
            "consumer key",
            "consumer secret",
            "access token",
            "access token secret",
            "bearer token",
        }
        api = tweepy_api(
            f"127.0.0.1:{port}",
            keys["consumer key"],
            keys["consumer secret"],
            keys["access token"],
            keys["access token secret"],
        )
        assert api.verify_credentials().screen_name == "demo"
        app_only = tweepy_api(f"127.0.0.1:{port}", "", "", bearer=keys["bearer token"])
        assert app_only.get_user(screen_name="demo").screen_name == "demo"
        subprocess.run(
            [sys.executable, "-m", "roost", "users", "create", "friend", "--db", db],
            check=True,
            capture_output=True,
        )
        api.create_friendship(screen_name="friend")  # answered 200: it must survive kill -9
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()  # type: ignore[union-attr]

    port = _free_port()
    proc, again = _start(db, port)
    try:
        assert again == keys  # the same demo App and user, not new ones
        api = tweepy_api(
            f"127.0.0.1:{port}",
            keys["consumer key"],
            keys["consumer secret"],
            keys["access token"],
            keys["access token secret"],
        )
        assert api.verify_credentials().friends_count == 1
        assert api.get_friendship(target_screen_name="friend")[0].following
    finally:
        proc.send_signal(signal.SIGTERM)
        # uvicorn shuts down cleanly, then re-raises the signal it caught
        assert proc.wait(15) in (0, -signal.SIGTERM)
        proc.stdout.close()  # type: ignore[union-attr]
