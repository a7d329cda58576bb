"""What differs between engines, in one place: every dialect-specific statement lives behind this."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine


class Dialect:
    """The engine-specific pieces the dialect-neutral store needs."""

    name = "generic"

    def create_engine(self, url: str) -> Engine:
        """A configured engine for ``url``."""
        raise NotImplementedError

    def start_maintenance(self, engine: Engine) -> Callable[[], None]:
        """Start the engine's background upkeep, if it needs any; returns how to stop it."""
        return _nothing

    def begin_write(self, conn: Connection) -> None:
        """Open a write transaction on ``conn``."""
        conn.begin()

    def insert_ignore(self, table: sa.Table, **values: Any) -> Any:
        """INSERT that does nothing when a unique key already exists (rowcount 0)."""
        raise NotImplementedError


def _nothing() -> None:
    pass
