"""The store contract (roost/store/base.py), run on a real SQLite file and a real PostgreSQL.

Every test that takes ``runtime`` runs once per backend (tests/conftest.py parametrizes it), on a
fresh, migrated database. The SQLite-only properties (WAL, pragmas, surviving SIGKILL) open their
own file under ``tmp_path``.
"""

from __future__ import annotations

import itertools
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roost.domain.model import AccessToken, App, BearerToken, Friendship, Permission, Tweet, User
from roost.runtime import Runtime
from roost.store import StoreError, open_store
from roost.store.migrate import alembic_config
from roost.store.sql import SqlStore, SqlTx
from tests.support.schema import schema_differences

_serial = itertools.count(1)
REPO = Path(__file__).resolve().parents[2]


def _name(prefix: str = "u") -> str:
    """A screen name no other test in this process uses (at most 15 characters)."""
    return f"{prefix[:5]}{next(_serial):06d}"


def add_user(rt: Runtime, screen_name: str | None = None, **fields: object) -> User:
    """Insert one account in its own unit of work."""
    user = User(
        id=rt.next_id(),
        screen_name=screen_name or _name(),
        name=fields.pop("name", "Someone"),  # type: ignore[arg-type]
        created_at_ms=1_600_000_000_000,
        **fields,  # type: ignore[arg-type]
    )
    with rt.store.write() as tx:
        tx.insert_user(user)
    return user


def add_users(rt: Runtime, n: int) -> list[User]:
    """Insert ``n`` accounts in one unit of work."""
    users = [
        User(id=rt.next_id(), screen_name=_name(), name="x", created_at_ms=1) for _ in range(n)
    ]
    with rt.store.write() as tx:
        for user in users:
            tx.insert_user(user)
    return users


def make_app(rt: Runtime, name: str = "An App", owner_id: int | None = None, **kw: object) -> App:
    """An App value with unique keys (not inserted)."""
    n = next(_serial)
    values: dict[str, object] = {
        "id": rt.next_id(),
        "name": name,
        "consumer_key": f"ck{n}",
        "consumer_secret": f"cs{n}",
        "client_id": f"ci{n}",
        "client_secret": f"sec{n}",
        "permission": Permission.READ_WRITE,
        "owner_id": owner_id,
        "created_at_ms": 1_600_000_000_000 + n,
    }
    values.update(kw)
    return App(**values)  # type: ignore[arg-type]


def add_app(rt: Runtime, **kw: object) -> App:
    """Insert an App in its own unit of work."""
    app = make_app(rt, **kw)  # type: ignore[arg-type]
    with rt.store.write() as tx:
        tx.insert_app(app)
    return app


def follow(rt: Runtime, follower: User, followee: User, edge_id: int | None = None) -> bool:
    with rt.store.write() as tx:
        return tx.insert_follow(follower.id, followee.id, edge_id or rt.next_id(), 1)


def request(rt: Runtime, requester: User, target: User, edge_id: int | None = None) -> bool:
    with rt.store.write() as tx:
        return tx.insert_follow_request(requester.id, target.id, edge_id or rt.next_id(), 1)


def read(rt: Runtime, fn: Callable[[SqlTx], object]) -> object:
    with rt.store.read() as tx:
        return fn(tx)


# ====================================================================== users


def test_user_round_trips_every_stored_field(runtime: Runtime) -> None:
    user = User(
        id=runtime.next_id(),
        screen_name="Every_Field",
        name="Every Field ✓ 🐦",
        created_at_ms=1_544_479_423_000,
        description="Bio with ünïcödé and 🙂",
        location="Paris",
        url="https://example.com/me",
        protected=True,
        verified=True,
        geo_enabled=True,
        allow_media_tagging="following",
        possibly_sensitive=True,
        lang="fr",
        time_zone="Europe/Paris",
        followers_count=3,
        friends_count=4,
        listed_count=5,
        favourites_count=6,
        statuses_count=7,
        suspended=True,
        profile_image_url="https://pbs.example/a.png",
        settings={"sleep_time": {"enabled": False}, "language": "fr", "n": [1, 2]},
    )
    with runtime.store.write() as tx:
        tx.insert_user(user, "scrypt$aa$bb")
    with runtime.store.read() as tx:
        got = tx.user_by_id(user.id)
    assert got == user
    assert type(got.protected) is bool and type(got.followers_count) is int


def test_user_defaults_round_trip(runtime: Runtime) -> None:
    user = User(id=runtime.next_id(), screen_name="plain", name="Plain", created_at_ms=5)
    with runtime.store.write() as tx:
        tx.insert_user(user)
    with runtime.store.read() as tx:
        assert tx.user_by_id(user.id) == user
        assert tx.user_by_id(user.id + 1) is None
        assert tx.password_hash(user.id) is None


def test_user_by_screen_name_ignores_case_and_keeps_the_spelling(runtime: Runtime) -> None:
    user = add_user(runtime, "MiXeD_Case")
    add_user(runtime, "mixed_cas")  # a prefix must not match
    with runtime.store.read() as tx:
        for spelling in ("MiXeD_Case", "mixed_case", "MIXED_CASE"):
            got = tx.user_by_screen_name(spelling)
            assert got is not None and got.id == user.id
            assert got.screen_name == "MiXeD_Case"
        assert tx.user_by_screen_name("mixed_case_") is None
        assert tx.user_by_screen_name("nobody") is None


def test_users_by_ids_returns_only_known_ids_across_chunks(runtime: Runtime) -> None:
    users = add_users(runtime, 3)
    # ~1,200 unknown small ids sort before the Snowflakes, so the known ids fall in a later chunk
    # of the IN list than the first one (the store splits at 500).
    unknown = list(range(1, 1200))
    wanted = [users[0].id, users[2].id, users[0].id, *unknown]
    with runtime.store.read() as tx:
        found = tx.users_by_ids(wanted)
        assert found == {users[0].id: users[0], users[2].id: users[2]}
        assert tx.users_by_ids([]) == {}
        assert tx.users_by_ids(iter([users[1].id])) == {users[1].id: users[1]}


