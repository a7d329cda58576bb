"""``roost load``: a deterministic synthetic world, written as Roost's own code writes rows.

Small worlds on SQLite and PostgreSQL: the same seed gives the same rows whatever the number of
workers; every denormalized count equals the rows it counts; ids are Snowflakes of the rows'
times and point only backwards in time; statuses replayed through ``services.tweets.post`` on a
second database come out identical; every feature of the world is there; the migrated schema
is unchanged after the indexes were dropped and rebuilt; the CLI prints and writes the manifest
and refuses a database that is not empty.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from roost.config import Settings
from roost.domain.ids import timestamp_ms
from roost.domain.retweets import retweet_of
from roost.load.activity import RETWEET
from roost.load.graph import plan_graph, plan_users
from roost.load.rows import Renderer
from roost.load.run import load
from roost.load.words import LANGS
from roost.load.world import Sizes, plan_world
from roost.runtime import Runtime
from roost.search.document import document_for
from roost.services import tweets
from roost.store import open_store
from roost.store.postgres import normalize_url
from roost.store.schema import metadata
from roost.store.statuses import text_hash
from tests.conftest import fresh_database_url
from tests.support.schema import schema_differences

SEED = 7
WORLD = Sizes(users=200, tweets=2000, likes=2000)

# --------------------------------------------------------------------------- helpers


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(normalize_url(url) if url.startswith("postgres") else url)


def _rows(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(sql), params)]
    finally:
        engine.dispose()


def _scalar(url: str, sql: str) -> Any:
    return _rows(url, sql)[0][0]


def _dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the schema, in primary-key order (not the server's random
    signing keys, which every new database gets its own of)."""
    engine = _engine(url)
    out: dict[str, list[tuple[Any, ...]]] = {}
    try:
        with engine.connect() as conn:
            for table in metadata.sorted_tables:
                if table.name == "server_secrets":
                    continue
                key = list(table.primary_key.columns)
                out[table.name] = [tuple(r) for r in conn.execute(sa.select(table).order_by(*key))]
    finally:
        engine.dispose()
    return out


