"""OAuth 2.0 Authorization Code with PKCE over real HTTP, on both stores: tweepy's
``OAuth2UserHandler`` unchanged against the consent page and the token endpoints, then its
user access token on the v2 endpoints (scopes enforced, revocation, expiry), the token
endpoint's refusals as Twitter worded them, and the consent page's own rules."""

from __future__ import annotations

import base64
import hashlib
import itertools
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import tweepy
from oauthlib.oauth2.rfc6749 import errors as oauth_errors

from roost.domain.model import App, OAuth2Token, User
from roost.services import apps, oauth2_flow, sessions, users
from tests.support.cast import Cast, unique_name
from tests.support.clients import oauth2_user_handler, tweepy_client
from tests.support.forms import element_ids, form_with_id, submit
from tests.support.server import LiveServer

BROWSER = {"accept": "text/html"}
PASSWORD = "correct horse battery"
REDIRECT = "https://client.example/callback"
TOKEN_URL = "https://api.twitter.com/2/oauth2/token"
FORM = "oauth2_authorize_form"
MANAGE = ["tweet.read", "tweet.write", "users.read", "offline.access"]
UNAUTHORIZED = {
    "title": "Unauthorized",
    "type": "about:blank",
    "status": 401,
    "detail": "Unauthorized",
}
FORBIDDEN = {"title": "Forbidden", "type": "about:blank", "status": 403, "detail": "Forbidden"}
_serial = itertools.count(1)


def oauth_app(server: LiveServer, client_type: str = "confidential", **kw: Any) -> App:
    app, _ = apps.create_app(
        server.runtime,
        f"OAuth2 App {next(_serial)}",
        website="https://client.example/",
        callback_urls=(REDIRECT, "https://client.example/other"),
        client_type=client_type,
        **kw,
    )
    return app


def person(server: LiveServer) -> User:
    return users.create_user(server.runtime, unique_name("o2u"), password=PASSWORD)


def signin(user: User) -> dict[str, str]:
    return {"session[username_or_email]": user.screen_name, "session[password]": PASSWORD}


def basic(app: App) -> tuple[str, str]:
    assert app.client_secret is not None
    return (app.client_id, app.client_secret)


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def authorize_path(app: App, **overrides: str | None) -> str:
    query = {
        "response_type": "code",
        "client_id": app.client_id,
        "redirect_uri": REDIRECT,
        "scope": "tweet.read users.read",
        "state": "state-" + secrets.token_hex(4),
        "code_challenge": "challenge",
        "code_challenge_method": "plain",
        **overrides,
    }
    return "/i/oauth2/authorize?" + requests.compat.urlencode(
        {k: v for k, v in query.items() if v is not None}
    )