def test_users_by_screen_names_keys_by_lower_case(runtime: Runtime) -> None:
    a = add_user(runtime, "AlphaUser")
    b = add_user(runtime, "beta_user")
    with runtime.store.read() as tx:
        found = tx.users_by_screen_names(["ALPHAUSER", "alphauser", "Beta_User", "ghost"])
        assert found == {"alphauser": a, "beta_user": b}
        assert tx.users_by_screen_names([]) == {}


def test_update_user_overwrites_fields_and_renames_case_insensitively(runtime: Runtime) -> None:
    user = add_user(runtime, "OldName")
    other = add_user(runtime)
    with runtime.store.write() as tx:
        tx.update_user(
            user.id,
            screen_name="NewName",
            name="Renamed",
            protected=True,
            settings={"discoverable_by_email": True},
        )
    with runtime.store.read() as tx:
        got = tx.user_by_id(user.id)
        assert got is not None
        assert (got.screen_name, got.name, got.protected) == ("NewName", "Renamed", True)
        assert got.settings == {"discoverable_by_email": True}
        assert tx.user_by_screen_name("oldname") is None
        assert tx.user_by_screen_name("NEWNAME") == got
        assert tx.users_by_screen_names(["newname"]) == {"newname": got}
        assert tx.user_by_id(other.id) == other


def test_renaming_to_a_taken_name_in_another_case_is_an_integrity_error(
    runtime: Runtime,
) -> None:
    add_user(runtime, "Taken")
    user = add_user(runtime, "Free")
    with pytest.raises(sa.exc.IntegrityError), runtime.store.write() as tx:
        tx.update_user(user.id, screen_name="TAKEN")
    with runtime.store.read() as tx:
        assert tx.user_by_id(user.id) == user


def test_duplicate_screen_name_in_any_case_is_an_integrity_error_and_rolls_back(
    runtime: Runtime,
) -> None:
    original = add_user(runtime, "Unique")
    bystander = User(id=runtime.next_id(), screen_name=_name(), name="b", created_at_ms=1)
    clash = User(id=runtime.next_id(), screen_name="uNIQUE", name="c", created_at_ms=1)
    with pytest.raises(sa.exc.IntegrityError), runtime.store.write() as tx:
        tx.insert_user(bystander)
        tx.insert_user(clash)
    with runtime.store.read() as tx:
        assert tx.user_by_screen_name("unique") == original
        assert tx.user_by_id(bystander.id) is None
        assert tx.user_by_id(clash.id) is None


def test_adjust_user_counts_adds_and_never_goes_below_zero(runtime: Runtime) -> None:
    user = add_user(runtime, followers_count=2, statuses_count=10)
    with runtime.store.write() as tx:
        tx.adjust_user_counts(user.id, followers_count=3, friends_count=-1, statuses_count=-4)
    with runtime.store.write() as tx:
        tx.adjust_user_counts(user.id, listed_count=1, favourites_count=0)
        tx.adjust_user_counts(user.id, listed_count=1)
    with runtime.store.write() as tx:
        tx.adjust_user_counts(user.id, statuses_count=-100)
        tx.adjust_user_counts(user.id)  # nothing to do is fine
    with runtime.store.read() as tx:
        got = tx.user_by_id(user.id)
    assert got is not None
    assert got.followers_count == 5
    assert got.friends_count == 0
    assert got.listed_count == 2
    assert got.favourites_count == 0
    assert got.statuses_count == 0


def test_adjust_user_counts_touches_only_that_user(runtime: Runtime) -> None:
    a, b = add_users(runtime, 2)
    with runtime.store.write() as tx:
        tx.adjust_user_counts(a.id, followers_count=1)
    with runtime.store.read() as tx:
        assert tx.user_by_id(a.id).followers_count == 1  # type: ignore[union-attr]
        assert tx.user_by_id(b.id).followers_count == 0  # type: ignore[union-attr]


@pytest.mark.parametrize("column", ["password_hash", "id", "followers", "protected"])
def test_adjust_user_counts_rejects_anything_but_a_count(runtime: Runtime, column: str) -> None:
    user = add_user(runtime)
    with pytest.raises(ValueError, match="not a count"), runtime.store.write() as tx:
        tx.adjust_user_counts(user.id, followers_count=1, **{column: 1})
    with runtime.store.read() as tx:
        assert tx.user_by_id(user.id) == user  # the valid delta was not applied either


def test_adjust_user_counts_is_atomic_under_concurrent_writers(runtime: Runtime) -> None:
    user = add_user(runtime)
    errors: list[BaseException] = []

    def bump() -> None:
        try:
            for _ in range(15):
                with runtime.store.write() as tx:
                    tx.adjust_user_counts(user.id, statuses_count=1)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with runtime.store.read() as tx:
        assert tx.user_by_id(user.id).statuses_count == 60  # type: ignore[union-attr]


def test_password_hash(runtime: Runtime) -> None:
    with_hash = User(id=runtime.next_id(), screen_name=_name(), name="h", created_at_ms=1)
    without = User(id=runtime.next_id(), screen_name=_name(), name="n", created_at_ms=1)
    with runtime.store.write() as tx:
        tx.insert_user(with_hash, "scrypt$00ff$abcdef")
        tx.insert_user(without)
    with runtime.store.read() as tx:
        assert tx.password_hash(with_hash.id) == "scrypt$00ff$abcdef"
        assert tx.password_hash(without.id) is None
        assert tx.password_hash(123) is None
    with runtime.store.write() as tx:
        tx.update_user(without.id, password_hash="scrypt$11$22")
    with runtime.store.read() as tx:
        assert tx.password_hash(without.id) == "scrypt$11$22"


# ====================================================================== apps and credentials


def test_app_round_trips_and_is_found_by_id_key_and_name(runtime: Runtime) -> None:
    owner = add_user(runtime)
    app = make_app(
        runtime,
        name="Round Trip",
        owner_id=owner.id,
        website="https://app.example/",
        permission=Permission.READ_WRITE_DM,
        client_type="public",
        client_secret=None,
        callback_urls=("https://app.example/cb", "http://127.0.0.1:8000/cb"),
    )
    with runtime.store.write() as tx:
        tx.insert_app(app)
    with runtime.store.read() as tx:
        assert tx.app_by_id(app.id) == app
        assert tx.app_by_consumer_key(app.consumer_key) == app
        assert tx.app_by_name("Round Trip") == app
        got = tx.app_by_id(app.id)
        assert isinstance(got.permission, Permission)  # type: ignore[union-attr]
        assert got.callback_urls == app.callback_urls  # type: ignore[union-attr]
        assert tx.app_by_id(app.id + 1) is None
        assert tx.app_by_consumer_key("nope") is None
        assert tx.app_by_name("round trip") is None  # names match exactly


