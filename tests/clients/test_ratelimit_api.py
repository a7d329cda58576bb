"""Rate limits over HTTP: headers, 429/88, failures not counted, overrides, rate_limit_status."""

from __future__ import annotations

from pathlib import Path

import pytest
import tweepy

from tests.support.cast import Cast, make_cast
from tests.support.clients import signed_session


@pytest.fixture
def limited(tmp_path: Path, server_factory) -> Cast:  # noqa: ANN001
    rules = tmp_path / "limits.toml"
    rules.write_text(
        '["/users/show/:id"]\nuser = 3\napp = 2\n["/account/verify_credentials"]\nuser = 2\n'
    )
    srv = server_factory("sqlite", rate_limits=str(rules))
    return make_cast(srv.runtime, srv.hostport)


def test_headers_count_down_and_429(limited: Cast) -> None:
    session = signed_session(
        limited.app.consumer_key,
        limited.app.consumer_secret,
        limited.plain.token.token,
        limited.plain.token.secret,
    )
    url = f"http://{limited.hostport}/1.1/users/show.json"
    seen = []
    for _ in range(3):
        r = session.get(url, params={"user_id": limited.owner.id})
        assert r.status_code == 200
        seen.append(int(r.headers["x-rate-limit-remaining"]))
        assert r.headers["x-rate-limit-limit"] == "3"
    assert seen == [2, 1, 0]
    over = session.get(url, params={"user_id": limited.owner.id})
    assert over.status_code == 429
    assert over.json() == {"errors": [{"code": 88, "message": "Rate limit exceeded"}]}
    assert over.headers["x-rate-limit-remaining"] == "0"
    reset = int(over.headers["x-rate-limit-reset"])
    assert reset > 0
    # another user has a window of their own
    other = signed_session(
        limited.app.consumer_key,
        limited.app.consumer_secret,
        limited.follower.token.token,
        limited.follower.token.secret,
    )
    assert other.get(url, params={"user_id": limited.owner.id}).status_code == 200


def test_failed_requests_do_not_count(limited: Cast) -> None:
    session = signed_session(
        limited.app.consumer_key,
        limited.app.consumer_secret,
        limited.plain.token.token,
        limited.plain.token.secret,
    )
    url = f"http://{limited.hostport}/1.1/users/show.json"
    for _ in range(5):
        assert session.get(url, params={"screen_name": "nobody_here_x"}).status_code == 404
    ok = session.get(url, params={"user_id": limited.owner.id})
    assert ok.headers["x-rate-limit-remaining"] == "2"


def test_app_only_window_is_separate(limited: Cast) -> None:
    api = limited.app_only()
    api.get_user(user_id=limited.owner.id)
    api.get_user(user_id=limited.owner.id)
    with pytest.raises(tweepy.TooManyRequests) as err:
        api.get_user(user_id=limited.owner.id)
    assert err.value.api_codes == [88]
    assert limited.plain.api.get_user(user_id=limited.owner.id).id == limited.owner.id


def test_rate_limit_status_reports_windows(limited: Cast) -> None:
    api = limited.plain.api
    api.verify_credentials()
    status = api.rate_limit_status()
    assert status["rate_limit_context"] == {"access_token": limited.plain.token.token}
    vc = status["resources"]["account"]["/account/verify_credentials"]
    assert vc["limit"] == 2 and vc["remaining"] == 1
    assert status["resources"]["statuses"]["/statuses/show/:id"]["limit"] == 900
    # as Twitter's recorded answer: GET families and media/upload, no Tweet-posting counters
    # (their limits are the shared 3-hour and daily counts), no v2 family
    reported = {p for family in status["resources"].values() for p in family}
    assert "/media/upload" in reported and "/oauth/invalidate_token" in reported
    assert not {"/statuses/update", "/statuses/retweet/:id", "/favorites/create"} & reported
    assert "2" not in status["resources"]
    only = api.rate_limit_status(resources="search,users")
    assert set(only["resources"]) == {"search", "users"}
    app_status = limited.app_only().rate_limit_status()
    assert app_status["rate_limit_context"] == {"application": limited.app.consumer_key}
    assert app_status["resources"]["search"]["/search/tweets"]["limit"] == 450


def test_off_never_429_but_sends_headers(server_factory) -> None:  # noqa: ANN001
    srv = server_factory("sqlite", rate_limits="off")
    cast = make_cast(srv.runtime, srv.hostport)
    session = signed_session(
        cast.app.consumer_key,
        cast.app.consumer_secret,
        cast.plain.token.token,
        cast.plain.token.secret,
    )
    for _ in range(80):
        r = session.get(srv.url + "/1.1/account/verify_credentials.json")
        assert r.status_code == 200
    assert r.headers["x-rate-limit-limit"] == "75"
    assert r.headers["x-rate-limit-remaining"] == "0"


def test_twitter_limits_by_default(cast: Cast) -> None:
    """verify_credentials is 75 per 15 minutes per user token, as Twitter reported."""
    member = cast.new_member("limits")
    session = signed_session(
        cast.app.consumer_key, cast.app.consumer_secret, member.token.token, member.token.secret
    )
    url = f"http://{cast.hostport}/1.1/account/verify_credentials.json"
    for _ in range(75):
        assert session.get(url).status_code == 200
    assert session.get(url).status_code == 429
