"""What one Roost process holds while it runs: store, id minting, clock, caches and counters.

Services take a ``Runtime`` instead of reaching for globals, so tests and the CLI build their own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from roost.config import Settings
from roost.domain.ids import SnowflakeGenerator
from roost.store.blobs import BlobStore, DirectoryBlobStore
from roost.store.sql import SqlStore
from roost.stream.bus import LocalBus, StreamBus
from roost.timelines.base import TimelineSource
from roost.timelines.sql import SqlTimelines


def wall_clock_ms() -> int:
    """Unix time in milliseconds."""
    return time.time_ns() // 1_000_000


@dataclass
class Runtime:
    """The process-wide collaborators of every use case."""

    settings: Settings
    store: SqlStore
    clock_ms: Callable[[], int] = wall_clock_ms
    ids: SnowflakeGenerator = field(init=False)
    blobs: BlobStore = field(init=False)  # uploaded media files
    timelines: TimelineSource = field(init=False)  # home, user and mentions timelines
    stream: StreamBus = field(default_factory=LocalBus)  # committed changes, for the streams
    _public_hosts: list[str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.ids = SnowflakeGenerator(self.settings.worker_id, self.clock_ms)
        self.blobs = DirectoryBlobStore(self.settings.media_root)
        self.timelines = SqlTimelines(self.store)

    def now_ms(self) -> int:
        """The current time, from the injected clock."""
        return self.clock_ms()

    def settings_public_hosts(self) -> list[str]:
        """Host names of the configured public URL(s): Roost's own permalinks live there.
        Without ``--public-url``, the host Roost serves on (and loopback's names), so the
        permalinks of a sandbox on 127.0.0.1 are its own. Worked out once: settings are fixed."""
        if self._public_hosts is not None:
            return self._public_hosts
        from urllib.parse import urlsplit

        hosts = []
        for url in (self.settings.public_url or "").split(","):
            url = url.strip()
            if url:
                hosts.append(urlsplit(url if "://" in url else f"https://{url}").hostname or "")
        if not any(hosts):
            hosts = ["127.0.0.1", "localhost"]
            if self.settings.host not in ("0.0.0.0", "::", ""):
                hosts.append(self.settings.host)
        self._public_hosts = [h for h in hosts if h]
        return self._public_hosts

    def next_id(self) -> int:
        """A new Snowflake id."""
        return self.ids.next_id()
