"""Collections on the store (roost/store/collections.py, migration 0011), on SQLite and
PostgreSQL: rows, entries, keys, paging, visibility in the query and the cascades."""

from __future__ import annotations

import itertools

import sqlalchemy as sa

from roost.domain.collections import GAP, CollectionRow, Entry
from roost.domain.model import User
from roost.runtime import Runtime
from roost.services import users
from roost.store import schema as t
from tests.support.statuses import plain_statuses

_serial = itertools.count(1)


def person(rt: Runtime, **kw: object) -> User:
    """A fresh account."""
    return users.create_user(rt, f"co{next(_serial):08d}", **kw)  # type: ignore[arg-type]


def statuses(rt: Runtime, author: User, n: int) -> list[int]:
    return plain_statuses(rt, author, n, "collected status")


def new_collection(
    rt: Runtime, owner: User, order: str = "curation_reverse_chron"
) -> CollectionRow:
    """A collection written straight into the store."""
    n = next(_serial)
    row = CollectionRow(rt.next_id(), owner.id, f"C {n}", "", "", order, "public", n, n)
    with rt.store.write() as tx:
        tx.insert_collection(row)
    return row


def put(rt: Runtime, row: CollectionRow, ids: list[int], keys: list[int] | None = None) -> None:
    """Entries for ``ids`` at ``keys`` (default GAP apart, the first lowest)."""
    keys = keys or [GAP * (i + 1) for i in range(len(ids))]
    with rt.store.write() as tx:
        for sid, key in zip(ids, keys, strict=True):
            assert tx.insert_entry(row.id, sid, key, rt.next_id(), 1)


def page(rt: Runtime, row: CollectionRow, viewer: int | None = None, **kw: int) -> list[int]:
    with rt.store.read() as tx:
        entries, _ = tx.entries_page(
            row.id, viewer, kw.get("max_position"), kw.get("min_position"), kw.get("count", 200)
        )
    return [e.status_id for e in entries]


# ------------------------------------------------------------------------------ collections


def test_collection_round_trips_updates_and_deletes(runtime: Runtime) -> None:
    owner = person(runtime)
    row = new_collection(runtime, owner)
    with runtime.store.write() as tx:
        assert tx.collection_by_id(row.id) == row
        assert tx.collection_by_id(row.id + 1) is None
        tx.update_collection(row.id, name="New", description="d", url="https://x.test/", now_ms=99)
        got = tx.collection_by_id(row.id)
    assert got is not None
    assert (got.name, got.description, got.url, got.updated_at_ms) == (
        "New",
        "d",
        "https://x.test/",
        99,
    )
    assert got.created_at_ms == row.created_at_ms and got.timeline_id == f"custom-{row.id}"
    with runtime.store.write() as tx:
        assert tx.lock_collection(row.id, 100)
        assert tx.delete_collection(row.id)
        assert not tx.delete_collection(row.id)
        assert not tx.lock_collection(row.id, 100)


def test_collections_page_by_owner_by_tweet_and_cursor(runtime: Runtime) -> None:
    owner, other = person(runtime), person(runtime)
    mine = [new_collection(runtime, owner) for _ in range(5)]
    theirs = new_collection(runtime, other)
    (sid,) = statuses(runtime, other, 1)
    put(runtime, mine[1], [sid])
    put(runtime, mine[3], [sid])
    put(runtime, theirs, [sid])
    with runtime.store.read() as tx:
        first, more = tx.collections_page(owner.id, None, None, 3)
        assert [r.id for r in first] == [r.id for r in reversed(mine)][:3] and more
        rest, more = tx.collections_page(owner.id, None, first[-1].id, 3)
        assert [r.id for r in rest] == [mine[1].id, mine[0].id] and not more
        holding, _ = tx.collections_page(owner.id, sid, None, 10)
        assert [r.id for r in holding] == [mine[3].id, mine[1].id]
        anyone, _ = tx.collections_page(None, sid, None, 10)
        assert {r.id for r in anyone} == {mine[1].id, mine[3].id, theirs.id}


# ------------------------------------------------------------------------------ entries


def test_entries_insert_once_remove_move_and_count(runtime: Runtime) -> None:
    owner = person(runtime)
    row = new_collection(runtime, owner)
    a, b, c = statuses(runtime, owner, 3)
    put(runtime, row, [a, b, c])
    with runtime.store.write() as tx:
        assert not tx.insert_entry(row.id, a, 77, runtime.next_id(), 1)  # already there
        assert tx.entry(row.id, a) == Entry(a, GAP)
        assert tx.top_sort_index(row.id) == 3 * GAP
        assert tx.entry_keys_around(row.id, 2 * GAP) == (GAP, 3 * GAP)
        assert tx.entry_keys_around(row.id, GAP) == (None, 2 * GAP)
        tx.move_entry(row.id, a, 4 * GAP)
        assert tx.entry_count(row.id) == 3
        assert tx.delete_entry(row.id, b)
        assert not tx.delete_entry(row.id, b)
        assert tx.entry(row.id, b) is None
    assert page(runtime, row) == [a, c]


