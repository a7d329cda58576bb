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
