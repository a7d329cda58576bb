"""The developer portal's rules: what a Project's and an App's settings may hold, as Twitter's
portal checked them. Pure: no store, no HTTP (services/portal.py applies them)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from roost.domain.errors import TwitterError
from roost.domain.ids import parse_id
from roost.domain.model import Permission

APP_NAME_MAX = 32  # Twitter's limit on an App's name (the source label)
PROJECT_NAME_MAX = 64  # the ``projects.name`` column
PROJECT_DESCRIPTION_MAX = 500
WEBSITE_MAX = 200  # the ``apps.website`` column
CALLBACK_URLS_MAX = 10  # "There is a hard limit of 10 callback URLs" (Twitter's callback URL guide)
CALLBACK_URL_MAX = 500  # ``request_tokens.callback`` holds one
# The "Create a Project" form's use cases, in the portal's words.
USE_CASES = (
    "Exploring the API",
    "Making a bot",
    "Building tools for myself",
    "Building consumer tools (hobbyist)",
    "Building consumer tools (professional)",
    "Building B2B products",
    "Building customized solutions in-house",
    "Doing academic research",
    "Teaching",
    "Other",
)
CLIENT_TYPES = ("public", "confidential")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*\Z")
_NEVER_SCHEMES = {"javascript", "data", "vbscript", "file", "about", "blob"}


class InvalidSetting(TwitterError):
    """A portal form's value Twitter's portal would refuse; ``field`` names the input."""

    code, status = 44, 400

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


# ------------------------------------------------------------------------------ validation
def check_app_name(value: str) -> str:
    """1 to 32 characters (the source label's name)."""
    name = value.strip()
    if not name:
        raise InvalidSetting("name", "Your App needs a name.")
    if len(name) > APP_NAME_MAX:
        raise InvalidSetting("name", f"App names can be at most {APP_NAME_MAX} characters.")
    return name


def check_website(value: str) -> str | None:
    """An absolute http(s) URL (the source label's link), or None when left empty."""
    url = value.strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidSetting("website", "Website URL must be a valid http or https URL.")
    if len(url) > WEBSITE_MAX or any(c.isspace() for c in url):
        raise InvalidSetting("website", "Website URL must be a valid http or https URL.")
    return url


def check_callback_urls(text: str) -> tuple[str, ...]:
    """One URL a line, at most 10, each matched exactly by the OAuth flows. http(s) URLs are
    absolute and carry no query string or fragment (Twitter's callback URL guide: the query
    goes in the request); an app scheme is ``myapp://`` with an optional path; ``oob`` is
    always allowed and need not be listed."""
    urls: list[str] = []
    for line in text.splitlines():
        url = line.strip()
        if not url or url == "oob" or url in urls:
            continue
        _check_callback_url(url)
        urls.append(url)
    if len(urls) > CALLBACK_URLS_MAX:
        raise InvalidSetting(
            "callback_urls", f"You can add at most {CALLBACK_URLS_MAX} callback URLs."
        )
    return tuple(urls)


def _check_callback_url(url: str) -> None:
    bad = InvalidSetting("callback_urls", f"Not a valid callback URL format: {url[:80]}")
    if len(url) > CALLBACK_URL_MAX or any(c.isspace() for c in url) or "://" not in url:
        raise bad
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if not _SCHEME.match(scheme) or scheme in _NEVER_SCHEMES or parts.query or parts.fragment:
        raise bad
    if scheme in ("http", "https") and not parts.hostname:
        raise bad


def check_app_id(value: str) -> int:
    """An App chosen from a list (a Snowflake id)."""
    app_id = parse_id(value)
    if app_id is None:
        raise InvalidSetting("app_id", "Choose one of your Apps.")
    return app_id


def check_permission(value: str) -> Permission:
    """Read, Read and write, or Read and write and Direct message."""
    try:
        return Permission(value)
    except ValueError:
        raise InvalidSetting("permission", "Choose the App's permissions.") from None


def check_client_type(value: str) -> str:
    """public (Native App, Single page App) or confidential (Web App, Automated App or Bot)."""
    if value not in CLIENT_TYPES:
        raise InvalidSetting("client_type", "Choose the type of your App.")
    return value
