"""stream_events (the streams' outbox) and withheld

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 19:15:00

New tables only. ``stream_events.id`` counts up (SQLite's rowid, a PostgreSQL identity): the
order in which other processes' events were written, which every server reads after the last
id it saw.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_ROWID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "stream_events",
        sa.Column("id", _ROWID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stream_events")),
    )
    op.create_table(
        "withheld",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("target_id", sa.BigInteger(), nullable=False),
        sa.Column("countries", sa.Text(), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "target_id", name=op.f("pk_withheld")),
    )


def downgrade() -> None:
    op.drop_table("withheld")
    op.drop_table("stream_events")
