"""Tweet permalinks in every form clients send (DESIGN "Contracts"; FIDELITY section 1).

``https://twitter.com/<screen_name>/status/<id>`` on twitter.com or x.com, with ``www.`` or
``mobile.``, over http or https, with a trailing slash or a query; ``/i/web/status/<id>`` and
``/i/statuses/<id>`` (twitter-api-v2's oEmbed); and the same paths on Roost's own public hosts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

TWITTER_HOSTS = frozenset(
    f"{prefix}{domain}" for domain in ("twitter.com", "x.com") for prefix in ("", "www.", "mobile.")
)
_STATUS_PATH = re.compile(
    r"^/(?:(?P<screen_name>[A-Za-z0-9_]{1,15})/status(?:es)?|i/web/status|i/statuses)"
    r"/(?P<id>[0-9]{1,19})/?(?:(?:photo|video)/[1-4]/?)?$"
)


@dataclass(frozen=True)
class Permalink:
    """A parsed Tweet permalink: the status id, and the screen name when the URL names one."""

    status_id: int
    screen_name: str | None


def parse_status_permalink(url: str, own_hosts: Iterable[str] = ()) -> Permalink | None:
    """The Tweet a permalink names, or None when ``url`` is not a Tweet permalink."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    if host not in TWITTER_HOSTS and host not in {h.lower() for h in own_hosts}:
        return None
    m = _STATUS_PATH.match(parts.path)
    if m is None or int(m.group("id")) >= 1 << 63:  # no Snowflake is that large
        return None
    return Permalink(int(m.group("id")), m.group("screen_name"))


_TIMELINE_PATH = re.compile(
    r"^/(?P<screen_name>[A-Za-z0-9_]{1,15})(?:/timelines/(?P<id>[0-9]{1,19}))?/?$"
)


@dataclass(frozen=True)
class TimelineLink:
    """A timeline URL: a collection's ``collection_url`` (with its id) or a profile (id None)."""

    screen_name: str
    collection_id: int | None


def parse_timeline_url(url: str, own_hosts: Iterable[str] = ()) -> TimelineLink | None:
    """The collection or profile a timeline URL names (``https://twitter.com/<screen_name>``,
    ``.../<screen_name>/timelines/<id>``, on the same hosts as Tweet permalinks), else None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or (
        host not in TWITTER_HOSTS and host not in {h.lower() for h in own_hosts}
    ):
        return None
    m = _TIMELINE_PATH.match(parts.path)
    if m is None or m.group("screen_name").lower() in _NOT_ACCOUNTS:
        return None
    raw = m.group("id")
    if raw is not None and int(raw) >= 1 << 63:
        return None
    return TimelineLink(m.group("screen_name"), int(raw) if raw is not None else None)


# twitter.com paths that look like a profile but are not one
_NOT_ACCOUNTS = frozenset({"i", "home", "search", "hashtag", "explore", "settings", "messages"})


def is_dm_deep_link(url: str) -> bool:
    """``https://twitter.com/messages/compose?recipient_id=...``: the other allowed attachment."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return (
        (parts.hostname or "").lower() in TWITTER_HOSTS
        and parts.path.rstrip("/") == "/messages/compose"
        and "recipient_id=" in parts.query
    )


def permalink(screen_name: str, status_id: int) -> str:
    """The canonical permalink Twitter rendered (``quoted_status_permalink.expanded``)."""
    return f"https://twitter.com/{screen_name}/status/{status_id}"
