"""The collections use cases (roost/services/collections.py) on SQLite and PostgreSQL: who may
write, the per-change errors, curated placement, the cap, paging while entries arrive, and a
deleted tweet leaving every collection."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roost.domain.collections import GAP, Change, ChangeError, CollectionRow, NotCurated
from roost.domain.errors import (
    NotPermitted,
    PageNotFound,
    ParameterInvalid,
    ParameterMissing,
)
from roost.runtime import Runtime
from roost.services import collections as svc
from roost.services import tweets, users
from tests.contract.test_collections_store import person, statuses


def order_of(rt: Runtime, row: CollectionRow, viewer: int | None = None) -> list[int]:
    """The whole collection as entries shows it (one page of 200)."""
    return [e.status_id for e in svc.entries(rt, viewer, row.id, count=200).entries]


def all_pages(rt: Runtime, row: CollectionRow, count: int) -> list[int]:
    """Every entry, following min_position -> max_position until was_truncated is false."""
    seen: list[int] = []
    page = svc.entries(rt, None, row.id, count=count)
    while True:
        seen.extend(e.status_id for e in page.entries)
        if not page.was_truncated:
            return seen
        page = svc.entries(rt, None, row.id, count=count, max_position=page.min_position)


# ------------------------------------------------------------------------------ collections


def test_create_show_update_destroy(runtime: Runtime) -> None:
    owner, other = person(runtime), person(runtime)
    row = svc.create(runtime, owner, " Sweet Tweets ", description="My favorite tweets ever")
    assert (row.name, row.timeline_order, row.visibility, row.url) == (
        "Sweet Tweets",
        "curation_reverse_chron",
        "public",
        "",
    )
    assert svc.show(runtime, row.id) == row
    with pytest.raises(NotPermitted):
        svc.update(runtime, other, row.id, name="Mine now")
    # no partial updates: an omitted description or url is the empty string, the name stays
    changed = svc.update(runtime, owner, row.id, url="https://example.com/")
    assert (changed.name, changed.description, changed.url) == (
        "Sweet Tweets",
        "",
        "https://example.com/",
    )
    assert svc.update(runtime, owner, row.id, name="Subtweets").name == "Subtweets"
    with pytest.raises(NotPermitted):
        svc.destroy(runtime, other, row.id)
    svc.destroy(runtime, owner, row.id)
    with pytest.raises(PageNotFound):
        svc.show(runtime, row.id)
    with pytest.raises(PageNotFound):
        svc.destroy(runtime, owner, row.id)


def test_create_checks_its_parameters(runtime: Runtime) -> None:
    owner = person(runtime)
    with pytest.raises(ParameterMissing):
        svc.create(runtime, owner, "")
    with pytest.raises(ParameterInvalid):
        svc.create(runtime, owner, "n" * 26)
    with pytest.raises(ParameterInvalid):
        svc.create(runtime, owner, "ok", description="d" * 161)
    with pytest.raises(ParameterInvalid):
        svc.create(runtime, owner, "ok", url="not a url")
    with pytest.raises(ParameterInvalid):
        svc.create(runtime, owner, "ok", timeline_order="random")


def test_a_protected_owner_keeps_public_collections_anyone_reads(runtime: Runtime) -> None:
    owner, reader = person(runtime), person(runtime)
    (sid,) = statuses(runtime, owner, 1)
    row = svc.create(runtime, owner, "Mine")
    assert svc.entries_add(runtime, owner, row.id, sid) == []
    users.update_settings(runtime, owner, protected=True)
    assert svc.show(runtime, row.id).visibility == "public"
    # the collection is readable; the owner's now-protected tweet is not, to a stranger
    assert order_of(runtime, row, reader.id) == []
    assert order_of(runtime, row, owner.id) == [sid]


def test_list_by_owner_and_by_tweet_with_cursor(runtime: Runtime) -> None:
    owner = person(runtime)
    (sid,) = statuses(runtime, owner, 1)
    made = [svc.create(runtime, owner, f"C{i}") for i in range(5)]
    svc.entries_add(runtime, owner, made[2].id, sid)
    first = svc.list_collections(runtime, owner.id, count=3)
    assert [r.id for r in first.collections] == [r.id for r in made[::-1][:3]]
    rest = svc.list_collections(runtime, owner.id, count=3, cursor=first.next_cursor)
    assert [r.id for r in rest.collections] == [made[1].id, made[0].id]
    assert rest.next_cursor is None
    holding = svc.list_collections(runtime, owner.id, tweet_id=sid)
    assert [r.id for r in holding.collections] == [made[2].id]


# ------------------------------------------------------------------------------ changes


def test_add_refusals_are_per_change_errors(runtime: Runtime) -> None:
    owner, shy, other = person(runtime), person(runtime, protected=True), person(runtime)
    (sid,) = statuses(runtime, owner, 1)
    (hidden,) = statuses(runtime, shy, 1)
    row = svc.create(runtime, owner, "C")
    assert svc.entries_add(runtime, owner, row.id, sid) == []
    assert svc.entries_add(runtime, owner, row.id, sid) == [
        ChangeError(Change("add", sid), "duplicate")
    ]
    assert svc.entries_add(runtime, owner, row.id, sid + 12345) == [
        ChangeError(Change("add", sid + 12345), "not_found")
    ]
    assert svc.entries_add(runtime, owner, row.id, hidden) == [
        ChangeError(Change("add", hidden), "protected")
    ]
    with pytest.raises(NotPermitted):
        svc.entries_add(runtime, other, row.id, sid)
    with pytest.raises(PageNotFound):
        svc.entries_add(runtime, owner, row.id + 1, sid)
    assert svc.entries_remove(runtime, owner, row.id, sid) == []
    assert svc.entries_remove(runtime, owner, row.id, sid) == [
        ChangeError(Change("remove", sid), "not_found")
    ]


def test_new_entries_go_on_top_and_relative_to_places_them(runtime: Runtime) -> None:
    owner = person(runtime)
    a, b, c, d, e = statuses(runtime, owner, 5)
    row = svc.create(runtime, owner, "C")
    for sid in (c, a, b):  # curation order, not tweet order
        svc.entries_add(runtime, owner, row.id, sid)
    assert order_of(runtime, row) == [b, a, c]
    svc.entries_add(runtime, owner, row.id, d, relative_to=c)  # above c
    svc.entries_add(runtime, owner, row.id, e, relative_to=b, above=False)
    assert order_of(runtime, row) == [b, e, a, d, c]
    assert svc.entries_move(runtime, owner, row.id, b, c, above=False) == []
    assert order_of(runtime, row) == [e, a, d, c, b]
    assert svc.entries_move(runtime, owner, row.id, c, e) == []
    assert order_of(runtime, row) == [c, e, a, d, b]
    assert svc.entries_move(runtime, owner, row.id, a, a + 999) == [
        ChangeError(Change("move", a), "not_found")
    ]


def test_tweet_orders_ignore_curation(runtime: Runtime) -> None:
    owner = person(runtime)
    ids = statuses(runtime, owner, 3)
    chron = svc.create(runtime, owner, "Old first", timeline_order="tweet_chron")
    newest = svc.create(runtime, owner, "New first", timeline_order="tweet_reverse_chron")
    for row in (chron, newest):
        for sid in (ids[1], ids[2], ids[0]):
            svc.entries_add(runtime, owner, row.id, sid, relative_to=ids[1])
    assert order_of(runtime, chron) == ids
    assert order_of(runtime, newest) == ids[::-1]
    with pytest.raises(NotCurated):
        svc.entries_move(runtime, owner, chron.id, ids[0], ids[1])


def test_many_inserts_at_one_spot_renumber_and_keep_the_order(runtime: Runtime) -> None:
    owner = person(runtime)
    top, bottom, *rest = statuses(runtime, owner, 40)
    row = svc.create(runtime, owner, "C")
    svc.entries_add(runtime, owner, row.id, bottom)
    svc.entries_add(runtime, owner, row.id, top)
    for sid in rest:  # each directly below top: the gap under top halves every time
        assert svc.entries_add(runtime, owner, row.id, sid, relative_to=top, above=False) == []
    assert order_of(runtime, row) == [top, *rest[::-1], bottom]
    keys = [e.sort_index for e in svc.entries(runtime, None, row.id, count=200).entries]
    assert keys[-1] == GAP  # renumbered (GAP apart, bottom first)


def test_curate_applies_changes_in_order_and_reports_refusals(runtime: Runtime) -> None:
    owner = person(runtime)
    a, b, c = statuses(runtime, owner, 3)
    row = svc.create(runtime, owner, "C")
    changes = [Change("add", a), Change("add", b), Change("add", a), Change("remove", c)]
    assert svc.entries_curate(runtime, owner, row.id, changes) == [
        ChangeError(Change("add", a), "duplicate"),
        ChangeError(Change("remove", c), "not_found"),
    ]
    assert order_of(runtime, row) == [b, a]
    assert svc.entries_curate(runtime, owner, row.id, [Change("remove", a)]) == []
    with pytest.raises(ParameterInvalid):
        svc.entries_curate(runtime, owner, row.id, [Change("add", a)] * 101)


def test_adding_past_the_cap_drops_the_entry_added_longest_ago(runtime: Runtime) -> None:
    rt = dataclasses.replace(
        runtime, settings=dataclasses.replace(runtime.settings, collection_max_entries=3)
    )
    owner = person(rt)
    ids = statuses(rt, owner, 5)
    row = svc.create(rt, owner, "C", timeline_order="tweet_reverse_chron")
    for sid in (ids[4], ids[0], ids[2], ids[1]):
        svc.entries_add(rt, owner, row.id, sid)
    assert order_of(rt, row) == [ids[2], ids[1], ids[0]]  # ids[4], added first, is gone
    svc.entries_curate(rt, owner, row.id, [Change("add", ids[3])])
    assert order_of(rt, row) == [ids[3], ids[2], ids[1]]


def test_a_deleted_tweet_leaves_every_collection(runtime: Runtime) -> None:
    owner, author = person(runtime), person(runtime)
    keep, gone = statuses(runtime, author, 2)
    mine = svc.create(runtime, owner, "Mine")
    theirs = svc.create(runtime, author, "Theirs", timeline_order="tweet_chron")
    for row, who in ((mine, owner), (theirs, author)):
        svc.entries_curate(runtime, who, row.id, [Change("add", keep), Change("add", gone)])
    tweets.destroy(runtime, author, gone)
    assert order_of(runtime, mine) == [keep] and order_of(runtime, theirs) == [keep]
    assert svc.list_collections(runtime, None, tweet_id=gone).collections == []


# ------------------------------------------------------------------------------ paging


def test_positions_page_older_and_newer_exactly(runtime: Runtime) -> None:
    owner = person(runtime)
    ids = statuses(runtime, owner, 5)
    row = svc.create(runtime, owner, "C")
    for sid in ids:
        svc.entries_add(runtime, owner, row.id, sid)
    first = svc.entries(runtime, None, row.id, count=2)
    assert [e.status_id for e in first.entries] == [ids[4], ids[3]] and first.was_truncated
    assert first.max_position == first.entries[0].sort_index
    older = svc.entries(runtime, None, row.id, count=2, max_position=first.min_position)
    assert [e.status_id for e in older.entries] == [ids[2], ids[1]]
    newer = svc.entries(runtime, None, row.id, min_position=older.max_position)
    assert [e.status_id for e in newer.entries] == [ids[4], ids[3]]
    empty = svc.entries(runtime, None, svc.create(runtime, owner, "E").id)
    assert (empty.entries, empty.max_position, empty.was_truncated) == ([], None, False)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    start=st.integers(0, 12),
    count=st.integers(1, 4),
    adds=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 20), st.booleans()), max_size=8),
)
def test_paging_returns_every_entry_once_while_entries_are_added(
    runtime: Runtime, start: int, count: int, adds: list[tuple[int, int, bool]]
) -> None:
    """Page with min_position -> max_position while, between pages, tweets are added on top or
    next to a random entry: nothing is returned twice, and every entry that was there before
    paging began (none is removed) is returned."""
    owner = person(runtime)
    row = svc.create(runtime, owner, "P")
    before = statuses(runtime, owner, start)
    for sid in before:
        svc.entries_add(runtime, owner, row.id, sid)
    pending = list(adds)
    seen: list[int] = []
    page = svc.entries(runtime, None, row.id, count=count)
    while True:
        seen.extend(e.status_id for e in page.entries)
        if pending:  # some adds between this page and the next
            n, anchor, above = pending.pop(0)
            present = order_of(runtime, row)
            for sid in statuses(runtime, owner, n):
                relative = present[anchor % len(present)] if present and anchor % 2 else None
                svc.entries_add(runtime, owner, row.id, sid, relative_to=relative, above=above)
        if not page.was_truncated:
            break
        page = svc.entries(runtime, None, row.id, count=count, max_position=page.min_position)
    assert len(seen) == len(set(seen))
    assert set(before) <= set(seen)
    assert [s for s in seen if s in set(before)] == before[::-1]


def test_many_moves_to_one_spot_renumber_and_keep_the_order(runtime: Runtime) -> None:
    owner = person(runtime)
    top, *rest = statuses(runtime, owner, 40)
    row = svc.create(runtime, owner, "C")
    svc.entries_curate(runtime, owner, row.id, [Change("add", s) for s in [*rest, top]])
    for sid in rest:  # each moved to directly below top, the parked entry included in renumbers
        assert svc.entries_move(runtime, owner, row.id, sid, top, above=False) == []
    assert order_of(runtime, row) == [top, *rest[::-1]]
    svc.entries_move(runtime, owner, row.id, top, rest[0], above=False)  # to the very bottom
    assert order_of(runtime, row) == [*rest[::-1], top]
