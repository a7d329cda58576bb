"""Rate limits: the table (rules.py) against the seeds, overrides, counters and the Limiter."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from roost.auth.authenticate import Actor
from roost.domain.errors import RateLimitExceeded, TwitterError
from roost.domain.model import App, Permission
from roost.ratelimit.counters import MemoryCounters
from roost.ratelimit.limiter import Limiter, Status
from roost.ratelimit.rules import (
    DAY,
    HOUR3,
    MIN15,
    RESOURCES,
    SCOPES,
    Resource,
    RuleError,
    Window,
    load_overrides,
)

T0 = 1_700_000_000.0


def windows(path: str, table: dict[str, Resource] = RESOURCES) -> dict[str, Window]:
    return {w.scope: w for w in table[path].windows}


def limits(path: str, table: dict[str, Resource] = RESOURCES) -> dict[str, tuple[int, int]]:
    return {w.scope: (w.limit, w.seconds) for w in table[path].windows}


def make_app(app_id: int) -> App:
    return App(
        id=app_id,
        name=f"app{app_id}",
        consumer_key=f"ck{app_id}",
        consumer_secret="cs",
        client_id=f"ci{app_id}",
        client_secret="sec",
        permission=Permission.READ_WRITE,
    )


def user_actor(app: App, user_id: int) -> Actor:
    return Actor(app=app, user_id=user_id, token=None, permission=Permission.READ_WRITE)


def app_actor(app: App) -> Actor:
    return Actor(app=app, user_id=None, token=None, permission=app.permission, bearer="AAAA")


APP1, APP2 = make_app(1), make_app(2)


# ====================================================================== the table


@pytest.mark.parametrize(
    ("path", "user", "app"),
    [
        ("/search/tweets", 180, 450),
        ("/statuses/show/:id", 900, 900),
        ("/statuses/lookup", 900, 300),
        ("/statuses/retweets/:id", 75, 300),
        ("/statuses/retweeters/ids", 75, 300),
        ("/statuses/retweets_of_me", 75, None),
        ("/statuses/home_timeline", 15, None),
        ("/statuses/mentions_timeline", 75, None),
        ("/statuses/user_timeline", 900, 1500),
        ("/favorites/list", 75, 75),
        ("/collections/entries", 1000, 1000),
        ("/collections/list", 1000, 1000),
        ("/collections/show", 1000, 1000),
    ],
)
def test_fifteen_minute_windows_match_the_seeds(path: str, user: int, app: int | None) -> None:
    got = limits(path)
    assert got.get("user") == (user, MIN15)
    assert got.get("app") == ((app, MIN15) if app is not None else None)


@pytest.mark.parametrize("path", ["/statuses/update", "/statuses/retweet/:id"])
def test_tweets_and_retweets_share_300_per_3_hours_per_user_and_per_app(path: str) -> None:
    w = windows(path)
    assert set(w) == {"user_all", "app_all"}  # no 15-minute window on these POSTs
    for scope in ("user_all", "app_all"):
        assert (w[scope].limit, w[scope].seconds, w[scope].bucket) == (300, HOUR3, "tweets")


def test_every_resource_that_posts_a_tweet_uses_the_same_bucket() -> None:
    for path in ("/statuses/update_with_media", "/2/tweets&POST"):
        shared = [w for w in RESOURCES[path].windows if w.bucket == "tweets"]
        assert {(w.scope, w.limit, w.seconds) for w in shared} == {
            ("user_all", 300, HOUR3),
            ("app_all", 300, HOUR3),
        }


def test_v2_manage_tweets_limits_count_per_user_across_every_app() -> None:
    """The guide: 200 POSTs and 50 DELETEs per 15 minutes "at the user level, meaning that the
    authenticated user ... can only call the endpoint a certain number of times across any
    developer App"."""
    post = [
        (w.scope, w.limit, w.seconds) for w in RESOURCES["/2/tweets&POST"].windows if not w.bucket
    ]
    assert post == [("user_all", 200, MIN15)]
    assert limits("/2/tweets/:id&DELETE") == {"user_all": (50, MIN15)}
    lim = limiter()
    deletes = RESOURCES["/2/tweets/:id&DELETE"]
    one, other = user_actor(APP1, 10), user_actor(APP2, 10)
    spend(lim, "/2/tweets/:id&DELETE", one, 30)
    spend(lim, "/2/tweets/:id&DELETE", other, 20)  # the same user through another App
    with pytest.raises(RateLimitExceeded):
        lim.check(lim.windows(deletes, one), T0 + 1)
    assert lim.check(lim.windows(deletes, user_actor(APP1, 11)), T0 + 1).remaining == 50


