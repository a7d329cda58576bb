"""Settings (roost/config.py): defaults < ROOST_* environment < flags, read once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from roost.config import DEFAULT_DATA_DIR, Settings, default_database_url, load_settings


def test_defaults() -> None:
    s = load_settings({})
    assert s == Settings()
    assert s.database_url == "sqlite:///var/roost.sqlite3"
    assert s.database_url == default_database_url(DEFAULT_DATA_DIR)
    assert (s.host, s.port, s.rate_limits, s.worker_id, s.log_level) == (
        "127.0.0.1",
        8080,
        "twitter",
        0,
        "info",
    )
    assert s.public_url is None and s.proxy_headers is False
    assert s.data_dir == Path("var")


def test_default_database_url_is_a_sqlite_file_under_the_data_dir() -> None:
    assert default_database_url(Path("/srv/roost")) == "sqlite:////srv/roost/roost.sqlite3"
    assert default_database_url(Path("rel/dir")) == "sqlite:///rel/dir/roost.sqlite3"


def test_an_explicit_empty_environment_ignores_the_process_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ROOST_WORKER_ID", "9")
    monkeypatch.setenv("ROOST_DATABASE_URL", "sqlite:////from/process.sqlite3")
    assert load_settings({}).worker_id == 0
    assert load_settings().worker_id == 9  # without an environ, os.environ is read
    assert load_settings().database_url == "sqlite:////from/process.sqlite3"


def test_environment_overrides_defaults() -> None:
    env = {
        "ROOST_DATABASE_URL": "postgresql://db/roost",
        "ROOST_PUBLIC_URL": "https://roost.example",
        "ROOST_RATE_LIMITS": "off",
        "ROOST_WORKER_ID": "17",
        "ROOST_LOG_LEVEL": "debug",
        "ROOST_PROXY_HEADERS": "true",
        "ROOST_OAUTH_TIMESTAMP_WINDOW": "30",
        "ROOST_CREDENTIAL_CACHE_TTL": "0.5",
        "UNRELATED": "x",
    }
    s = load_settings(env)
    assert s.database_url == "postgresql://db/roost"
    assert s.public_url == "https://roost.example"
    assert s.rate_limits == "off"
    assert s.worker_id == 17 and type(s.worker_id) is int
    assert s.log_level == "debug"
    assert s.proxy_headers is True
    assert s.oauth_timestamp_window == 30 and type(s.oauth_timestamp_window) is int
    assert s.credential_cache_ttl == 0.5


@pytest.mark.parametrize("raw", ["/etc/roost/limits.toml", "twitter", "off"])
def test_rate_limits_is_passed_through(raw: str) -> None:
    assert load_settings({"ROOST_RATE_LIMITS": raw}).rate_limits == raw


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("TRUE", True), ("yes", True), ("on", True), ("0", False), ("no", False)],
)
def test_boolean_environment_values(raw: str, expected: bool) -> None:
    assert load_settings({"ROOST_PROXY_HEADERS": raw}).proxy_headers is expected


@pytest.mark.parametrize(
    ("var", "raw"),
    [
        ("ROOST_WORKER_ID", "abc"),
        ("ROOST_WORKER_ID", "1.5"),
        ("ROOST_OAUTH_TIMESTAMP_WINDOW", "ten"),
        ("ROOST_CREDENTIAL_CACHE_TTL", "soon"),
    ],
)
def test_a_bad_number_names_the_variable(var: str, raw: str) -> None:
    with pytest.raises(ValueError, match=var):
        load_settings({var: raw})


def test_empty_variables_are_ignored() -> None:
    assert load_settings({"ROOST_WORKER_ID": "", "ROOST_DATABASE_URL": ""}) == Settings()


def test_flags_override_environment() -> None:
    env = {
        "ROOST_WORKER_ID": "3",
        "ROOST_DATABASE_URL": "sqlite:////env.db",
        "ROOST_LOG_LEVEL": "x",
    }
    s = load_settings(env, worker_id=5, database_url="sqlite:////flag.db", port=9000)
    assert (s.worker_id, s.database_url, s.port) == (5, "sqlite:////flag.db", 9000)
    assert s.log_level == "x"  # no flag: the environment stays


def test_flags_that_are_none_do_not_override() -> None:
    env = {"ROOST_WORKER_ID": "3", "ROOST_RATE_LIMITS": "off"}
    s = load_settings(env, worker_id=None, rate_limits=None, host=None, database_url=None)
    assert (s.worker_id, s.rate_limits, s.host) == (3, "off", "127.0.0.1")


def test_false_and_zero_flags_do_override() -> None:
    env = {"ROOST_PROXY_HEADERS": "1", "ROOST_WORKER_ID": "3"}
    s = load_settings(env, proxy_headers=False, worker_id=0)
    assert s.proxy_headers is False and s.worker_id == 0


def test_database_defaults_to_the_data_dir_from_the_environment() -> None:
    s = load_settings({"ROOST_DATA_DIR": "/data/roost"})
    assert s.data_dir == Path("/data/roost")
    assert s.database_url == "sqlite:////data/roost/roost.sqlite3"


def test_database_defaults_to_the_data_dir_flag() -> None:
    s = load_settings({"ROOST_DATA_DIR": "/from/env"}, data_dir=Path("/from/flag"))
    assert s.data_dir == Path("/from/flag")
    assert s.database_url == "sqlite:////from/flag/roost.sqlite3"


def test_an_explicit_database_wins_over_the_data_dir() -> None:
    env = {"ROOST_DATA_DIR": "/data", "ROOST_DATABASE_URL": "postgresql://h/db"}
    assert load_settings(env).database_url == "postgresql://h/db"
    assert load_settings(env, data_dir="/other").database_url == "postgresql://h/db"
    s = load_settings({"ROOST_DATA_DIR": "/data"}, database_url="sqlite:////x.db")
    assert s.database_url == "sqlite:////x.db"
    assert s.data_dir == Path("/data")


def test_settings_are_frozen_and_with_overrides_copies() -> None:
    s = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.worker_id = 4  # type: ignore[misc]
    t = s.with_overrides(worker_id=4, host=None)
    assert (t.worker_id, t.host) == (4, "127.0.0.1")
    assert s.worker_id == 0


def test_media_dir_defaults_under_the_data_dir() -> None:
    assert load_settings({}).media_root == Path("var/media")
    assert load_settings({"ROOST_DATA_DIR": "/srv/roost"}).media_root == Path("/srv/roost/media")
    s = load_settings({"ROOST_MEDIA_DIR": "/blobs"}, media_dir=None)
    assert s.media_dir == Path("/blobs") and s.media_root == Path("/blobs")
    assert load_settings({}, media_dir=Path("/flag")).media_root == Path("/flag")
