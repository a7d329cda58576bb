"""The migrated schema compared with roost/store/schema.py (the tests of migrations and of the
loader's bulk paths both ask this)."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from roost.store.schema import metadata


def _not_the_search_index(name: str | None, type_: str, parent: object) -> bool:
    # The search index is engine-specific (an FTS5 table and its shadow tables on SQLite, a
    # tsvector table on PostgreSQL): roost/store/search.py owns it, not schema.py.
    return not (name or "").startswith("status_search")


def schema_differences(conn: Connection) -> list[Any]:
    """What differs between the database on ``conn`` and schema.py (empty: nothing)."""
    ctx = MigrationContext.configure(
        conn, opts={"compare_type": True, "include_name": _not_the_search_index}
    )
    return list(compare_metadata(ctx, metadata))