def test_app_defaults_round_trip(runtime: Runtime) -> None:
    app = App(
        id=runtime.next_id(),
        name="Bare",
        consumer_key="bare-ck",
        consumer_secret="bare-cs",
        client_id="bare-ci",
        client_secret="bare-sec",
        permission=Permission.READ,
    )
    with runtime.store.write() as tx:
        tx.insert_app(app)
    with runtime.store.read() as tx:
        assert tx.app_by_id(app.id) == app


def test_app_by_name_the_oldest_wins(runtime: Runtime) -> None:
    first = make_app(runtime, name="Twin")
    second = make_app(runtime, name="Twin")
    assert first.id < second.id
    with runtime.store.write() as tx:
        tx.insert_app(second)  # inserted first, but newer by id
        tx.insert_app(first)
    with runtime.store.read() as tx:
        assert tx.app_by_name("Twin") == first


def test_consumer_key_is_unique(runtime: Runtime) -> None:
    app = add_app(runtime)
    clash = make_app(runtime, consumer_key=app.consumer_key)
    with pytest.raises(sa.exc.IntegrityError), runtime.store.write() as tx:
        tx.insert_app(clash)
    with runtime.store.read() as tx:
        assert tx.app_by_id(clash.id) is None


def test_app_owner_must_exist(runtime: Runtime) -> None:
    """Foreign keys are enforced on both engines (SQLite needs PRAGMA foreign_keys=ON)."""
    app = make_app(runtime, owner_id=987654321)
    with pytest.raises(sa.exc.IntegrityError), runtime.store.write() as tx:
        tx.insert_app(app)


def _token(rt: Runtime, app: App, user: User, created: int, **kw: object) -> AccessToken:
    n = next(_serial)
    values: dict[str, object] = {
        "token": f"{user.id}-tok{n}",
        "secret": f"secret{n}",
        "app_id": app.id,
        "user_id": user.id,
        "permission": Permission.READ_WRITE,
        "created_at_ms": created,
    }
    values.update(kw)
    return AccessToken(**values)  # type: ignore[arg-type]


def test_access_tokens(runtime: Runtime) -> None:
    user, other = add_users(runtime, 2)
    app, app2 = add_app(runtime), add_app(runtime)
    old = _token(runtime, app, user, 1000, permission=Permission.READ)
    newest = _token(runtime, app, user, 3000)
    middle = _token(runtime, app, user, 2000, permission=Permission.READ_WRITE_DM)
    elsewhere = _token(runtime, app2, user, 9000)
    others = _token(runtime, app, other, 9500)
    with runtime.store.write() as tx:
        for token in (old, newest, middle, elsewhere, others):
            tx.insert_access_token(token)
    with runtime.store.read() as tx:
        for token in (old, newest, middle, elsewhere, others):
            assert tx.access_token(token.token) == token
        assert tx.access_token("missing") is None
        assert tx.access_token_for(app.id, user.id) == newest
        assert tx.access_token_for(app2.id, user.id) == elsewhere
        assert tx.access_token_for(app.id, other.id) == others
        assert tx.access_token_for(app2.id, other.id) is None
    with runtime.store.write() as tx:
        assert tx.delete_access_token(newest.token) is True
        assert tx.delete_access_token(newest.token) is False
        assert tx.delete_access_token("missing") is False
    with runtime.store.read() as tx:
        assert tx.access_token(newest.token) is None
        assert tx.access_token_for(app.id, user.id) == middle
        assert tx.access_token(old.token) == old


def test_access_token_needs_an_existing_app_and_user(runtime: Runtime) -> None:
    user = add_user(runtime)
    app = add_app(runtime)
    with pytest.raises(sa.exc.IntegrityError), runtime.store.write() as tx:
        tx.insert_access_token(_token(runtime, app, user, 1, user_id=user.id + 1))
    with pytest.raises(sa.exc.IntegrityError), runtime.store.write() as tx:
        tx.insert_access_token(_token(runtime, app, user, 1, app_id=app.id + 1))


def test_bearer_tokens(runtime: Runtime) -> None:
    app, app2, bare = add_app(runtime), add_app(runtime), add_app(runtime)
    older = BearerToken("AAAA-older", app.id, 100)
    newer = BearerToken("AAAA-newer", app.id, 200)
    other = BearerToken("AAAA-other", app2.id, 300)
    with runtime.store.write() as tx:
        tx.insert_bearer_token(newer)
        tx.insert_bearer_token(older)
        tx.insert_bearer_token(other)
    with runtime.store.read() as tx:
        assert tx.bearer_token("AAAA-older") == older
        assert tx.bearer_token("AAAA-newer") == newer
        assert tx.bearer_token("AAAA-nothing") is None
        assert tx.bearer_token_for_app(app.id) == newer
        assert tx.bearer_token_for_app(app2.id) == other
        assert tx.bearer_token_for_app(bare.id) is None
    with runtime.store.write() as tx:
        assert tx.delete_bearer_token("AAAA-newer") is True
        assert tx.delete_bearer_token("AAAA-newer") is False
    with runtime.store.read() as tx:
        assert tx.bearer_token("AAAA-newer") is None
        assert tx.bearer_token_for_app(app.id) == older
        assert tx.bearer_token("AAAA-other") == other


def test_bearer_token_value_is_unique(runtime: Runtime) -> None:
    app = add_app(runtime)
    with runtime.store.write() as tx:
        tx.insert_bearer_token(BearerToken("AAAA-same", app.id, 1))
    with pytest.raises(sa.exc.IntegrityError), runtime.store.write() as tx:
        tx.insert_bearer_token(BearerToken("AAAA-same", app.id, 2))


