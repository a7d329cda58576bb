"""The OAuth 1.0a 3-legged flow over real HTTP, on both stores: tweepy's ``OAuth1UserHandler``
unchanged (callback, ``signin_with_twitter``, PIN), the consent pages driven as a browser without
JavaScript would, and twurl's ``authorize`` (when twurl is installed)."""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
import requests
import tweepy
import uvicorn
from requests_oauthlib import OAuth1Session

from roost.domain.model import App, RequestToken, User
from roost.services import apps, oauth1_flow, sessions, users
from tests.support.cast import unique_name
from tests.support.clients import TwitterToRoost, signed_session, tweepy_api
from tests.support.forms import Form, element_ids, form_with_id, submit
from tests.support.server import LiveServer

BROWSER = {"accept": "text/html"}
PASSWORD = "correct horse"
CALLBACK = "https://client.example/twitter/callback"
FLOW_TYPE = "text/html;charset=utf-8"
SIGN_IN = "session[username_or_email]"
SIGN_IN_PASSWORD = "session[password]"


# ----------------------------------------------------------------------------------- set-up
@pytest.fixture
def routed(server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """tweepy's OAuth1UserHandler builds requests-oauthlib sessions for https://api.twitter.com
    (a new one for the access token): each one sends to the test server after signing."""
    base = server.url

    class ToRoost(OAuth1Session):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.mount("https://api.twitter.com", TwitterToRoost(base))

    monkeypatch.setattr(tweepy.auth, "OAuth1Session", ToRoost)


def flow_app(server: LiveServer, *callbacks: str, read_only: bool = False) -> App:
    """An App with these callback URLs."""
    app, _ = apps.create_app(
        server.runtime, "Flow Test", read_only=read_only, callback_urls=callbacks or (CALLBACK,)
    )
    return app


def person(server: LiveServer) -> User:
    """An account that can sign in with PASSWORD."""
    return users.create_user(server.runtime, unique_name("flow"), password=PASSWORD)


def handler(app: App, callback: str | None = CALLBACK) -> tweepy.OAuth1UserHandler:
    return tweepy.OAuth1UserHandler(app.consumer_key, app.consumer_secret, callback=callback)


def open_page(
    browser: requests.Session, server: LiveServer, url: str
) -> tuple[requests.Response, Form]:
    """Open a client's authorization URL (https://api.twitter.com/...) on the test server."""
    parts = urlsplit(url)
    page = browser.get(f"{server.url}{parts.path}?{parts.query}", headers=BROWSER, timeout=10)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    return page, form_with_id(page.text, "oauth_form")


def sign_in_and_allow(
    browser: requests.Session, page: requests.Response, form: Form, user: User
) -> requests.Response:
    return submit(
        browser,
        page,
        form,
        "allow",
        **{SIGN_IN: user.screen_name, SIGN_IN_PASSWORD: PASSWORD},
    )


def callback_params(response: requests.Response, callback: str = CALLBACK) -> dict[str, str]:
    """The query the browser is sent back to the callback with."""
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.split("?")[0] == callback.split("?")[0]
    return dict(parse_qsl(urlsplit(location).query))


def pin_of(response: requests.Response) -> str:
    """The verifier of the PIN page: ``#oauth_pin code``."""
    assert response.status_code == 200, response.text
    assert '<div id="oauth_pin"><p><kbd aria-labelledby="code-desc"><code>' in response.text
    pin = response.text.split('<div id="oauth_pin">', 1)[1].split("<code>", 1)[1]
    pin = pin.split("</code>", 1)[0]
    assert pin.isdigit() and len(pin) == 7
    return pin


def approved(
    server: LiveServer, app: App, user: User, callback: str = CALLBACK
) -> tuple[tweepy.OAuth1UserHandler, str]:
    """A handler whose request token ``user`` approved, and the verifier."""
    auth = handler(app, callback)
    browser = requests.Session()
    page, form = open_page(browser, server, auth.get_authorization_url())
    answer = sign_in_and_allow(browser, page, form, user)
    if callback == "oob":
        return auth, pin_of(answer)
    return auth, callback_params(answer)["oauth_verifier"]


def raw_request_token(app: App, server: LiveServer, **kwargs: Any) -> requests.Response:
    session = signed_session(app.consumer_key, app.consumer_secret, **kwargs)
    return session.post(f"{server.url}/oauth/request_token", timeout=10)


def token_form(response: requests.Response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == FLOW_TYPE
    return dict(parse_qsl(response.text, keep_blank_values=True))


# ------------------------------------------------------------------------- tweepy, callback
def test_tweepy_callback_flow_end_to_end(server: LiveServer, routed: None) -> None:
    app = flow_app(server)
    user = person(server)
    auth = handler(app)
    url = auth.get_authorization_url()
    assert url.startswith("https://api.twitter.com/oauth/authorize?oauth_token=")
    assert auth.request_token["oauth_callback_confirmed"] == "true"

    browser = requests.Session()
    page, form = open_page(browser, server, url)
    assert "Flow Test" in page.text
    assert {SIGN_IN, SIGN_IN_PASSWORD, "authenticity_token", "oauth_token"} <= set(form.fields)
    ids = element_ids(page.text)
    assert ids["allow"]["tag"] == "input" and ids["cancel"]["name"] == "cancel"
    assert "formnovalidate" in ids["cancel"]  # Cancel works with the sign-in fields empty
    assert ids["allow"]["value"] == "Authorize app"

    answer = sign_in_and_allow(browser, page, form, user)
    query = callback_params(answer)
    assert query["oauth_token"] == auth.request_token["oauth_token"]
    assert len(query["oauth_verifier"]) == 32
    cookie = answer.headers["set-cookie"]  # approving signed the browser in
    assert cookie.startswith("auth_token=") and "Secure" not in cookie

    token, secret = auth.get_access_token(query["oauth_verifier"])
    assert token.partition("-")[0] == str(user.id)  # what tweepy.Client's "me" methods read
    api = tweepy_api(server.hostport, app.consumer_key, app.consumer_secret, token, secret)
    assert api.verify_credentials().screen_name == user.screen_name
    status = api.update_status("Signed in with Roost")
    assert status.user.id == user.id and status.source == "Flow Test"


def test_callback_keeps_its_own_query(server: LiveServer, routed: None) -> None:
    """A registered URL also takes query strings added to it (Twitter's callback URL rules)."""
    app = flow_app(server)
    callback = CALLBACK + "?next=%2Fhome"
    auth = handler(app, callback)
    browser = requests.Session()
    page, form = open_page(browser, server, auth.get_authorization_url())
    location = sign_in_and_allow(browser, page, form, person(server)).headers["location"]
    query = parse_qs(urlsplit(location).query)
    assert query["next"] == ["/home"] and "oauth_verifier" in query


def test_access_token_answer_and_content_types(server: LiveServer) -> None:
    app = flow_app(server)
    user = person(server)
    r = raw_request_token(app, server, callback_uri=CALLBACK)
    temporary = token_form(r)
    assert set(temporary) == {"oauth_token", "oauth_token_secret", "oauth_callback_confirmed"}
    assert temporary["oauth_callback_confirmed"] == "true"
    browser = requests.Session()
    page, form = open_page(
        browser, server, f"/oauth/authorize?oauth_token={temporary['oauth_token']}"
    )
    verifier = callback_params(sign_in_and_allow(browser, page, form, user))["oauth_verifier"]
    session = signed_session(
        app.consumer_key,
        app.consumer_secret,
        temporary["oauth_token"],
        temporary["oauth_token_secret"],
        verifier=verifier,
    )
    answer = token_form(session.post(f"{server.url}/oauth/access_token", timeout=10))
    assert list(answer) == ["oauth_token", "oauth_token_secret", "user_id", "screen_name"]
    assert answer["user_id"] == str(user.id) and answer["screen_name"] == user.screen_name
    assert answer["oauth_token"].startswith(f"{user.id}-")


def test_verifier_in_the_body_or_query(server: LiveServer) -> None:
    app = flow_app(server)
    for where in ("data", "params"):
        user = person(server)
        temporary = token_form(raw_request_token(app, server, callback_uri=CALLBACK))
        browser = requests.Session()
        page, form = open_page(
            browser, server, f"/oauth/authorize?oauth_token={temporary['oauth_token']}"
        )
        verifier = callback_params(sign_in_and_allow(browser, page, form, user))["oauth_verifier"]
        session = signed_session(
            app.consumer_key,
            app.consumer_secret,
            temporary["oauth_token"],
            temporary["oauth_token_secret"],
        )
        r = session.post(
            f"{server.url}/oauth/access_token", **{where: {"oauth_verifier": verifier}}
        )
        assert token_form(r)["user_id"] == str(user.id)


# ------------------------------------------------------------------- Sign in with Twitter
def test_sign_in_with_twitter_asks_once_then_goes_straight_back(
    server: LiveServer, routed: None
) -> None:
    app = flow_app(server)
    user = person(server)
    auth = handler(app)
    url = auth.get_authorization_url(signin_with_twitter=True)
    assert url.startswith("https://api.twitter.com/oauth/authenticate?oauth_token=")
    browser = requests.Session()
    page, form = open_page(browser, server, url)
    assert form.action == "/oauth/authenticate"
    verifier = callback_params(sign_in_and_allow(browser, page, form, user))["oauth_verifier"]
    first = auth.get_access_token(verifier)

    # Signed in now, and the App already authorized: no page, a fresh verifier at once.
    again = handler(app)
    parts = urlsplit(again.get_authorization_url(signin_with_twitter=True))
    r = browser.get(
        f"{server.url}{parts.path}?{parts.query}", headers=BROWSER, allow_redirects=False
    )
    query = callback_params(r)
    assert query["oauth_verifier"] != verifier
    token, secret = again.get_access_token(query["oauth_verifier"])
    assert (token, secret) == first  # Twitter gave an App the same token again
    api = tweepy_api(server.hostport, app.consumer_key, app.consumer_secret, token, secret)
    assert api.verify_credentials().id == user.id

    # /oauth/authorize always asks; force_login=true asks for the password again.
    for path in ("/oauth/authorize", "/oauth/authenticate?force_login=true"):
        temporary = token_form(raw_request_token(app, server, callback_uri=CALLBACK))
        sep = "&" if "?" in path else "?"
        page, form = open_page(
            browser, server, f"{path}{sep}oauth_token={temporary['oauth_token']}"
        )
        assert (SIGN_IN in form.fields) == ("force_login" in path)


# --------------------------------------------------------------------------------- PIN flow
def test_pin_flow(server: LiveServer, routed: None) -> None:
    app = flow_app(server)
    user = person(server)
    auth, pin = approved(server, app, user, "oob")
    assert auth.request_token["oauth_callback_confirmed"] == "true"
    token, secret = auth.get_access_token(pin)
    api = tweepy_api(server.hostport, app.consumer_key, app.consumer_secret, token, secret)
    assert api.verify_credentials().id == user.id


def test_pin_page_markup(server: LiveServer) -> None:
    app = flow_app(server)
    user = person(server)
    temporary = token_form(raw_request_token(app, server, callback_uri="oob"))
    browser = requests.Session()
    page, form = open_page(
        browser, server, f"/oauth/authorize?oauth_token={temporary['oauth_token']}"
    )
    answer = sign_in_and_allow(browser, page, form, user)
    pin_of(answer)
    assert f'<meta name="session-userid" content="{user.id}">' in answer.text
    assert "Flow Test" in answer.text


def test_no_callback_is_the_first_registered_one_or_the_pin(
    server: LiveServer, routed: None
) -> None:
    """tweepy without ``callback`` sends no oauth_callback."""
    with_callback = flow_app(server)
    auth = handler(with_callback, None)
    page, form = open_page(requests.Session(), server, auth.get_authorization_url())
    callback_params(sign_in_and_allow(requests.Session(), page, form, person(server)))

    desktop, _ = apps.create_app(server.runtime, "Desktop App")
    auth = handler(desktop, None)
    page, form = open_page(requests.Session(), server, auth.get_authorization_url())
    pin_of(sign_in_and_allow(requests.Session(), page, form, person(server)))


# ----------------------------------------------------------------------------------- cancel
def test_cancel_sends_denied_and_spends_the_token(server: LiveServer, routed: None) -> None:
    app = flow_app(server)
    auth = handler(app)
    url = auth.get_authorization_url()
    browser = requests.Session()
    page, form = open_page(browser, server, url)
    r = submit(browser, page, form, "cancel")
    assert callback_params(r) == {"denied": auth.request_token["oauth_token"]}
    gone = browser.get(f"{server.url}{urlsplit(url).path}?{urlsplit(url).query}", headers=BROWSER)
    assert gone.status_code == 403 and "request token for this page is invalid" in gone.text
    with pytest.raises(tweepy.TweepyException, match="Invalid request token"):
        auth.get_access_token("whatever")


def test_cancel_in_the_pin_flow(server: LiveServer) -> None:
    app = flow_app(server)
    temporary = token_form(raw_request_token(app, server, callback_uri="oob"))
    browser = requests.Session()
    page, form = open_page(
        browser, server, f"/oauth/authorize?oauth_token={temporary['oauth_token']}"
    )
    r = submit(browser, page, form, "cancel")
    assert r.status_code == 200 and "You have not authorized Flow Test" in r.text
    assert 'id="oauth_pin"' not in r.text


# -------------------------------------------------------------------------------- callbacks
def test_unregistered_callback_is_refused_with_415(server: LiveServer) -> None:
    app = flow_app(server, CALLBACK, "myapp://")
    for callback in (
        "https://evil.example/twitter/callback",
        CALLBACK + "/more",
        "https://client.example/twitter",
        "http://client.example/twitter/callback",
    ):
        r = raw_request_token(app, server, callback_uri=callback)
        assert r.status_code == 403, callback
        assert r.json() == {
            "errors": [
                {
                    "code": 415,
                    "message": "Callback URL not approved for this client application. "
                    "Approved callback URLs can be adjusted in your application settings",
                }
            ]
        }
        assert r.headers["content-type"] == "application/json;charset=utf-8"
    for callback in (CALLBACK, CALLBACK + "?source=twitter", "oob", "myapp://authorize?x=1"):
        assert token_form(raw_request_token(app, server, callback_uri=callback))
    # oob is always allowed, even for an App without callback URLs; so is oauth_callback in
    # the query string instead of the Authorization header.
    bare, _ = apps.create_app(server.runtime, "No Callbacks")
    assert token_form(raw_request_token(bare, server, callback_uri="oob"))
    session = signed_session(bare.consumer_key, bare.consumer_secret)
    r = session.post(f"{server.url}/oauth/request_token", params={"oauth_callback": CALLBACK})
    assert r.status_code == 403 and r.json()["errors"][0]["code"] == 415


def test_request_token_needs_the_consumer_signature(server: LiveServer) -> None:
    app = flow_app(server)
    wrong = signed_session(app.consumer_key, "not-the-secret", callback_uri="oob")
    r = wrong.post(f"{server.url}/oauth/request_token")
    assert r.status_code == 401
    assert r.json() == {"errors": [{"code": 32, "message": "Could not authenticate you."}]}
    unknown = signed_session("nobody-has-this-key", "x", callback_uri="oob")
    assert unknown.post(f"{server.url}/oauth/request_token").status_code == 401
    r = requests.post(f"{server.url}/oauth/request_token", timeout=10)
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == 215


# ------------------------------------------------------------------------------ read access
def test_x_auth_access_type_read_gives_a_read_only_token(server: LiveServer, routed: None) -> None:
    app = flow_app(server)
    user = person(server)
    auth = handler(app)
    url = auth.get_authorization_url(access_type="read")
    browser = requests.Session()
    page, form = open_page(browser, server, url)
    assert "Post Tweets for you" not in page.text
    verifier = callback_params(sign_in_and_allow(browser, page, form, user))["oauth_verifier"]
    token, secret = auth.get_access_token(verifier)
    api = tweepy_api(server.hostport, app.consumer_key, app.consumer_secret, token, secret)
    assert api.verify_credentials().id == user.id
    with pytest.raises(tweepy.Unauthorized) as err:
        api.update_status("not allowed")
    assert list(err.value.api_codes) == [261]
    # Asking for write access later gives a token that can write (not the read-only one).
    writer = handler(app)
    page, form = open_page(browser, server, writer.get_authorization_url())
    verifier = callback_params(submit(browser, page, form, "allow"))["oauth_verifier"]
    token2, secret2 = writer.get_access_token(verifier)
    assert token2 != token
    api = tweepy_api(server.hostport, app.consumer_key, app.consumer_secret, token2, secret2)
    assert api.update_status("allowed now").user.id == user.id


def test_read_only_app_mints_read_only_tokens(server: LiveServer, routed: None) -> None:
    app = flow_app(server, read_only=True)
    auth, verifier = approved(server, app, person(server))
    token, secret = auth.get_access_token(verifier)
    api = tweepy_api(server.hostport, app.consumer_key, app.consumer_secret, token, secret)
    with pytest.raises(tweepy.Unauthorized):
        api.update_status("not allowed either")


# -------------------------------------------------------------------------------- verifiers
def _exchange(
    app: App, temporary: dict[str, str], verifier: str, server: LiveServer
) -> requests.Response:
    session = signed_session(
        app.consumer_key,
        app.consumer_secret,
        temporary["oauth_token"],
        temporary["oauth_token_secret"],
        verifier=verifier,
    )
    return session.post(f"{server.url}/oauth/access_token", timeout=10)


def _approved_token(server: LiveServer, app: App) -> tuple[dict[str, str], str]:
    temporary = token_form(raw_request_token(app, server, callback_uri=CALLBACK))
    browser = requests.Session()
    page, form = open_page(
        browser, server, f"/oauth/authorize?oauth_token={temporary['oauth_token']}"
    )
    verifier = callback_params(sign_in_and_allow(browser, page, form, person(server)))
    return temporary, verifier["oauth_verifier"]


def _refused(r: requests.Response, message: str) -> None:
    assert r.status_code == 401, r.text
    assert r.text == message
    assert r.headers["content-type"] == FLOW_TYPE


def test_a_verifier_works_once(server: LiveServer) -> None:
    app = flow_app(server)
    temporary, verifier = _approved_token(server, app)
    assert token_form(_exchange(app, temporary, verifier, server))
    _refused(_exchange(app, temporary, verifier, server), "Invalid request token.")


def test_a_verifier_is_bound_to_its_request_token(server: LiveServer) -> None:
    app = flow_app(server)
    first, first_verifier = _approved_token(server, app)
    second, second_verifier = _approved_token(server, app)
    invalid = "Error processing your OAuth request: Invalid oauth_verifier parameter"
    _refused(_exchange(app, second, first_verifier, server), invalid)
    # The wrong try spent the second token; the first still works with its own verifier.
    _refused(_exchange(app, second, second_verifier, server), "Invalid request token.")
    assert token_form(_exchange(app, first, first_verifier, server))


def test_a_wrong_or_missing_verifier_is_refused(server: LiveServer) -> None:
    app = flow_app(server)
    temporary, verifier = _approved_token(server, app)
    invalid = "Error processing your OAuth request: Invalid oauth_verifier parameter"
    _refused(_exchange(app, temporary, verifier[::-1], server), invalid)
    _refused(_exchange(app, temporary, verifier, server), "Invalid request token.")
    # Before the user answers there is no verifier to match.
    unanswered = token_form(raw_request_token(app, server, callback_uri=CALLBACK))
    session = signed_session(
        app.consumer_key,
        app.consumer_secret,
        unanswered["oauth_token"],
        unanswered["oauth_token_secret"],
    )
    _refused(session.post(f"{server.url}/oauth/access_token"), invalid)


def test_access_token_refusals(server: LiveServer) -> None:
    app = flow_app(server)
    temporary, verifier = _approved_token(server, app)
    # Signed by the consumer alone (twurl's first try, before it falls back to the PIN flow).
    alone = signed_session(app.consumer_key, app.consumer_secret)
    _refused(alone.post(f"{server.url}/oauth/access_token"), "Invalid request token.")
    # A request token of another App, an unknown one, a wrong token secret.
    other = flow_app(server)
    _refused(_exchange(other, temporary, verifier, server), "Invalid request token.")
    unknown = {"oauth_token": "not-a-request-token", "oauth_token_secret": "x"}
    _refused(_exchange(app, unknown, verifier, server), "Invalid request token.")
    forged = {**temporary, "oauth_token_secret": "wrong"}
    r = _exchange(app, forged, verifier, server)
    assert r.status_code == 401 and r.json()["errors"][0]["code"] == 32
    # None of that spent the token: its signed owner still gets the access token.
    assert token_form(_exchange(app, temporary, verifier, server))


def test_an_expired_request_token_is_gone(server: LiveServer) -> None:
    app = flow_app(server)
    old = RequestToken(
        token=unique_name("rt") + "x" * 12,
        secret="s" * 32,
        app_id=app.id,
        callback=CALLBACK,
        access_type=None,
        created_at_ms=server.runtime.now_ms() - oauth1_flow.REQUEST_TOKEN_TTL_MS - 1,
        user_id=person(server).id,
        verifier="v" * 32,
    )
    with server.runtime.store.write() as tx:
        tx.insert_request_token(old)
    page = requests.get(
        f"{server.url}/oauth/authorize", params={"oauth_token": old.token}, headers=BROWSER
    )
    assert page.status_code == 403 and "Whoa there!" in page.text
    temporary = {"oauth_token": old.token, "oauth_token_secret": old.secret}
    _refused(_exchange(app, temporary, old.verifier or "", server), "Invalid request token.")


# ------------------------------------------------------------------------ the consent page
def test_signed_in_browser_sees_allow_and_cancel_only(server: LiveServer) -> None:
    app = flow_app(server)
    user = person(server)
    session = sessions.create_session(server.runtime, user.id)
    browser = requests.Session()
    browser.cookies.set("auth_token", session.id)
    temporary = token_form(raw_request_token(app, server, callback_uri=CALLBACK))
    page, form = open_page(
        browser, server, f"/oauth/authorize?oauth_token={temporary['oauth_token']}"
    )
    assert SIGN_IN not in form.fields and SIGN_IN_PASSWORD not in form.fields
    assert f"@{user.screen_name}" in page.text
    assert form.fields["authenticity_token"] == session.csrf
    r = submit(browser, page, form, "allow")
    assert "set-cookie" not in r.headers
    verifier = callback_params(r)["oauth_verifier"]
    answer = token_form(_exchange(app, temporary, verifier, server))
    assert answer["user_id"] == str(user.id)


def test_a_post_without_the_right_authenticity_token_is_refused(server: LiveServer) -> None:
    app = flow_app(server)
    user = person(server)
    session = sessions.create_session(server.runtime, user.id)
    browser = requests.Session()
    browser.cookies.set("auth_token", session.id)
    temporary = token_form(raw_request_token(app, server, callback_uri=CALLBACK))
    url = f"/oauth/authorize?oauth_token={temporary['oauth_token']}"
    page, form = open_page(browser, server, url)
    forged = submit(browser, page, form, "allow", authenticity_token="1.forged")
    assert forged.status_code == 403 and "location" not in forged.headers
    # A signed-out form's token (anyone can fetch one) does not approve for a session.
    stranger_page, stranger_form = open_page(requests.Session(), server, url)
    guest_token = stranger_form.fields["authenticity_token"]
    r = submit(browser, page, form, "allow", authenticity_token=guest_token)
    assert r.status_code == 403
    # Nor does a post with no token at all, signed in or with the sign-in fields.
    bare = browser.post(
        f"{server.url}/oauth/authorize",
        data={"oauth_token": temporary["oauth_token"]},
        allow_redirects=False,
    )
    assert bare.status_code == 403
    no_token = requests.post(
        f"{server.url}/oauth/authorize",
        data={
            "oauth_token": temporary["oauth_token"],
            SIGN_IN: user.screen_name,
            SIGN_IN_PASSWORD: PASSWORD,
        },
        allow_redirects=False,
    )
    assert no_token.status_code == 401 and "set-cookie" not in no_token.headers
    # The request token still waits: the real form approves.
    callback_params(submit(browser, page, form, "allow"))


def test_a_wrong_password_shows_the_page_again(server: LiveServer) -> None:
    app = flow_app(server)
    user = person(server)
    temporary = token_form(raw_request_token(app, server, callback_uri=CALLBACK))
    browser = requests.Session()
    page, form = open_page(
        browser, server, f"/oauth/authorize?oauth_token={temporary['oauth_token']}"
    )
    wrong = submit(
        browser, page, form, "allow", **{SIGN_IN: user.screen_name, SIGN_IN_PASSWORD: "nope"}
    )
    assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
    assert "did not match our records" in wrong.text
    again = form_with_id(wrong.text, "oauth_form")
    assert again.fields[SIGN_IN] == user.screen_name
    callback_params(sign_in_and_allow(browser, wrong, again, user))


def test_screen_name_prefills_and_bad_tokens_get_the_error_page(server: LiveServer) -> None:
    app = flow_app(server)
    temporary = token_form(raw_request_token(app, server, callback_uri=CALLBACK))
    browser = requests.Session()
    _, form = open_page(
        browser,
        server,
        f"/oauth/authorize?oauth_token={temporary['oauth_token']}&screen_name=someone",
    )
    assert form.fields[SIGN_IN] == "someone"
    for query in ("", "?oauth_token=", "?oauth_token=nope", "?oauth_token=" + "x" * 500):
        r = browser.get(f"{server.url}/oauth/authorize{query}", headers=BROWSER)
        assert r.status_code == 403 and "request token for this page is invalid" in r.text
        r = browser.post(f"{server.url}/oauth/authenticate{query}", data={"oauth_token": "x"})
        assert r.status_code == 403


# ------------------------------------------------------------------------------------ twurl
def _twurl() -> list[str] | None:
    """twurl (``twurl`` on PATH, or ROOST_TWURL, e.g. ``ruby /path/to/twurl/bin/twurl``)."""
    command = os.environ.get("ROOST_TWURL") or shutil.which("twurl")
    return shlex.split(command) if command else None


@pytest.fixture
def tls_url(server: LiveServer, tmp_path: Path) -> Iterator[str]:
    """The same server over TLS with a self-signed certificate: twurl only speaks https (it
    ignores the certificate)."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    config = uvicorn.Config(
        server.app,  # type: ignore[arg-type]
        host="127.0.0.1",
        port=0,
        ssl_keyfile=str(key),
        ssl_certfile=str(cert),
        lifespan="off",  # the plain server's lifespan already runs the app
        log_level="warning",
    )
    tls = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(tls.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not tls.started:
        assert time.monotonic() < deadline and thread.is_alive(), "TLS server did not start"
        time.sleep(0.01)
    port = tls.servers[0].sockets[0].getsockname()[1]
    yield f"127.0.0.1:{port}"
    tls.should_exit = True
    thread.join(timeout=10)


@pytest.mark.skipif(
    _twurl() is None or shutil.which("openssl") is None, reason="twurl (and openssl) not installed"
)
def test_twurl_authorize(server: LiveServer, tls_url: str, tmp_path: Path) -> None:
    app = flow_app(server)
    user = person(server)
    command = _twurl()
    assert command is not None
    twurl = subprocess.Popen(
        [*command, "authorize", "--consumer-key", app.consumer_key]
        + ["--consumer-secret", app.consumer_secret, "-H", tls_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    try:
        assert twurl.stdout is not None and twurl.stdin is not None
        line = twurl.stdout.readline()
        assert line.startswith(f"Go to https://{tls_url}/oauth/authorize?"), line
        url = line.split()[2]
        browser = requests.Session()
        page, form = open_page(browser, server, url)
        pin = pin_of(sign_in_and_allow(browser, page, form, user))
        out, err = twurl.communicate(pin + "\n", timeout=60)
    finally:
        if twurl.poll() is None:
            twurl.kill()
    assert twurl.returncode == 0, out + err
    assert "Authorization successful" in out
    rc = (tmp_path / ".twurlrc").read_text()
    assert user.screen_name in rc and app.consumer_key in rc and f"{user.id}-" in rc