def _index_ddl(url: str) -> list[tuple[str, str]]:
    """(name, definition) of every index, as the database reports it."""
    if url.startswith("sqlite"):
        return _rows(url, "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
    return _rows(
        url,
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
        " ORDER BY indexname",
    )


def roost(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m roost ARGS`` as a shell runs it (stderr is a pipe, not a terminal)."""
    env = {k: v for k, v in os.environ.items() if k != "ROOST_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "roost", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


# --------------------------------------------------------------------------- a whole world


def test_load_writes_a_consistent_world(database_url: str) -> None:
    open_store(database_url).close()  # migrated and empty: the indexes to end up with
    fresh_indexes = _index_ddl(database_url)

    manifest = load(database_url, SEED, WORLD, workers=2)
    url = database_url
    counts = manifest["counts"]

    # what the manifest says is what the tables hold
    for table, key in [
        ("users", "users"),
        ("follows", "follows"),
        ("follow_requests", "follow_requests"),
        ("statuses", "statuses"),
        ("favorites", "favorites"),
        ("status_mentions", "status_mentions"),
        ("tco_links", "tco_links"),
        ("access_tokens", "access_tokens"),
    ]:
        assert _scalar(url, f"SELECT COUNT(*) FROM {table}") == counts[key], table
    assert counts["users"] == WORLD.users and counts["statuses"] == WORLD.tweets
    assert counts["favorites"] == WORLD.likes
    assert _scalar(url, "SELECT COUNT(*) FROM apps") == 1
    assert _scalar(url, "SELECT COUNT(*) FROM bearer_tokens") == 1

    # every denormalized count is the count of its rows
    mismatches = {
        "followers_count": "SELECT COUNT(*) FROM follows f WHERE f.followee_id = u.id",
        "friends_count": "SELECT COUNT(*) FROM follows f WHERE f.follower_id = u.id",
        "statuses_count": "SELECT COUNT(*) FROM statuses s WHERE s.user_id = u.id",
        "favourites_count": "SELECT COUNT(*) FROM favorites f WHERE f.user_id = u.id",
    }
    for column, count in mismatches.items():
        bad = _scalar(url, f"SELECT COUNT(*) FROM users u WHERE u.{column} <> ({count})")
        assert bad == 0, column
    status_counts = {
        "retweet_count": "SELECT COUNT(*) FROM statuses r WHERE r.retweeted_status_id = s.id",
        "favorite_count": "SELECT COUNT(*) FROM favorites f WHERE f.status_id = s.id",
        "reply_count": "SELECT COUNT(*) FROM statuses r WHERE r.in_reply_to_status_id = s.id",
        "quote_count": "SELECT COUNT(*) FROM statuses r WHERE r.quoted_status_id = s.id",
    }
    for column, count in status_counts.items():
        bad = _scalar(url, f"SELECT COUNT(*) FROM statuses s WHERE s.{column} <> ({count})")
        assert bad == 0, column
    assert _scalar(url, "SELECT SUM(followers_count) FROM users") == counts["follows"]

    _check_ids_and_times(url)
    _check_accounts(url)
    _check_features(url, manifest)
    _check_rules(url)

    # the schema is the migrated one: indexes rebuilt from their own DDL, nothing else changed
    assert _index_ddl(url) == fresh_indexes
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            assert schema_differences(conn) == []
            indexed = conn.exec_driver_sql("SELECT COUNT(*) FROM status_search").scalar()
            assert indexed == counts["statuses"]  # every status is searchable
            if url.startswith("sqlite"):
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()


def _check_ids_and_times(url: str) -> None:
    """Snowflakes carry the rows' times; everything points back in time."""
    for table in ("users", "follows", "follow_requests", "favorites", "apps"):
        for row_id, created in _rows(url, f"SELECT id, created_at_ms FROM {table}"):
            assert timestamp_ms(row_id) == created, table
    users = _rows(url, "SELECT id, created_at_ms FROM users ORDER BY id")
    assert [c for _, c in users] == sorted(c for _, c in users)  # id order is time order
    later = {
        "replies": "SELECT COUNT(*) FROM statuses s JOIN statuses p"
        " ON p.id = s.in_reply_to_status_id WHERE s.id <= p.id",
        "retweets": "SELECT COUNT(*) FROM statuses s JOIN statuses p"
        " ON p.id = s.retweeted_status_id WHERE s.id <= p.id",
        "quotes": "SELECT COUNT(*) FROM statuses s JOIN statuses p"
        " ON p.id = s.quoted_status_id WHERE s.id <= p.id",
        "likes": "SELECT COUNT(*) FROM favorites f WHERE f.id <= f.status_id",
        "authors": "SELECT COUNT(*) FROM statuses s JOIN users u ON u.id = s.user_id"
        " WHERE s.id <= u.id",
        "follows": "SELECT COUNT(*) FROM follows f JOIN users a ON a.id = f.follower_id"
        " JOIN users b ON b.id = f.followee_id WHERE f.id <= a.id OR f.id <= b.id",
    }
    for what, sql in later.items():
        assert _scalar(url, sql) == 0, what
    period = (1_735_689_600_000, 1_767_225_600_000)
    for (sid,) in _rows(url, "SELECT id FROM statuses"):
        assert period[0] <= timestamp_ms(sid) < period[1]


def _check_accounts(url: str) -> None:
    rows = _rows(
        url, "SELECT screen_name, screen_name_lower, name, description, location, url FROM users"
    )
    names = [r[0] for r in rows]
    assert all(re.fullmatch(r"[A-Za-z0-9_]{1,15}", n) for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert all(r[1] == r[0].lower() for r in rows)
    assert all(1 <= len(r[2]) <= 50 and len(r[3]) <= 160 and len(r[4]) <= 30 for r in rows)
    assert "demo" not in {n.lower() for n in names}  # roost serve creates @demo
    assert sum(1 for r in rows if r[3]) > len(rows) // 2  # most have a bio
    assert any(r[4] for r in rows) and any(r[5] for r in rows)
    assert any(not r[2].isascii() for r in rows)


def _check_features(url: str, manifest: dict[str, Any]) -> None:
    """Everything the world is meant to hold is there."""
    one = {
        "protected accounts": "SELECT COUNT(*) FROM users WHERE protected",
        "their approved followers": "SELECT COUNT(*) FROM follows f JOIN users u"
        " ON u.id = f.followee_id WHERE u.protected",
        "pending follow requests": "SELECT COUNT(*) FROM follow_requests r JOIN users u"
        " ON u.id = r.target_id WHERE u.protected",
        "verified accounts": "SELECT COUNT(*) FROM users WHERE verified",
        "geo-enabled accounts": "SELECT COUNT(*) FROM users WHERE geo_enabled",
        "replies (auto-populated)": "SELECT COUNT(*) FROM statuses"
        " WHERE in_reply_to_status_id IS NOT NULL AND display_start > 0",
        "replies (typed)": "SELECT COUNT(*) FROM statuses WHERE in_reply_to_status_id IS NOT NULL"
        " AND display_start = 0 AND in_reply_to_user_id <> user_id",
        "self-replies (threads)": "SELECT COUNT(*) FROM statuses"
        " WHERE in_reply_to_user_id = user_id",
        "retweets": "SELECT COUNT(*) FROM statuses WHERE retweeted_status_id IS NOT NULL"
        " AND text LIKE 'RT @%' AND text_hash IS NULL",
        "quotes": "SELECT COUNT(*) FROM statuses WHERE quoted_status_id IS NOT NULL"
        " AND quoted_permalink LIKE 'https://twitter.com/%/status/%'",
        "likes": "SELECT COUNT(*) FROM favorites",
        "mentions": "SELECT COUNT(*) FROM status_mentions",
        "geotagged with a place": "SELECT COUNT(*) FROM statuses"
        " WHERE lat IS NOT NULL AND long IS NOT NULL AND place_id IS NOT NULL",
        "a place without coordinates": "SELECT COUNT(*) FROM statuses"
        " WHERE lat IS NULL AND place_id IS NOT NULL",
        "possibly sensitive": "SELECT COUNT(*) FROM statuses WHERE possibly_sensitive",
        "long texts (compat link)": "SELECT COUNT(*) FROM tco_links"
        " WHERE url LIKE 'https://twitter.com/i/web/status/%'",
        "links typed without a scheme": "SELECT COUNT(*) FROM tco_links"
        " WHERE url LIKE 'http://example.com/%'",
    }
    for what, sql in one.items():
        assert _scalar(url, sql) > 0, what
    texts = _rows(
        url, "SELECT text, entities, lang FROM statuses WHERE retweeted_status_id IS NULL"
    )
    assert any(not text.isascii() for text, _, _ in texts)
    kinds: Counter[str] = Counter()
    links: Counter[str] = Counter()
    for _, entities, _ in texts:
        ents = entities if isinstance(entities, dict) else json.loads(entities)
        for kind in ("hashtags", "symbols", "user_mentions", "urls"):
            kinds[kind] += bool(ents[kind])
        links.update(u["expanded_url"] for u in ents["urls"])
    assert all(kinds[k] > 0 for k in ("hashtags", "symbols", "user_mentions", "urls")), kinds
    # lang is what the detector finds (as statuses/update): the six generated languages, and
    # a few short texts it reads otherwise
    found = Counter(lang for _, _, lang in texts)
    assert set(LANGS) <= set(found)
    assert sum(found[lang] for lang in LANGS) >= 0.9 * len(texts), found
    assert links.most_common(1)[0][1] > 1  # popular links are shared (one t.co row each)
    # the accounts the manifest names exist, with their tokens
    accounts = manifest["accounts"]
    assert {"median_following", "p99_following", "most_followers", "protected"} <= set(accounts)
    for role, facts in accounts.items():
        row = _rows(
            url,
            "SELECT u.screen_name, u.friends_count, u.followers_count, t.secret FROM users u"
            " JOIN access_tokens t ON t.user_id = u.id WHERE t.token = :token",
            token=facts["access_token"],
        )
        assert row == [
            (
                facts["screen_name"],
                facts["friends_count"],
                facts["followers_count"],
                facts["access_token_secret"],
            )
        ], role
    friends = sorted(r[0] for r in _rows(url, "SELECT friends_count FROM users"))
    assert accounts["median_following"]["friends_count"] == friends[len(friends) // 2]
    assert accounts["p99_following"]["friends_count"] == friends[int(len(friends) * 0.99)]
    follower = accounts["protected_follower"]["id"]
    protected = accounts["protected"]["id"]
    assert _rows(
        url, f"SELECT 1 FROM follows WHERE follower_id = {follower} AND followee_id = {protected}"
    ) == [(1,)]


def _check_rules(url: str) -> None:
    """Twitter's rules the services enforce hold for the loaded rows too."""
    # no one retweeted a protected status, or the same status twice
    assert (
        _scalar(
            url,
            "SELECT COUNT(*) FROM statuses r JOIN statuses o ON o.id = r.retweeted_status_id"
            " JOIN users a ON a.id = o.user_id WHERE a.protected",
        )
        == 0
    )
    assert (
        _scalar(
            url,
            "SELECT COUNT(*) FROM (SELECT user_id, retweeted_status_id FROM statuses"
            " WHERE retweeted_status_id IS NOT NULL GROUP BY user_id, retweeted_status_id"
            " HAVING COUNT(*) > 1) x",
        )
        == 0
    )
    # replies to and likes of protected statuses only from their approved followers
    for sql in (
        "SELECT COUNT(*) FROM statuses s JOIN statuses p ON p.id = s.in_reply_to_status_id"
        " JOIN users a ON a.id = p.user_id WHERE a.protected AND s.user_id <> a.id AND NOT"
        " EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = s.user_id AND f.followee_id = a.id)",
        "SELECT COUNT(*) FROM favorites l JOIN statuses p ON p.id = l.status_id"
        " JOIN users a ON a.id = p.user_id WHERE a.protected AND NOT"
        " EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = l.user_id AND f.followee_id = a.id)",
    ):
        assert _scalar(url, sql) == 0
    # a like is of an original, never of a retweet wrapper, and never twice
    assert (
        _scalar(
            url,
            "SELECT COUNT(*) FROM favorites l JOIN statuses s ON s.id = l.status_id"
            " WHERE s.retweeted_status_id IS NOT NULL",
        )
        == 0
    )
    # the duplicate rule: no account posted the same text twice within 24 hours
    seen: dict[tuple[int, int], list[int]] = {}
    for uid, sid, hashed, body in _rows(
        url, "SELECT user_id, id, text_hash, text FROM statuses WHERE retweeted_status_id IS NULL"
    ):
        assert hashed == text_hash(body)
        seen.setdefault((uid, hashed), []).append(timestamp_ms(sid))
    for times in seen.values():
        times.sort()
        assert all(b - a > 86_400_000 for a, b in zip(times, times[1:], strict=False))


# --------------------------------------------------------------------------- determinism


def test_same_seed_same_rows_whatever_the_workers_and_bulk_paths(
    database_url: str, backend: str, tmp_path: Path
) -> None:
    sizes = Sizes(users=120, tweets=900, likes=700)
    first = load(database_url, SEED, sizes, workers=2)
    twin = fresh_database_url(backend, tmp_path)
    # in this process, indexes kept up row by row, executemany instead of PostgreSQL's COPY
    second = load(twin, SEED, sizes, workers=0, defer_indexes=False, copy=False)
    assert first == second
    a, b = _dump(database_url), _dump(twin)
    assert a == b
    assert all(a[name] for name in ("users", "follows", "statuses", "favorites", "tco_links"))
    other = plan_world(SEED + 1, sizes)
    assert other.users.screen_names != plan_world(SEED, sizes).users.screen_names


# --------------------------------------------------------------------------- the domain's rows


_NO_COUNTS = {"retweet_count": 0, "favorite_count": 0, "reply_count": 0, "quote_count": 0}


class _Planned:
    """Hands ``post`` the planned id and its time instead of minting one and reading a clock."""

    def __init__(self) -> None:
        self.value = 0

    def next_id(self) -> int:
        return self.value

    def __call__(self) -> int:
        return timestamp_ms(self.value)


def test_statuses_are_what_post_and_retweet_of_write(
    database_url: str, backend: str, tmp_path: Path
) -> None:
    sizes = Sizes(users=100, tweets=600, likes=0)
    load(database_url, SEED, sizes, workers=0)
    world = plan_world(SEED, sizes)
    loaded = open_store(database_url)
    replay_url = fresh_database_url(backend, tmp_path)
    rt = Runtime(Settings(database_url=replay_url, data_dir=tmp_path), open_store(replay_url))
    planned = _Planned()
    rt.ids = planned  # type: ignore[assignment]
    rt.clock_ms = planned
    try:
        # the same accounts, App and follows in a second database ...
        with loaded.read() as tx:
            accounts = tx.users_by_ids(world.users.ids)
            app = tx.app_by_id(world.app.id)
        assert app is not None
        follows = _rows(
            database_url, "SELECT follower_id, followee_id, id, created_at_ms FROM follows"
        )
        with rt.store.write() as tx:
            for uid in world.users.ids:
                tx.insert_user(accounts[uid])
            tx.insert_app(app)
            for follower, followee, edge_id, at in follows:
                tx.insert_follow(follower, followee, edge_id, at)
        # ... where they post the same statuses through the service, in time order
        renderer = Renderer(world.accounts(), world.source())
        s = world.statuses
        posted = 0
        for k in range(len(s)):
            if s.kind[k] == RETWEET:
                continue
            draft, _ = renderer.draft(world.entry(k))
            planned.value = s.ids[k]
            made = tweets.post(
                rt,
                accounts[world.users.ids[s.author[k]]],
                app,
                tweets.PostRequest(
                    status=draft.status,
                    in_reply_to_status_id=draft.in_reply_to_status_id,
                    auto_populate_reply_metadata=draft.auto_populate_reply_metadata,
                    attachment_url=draft.attachment_url,
                    possibly_sensitive=draft.possibly_sensitive,
                    lat=draft.lat,
                    long=draft.long,
                    place_id=draft.place_id,
                ),
            )
            stored = loaded.status_by_id(made.id)
            assert stored is not None
            assert made == replace(stored, **_NO_COUNTS), k  # lang detected alike
            posted += 1
        assert posted > 400
        # the rows themselves, every column but lang and the counts of later events
        same = (
            "SELECT id, user_id, text, display_start, display_end, entities, source_name,"
            " source_url, in_reply_to_status_id, in_reply_to_user_id, in_reply_to_screen_name,"
            " quoted_status_id, quoted_permalink, retweeted_status_id, possibly_sensitive, lat,"
            " long, place_id, display_coordinates, card_uri, media_ids, text_hash"
            " FROM statuses WHERE retweeted_status_id IS NULL ORDER BY id"
        )
        assert _rows(replay_url, same) == _rows(database_url, same)
        for table, key in (("status_mentions", "user_id, status_id"), ("tco_links", "code")):
            sql = f"SELECT * FROM {table} ORDER BY {key}"
            assert _rows(replay_url, sql) == _rows(database_url, sql), table
        # the search documents: what post indexes, the load indexes (retweets: below)
        if database_url.startswith("sqlite"):
            docs = "SELECT rowid, doc FROM status_search WHERE rowid IN ({}) ORDER BY rowid"
        else:
            docs = (
                "SELECT status_id, doc::text FROM status_search WHERE status_id IN ({}) ORDER BY 1"
            )
        originals_sql = docs.format("SELECT id FROM statuses WHERE retweeted_status_id IS NULL")
        assert _rows(replay_url, originals_sql) == _rows(database_url, originals_sql)
        replies = _rows(replay_url, "SELECT reply_count, quote_count FROM statuses ORDER BY id")
        expected = [
            (s.reply_count[k], s.quote_count[k]) for k in range(len(s)) if s.kind[k] != RETWEET
        ]
        assert replies == expected
        # retweets: retweet_of the original as the store reads it
        retweets = _rows(
            database_url, "SELECT id FROM statuses WHERE retweeted_status_id IS NOT NULL"
        )
        assert retweets
        for (rid,) in retweets:
            wrapper = loaded.status_by_id(rid)
            assert wrapper is not None and wrapper.retweeted_status_id is not None
            original = loaded.status_by_id(wrapper.retweeted_status_id)
            assert original is not None
            author = accounts[original.user_id]
            assert wrapper == retweet_of(
                original, author, wrapper.user_id, rid, app.name, app.website or ""
            )
            # its document as statuses/retweet indexes it (services/engagement.py)
            made = document_for(wrapper, (), author_location=accounts[wrapper.user_id].location)
            assert _document(database_url, rid) == made, rid
    finally:
        rt.store.close()
        loaded.close()


def _document(url: str, status_id: int) -> list[str]:
    """A status's search document as its tokens (PostgreSQL's vector: lexemes by position)."""
    if url.startswith("sqlite"):
        return str(_scalar(url, f"SELECT doc FROM status_search WHERE rowid = {status_id}")).split()
    vector = str(_scalar(url, f"SELECT doc::text FROM status_search WHERE status_id = {status_id}"))
    placed = []
    for lexeme in vector.split(" "):
        token, _, positions = lexeme.rpartition(":")
        placed += [(int(p), token.strip("'")) for p in positions.split(",")]
    return [token for _, token in sorted(placed)]


def test_a_failed_load_keeps_the_schema(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    open_store(database_url).close()
    fresh_indexes = _index_ddl(database_url)
    calls = []

    def failing(self: Renderer, entries: list[Any]) -> Any:
        calls.append(len(entries))
        if len(calls) > 2:
            raise RuntimeError("renderer broke")
        return real(self, entries)

    real = Renderer.render
    monkeypatch.setattr(Renderer, "render", failing)
    with pytest.raises(RuntimeError, match="renderer broke"):
        load(database_url, SEED, Sizes(users=80, tweets=20_000, likes=10), workers=0)
    assert _index_ddl(database_url) == fresh_indexes  # dropped for the load, created again
    assert _scalar(database_url, "SELECT COUNT(*) FROM users") == 80  # what was written stays
    monkeypatch.setattr(Renderer, "render", real)
    with pytest.raises(ValueError, match="not empty"):
        load(database_url, SEED, Sizes(users=80, tweets=100, likes=10), workers=0)


# --------------------------------------------------------------------------- distributions


def test_follow_graph_is_heavy_tailed() -> None:
    n = 4000
    users = plan_users(SEED, n)
    graph = plan_graph(SEED, users, 40.0)
    followers = sorted(graph.followers_count, reverse=True)
    following = sorted(graph.friends_count)
    edges = sum(followers)
    assert 30 * n < edges < 50 * n  # the mean following is about --avg-following
    median = followers[n // 2]
    assert followers[0] > 40 * median  # the most followed account dwarfs the typical one
    assert sum(followers[: n // 100]) > 0.15 * edges  # the top 1% hold a large share
    assert following[n // 2] < 0.8 * (edges / n)  # log-normal following: median below mean
    # the complementary CDF of followers falls as a power law over its tail: fit its slope
    points = []
    for k in (2, 4, 8, 16, 32):
        threshold = median * k
        share = sum(1 for f in followers if f >= threshold) / n
        if share > 0:
            points.append((math.log(threshold), math.log(share)))
    xs, ys = zip(*points, strict=True)
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x in xs)
    assert -2.5 < slope < -0.7, slope


def test_sizes_are_checked() -> None:
    with pytest.raises(ValueError, match="--users"):
        plan_world(SEED, Sizes(users=1, tweets=10, likes=10))
    with pytest.raises(ValueError, match="negative"):
        plan_world(SEED, Sizes(users=10, tweets=-1, likes=0))
    empty = plan_world(SEED, Sizes(users=10, tweets=0, likes=5))
    assert len(empty.statuses) == 0 and len(empty.likes) == 0


# --------------------------------------------------------------------------- the command


def test_cli_prints_and_writes_the_manifest_and_refuses_a_full_database(
    database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "out" / "manifest.json"
    args = ["load", "--users", "60", "--tweets", "300", "--seed", "3", "--db", database_url]
    done = roost(*args, "--manifest", str(path))
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    written = json.loads(path.read_text())
    assert {k: v for k, v in printed.items() if k not in ("elapsed_seconds", "timings")} == written
    assert written["format"] == "roost-load-manifest/1" and written["seed"] == 3
    assert written["counts"]["users"] == 60 and written["counts"]["statuses"] == 300
    assert written["counts"]["favorites"] == 300  # --likes defaults to --tweets
    assert printed["elapsed_seconds"] > 0 and "writing rows" in printed["timings"]
    progress = done.stderr.splitlines()
    assert any("writing rows 100%" in line for line in progress)
    assert "\r" not in done.stderr  # not a terminal: plain lines
    again = roost(*args)
    assert again.returncode == 1
    assert again.stdout == ""
    assert again.stderr.count("\n") == 1
    assert again.stderr.startswith("roost: the database is not empty (")
    helped = roost("load", "--help")
    assert helped.returncode == 0 and "roost-load-manifest/1" in helped.stdout
    assert "median_following" in helped.stdout
