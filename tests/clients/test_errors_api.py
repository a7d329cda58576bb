"""Every failure answers Twitter's error body, never a framework page or a traceback."""

from __future__ import annotations

import logging

import pytest
import requests
from starlette.applications import Starlette

from roost.api.endpoint import Call, Endpoint
from roost.app import AppState, build_routes
from roost.runtime import Runtime
from tests.support.cast import Cast
from tests.support.clients import signed_session
from tests.support.server import LiveServer, serve_app


@pytest.mark.parametrize(
    "path", ["/1.1/nope.json", "/", "/1.1/statuses/show", "/1.1/account/verify_credentials"]
)
def test_unknown_route_is_34(server: LiveServer, path: str) -> None:
    r = requests.get(server.url + path)
    assert r.status_code == 404
    assert r.json() == {"errors": [{"code": 34, "message": "Sorry, that page does not exist."}]}
    assert r.headers["content-type"] == "application/json;charset=utf-8"


def test_wrong_method_is_86(cast: Cast, server: LiveServer) -> None:
    session = signed_session(
        cast.app.consumer_key,
        cast.app.consumer_secret,
        cast.plain.token.token,
        cast.plain.token.secret,
    )
    r = session.post(server.url + "/1.1/account/verify_credentials.json")
    assert r.status_code == 400
    assert r.json() == {"errors": [{"code": 86, "message": "This method requires a GET."}]}
    r = session.get(server.url + "/1.1/friendships/create.json")
    assert r.json()["errors"][0]["message"] == "This method requires a POST."


def test_every_response_has_a_request_id(server: LiveServer) -> None:
    first = requests.get(server.url + "/1.1/account/verify_credentials.json")
    second = requests.get(server.url + "/1.1/account/verify_credentials.json")
    assert first.headers["x-transaction"] != second.headers["x-transaction"]