def test_likes_are_1000_per_24_hours() -> None:
    w = windows("/favorites/create")
    assert set(w) == {"user_all", "app_all"}
    for scope in ("user_all", "app_all"):
        assert (w[scope].limit, w[scope].seconds, w[scope].bucket) == (1000, DAY, "likes")


@pytest.mark.parametrize("path", ["/statuses/user_timeline", "/statuses/mentions_timeline"])
def test_timelines_have_the_100000_a_day_app_limit(path: str) -> None:
    w = windows(path)
    assert (w["app_all"].limit, w["app_all"].seconds) == (100_000, DAY)
    # per endpoint, not shared between the two timelines
    assert w["app_all"].bucket is None


def test_table_is_well_formed() -> None:
    assert len(RESOURCES) >= 30
    for key, resource in RESOURCES.items():
        assert key == resource.path
        assert resource.path.startswith("/")
        assert resource.windows, f"{key} has no window"
        scopes = [(w.scope, w.bucket) for w in resource.windows]
        assert len(scopes) == len(set(scopes)), f"{key} has a window twice"
        for w in resource.windows:
            assert w.scope in SCOPES
            assert w.limit > 0 and w.seconds in (MIN15, HOUR3, DAY)


def test_family_is_the_first_path_segment() -> None:
    assert RESOURCES["/statuses/show/:id"].family == "statuses"
    assert RESOURCES["/search/tweets"].family == "search"
    assert RESOURCES["/application/rate_limit_status"].family == "application"


# ====================================================================== overrides


def write_toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "limits.toml"
    path.write_text(text)
    return path


def test_override_one_window_and_remove_another(tmp_path: Path) -> None:
    path = write_toml(
        tmp_path,
        """
        ["/statuses/show/:id"]
        user = 10
        app = 0
        """,
    )
    table = load_overrides(path)
    assert limits("/statuses/show/:id", table) == {"user": (10, MIN15)}
    # everything else is untouched, and the built-in table is not modified
    assert limits("/statuses/lookup", table) == limits("/statuses/lookup")
    assert limits("/statuses/show/:id") == {"user": (900, MIN15), "app": (900, MIN15)}
    assert set(table) == set(RESOURCES)


def test_override_seconds_and_keep_the_shared_bucket(tmp_path: Path) -> None:
    path = write_toml(
        tmp_path,
        """
        ["/statuses/update"]
        user_all = 5
        user_all_seconds = 60

        ["/statuses/retweet/:id"]
        app_all = 7
        """,
    )
    table = load_overrides(str(path))
    update = windows("/statuses/update", table)
    assert (update["user_all"].limit, update["user_all"].seconds) == (5, 60)
    assert update["user_all"].bucket == "tweets"
    assert update["app_all"] == windows("/statuses/update")["app_all"]
    retweet = windows("/statuses/retweet/:id", table)
    assert (retweet["app_all"].limit, retweet["app_all"].seconds) == (7, HOUR3)  # seconds kept
    assert retweet["app_all"].bucket == "tweets"


def test_override_adds_a_window_and_a_new_resource(tmp_path: Path) -> None:
    path = write_toml(
        tmp_path,
        """
        ["/statuses/home_timeline"]
        app = 3
        app_seconds = 30

        ["/lists/subscriptions"]
        user = 15
        """,
    )
    assert "/lists/subscriptions" not in RESOURCES
    table = load_overrides(path)
    assert limits("/statuses/home_timeline", table) == {"user": (15, MIN15), "app": (3, 30)}
    assert limits("/lists/subscriptions", table) == {"user": (15, MIN15)}
    assert table["/lists/subscriptions"].family == "lists"


def test_override_on_a_given_base(tmp_path: Path) -> None:
    base = {"/x/y": Resource("/x/y", (Window("user", 1),))}
    table = load_overrides(write_toml(tmp_path, '["/x/y"]\nuser = 2\n'), base)
    assert set(table) == {"/x/y"}
    assert limits("/x/y", table) == {"user": (2, MIN15)}
    assert base["/x/y"].windows == (Window("user", 1),)


