"""lists and list_members (Twitter Lists)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 17:00:00

New tables only: nothing existing is rewritten. ``lists.id`` is SQLite's rowid (``INTEGER
PRIMARY KEY``, 64-bit), BIGINT on PostgreSQL, as 0007 made ``users.id`` and ``statuses.id``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_ROWID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "lists",
        sa.Column("id", _ROWID, autoincrement=False, nullable=False),
        sa.Column("owner_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=25), nullable=False),
        sa.Column("slug", sa.String(length=32), nullable=False),
        sa.Column("slug_lower", sa.String(length=32), nullable=False),
        sa.Column("description", sa.String(length=100), server_default="", nullable=False),
        sa.Column("mode", sa.String(length=8), server_default="public", nullable=False),
        sa.Column("member_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("subscriber_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_lists_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lists")),
        sa.UniqueConstraint("owner_id", "slug_lower", name=op.f("uq_lists_owner_id")),
    )
    op.create_table(
        "list_members",
        sa.Column("list_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["lists.id"],
            name=op.f("fk_list_members_list_id_lists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_list_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("list_id", "user_id", name=op.f("pk_list_members")),
    )
    with op.batch_alter_table("list_members", schema=None) as batch_op:
        batch_op.create_index("ix_list_members_list", ["list_id", "id"], unique=False)
        batch_op.create_index("ix_list_members_user", ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("list_members", schema=None) as batch_op:
        batch_op.drop_index("ix_list_members_user")
        batch_op.drop_index("ix_list_members_list")
    op.drop_table("list_members")
    op.drop_table("lists")