def query_of(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def consent(
    server: LiveServer, path: str, user: User, button: str = "allow", **values: str
) -> requests.Response:
    """A browser without JavaScript: open the page, sign in on it and press ``button``."""
    browser = requests.Session()
    page = browser.get(server.url + path, headers=BROWSER, timeout=10)
    assert page.status_code == 200, page.text
    form = form_with_id(page.text, FORM)
    fields = signin(user) if button == "allow" else {}
    return submit(browser, page, form, button, **{**fields, **values})


def approve(server: LiveServer, app: App, user: User, **overrides: str | None) -> str:
    """The code of an approved request (the redirect's state checked)."""
    path = authorize_path(app, **overrides)
    r = consent(server, path, user)
    assert r.status_code == 302, r.text
    location = r.headers["location"]
    assert location.startswith(REDIRECT + "?state=")
    got = query_of(location)
    assert got["state"] == query_of(path)["state"]
    return got["code"]


def post_token(
    server: LiveServer, app: App, data: dict[str, str], auth: Any = "basic", **kw: Any
) -> requests.Response:
    if auth == "basic":
        auth = basic(app) if app.client_type == "confidential" else None
    return requests.post(f"{server.url}/2/oauth2/token", data=data, auth=auth, timeout=10, **kw)


def exchange(
    server: LiveServer, app: App, code: str, verifier: str = "challenge", **kw: Any
) -> requests.Response:
    data = {
        "code": code,
        "grant_type": "authorization_code",
        "client_id": app.client_id,
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
    }
    return post_token(server, app, data, **kw)


def refused(r: requests.Response, status: int, error: str, description: str | None = None) -> None:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"] == error, body
    assert set(body) == {"error", "error_description"}
    if description is not None:
        assert body["error_description"] == description
    assert r.headers["cache-control"] == "no-store"


def bearer_post(server: LiveServer, token: str, text: str) -> requests.Response:
    return requests.post(
        f"{server.url}/2/tweets",
        json={"text": text},
        headers={"authorization": f"Bearer {token}"},
        timeout=10,
    )


def problem(r: requests.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = r.json()
    return body


@dataclass
class Granted:
    app: App
    user: User
    token: dict[str, Any]


def granted(
    server: LiveServer, scope: str = "tweet.read tweet.write users.read offline.access"
) -> Granted:
    app = oauth_app(server, "public")
    user = person(server)
    code = approve(server, app, user, scope=scope)
    r = exchange(server, app, code)
    assert r.status_code == 200, r.text
    return Granted(app, user, r.json())


# ------------------------------------------------------------------------------ tweepy


@pytest.mark.parametrize("client_type", ["confidential", "public"])
def test_tweepy_oauth2_user_handler_then_client_posts_and_refreshes(
    server: LiveServer, cast: Cast, client_type: str
) -> None:
    app = oauth_app(server, client_type)
    user = person(server)
    handler = oauth2_user_handler(
        server.url,
        app.client_id,
        REDIRECT,
        MANAGE,
        client_secret=app.client_secret if client_type == "confidential" else None,
    )
    url = handler.get_authorization_url()
    assert url.startswith("https://twitter.com/i/oauth2/authorize?")
    assert "code_challenge_method=S256" in url
    r = consent(server, url.removeprefix("https://twitter.com"), user)
    assert r.status_code == 302, r.text
    token = handler.fetch_token(r.headers["location"])
    assert token["token_type"] == "bearer" and token["expires_in"] == 7200
    assert set(token["scope"]) == set(MANAGE)  # echoed: no "Scope has changed"
    assert token["refresh_token"] and token["access_token"] != token["refresh_token"]

    client = tweepy_client(server.url, bearer=token["access_token"])
    text = f"Posted with OAuth 2.0 #{next(_serial)}"
    created = client.create_tweet(text=text, user_auth=False).data
    assert created["text"] == text and created["edit_history_tweet_ids"] == [created["id"]]
    shown = cast.plain.api.user_timeline(user_id=user.id)
    assert [s.id for s in shown] == [int(created["id"])]
    # The App's source label, as with OAuth 1.0a (tweepy parses the v1.1 ``source`` link).
    assert (shown[0].source, shown[0].source_url) == (app.name, "https://client.example/")
    assert client.delete_tweet(created["id"], user_auth=False).data == {"deleted": True}
    assert cast.plain.api.user_timeline(user_id=user.id) == []

    # Refresh rotates: a new pair; the old refresh token and the old access token are dead.
    old = dict(token)
    new = handler.refresh_token(
        TOKEN_URL, refresh_token=old["refresh_token"], client_id=app.client_id
    )
    assert new["access_token"] != old["access_token"]
    assert new["refresh_token"] != old["refresh_token"]
    assert set(new["scope"]) == set(MANAGE) and new["expires_in"] == 7200
    with pytest.raises(oauth_errors.OAuth2Error) as err:
        handler.refresh_token(
            TOKEN_URL, refresh_token=old["refresh_token"], client_id=app.client_id
        )
    assert err.value.error == "invalid_request"
    assert err.value.description == "Value passed for the token was invalid."
    again = post_token(
        server,
        app,
        {
            "grant_type": "refresh_token",
            "refresh_token": old["refresh_token"],
            "client_id": app.client_id,
        },
    )
    refused(again, 400, "invalid_request", "Value passed for the token was invalid.")
    with pytest.raises(tweepy.Unauthorized):
        client.create_tweet(text=text + " again", user_auth=False)
    fresh = tweepy_client(server.url, bearer=new["access_token"])
    assert fresh.create_tweet(text=text + " again", user_auth=False).data["id"]


# ------------------------------------------------------------------- the token endpoint


def test_confidential_client_must_authenticate_with_basic(server: LiveServer) -> None:
    app = oauth_app(server)
    user = person(server)
    code = approve(server, app, user)
    missing = exchange(server, app, code, auth=None)
    refused(missing, 401, "unauthorized_client", "Missing valid authorization header")
    assert missing.headers["www-authenticate"].startswith("Basic")
    wrong = exchange(server, app, code, auth=(app.client_id, "not-the-secret"))
    refused(wrong, 401, "unauthorized_client", "Missing valid authorization header")
    # The code was not spent by the refusals: the client was not who it said.
    r = exchange(server, app, code)
    assert r.status_code == 200, r.text
    # client_id goes in the parameters even beside Basic (Twitter's rule).
    code = approve(server, app, user)
    data = {"code": code, "grant_type": "authorization_code", "redirect_uri": REDIRECT}
    refused(
        post_token(server, app, {**data, "code_verifier": "challenge"}),
        400,
        "invalid_request",
        "Missing required parameter [client_id].",
    )
    unknown = post_token(server, app, {**data, "client_id": "nosuchclient"}, auth=None)
    refused(unknown, 401, "invalid_client")


def test_public_client_needs_only_its_client_id(server: LiveServer) -> None:
    app = oauth_app(server, "public")
    assert app.client_secret is None
    code = approve(server, app, person(server))
    r = exchange(server, app, code, auth=None)
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    assert set(r.json()) == {"token_type", "expires_in", "access_token", "scope"}


@pytest.mark.parametrize("method", ["S256", "s256", "plain", None])
def test_pkce_methods(server: LiveServer, method: str | None) -> None:
    app = oauth_app(server)
    verifier = secrets.token_urlsafe(48)
    challenge = verifier if method in ("plain", None) else s256(verifier)
    code = approve(
        server, app, person(server), code_challenge=challenge, code_challenge_method=method
    )
    refused(
        exchange(server, app, code, verifier=verifier + "x"),
        400,
        "invalid_request",
        "Value passed for the code verifier did not match the code challenge.",
    )
    code = approve(
        server, app, person(server), code_challenge=challenge, code_challenge_method=method
    )
    r = exchange(server, app, code, verifier=verifier)
    assert r.status_code == 200, r.text


def test_a_code_is_single_use_and_bound_to_its_client_and_redirect_uri(server: LiveServer) -> None:
    app, other = oauth_app(server), oauth_app(server)
    user = person(server)
    invalid = "Value passed for the authorization code was invalid."
    code = approve(server, app, user)
    assert exchange(server, app, code).status_code == 200
    refused(exchange(server, app, code), 400, "invalid_request", invalid)
    # Another client's code.
    code = approve(server, app, user)
    refused(exchange(server, other, code), 400, "invalid_request", invalid)
    # Another redirect_uri (registered, but not the one the code was issued for).
    code = approve(server, app, user)
    data = {
        "code": code,
        "grant_type": "authorization_code",
        "client_id": app.client_id,
        "redirect_uri": "https://client.example/other",
        "code_verifier": "challenge",
    }
    refused(post_token(server, app, data), 400, "invalid_request")
    refused(exchange(server, app, code), 400, "invalid_request", invalid)  # spent by the try
    refused(exchange(server, app, "no-such-code"), 400, "invalid_request", invalid)


def test_an_expired_code_is_refused(server: LiveServer) -> None:
    app = oauth_app(server)
    code = approve(server, app, person(server))
    rt = server.runtime
    real = rt.clock_ms
    rt.clock_ms = lambda: real() + oauth2_flow.CODE_LIFETIME_MS + 1000  # type: ignore[method-assign]
    try:
        r = exchange(server, app, code)
    finally:
        rt.clock_ms = real  # type: ignore[method-assign]
    refused(r, 400, "invalid_request", "Value passed for the authorization code was invalid.")


def test_parameters_in_the_query_string_or_a_json_body(server: LiveServer) -> None:
    app = oauth_app(server)
    user = person(server)
    params = {
        "code": approve(server, app, user),
        "grant_type": "authorization_code",
        "client_id": app.client_id,
        "redirect_uri": REDIRECT,
        "code_verifier": "challenge",
    }
    # Twitter's TS SDK: everything in the query string, an empty form body.
    r = requests.post(
        f"{server.url}/2/oauth2/token",
        params=params,
        data=b"",
        headers={"content-type": "application/x-www-form-urlencoded"},
        auth=basic(app),
        timeout=10,
    )
    assert r.status_code == 200, r.text
    # twitter-api-v2: a JSON body.
    params["code"] = approve(server, app, user)
    r = requests.post(f"{server.url}/2/oauth2/token", json=params, auth=basic(app), timeout=10)
    assert r.status_code == 200, r.text


def test_scope_is_echoed_and_a_refresh_token_needs_offline_access(server: LiveServer) -> None:
    app = oauth_app(server)
    user = person(server)
    code = approve(server, app, user, scope="users.read tweet.read users.read")
    body = exchange(server, app, code).json()
    assert body["scope"] == "users.read tweet.read" and "refresh_token" not in body
    assert body["token_type"] == "bearer" and body["expires_in"] == 7200
    code = approve(server, app, user, scope="tweet.read offline.access")
    body = exchange(server, app, code).json()
    assert body["scope"] == "tweet.read offline.access" and body["refresh_token"]


def test_grant_type_and_missing_parameters(server: LiveServer) -> None:
    app = oauth_app(server)
    refused(
        post_token(server, app, {"grant_type": "client_credentials", "client_id": app.client_id}),
        400,
        "invalid_request",
        "Value passed for the grant type was invalid. Grant type should be one of "
        "[authorization_code, refresh_token].",
    )
    refused(
        post_token(server, app, {"grant_type": "authorization_code", "client_id": app.client_id}),
        400,
        "invalid_request",
        "Missing required parameter [code].",
    )


def test_revoke_ends_the_grant(server: LiveServer) -> None:
    g = granted(server)
    assert (
        bearer_post(server, g.token["access_token"], f"before revoke {next(_serial)}").status_code
        == 201
    )
    r = requests.post(
        f"{server.url}/2/oauth2/revoke",
        data={
            "token": g.token["access_token"],
            "token_type_hint": "access_token",
            "client_id": g.app.client_id,
        },
        timeout=10,
    )
    assert r.status_code == 200 and r.json() == {"revoked": True}
    assert problem(bearer_post(server, g.token["access_token"], "after"), 401) == UNAUTHORIZED
    refresh = {
        "grant_type": "refresh_token",
        "refresh_token": g.token["refresh_token"],
        "client_id": g.app.client_id,
    }
    refused(post_token(server, g.app, refresh), 400, "invalid_request")
    # Revoking a refresh token ends its access token too; an unknown token is no error.
    g = granted(server)
    r = requests.post(
        f"{server.url}/2/oauth2/revoke",
        params={
            "token": g.token["refresh_token"],
            "token_type_hint": "refresh_token",
            "client_id": g.app.client_id,
        },
        timeout=10,
    )
    assert r.json() == {"revoked": True}
    assert problem(bearer_post(server, g.token["access_token"], "after"), 401) == UNAUTHORIZED
    again = requests.post(
        f"{server.url}/2/oauth2/revoke",
        data={"token": "nope", "client_id": g.app.client_id},
        timeout=10,
    )
    assert again.json() == {"revoked": True}
    # A confidential client revokes with Basic; another client's token is not its to revoke.
    mine = oauth_app(server)
    theirs = granted(server)
    no_basic = requests.post(
        f"{server.url}/2/oauth2/revoke",
        data={"token": "x", "client_id": mine.client_id},
        timeout=10,
    )
    refused(no_basic, 401, "unauthorized_client")
    foreign = requests.post(
        f"{server.url}/2/oauth2/revoke",
        data={"token": theirs.token["access_token"], "client_id": mine.client_id},
        auth=basic(mine),
        timeout=10,
    )
    refused(foreign, 400, "invalid_request")
    assert (
        bearer_post(server, theirs.token["access_token"], f"still mine {next(_serial)}").status_code
        == 201
    )


def test_revocation_in_the_store_then_forget_is_seen_at_once(server: LiveServer) -> None:
    g = granted(server)
    assert (
        bearer_post(server, g.token["access_token"], f"cached {next(_serial)}").status_code == 201
    )
    with server.runtime.store.write() as tx:
        revoked = tx.delete_oauth2_tokens_of(g.app.id, g.user.id)
    assert revoked == [g.token["access_token"]]
    server.app_state().credentials.forget(g.app, revoked)
    assert problem(bearer_post(server, g.token["access_token"], "gone"), 401) == UNAUTHORIZED


# ---------------------------------------------------------------- scopes on the endpoints


def test_a_token_without_tweet_write_gets_403_on_manage_tweets(
    server: LiveServer, cast: Cast
) -> None:
    g = granted(server, scope="tweet.read users.read")
    assert problem(bearer_post(server, g.token["access_token"], "not allowed"), 403) == FORBIDDEN
    mine = cast.plain.api.update_status(f"an OAuth 1.0a status {next(_serial)}")
    r = requests.delete(
        f"{server.url}/2/tweets/{mine.id}",
        headers={"authorization": f"Bearer {g.token['access_token']}"},
        timeout=10,
    )
    assert problem(r, 403) == FORBIDDEN


def test_expired_and_unknown_tokens_get_401(server: LiveServer) -> None:
    g = granted(server)
    now = server.runtime.now_ms()
    expired = OAuth2Token(
        access_token="expired-" + secrets.token_hex(16),
        app_id=g.app.id,
        user_id=g.user.id,
        scopes=("tweet.read", "tweet.write", "users.read"),
        created_at_ms=now - 7201_000,
        expires_at_ms=now - 1000,
    )
    with server.runtime.store.write() as tx:
        tx.insert_oauth2_token(expired)
    assert problem(bearer_post(server, expired.access_token, "expired"), 401) == UNAUTHORIZED
    assert problem(bearer_post(server, "no-such-token", "unknown"), 401) == UNAUTHORIZED


def test_v1_1_does_not_take_oauth2_user_tokens(server: LiveServer) -> None:
    g = granted(server)
    for path in ("/1.1/account/verify_credentials.json", "/1.1/statuses/user_timeline.json"):
        r = requests.get(
            server.url + path,
            params={"user_id": g.user.id},
            headers={"authorization": f"Bearer {g.token['access_token']}"},
            timeout=10,
        )
        assert r.status_code == 403, r.text
        assert r.json() == {
            "errors": [
                {"code": 220, "message": "Your credentials do not allow access to this resource."}
            ]
        }


def test_oauth2_and_oauth1_count_against_the_same_user_window(
    server: LiveServer, cast: Cast
) -> None:
    user = person(server)
    member = cast.member(user)  # an OAuth 1.0a token of the cast's App
    with server.runtime.store.write() as tx:
        tx.update_app(cast.app.id, callback_urls=[REDIRECT])
    server.app_state().credentials.forget(cast.app)
    app = server.app_state().credentials.app_by_client_id(cast.app.client_id)
    assert app is not None
    code = approve(server, app, user, scope="tweet.read tweet.write users.read")
    token = exchange(server, app, code).json()["access_token"]
    first = cast.session(member).post(
        f"{server.url}/2/tweets", json={"text": f"one {next(_serial)}"}, timeout=10
    )
    assert first.status_code == 201, first.text
    left = int(first.headers["x-rate-limit-remaining"])
    second = bearer_post(server, token, f"two {next(_serial)}")
    assert second.status_code == 201, second.text
    assert int(second.headers["x-rate-limit-remaining"]) == left - 1


# ------------------------------------------------------------------- the consent page


def test_the_page_lists_the_app_and_its_scopes_and_signs_in(server: LiveServer) -> None:
    app = oauth_app(server)
    page = requests.get(
        server.url + authorize_path(app, scope="tweet.read tweet.write offline.access"),
        headers=BROWSER,
        timeout=10,
    )
    assert page.status_code == 200 and page.headers["x-frame-options"] == "DENY"
    assert app.name in page.text
    assert "All the Tweets you can view, including Tweets from protected accounts." in page.text
    assert "Tweet and Retweet for you." in page.text
    assert "Stay connected to your account until you revoke access." in page.text
    form = form_with_id(page.text, FORM)
    assert form.method == "post" and form.action == "/i/oauth2/authorize"
    assert {"session[username_or_email]", "session[password]", "authenticity_token"} <= set(
        form.fields
    )
    ids = element_ids(page.text)
    assert ids["allow"]["tag"] == "button" and ids["cancel"]["name"] == "cancel"
    # Approving signs the browser in.
    user = person(server)
    browser = requests.Session()
    page = browser.get(server.url + authorize_path(app), headers=BROWSER, timeout=10)
    r = submit(browser, page, form_with_id(page.text, FORM), "allow", **signin(user))
    assert r.status_code == 302 and "code=" in r.headers["location"]
    assert r.headers["set-cookie"].startswith("auth_token=")
    again = browser.get(server.url + authorize_path(app), headers=BROWSER, timeout=10)
    assert "session[password]" not in form_with_id(again.text, FORM).fields
    # A wrong password signs nobody in and issues no code.
    r = consent(server, authorize_path(app), user, **{"session[password]": "wrong"})
    assert r.status_code == 401 and "location" not in r.headers
    assert "did not match our records" in r.text


def test_cancel_redirects_with_access_denied(server: LiveServer) -> None:
    app = oauth_app(server)
    path = authorize_path(app, state="my state")
    r = consent(server, path, person(server), button="cancel")
    assert r.status_code == 302
    assert r.headers["location"] == REDIRECT + "?error=access_denied&state=my+state"


def test_untrusted_requests_get_an_error_page_never_a_redirect(server: LiveServer) -> None:
    app = oauth_app(server)
    disabled = oauth_app(server)
    with server.runtime.store.write() as tx:
        tx.update_app(disabled.id, oauth2_enabled=False)
    for path in (
        authorize_path(app, redirect_uri="https://evil.example/callback"),
        authorize_path(app, redirect_uri=REDIRECT + "/"),  # exact match only
        authorize_path(app, client_id="nosuchclient"),
        authorize_path(disabled),
    ):
        r = requests.get(server.url + path, headers=BROWSER, allow_redirects=False, timeout=10)
        assert r.status_code == 400 and "location" not in r.headers, path
        assert "Something went wrong" in r.text


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "tweet.read no.such.scope"}, "invalid_scope"),
        ({"code_challenge": None}, "invalid_request"),
        ({"code_challenge_method": "S512"}, "invalid_request"),
    ],
)
def test_other_errors_redirect_with_their_state(
    server: LiveServer, overrides: dict[str, Any], error: str
) -> None:
    app = oauth_app(server)
    r = requests.get(
        server.url + authorize_path(app, state="xyz", **overrides),
        headers=BROWSER,
        allow_redirects=False,
        timeout=10,
    )
    assert r.status_code == 302
    got = query_of(r.headers["location"])
    assert r.headers["location"].startswith(REDIRECT + "?")
    assert got["error"] == error and got["state"] == "xyz"