# ====================================================================== the social graph


def test_insert_follow_ignores_duplicates_and_delete_reports_absence(runtime: Runtime) -> None:
    a, b = add_users(runtime, 2)
    first_edge = runtime.next_id()
    assert follow(runtime, a, b, first_edge) is True
    assert follow(runtime, a, b) is False  # a new edge id does not make a second edge
    with runtime.store.read() as tx:
        page = tx.follower_ids(b.id, -1, 10)
        assert page.ids == [a.id]
        assert tx.friendship(a.id, b.id).following is True
    with runtime.store.write() as tx:
        assert tx.delete_follow(b.id, a.id) is False  # the other direction does not exist
        assert tx.delete_follow(a.id, b.id) is True
        assert tx.delete_follow(a.id, b.id) is False
    with runtime.store.read() as tx:
        assert tx.friendship(a.id, b.id) == Friendship()
        assert tx.follower_ids(b.id, -1, 10).ids == []
    assert follow(runtime, a, b) is True  # following again after an unfollow works


def test_insert_follow_request_ignores_duplicates_and_delete_reports_absence(
    runtime: Runtime,
) -> None:
    a, b = add_users(runtime, 2)
    assert request(runtime, a, b) is True
    assert request(runtime, a, b) is False
    assert request(runtime, b, a) is True  # the other direction is another request
    with runtime.store.write() as tx:
        assert tx.delete_follow_request(a.id, b.id) is True
        assert tx.delete_follow_request(a.id, b.id) is False
    with runtime.store.read() as tx:
        assert tx.requested_among(a.id, [b.id]) == set()
        assert tx.requested_among(b.id, [a.id]) == {a.id}
    with runtime.store.write() as tx:
        assert tx.delete_follow_request(b.id, a.id) is True
        assert tx.delete_follow_request(b.id, a.id) is False


def test_edges_need_existing_users(runtime: Runtime) -> None:
    (a,) = add_users(runtime, 1)
    with pytest.raises(sa.exc.IntegrityError), runtime.store.write() as tx:
        tx.insert_follow(a.id, a.id + 999, runtime.next_id(), 1)
    with pytest.raises(sa.exc.IntegrityError), runtime.store.write() as tx:
        tx.insert_follow_request(a.id + 999, a.id, runtime.next_id(), 1)


def test_friendship_sees_both_directions(runtime: Runtime) -> None:
    a, b, c = add_users(runtime, 3)
    follow(runtime, a, b)
    request(runtime, b, a)  # b asked to follow a (a is protected, say)
    request(runtime, c, a)
    follow(runtime, c, b)
    with runtime.store.read() as tx:
        assert tx.friendship(a.id, b.id) == Friendship(
            following=True, followed_by=False, following_requested=False, following_received=True
        )
        assert tx.friendship(b.id, a.id) == Friendship(
            following=False, followed_by=True, following_requested=True, following_received=False
        )
        assert tx.friendship(a.id, c.id) == Friendship(following_received=True)
        assert tx.friendship(c.id, a.id) == Friendship(following_requested=True)
        assert tx.friendship(b.id, c.id) == Friendship(followed_by=True)
        assert tx.friendship(a.id, a.id) == Friendship()
    follow(runtime, b, a)
    with runtime.store.read() as tx:
        both = tx.friendship(a.id, b.id)
        assert both.following and both.followed_by


def test_following_among_and_requested_among(runtime: Runtime) -> None:
    viewer, *others = add_users(runtime, 6)
    follow(runtime, viewer, others[0])
    follow(runtime, viewer, others[1])
    follow(runtime, others[2], viewer)  # the reverse direction never counts
    request(runtime, viewer, others[3])
    request(runtime, others[4], viewer)
    ids = [o.id for o in others] + [424242]
    with runtime.store.read() as tx:
        assert tx.following_among(viewer.id, ids) == {others[0].id, others[1].id}
        assert tx.following_among(viewer.id, [others[1].id, others[1].id]) == {others[1].id}
        assert tx.following_among(viewer.id, []) == set()
        assert tx.following_among(others[2].id, ids + [viewer.id]) == {viewer.id}
        assert tx.requested_among(viewer.id, ids) == {others[3].id}
        assert tx.requested_among(others[4].id, [viewer.id]) == {viewer.id}
        assert tx.requested_among(viewer.id, []) == set()
        # long id lists are split into chunks without losing matches
        many = list(range(1, 1100)) + [others[0].id]
        assert tx.following_among(viewer.id, many) == {others[0].id}


# ---------------------------------------------------------------------- cursored pages

PAGERS = {
    # name: (insert edge "owner <- member" for the listing of owner, pager method name)
    "follower_ids": lambda tx, owner, member, eid: tx.insert_follow(member, owner, eid, 1),
    "friend_ids": lambda tx, owner, member, eid: tx.insert_follow(owner, member, eid, 1),
    "incoming_request_ids": lambda tx, owner, member, eid: tx.insert_follow_request(
        member, owner, eid, 1
    ),
    "outgoing_request_ids": lambda tx, owner, member, eid: tx.insert_follow_request(
        owner, member, eid, 1
    ),
}


def build_listing(rt: Runtime, method: str, n: int, order: list[int] | None = None) -> tuple:
    """An owner with ``n`` edges of the given kind; returns (owner, ids newest first).

    Edge ids are minted in member order, but inserted in ``order`` (a permutation), so a store
    that sorted by insertion instead of by edge id would fail.
    """
    owner, *members = add_users(rt, n + 1)
    edge_ids = [rt.next_id() for _ in members]
    order = order if order is not None else list(range(n))
    with rt.store.write() as tx:
        for i in order:
            assert PAGERS[method](tx, owner.id, members[i].id, edge_ids[i]) is True
    return owner, [m.id for m in reversed(members)]


def page_of(rt: Runtime, method: str, owner: User, cursor: int, count: int):  # noqa: ANN201
    with rt.store.read() as tx:
        return getattr(tx, method)(owner.id, cursor, count)


