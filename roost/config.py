"""Every setting in one frozen object: CLI flags win over ROOST_* environment, which wins over defaults.

The names here are contracts: tools outside the repository set ``ROOST_DATABASE_URL``,
``ROOST_RATE_LIMITS=off`` and friends (see docs/DESIGN.md, "Contracts").
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_DATA_DIR = Path("var")


def default_database_url(data_dir: Path = DEFAULT_DATA_DIR) -> str:
    """The embedded default store: a SQLite file under ./var/."""
    return f"sqlite:///{data_dir / 'roost.sqlite3'}"


@dataclass(frozen=True)
class Settings:
    """Roost's configuration, read once at start-up."""

    database_url: str = field(default_factory=default_database_url)
    host: str = "127.0.0.1"
    port: int = 8080
    public_url: str | None = None
    proxy_headers: bool = False
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    # "twitter" (Twitter's windows), "off" (headers still sent, never a 429) or a TOML path.
    rate_limits: str = "twitter"
    worker_id: int = 0
    log_level: str = "info"
    data_dir: Path = DEFAULT_DATA_DIR
    # Uploaded media (the directory blob store); None: ``<data_dir>/media``.
    media_dir: Path | None = None
    # OAuth 1.0a: how far a request's oauth_timestamp may be from the server clock (seconds).
    # Twitter does not publish its window; oauthlib's default is 600 s.
    oauth_timestamp_window: int = 600
    # How long a credential looked up in the store may be served from memory (seconds). Revocation
    # in this process invalidates at once; the TTL bounds staleness for other processes.
    credential_cache_ttl: float = 5.0
    # How long the caller's own account may be served from memory (seconds); this process's
    # writes evict at once (store/sql.py).
    user_cache_ttl: float = 1.0
    # search/tweets finds statuses of the last this many days, as Twitter's index held "between
    # 6-9 days of Tweets" (the seeds); 0 searches everything (a sandbox's whole history).
    search_window_days: float = 7.0
    # statuses/filter (roost/stream/): blank keep-alive lines after this many seconds of silence
    # (the seeds say 30; twarc reads with a 31 s timeout, so Roost sends them sooner).
    stream_keep_alive: float = 20.0
    # Messages queued for a slow client before disconnect code 4 (a stall warning at 60 %).
    stream_queue: int = 1000
    # Statuses delivered per connection per second; past it, limit notices (0: no limit).
    stream_rate: float = 50.0
    # Connections per access token (a new one closes the oldest, code 7) and per App (0: any
    # number; past it the oldest closes with code 2).
    stream_connections_per_token: int = 1
    stream_connections_per_app: int = 0
    # Connection attempts per access token in 15 minutes before 420 (Twitter's Labs streams: 50).
    stream_reconnects: int = 50
    # Connections this process serves before 503; statuses kept for ``count`` backfill (0: count
    # refused with 416); messages queued over all connections before shedding load (code 12).
    stream_max_connections: int = 10_000
    stream_backfill: int = 10_000
    stream_shed_queued: int = 1_000_000
    # Tweets a collection keeps; adding past it drops the one added longest ago (the seeds:
    # "A collection will store up to a few thousand Tweets").
    collection_max_entries: int = 5000

    @property
    def media_root(self) -> Path:
        """Where the directory blob store keeps uploaded media."""
        return self.media_dir if self.media_dir is not None else self.data_dir / "media"

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the non-None overrides applied (CLI flags)."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


_ENV = {
    "database_url": "ROOST_DATABASE_URL",
    "public_url": "ROOST_PUBLIC_URL",
    "rate_limits": "ROOST_RATE_LIMITS",
    "worker_id": "ROOST_WORKER_ID",
    "log_level": "ROOST_LOG_LEVEL",
    "proxy_headers": "ROOST_PROXY_HEADERS",
    "data_dir": "ROOST_DATA_DIR",
    "media_dir": "ROOST_MEDIA_DIR",
    "oauth_timestamp_window": "ROOST_OAUTH_TIMESTAMP_WINDOW",
    "credential_cache_ttl": "ROOST_CREDENTIAL_CACHE_TTL",
    "user_cache_ttl": "ROOST_USER_CACHE_TTL",
    "search_window_days": "ROOST_SEARCH_WINDOW_DAYS",
    "stream_keep_alive": "ROOST_STREAM_KEEP_ALIVE",
    "stream_queue": "ROOST_STREAM_QUEUE",
    "stream_rate": "ROOST_STREAM_RATE",
    "stream_connections_per_token": "ROOST_STREAM_CONNECTIONS_PER_TOKEN",
    "stream_connections_per_app": "ROOST_STREAM_CONNECTIONS_PER_APP",
    "stream_reconnects": "ROOST_STREAM_RECONNECTS",
    "stream_max_connections": "ROOST_STREAM_MAX_CONNECTIONS",
    "stream_backfill": "ROOST_STREAM_BACKFILL",
    "stream_shed_queued": "ROOST_STREAM_SHED_QUEUED",
    "collection_max_entries": "ROOST_COLLECTION_MAX_ENTRIES",
}


def _coerce(name: str, raw: str) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if kind in ("int",):
        return int(raw)
    if kind in ("float",):
        return float(raw)
    if kind in ("bool",):
        return raw.strip().lower() in ("1", "true", "t", "yes", "on")
    if kind in ("Path", "Path | None"):
        return Path(raw)
    return raw


def load_settings(environ: dict[str, str] | None = None, **flags: Any) -> Settings:
    """Defaults, then ROOST_* variables, then CLI flags (those that are not None)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for name, var in _ENV.items():
        if env.get(var):
            try:
                values[name] = _coerce(name, env[var])
            except ValueError as exc:
                raise ValueError(f"{var}: {exc}") from None
    settings = Settings(**values)
    if "database_url" not in values and flags.get("database_url") is None:
        data_dir = flags.get("data_dir") or settings.data_dir
        settings = replace(settings, database_url=default_database_url(Path(data_dir)))
    return settings.with_overrides(**flags)