def test_signed_in_the_page_shows_allow_and_cancel_and_wants_the_sessions_token(
    server: LiveServer,
) -> None:
    app = oauth_app(server)
    user = person(server)
    cookie = {"auth_token": sessions.create_session(server.runtime, user.id).id}
    browser = requests.Session()
    browser.cookies.update(cookie)
    path = authorize_path(app)
    page = browser.get(server.url + path, headers=BROWSER, timeout=10)
    form = form_with_id(page.text, FORM)
    assert (
        "session[password]" not in form.fields and "session[username_or_email]" not in form.fields
    )
    assert f"@{user.screen_name}" in page.text
    # Without the session's token (none, forged, or a signed-out page's): refused, no code.
    signed_out = form_with_id(
        requests.get(server.url + path, headers=BROWSER, timeout=10).text, FORM
    )
    for token in ("", "1.forged", signed_out.fields["authenticity_token"]):
        r = submit(browser, page, form, "allow", authenticity_token=token)
        assert r.status_code == 403 and "location" not in r.headers, token
    r = submit(browser, page, form, "allow")
    assert r.status_code == 302 and "code=" in r.headers["location"]
    code = query_of(r.headers["location"])["code"]
    assert exchange(server, app, code).status_code == 200


def test_the_scope_table_names_real_routes_and_real_scopes() -> None:
    from roost.api.routes import ENDPOINTS
    from roost.auth.scopes import CATALOGUE, REQUIRED

    routes = {f"{e.method} {e.path}": e for e in ENDPOINTS}
    assert set(REQUIRED) <= set(routes)
    assert all(set(needed) <= set(CATALOGUE) for needed in REQUIRED.values())
    for key, endpoint in routes.items():
        if endpoint.problems and endpoint.auth in ("user", "any"):  # every v2 user endpoint
            assert endpoint.scopes == REQUIRED[key], key
        elif key not in REQUIRED:
            assert not endpoint.scopes, key