@pytest.mark.parametrize("method", list(PAGERS))
def test_pages_walk_forward_and_back(runtime: Runtime, method: str) -> None:
    owner, newest_first = build_listing(runtime, method, 7, order=[3, 0, 6, 1, 5, 2, 4])
    # noise: the same kind of edges of other accounts, and the opposite direction
    noise_a, noise_b = add_users(runtime, 2)
    with runtime.store.write() as tx:
        PAGERS[method](tx, noise_a.id, noise_b.id, runtime.next_id())
        PAGERS[method](tx, noise_b.id, owner.id, runtime.next_id())

    p1 = page_of(runtime, method, owner, -1, 3)
    assert p1.ids == newest_first[:3]
    assert p1.previous_cursor == 0
    assert p1.next_cursor > 0

    p2 = page_of(runtime, method, owner, p1.next_cursor, 3)
    assert p2.ids == newest_first[3:6]
    assert p2.previous_cursor < 0 and p2.next_cursor > 0

    p3 = page_of(runtime, method, owner, p2.next_cursor, 3)
    assert p3.ids == newest_first[6:]
    assert p3.next_cursor == 0
    assert p3.previous_cursor < 0

    back2 = page_of(runtime, method, owner, p3.previous_cursor, 3)
    assert back2.ids == p2.ids
    assert (back2.next_cursor, back2.previous_cursor) == (p2.next_cursor, p2.previous_cursor)

    back1 = page_of(runtime, method, owner, back2.previous_cursor, 3)
    assert back1.ids == p1.ids
    assert back1.previous_cursor == 0
    assert back1.next_cursor == p1.next_cursor


@pytest.mark.parametrize("method", list(PAGERS))
def test_page_edges(runtime: Runtime, method: str) -> None:
    owner, newest_first = build_listing(runtime, method, 4)
    whole = page_of(runtime, method, owner, -1, 10)
    assert (whole.ids, whole.next_cursor, whole.previous_cursor) == (newest_first, 0, 0)

    exact = page_of(runtime, method, owner, -1, 4)  # exactly one full page: nothing older
    assert (exact.ids, exact.next_cursor, exact.previous_cursor) == (newest_first, 0, 0)

    (loner,) = add_users(runtime, 1)
    empty = page_of(runtime, method, loner, -1, 10)
    assert (empty.ids, empty.next_cursor, empty.previous_cursor) == ([], 0, 0)

    ones = []
    cursor = -1
    while True:
        page = page_of(runtime, method, owner, cursor, 1)
        ones.extend(page.ids)
        assert len(page.ids) == 1
        if page.next_cursor == 0:
            break
        cursor = page.next_cursor
    assert ones == newest_first


@pytest.mark.parametrize("method", ["follower_ids", "incoming_request_ids"])
def test_removed_edges_leave_the_pages(runtime: Runtime, method: str) -> None:
    owner, newest_first = build_listing(runtime, method, 3)
    with runtime.store.write() as tx:
        if method == "follower_ids":
            assert tx.delete_follow(newest_first[1], owner.id)
        else:
            assert tx.delete_follow_request(newest_first[1], owner.id)
    assert page_of(runtime, method, owner, -1, 10).ids == [newest_first[0], newest_first[2]]


_PAGING_SIZES = st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=12)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    method=st.sampled_from(list(PAGERS)),
    order=st.integers(min_value=0, max_value=20).flatmap(lambda n: st.permutations(list(range(n)))),
    sizes=_PAGING_SIZES,
)
def test_paging_returns_every_id_once_newest_first(
    runtime: Runtime, method: str, order: list[int], sizes: list[int]
) -> None:
    """Forward with random page sizes: each id once, in order; then back, page for page."""
    owner, newest_first = build_listing(runtime, method, len(order), order)
    pages = []
    cursor, i = -1, 0
    while True:
        count = sizes[i % len(sizes)]
        page = page_of(runtime, method, owner, cursor, count)
        assert len(page.ids) <= count
        assert (page.previous_cursor == 0) == (cursor == -1)
        pages.append((count, page))
        if page.next_cursor == 0:
            break
        assert len(page.ids) == count  # a page short of count is the last one
        cursor, i = page.next_cursor, i + 1
        assert i <= len(newest_first)  # no endless loop
    seen = [id_ for _, page in pages for id_ in page.ids]
    assert seen == newest_first

    # previous_cursor of page k with page k-1's count is exactly page k-1
    for (count, earlier), (_, later) in itertools.pairwise(pages):
        back = page_of(runtime, method, owner, later.previous_cursor, count)
        assert back.ids == earlier.ids
        assert back.next_cursor == earlier.next_cursor
        assert back.previous_cursor == earlier.previous_cursor


# ====================================================================== the unit of work


def test_write_commits_on_success(runtime: Runtime) -> None:
    user = User(id=runtime.next_id(), screen_name=_name(), name="c", created_at_ms=1)
    with runtime.store.write() as tx:
        tx.insert_user(user)
        assert tx.user_by_id(user.id) == user  # a write sees its own rows
    reopened = open_store(runtime.settings.database_url)
    try:
        with reopened.read() as tx:
            assert tx.user_by_id(user.id) == user  # a different engine sees it: committed
    finally:
        reopened.close()


def test_write_rolls_back_everything_on_an_exception(runtime: Runtime) -> None:
    a, b = add_users(runtime, 2)
    app = make_app(runtime)
    newcomer = User(id=runtime.next_id(), screen_name=_name(), name="n", created_at_ms=1)
    ran: list[str] = []

    class Boom(Exception):
        pass

    with pytest.raises(Boom), runtime.store.write() as tx:
        tx.after_commit(lambda: ran.append("hook"))
        tx.insert_user(newcomer)
        tx.insert_app(app)
        tx.insert_follow(a.id, b.id, runtime.next_id(), 1)
        tx.adjust_user_counts(b.id, followers_count=1)
        tx.update_user(a.id, name="Changed")
        raise Boom
    assert ran == []
    with runtime.store.read() as tx:
        assert tx.user_by_id(newcomer.id) is None
        assert tx.app_by_id(app.id) is None
        assert tx.friendship(a.id, b.id) == Friendship()
        assert tx.user_by_id(a.id) == a
        assert tx.user_by_id(b.id) == b


