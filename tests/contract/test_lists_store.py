"""Lists on the store (roost/store/lists.py, migration 0008), on SQLite and PostgreSQL: what
lists/* and search's ``list:owner/slug`` read and write."""

from __future__ import annotations

import itertools
import threading

import pytest
import sqlalchemy as sa
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roost.domain.lists import ListRow, slug_of, unique_slug
from roost.domain.model import User
from roost.runtime import Runtime
from roost.services import users
from roost.store import open_store
from roost.store.migrate import alembic_config, upgrade
from tests.support.statuses import plain_statuses

_serial = itertools.count(1)
MAX = (1 << 63) - 1


def person(rt: Runtime, **kw: object) -> User:
    """A fresh account."""
    return users.create_user(rt, f"ls{next(_serial):08d}", **kw)  # type: ignore[arg-type]


def new_list(rt: Runtime, owner: User, slug: str | None = None, mode: str = "public") -> ListRow:
    """A list written straight into the store."""
    n = next(_serial)
    row = ListRow(rt.next_id(), owner.id, f"List {n}", slug or f"list-{n}", "", mode, 0, 0, n)
    with rt.store.write() as tx:
        tx.insert_list(row)
    return row


def add(rt: Runtime, lst: ListRow, user: User, limit: int = 5000) -> str:
    with rt.store.write() as tx:
        return tx.add_list_member(lst.id, user.id, rt.next_id(), 1, limit)


def statuses(rt: Runtime, author: User, n: int) -> list[int]:
    return plain_statuses(rt, author, n, "list status")


# ------------------------------------------------------------------------------ lists


def test_list_round_trips_and_is_found_by_slug_in_any_case(runtime: Runtime) -> None:
    owner, other = person(runtime), person(runtime)
    row = new_list(runtime, owner, slug="official-twitter-accounts", mode="private")
    with runtime.store.read() as tx:
        assert tx.list_by_id(row.id) == row
        assert tx.list_by_slug(owner.id, "Official-Twitter-Accounts") == row
        assert tx.list_by_slug(owner.id, "official-twitter-accounts") == row
        assert tx.list_by_slug(other.id, "official-twitter-accounts") is None
        assert tx.list_by_slug(owner.id, "official") is None
        assert tx.list_by_id(row.id + 1) is None
        assert tx.list_slugs(owner.id) == {"official-twitter-accounts"}
        assert tx.list_slugs(other.id) == set()
    assert row.private and row.mode == "private"


def test_slugs_are_unique_per_owner_regardless_of_case(runtime: Runtime) -> None:
    owner, other = person(runtime), person(runtime)
    new_list(runtime, owner, slug="goggles")
    new_list(runtime, other, slug="goggles")  # another owner may
    with pytest.raises(sa.exc.IntegrityError), runtime.store.write() as tx:
        tx.insert_list(ListRow(runtime.next_id(), owner.id, "G", "GOGGLES", "", "public", 0, 0, 1))


def test_slug_rules() -> None:
    assert slug_of("Official Twitter Accounts") == "official-twitter-accounts"
    assert slug_of("Café & Bar_2") == "cafe---bar_2"
    assert slug_of("ünïcode-ok") == "unicode-ok"
    assert slug_of("日本") == "--"
    assert unique_slug("goggles", set()) == "goggles"
    assert unique_slug("goggles", {"goggles"}) == "goggles1"
    assert unique_slug("goggles", {"goggles", "goggles1", "goggles3"}) == "goggles2"


def test_owner_deletion_cascades_to_lists_and_members(runtime: Runtime) -> None:
    owner, member = person(runtime), person(runtime)
    row = new_list(runtime, owner)
    assert add(runtime, row, member) == "added"
    with runtime.store.write() as tx:
        tx.conn.execute(sa.text("DELETE FROM users WHERE id = :id"), {"id": owner.id})
    with runtime.store.read() as tx:
        assert tx.list_by_id(row.id) is None
        assert tx.list_member_ids(row.id) == []


# ------------------------------------------------------------------------------ members


