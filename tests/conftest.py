"""Fixtures: the stores (a real SQLite file and a real PostgreSQL), live servers, the cast.

PostgreSQL comes from ROOST_TEST_POSTGRES_URL (``make test`` starts a throwaway cluster and sets
it). Without it the PostgreSQL half is skipped, unless ROOST_REQUIRE_POSTGRES=1 (``make test``,
CI) turns that into a failure, so a missing server can never pass as green.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings

from roost.config import Settings
from roost.runtime import Runtime
from roost.store import open_store
from roost.store.postgres import normalize_url
from tests.support.cast import Cast, make_cast
from tests.support.server import LiveServer, start_server

BACKENDS = ["sqlite", "postgres"]

# Property tests draw the same examples on every run (CI's verdict never depends on luck);
# HYPOTHESIS_PROFILE=explore draws fresh ones, many more, to hunt for new failures.
settings.register_profile("roost", derandomize=True, print_blob=True)
settings.register_profile("explore", max_examples=2000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "roost"))


def _postgres_base() -> str | None:
    url = os.environ.get("ROOST_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("ROOST_REQUIRE_POSTGRES") == "1":
            pytest.fail("ROOST_TEST_POSTGRES_URL is not set but PostgreSQL is required")
        pytest.skip("PostgreSQL not configured (set ROOST_TEST_POSTGRES_URL or run make test)")
    return url


def fresh_database_url(backend: str, tmp_dir: Path) -> str:
    """A new, empty database of the given backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir / f'roost-{uuid.uuid4().hex[:8]}.sqlite3'}"
    base = _postgres_base()
    assert base is not None
    name = f"roost_test_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(normalize_url(base), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return (
        sa.engine.make_url(normalize_url(base))
        .set(database=name)
        .render_as_string(hide_password=False)
    )


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each test that uses a store runs on SQLite and on PostgreSQL."""
    return request.param


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> str:
    """A fresh database for one test."""
    return fresh_database_url(backend, tmp_path)


@pytest.fixture
def runtime(database_url: str, tmp_path: Path) -> Iterator[Runtime]:
    """A runtime on a fresh, migrated database (uploaded media under the test's tmp dir)."""
    settings = Settings(database_url=database_url, data_dir=tmp_path)
    rt = Runtime(settings, open_store(database_url))
    yield rt
    rt.store.close()


_servers: dict[str, LiveServer] = {}


@pytest.fixture(scope="session")
def server_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Start servers on demand, one per backend and settings, stopped at the end of the session."""
    started: list[LiveServer] = []

    def start(backend: str, **settings: object) -> LiveServer:
        url = fresh_database_url(backend, tmp_path_factory.mktemp("db"))
        settings.setdefault("data_dir", tmp_path_factory.mktemp("data"))  # media files
        server = start_server(Settings(database_url=url, **settings))  # type: ignore[arg-type]
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def server(backend: str, server_factory) -> LiveServer:  # noqa: ANN001
    """The session's live server for this backend (Twitter's rate limits in force)."""
    if backend not in _servers:
        _servers[backend] = server_factory(backend)
    return _servers[backend]


@pytest.fixture
def cast(server: LiveServer) -> Cast:
    """Fresh accounts on the live server: owner, plain, protected, approved follower."""
    return make_cast(server.runtime, server.hostport)
