"""Accounts, settings, follows and the approval of a protected account's followers."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from typing import Any

from roost.domain import accounts, policy
from roost.domain.errors import (
    AlreadyRequestedFollow,
    CannotFollowSelf,
    NoUserMatches,
    ProfileValueTooLong,
    QueryMissing,
    TwitterError,
    UserNotFound,
)
from roost.domain.model import Friendship, User
from roost.runtime import Runtime
from roost.store.sql import IdPage
from roost.stream.events import UserUpdated

# account/update_profile's limits (Twitter's API reference), in characters
PROFILE_LIMITS = {"name": 50, "url": 100, "location": 30, "description": 160}


def hash_password(password: str) -> str:
    """A salted scrypt hash for the web sign-in password."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches a hash made by ``hash_password``."""
    if not stored or not stored.startswith("scrypt$"):
        return False
    _, salt, digest = stored.split("$")
    candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=2**14, r=8, p=1)
    return hmac.compare_digest(candidate.hex(), digest)


def create_user(
    rt: Runtime,
    screen_name: str,
    *,
    name: str | None = None,
    protected: bool = False,
    geo_enabled: bool = False,
    photo_tagging: bool = True,
    description: str = "",
    location: str = "",
    url: str | None = None,
    password: str | None = None,
    verified: bool = False,
) -> User:
    """Open an account. Screen names are unique regardless of case."""
    accounts.check_screen_name(screen_name)
    user = User(
        id=rt.next_id(),
        screen_name=screen_name,
        name=accounts.check_name(name or screen_name),
        created_at_ms=rt.now_ms(),
        description=description,
        location=location,
        url=url,
        protected=protected,
        geo_enabled=geo_enabled,
        verified=verified,
        allow_media_tagging="all" if photo_tagging else "none",
    )
    with rt.store.write() as tx:
        if tx.user_by_screen_name(screen_name) is not None:
            raise TwitterError(f"Screen name {screen_name} is already taken.", code=44, status=400)
        tx.insert_user(user, hash_password(password) if password else None)
    return user


def find_user(rt: Runtime, *, user_id: int | None = None, screen_name: str | None = None) -> User:
    """users/show: one account by id or screen name (id wins), or 50 User not found."""
    with rt.store.read() as tx:
        user = (
            tx.user_by_id(user_id)
            if user_id is not None
            else (
                tx.user_by_screen_name(screen_name)
                if screen_name and accounts.is_screen_name(screen_name)
                else None
            )
        )
    if user is None:
        raise UserNotFound()
    return user


def lookup_users(rt: Runtime, user_ids: Sequence[int], screen_names: Sequence[str]) -> list[User]:
    """users/lookup: accounts in the order asked, unknown ones left out; none found is 17."""
    with rt.store.read() as tx:
        by_id = tx.users_by_ids(user_ids)
        by_name = tx.users_by_screen_names(n for n in screen_names if accounts.is_screen_name(n))
    seen: set[int] = set()
    found: list[User] = []
    for user in [by_id.get(i) for i in user_ids] + [by_name.get(n.lower()) for n in screen_names]:
        if user is not None and user.id not in seen:
            seen.add(user.id)
            found.append(user)
    if not found:
        raise NoUserMatches()
    return found


# users/search: "Only the first 1,000 matching results are available", at most 20 a page (the
# reference); Roost matches on at most this many words of ``q``
SEARCH_RESULTS = 1000
SEARCH_PAGE_MAX = 20
SEARCH_WORDS = 10


def search_words(q: str) -> list[str]:
    """The words of a users/search query: split on whitespace, a leading ``@`` dropped, each
    word once (regardless of case), at most ``SEARCH_WORDS`` of them."""
    words: dict[str, str] = {}
    for raw in q.split():
        word = raw.lstrip("@")
        if word and word.lower() not in words:
            words[word.lower()] = word
    return list(words.values())[:SEARCH_WORDS]


def search_users(rt: Runtime, q: str, page: int, count: int) -> list[User]:
    """users/search: one page (1-based, ``count`` a page) of the accounts matching ``q``, most
    relevant first (the store's ``search_users`` orders them), suspended accounts never.

    No words in ``q`` (missing, empty, blank) is 400/25. Only the first 1,000 matches are
    served: a page that begins past them is an empty page when the page before it still
    reached into them (so a client that pages until an empty page ends cleanly), and
    400/44 ``Invalid value N for parameter page parameter is invalid.`` after that, which
    is what Twitter answered at page 52 of 20 (tweepy #604, sferik/t #181)."""
    words = search_words(q)
    if not words:
        raise QueryMissing()
    offset = (page - 1) * count
    if offset >= SEARCH_RESULTS:
        if offset - count >= SEARCH_RESULTS:
            raise TwitterError(
                f"Invalid value {page} for parameter page parameter is invalid.",
                code=44,
                status=400,
            )
        return []
    limit = min(count, SEARCH_RESULTS - offset)
    with rt.store.read() as tx:
        return tx.search_users(q.strip().lstrip("@"), words, offset, limit)


def reload(rt: Runtime, user_id: int) -> User:
    """The stored account as it is now (after a write changed its counts)."""
    user = rt.store.user_by_id(user_id)
    if user is None:
        raise UserNotFound()
    return user


# ---------------------------------------------------------------------- settings
SETTINGS_DEFAULTS: dict[str, Any] = {
    "always_use_https": True,
    "use_cell_phone": False,
    "sleep_time": {"enabled": False, "end_time": None, "start_time": None},
    "language": "en",
    "discoverable_by_email": False,
    "discoverable_by_mobile_phone": False,
    "allow_contributor_request": "all",
    "allow_dms_from": "following",
    "allow_dm_groups_from": "following",
    "translator_type": "none",
    "trend_location": [],
}


