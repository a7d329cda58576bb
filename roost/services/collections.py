"""collections/create, destroy, update, show, list, entries, entries/add, remove, move, curate.

Anyone reads a collection (every collection is public, also when its owner is protected); only
its owner writes. A collection that does not exist is 404/34, another's collection written to
is 403/87. Entry changes do not fail the request: a refused change comes back as a
``ChangeError`` (``duplicate``, ``not_found``, ``protected``), as the seeds' replies show.

Paging (``entries``): every order shows entries by ``sort_index``, highest first
(domain/collections.py). ``max_position`` keeps keys ``<=`` it and ``min_position`` keys ``>``
it, as the seeds define them, so the reply's ``min_position`` is the last entry's key minus one
and its ``max_position`` the first entry's key: fed back as ``max_position`` (older) or
``min_position`` (newer) they return each entry exactly once. A new entry of a curated
collection takes a key above every other, so it never lands inside a range already paged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roost.domain import collections as rules
from roost.domain.collections import Change, ChangeError, CollectionRow, Entry, NotCurated
from roost.domain.errors import NotPermitted, PageNotFound, ParameterInvalid
from roost.domain.model import User
from roost.runtime import Runtime
from roost.store.sql import SqlTx


@dataclass(frozen=True)
class EntriesPage:
    """GET collections/entries: the collection, its entries and the reply's ``position``."""

    collection: CollectionRow
    entries: list[Entry]
    max_position: int | None  # the first entry's key (None: no entries)
    min_position: int | None  # the last entry's key minus one (None: no entries)
    was_truncated: bool  # more entries lie beyond min_position within the request's range


@dataclass(frozen=True)
class CollectionsPage:
    """GET collections/list: collections newest first and the cursor of the next page."""

    collections: list[CollectionRow]
    next_cursor: int | None  # pass as ``cursor`` for the next page (None: the last page)


def _found(tx: SqlTx, collection_id: int) -> CollectionRow:
    row = tx.collection_by_id(collection_id)
    if row is None:
        raise PageNotFound()
    return row


def _owned(tx: SqlTx, actor: User, collection_id: int) -> CollectionRow:
    row = _found(tx, collection_id)
    if not rules.can_manage(actor.id, row):
        raise NotPermitted()
    return row


def create(
    rt: Runtime,
    owner: User,
    name: str | None,
    *,
    description: str | None = None,
    url: str | None = None,
    timeline_order: str | None = None,
) -> CollectionRow:
    """POST collections/create: a new, empty, public collection of the caller's."""
    now = rt.now_ms()
    row = CollectionRow(
        id=rt.next_id(),
        owner_id=owner.id,
        name=rules.check_name(name),
        description=rules.check_description(description),
        url=rules.check_url(url),
        timeline_order=rules.check_timeline_order(timeline_order),
        visibility=rules.VISIBILITY,
        created_at_ms=now,
        updated_at_ms=now,
    )
    with rt.store.write() as tx:
        tx.insert_collection(row)
    return row


def show(rt: Runtime, collection_id: int) -> CollectionRow:
    """GET collections/show: any collection, for anyone."""
    with rt.store.read() as tx:
        return _found(tx, collection_id)


def update(
    rt: Runtime,
    owner: User,
    collection_id: int,
    *,
    name: str | None = None,
    description: str | None = None,
    url: str | None = None,
) -> CollectionRow:
    """POST collections/update: no partial updates, so an omitted description or url becomes
    the empty string; an omitted name keeps the old one (a collection always has a name)."""
    new_description = rules.check_description(description)
    new_url = rules.check_url(url)
    with rt.store.write() as tx:
        row = _owned(tx, owner, collection_id)
        new_name = rules.check_name(name) if name is not None and name.strip() else row.name
        tx.update_collection(
            row.id, name=new_name, description=new_description, url=new_url, now_ms=rt.now_ms()
        )
        return tx.collection_by_id(row.id) or row


def destroy(rt: Runtime, owner: User, collection_id: int) -> CollectionRow:
    """POST collections/destroy: delete one of the caller's collections (entries go with it)."""
    with rt.store.write() as tx:
        row = _owned(tx, owner, collection_id)
        tx.delete_collection(row.id)
    return row


def list_collections(
    rt: Runtime,
    owner_id: int | None,
    *,
    tweet_id: int | None = None,
    cursor: int | None = None,
    count: int | None = None,
) -> CollectionsPage:
    """GET collections/list: the owner's collections (those holding ``tweet_id`` when given),
    newest first, ``count`` (1..200) a page; ``cursor`` is a previous reply's next_cursor."""
    size = rules.clamp_count(count)
    before = cursor if cursor is not None and cursor > 0 else None
    with rt.store.read() as tx:
        rows, more = tx.collections_page(owner_id, tweet_id, before, size)
    return CollectionsPage(rows, rows[-1].id if more and rows else None)


def entries(
    rt: Runtime,
    viewer_id: int | None,
    collection_id: int,
    *,
    count: int | None = None,
    max_position: int | None = None,
    min_position: int | None = None,
) -> EntriesPage:
    """GET collections/entries: up to ``count`` (1..200) entries in the collection's order,
    with keys in ``(min_position, max_position]``, and the reply's ``position`` facts.
    Tweets the viewer may not see (an author who turned protected) are left out."""
    size = rules.clamp_count(count)
    with rt.store.read() as tx:
        row = _found(tx, collection_id)
        page, more = tx.entries_page(row.id, viewer_id, max_position, min_position, size)
    if not page:
        return EntriesPage(row, [], None, None, False)
    return EntriesPage(row, page, page[0].sort_index, page[-1].sort_index - 1, more)


# ----------------------------------------------------------------------------- changes


