"""The v2 User object (``GET /2/users/me``): ``id``, ``name`` and ``username`` always, the other
fields only when ``user.fields`` asks for them, as Twitter's v2 answered."""

from __future__ import annotations

import time
from typing import Any

from roost.domain.model import User
from roost.domain.text import display_url

# The user.fields values Twitter's v2 accepted (its API reference, 2023), in its order.
USER_FIELDS = (
    "created_at",
    "description",
    "entities",
    "id",
    "location",
    "most_recent_tweet_id",
    "name",
    "pinned_tweet_id",
    "profile_image_url",
    "protected",
    "public_metrics",
    "url",
    "username",
    "verified",
    "verified_type",
    "withheld",
)
_DEFAULT_IMAGE = "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png"


def iso_time(unix_ms: int) -> str:
    """v2's timestamps: ``2013-12-14T04:35:55.000Z`` (whole seconds, as v1.1's created_at:
    Twitter's milliseconds were always 000)."""
    whole = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(unix_ms // 1000))
    return f"{whole}.000Z"


def user_v2(user: User, fields: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The User with the asked-for fields (none of them stored: pinned_tweet_id,
    most_recent_tweet_id, and withheld where nothing is, are left out, as Twitter left out
    absent fields)."""
    out: dict[str, Any] = {"id": str(user.id), "name": user.name, "username": user.screen_name}
    if "created_at" in fields:
        out["created_at"] = iso_time(user.created_at_ms)
    if "description" in fields:
        out["description"] = user.description
    if "entities" in fields and user.url:
        out["entities"] = {
            "url": {
                "urls": [
                    {
                        "start": 0,
                        "end": len(user.url),
                        "url": user.url,
                        "expanded_url": user.url,
                        "display_url": display_url(user.url),
                    }
                ]
            }
        }
    if "location" in fields and user.location:
        out["location"] = user.location
    if "profile_image_url" in fields:
        out["profile_image_url"] = user.profile_image_url or _DEFAULT_IMAGE
    if "protected" in fields:
        out["protected"] = user.protected
    if "public_metrics" in fields:
        out["public_metrics"] = {
            "followers_count": user.followers_count,
            "following_count": user.friends_count,
            "tweet_count": user.statuses_count,
            "listed_count": user.listed_count,
            "like_count": user.favourites_count,
        }
    if "url" in fields:
        out["url"] = user.url or ""
    if "verified" in fields:
        out["verified"] = user.verified
    if "verified_type" in fields:
        out["verified_type"] = "blue" if user.verified else "none"
    if "withheld" in fields and user.withheld_in_countries:
        out["withheld"] = {"country_codes": list(user.withheld_in_countries), "scope": "user"}
    return out