@pytest.mark.parametrize(
    "text",
    [
        '["/statuses/show/:id"\nuser = 1',  # not TOML
        'user = 10\n["/statuses/show/:id"]\napp = 1\n',  # a top-level value, not a table
        '"/statuses/show/:id" = 10\n',
    ],
)
def test_bad_override_file_is_a_rule_error(tmp_path: Path, text: str) -> None:
    with pytest.raises(RuleError):
        load_overrides(write_toml(tmp_path, text))


def test_missing_override_file_is_a_rule_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="nope.toml"):
        load_overrides(tmp_path / "nope.toml")


def test_non_numeric_limit_is_a_rule_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError):
        load_overrides(write_toml(tmp_path, '["/statuses/show/:id"]\nuser = "ten"\n'))


# ====================================================================== counters


def test_memory_counters_window_starts_at_the_first_request_and_resets() -> None:
    c = MemoryCounters()
    assert c.peek("k", 900, T0) == (0, T0 + 900)
    assert c.peek("k", 900, T0) == (0, T0 + 900)  # peeking counts nothing
    assert c.add("k", 900, T0) == (1, T0 + 900)
    assert c.add("k", 900, T0 + 100) == (2, T0 + 900)
    assert c.peek("k", 900, T0 + 899.9) == (2, T0 + 900)
    # the window has ended: a new one starts at the next request
    assert c.peek("k", 900, T0 + 900) == (0, T0 + 1800)
    assert c.add("k", 900, T0 + 1000) == (1, T0 + 1900)
    assert c.peek("k", 900, T0 + 1899) == (1, T0 + 1900)


def test_memory_counters_keys_are_independent() -> None:
    c = MemoryCounters()
    c.add("a", 60, T0)
    c.add("a", 60, T0)
    assert c.add("b", 60, T0 + 10) == (1, T0 + 70)
    assert c.peek("a", 60, T0 + 10) == (2, T0 + 60)


# ====================================================================== the limiter


def limiter(enforce: bool = True, table: dict[str, Resource] = RESOURCES) -> Limiter:
    return Limiter(table, MemoryCounters(), enforce=enforce)


def spend(lim: Limiter, path: str, actor: Actor, n: int, now: float = T0) -> None:
    for _ in range(n):
        lim.check(lim.windows(lim.table[path], actor), now)
        lim.charge(lim.windows(lim.table[path], actor), now)


def test_check_does_not_count_and_charge_does() -> None:
    lim = limiter()
    res, actor = RESOURCES["/statuses/home_timeline"], user_actor(APP1, 10)
    for _ in range(50):
        assert lim.check(lim.windows(res, actor), T0) == Status(15, 15, math.ceil(T0 + MIN15))
    assert lim.charge(lim.windows(res, actor), T0) == Status(15, 14, math.ceil(T0 + MIN15))
    assert lim.charge(lim.windows(res, actor), T0 + 1) == Status(15, 13, math.ceil(T0 + MIN15))
    assert lim.check(lim.windows(res, actor), T0 + 2) == Status(15, 13, math.ceil(T0 + MIN15))


def test_check_raises_88_with_headers_once_a_window_is_used_up() -> None:
    lim = limiter()
    res, actor = RESOURCES["/statuses/home_timeline"], user_actor(APP1, 10)
    spend(lim, "/statuses/home_timeline", actor, 14)
    lim.check(lim.windows(res, actor), T0)  # the 15th is still allowed
    lim.charge(lim.windows(res, actor), T0)
    with pytest.raises(RateLimitExceeded) as exc:
        lim.check(lim.windows(res, actor), T0 + 10)
    err = exc.value
    assert isinstance(err, TwitterError)
    assert (err.code, err.status, err.message) == (88, 429, "Rate limit exceeded")
    assert err.body() == {"errors": [{"code": 88, "message": "Rate limit exceeded"}]}
    assert err.headers == {
        "x-rate-limit-limit": "15",
        "x-rate-limit-remaining": "0",
        "x-rate-limit-reset": str(math.ceil(T0 + MIN15)),
    }
    # once the window is over the caller may go on
    assert lim.check(lim.windows(res, actor), T0 + MIN15).remaining == 15


