"""Twitter Lists: the queries of lists/* and of search's ``list:owner/slug`` (part of SqlTx).

A list's ``member_count`` changes in the statement pair that adds or removes the member (or the
members of one lists/members/create_all or destroy_all, counted together), so it never drifts
from ``list_members``; the 5,000-member cap is checked by the same conditional UPDATE that counts
the new members (one row lock on PostgreSQL: two concurrent adds cannot both take the last
place). A write that depends on a list's mode locks its row first
(``lock_list``), so a list turning public or private and a member added or removed at the same
time cannot leave ``listed_count`` wrong.

lists/ownerships and lists/memberships page with SqlTx's cursors (``_page``, as lists/members
and followers/ids do) over a subquery that already holds only the lists the viewer may see
(private ones only for their owner): visibility in the query, and pages that are never short.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, cast

import sqlalchemy as sa

from roost.domain.lists import ListRow
from roost.store import schema as t
from roost.store.base import IN_CHUNK, iter_chunks
from roost.store.mixin import TxQueries
from roost.store.prepared import Statements, in_binds, run

__all__ = ["ListQueries", "ListRow"]

_LIST_COLUMNS = [
    t.lists.c[name]
    for name in (
        "id",
        "owner_id",
        "name",
        "slug",
        "description",
        "mode",
        "member_count",
        "subscriber_count",
        "created_at_ms",
    )
]

Added = Literal["added", "present", "full"]


class ListQueries(TxQueries):
    """Lists and their members (mixed into SqlTx)."""

    def _list_rows(self, name: str, build: Any, **params: Any) -> list[tuple[Any, ...]]:
        """Every row of the prepared statement ``name`` (no IN list)."""
        if self.prepared is None:
            self.prepared = Statements(self.conn.dialect)
        return run(self.conn, self.prepared.get(name, 0, lambda _: build()), params)

    # ------------------------------------------------------------------ lists
    def insert_list(self, row: ListRow) -> None:
        """Store a new list (its slug must be free for the owner regardless of case)."""
        self.conn.execute(
            t.lists.insert().values(
                id=row.id,
                owner_id=row.owner_id,
                name=row.name,
                slug=row.slug,
                slug_lower=row.slug.lower(),
                description=row.description,
                mode=row.mode,
                member_count=row.member_count,
                subscriber_count=row.subscriber_count,
                created_at_ms=row.created_at_ms,
            )
        )

    def list_by_id(self, list_id: int) -> ListRow | None:
        """One list by id."""
        row = self._one("list_by_id", _list_by_id, lid=list_id)
        return ListRow(*row) if row is not None else None

    def list_by_slug(self, owner_id: int, slug: str) -> ListRow | None:
        """The owner's list with this slug, case-insensitively (``list:owner/slug``)."""
        row = self._one("list_by_slug", _list_by_slug, owner=owner_id, slug=slug.lower())
        return ListRow(*row) if row is not None else None

    def lists_by_ids(self, list_ids: list[int]) -> dict[int, ListRow]:
        """Lists by id; unknown ids are absent."""
        found: dict[int, ListRow] = {}
        for chunk in iter_chunks(sorted(set(list_ids)), IN_CHUNK):
            for row in self._rows("lists_by_ids", _lists_by_ids, chunk):
                found[row[0]] = ListRow(*row)
        return found

    def lock_list(self, list_id: int) -> ListRow | None:
        """One list by id, its row locked until the unit of work ends (PostgreSQL's FOR UPDATE;
        SQLite's write units are serialized already): its mode cannot change meanwhile."""
        row = self._one("lock_list", _lock_list, lid=list_id)
        return ListRow(*row) if row is not None else None

    def update_list(self, list_id: int, *, name: str, mode: str, description: str) -> None:
        """Store a list's new name, mode and description (its slug stays)."""
        self.conn.execute(
            t.lists.update()
            .where(t.lists.c.id == list_id)
            .values(name=name, mode=mode, description=description)
        )

    def owned_list_page(self, owner_id: int, cursor: int, count: int, *, with_private: bool) -> Any:
        """A page of the lists ``owner_id`` owns, newest first, with Twitter's cursors (IdPage);
        private ones only ``with_private`` (the owner's own view)."""
        c = t.lists.c
        query = sa.select(c.id, c.owner_id, c.id.label("list_id"))
        if not with_private:
            query = query.where(c.mode == "public")
        return self._page(_pageable(query), "owner_id", "list_id", owner_id, cursor, count)

    def membership_page(
        self, user_id: int, viewer_id: int | None, cursor: int, count: int, *, owned_only: bool
    ) -> Any:
        """A page of the lists ``user_id`` is on, most recently added first, with Twitter's
        cursors (IdPage): those the viewer may see (public ones and the viewer's own), or with
        ``owned_only`` the viewer's own alone (none for an app-only viewer)."""
        m, c = t.list_members.c, t.lists.c
        mine = c.owner_id == (viewer_id or 0)
        query = (
            sa.select(m.id, m.user_id, m.list_id)
            .join_from(t.list_members, t.lists, c.id == m.list_id)
            .where(mine if owned_only else sa.or_(c.mode == "public", mine))
        )
        return self._page(_pageable(query), "user_id", "list_id", user_id, cursor, count)

    def list_slugs(self, owner_id: int) -> set[str]:
        """The lower-cased slugs of every list the user owns (how many, and which are taken)."""
        return {r[0] for r in self._list_rows("list_slugs", _list_slugs, owner=owner_id)}

    def delete_list(self, list_id: int) -> bool:
        """Remove a list and its memberships; False if there was none."""
        self.conn.execute(t.list_members.delete().where(t.list_members.c.list_id == list_id))
        result = self.conn.execute(
            t.lists.delete().where(t.lists.c.id == list_id).returning(t.lists.c.id)
        )
        return result.first() is not None

    # ------------------------------------------------------------------ members
    def add_list_member(
        self, list_id: int, user_id: int, member_id: int, now_ms: int, limit: int
    ) -> Added:
        """Add a member and count it: "added", "present" (already a member: nothing changes)
        or "full" (the list holds ``limit`` members: nothing changes)."""
        if self.is_list_member(list_id, user_id):
            return "present"
        if self._one("list_count_up_by", _count_up_by, lid=list_id, n=1, limit=limit) is None:
            return "full"
        stmt = self.dialect.insert_ignore(
            t.list_members, list_id=list_id, user_id=user_id, id=member_id, created_at_ms=now_ms
        ).returning(t.list_members.c.id)
        if self.conn.execute(stmt).first() is None:  # a concurrent add won: undo the count
            self._one("list_count_down_by", _count_down_by, lid=list_id, n=1)
            return "present"
        return "added"

    def remove_list_member(self, list_id: int, user_id: int) -> bool:
        """Remove a member and uncount it; False if the account was not a member."""
        c = t.list_members.c
        gone = self.conn.execute(
            t.list_members.delete()
            .where(c.list_id == list_id, c.user_id == user_id)
            .returning(c.user_id)
        ).first()
        if gone is None:
            return False
        self._one("list_count_down_by", _count_down_by, lid=list_id, n=1)
        return True

    def add_list_members(
        self,
        list_id: int,
        user_ids: Sequence[int],
        member_ids: Sequence[int],
        now_ms: int,
        limit: int,
    ) -> list[int] | None:
        """Add the accounts not yet on the list (``member_ids[i]`` is the row id of
        ``user_ids[i]``), counted in one conditional UPDATE: the accounts added, in the order
        given, or None when they would take the list past ``limit`` members (nothing changes)."""
        ids_of: dict[int, int] = {}
        for uid, mid in zip(user_ids, member_ids, strict=True):
            ids_of.setdefault(uid, mid)  # a repeated account keeps its first place and id
        present = self.list_members_among(list_id, list(ids_of))
        new = [uid for uid in ids_of if uid not in present]
        if not new:
            return []
        counted = self._one("list_count_up_by", _count_up_by, lid=list_id, n=len(new), limit=limit)
        if counted is None:  # no room for all of them
            return None
        c = t.list_members.c
        rows = [
            {"list_id": list_id, "user_id": uid, "id": ids_of[uid], "created_at_ms": now_ms}
            for uid in new
        ]
        stmt = self.dialect.insert_ignore(t.list_members).returning(c.user_id)
        inserted = {r[0] for r in self.conn.execute(stmt, rows)}
        if len(inserted) < len(new):  # concurrent adds won some: uncount those
            self._one("list_count_down_by", _count_down_by, lid=list_id, n=len(new) - len(inserted))
        return [uid for uid in new if uid in inserted]

    def remove_list_members(self, list_id: int, user_ids: Sequence[int]) -> list[int]:
        """Remove these accounts from the list and uncount them in one UPDATE: the ones that
        were members (the others are skipped)."""
        c = t.list_members.c
        gone: list[int] = []
        for chunk in iter_chunks(sorted(set(user_ids)), IN_CHUNK):
            gone += [
                r[0]
                for r in self.conn.execute(
                    t.list_members.delete()
                    .where(c.list_id == list_id, c.user_id.in_(chunk))
                    .returning(c.user_id)
                )
            ]
        if gone:
            self._one("list_count_down_by", _count_down_by, lid=list_id, n=len(gone))
        return gone

    def list_members_among(self, list_id: int, user_ids: Sequence[int]) -> set[int]:
        """Which of these accounts are on the list."""
        found: set[int] = set()
        for chunk in iter_chunks(sorted(set(user_ids)), IN_CHUNK):
            rows = self._rows("list_members_among", _members_among, chunk, lid=list_id)
            found.update(r[0] for r in rows)
        return found

    def is_list_member(self, list_id: int, user_id: int) -> bool:
        """Whether the account is on the list."""
        return self._one("is_list_member", _is_member, lid=list_id, uid=user_id) is not None

    def list_member_ids(self, list_id: int) -> list[int]:
        """Every member of the list, most recently added first (at most 5,000)."""
        return [r[0] for r in self._list_rows("list_member_ids", _member_ids, lid=list_id)]

    def list_member_page(self, list_id: int, cursor: int, count: int) -> Any:
        """A page of members, most recently added first, with Twitter's cursors (IdPage)."""
        return self._page(t.list_members, "list_id", "user_id", list_id, cursor, count)

    def forget_listed(self, user_ids: list[int]) -> None:
        """Lower the ``listed_count`` of these accounts by one (never below zero): a public
        list that held them is gone or turned private (one statement per chunk, not one per
        member)."""
        u = t.users.c
        self._shift_listed(user_ids, sa.case((u.listed_count > 0, u.listed_count - 1), else_=0))

    def count_listed(self, user_ids: list[int]) -> None:
        """Raise the ``listed_count`` of these accounts by one: a private list that holds them
        turned public (one statement per chunk)."""
        self._shift_listed(user_ids, t.users.c.listed_count + 1)

    def _shift_listed(self, user_ids: list[int], value: Any) -> None:
        u = t.users.c
        for chunk in iter_chunks(sorted(set(user_ids)), IN_CHUNK):
            self.touched_users.update(chunk)
            self.conn.execute(t.users.update().where(u.id.in_(chunk)).values(listed_count=value))

    # ------------------------------------------------------------------ lists/statuses
    def list_timeline_ids(
        self, list_id: int, viewer_id: int | None, since: int, max_id: int, count: int
    ) -> list[int]:
        """Newest ``count`` statuses (retweets included) in ``(since, max_id]`` of the list's
        members whose statuses the viewer may see: protected members only for themselves and
        their approved followers (visibility in the query, as DESIGN asks of every list).

        One index range of ix_statuses_user per visible member. SQLite: the CROSS JOIN keeps
        members outside and their statuses inside, and its ORDER BY ... LIMIT leaves a member's
        range as soon as a row can no longer make the page (as home's merge plan does).
        PostgreSQL: a LATERAL range of at most ``count`` rows per member.
        """
        name, build = (
            ("list_timeline_pg", _list_timeline_pg)
            if self.dialect.name == "postgresql"
            else ("list_timeline", _list_timeline)
        )
        rows = self._list_rows(
            name, build, lid=list_id, viewer=viewer_id or 0, since=since, max=max_id, count=count
        )
        return [r[0] for r in rows]