def test_members_are_counted_in_the_same_unit_of_work(runtime: Runtime) -> None:
    owner, a, b = person(runtime), person(runtime), person(runtime)
    row = new_list(runtime, owner)
    assert add(runtime, row, a) == "added"
    assert add(runtime, row, a) == "present"
    assert add(runtime, row, b) == "added"
    with runtime.store.read() as tx:
        assert tx.list_by_id(row.id).member_count == 2  # type: ignore[union-attr]
        assert tx.list_member_ids(row.id) == [b.id, a.id]  # newest first
        assert tx.is_list_member(row.id, a.id) and not tx.is_list_member(row.id, owner.id)
    with runtime.store.write() as tx:
        assert tx.remove_list_member(row.id, a.id)
        assert not tx.remove_list_member(row.id, a.id)
    with runtime.store.read() as tx:
        assert tx.list_by_id(row.id).member_count == 1  # type: ignore[union-attr]
        assert tx.list_member_ids(row.id) == [b.id]


def test_a_rolled_back_add_leaves_no_count(runtime: Runtime) -> None:
    owner, a = person(runtime), person(runtime)
    row = new_list(runtime, owner)
    with pytest.raises(RuntimeError), runtime.store.write() as tx:
        assert tx.add_list_member(row.id, a.id, runtime.next_id(), 1, 5000) == "added"
        raise RuntimeError("the request failed later")
    with runtime.store.read() as tx:
        assert tx.list_by_id(row.id).member_count == 0  # type: ignore[union-attr]
        assert tx.list_member_ids(row.id) == []


def test_a_full_list_takes_no_one_even_from_concurrent_writers(runtime: Runtime) -> None:
    owner = person(runtime)
    row = new_list(runtime, owner)
    people = [person(runtime) for _ in range(6)]
    assert add(runtime, row, people[0], limit=3) == "added"
    results: list[str] = []
    lock = threading.Lock()

    def join(user: User) -> None:
        outcome = add(runtime, row, user, limit=3)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=join, args=(u,)) for u in people[1:]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["added", "added", "full", "full", "full"]
    with runtime.store.read() as tx:
        assert tx.list_by_id(row.id).member_count == 3  # type: ignore[union-attr]
        assert len(tx.list_member_ids(row.id)) == 3
    assert add(runtime, row, people[0], limit=3) == "present"  # a member is never "full"


def test_member_pages_walk_newest_first(runtime: Runtime) -> None:
    owner = person(runtime)
    row = new_list(runtime, owner)
    people = [person(runtime) for _ in range(7)]
    for user in people:
        add(runtime, row, user)
    newest = [u.id for u in reversed(people)]
    seen: list[int] = []
    cursor = -1
    with runtime.store.read() as tx:
        while True:
            page = tx.list_member_page(row.id, cursor, 3)
            seen += page.ids
            if not page.next_cursor:
                break
            cursor = page.next_cursor
        assert seen == newest
        back = tx.list_member_page(row.id, page.previous_cursor, 3)
        assert back.ids == newest[3:6]


def test_forget_listed_lowers_listed_count_never_below_zero(runtime: Runtime) -> None:
    a, b = person(runtime), person(runtime)
    with runtime.store.write() as tx:
        tx.adjust_user_counts(a.id, listed_count=2)
        tx.forget_listed([a.id, b.id])
    with runtime.store.read() as tx:
        found = tx.users_by_ids([a.id, b.id])
    assert (found[a.id].listed_count, found[b.id].listed_count) == (1, 0)


def test_delete_list_takes_its_members(runtime: Runtime) -> None:
    owner, a = person(runtime), person(runtime)
    row, kept = new_list(runtime, owner), new_list(runtime, owner)
    add(runtime, row, a)
    add(runtime, kept, a)
    with runtime.store.write() as tx:
        assert tx.delete_list(row.id)
        assert not tx.delete_list(row.id)
    with runtime.store.read() as tx:
        assert tx.list_by_id(row.id) is None and tx.list_member_ids(row.id) == []
        assert tx.list_member_ids(kept.id) == [a.id]


# ------------------------------------------------------------------------------ statuses