def test_not_enforced_never_raises_but_still_reports() -> None:
    lim = limiter(enforce=False)
    res, actor = RESOURCES["/statuses/home_timeline"], user_actor(APP1, 10)
    spend(lim, "/statuses/home_timeline", actor, 40)
    assert lim.check(lim.windows(res, actor), T0) is None  # nothing to refuse, nothing read
    status = lim.charge(lim.windows(res, actor), T0)  # the headers come from the charge
    assert status == Status(15, 0, math.ceil(T0 + MIN15))
    assert status.headers() == {
        "x-rate-limit-limit": "15",
        "x-rate-limit-remaining": "0",
        "x-rate-limit-reset": str(math.ceil(T0 + MIN15)),
    }


def test_user_windows_are_per_user_and_per_app() -> None:
    lim = limiter()
    res = RESOURCES["/statuses/home_timeline"]
    alice_app1, alice_app2, bob_app1 = user_actor(APP1, 1), user_actor(APP2, 1), user_actor(APP1, 2)
    spend(lim, "/statuses/home_timeline", alice_app1, 15)
    with pytest.raises(RateLimitExceeded):
        lim.check(lim.windows(res, alice_app1), T0)
    assert (
        lim.check(lim.windows(res, alice_app2), T0).remaining == 15
    )  # another token: its own window
    assert lim.check(lim.windows(res, bob_app1), T0).remaining == 15


def test_app_only_uses_the_app_window_and_user_context_the_user_window() -> None:
    lim = limiter()
    res = RESOURCES["/search/tweets"]
    bearer = app_actor(APP1)
    assert lim.check(lim.windows(res, bearer), T0).limit == 450
    assert lim.check(lim.windows(res, user_actor(APP1, 5)), T0).limit == 180
    spend(lim, "/search/tweets", bearer, 450)
    with pytest.raises(RateLimitExceeded) as exc:
        lim.check(lim.windows(res, bearer), T0)
    assert exc.value.headers["x-rate-limit-limit"] == "450"
    # the App's users are not touched by the App's own app-only use
    assert lim.check(lim.windows(res, user_actor(APP1, 5)), T0).remaining == 180
    assert lim.check(lim.windows(res, app_actor(APP2)), T0).remaining == 450


def test_user_only_resource_has_no_window_for_app_only() -> None:
    lim = limiter()
    res = RESOURCES["/statuses/home_timeline"]
    assert lim.windows(res, app_actor(APP1)) == []
    assert lim.check(lim.windows(res, app_actor(APP1)), T0) is None
    assert lim.charge(lim.windows(res, app_actor(APP1)), T0) is None


def test_user_timeline_day_window_counts_both_auth_kinds() -> None:
    table = dict(RESOURCES)
    table["/statuses/user_timeline"] = Resource(
        "/statuses/user_timeline",
        (Window("user", 900), Window("app", 1500), Window("app_all", 4, DAY)),
    )
    lim = limiter(table=table)
    res = table["/statuses/user_timeline"]
    spend(lim, "/statuses/user_timeline", user_actor(APP1, 1), 2)
    spend(lim, "/statuses/user_timeline", app_actor(APP1), 1)
    status = lim.check(lim.windows(res, user_actor(APP1, 2)), T0)
    assert status == Status(4, 1, math.ceil(T0 + DAY))  # the tightest window decides
    spend(lim, "/statuses/user_timeline", user_actor(APP1, 3), 1)
    for actor in (user_actor(APP1, 4), app_actor(APP1)):
        with pytest.raises(RateLimitExceeded) as exc:
            lim.check(lim.windows(res, actor), T0)
        assert exc.value.headers["x-rate-limit-limit"] == "4"
    assert lim.check(lim.windows(res, app_actor(APP2)), T0).remaining == 4  # per App