def test_trim_drops_the_entries_added_longest_ago(runtime: Runtime) -> None:
    owner = person(runtime)
    row = new_collection(runtime, owner)
    ids = statuses(runtime, owner, 5)
    # added in this order, but keyed in the reverse one: trimming follows the adding
    put(runtime, row, ids, [GAP * (5 - i) for i in range(5)])
    with runtime.store.write() as tx:
        assert tx.trim_entries(row.id, 5) == []
        assert tx.trim_entries(row.id, 3) == ids[:2]
        assert tx.entry_count(row.id) == 3
    assert sorted(page(runtime, row)) == sorted(ids[2:])


def test_entries_page_ranges_are_max_inclusive_min_exclusive(runtime: Runtime) -> None:
    owner = person(runtime)
    row = new_collection(runtime, owner)
    ids = statuses(runtime, owner, 5)
    put(runtime, row, ids)  # keys GAP..5*GAP, ids[4] on top
    assert page(runtime, row) == list(reversed(ids))
    assert page(runtime, row, max_position=3 * GAP) == [ids[2], ids[1], ids[0]]
    assert page(runtime, row, min_position=3 * GAP) == [ids[4], ids[3]]
    assert page(runtime, row, max_position=4 * GAP, min_position=GAP) == [ids[3], ids[2], ids[1]]
    with runtime.store.read() as tx:
        entries, more = tx.entries_page(row.id, None, None, None, 2)
        assert [e.sort_index for e in entries] == [5 * GAP, 4 * GAP] and more
        entries, more = tx.entries_page(row.id, None, 2 * GAP, None, 2)
        assert len(entries) == 2 and not more


def test_entries_of_an_author_who_turned_protected_reach_only_approved_viewers(
    runtime: Runtime,
) -> None:
    owner, author, follower, stranger = (person(runtime) for _ in range(4))
    row = new_collection(runtime, owner)
    (mine,) = statuses(runtime, owner, 1)
    (theirs,) = statuses(runtime, author, 1)
    put(runtime, row, [mine, theirs])
    users.follow(runtime, follower, author)
    users.update_settings(runtime, author, protected=True)
    assert page(runtime, row, stranger.id) == [mine]
    assert page(runtime, row, None) == [mine]
    assert page(runtime, row, follower.id) == [theirs, mine]
    assert page(runtime, row, author.id) == [theirs, mine]


def test_set_sort_indexes_rekeys_without_clashes(runtime: Runtime) -> None:
    owner = person(runtime)
    row = new_collection(runtime, owner)
    ids = statuses(runtime, owner, 4)
    put(runtime, row, ids, [1, 2, 3, 4])
    with runtime.store.write() as tx:
        # the new keys overlap the old ones (2 -> 3, 3 -> 4 ...): negation first avoids clashes
        tx.set_sort_indexes(row.id, {ids[0]: 2, ids[1]: 3, ids[2]: 4, ids[3]: 5})
        assert tx.entry_ids_desc(row.id) == list(reversed(ids))
        assert tx.top_sort_index(row.id) == 5


# ------------------------------------------------------------------------------ cascades


def test_deleted_statuses_collections_and_owners_take_their_entries(runtime: Runtime) -> None:
    owner, author = person(runtime), person(runtime)
    one, two = new_collection(runtime, owner), new_collection(runtime, author)
    a, b = statuses(runtime, author, 2)
    put(runtime, one, [a, b])
    put(runtime, two, [a, b])
    with runtime.store.write() as tx:
        held = {k: sorted(v) for k, v in tx.collection_ids_with([a, b]).items()}
        assert held == {a: sorted([one.id, two.id]), b: sorted([one.id, two.id])}
        tx.delete_statuses([a])
    assert page(runtime, one) == [b] and page(runtime, two) == [b]
    with runtime.store.write() as tx:
        assert tx.collection_ids_with([a]) == {}
        tx.delete_collection(one.id)
        assert tx.collection_ids_with([b]) == {b: [two.id]}
        assert tx.entry_count(one.id) == 0
        tx.conn.execute(sa.delete(t.users).where(t.users.c.id == author.id))  # no service yet
        assert tx.collection_by_id(two.id) is None
        assert (
            tx.conn.execute(sa.select(sa.func.count()).select_from(t.collection_entries)).scalar()
            == 0
        )
