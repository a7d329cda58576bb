"""Authentication over real HTTP: OAuth 1.0a (tweepy, requests-oauthlib), bearer tokens, Basic."""

from __future__ import annotations

import base64
import time

import pytest
import requests
import tweepy

from roost.services import apps
from tests.support.cast import Cast
from tests.support.clients import signed_session, tweepy_api
from tests.support.server import LiveServer

VERIFY = "/1.1/account/verify_credentials.json"


def _codes(exc: tweepy.HTTPException) -> list[int]:
    return list(exc.api_codes)


def test_no_credentials_is_bad_authentication_data(server: LiveServer) -> None:
    r = requests.get(server.url + VERIFY)
    assert r.status_code == 400
    assert r.json() == {"errors": [{"code": 215, "message": "Bad Authentication data."}]}
    assert r.headers["content-type"] == "application/json;charset=utf-8"


def test_wrong_consumer_secret_cannot_authenticate(cast: Cast) -> None:
    api = tweepy_api(
        cast.hostport,
        cast.app.consumer_key,
        "not-the-secret",
        cast.plain.token.token,
        cast.plain.token.secret,
    )
    with pytest.raises(tweepy.Unauthorized) as err:
        api.verify_credentials()
    assert _codes(err.value) == [32]


def test_wrong_token_secret_cannot_authenticate(cast: Cast) -> None:
    api = tweepy_api(
        cast.hostport,
        cast.app.consumer_key,
        cast.app.consumer_secret,
        cast.plain.token.token,
        "wrong",
    )
    with pytest.raises(tweepy.Unauthorized) as err:
        api.verify_credentials()
    assert _codes(err.value) == [32]


def test_unknown_consumer_key(cast: Cast) -> None:
    api = tweepy_api(cast.hostport, "nosuchkey", "x", cast.plain.token.token, "y")
    with pytest.raises(tweepy.Unauthorized) as err:
        api.verify_credentials()
    assert _codes(err.value) == [32]


def test_unknown_token_is_invalid_or_expired(cast: Cast) -> None:
    api = tweepy_api(
        cast.hostport,
        cast.app.consumer_key,
        cast.app.consumer_secret,
        f"{cast.plain.id}-doesnotexist",
        "y",
    )
    with pytest.raises(tweepy.Unauthorized) as err:
        api.verify_credentials()
    assert err.value.api_messages == ["Invalid or expired token."]
    assert _codes(err.value) == [89]


def test_token_of_another_app_is_refused(cast: Cast) -> None:
    other, _ = apps.create_app(cast.rt, "Other App")
    foreign = apps.create_access_token(cast.rt, other, cast.plain.id)
    api = tweepy_api(
        cast.hostport,
        cast.app.consumer_key,
        cast.app.consumer_secret,
        foreign.token,
        foreign.secret,
    )
    with pytest.raises(tweepy.Unauthorized) as err:
        api.verify_credentials()
    assert _codes(err.value) == [89]


def test_timestamp_out_of_window(cast: Cast, server: LiveServer) -> None:
    session = signed_session(
        cast.app.consumer_key,
        cast.app.consumer_secret,
        cast.plain.token.token,
        cast.plain.token.secret,
        timestamp=str(int(time.time()) - 3600),
    )
    r = session.get(server.url + VERIFY)
    assert r.status_code == 401
    assert r.json()["errors"][0]["code"] == 135
    assert r.json()["errors"][0]["message"] == "Timestamp out of bounds."


def test_replayed_nonce_is_refused(cast: Cast, server: LiveServer) -> None:
    session = signed_session(
        cast.app.consumer_key,
        cast.app.consumer_secret,
        cast.plain.token.token,
        cast.plain.token.secret,
        nonce="samenonce1234567890",
        timestamp=str(int(time.time())),
    )
    assert session.get(server.url + VERIFY).status_code == 200
    again = session.get(server.url + VERIFY)
    assert again.status_code == 401
    assert again.json()["errors"][0]["code"] == 32


def test_malformed_oauth_header(server: LiveServer) -> None:
    r = requests.get(server.url + VERIFY, headers={"Authorization": "OAuth garbage"})
    assert r.status_code == 401
    assert r.json()["errors"][0]["code"] == 32


