"""Roost's objects as plain dataclasses: what the store returns and the renderers read."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Permission(StrEnum):
    """An app's (and its tokens') access level, as Twitter's portal offered it."""

    READ = "read"
    READ_WRITE = "read-write"
    READ_WRITE_DM = "read-write-directmessages"

    @property
    def can_write(self) -> bool:
        """Whether POST endpoints are allowed (the seeds: a read-only app gets 401/403 on writes)."""
        return self is not Permission.READ


@dataclass(frozen=True)
class User:
    """A Twitter account (the v1.1 User object's stored fields)."""

    id: int
    screen_name: str
    name: str
    created_at_ms: int
    description: str = ""
    location: str = ""
    url: str | None = None
    protected: bool = False
    verified: bool = False
    geo_enabled: bool = False
    # account/settings "allow_media_tagging": all | following | none
    allow_media_tagging: str = "all"
    # account/settings "display_sensitive_media" and the default of a Tweet's possibly_sensitive
    possibly_sensitive: bool = False
    lang: str | None = None
    time_zone: str | None = None
    followers_count: int = 0
    friends_count: int = 0
    listed_count: int = 0
    favourites_count: int = 0
    statuses_count: int = 0
    suspended: bool = False
    profile_image_url: str | None = None
    settings: dict[str, object] = field(default_factory=dict)
    # where ``roost withhold user`` withholds the account (None: nowhere)
    withheld_in_countries: list[str] | None = None

    @property
    def photo_tagging(self) -> bool:
        """Whether others may tag this user in photos."""
        return self.allow_media_tagging != "none"


@dataclass(frozen=True)
class App:
    """A developer App: its consumer credentials and its source label."""

    id: int
    name: str
    consumer_key: str
    consumer_secret: str
    client_id: str
    client_secret: str | None
    permission: Permission
    website: str | None = None
    owner_id: int | None = None
    client_type: str = "confidential"
    callback_urls: tuple[str, ...] = ()
    created_at_ms: int = 0
    project_id: int | None = None
    oauth2_enabled: bool = True


@dataclass(frozen=True)
class AccessToken:
    """An OAuth 1.0a user access token (``<user id>-<random>``, as Twitter issued them)."""

    token: str
    secret: str
    app_id: int
    user_id: int
    permission: Permission
    created_at_ms: int = 0


@dataclass(frozen=True)
class BearerToken:
    """An app-only (OAuth 2.0 client credentials) bearer token."""

    token: str
    app_id: int
    created_at_ms: int = 0


@dataclass(frozen=True)
class Project:
    """A developer portal Project: the container of a developer's Apps."""

    id: int
    owner_id: int
    name: str
    description: str = ""
    use_case: str = ""
    created_at_ms: int = 0


@dataclass(frozen=True)
class WebSession:
    """A signed-in browser: the ``auth_token`` cookie's value is ``id``."""

    id: str
    user_id: int
    csrf: str
    created_at_ms: int
    expires_at_ms: int


@dataclass(frozen=True)
class RequestToken:
    """OAuth 1.0a temporary credentials, from request_token to access_token.

    ``user_id`` and ``verifier`` are set when the user approves the App on /oauth/authorize.
    """

    token: str
    secret: str
    app_id: int
    callback: str  # a registered callback URL or "oob"
    access_type: str | None  # x_auth_access_type: "read", "write" or None (the App's own)
    created_at_ms: int
    user_id: int | None = None
    verifier: str | None = None


@dataclass(frozen=True)
class AuthorizationCode:
    """An OAuth 2.0 authorization code: single use, bound to its client and redirect_uri."""

    code: str
    app_id: int
    user_id: int
    redirect_uri: str
    scopes: tuple[str, ...]
    code_challenge: str | None
    code_challenge_method: str | None
    created_at_ms: int
    expires_at_ms: int


@dataclass(frozen=True)
class OAuth2Token:
    """An OAuth 2.0 user access token with its scopes (and its refresh token, with offline.access)."""

    access_token: str
    app_id: int
    user_id: int
    scopes: tuple[str, ...]
    created_at_ms: int
    expires_at_ms: int
    refresh_token: str | None = None


@dataclass(frozen=True)
class Friendship:
    """How ``source`` relates to ``target`` (both directions), for friendships/show and User flags."""

    following: bool = False
    followed_by: bool = False
    following_requested: bool = False  # source asked to follow target, pending
    following_received: bool = False  # target asked to follow source, pending


@dataclass(frozen=True)
class Tweet:
    """A status as stored: the full text with its entities and counts (created_at is in the id)."""

    id: int
    user_id: int
    text: str
    display_start: int
    display_end: int
    entities: dict[str, list[dict[str, Any]]]
    source_name: str
    source_url: str
    in_reply_to_status_id: int | None = None
    in_reply_to_user_id: int | None = None
    in_reply_to_screen_name: str | None = None
    quoted_status_id: int | None = None
    quoted_permalink: str | None = None
    retweeted_status_id: int | None = None
    lang: str = "und"
    possibly_sensitive: bool = False
    lat: str | None = None
    long: str | None = None
    place_id: str | None = None
    display_coordinates: bool = True
    card_uri: str | None = None
    media_ids: list[int] | None = None
    retweet_count: int = 0
    favorite_count: int = 0
    reply_count: int = 0
    quote_count: int = 0
    # where ``roost withhold status`` withholds it (None: nowhere)
    withheld_in_countries: list[str] | None = None


@dataclass(frozen=True)
class Media:
    """An uploaded photo, animated GIF or video (a row of ``media``; the file is in the blob store).

    ``name`` is the 15-character file name its URLs use; ``base_url`` is where Roost served the
    upload from, so rendering needs no request (streams and timelines render without one).
    """

    id: int
    user_id: int
    name: str
    kind: str  # photo | animated_gif | video
    media_type: str  # the stored file's MIME type
    category: str | None  # media_category as sent
    state: str  # uploading | processing | succeeded | failed
    total_bytes: int
    size: int
    width: int
    height: int
    duration_ms: int | None
    alt_text: str | None
    base_url: str
    additional_owners: tuple[int, ...]
    processing_polls: int
    processing_error: dict[str, Any] | None
    status_id: int | None  # the first status it was attached to (attached media never expire)
    created_at_ms: int
    finalized_at_ms: int | None
    expires_at_ms: int
