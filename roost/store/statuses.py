"""Statuses, the accounts they mention, and the t.co links they carry (part of SqlTx)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

import orjson
import sqlalchemy as sa

from roost.domain.model import Tweet
from roost.domain.polls import Poll, StatusExtras
from roost.store import schema as t
from roost.store.base import IN_CHUNK, iter_chunks, json_value
from roost.store.mixin import TxQueries
from roost.store.prepared import in_binds

_STATUS_FIELDS = (
    "id",
    "user_id",
    "text",
    "display_start",
    "display_end",
    "entities",
    "source_name",
    "source_url",
    "in_reply_to_status_id",
    "in_reply_to_user_id",
    "in_reply_to_screen_name",
    "quoted_status_id",
    "quoted_permalink",
    "retweeted_status_id",
    "lang",
    "possibly_sensitive",
    "lat",
    "long",
    "place_id",
    "display_coordinates",
    "card_uri",
    "media_ids",
    "retweet_count",
    "favorite_count",
    "reply_count",
    "quote_count",
    "withheld_in_countries",
)
JSON_FIELDS = ("entities", "media_ids", "withheld_in_countries")
STATUS_COLUMNS = [t.statuses.c[name] for name in _STATUS_FIELDS]
_STATUS_COUNTS = {"retweet_count", "favorite_count", "reply_count", "quote_count"}
_STATUS_CONVERT = [
    (i, bool)
    if name in ("possibly_sensitive", "display_coordinates")
    else (i, json_value)
    if name in JSON_FIELDS
    else None
    for i, name in enumerate(_STATUS_FIELDS)
]


def _tweet(row: Any) -> Tweet:
    return Tweet(*row)


def tweet_from_driver(row: tuple[Any, ...]) -> Tweet:
    """A Tweet from a raw DB-API row (the fast path)."""
    values = list(row)
    for convert in _STATUS_CONVERT:
        if convert is not None:
            i, fn = convert
            values[i] = fn(values[i])
    return Tweet(*values)


class StatusQueries(TxQueries):
    """Statuses, mentions and t.co links (mixed into SqlTx)."""

    def insert_status(self, tweet: Tweet) -> None:
        """Store a new status."""
        values = {name: getattr(tweet, name) for name in _STATUS_FIELDS}
        for name in JSON_FIELDS:  # the raw driver path: JSON goes in as text
            if values[name] is not None:
                values[name] = orjson.dumps(values[name]).decode()
        values["text_hash"] = None if tweet.retweeted_status_id else text_hash(tweet.text)
        self._one("insert_status", _insert_status, **values)

    def insert_status_extras(self, status_id: int, extras: StatusExtras) -> None:
        """Store what a v2 Tweet carries beyond a v1.1 status (nothing when there is none)."""
        if extras.empty:
            return
        poll = extras.poll
        self.conn.execute(
            t.status_extras.insert().values(
                status_id=status_id,
                poll=orjson.dumps(
                    {
                        "options": poll.options,
                        "duration_minutes": poll.duration_minutes,
                        "end_ms": poll.end_ms,
                    }
                ).decode()
                if poll is not None
                else None,
                reply_settings=extras.reply_settings,
                tagged_user_ids=orjson.dumps(extras.tagged_user_ids).decode()
                if extras.tagged_user_ids
                else None,
            )
        )

    def status_extras(self, status_ids: Iterable[int]) -> dict[int, StatusExtras]:
        """The extras of those of ``status_ids`` that have any."""
        e = t.status_extras.c
        out: dict[int, StatusExtras] = {}
        for chunk in iter_chunks(list(status_ids), IN_CHUNK):
            rows = self.conn.execute(
                sa.select(e.status_id, e.poll, e.reply_settings, e.tagged_user_ids).where(
                    e.status_id.in_(chunk)
                )
            ).all()
            for status_id, poll, reply_settings, tagged in rows:
                raw = orjson.loads(poll) if poll else None
                out[status_id] = StatusExtras(
                    poll=Poll(raw["options"], raw["duration_minutes"], raw["end_ms"])
                    if raw
                    else None,
                    reply_settings=reply_settings,
                    tagged_user_ids=orjson.loads(tagged) if tagged else [],
                )
        return out

    def status_by_id(self, status_id: int) -> Tweet | None:
        """One status by id (from the store's status cache on a read unit)."""
        if self.status_cache is not None:
            return self.status_cache.get(status_id, self._status_by_id)
        return self._status_by_id(status_id)

    def _status_by_id(self, status_id: int) -> Tweet | None:
        row = self._one("status_by_id", _status_by_id, sid=status_id)
        return tweet_from_driver(row) if row else None

    def statuses_by_ids(self, ids: Iterable[int]) -> dict[int, Tweet]:
        """Statuses by id; unknown (or deleted) ids are absent. A read unit answers from the
        store's status cache where it can."""
        if self.status_cache is not None:
            return self.status_cache.get_many(set(ids), self._statuses_by_ids)
        return self._statuses_by_ids(ids)

    def _statuses_by_ids(self, ids: Iterable[int]) -> dict[int, Tweet]:
        found: dict[int, Tweet] = {}
        for chunk in iter_chunks(sorted(set(ids)), IN_CHUNK):
            for row in self._rows("statuses_by_ids", _statuses_by_ids, chunk):
                found[row[0]] = tweet_from_driver(row)
        return found

    def has_recent_text(self, user_id: int, since_id: int, text: str) -> bool:
        """Whether one of the user's statuses since ``since_id`` (not a retweet) has exactly
        ``text``: the duplicate rule, one probe of the (user_id, text_hash) index."""
        found = self._one(
            "has_recent_text",
            _has_recent_text,
            uid=user_id,
            since=since_id,
            hash=text_hash(text),
            text=text,
        )
        return found is not None

    def retweet_ids_of(self, status_id: int) -> list[tuple[int, int]]:
        """(retweet id, retweeter id) of every retweet of a status."""
        c = t.statuses.c
        return [
            (r[0], r[1])
            for r in self.conn.execute(
                sa.select(c.id, c.user_id).where(c.retweeted_status_id == status_id)
            )
        ]

    def retweet_by(self, user_id: int, status_id: int) -> int | None:
        """The id of ``user_id``'s retweet of a status, if any (current_user_retweet)."""
        c = t.statuses.c
        return self.conn.execute(
            sa.select(c.id).where(c.retweeted_status_id == status_id, c.user_id == user_id).limit(1)
        ).scalar()

    def retweets_by_among(self, user_id: int, status_ids: Iterable[int]) -> dict[int, int]:
        """status id -> ``user_id``'s retweet of it, for the statuses among ``status_ids`` the
        user retweeted (``retweeted`` and ``current_user_retweet``, one query per page)."""
        found: dict[int, int] = {}
        for chunk in iter_chunks(sorted(set(status_ids)), IN_CHUNK):
            for rid, original in self._rows(
                "retweets_by_among", _retweets_by_among, chunk, uid=user_id
            ):
                found[original] = rid
        return found

    def delete_statuses(self, ids: Sequence[int]) -> None:
        """Remove statuses (their mentions and search documents go with them)."""
        self.touched_statuses.update(ids)
        self.unindex_statuses(ids)
        for chunk in iter_chunks(list(ids), IN_CHUNK):
            self.conn.execute(
                t.status_mentions.delete().where(t.status_mentions.c.status_id.in_(chunk))
            )
            self.conn.execute(t.statuses.delete().where(t.statuses.c.id.in_(chunk)))

    def adjust_status_counts(self, status_id: int, **deltas: int) -> None:
        """Add to a status's counts (never below zero)."""
        unknown = set(deltas) - _STATUS_COUNTS
        if unknown:
            raise ValueError(f"not a count: {sorted(unknown)}")
        names = tuple(sorted(n for n, d in deltas.items() if d))
        if not names:
            return
        self.touched_statuses.add(status_id)
        greatest = sa.func.max if self.dialect.name == "sqlite" else sa.func.greatest

        def build() -> Any:
            c = t.statuses.c
            return (
                t.statuses.update()
                .where(c.id == sa.bindparam("sid"))
                .values(
                    {
                        n: greatest(c[n] + sa.bindparam(f"d_{n}"), sa.literal_column("0"))
                        for n in names
                    }
                )
            )

        self._one(
            "adjust_status_counts:" + ",".join(names),
            build,
            sid=status_id,
            **{f"d_{n}": deltas[n] for n in names},
        )

    def insert_mentions(self, status_id: int, user_ids: Iterable[int]) -> None:
        """Record who a status mentions."""
        for uid in sorted(set(user_ids)):
            self._one("insert_mention", _insert_mention, uid=uid, sid=status_id)

    def insert_tco(self, code: str, url: str) -> None:
        """Remember where a t.co code leads (the same URL always has the same code)."""
        dialect = self.dialect
        self._one(
            "insert_tco",
            lambda: dialect.insert_ignore(
                t.tco_links, code=sa.bindparam("code"), url=sa.bindparam("url")
            ),
            code=code,
            url=url,
        )

    def tco_target(self, code: str) -> str | None:
        """Where a t.co code leads."""
        return self.conn.execute(
            sa.select(t.tco_links.c.url).where(t.tco_links.c.code == code)
        ).scalar()

    def latest_status_ids(self, user_ids: Iterable[int]) -> dict[int, int]:
        """user id -> id of that user's newest status (the ``status`` a User object embeds)."""
        c = t.statuses.c
        found: dict[int, int] = {}
        for chunk in iter_chunks(sorted(set(user_ids)), IN_CHUNK):
            rows = self.conn.execute(
                sa.select(c.user_id, sa.func.max(c.id))
                .where(c.user_id.in_(chunk))
                .group_by(c.user_id)
            )
            found.update((uid, sid) for uid, sid in rows if sid is not None)
        return found


def text_hash(text: str) -> int:
    """The signed 64-bit key of ``text`` in ``statuses.text_hash`` (BLAKE2b, first 8 bytes).

    Migration 0005 fills old rows with the same function, copied there: keep the two equal.
    """
    return int.from_bytes(
        hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big", signed=True
    )


def _insert_status() -> Any:
    columns = [*STATUS_COLUMNS, t.statuses.c.text_hash]
    return t.statuses.insert().values({c.name: sa.bindparam(c.name) for c in columns})


def _status_by_id() -> Any:
    return sa.select(*STATUS_COLUMNS).where(t.statuses.c.id == sa.bindparam("sid"))


def _statuses_by_ids(n: int) -> Any:
    return sa.select(*STATUS_COLUMNS).where(t.statuses.c.id.in_(in_binds("v", n)))


def _has_recent_text(**_: Any) -> Any:
    c = t.statuses.c
    return (
        sa.select(sa.literal_column("1"))
        .where(
            c.user_id == sa.bindparam("uid"),
            c.text_hash == sa.bindparam("hash"),
            c.id >= sa.bindparam("since"),
            c.text == sa.bindparam("text"),  # a hash match is only a candidate
        )
        .limit(sa.literal_column("1"))
        .offset(sa.literal_column("0"))  # SQLite compiles a lone LIMIT with a bound OFFSET
    )


def _retweets_by_among(n: int) -> Any:
    c = t.statuses.c
    return sa.select(c.id, c.retweeted_status_id).where(
        c.user_id == sa.bindparam("uid"), c.retweeted_status_id.in_(in_binds("v", n))
    )


def _insert_mention() -> Any:
    return t.status_mentions.insert().values(
        user_id=sa.bindparam("uid"), status_id=sa.bindparam("sid")
    )
