"""Withheld statuses and accounts on the store (migration 0014), on both engines."""

from __future__ import annotations

import itertools

import sqlalchemy as sa
from alembic import command

from roost.domain.model import User
from roost.runtime import Runtime
from roost.services import moderation, users
from roost.store import open_store
from roost.store.migrate import alembic_config, upgrade
from tests.support.statuses import plain_statuses

_serial = itertools.count(1)


def person(rt: Runtime) -> User:
    return users.create_user(rt, f"wh{next(_serial):08d}")


def test_withholding_is_on_the_row_and_the_caches_forget_it(runtime: Runtime) -> None:
    author = person(runtime)
    (sid,) = plain_statuses(runtime, author, 1)
    with runtime.store.read() as tx:  # both rows now in this process's caches
        assert tx.status_by_id(sid).withheld_in_countries is None  # type: ignore[union-attr]
        assert tx.user_by_id(author.id).withheld_in_countries is None  # type: ignore[union-attr]
    assert moderation.withhold_status(runtime, sid, ["de", "AR", "DE"]) == ["DE", "AR"]
    assert moderation.withhold_user(runtime, author, ["XX"]) == ["XX"]
    with runtime.store.read() as tx:
        assert tx.status_by_id(sid).withheld_in_countries == ["DE", "AR"]  # type: ignore[union-attr]
        assert tx.statuses_by_ids([sid])[sid].withheld_in_countries == ["DE", "AR"]
        assert tx.user_by_id(author.id).withheld_in_countries == ["XX"]  # type: ignore[union-attr]
        assert tx.withheld_in("status", sid) == ["DE", "AR"]
        assert tx.withheld_in("user", author.id) == ["XX"]
    moderation.withhold_status(runtime, sid, [])  # lifted
    with runtime.store.read() as tx:
        assert tx.status_by_id(sid).withheld_in_countries is None  # type: ignore[union-attr]
        assert tx.withheld_in("status", sid) == []


def test_migration_0014_moves_the_withheld_rows_onto_statuses_and_users(
    database_url: str,
) -> None:
    bare = open_store(database_url, migrate=False)
    try:
        upgrade(bare.engine, "0013")
        with bare.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO users (id, screen_name, screen_name_lower, name, created_at_ms)"
                    " VALUES (7, 'old', 'old', 'Old', 0)"
                )
            )
            for sid in (100, 101):
                conn.execute(
                    sa.text(
                        "INSERT INTO statuses (id, user_id, text, display_end, entities,"
                        " source_name, source_url) VALUES (:id, 7, 'hi', 2, '{}', 'web', 'x')"
                    ),
                    {"id": sid},
                )
            for kind, target, codes in (("status", 100, '["DE","AR"]'), ("user", 7, '["FR"]')):
                conn.execute(
                    sa.text(
                        "INSERT INTO withheld (kind, target_id, countries, created_at_ms)"
                        " VALUES (:k, :t, :c, 0)"
                    ),
                    {"k": kind, "t": target, "c": codes},
                )
        upgrade(bare.engine, "0014")
        assert "withheld" not in sa.inspect(bare.engine).get_table_names()
        with bare.read() as tx:
            assert tx.status_by_id(100).withheld_in_countries == ["DE", "AR"]  # type: ignore[union-attr]
            assert tx.status_by_id(101).withheld_in_countries is None  # type: ignore[union-attr]
            assert tx.user_by_id(7).withheld_in_countries == ["FR"]  # type: ignore[union-attr]
        command.downgrade(alembic_config(bare.engine), "0013")  # and back down
        with bare.engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT kind, target_id, countries FROM withheld ORDER BY kind")
            ).all()
        assert [tuple(r) for r in rows] == [("status", 100, '["DE","AR"]'), ("user", 7, '["FR"]')]
        columns = {c["name"] for c in sa.inspect(bare.engine).get_columns("statuses")}
        assert "withheld_in_countries" not in columns
    finally:
        bare.close()
