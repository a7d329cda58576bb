"""status_extras: what POST /2/tweets carries beyond a v1.1 status

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 22:40:00

A new table only: a poll, reply_settings and the users tagged in a status's photos, one row
per status that has any, deleted with its status (ON DELETE CASCADE).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "status_extras",
        sa.Column("status_id", sa.BigInteger(), nullable=False),
        sa.Column("poll", sa.Text(), nullable=True),
        sa.Column("reply_settings", sa.String(length=16), nullable=True),
        sa.Column("tagged_user_ids", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["status_id"],
            ["statuses.id"],
            name=op.f("fk_status_extras_status_id_statuses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("status_id", name=op.f("pk_status_extras")),
    )


def downgrade() -> None:
    op.drop_table("status_extras")