def _list_by_id() -> Any:
    return sa.select(*_LIST_COLUMNS).where(t.lists.c.id == sa.bindparam("lid"))


def _lists_by_ids(n: int) -> Any:
    return sa.select(*_LIST_COLUMNS).where(t.lists.c.id.in_(in_binds("v", n)))


def _lock_list() -> Any:
    return _list_by_id().with_for_update()


def _pageable(query: Any) -> sa.Table:
    """A SELECT of ``id`` (the cursor), an owner key and ``list_id`` as a FROM that ``_page``
    pages like a table (it reads only its columns, ``.c``)."""
    return cast(sa.Table, query.subquery("pageable"))


def _list_by_slug() -> Any:
    c = t.lists.c
    return sa.select(*_LIST_COLUMNS).where(
        c.owner_id == sa.bindparam("owner"), c.slug_lower == sa.bindparam("slug")
    )


def _list_slugs() -> Any:
    c = t.lists.c
    return sa.select(c.slug_lower).where(c.owner_id == sa.bindparam("owner"))


def _count_up_by() -> Any:
    c = t.lists.c
    n = sa.bindparam("n", type_=sa.Integer)
    return (
        t.lists.update()
        .where(c.id == sa.bindparam("lid"), c.member_count + n <= sa.bindparam("limit"))
        .values(member_count=c.member_count + n)
        .returning(c.member_count)
    )


