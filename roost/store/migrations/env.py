"""Alembic environment: runs on the engine Roost hands over (see roost/store/migrate.py)."""

from __future__ import annotations

from typing import Any

from alembic import context

from roost.store.schema import metadata


def _sqlite_foreign_keys(connection: Any, on: bool) -> None:
    """SQLite rebuilds a table by copying it and dropping the old one; with foreign keys on,
    that DROP would cascade into every table that references it. The pragma only works outside
    a transaction, so it goes to the driver directly (SQLAlchemy would begin one first)."""
    driver = connection.connection.driver_connection
    if not on:
        driver.execute("PRAGMA foreign_keys=OFF")
        return
    broken = driver.execute("PRAGMA foreign_key_check").fetchall()
    driver.execute("PRAGMA foreign_keys=ON")
    if broken:
        raise RuntimeError(f"a migration left rows without their parents: {broken[:5]}")


engine = context.config.attributes["engine"]
with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys(connection, on=False)
    try:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=sqlite,  # SQLite ALTERs via table copies
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        if sqlite:
            _sqlite_foreign_keys(connection, on=True)
