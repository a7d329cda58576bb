"""Withheld Tweets and accounts in REST objects (``roost withhold``, another process), through
tweepy on both stores: the Tweet data dictionary's ``withheld_in_countries``,
``withheld_scope`` and ``withheld_copyright``, the User's ``withheld_in_countries`` and
``withheld_scope``, v2's ``withheld``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tests.support.cast import Cast
from tests.support.server import LiveServer, roost_cli

WITHHELD_KEYS = ["withheld_in_countries", "withheld_scope"]


def eventually(read: Callable[[], dict[str, Any]], done: Callable[[dict[str, Any]], bool]) -> Any:
    """``read()`` once ``done`` holds of it: another process's write reaches a server's row
    cache within its TTL (1 s; sooner through the outbox poll)."""
    deadline = time.monotonic() + 10
    while True:
        got = read()
        if done(got) or time.monotonic() > deadline:
            return got
        time.sleep(0.1)


def test_a_withheld_tweet_carries_its_countries_and_scope(cast: Cast, server: LiveServer) -> None:
    author = cast.new_member("whs")
    posted = author.api.update_status(status=f"withheld here {author.id}")
    other = author.api.update_status(status=f"not withheld {author.id}")
    out = roost_cli(server, "withhold", "status", str(posted.id), "--countries", "de,AR")
    assert out["withheld_in_countries"] == ["DE", "AR"]

    shown = eventually(
        lambda: cast.plain.api.get_status(posted.id)._json, lambda j: "withheld_scope" in j
    )
    assert shown["withheld_in_countries"] == ["DE", "AR"]
    assert shown["withheld_scope"] == "status"
    assert "withheld_copyright" not in shown  # only a DMCA withholding says so
    assert list(shown)[-2:] == WITHHELD_KEYS  # after lang, as the data dictionary lists them
    assert shown["user"]["withheld_in_countries"] == []  # the account is not withheld
    assert "withheld_scope" not in shown["user"]
    looked = cast.plain.api.lookup_statuses([posted.id, other.id])
    by_id = {s.id: s._json for s in looked}
    assert by_id[posted.id]["withheld_in_countries"] == ["DE", "AR"]
    assert "withheld_in_countries" not in by_id[other.id]
    timeline = {s.id: s._json for s in cast.plain.api.user_timeline(user_id=author.id)}
    assert timeline[posted.id]["withheld_scope"] == "status"

    roost_cli(server, "withhold", "status", str(posted.id), "--countries", "XY")  # DMCA
    dmca = eventually(
        lambda: cast.plain.api.get_status(posted.id)._json,
        lambda j: j.get("withheld_in_countries") == ["XY"],
    )
    assert dmca["withheld_copyright"] is True
    assert list(dmca)[-3:] == ["withheld_copyright", *WITHHELD_KEYS]

    roost_cli(server, "withhold", "status", str(posted.id), "--countries", "")  # lifted
    lifted = eventually(
        lambda: cast.plain.api.get_status(posted.id)._json,
        lambda j: "withheld_scope" not in j,
    )
    assert not {"withheld_in_countries", "withheld_scope", "withheld_copyright"} & set(lifted)


def test_a_withheld_account_and_its_tweets(cast: Cast, server: LiveServer) -> None:
    author = cast.new_member("whu")
    posted = author.api.update_status(status=f"by a withheld account {author.id}")
    roost_cli(server, "withhold", "user", author.user.screen_name, "--countries", "FR")

    shown = eventually(
        lambda: cast.plain.api.get_user(user_id=author.id)._json,
        lambda j: "withheld_scope" in j,
    )
    assert shown["withheld_in_countries"] == ["FR"]
    assert shown["withheld_scope"] == "user"
    assert list(shown)[-2:] == WITHHELD_KEYS
    looked = cast.plain.api.lookup_users(user_id=[author.id])[0]._json
    assert looked["withheld_in_countries"] == ["FR"]

    tweet = cast.plain.api.get_status(posted.id)._json
    assert tweet["withheld_in_countries"] == ["FR"]
    assert tweet["withheld_scope"] == "user"  # withheld because its account is
    assert tweet["user"]["withheld_in_countries"] == ["FR"]
    assert list(tweet["user"])[-2:] == WITHHELD_KEYS

    me = cast.session(author).get(f"{server.url}/2/users/me", params={"user.fields": "withheld"})
    assert me.status_code == 200, me.text
    assert me.json()["data"]["withheld"] == {"country_codes": ["FR"], "scope": "user"}

    roost_cli(server, "withhold", "user", author.user.screen_name, "--countries", "")
    lifted = eventually(
        lambda: cast.plain.api.get_status(posted.id)._json,
        lambda j: "withheld_scope" not in j,
    )
    assert lifted["user"]["withheld_in_countries"] == []
    assert "withheld_scope" not in cast.plain.api.get_user(user_id=author.id)._json
    plain_me = cast.session(author).get(
        f"{server.url}/2/users/me", params={"user.fields": "withheld"}
    )
    assert "withheld" not in plain_me.json()["data"]
