"""the search index (status_search), built over the statuses already stored

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 17:00:00

SQLite: an FTS5 table whose rowid is the status id. PostgreSQL: a table of ``tsvector``
documents with a GIN index, its rows going with their statuses. The documents of the statuses
already stored are made by roost/search/indexer.py (progress on stderr; about a minute per
100k statuses on two cores).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from roost.search import indexer
from roost.store.search import SQLITE_CREATE

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(SQLITE_CREATE)
    else:
        op.create_table(
            "status_search",
            sa.Column(
                "status_id",
                sa.BigInteger(),
                sa.ForeignKey("statuses.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column("doc", postgresql.TSVECTOR(), nullable=False),
        )
        op.create_index("ix_status_search_doc", "status_search", ["doc"], postgresql_using="gin")
    indexer.build(bind, indexer.stderr_progress())


def downgrade() -> None:
    op.execute("DROP TABLE status_search")
