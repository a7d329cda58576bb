"""The store in dialect-neutral SQLAlchemy Core; ``sqlite.py`` and ``postgres.py`` make the engines."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from roost.domain.model import AccessToken, App, BearerToken, Friendship, Permission, Tweet, User
from roost.store import schema as t
from roost.store.base import IN_CHUNK, iter_chunks, json_value
from roost.store.collections import CollectionQueries
from roost.store.dialect import Dialect
from roost.store.engagement import EngagementQueries
from roost.store.fastread import FastReader
from roost.store.grants import GrantQueries, app_of_row
from roost.store.lists import ListQueries
from roost.store.media import MediaQueries
from roost.store.prepared import Statements, in_binds, in_params, run
from roost.store.readers import Readers
from roost.store.search import SearchQueries
from roost.store.statuses import STATUS_COLUMNS, StatusQueries, tweet_from_driver
from roost.store.stream_events import StreamEventQueries
from roost.store.timelines import TimelineQueries
from roost.store.ttlcache import TtlCache

_USER_FIELDS = (
    "id",
    "screen_name",
    "name",
    "created_at_ms",
    "description",
    "location",
    "url",
    "protected",
    "verified",
    "geo_enabled",
    "allow_media_tagging",
    "possibly_sensitive",
    "lang",
    "time_zone",
    "followers_count",
    "friends_count",
    "listed_count",
    "favourites_count",
    "statuses_count",
    "suspended",
    "profile_image_url",
    "settings",
    "withheld_in_countries",
)
_USER_COLUMNS = [t.users.c[name] for name in _USER_FIELDS]
_COUNT_COLUMNS = {
    "followers_count",
    "friends_count",
    "listed_count",
    "favourites_count",
    "statuses_count",
}


def _user(row: Any) -> User:
    return User(*row)


_BOOL_FIELDS = frozenset(
    {"protected", "verified", "geo_enabled", "possibly_sensitive", "suspended"}
)


_JSON_USER_FIELDS = frozenset({"settings", "withheld_in_countries"})
_USER_CONVERT = [
    (i, bool) if name in _BOOL_FIELDS else (i, json_value) if name in _JSON_USER_FIELDS else None
    for i, name in enumerate(_USER_FIELDS)
]


def _user_from_driver(row: tuple[Any, ...]) -> User:
    """A User from a raw DB-API row (no SQLAlchemy type processing on the fast path)."""
    values = list(row)
    for convert in _USER_CONVERT:
        if convert is not None:
            i, fn = convert
            values[i] = fn(values[i])
    return User(*values)


_ZERO: Any = sa.literal_column("0")  # a literal, not a bound value: prepared statements take none


def _users_by_ids(n: int) -> Any:
    return sa.select(*_USER_COLUMNS).where(t.users.c.id.in_(in_binds("v", n)))


def _users_by_screen_names(n: int) -> Any:
    return sa.select(*_USER_COLUMNS).where(t.users.c.screen_name_lower.in_(in_binds("v", n)))


def _mention_targets(n: int) -> Any:
    u = t.users.c
    return sa.select(u.id, u.screen_name, u.name).where(u.screen_name_lower.in_(in_binds("v", n)))


class MentionTarget(NamedTuple):
    """An account as a user mention entity shows it."""

    id: int
    screen_name: str
    name: str


def _following_among(n: int) -> Any:
    f = t.follows.c
    return sa.select(f.followee_id).where(
        f.follower_id == sa.bindparam("viewer"), f.followee_id.in_(in_binds("v", n))
    )


def _relations_among(n: int) -> Any:
    f, r = t.follows.c, t.follow_requests.c
    follows = sa.select(f.followee_id, sa.literal_column("0")).where(
        f.follower_id == sa.bindparam("viewer"), f.followee_id.in_(in_binds("v", n))
    )
    requests = sa.select(r.target_id, sa.literal_column("1")).where(
        r.requester_id == sa.bindparam("viewer"), r.target_id.in_(in_binds("v", n))
    )
    return sa.union_all(follows, requests)


def _requested_among(n: int) -> Any:
    r = t.follow_requests.c
    return sa.select(r.target_id).where(
        r.requester_id == sa.bindparam("viewer"), r.target_id.in_(in_binds("v", n))
    )


@dataclass
class IdPage:
    """A page of ids with Twitter's cursors: 0 means there is no page that way."""

    ids: list[int]
    next_cursor: int = 0
    previous_cursor: int = 0


