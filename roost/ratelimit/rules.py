"""THE table of rate-limit windows, one row per resource, as Twitter documented them.

Sources: the seeds' "Resource Information" tables (search, statuses, favorites, timelines,
collections, the POST limits note: 300 Tweets+Retweets per 3 hours per user and per app, 1,000
likes per 24 hours, 100,000 timeline requests per app per day), the v2 Manage Tweets guide
(200 POST / 50 DELETE per 15 minutes per user), and, for endpoints the seeds do not cover
(users, friendships, account), the limits a real ``application/rate_limit_status`` reported
(tweepy's recorded cassette, see ../shared/FIDELITY.md section 5).

Scopes:
  ``user``      per access token (one user through one App), user-context requests only
  ``app``       per App, app-only (bearer) requests only
  ``user_all``  per user across every App and auth kind (the seeds' "per user" POST limits)
  ``app_all``   per App across all its users and auth kinds (the seeds' "per app" limits)
A ``bucket`` names a counter shared by several resources (Tweets and Retweets share one).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

MIN15 = 15 * 60
HOUR3 = 3 * 60 * 60
DAY = 24 * 60 * 60
SCOPES = ("user", "app", "user_all", "app_all")


@dataclass(frozen=True)
class Window:
    """At most ``limit`` requests per ``seconds`` for one scope."""

    scope: str
    limit: int
    seconds: int = MIN15
    bucket: str | None = None


@dataclass(frozen=True)
class Resource:
    """A rate-limited resource as rate_limit_status names it (``/statuses/show/:id``)."""

    path: str
    windows: tuple[Window, ...]

    @property
    def family(self) -> str:
        """The ``resources`` group of rate_limit_status (``statuses``)."""
        return self.path.strip("/").split("/")[0]


def _r(path: str, user: int | None = None, app: int | None = None, *extra: Window) -> Resource:
    windows: list[Window] = []
    if user is not None:
        windows.append(Window("user", user))
    if app is not None:
        windows.append(Window("app", app))
    return Resource(path, (*windows, *extra))


# Tweets, Retweets (v1.1 and v2) share one 3-hour counter per user and per App (the seeds).
_POSTS = (Window("user_all", 300, HOUR3, "tweets"), Window("app_all", 300, HOUR3, "tweets"))
_LIKES = (Window("user_all", 1000, DAY, "likes"), Window("app_all", 1000, DAY, "likes"))
_TIMELINE_DAY = Window("app_all", 100_000, DAY)

RESOURCES: dict[str, Resource] = {
    r.path: r
    for r in (
        # search and statuses (the seeds)
        _r("/search/tweets", 180, 450),
        _r("/statuses/update", None, None, *_POSTS),
        _r("/statuses/update_with_media", None, None, *_POSTS),
        _r("/statuses/retweet/:id", None, None, *_POSTS),
        _r("/statuses/show/:id", 900, 900),
        _r("/statuses/lookup", 900, 300),
        _r("/statuses/retweets/:id", 75, 300),
        _r("/statuses/retweets_of_me", 75),
        _r("/statuses/retweeters/ids", 75, 300),
        _r("/statuses/home_timeline", 15),
        _r("/statuses/mentions_timeline", 75, None, _TIMELINE_DAY),
        _r("/statuses/user_timeline", 900, 1500, _TIMELINE_DAY),
        _r("/statuses/oembed", 180, 180),
        _r("/favorites/create", None, None, *_LIKES),
        _r("/favorites/list", 75, 75),
        _r("/collections/entries", 1000, 1000),
        _r("/collections/list", 1000, 1000),
        _r("/collections/show", 1000, 1000),
        # lists (the v1.1 reference; tweepy's cassettes saw show 75, statuses and members 900,
        # members/show 15)
        _r("/lists/show", 75, 75),
        _r("/lists/statuses", 900, 900),
        _r("/lists/members", 900, 75),
        _r("/lists/members/show", 15, 15),
        _r("/lists/list", 15, 15),  # the reference; tweepy's recorded rate_limit_status agrees
        _r("/lists/ownerships", 15, 15),
        _r("/lists/memberships", 75, 75),
        # v2 Manage Tweets (the guide): "rate limited at the user level, meaning that the
        # authenticated user ... can only call the endpoint a certain number of times across
        # any developer App", plus the shared 3-hour counter
        _r("/2/tweets&POST", None, None, Window("user_all", 200), *_POSTS),
        _r("/2/tweets/:id&DELETE", None, None, Window("user_all", 50)),
        _r("/2/users/me", 75),  # the users lookup reference: 75 per 15 minutes per user
        # media upload (Twitter's documented 15-minute limit for the upload family)
        _r("/media/upload", 500, None),
        # users, friendships, account, application (a recorded rate_limit_status)
        _r("/account/verify_credentials", 75),
        _r("/account/settings", 15),
        _r("/users/show/:id", 900, 900),
        _r("/users/lookup", 900, 300),
        _r("/users/search", 900),  # the reference and the recording; user context only
        _r("/friendships/show", 180, 15),
        _r("/friendships/incoming", 15),
        _r("/friendships/outgoing", 15),
        _r("/followers/ids", 15, 15),
        _r("/followers/list", 15, 15),
        _r("/friends/ids", 15, 15),
        _r("/friends/list", 15, 15),
        _r("/application/rate_limit_status", 180, 180),
        _r("/oauth/invalidate_token", 450),
        _r("/geo/id/:place_id", 75, 75),
        _r("/geo/reverse_geocode", 15, 15),
    )
}


class RuleError(ValueError):
    """A rate-limit override file that cannot be applied."""


def _whole_number(path: str | Path, section: str, key: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleError(f"{path}: [{section}] {key} must be a whole number, not {value!r}")
    return value


def _override_key(
    windows: dict[tuple[str, str | None], Window], scope: str
) -> tuple[str, str | None]:
    """The window a TOML ``scope = N`` line changes: the resource's own window of that scope,
    else its shared (bucketed) one (``/2/tweets&POST`` has both for ``user_all``)."""
    if (scope, None) in windows:
        return (scope, None)
    shared = [key for key in windows if key[0] == scope]
    return shared[0] if shared else (scope, None)


def load_overrides(
    path: str | Path, base: dict[str, Resource] | None = None
) -> dict[str, Resource]:
    """The table with single windows overridden from a TOML file.

    ```toml
    ["/statuses/show/:id"]
    user = 10        # 15-minute window unless "user_seconds" says otherwise
    app = 0          # 0 removes that window
    ```
    """
    table = dict(base or RESOURCES)
    try:
        data = tomllib.loads(Path(path).read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleError(f"rate-limit overrides {path}: {exc}") from None
    for res_path, values in data.items():
        if not isinstance(values, dict):
            raise RuleError(f"{path}: [{res_path}] must be a table")
        current = table.get(res_path, Resource(res_path, ()))
        windows = {(w.scope, w.bucket): w for w in current.windows}
        for scope in SCOPES:
            if scope not in values:
                continue
            key = _override_key(windows, scope)
            limit = _whole_number(path, res_path, scope, values[scope])
            seconds = _whole_number(
                path,
                res_path,
                f"{scope}_seconds",
                values.get(f"{scope}_seconds", windows.get(key, Window(scope, 0)).seconds),
            )
            if limit <= 0:
                windows.pop(key, None)
            else:
                windows[key] = Window(scope, limit, seconds, key[1])
        table[res_path] = replace(current, windows=tuple(windows.values()))
    return table
