"""withholding on the rows it withholds: statuses.withheld_in_countries, users.withheld_in_countries

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 14:00:00

``roost withhold`` wrote its codes to a table of their own (0010), which only the streams'
notices read. REST objects carry them too (a withheld Tweet's ``withheld_in_countries`` and
``withheld_scope``, a withheld User's), and every read of a status or an account already loads
its row (and caches it, so a change reaches other processes with the row): the codes move onto
the rows, NULL where nothing is withheld. Adding a nullable column rewrites no row on either
engine.
"""

from __future__ import annotations

import orjson
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_TABLES = {"status": "statuses", "user": "users"}


def upgrade() -> None:
    for table in _TABLES.values():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("withheld_in_countries", sa.JSON(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT kind, target_id, countries FROM withheld")).all()
    for kind, target_id, countries in rows:
        target = _TABLES.get(kind)
        if target is not None:
            conn.execute(
                sa.text(f"UPDATE {target} SET withheld_in_countries = :c WHERE id = :id"),
                {"c": orjson.dumps(orjson.loads(countries)).decode(), "id": target_id},
            )
    op.drop_table("withheld")


def downgrade() -> None:
    op.create_table(
        "withheld",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("target_id", sa.BigInteger(), nullable=False),
        sa.Column("countries", sa.Text(), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "target_id", name=op.f("pk_withheld")),
    )
    conn = op.get_bind()
    for kind, table in _TABLES.items():
        rows = conn.execute(
            sa.text(
                f"SELECT id, withheld_in_countries FROM {table}"
                " WHERE withheld_in_countries IS NOT NULL"
            )
        ).all()
        for target_id, countries in rows:
            codes = countries if isinstance(countries, list) else orjson.loads(countries)
            if codes:
                conn.execute(
                    sa.text(
                        "INSERT INTO withheld (kind, target_id, countries, created_at_ms)"
                        " VALUES (:k, :id, :c, 0)"
                    ),
                    {"k": kind, "id": target_id, "c": orjson.dumps(codes).decode()},
                )
    for table in _TABLES.values():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("withheld_in_countries")