def test_after_commit_hooks_run_in_order_once_the_data_is_visible(runtime: Runtime) -> None:
    user = User(id=runtime.next_id(), screen_name=_name(), name="h", created_at_ms=1)
    events: list[object] = []

    def hook(label: str) -> Callable[[], None]:
        def run() -> None:
            # A fresh unit of work (another connection) already sees the row: committed.
            with runtime.store.read() as other:
                events.append((label, other.user_by_id(user.id) == user))

        return run

    with runtime.store.write() as tx:
        tx.after_commit(hook("first"))
        tx.insert_user(user)
        tx.after_commit(hook("second"))
        events.append("end of block")
    assert events == ["end of block", ("first", True), ("second", True)]


def test_after_commit_hooks_do_not_run_when_a_statement_fails(runtime: Runtime) -> None:
    add_user(runtime, "Holder")
    ran: list[str] = []
    with pytest.raises(sa.exc.IntegrityError), runtime.store.write() as tx:
        tx.after_commit(lambda: ran.append("hook"))
        tx.insert_user(User(id=runtime.next_id(), screen_name="HOLDER", name="x", created_at_ms=1))
    assert ran == []


def test_a_hook_may_open_its_own_write(runtime: Runtime) -> None:
    """Fan-out writes from a hook: the first unit of work must have let go of its connection."""
    user = User(id=runtime.next_id(), screen_name=_name(), name="f", created_at_ms=1)

    def fan_out() -> None:
        with runtime.store.write() as tx:
            tx.adjust_user_counts(user.id, statuses_count=1)

    with runtime.store.write() as tx:
        tx.insert_user(user)
        tx.after_commit(fan_out)
    with runtime.store.read() as tx:
        assert tx.user_by_id(user.id).statuses_count == 1  # type: ignore[union-attr]


def test_hooks_of_one_unit_of_work_do_not_leak_into_the_next(runtime: Runtime) -> None:
    ran: list[int] = []
    with runtime.store.write() as tx:
        tx.after_commit(lambda: ran.append(1))
    with runtime.store.write() as tx:
        tx.after_commit(lambda: ran.append(2))
    assert ran == [1, 2]


def test_read_units_of_work_commit_nothing(runtime: Runtime) -> None:
    user = User(id=runtime.next_id(), screen_name=_name(), name="r", created_at_ms=1)
    with runtime.store.read() as tx:
        tx.insert_user(user)
    with runtime.store.read() as tx:
        assert tx.user_by_id(user.id) is None


def test_readers_do_not_see_or_wait_for_an_open_write(runtime: Runtime) -> None:
    existing = add_user(runtime)
    pending = User(id=runtime.next_id(), screen_name=_name(), name="p", created_at_ms=1)
    with runtime.store.write() as tx:
        tx.insert_user(pending)
        with runtime.store.read() as reader:  # another connection, while the write is open
            assert reader.user_by_id(pending.id) is None
            assert reader.user_by_id(existing.id) == existing
    with runtime.store.read() as reader:
        assert reader.user_by_id(pending.id) == pending


def test_store_reports_its_dialect(runtime: Runtime, backend: str) -> None:
    assert runtime.store.dialect == {"sqlite": "sqlite", "postgres": "postgresql"}[backend]


# ====================================================================== the hot-path read


def test_store_user_by_id_outside_a_unit_of_work_matches_the_transactional_read(
    runtime: Runtime,
) -> None:
    full = User(
        id=runtime.next_id(),
        screen_name=_name("fast"),
        name="Fast ✓",
        created_at_ms=1_544_479_423_000,
        description="d",
        url="https://example.com",
        protected=True,
        verified=True,
        geo_enabled=True,
        allow_media_tagging="none",
        possibly_sensitive=True,
        lang="en",
        time_zone="UTC",
        followers_count=9,
        suspended=True,
        settings={"a": {"b": [1, 2]}, "c": None},
    )
    plain = User(id=runtime.next_id(), screen_name=_name("fast"), name="p", created_at_ms=2)
    with runtime.store.write() as tx:
        tx.insert_user(full)
        tx.insert_user(plain)
    for user in (full, plain):
        got = runtime.store.user_by_id(user.id)
        assert got == user
        assert type(got.protected) is bool and type(got.suspended) is bool  # type: ignore[union-attr]
        assert isinstance(got.settings, dict)  # type: ignore[union-attr]
    assert runtime.store.user_by_id(plain.id + 12345) is None


def test_store_user_by_id_sees_each_new_commit_and_nothing_uncommitted(runtime: Runtime) -> None:
    user = add_user(runtime, followers_count=1)
    assert runtime.store.user_by_id(user.id).followers_count == 1  # type: ignore[union-attr]
    with runtime.store.write() as tx:
        tx.adjust_user_counts(user.id, followers_count=1)
        assert runtime.store.user_by_id(user.id).followers_count == 1  # type: ignore[union-attr]
    assert runtime.store.user_by_id(user.id).followers_count == 2  # type: ignore[union-attr]
    later = add_user(runtime)  # created after this thread's connection was opened
    assert runtime.store.user_by_id(later.id) == later