def update_settings(
    rt: Runtime,
    user: User,
    *,
    protected: bool | None = None,
    geo_enabled: bool | None = None,
    allow_media_tagging: str | None = None,
    display_sensitive_media: bool | None = None,
    lang: str | None = None,
    time_zone: str | None = None,
    sleep_time: dict[str, Any] | None = None,
) -> User:
    """POST account/settings. Turning protection off approves every pending follow request,
    as Twitter did. Turning geo off is the trigger for scrub_geo (the streaming work)."""
    values: dict[str, Any] = {}
    if protected is not None:
        values["protected"] = protected
    if geo_enabled is not None:
        values["geo_enabled"] = geo_enabled
    if allow_media_tagging is not None:
        values["allow_media_tagging"] = accounts.check_media_tagging(allow_media_tagging)
    if display_sensitive_media is not None:
        values["possibly_sensitive"] = display_sensitive_media
    if time_zone is not None:
        values["time_zone"] = time_zone
    extra = dict(user.settings)
    if lang is not None:
        extra["language"] = lang
    if sleep_time is not None:
        extra["sleep_time"] = sleep_time
    if extra != user.settings:
        values["settings"] = extra
    if not values:
        return user
    with rt.store.write() as tx:
        tx.update_user(user.id, **values)
        if protected is False and user.protected:
            _approve_all_pending(rt, tx, user.id)
    return reload(rt, user.id)


def _approve_all_pending(rt: Runtime, tx: Any, user_id: int) -> None:
    cursor = -1
    while True:
        page = tx.incoming_request_ids(user_id, cursor, 1000)
        for requester in page.ids:
            _add_follow(rt, tx, requester, user_id)
        if not page.next_cursor:
            return
        cursor = page.next_cursor


def settings_of(user: User) -> dict[str, Any]:
    """Everything account/settings reports, defaults filled in."""
    merged = dict(SETTINGS_DEFAULTS)
    merged.update(user.settings)
    return merged


# ---------------------------------------------------------------------- follows
def _add_follow(rt: Runtime, tx: Any, follower_id: int, followee_id: int) -> bool:
    tx.delete_follow_request(follower_id, followee_id)
    if not tx.insert_follow(follower_id, followee_id, rt.next_id(), rt.now_ms()):
        return False
    tx.adjust_user_counts(follower_id, friends_count=1)
    tx.adjust_user_counts(followee_id, followers_count=1)
    return True


def follow(rt: Runtime, actor: User, target: User) -> Friendship:
    """friendships/create: follow at once, or ask a protected account (403/160 when pending)."""
    if actor.id == target.id:
        raise CannotFollowSelf()
    with rt.store.write() as tx:
        relation = tx.friendship(actor.id, target.id)
        if relation.following:
            return relation  # Twitter answers 200 for an existing follow
        if policy.follow_needs_approval(target):
            if not tx.insert_follow_request(actor.id, target.id, rt.next_id(), rt.now_ms()):
                raise AlreadyRequestedFollow(target.screen_name)
        else:
            _add_follow(rt, tx, actor.id, target.id)
        return tx.friendship(actor.id, target.id)


def unfollow(rt: Runtime, actor: User, target: User) -> Friendship:
    """friendships/destroy: end a follow (or withdraw a pending request); 200 either way."""
    with rt.store.write() as tx:
        tx.delete_follow_request(actor.id, target.id)
        if tx.delete_follow(actor.id, target.id):
            tx.adjust_user_counts(actor.id, friends_count=-1)
            tx.adjust_user_counts(target.id, followers_count=-1)
        return tx.friendship(actor.id, target.id)


def answer_request(rt: Runtime, owner: User, requester: User, *, approve: bool) -> bool:
    """friendships/accept and friendships/deny: settle a pending request; False if none."""
    with rt.store.write() as tx:
        if not tx.friendship(requester.id, owner.id).following_requested:
            return False
        if approve:
            _add_follow(rt, tx, requester.id, owner.id)
        else:
            tx.delete_follow_request(requester.id, owner.id)
        return True


def friendship(rt: Runtime, source: User, target: User) -> Friendship:
    """friendships/show: how two accounts relate."""
    with rt.store.read() as tx:
        return tx.friendship(source.id, target.id)


def id_page(rt: Runtime, which: str, user_id: int, cursor: int, count: int) -> IdPage:
    """followers/ids, friends/ids, friendships/incoming and /outgoing."""
    with rt.store.read() as tx:
        method = {
            "followers": tx.follower_ids,
            "friends": tx.friend_ids,
            "incoming": tx.incoming_request_ids,
            "outgoing": tx.outgoing_request_ids,
        }[which]
        return method(user_id, cursor, count)


def update_profile(rt: Runtime, user: User, **fields: str | None) -> User:
    """POST account/update_profile: name, url, location, description (403/120 past their
    limits); an empty ``url`` removes it. Streams hear a ``user_update``."""
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if value is None:
            continue
        maximum = PROFILE_LIMITS[name]
        if len(value) > maximum:
            raise ProfileValueTooLong(name.capitalize(), maximum)
        values[name] = accounts.check_profile_url(value) if name == "url" else value
    if not values:
        return user
    with rt.store.write() as tx:
        tx.update_user(user.id, **values)
    updated = reload(rt, user.id)
    rt.stream.publish(UserUpdated(updated))
    return updated
