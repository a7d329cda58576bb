"""users.id and statuses.id become SQLite's rowid

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 15:00:00

A ``BIGINT PRIMARY KEY`` is not SQLite's rowid: the tables were rebuilt with ``INTEGER PRIMARY
KEY`` ids (64-bit in SQLite), so a lookup by id searches one B-tree instead of two and an
insert writes one index fewer. PostgreSQL keeps BIGINT: nothing to do there. The rebuild runs
with foreign keys off (migrations/env.py), and checks them after.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_TABLES = ("users", "statuses")


def _retype(to: sa.types.TypeEngine[int], old: sa.types.TypeEngine[int]) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in _TABLES:
        with op.batch_alter_table(table, recreate="always") as batch_op:
            batch_op.alter_column(
                "id", existing_type=old, type_=to, existing_nullable=False, autoincrement=False
            )


def upgrade() -> None:
    _retype(sa.Integer(), sa.BigInteger())


def downgrade() -> None:
    _retype(sa.BigInteger(), sa.Integer())
