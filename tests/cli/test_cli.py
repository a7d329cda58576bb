"""The ``roost`` command as outside tools call it: exact names, JSON out, one-line failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from roost.config import Settings
from tests.support.clients import tweepy_api
from tests.support.server import start_server


def roost(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m roost ARGS`` the way a user's shell would."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("ROOST_DATABASE_URL", None) if env is None else None
    return subprocess.run(
        [sys.executable, "-m", "roost", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
    )


def ok(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_users_apps_tokens_create(database_url: str) -> None:
    user = ok(
        roost(
            "users",
            "create",
            "Alice_1",
            "--name",
            "Alice",
            "--protected",
            "--geo-enabled",
            "--db",
            database_url,
        )
    )
    assert user["screen_name"] == "Alice_1" and user["name"] == "Alice"
    assert user["protected"] is True and user["geo_enabled"] is True
    assert user["id_str"] == str(user["id"])
    app = ok(
        roost("apps", "create", "My Bot", "--website", "https://bot.example", "--db", database_url)
    )
    for key in ("consumer_key", "consumer_secret", "bearer_token", "client_id", "client_secret"):
        assert isinstance(app[key], str) and len(app[key]) >= 20
    token = ok(
        roost(
            "tokens",
            "create",
            "--consumer-key",
            app["consumer_key"],
            "--screen-name",
            "alice_1",
            "--db",
            database_url,
        )
    )
    assert token["user_id"] == user["id_str"] and token["screen_name"] == "Alice_1"
    assert token["access_token"].startswith(user["id_str"] + "-")
    assert token["access_token_secret"]


def test_read_only_app_and_no_photo_tagging(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    user = ok(roost("users", "create", "bob", "--no-photo-tagging", "--db", db))
    assert user["screen_name"] == "bob"
    app = ok(roost("apps", "create", "Reader", "--read-only", "--db", db))
    assert app["permission"] == "read"
    token = ok(
        roost(
            "tokens",
            "create",
            "--consumer-key",
            app["consumer_key"],
            "--screen-name",
            "bob",
            "--db",
            db,
        )
    )
    assert token["permission"] == "read"


def test_database_url_from_environment(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'env.sqlite3'}"
    ok(roost("users", "create", "carol", env={"ROOST_DATABASE_URL": db}))
    assert (tmp_path / "env.sqlite3").exists()
    dup = roost("users", "create", "CAROL", env={"ROOST_DATABASE_URL": db})
    assert dup.returncode == 1
    assert dup.stderr.count("\n") == 1 and "already taken" in dup.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("users", "create"),
        ("users", "create", "way_too_long_screen_name"),
        ("users", "create", "bad name!"),
        ("apps", "create"),
        ("tokens", "create", "--consumer-key", "nope", "--screen-name", "nobody"),
        ("frobnicate",),
        ("serve", "--port", "notanumber"),
        ("users", "create", "dave", "--db", "mysql://x/y"),
    ],
)
def test_failures_are_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    full = list(args)
    if "--db" not in full and full[0] in ("users", "apps", "tokens"):
        full += ["--db", f"sqlite:///{tmp_path / 'f.sqlite3'}"]
    result = roost(*full)
    assert result.returncode != 0
    assert result.stderr.strip() and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_cli_writes_what_a_running_server_reads(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    server = start_server(Settings(database_url=db))
    try:
        ok(roost("users", "create", "erin", "--db", db))
        app = ok(roost("apps", "create", "Live", "--db", db))
        token = ok(
            roost(
                "tokens",
                "create",
                "--consumer-key",
                app["consumer_key"],
                "--screen-name",
                "erin",
                "--db",
                db,
            )
        )
        api = tweepy_api(
            server.hostport,
            app["consumer_key"],
            app["consumer_secret"],
            token["access_token"],
            token["access_token_secret"],
        )
        assert api.verify_credentials().screen_name == "erin"
    finally:
        server.stop()