def test_tweets_and_retweets_share_one_300_bucket() -> None:
    lim = limiter()
    actor = user_actor(APP1, 77)
    spend(lim, "/statuses/update", actor, 150)
    spend(lim, "/statuses/retweet/:id", actor, 150)
    for path in ("/statuses/update", "/statuses/retweet/:id", "/statuses/update_with_media"):
        with pytest.raises(RateLimitExceeded) as exc:
            lim.check(lim.windows(RESOURCES[path], actor), T0 + 60)
        assert exc.value.headers["x-rate-limit-limit"] == "300"
        assert exc.value.headers["x-rate-limit-reset"] == str(math.ceil(T0 + HOUR3))
    # the bucket is per user across Apps: the same user through another App is limited too
    with pytest.raises(RateLimitExceeded):
        lim.check(lim.windows(RESOURCES["/statuses/update"], user_actor(APP2, 77)), T0 + 60)
    # three hours after the first post the bucket is fresh again
    assert lim.check(lim.windows(RESOURCES["/statuses/update"], actor), T0 + HOUR3).remaining == 300


def test_the_299th_and_300th_post_are_allowed() -> None:
    lim = limiter()
    actor = user_actor(APP1, 78)
    spend(lim, "/statuses/update", actor, 299)
    assert lim.check(lim.windows(RESOURCES["/statuses/retweet/:id"], actor), T0).remaining == 1
    spend(lim, "/statuses/retweet/:id", actor, 1)
    with pytest.raises(RateLimitExceeded):
        lim.check(lim.windows(RESOURCES["/statuses/update"], actor), T0)


def test_posts_app_bucket_is_shared_by_every_user_of_the_app() -> None:
    lim = limiter()
    for user_id in range(100, 110):  # ten users, 30 posts each: the App's 300
        spend(lim, "/statuses/update", user_actor(APP1, user_id), 30)
    newcomer = user_actor(APP1, 999)
    with pytest.raises(RateLimitExceeded):
        lim.check(lim.windows(RESOURCES["/statuses/retweet/:id"], newcomer), T0)
    # the same newcomer through another App is fine: their own user bucket is empty
    assert (
        lim.check(lim.windows(RESOURCES["/statuses/update"], user_actor(APP2, 999)), T0).remaining
        == 300
    )


def test_likes_limit_is_1000_a_day() -> None:
    lim = limiter()
    actor = user_actor(APP1, 5)
    res = RESOURCES["/favorites/create"]
    spend(lim, "/favorites/create", actor, 1000, T0)
    with pytest.raises(RateLimitExceeded) as exc:
        lim.check(lim.windows(res, actor), T0 + HOUR3)
    assert exc.value.headers["x-rate-limit-reset"] == str(math.ceil(T0 + DAY))
    assert lim.check(lim.windows(res, actor), T0 + DAY).remaining == 1000


def test_report_groups_resources_by_family() -> None:
    lim = limiter()
    actor = user_actor(APP1, 1)
    spend(lim, "/statuses/show/:id", actor, 3)
    report = lim.report(actor, T0)
    assert report["statuses"]["/statuses/show/:id"] == {
        "limit": 900,
        "remaining": 897,
        "reset": math.ceil(T0 + MIN15),
    }
    assert report["search"]["/search/tweets"]["limit"] == 180
    assert report["statuses"]["/statuses/home_timeline"]["limit"] == 15
    for family, resources in report.items():
        for path in resources:
            assert RESOURCES[path].family == family
    # every resource with a 15-minute window of its own appears exactly once; the posting
    # counters (3 hours, a day) and v2 do not, as in Twitter's recorded answer
    listed = [path for resources in report.values() for path in resources]
    unlisted = {
        "/statuses/update",
        "/statuses/update_with_media",
        "/statuses/retweet/:id",
        "/favorites/create",
        "/2/tweets&POST",
        "/2/tweets/:id&DELETE",
        "/2/users/me",
    }
    assert sorted(listed) == sorted(set(RESOURCES) - unlisted)
    # a report charges nothing
    assert lim.report(actor, T0)["statuses"]["/statuses/show/:id"]["remaining"] == 897


def test_report_for_app_only_and_for_chosen_families() -> None:
    lim = limiter()
    bearer = app_actor(APP1)
    report = lim.report(bearer, T0, {"statuses", "search"})
    assert set(report) == {"statuses", "search"}
    assert report["search"]["/search/tweets"]["limit"] == 450
    assert report["statuses"]["/statuses/user_timeline"]["limit"] == 1500
    assert "/statuses/home_timeline" not in report["statuses"]  # user context only