@dataclass
class SqlTx(
    StatusQueries,
    MediaQueries,
    EngagementQueries,
    TimelineQueries,
    SearchQueries,
    ListQueries,
    StreamEventQueries,
    CollectionQueries,
    GrantQueries,
):
    """One transaction on one connection."""

    conn: Connection
    dialect: Dialect
    _hooks: list[Callable[[], None]] = field(default_factory=list)
    # Accounts this transaction changed: the store's user cache forgets them after the commit.
    touched_users: set[int] = field(default_factory=set)
    # Statuses it changed or deleted: likewise forgotten by the store's status cache.
    touched_statuses: set[int] = field(default_factory=set)
    # Hot queries compiled once per engine (store/prepared.py); shared by the store's units.
    prepared: Statements | None = None
    # The store's caches, on read units only: a write reads its own rows from the database.
    user_cache: TtlCache[User] | None = None
    status_cache: TtlCache[Tweet] | None = None

    def _rows(
        self, name: str, build: Callable[[int], Any], values: Sequence[Any], **fixed: Any
    ) -> list[tuple[Any, ...]]:
        """Run the prepared statement ``name`` with an IN list of ``values`` (one chunk)."""
        if self.prepared is None:
            self.prepared = Statements(self.conn.dialect)
        size, params = in_params("v", values)
        return run(self.conn, self.prepared.get(name, size, build), {**params, **fixed})

    def _one(self, name: str, build: Callable[[], Any], **params: Any) -> tuple[Any, ...] | None:
        """The first row of the prepared statement ``name`` (no IN list)."""
        if self.prepared is None:
            self.prepared = Statements(self.conn.dialect)
        rows = run(self.conn, self.prepared.get(name, 0, lambda _: build()), params)
        return rows[0] if rows else None

    def after_commit(self, hook: Callable[[], None]) -> None:
        """Run ``hook`` once the transaction has committed."""
        self._hooks.append(hook)

    # ------------------------------------------------------------------ users
    def insert_user(self, user: User, password_hash: str | None = None) -> None:
        """Add an account; the screen name must be free regardless of case."""
        values = {name: getattr(user, name) for name in _USER_FIELDS}
        values["screen_name_lower"] = user.screen_name.lower()
        values["password_hash"] = password_hash
        self.conn.execute(t.users.insert().values(**values))

    def user_by_id(self, user_id: int) -> User | None:
        """One account by id (from the store's user cache on a read unit)."""
        return self.users_by_ids((user_id,)).get(user_id)

    def user_by_screen_name(self, screen_name: str) -> User | None:
        """One account by screen name, case-insensitively."""
        row = self.conn.execute(
            sa.select(*_USER_COLUMNS).where(t.users.c.screen_name_lower == screen_name.lower())
        ).first()
        return _user(row) if row else None

    def users_by_ids(self, ids: Iterable[int]) -> dict[int, User]:
        """Accounts by id; unknown ids are absent. A read unit answers from the store's user
        cache where it can."""
        if self.user_cache is not None:
            return self.user_cache.get_many(set(ids), self._users_by_ids)
        return self._users_by_ids(ids)

    def _users_by_ids(self, ids: Iterable[int]) -> dict[int, User]:
        found: dict[int, User] = {}
        for chunk in iter_chunks(sorted(set(ids)), IN_CHUNK):
            rows = self._rows("users_by_ids", _users_by_ids, chunk)
            found.update((row[0], _user_from_driver(row)) for row in rows)
        return found

    def users_by_screen_names(self, names: Iterable[str]) -> dict[str, User]:
        """Accounts keyed by lower-cased screen name; unknown names are absent."""
        found: dict[str, User] = {}
        for chunk in iter_chunks(sorted({n.lower() for n in names}), IN_CHUNK):
            for row in self._rows("users_by_screen_names", _users_by_screen_names, chunk):
                found[row[1].lower()] = _user_from_driver(row)
        return found

    def search_users(self, query: str, words: Sequence[str], offset: int, limit: int) -> list[User]:
        """users/search: accounts, suspended ones left out, whose name or screen name contains
        every one of ``words`` (case-insensitively), most relevant first: the screen name equal
        to ``query``, then screen names starting with it, then the rest; ties go to more
        followers, then the older account. One page, ``limit`` rows from ``offset``."""
        u = t.users.c
        name_lower = sa.func.lower(u.name)
        matches = []
        for word in words:
            lowered = word.lower()
            either = [
                u.screen_name_lower.contains(lowered, autoescape=True),
                name_lower.contains(lowered, autoescape=True),
            ]
            if not word.isascii():  # lower() may fold ASCII only (SQLite, PostgreSQL's C
                # locale): match such a word as typed too
                either.append(u.name.contains(word, autoescape=True))
            matches.append(sa.or_(*either))
        query = query.lower()
        rank = sa.case(
            (u.screen_name_lower == query, 0),
            (u.screen_name_lower.startswith(query, autoescape=True), 1),
            else_=2,
        )
        rows = self.conn.execute(
            sa.select(*_USER_COLUMNS)
            .where(u.suspended == sa.false(), *matches)
            .order_by(rank, u.followers_count.desc(), u.id)
            .offset(offset)
            .limit(limit)
        )
        return [_user(row) for row in rows]

    def mention_targets(self, names: Iterable[str]) -> dict[str, MentionTarget]:
        """What a user mention entity needs of each account (id, screen_name, name), keyed by
        lower-cased screen name: statuses/update resolves its @mentions with this."""
        found: dict[str, MentionTarget] = {}
        for chunk in iter_chunks(sorted({n.lower() for n in names}), IN_CHUNK):
            for uid, screen_name, name in self._rows("mention_targets", _mention_targets, chunk):
                found[screen_name.lower()] = MentionTarget(uid, screen_name, name)
        return found

    def update_user(self, user_id: int, **values: Any) -> None:
        """Overwrite stored fields of one account."""
        if "screen_name" in values:
            values["screen_name_lower"] = values["screen_name"].lower()
        self.touched_users.add(user_id)
        self.conn.execute(t.users.update().where(t.users.c.id == user_id).values(**values))

    def adjust_user_counts(self, user_id: int, **deltas: int) -> None:
        """Add to denormalized counts (never below zero)."""
        unknown = set(deltas) - _COUNT_COLUMNS
        if unknown:
            raise ValueError(f"not a count: {sorted(unknown)}")
        self.touched_users.add(user_id)
        names = tuple(sorted(name for name, delta in deltas.items() if delta))
        if names:
            greatest = sa.func.max if self.dialect.name == "sqlite" else sa.func.greatest
            self._one(
                "adjust_user_counts:" + ",".join(names),
                lambda: (
                    t.users.update()
                    .where(t.users.c.id == sa.bindparam("uid"))
                    .values(
                        {n: greatest(t.users.c[n] + sa.bindparam(f"d_{n}"), _ZERO) for n in names}
                    )
                ),
                uid=user_id,
                **{f"d_{n}": deltas[n] for n in names},
            )

    def password_hash(self, user_id: int) -> str | None:
        """The stored web sign-in password hash."""
        return self.conn.execute(
            sa.select(t.users.c.password_hash).where(t.users.c.id == user_id)
        ).scalar()

    # ------------------------------------------------------------------ apps and credentials
    def insert_app(self, app: App) -> None:
        """Register a developer App."""
        self.conn.execute(
            t.apps.insert().values(
                id=app.id,
                name=app.name,
                website=app.website,
                consumer_key=app.consumer_key,
                consumer_secret=app.consumer_secret,
                client_id=app.client_id,
                client_secret=app.client_secret,
                client_type=app.client_type,
                permission=app.permission.value,
                callback_urls=list(app.callback_urls),
                owner_id=app.owner_id,
                created_at_ms=app.created_at_ms,
                project_id=app.project_id,
                oauth2_enabled=app.oauth2_enabled,
            )
        )

    def _one_app(self, clause: Any) -> App | None:
        row = self.conn.execute(sa.select(t.apps).where(clause)).first()
        return app_of_row(row) if row else None

    def app_by_id(self, app_id: int) -> App | None:
        """An App by id."""
        return self._one_app(t.apps.c.id == app_id)

    def app_by_consumer_key(self, consumer_key: str) -> App | None:
        """An App by its OAuth 1.0a consumer key (API key)."""
        return self._one_app(t.apps.c.consumer_key == consumer_key)

    def app_by_name(self, name: str) -> App | None:
        """An App by name (names are not unique; the oldest wins)."""
        row = self.conn.execute(
            sa.select(t.apps).where(t.apps.c.name == name).order_by(t.apps.c.id).limit(1)
        ).first()
        return app_of_row(row) if row else None

    def insert_access_token(self, token: AccessToken) -> None:
        """Store a user access token."""
        self.conn.execute(
            t.access_tokens.insert().values(
                token=token.token,
                secret=token.secret,
                app_id=token.app_id,
                user_id=token.user_id,
                permission=token.permission.value,
                created_at_ms=token.created_at_ms,
            )
        )

    def _token(self, clause: Any) -> AccessToken | None:
        c = t.access_tokens.c
        row = self.conn.execute(
            sa.select(c.token, c.secret, c.app_id, c.user_id, c.permission, c.created_at_ms)
            .where(clause)
            .order_by(c.created_at_ms.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        return AccessToken(row[0], row[1], row[2], row[3], Permission(row[4]), row[5])

    def access_token(self, token: str) -> AccessToken | None:
        """A user access token by its public half."""
        return self._token(t.access_tokens.c.token == token)

    def live_access_tokens(self, tokens: Sequence[str]) -> set[str]:
        """Which of ``tokens`` (public halves) are still stored (not revoked)."""
        c = t.access_tokens.c
        live: set[str] = set()
        for chunk in iter_chunks(list(tokens), IN_CHUNK):
            live.update(self.conn.execute(sa.select(c.token).where(c.token.in_(chunk))).scalars())
        return live

    def access_token_for(self, app_id: int, user_id: int) -> AccessToken | None:
        """The newest token a user granted an App."""
        c = t.access_tokens.c
        return self._token(sa.and_(c.app_id == app_id, c.user_id == user_id))

    def delete_access_token(self, token: str) -> bool:
        """Revoke a user access token."""
        result = self.conn.execute(t.access_tokens.delete().where(t.access_tokens.c.token == token))
        return bool(result.rowcount)

    def insert_bearer_token(self, token: BearerToken) -> None:
        """Store an app-only bearer token."""
        self.conn.execute(
            t.bearer_tokens.insert().values(
                token=token.token, app_id=token.app_id, created_at_ms=token.created_at_ms
            )
        )

    def bearer_token(self, token: str) -> BearerToken | None:
        """A bearer token by value."""
        c = t.bearer_tokens.c
        row = self.conn.execute(
            sa.select(c.token, c.app_id, c.created_at_ms).where(c.token == token)
        ).first()
        return BearerToken(*row) if row else None

    def bearer_token_for_app(self, app_id: int) -> BearerToken | None:
        """The App's current bearer token (Twitter hands out the same one until invalidated)."""
        c = t.bearer_tokens.c
        row = self.conn.execute(
            sa.select(c.token, c.app_id, c.created_at_ms)
            .where(c.app_id == app_id)
            .order_by(c.created_at_ms.desc())
            .limit(1)
        ).first()
        return BearerToken(*row) if row else None

    def delete_bearer_token(self, token: str) -> bool:
        """Invalidate a bearer token."""
        result = self.conn.execute(t.bearer_tokens.delete().where(t.bearer_tokens.c.token == token))
        return bool(result.rowcount)

    # ------------------------------------------------------------------ the social graph
    def insert_follow(self, follower_id: int, followee_id: int, edge_id: int, now_ms: int) -> bool:
        """Add a follow edge; False if it already existed."""
        stmt = self.dialect.insert_ignore(
            t.follows,
            follower_id=follower_id,
            followee_id=followee_id,
            id=edge_id,
            created_at_ms=now_ms,
        )
        return self._inserted(stmt.returning(t.follows.c.id))

    def delete_follow(self, follower_id: int, followee_id: int) -> bool:
        """Remove a follow edge; False if there was none."""
        c = t.follows.c
        result = self.conn.execute(
            t.follows.delete().where(c.follower_id == follower_id, c.followee_id == followee_id)
        )
        return bool(result.rowcount)

    def insert_follow_request(
        self, requester_id: int, target_id: int, edge_id: int, now_ms: int
    ) -> bool:
        """Record a pending request to follow a protected account; False if already pending."""
        stmt = self.dialect.insert_ignore(
            t.follow_requests,
            requester_id=requester_id,
            target_id=target_id,
            id=edge_id,
            created_at_ms=now_ms,
        )
        return self._inserted(stmt.returning(t.follow_requests.c.id))

    def _inserted(self, stmt: Any) -> bool:
        # RETURNING, not rowcount: psycopg 3 reports -1 for INSERT ... ON CONFLICT DO NOTHING
        # through SQLAlchemy's insert construct, which would read as "inserted".
        return self.conn.execute(stmt).first() is not None

    def delete_follow_request(self, requester_id: int, target_id: int) -> bool:
        """Drop a pending request; False if there was none."""
        c = t.follow_requests.c
        result = self.conn.execute(
            t.follow_requests.delete().where(
                c.requester_id == requester_id, c.target_id == target_id
            )
        )
        return bool(result.rowcount)

    def friendship(self, source_id: int, target_id: int) -> Friendship:
        """Both directions of follows and pending requests between two accounts."""
        f, r = t.follows.c, t.follow_requests.c
        pair = [(source_id, target_id), (target_id, source_id)]
        follows = {
            tuple(row)
            for row in self.conn.execute(
                sa.select(f.follower_id, f.followee_id).where(
                    sa.tuple_(f.follower_id, f.followee_id).in_(pair)
                )
            )
        }
        requests = {
            tuple(row)
            for row in self.conn.execute(
                sa.select(r.requester_id, r.target_id).where(
                    sa.tuple_(r.requester_id, r.target_id).in_(pair)
                )
            )
        }
        return Friendship(
            following=(source_id, target_id) in follows,
            followed_by=(target_id, source_id) in follows,
            following_requested=(source_id, target_id) in requests,
            following_received=(target_id, source_id) in requests,
        )

    def following_among(self, viewer_id: int, ids: Iterable[int]) -> set[int]:
        """Which of ``ids`` the viewer follows (one query per page, for User flags)."""
        found: set[int] = set()
        for chunk in iter_chunks(sorted(set(ids)), IN_CHUNK):
            rows = self._rows("following_among", _following_among, chunk, viewer=viewer_id)
            found.update(row[0] for row in rows)
        return found

    def relations_among(self, viewer_id: int, ids: Iterable[int]) -> tuple[set[int], set[int]]:
        """(followed, requested): which of ``ids`` the viewer follows and has a pending request
        to, in one query (the viewer flags of every User on a page)."""
        following: set[int] = set()
        requested: set[int] = set()
        for chunk in iter_chunks(sorted(set(ids)), IN_CHUNK):
            for uid, kind in self._rows(
                "relations_among", _relations_among, chunk, viewer=viewer_id
            ):
                (requested if kind else following).add(uid)
        return following, requested

    def requested_among(self, viewer_id: int, ids: Iterable[int]) -> set[int]:
        """Which of ``ids`` the viewer has a pending follow request to."""
        found: set[int] = set()
        for chunk in iter_chunks(sorted(set(ids)), IN_CHUNK):
            rows = self._rows("requested_among", _requested_among, chunk, viewer=viewer_id)
            found.update(row[0] for row in rows)
        return found

    def _page(
        self, table: sa.Table, key: str, value_col: str, owner: int, cursor: int, count: int
    ) -> IdPage:
        c = table.c
        query = sa.select(c.id, c[value_col]).where(c[key] == owner)
        if cursor < -1:  # previous page: edges newer than -cursor
            rows = self.conn.execute(
                query.where(c.id > -cursor).order_by(c.id.asc()).limit(count + 1)
            ).all()
            has_newer = len(rows) > count
            rows = list(reversed(rows[:count]))
            has_older = True
        else:
            if cursor > 0:
                query = query.where(c.id < cursor)
            rows = self.conn.execute(query.order_by(c.id.desc()).limit(count + 1)).all()
            has_older = len(rows) > count
            rows = rows[:count]
            has_newer = cursor > 0
        if not rows:
            return IdPage([], 0, 0)
        return IdPage(
            ids=[row[1] for row in rows],
            next_cursor=rows[-1][0] if has_older else 0,
            previous_cursor=-rows[0][0] if has_newer else 0,
        )

    def follower_ids(self, user_id: int, cursor: int, count: int) -> IdPage:
        """Who follows ``user_id``, newest first."""
        return self._page(t.follows, "followee_id", "follower_id", user_id, cursor, count)

    def friend_ids(self, user_id: int, cursor: int, count: int) -> IdPage:
        """Whom ``user_id`` follows, newest first."""
        return self._page(t.follows, "follower_id", "followee_id", user_id, cursor, count)

    def incoming_request_ids(self, user_id: int, cursor: int, count: int) -> IdPage:
        """Who asked to follow ``user_id`` (pending), newest first."""
        return self._page(t.follow_requests, "target_id", "requester_id", user_id, cursor, count)

    def outgoing_request_ids(self, user_id: int, cursor: int, count: int) -> IdPage:
        """Protected accounts ``user_id`` asked to follow (pending), newest first."""
        return self._page(t.follow_requests, "requester_id", "target_id", user_id, cursor, count)


class SqlStore:
    """A store on one SQLAlchemy engine.

    Accounts and statuses by id (the caller's account is read on every request, a page's
    statuses and authors on every timeline) are served from memory for up to ``user_cache_ttl``
    seconds, here and in every read unit. Every write through this store that changes an
    account or a status evicts it when it commits, so this process always reads its own
    writes; another process's changes show within the TTL. Write units never use the caches.
    0 turns the caches off.
    """

    def __init__(self, engine: Engine, dialect: Dialect, user_cache_ttl: float = 1.0) -> None:
        self.engine = engine
        self._dialect = dialect
        self.dialect = dialect.name
        self.fast = FastReader(engine)
        self.statements = Statements(engine.dialect)
        self._readers = Readers(engine)
        self._user_by_id = self.fast.prepare(
            sa.select(*_USER_COLUMNS).where(t.users.c.id == sa.bindparam("user_id"))
        )
        self._status_by_id = self.fast.prepare(
            sa.select(*STATUS_COLUMNS).where(t.statuses.c.id == sa.bindparam("status_id"))
        )
        self._users: TtlCache[User] = TtlCache(user_cache_ttl)
        self._statuses: TtlCache[Tweet] = TtlCache(user_cache_ttl)
        self._stop_maintenance = dialect.start_maintenance(engine)

    def user_by_id(self, user_id: int) -> User | None:
        """One account by id, on the hot path (outside a unit of work)."""
        return self._users.get(user_id, self._load_user)

    def _load_user(self, user_id: int) -> User | None:
        row = self.fast.one(self._user_by_id, user_id=user_id)
        return _user_from_driver(row) if row is not None else None

    def status_by_id(self, status_id: int) -> Tweet | None:
        """One status by id, on the hot path (statuses/show); cached like ``user_by_id``."""
        return self._statuses.get(status_id, self._load_status)

    def _load_status(self, status_id: int) -> Tweet | None:
        row = self.fast.one(self._status_by_id, status_id=status_id)
        return tweet_from_driver(row) if row is not None else None

    def forget_users(self, user_ids: Iterable[int]) -> None:
        """Drop cached accounts (after a write changed them)."""
        self._users.forget(user_ids)

    def forget_statuses(self, status_ids: Iterable[int]) -> None:
        """Drop cached statuses (after a write changed or deleted them)."""
        self._statuses.forget(status_ids)

    @contextmanager
    def read(self) -> Iterator[SqlTx]:
        """A unit of work for reads (no writes are committed).

        Runs on a connection the thread keeps (``_Reader``): a pool checkout per read cost more
        than the queries of a whole statuses/show. Each unit ends its transaction, so no read
        snapshot outlives it (SQLite's WAL could not be checkpointed past one).
        """
        reader = self._readers.get()
        conn = reader.conn
        tx = SqlTx(
            conn,
            self._dialect,
            prepared=self.statements,
            user_cache=self._users,
            status_cache=self._statuses,
        )
        try:
            yield tx
        except BaseException:
            reader.end(broken=True)
            raise
        reader.end()

    @contextmanager
    def write(self) -> Iterator[SqlTx]:
        """A unit of work: commit on success, then run the after-commit hooks."""
        with self.engine.connect() as conn:
            self._dialect.begin_write(conn)
            tx = SqlTx(conn, self._dialect, prepared=self.statements)
            try:
                yield tx
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
        self.forget_users(tx.touched_users)
        self.forget_statuses(tx.touched_statuses)
        for hook in tx._hooks:
            hook()

    def close(self) -> None:
        """Release every pooled connection, then stop the background upkeep."""
        self._readers.close()
        self.fast.close()
        self.engine.dispose()
        self._stop_maintenance()