def test_list_timeline_is_the_visible_members_newest_first(runtime: Runtime) -> None:
    owner, public, locked, outsider = (
        person(runtime),
        person(runtime),
        person(runtime, protected=True),
        person(runtime),
    )
    fan = person(runtime)
    users.follow(runtime, fan, locked)
    users.answer_request(runtime, locked, fan, approve=True)
    row = new_list(runtime, owner)
    add(runtime, row, public)
    add(runtime, row, locked)
    mine = statuses(runtime, public, 3)
    theirs = statuses(runtime, locked, 2)
    statuses(runtime, outsider, 2)
    everything = sorted(mine + theirs, reverse=True)
    with runtime.store.read() as tx:
        read = tx.list_timeline_ids
        assert read(row.id, owner.id, 0, MAX, 20) == mine[::-1]
        assert read(row.id, None, 0, MAX, 20) == mine[::-1]  # app-only
        assert read(row.id, fan.id, 0, MAX, 20) == everything
        assert read(row.id, locked.id, 0, MAX, 20) == everything
        assert read(row.id, fan.id, 0, MAX, 2) == everything[:2]
        assert read(row.id, fan.id, everything[3], everything[1], 20) == everything[1:3]
        assert read(row.id + 1, fan.id, 0, MAX, 20) == []


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sizes=st.lists(st.integers(0, 12), min_size=1, max_size=5),
    count=st.integers(1, 30),
    cut=st.floats(0, 1),
)
def test_list_timeline_pages_like_a_model(
    runtime: Runtime, sizes: list[int], count: int, cut: float
) -> None:
    """Paging by max_id = lowest - 1 returns every member status once, newest first."""
    owner = person(runtime)
    row = new_list(runtime, owner)
    written: list[int] = []
    for size in sizes:
        member = person(runtime)
        add(runtime, row, member)
        written += statuses(runtime, member, size)
    model = sorted(written, reverse=True)
    since = model[int(cut * (len(model) - 1))] if model else 0
    seen: list[int] = []
    high = MAX
    with runtime.store.read() as tx:
        while page := tx.list_timeline_ids(row.id, owner.id, since, high, count):
            assert len(page) <= count
            seen += page
            high = page[-1] - 1
    assert seen == [i for i in model if i > since]


# ------------------------------------------------------------------------------ migration


def test_migration_0008_keeps_existing_rows_and_adds_empty_lists(database_url: str) -> None:
    """A store written at 0007 keeps every row through 0008, which only adds tables."""
    bare = open_store(database_url, migrate=False)
    try:
        upgrade(bare.engine, "0007")
        with bare.engine.begin() as conn:
            for uid, name in ((7, "old"), (8, "older")):
                conn.execute(
                    sa.text(
                        "INSERT INTO users (id, screen_name, screen_name_lower, name,"
                        " created_at_ms, listed_count) VALUES (:id, :n, :n, 'Old', 0, 3)"
                    ),
                    {"id": uid, "n": name},
                )
            conn.execute(
                sa.text(
                    "INSERT INTO statuses (id, user_id, text, display_end, entities,"
                    " source_name, source_url) VALUES (100, 7, 'hi', 2, '{}', 'web', 'x')"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO follows (follower_id, followee_id, id, created_at_ms)"
                    " VALUES (8, 7, 1, 0)"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO favorites (user_id, status_id, id, created_at_ms)"
                    " VALUES (8, 100, 2, 0)"
                )
            )
        upgrade(bare.engine, "0008")
        with bare.engine.begin() as conn:
            counts = {
                table: conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                for table in ("users", "statuses", "follows", "favorites", "lists", "list_members")
            }
            assert counts == {
                "users": 2,
                "statuses": 1,
                "follows": 1,
                "favorites": 1,
                "lists": 0,
                "list_members": 0,
            }
            assert (
                conn.execute(sa.text("SELECT listed_count FROM users WHERE id = 7")).scalar() == 3
            )
            version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            assert version == "0008"
            conn.execute(
                sa.text(
                    "INSERT INTO lists (id, owner_id, name, slug, slug_lower, created_at_ms)"
                    " VALUES (50, 7, 'Mine', 'mine', 'mine', 0)"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO list_members (list_id, user_id, id, created_at_ms)"
                    " VALUES (50, 8, 3, 0)"
                )
            )
            row = conn.execute(
                sa.text("SELECT description, mode, member_count, subscriber_count FROM lists")
            ).one()
            assert tuple(row) == ("", "public", 0, 0)  # the server defaults
            if bare.dialect == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                # lists.id is the rowid: no index of its own beside the table
                indexes = conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE tbl_name = 'lists' AND type = 'index'"
                ).all()
                assert [n for (n,) in indexes] == ["sqlite_autoindex_lists_1"]  # the unique slug
            conn.execute(sa.text("DELETE FROM lists WHERE id = 50"))  # members go with it
            assert conn.execute(sa.text("SELECT count(*) FROM list_members")).scalar() == 0
        command.downgrade(alembic_config(bare.engine), "0007")  # and back down
        assert "lists" not in sa.inspect(bare.engine).get_table_names()
    finally:
        bare.close()