def test_store_user_by_id_from_many_threads(runtime: Runtime) -> None:
    users = add_users(runtime, 4)
    results: dict[int, object] = {}

    def look(i: int) -> None:
        try:
            results[i] = runtime.store.user_by_id(users[i % 4].id)
        except BaseException as exc:  # pragma: no cover - reported below
            results[i] = exc

    threads = [threading.Thread(target=look, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == {i: users[i % 4] for i in range(8)}


def test_finished_threads_give_their_hot_path_connections_back(runtime: Runtime) -> None:
    user = add_user(runtime)
    pool = runtime.store.engine.pool
    before = pool.checkedout()  # type: ignore[attr-defined]
    for _ in range(3):  # three short-lived worker threads, one after the other
        thread = threading.Thread(target=runtime.store.user_by_id, args=(user.id,))
        thread.start()
        thread.join(30)
    assert pool.checkedout() == before  # type: ignore[attr-defined]


# ====================================================================== opening and migrations


def test_migrations_are_idempotent_and_at_head(runtime: Runtime) -> None:
    user = add_user(runtime)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head == "0014"
    again = open_store(runtime.settings.database_url)  # runs the migrations once more
    try:
        with again.engine.connect() as conn:
            versions = conn.execute(sa.text("SELECT version_num FROM alembic_version")).all()
        assert [tuple(v) for v in versions] == [("0014",)]
        with again.read() as tx:
            assert tx.user_by_id(user.id) == user
    finally:
        again.close()


def test_migrated_schema_matches_schema_py(runtime: Runtime) -> None:
    """The Alembic history builds exactly the tables roost/store/schema.py declares."""
    with runtime.store.engine.connect() as conn:
        diff = schema_differences(conn)
    assert diff == []


def test_open_store_without_migrating_leaves_an_empty_database(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'bare.sqlite3'}", migrate=False)
    try:
        assert sa.inspect(store.engine).get_table_names() == []
    finally:
        store.close()


@pytest.mark.parametrize(
    "url", ["mysql://root@localhost/roost", "oracle://x", "", "redis://localhost:6379/0"]
)
def test_open_store_refuses_unsupported_urls(url: str) -> None:
    with pytest.raises(StoreError, match="unsupported database URL"):
        open_store(url)


def test_open_store_wraps_an_unreachable_server(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        open_store("postgresql://nobody@127.0.0.1:1/nothing?connect_timeout=2")
    with pytest.raises(StoreError, match="cannot open database"):
        # a directory cannot be a SQLite file
        open_store(f"sqlite:///{tmp_path}")


# ====================================================================== SQLite specifics


@pytest.fixture
def sqlite_store(tmp_path: Path):  # noqa: ANN201
    store = open_store(f"sqlite:///{tmp_path / 'sub' / 'roost.sqlite3'}")
    yield store
    store.close()


def test_sqlite_is_in_wal_mode_with_foreign_keys(sqlite_store: SqlStore, tmp_path: Path) -> None:
    for unit in (sqlite_store.read, sqlite_store.write):
        with unit() as tx:
            pragma = tx.conn.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert pragma("PRAGMA busy_timeout").scalar() == 10000
    # WAL is a property of the file: a plain sqlite3 connection sees it too
    plain = sqlite3.connect(tmp_path / "sub" / "roost.sqlite3")
    try:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        plain.close()


def test_sqlite_write_takes_the_write_lock_up_front(sqlite_store: SqlStore) -> None:
    """BEGIN IMMEDIATE: while one write is open, no other connection can start writing."""
    path = sqlite_store.engine.url.database
    with sqlite_store.write():
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


_KILLED_WRITER = """
import os, signal, sys
from roost.domain.model import User
from roost.store import open_store

store = open_store(sys.argv[1])
with store.write() as tx:
    tx.insert_user(User(id=4242, screen_name="Durable", name="Durable", created_at_ms=1))
os.kill(os.getpid(), signal.SIGKILL)
raise SystemExit("not reached")
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sqlite_committed_write_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "durable.sqlite3"
    url = f"sqlite:///{path}"
    proc = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITER, url],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    # The process died without closing its connections: the commit is only in the WAL file.
    wal = Path(f"{path}-wal")
    assert wal.exists() and wal.stat().st_size > 0
    store = open_store(url)
    try:
        with store.read() as tx:
            user = tx.user_by_screen_name("durable")
        assert user is not None and user.id == 4242
    finally:
        store.close()


def test_migration_0005_hashes_the_texts_of_existing_statuses(database_url: str) -> None:
    """A store written before 0005 keeps its duplicate rule: old texts get their hash."""
    from roost.store.migrate import upgrade

    bare = open_store(database_url, migrate=False)
    try:
        upgrade(bare.engine, "0004")
        with bare.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO users (id, screen_name, screen_name_lower, name, created_at_ms)"
                    " VALUES (7, 'old', 'old', 'Old', 0)"
                )
            )
            for sid, text, rt in ((100, "said before", None), (101, "RT", 100)):
                conn.execute(
                    sa.text(
                        "INSERT INTO statuses (id, user_id, text, display_end, entities,"
                        " source_name, source_url, retweeted_status_id)"
                        " VALUES (:id, 7, :text, 3, '{}', 'web', 'https://x', :rt)"
                    ),
                    {"id": sid, "text": text, "rt": rt},
                )
    finally:
        bare.close()
    store = open_store(database_url)
    try:
        with store.read() as tx:
            assert tx.has_recent_text(7, 0, "said before")
            assert not tx.has_recent_text(7, 0, "said after")
            assert not tx.has_recent_text(7, 0, "RT")  # a retweet is never a duplicate
            assert not tx.has_recent_text(7, 101, "said before")  # outside the window
    finally:
        store.close()


def test_sqlite_wal_is_checkpointed_in_the_background_not_by_commits(tmp_path: Path) -> None:
    """Commits never run a checkpoint (wal_autocheckpoint=0); the store's own thread copies the
    WAL into the database file soon after, and once more when the store closes."""
    import time

    from roost.config import Settings

    path = tmp_path / "wal.sqlite3"
    rt = Runtime(Settings(database_url=f"sqlite:///{path}"), open_store(f"sqlite:///{path}"))

    def in_main_file(user_id: int) -> bool:  # immutable=1 reads the database file, not the WAL
        conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
        try:
            return (
                conn.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone() is not None
            )
        except sqlite3.OperationalError:  # not even the tables are in the file yet
            return False
        finally:
            conn.close()

    try:
        with rt.store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        first = add_user(rt)
        deadline = time.monotonic() + 10
        while not in_main_file(first.id):
            assert time.monotonic() < deadline, "the WAL was never checkpointed"
            time.sleep(0.05)
        last = add_user(rt)
    finally:
        rt.store.close()
    assert in_main_file(last.id)


def test_sqlite_wal_file_is_truncated_once_it_grew_past_the_limit(tmp_path: Path) -> None:
    """A reader that stays on the WAL keeps PASSIVE checkpoints from ever restarting it, so the
    file grows; once the readers are gone the checkpointer's TRUNCATE cuts it to nothing (a
    PASSIVE one alone leaves the file at its peak size)."""
    import time

    from roost.store.checkpoint import Checkpointer

    path = tmp_path / "grow.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE t (x BLOB)")
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM t").fetchall()  # holds a WAL snapshot open
    for _ in range(64):
        writer.execute("INSERT INTO t VALUES (zeroblob(32768))")
    wal = tmp_path / "grow.sqlite3-wal"
    assert wal.stat().st_size > 2_000_000
    checkpointer = Checkpointer(str(path), interval_s=0.05, truncate_bytes=1_000_000)
    try:
        time.sleep(0.3)
        assert wal.stat().st_size > 2_000_000  # the reader still needs the WAL: not cut
        reader.execute("COMMIT")
        deadline = time.monotonic() + 10
        while wal.stat().st_size > 1_000_000:
            assert time.monotonic() < deadline, "the WAL file was never truncated"
            time.sleep(0.05)
        assert writer.execute("SELECT count(*) FROM t").fetchone() == (64,)
    finally:
        checkpointer.stop()
        reader.close()
        writer.close()


def _plain_status(rt: Runtime, author: User, text: str) -> Tweet:
    """A status with no entities, not yet stored."""
    return Tweet(
        id=rt.next_id(),
        user_id=author.id,
        text=text,
        display_start=0,
        display_end=len(text),
        entities={},
        source_name="web",
        source_url="https://roost.invalid",
    )


def test_store_status_by_id_is_cached_and_forgets_what_this_process_writes(
    runtime: Runtime,
) -> None:
    author = add_user(runtime)
    tweet = _plain_status(runtime, author, "cached")
    assert runtime.store.status_by_id(tweet.id) is None  # a miss is not remembered
    with runtime.store.write() as tx:
        tx.insert_status(tweet)
    assert runtime.store.status_by_id(tweet.id) == tweet
    with runtime.store.write() as tx:
        tx.adjust_status_counts(tweet.id, favorite_count=2)
        assert runtime.store.status_by_id(tweet.id).favorite_count == 0  # type: ignore[union-attr]
    assert runtime.store.status_by_id(tweet.id).favorite_count == 2  # type: ignore[union-attr]
    with runtime.store.write() as tx:
        tx.delete_statuses([tweet.id])
    assert runtime.store.status_by_id(tweet.id) is None


def test_migration_0007_keeps_every_row_that_points_at_users_and_statuses(
    database_url: str,
) -> None:
    """0007 rebuilds users and statuses on SQLite (their ids become the rowid). Dropping the old
    tables must not cascade into follows, likes or mentions, and foreign keys are on again."""
    from roost.store.migrate import upgrade

    bare = open_store(database_url, migrate=False)
    try:
        upgrade(bare.engine, "0006")
        with bare.engine.begin() as conn:
            for uid, name in ((7, "old"), (8, "older")):
                conn.execute(
                    sa.text(
                        "INSERT INTO users (id, screen_name, screen_name_lower, name,"
                        " created_at_ms) VALUES (:id, :n, :n, 'Old', 0)"
                    ),
                    {"id": uid, "n": name},
                )
            conn.execute(
                sa.text(
                    "INSERT INTO statuses (id, user_id, text, display_end, entities,"
                    " source_name, source_url) VALUES (100, 7, 'hi @older', 9, '{}', 'web', 'x')"
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
            conn.execute(
                sa.text("INSERT INTO status_mentions (user_id, status_id) VALUES (8, 100)")
            )
    finally:
        bare.close()
    store = open_store(database_url)
    try:
        with store.engine.connect() as conn:
            counts = {
                table: conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                for table in ("users", "statuses", "follows", "favorites", "status_mentions")
            }
            if store.dialect == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                indexes = conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE tbl_name = 'statuses' AND type='index'"
                ).all()
                assert not [n for (n,) in indexes if n.startswith("sqlite_autoindex")]
        assert counts == {
            "users": 2,
            "statuses": 1,
            "follows": 1,
            "favorites": 1,
            "status_mentions": 1,
        }
        with store.write() as tx:  # a cascade still works after the rebuild
            tx.delete_statuses([100])
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM favorites")).scalar() == 0
    finally:
        store.close()


def test_read_units_share_the_caches_and_write_units_read_their_own_rows(
    runtime: Runtime,
) -> None:
    author = add_user(runtime)
    tweet = _plain_status(runtime, author, "cached in a read unit")
    with runtime.store.write() as tx:
        tx.insert_status(tweet)
    with runtime.store.read() as tx:
        first = tx.statuses_by_ids([tweet.id])[tweet.id]
        users_first = tx.users_by_ids([author.id])[author.id]
    with runtime.store.read() as tx:  # the same objects: served from memory
        assert tx.statuses_by_ids([tweet.id, 999])[tweet.id] is first
        assert tx.status_by_id(tweet.id) is first
        assert tx.user_by_id(author.id) is users_first
    with runtime.store.write() as tx:
        tx.adjust_status_counts(tweet.id, retweet_count=3)
        tx.adjust_user_counts(author.id, statuses_count=1)
        # inside the write unit: its own rows, not the cached copies
        assert tx.statuses_by_ids([tweet.id])[tweet.id].retweet_count == 3
        assert tx.user_by_id(author.id).statuses_count == users_first.statuses_count + 1  # type: ignore[union-attr]
    with runtime.store.read() as tx:  # evicted at commit
        assert tx.statuses_by_ids([tweet.id])[tweet.id].retweet_count == 3
        assert tx.users_by_ids([author.id])[author.id].statuses_count == (
            users_first.statuses_count + 1
        )


def test_a_load_that_overlaps_a_forget_is_not_remembered() -> None:
    from roost.store.ttlcache import TtlCache

    cache: TtlCache[str] = TtlCache(60)

    def load_while_a_write_commits(keys: list[int]) -> dict[int, str]:
        cache.forget([1])  # another thread's commit lands while the rows are being read
        return {k: "old" for k in keys}

    assert cache.get_many([1], load_while_a_write_commits) == {1: "old"}
    assert cache.get_many([1], lambda keys: {k: "new" for k in keys}) == {1: "new"}
    assert cache.get(2, lambda k: (cache.forget([2]), "old")[1]) == "old"
    assert cache.get(2, lambda k: "new") == "new"
    assert cache.get_many([2], lambda keys: {k: "newer" for k in keys}) == {2: "new"}