def test_form_body_parameters_are_signed(cast: Cast, server: LiveServer) -> None:
    """twarc's way: POST form-encoded; the body is part of the signature."""
    session = signed_session(
        cast.app.consumer_key,
        cast.app.consumer_secret,
        cast.plain.token.token,
        cast.plain.token.secret,
    )
    r = session.post(server.url + "/1.1/account/settings.json", data={"geo_enabled": "true"})
    assert r.status_code == 200, r.text
    assert r.json()["geo_enabled"] is True
    # Tampering with the body after signing breaks the signature.
    req = requests.Request(
        "POST",
        server.url + "/1.1/account/settings.json",
        data={"geo_enabled": "false"},
        auth=session.auth,
    ).prepare()
    req.body = "geo_enabled=true"
    req.headers["Content-Length"] = str(len(req.body))
    tampered = requests.Session().send(req)
    assert tampered.status_code == 401
    assert tampered.json()["errors"][0]["code"] == 32


def test_json_body_is_not_signed(cast: Cast, server: LiveServer) -> None:
    """A JSON body is outside the OAuth signature (the seeds' collections note)."""
    session = signed_session(
        cast.app.consumer_key,
        cast.app.consumer_secret,
        cast.plain.token.token,
        cast.plain.token.secret,
    )
    req = requests.Request(
        "POST", server.url + "/1.1/account/settings.json", auth=session.auth
    ).prepare()
    req.body = b'{"anything": "at all"}'
    req.headers["Content-Type"] = "application/json"
    req.headers["Content-Length"] = str(len(req.body))
    assert requests.Session().send(req).status_code == 200


def _redirected(cast: Cast, server: LiveServer, signed_base: str) -> requests.Session:
    """The plain user's signed session whose requests to ``signed_base`` land on Roost (what a
    hosts entry or a test adapter does to a client that signs for Twitter's own host)."""

    class ToRoost(requests.adapters.HTTPAdapter):
        def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
            request.url = request.url.replace(signed_base, server.url, 1)
            return super().send(request, **kwargs)

    session = cast.session()
    session.mount("https://", ToRoost())
    return session


def test_signed_for_api_twitter_com_is_accepted(cast: Cast, server: LiveServer) -> None:
    """A client signing for https://api.twitter.com whose requests are redirected to Roost."""
    session = _redirected(cast, server, "https://api.twitter.com")
    r = session.get("https://api.twitter.com" + VERIFY + "?include_entities=true")
    assert r.status_code == 200, r.text
    assert r.json()["id_str"] == str(cast.plain.id)


def test_signed_for_another_host_is_refused(cast: Cast, server: LiveServer) -> None:
    session = _redirected(cast, server, "https://elsewhere.example")
    assert session.get("https://elsewhere.example" + VERIFY).status_code == 401


@pytest.mark.parametrize("backend", ["sqlite"])
def test_public_url_and_proxy_headers(backend: str, server_factory) -> None:  # noqa: ANN001
    from tests.support.cast import make_cast

    srv = server_factory(backend, public_url="https://api.roost.example", proxy_headers=True)
    cast = make_cast(srv.runtime, srv.hostport)
    auth = signed_session(
        cast.app.consumer_key,
        cast.app.consumer_secret,
        cast.plain.token.token,
        cast.plain.token.secret,
    ).auth

    def send_signed_for(signed_url: str, headers: dict[str, str] | None = None) -> int:
        req = requests.Request("GET", signed_url, auth=auth).prepare()
        req.url = srv.url + VERIFY
        req.headers.update(headers or {})
        return requests.Session().send(req).status_code

    assert send_signed_for("https://api.roost.example" + VERIFY) == 200
    assert send_signed_for("https://upload.roost.example" + VERIFY) == 200
    assert (
        send_signed_for(
            "https://proxy.example:8443" + VERIFY,
            {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "proxy.example:8443"},
        )
        == 200
    )
    assert send_signed_for("https://other.example" + VERIFY) == 401


