"""The stream hub and connections without HTTP: queues, warnings, shedding and the bus, on a
real SQLite store (the hub renders statuses from it), in one event loop."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
import pytest

from roost.config import Settings
from roost.domain.model import App
from roost.runtime import Runtime
from roost.services import apps, tweets, users
from roost.store import open_store
from roost.stream import messages
from roost.stream.connection import Connection, Limits, Owner
from roost.stream.filters import Filter
from roost.stream.hub import Hub, HubLimits
from roost.stream.predicates import FilterRequest


@pytest.fixture
def rt(tmp_path: Path) -> Runtime:
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    runtime = Runtime(Settings(database_url=url, data_dir=tmp_path), open_store(url))
    yield runtime  # type: ignore[misc]
    runtime.store.close()


def _app(rt: Runtime) -> App:
    app, _ = apps.create_app(rt, "Hub Tests")
    return app


def owner(n: int) -> Owner:
    return Owner(n, f"user{n}", f"{n}-token", 1)


def test_shedding_drops_the_longest_queues_with_code_12(rt: Runtime) -> None:
    poster = users.create_user(rt, "poster")
    app = _app(rt)

    async def scenario() -> tuple[int | None, int | None]:
        hub = Hub(rt, HubLimits(shed_queued=5), Limits(queue=100, rate=0))
        hub.loop = asyncio.get_running_loop()
        greedy = hub.admit(owner(1), FilterRequest(Filter(track=("alpha",))))
        modest = hub.admit(owner(2), FilterRequest(Filter(track=("beta",))))
        tweets.post(rt, poster, app, tweets.PostRequest(status="beta once"))
        for i in range(5):
            tweets.post(rt, poster, app, tweets.PostRequest(status=f"alpha {i}"))
        await asyncio.sleep(0.05)  # the events cross to the loop
        return greedy.closing, modest.closing

    greedy, modest = asyncio.run(scenario())
    assert greedy == messages.SHED_LOAD and modest is None


def test_warning_once_per_interval_and_full_queue_closes_with_code_4() -> None:
    async def scenario() -> tuple[list[bytes], int | None]:
        now = [0.0]
        request = FilterRequest(Filter(track=("x",)), stall_warnings=True)
        conn = Connection(1, owner(1), request, Limits(queue=10), clock=lambda: now[0])
        for i in range(7):
            conn.offer_status(orjson.dumps({"n": i}))
        first = conn._urgent
        conn._urgent = None
        conn.offer_status(b'{"n":7}')  # 80 %: no second warning within 5 minutes
        again = conn._urgent
        now[0] = 301.0
        conn.offer_status(b'{"n":8}')  # 90 %, 5 minutes later: a new warning
        later = conn._urgent
        conn.offer_status(b'{"n":9}')
        conn.offer_status(b'{"n":10}')  # the 11th does not fit: disconnect 4
        return [first or b"", again or b"", later or b""], conn.closing

    (first, again, later), closing = asyncio.run(scenario())
    assert orjson.loads(first)["warning"]["percent_full"] == 60
    assert again == b""
    assert orjson.loads(later)["warning"]["percent_full"] == 90
    assert closing == messages.STALL


def test_delivery_rate_counts_what_it_holds_back() -> None:
    async def scenario() -> tuple[int, int]:
        now = [0.0]
        conn = Connection(
            1, owner(1), FilterRequest(Filter(track=("x",))), Limits(rate=2), clock=lambda: now[0]
        )
        for _ in range(5):
            conn.offer_status(b"{}")
        now[0] = 1.0
        conn.offer_status(b"{}")
        return conn.queued, conn.undelivered

    queued, undelivered = asyncio.run(scenario())
    assert (queued, undelivered) == (3, 3)  # 2 at once, 1 more after a second; 3 held back