def _count_down_by() -> Any:
    c = t.lists.c
    n = sa.bindparam("n", type_=sa.Integer)
    return (
        t.lists.update()
        .where(c.id == sa.bindparam("lid"))
        .values(
            member_count=sa.case(
                (c.member_count > n, c.member_count - n), else_=sa.literal_column("0")
            )
        )
        .returning(c.member_count)
    )


def _members_among(n: int) -> Any:
    c = t.list_members.c
    return sa.select(c.user_id).where(
        c.list_id == sa.bindparam("lid"), c.user_id.in_(in_binds("v", n))
    )


def _is_member() -> Any:
    c = t.list_members.c
    return sa.select(c.user_id).where(
        c.list_id == sa.bindparam("lid"), c.user_id == sa.bindparam("uid")
    )


def _member_ids() -> Any:
    c = t.list_members.c
    return sa.select(c.user_id).where(c.list_id == sa.bindparam("lid")).order_by(c.id.desc())


# The members whose statuses the viewer may see (policy.can_view_status, as SQL): public
# accounts, the viewer, and protected accounts the viewer follows (:viewer 0 = app-only).
_VISIBLE_MEMBERS = (
    "SELECT m.user_id AS uid FROM list_members AS m JOIN users AS u ON u.id = m.user_id"
    " WHERE m.list_id = :lid AND (NOT u.protected OR u.id = :viewer OR EXISTS ("
    "SELECT 1 FROM follows AS f WHERE f.follower_id = :viewer AND f.followee_id = u.id))"
)


def _list_timeline() -> Any:
    return sa.text(
        f"SELECT s.id FROM ({_VISIBLE_MEMBERS}) AS v CROSS JOIN statuses AS s"
        " ON s.user_id = v.uid WHERE s.id <= :max AND s.id > :since"
        " ORDER BY s.id DESC LIMIT :count"
    )


def _list_timeline_pg() -> Any:
    return sa.text(
        f"SELECT s.id FROM ({_VISIBLE_MEMBERS}) AS v CROSS JOIN LATERAL ("
        "SELECT id FROM statuses WHERE user_id = v.uid AND id <= :max AND id > :since"
        " ORDER BY id DESC LIMIT :count) AS s ORDER BY s.id DESC LIMIT :count"
    )