@pytest.mark.parametrize("backend", ["sqlite"])
def test_forwarded_headers_ignored_without_proxy_headers(
    backend: str, server: LiveServer, cast: Cast
) -> None:
    auth = signed_session(
        cast.app.consumer_key,
        cast.app.consumer_secret,
        cast.plain.token.token,
        cast.plain.token.secret,
    ).auth
    req = requests.Request("GET", "https://proxy.example" + VERIFY, auth=auth).prepare()
    req.url = server.url + VERIFY
    req.headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-Host": "proxy.example"})
    assert requests.Session().send(req).status_code == 401


def _basic(key: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{key}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def test_app_only_flow(cast: Cast, server: LiveServer) -> None:
    headers = _basic(cast.app.consumer_key, cast.app.consumer_secret)
    r = requests.post(
        server.url + "/oauth2/token", data={"grant_type": "client_credentials"}, headers=headers
    )
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer"
    token = body["access_token"]
    assert token == cast.bearer  # the App's current token until it is invalidated

    app_only = cast.app_only()
    assert app_only.get_user(user_id=cast.plain.id).screen_name == cast.plain.user.screen_name
    with pytest.raises(tweepy.Forbidden) as err:
        app_only.verify_credentials()
    assert _codes(err.value) == [220]

    inv = requests.post(
        server.url + "/oauth2/invalidate_token", data={"access_token": token}, headers=headers
    )
    assert inv.status_code == 200 and inv.json() == {"access_token": token}
    with pytest.raises(tweepy.Unauthorized) as err:
        app_only.get_user(user_id=cast.plain.id)
    assert _codes(err.value) == [89]
    fresh = requests.post(
        server.url + "/oauth2/token", data={"grant_type": "client_credentials"}, headers=headers
    ).json()["access_token"]
    assert fresh != token


def test_oauth2_token_bad_credentials(cast: Cast, server: LiveServer) -> None:
    r = requests.post(
        server.url + "/oauth2/token",
        data={"grant_type": "client_credentials"},
        headers=_basic(cast.app.consumer_key, "wrong"),
    )
    assert r.status_code == 403
    assert r.json() == {
        "errors": [
            {
                "code": 99,
                "label": "authenticity_token_error",
                "message": "Unable to verify your credentials",
            }
        ]
    }
    missing = requests.post(
        server.url + "/oauth2/token",
        headers=_basic(cast.app.consumer_key, cast.app.consumer_secret),
    )
    assert missing.status_code == 403
    assert missing.json()["errors"][0]["code"] == 170


def test_invalidate_user_access_token(cast: Cast, server: LiveServer) -> None:
    member = cast.new_member("revoke")
    session = cast.session(member)
    r = session.post(server.url + "/1.1/oauth/invalidate_token.json")
    assert r.status_code == 200
    assert r.json() == {"access_token": member.token.token}
    with pytest.raises(tweepy.Unauthorized) as err:
        member.api.verify_credentials()
    assert _codes(err.value) == [89]


def test_cli_created_token_works_without_restart(cast: Cast) -> None:
    """A token written by another process (here: the test's own runtime) works at once."""
    member = cast.new_member("fresh")
    assert member.api.verify_credentials().id == member.id


def test_read_only_app_cannot_write(cast: Cast) -> None:
    ro_app, _ = apps.create_app(cast.rt, "Read Only", read_only=True)
    token = apps.create_access_token(cast.rt, ro_app, cast.plain.id)
    api = tweepy_api(
        cast.hostport, ro_app.consumer_key, ro_app.consumer_secret, token.token, token.secret
    )
    assert api.verify_credentials().id == cast.plain.id  # reads are fine
    with pytest.raises(tweepy.Unauthorized) as err:
        api.create_friendship(user_id=cast.owner.id)
    assert _codes(err.value) == [261]
    assert err.value.api_messages == ["Application cannot perform write actions."]


def test_read_only_token_cannot_write(cast: Cast) -> None:
    member = cast.member(cast.plain.user, read_only=True)
    with pytest.raises(tweepy.Unauthorized) as err:
        member.api.create_friendship(user_id=cast.owner.id)
    assert _codes(err.value) == [261]
