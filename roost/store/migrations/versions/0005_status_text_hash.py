"""statuses.text_hash for the duplicate rule; partial indexes on the nullable links

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 13:40:00

The duplicate rule used to read the user's newest statuses and compare their texts; a hash of
the text, indexed with the user, makes it one index probe however much the user posts. The
indexes on retweeted/replied-to/quoted status ids become partial (only rows that have the link),
so an ordinary status writes no entry into them.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_BATCH = 5000
_PARTIAL = {
    "ix_statuses_retweeted": ["retweeted_status_id", "id"],
    "ix_statuses_retweeted_by": ["retweeted_status_id", "user_id"],
    "ix_statuses_reply": ["in_reply_to_status_id"],
    "ix_statuses_quoted": ["quoted_status_id"],
}


def _text_hash(text: str) -> int:
    # A copy of roost.store.statuses.text_hash (a migration must not change when the code does).
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def upgrade() -> None:
    with op.batch_alter_table("statuses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text_hash", sa.BigInteger(), nullable=True))
    statuses = sa.table(
        "statuses",
        sa.column("id", sa.BigInteger),
        sa.column("text", sa.Text),
        sa.column("text_hash", sa.BigInteger),
        sa.column("retweeted_status_id", sa.BigInteger),
    )
    conn = op.get_bind()
    last = None
    while True:
        query = sa.select(statuses.c.id, statuses.c.text).where(
            statuses.c.retweeted_status_id.is_(None)
        )
        if last is not None:
            query = query.where(statuses.c.id > last)
        rows = conn.execute(query.order_by(statuses.c.id).limit(_BATCH)).all()
        if not rows:
            break
        conn.execute(
            statuses.update()
            .where(statuses.c.id == sa.bindparam("sid"))
            .values(text_hash=sa.bindparam("h")),
            [{"sid": sid, "h": _text_hash(text)} for sid, text in rows],
        )
        last = rows[-1][0]
    with op.batch_alter_table("statuses", schema=None) as batch_op:
        batch_op.create_index("ix_statuses_user_text", ["user_id", "text_hash", "id"], unique=False)
    for name, columns in _PARTIAL.items():
        where = sa.text(f"{columns[0]} IS NOT NULL")
        op.drop_index(name, table_name="statuses")
        op.create_index(name, "statuses", columns, sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for name, columns in _PARTIAL.items():
        op.drop_index(name, table_name="statuses")
        op.create_index(name, "statuses", columns)
    with op.batch_alter_table("statuses", schema=None) as batch_op:
        batch_op.drop_index("ix_statuses_user_text")
        batch_op.drop_column("text_hash")
