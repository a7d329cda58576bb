"""Twitter's rules for accounts: what a screen name, a display name and the settings may be."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from roost.domain.errors import ParameterInvalid, TwitterError

_SCREEN_NAME = re.compile(r"^[A-Za-z0-9_]{1,15}$")
MEDIA_TAGGING = ("all", "following", "none")


def is_screen_name(value: str) -> bool:
    """Whether ``value`` could name an account (anything else cannot exist)."""
    return bool(_SCREEN_NAME.match(value))


def check_screen_name(screen_name: str) -> str:
    """A valid screen name: 1 to 15 letters, digits or underscores (Twitter's rule)."""
    if not _SCREEN_NAME.match(screen_name):
        raise ParameterInvalid("screen_name")
    return screen_name


def check_name(name: str) -> str:
    """A display name of at most 50 characters."""
    if len(name) > 50:
        raise TwitterError(
            "Account update failed: name is too long (maximum is 50 characters).",
            code=120,
            status=403,
        )
    return name


def check_media_tagging(value: str) -> str:
    """account/settings allow_media_tagging: all, following or none."""
    if value not in MEDIA_TAGGING:
        raise ParameterInvalid("allow_media_tagging")
    return value


def check_profile_url(url: str) -> str | None:
    """account/update_profile's ``url``: empty removes it (None); anything else is kept as sent
    (free-form, as Twitter's profile field was: the pages link only http(s) ones) except what no
    URL parser can read (``http://[::1``): 400/44, so a profile never holds a URL its own
    rendering would fail on."""
    url = url.strip()
    if not url:
        return None
    try:
        urlsplit(url if "://" in url else "http://" + url)
    except ValueError:
        raise ParameterInvalid("url") from None
    return url