def entries_add(
    rt: Runtime,
    owner: User,
    collection_id: int,
    tweet_id: int,
    *,
    relative_to: int | None = None,
    above: bool = True,
) -> list[ChangeError]:
    """POST collections/entries/add: put a tweet at the top of the collection, or next to
    ``relative_to`` (``above`` it by default) in a curated one; the refused change, if any."""
    with rt.store.write() as tx:
        row = _owned(tx, owner, collection_id)
        tx.lock_collection(row.id, rt.now_ms())
        error = _add(rt, tx, row, tweet_id, relative_to, above)
        tx.trim_entries(row.id, rt.settings.collection_max_entries)
    return [error] if error else []


def entries_remove(
    rt: Runtime, owner: User, collection_id: int, tweet_id: int
) -> list[ChangeError]:
    """POST collections/entries/remove: take a tweet out (not there: ``not_found``)."""
    with rt.store.write() as tx:
        row = _owned(tx, owner, collection_id)
        tx.lock_collection(row.id, rt.now_ms())
        if tx.delete_entry(row.id, tweet_id):
            return []
    return [ChangeError(Change("remove", tweet_id), "not_found")]


def entries_move(
    rt: Runtime,
    owner: User,
    collection_id: int,
    tweet_id: int,
    relative_to: int,
    *,
    above: bool = True,
) -> list[ChangeError]:
    """POST collections/entries/move: move an entry of a curated collection next to
    ``relative_to`` (either not in it: ``not_found``; a tweet-ordered collection: 400/44)."""
    change = Change("move", tweet_id)
    with rt.store.write() as tx:
        row = _owned(tx, owner, collection_id)
        if not row.curated:
            raise NotCurated()
        tx.lock_collection(row.id, rt.now_ms())
        if tx.entry(row.id, tweet_id) is None or tx.entry(row.id, relative_to) is None:
            return [ChangeError(change, "not_found")]
        if tweet_id == relative_to:
            return []
        tx.move_entry(row.id, tweet_id, -1)  # out of the way while its new key is chosen
        tx.move_entry(row.id, tweet_id, _key_next_to(tx, row, relative_to, above))
    return []


def entries_curate(
    rt: Runtime, owner: User, collection_id: int, changes: Sequence[Change]
) -> list[ChangeError]:
    """POST collections/entries/curate: up to 100 adds and removes, applied in order (each
    add goes on top, so the last one added shows first); the changes refused, in order."""
    if len(changes) > rules.CHANGES_MAX:
        raise ParameterInvalid("changes")
    errors: list[ChangeError] = []
    with rt.store.write() as tx:
        row = _owned(tx, owner, collection_id)
        tx.lock_collection(row.id, rt.now_ms())
        for change in changes:
            if change.op == "add":
                error = _add(rt, tx, row, change.tweet_id, None, True)
            elif tx.delete_entry(row.id, change.tweet_id):
                error = None
            else:
                error = ChangeError(change, "not_found")
            if error is not None:
                errors.append(error)
        tx.trim_entries(row.id, rt.settings.collection_max_entries)
    return errors


def _add(
    rt: Runtime,
    tx: SqlTx,
    row: CollectionRow,
    tweet_id: int,
    relative_to: int | None,
    above: bool,
) -> ChangeError | None:
    """Add one tweet inside the caller's unit of work; the refusal, if any."""
    change = Change("add", tweet_id)
    tweet = tx.status_by_id(tweet_id)
    author = tx.user_by_id(tweet.user_id) if tweet is not None else None
    if tweet is None or author is None or author.suspended:
        return ChangeError(change, "not_found")
    if not rules.can_collect(author):
        return ChangeError(change, "protected")
    if tx.entry(row.id, tweet_id) is not None:
        return ChangeError(change, "duplicate")
    if not row.curated:
        key = rules.tweet_sort_index(row.timeline_order, tweet_id)
    elif relative_to is not None:
        if tx.entry(row.id, relative_to) is None:
            return ChangeError(change, "not_found")
        key = _key_next_to(tx, row, relative_to, above)
    else:
        key = _top_key(tx, row)
    tx.insert_entry(row.id, tweet_id, key, rt.next_id(), rt.now_ms())
    return None


def _top_key(tx: SqlTx, row: CollectionRow) -> int:
    key = rules.place_between(tx.top_sort_index(row.id), None)
    if key is None:  # the key space's top is reached: respace, then there is room
        _renumber(tx, row)
        key = rules.place_between(tx.top_sort_index(row.id), None)
    assert key is not None
    return key


def _key_next_to(tx: SqlTx, row: CollectionRow, relative_to: int, above: bool) -> int:
    """A free key directly above (or below) ``relative_to``'s entry, renumbering once when
    the gap there is used up."""
    for _ in range(2):
        anchor = tx.entry(row.id, relative_to)
        assert anchor is not None
        below_key, above_key = tx.entry_keys_around(row.id, anchor.sort_index)
        if below_key is not None and below_key < 0:
            below_key = None  # the entry being moved, parked at -1
        pair = (anchor.sort_index, above_key) if above else (below_key, anchor.sort_index)
        key = rules.place_between(*pair)
        if key is not None:
            return key
        _renumber(tx, row)
    raise AssertionError("renumbering leaves a gap around every entry")


def _renumber(tx: SqlTx, row: CollectionRow) -> None:
    """Respace every curated key ``GAP`` apart, order kept (an entry parked at -1 for a move
    stays below them all, then takes its new key)."""
    ids = tx.entry_ids_desc(row.id)
    keys = rules.renumber(len(ids))
    tx.set_sort_indexes(row.id, dict(zip(reversed(ids), keys, strict=True)))
