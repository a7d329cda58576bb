"""collections and collection_entries (Twitter Collections)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 20:30:00

New tables only. ``collections.id`` is SQLite's rowid (``INTEGER PRIMARY KEY``), BIGINT on
PostgreSQL, as 0007 made the hot tables. ``collection_entries`` cascades from statuses,
collections and (through collections) users, so a deleted tweet leaves every collection in the
same statement that deletes it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_ROWID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "collections",
        sa.Column("id", _ROWID, autoincrement=False, nullable=False),
        sa.Column("owner_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=25), nullable=False),
        sa.Column("description", sa.String(length=160), server_default="", nullable=False),
        sa.Column("url", sa.String(length=255), server_default="", nullable=False),
        sa.Column("timeline_order", sa.String(length=24), nullable=False),
        sa.Column("visibility", sa.String(length=8), server_default="public", nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_collections_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collections")),
    )
    with op.batch_alter_table("collections", schema=None) as batch_op:
        batch_op.create_index("ix_collections_owner", ["owner_id", "id"], unique=False)
    op.create_table(
        "collection_entries",
        sa.Column("collection_id", sa.BigInteger(), nullable=False),
        sa.Column("status_id", sa.BigInteger(), nullable=False),
        sa.Column("sort_index", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("added_at_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["collections.id"],
            name=op.f("fk_collection_entries_collection_id_collections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["status_id"],
            ["statuses.id"],
            name=op.f("fk_collection_entries_status_id_statuses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("collection_id", "status_id", name=op.f("pk_collection_entries")),
    )
    with op.batch_alter_table("collection_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_collection_entries_position", ["collection_id", "sort_index"], unique=True
        )
        batch_op.create_index("ix_collection_entries_added", ["collection_id", "id"], unique=False)
        batch_op.create_index(
            "ix_collection_entries_status", ["status_id", "collection_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("collection_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_collection_entries_status")
        batch_op.drop_index("ix_collection_entries_added")
        batch_op.drop_index("ix_collection_entries_position")
    op.drop_table("collection_entries")
    with op.batch_alter_table("collections", schema=None) as batch_op:
        batch_op.drop_index("ix_collections_owner")
    op.drop_table("collections")