def test_unexpected_fault_is_131_and_logged(
    runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(call: Call) -> None:
        raise RuntimeError("kaboom")

    state = AppState(runtime.settings, runtime)
    app = Starlette(routes=build_routes(state, [Endpoint("GET", "/boom", boom, auth="none")]))
    server, thread, port = serve_app(app)
    try:
        with caplog.at_level(logging.ERROR, logger="roost.api"):
            r = requests.get(f"http://127.0.0.1:{port}/boom")
    finally:
        server.should_exit = True
        thread.join(5)
    assert r.status_code == 500
    assert r.json() == {"errors": [{"code": 131, "message": "Internal error."}]}
    assert "kaboom" not in r.text
    assert any(r.headers["x-transaction"] in rec.getMessage() for rec in caplog.records)


def test_garbage_is_never_a_500(cast: Cast, server: LiveServer) -> None:
    session = signed_session(
        cast.app.consumer_key,
        cast.app.consumer_secret,
        cast.plain.token.token,
        cast.plain.token.secret,
    )
    for params in (
        {"user_id": "9" * 40},
        {"user_id": "-1"},
        {"screen_name": "\u0000\ufffe"},
        {"user_id": "%ff"},
        {"cursor": "x", "user_id": cast.owner.id},
    ):
        r = session.get(server.url + "/1.1/users/show.json", params=params)
        assert r.status_code < 500, (params, r.text)
        assert "errors" in r.json() or "id" in r.json()
    header = (
        f'OAuth oauth_consumer_key="{cast.app.consumer_key}", oauth_token="{cast.plain.token.token}", oauth_nonce="n1", '
        'oauth_timestamp="1", oauth_signature_method="HMAC-SHA1", oauth_signature="x%3D"'
    )
    r = requests.post(
        server.url + "/1.1/account/settings.json",
        data=b"\xff\xfe=\x00",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Authorization": header},
    )
    assert r.status_code == 401 and r.json()["errors"][0]["code"] == 32


# What a bad-input sweep of every route found answering 500 (each case below did): ids and
# cursors past 64 bits or past CPython's 4,300-digit conversion limit, path ids past 2^63, an
# app-only caller without a user, OAuth headers whose values decode to no key, and a profile
# URL no parser reads.
_HUGE = "9" * 5000
_PAST_INT64 = str(1 << 63)


@pytest.mark.parametrize(
    ("method", "path", "params", "code"),
    [
        ("GET", "/1.1/users/show.json", {"user_id": _HUGE}, 44),
        ("GET", "/1.1/users/lookup.json", {"user_id": f"1,{_HUGE}"}, 44),
        ("GET", "/1.1/statuses/lookup.json", {"id": _HUGE}, 44),
        ("GET", f"/1.1/statuses/show/{_HUGE}.json", {}, 44),
        ("GET", f"/1.1/statuses/show/{_PAST_INT64}.json", {}, 44),
        ("GET", "/1.1/statuses/show.json", {"id": _PAST_INT64}, 44),
        ("POST", f"/1.1/statuses/retweet/{_PAST_INT64}.json", {}, 44),
        ("POST", f"/1.1/statuses/destroy/{_PAST_INT64}.json", {}, 44),
        ("GET", f"/1.1/statuses/retweets/{'9' * 19}.json", {}, 44),
        ("GET", "/1.1/collections/show.json", {"id": f"custom-{_HUGE}"}, 44),
        ("GET", "/1.1/followers/ids.json", {"cursor": _PAST_INT64}, 44),
        ("GET", "/1.1/friends/list.json", {"cursor": "-" + "9" * 23}, 44),
        ("GET", "/1.1/collections/list.json", {"cursor": _HUGE}, 44),
    ],
)
def test_ids_past_64_bits_are_44_not_500(
    cast: Cast, server: LiveServer, method: str, path: str, params: dict[str, str], code: int
) -> None:
    params = {"screen_name": cast.plain.user.screen_name, **params}
    r = cast.session().request(method, server.url + path, params=params)
    assert r.status_code == 400, r.text
    assert r.json()["errors"][0]["code"] == code


def test_media_status_and_stream_follow_refuse_huge_ids(cast: Cast, server: LiveServer) -> None:
    session = cast.session()
    r = session.get(
        server.url + "/1.1/media/upload.json", params={"command": "STATUS", "media_id": _HUGE}
    )
    assert 400 <= r.status_code < 500, r.text
    r = session.post(
        server.url + "/1.1/statuses/filter.json", data={"follow": _HUGE}, stream=True, timeout=10
    )
    assert r.status_code == 406
    r.close()


def test_v2_delete_past_int64_is_a_problem_400(cast: Cast, server: LiveServer) -> None:
    r = cast.session().delete(server.url + f"/2/tweets/{'9' * 19}")
    assert r.status_code == 400, r.text
    assert r.json()["title"] == "Invalid Request"


def test_app_only_favorites_list_without_a_user_is_50(cast: Cast, server: LiveServer) -> None:
    r = requests.get(
        server.url + "/1.1/favorites/list.json",
        params={"count": "5"},
        headers={"Authorization": f"Bearer {cast.bearer}"},
    )
    assert r.status_code == 404, r.text
    assert r.json() == {"errors": [{"code": 50, "message": "User not found."}]}


@pytest.mark.parametrize(
    "fields",
    [
        'oauth_consumer_key="%ff", oauth_signature="%ff", oauth_nonce="%ff", oauth_timestamp="1"',
        'oauth_consumer_key="{key}", oauth_token="%ff", oauth_signature="x", oauth_nonce="n",'
        ' oauth_timestamp="1"',
        'oauth_consumer_key="{key}", oauth_signature="x", oauth_nonce="n", oauth_timestamp="²"',
        f'oauth_consumer_key="{{key}}", oauth_signature="x", oauth_nonce="n",'
        f' oauth_timestamp="{_HUGE}"',
    ],
)
def test_undecodable_oauth_values_are_32(cast: Cast, server: LiveServer, fields: str) -> None:
    header = "OAuth " + fields.replace("{key}", cast.app.consumer_key)
    r = requests.get(
        server.url + "/1.1/account/verify_credentials.json",
        headers={"Authorization": header.encode("utf-8")},  # type: ignore[dict-item]
    )
    assert r.status_code == 401, r.text
    assert r.json()["errors"][0]["code"] == 32


@pytest.mark.parametrize("url", ["http://[::1", "http://]", "http://[x]", "[::1"])
def test_a_profile_url_no_parser_reads_is_refused_and_not_saved(
    cast: Cast, server: LiveServer, url: str
) -> None:
    member = cast.new_member("purl")
    session = cast.session(member)
    r = session.post(server.url + "/1.1/account/update_profile.json", data={"url": url})
    assert r.status_code == 400, r.text
    assert r.json() == {"errors": [{"code": 44, "message": "url parameter is invalid."}]}
    shown = cast.session().get(server.url + "/1.1/users/show.json", params={"user_id": member.id})
    assert shown.status_code == 200 and shown.json()["url"] is None
