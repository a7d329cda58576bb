"""The v1.1 User object, keys in the order Twitter sent them (recorded users/show, 2021)."""

from __future__ import annotations

from typing import Any

from roost.domain.model import Friendship, User
from roost.domain.text import display_url
from roost.render.context import Viewer
from roost.render.timefmt import created_at

_DEFAULT_IMAGE = "abs.twimg.com/sticky/default_profile_images/default_profile_normal.png"
_DEFAULT_BACKGROUND = "abs.twimg.com/images/themes/theme1/bg.png"


def _url_entities(user: User) -> dict[str, Any]:
    entities: dict[str, Any] = {}
    if user.url:
        entities["url"] = {
            "urls": [
                {
                    "url": user.url,
                    "expanded_url": user.url,
                    "display_url": display_url(user.url),
                    "indices": [0, len(user.url)],
                }
            ]
        }
    entities["description"] = {"urls": []}
    return entities


def _user_head(user: User, include_entities: bool) -> dict[str, Any]:
    """Every key that does not depend on the viewer, in Twitter's order."""
    image = user.profile_image_url or _DEFAULT_IMAGE
    out: dict[str, Any] = {
        "id": user.id,
        "id_str": str(user.id),
        "name": user.name,
        "screen_name": user.screen_name,
        "location": user.location,
        "description": user.description,
        "url": user.url,
    }
    if include_entities:
        out["entities"] = _url_entities(user)
    out.update(
        {
            "protected": user.protected,
            "followers_count": user.followers_count,
            "friends_count": user.friends_count,
            "listed_count": user.listed_count,
            "created_at": created_at(user.created_at_ms),
            "favourites_count": user.favourites_count,
            "utc_offset": None,
            "time_zone": None,
            "geo_enabled": user.geo_enabled,
            "verified": user.verified,
            "statuses_count": user.statuses_count,
            "lang": None,
            "contributors_enabled": False,
            "is_translator": False,
            "is_translation_enabled": False,
            "profile_background_color": "F5F8FA",
            "profile_background_image_url": None,
            "profile_background_image_url_https": None,
            "profile_background_tile": False,
            "profile_image_url": "http://" + image.split("://", 1)[-1],
            "profile_image_url_https": "https://" + image.split("://", 1)[-1],
            "profile_link_color": "1DA1F2",
            "profile_sidebar_border_color": "C0DEED",
            "profile_sidebar_fill_color": "DDEEF6",
            "profile_text_color": "333333",
            "profile_use_background_image": True,
            "has_extended_profile": False,
            "default_profile": True,
            "default_profile_image": user.profile_image_url is None,
        }
    )
    return out


class _HeadCache:
    """The viewer-independent part of recently rendered users (the same accounts recur on every
    page and request); an entry is reused only while the User it was built from is unchanged."""

    def __init__(self, size: int = 20_000) -> None:
        self._size = size
        self._items: dict[tuple[int, bool], tuple[User, dict[str, Any]]] = {}

    def head(self, user: User, include_entities: bool) -> dict[str, Any]:
        key = (user.id, include_entities)
        hit = self._items.get(key)
        if hit is not None and (hit[0] is user or hit[0] == user):
            return hit[1]
        head = _user_head(user, include_entities)
        if len(self._items) >= self._size:
            self._items.clear()
        self._items[key] = (user, head)
        return head


_heads = _HeadCache()


def user_v1(
    user: User,
    viewer: Viewer,
    *,
    include_entities: bool = True,
    verify_credentials: bool = False,
    status: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A complete v1.1 User object for this viewer (a new dict: callers may add ``status``)."""
    head = _heads.head(user, include_entities)
    if status is None:
        out = dict(head)
    else:  # Twitter put the latest status right after "lang"
        out = {}
        for key, value in head.items():
            out[key] = value
            if key == "lang":
                out["status"] = status
    out["following"], out["follow_request_sent"], out["notifications"] = viewer.relation(user)
    out["translator_type"] = "none"
    if verify_credentials:
        out["suspended"] = user.suspended
        out["needs_phone_verification"] = False
    if user.withheld_in_countries:
        add_withheld(out, user.withheld_in_countries, "user")
    return out


def add_withheld(obj: dict[str, Any], countries: list[str], scope: str) -> None:
    """The withholding keys of a withheld User (``scope`` "user") or Tweet ("status", or
    "user" for a withheld account's Tweets), at the end as the data dictionary's example has
    them; ``withheld_copyright`` only for a DMCA withholding ("XY"), as recorded (rtweet's
    cassette of a DMCA'd Tweet: ``withheld_copyright`` true, countries ["XY"])."""
    if "XY" in countries:
        obj["withheld_copyright"] = True
    obj.pop("withheld_in_countries", None)  # moved to the end with its scope
    obj["withheld_in_countries"] = list(countries)
    obj["withheld_scope"] = scope


def with_profile_location(user: dict[str, Any]) -> dict[str, Any]:
    """``user`` with ``profile_location: null`` after ``location``: users/show and
    update_profile sent that key (tweepy cassettes testgetuser, testupdateprofile); User objects
    inside Tweets, verify_credentials, users/lookup and followers/list did not."""
    out: dict[str, Any] = {}
    for key, value in user.items():
        out[key] = value
        if key == "location":
            out["profile_location"] = None
    return out


def with_relation_flags(user: dict[str, Any], *, listed: bool) -> dict[str, Any]:
    """``user`` with the relation flags some endpoints added: friendships/create and destroy
    ``muting`` after ``notifications`` (tweepy cassette testcreatedestroyfriendship);
    followers/list and friends/list also ``live_following`` after ``following`` and
    ``blocking``, ``blocked_by`` after ``muting`` (cassettes testgetfollowers, testgetfriends).
    Roost has no mutes, blocks or live video, so they are false, as friendships/show's are."""
    out: dict[str, Any] = {}
    for key, value in user.items():
        out[key] = value
        if key == "following" and listed:
            out["live_following"] = False
        elif key == "notifications":
            out["muting"] = False
            if listed:
                out["blocking"] = False
                out["blocked_by"] = False
    return out


def relationship_v1(source: User, target: User, rel: Friendship) -> dict[str, Any]:
    """friendships/show's ``relationship`` object (recorded reply, tweepy cassette)."""
    return {
        "relationship": {
            "source": {
                "id": source.id,
                "id_str": str(source.id),
                "screen_name": source.screen_name,
                "following": rel.following,
                "followed_by": rel.followed_by,
                "live_following": False,
                "following_received": rel.following_received,
                "following_requested": rel.following_requested,
                "notifications_enabled": False,
                "can_dm": rel.followed_by,
                "blocking": False,
                "blocked_by": False,
                "muting": False,
                "want_retweets": rel.following,
                "all_replies": False,
                "marked_spam": False,
            },
            "target": {
                "id": target.id,
                "id_str": str(target.id),
                "screen_name": target.screen_name,
                "following": rel.followed_by,
                "followed_by": rel.following,
                "following_received": rel.following_requested,
                "following_requested": rel.following_received,
            },
        }
    }
