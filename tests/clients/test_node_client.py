"""twitter-api-v2, the most used Node.js Twitter client (npm, by plhery), unchanged against
Roost: v2 Manage Tweets with OAuth 1.0a user context, the OAuth 1.0a 3-legged flow and OAuth
2.0 Authorization Code with PKCE (confidential and public clients), on both stores.

Each test runs ``tests/clients/node/roost_client.mjs`` with a JSON argument (the scenario, the
keys, the server's URL) and asserts on the JSON it prints, checking the values against Roost's
store and its v1.1 API; the consent pages are driven from Python as a browser without
JavaScript would. How the script routes the client's fixed https://api.x.com URLs to the
plain-http test server without touching its signing is in the script's header.

The client is pinned in tests/clients/node/package.json and its lock file; the first test of a
session runs ``npm ci`` there when node_modules is missing or holds another version. Without
node and npm the tests are skipped, unless ROOST_REQUIRE_NODE is set (scripts/need-node), which
makes that a failure.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import itertools
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import tweepy

from roost.domain.model import App, User
from roost.services import apps, users
from tests.support.cast import Cast, unique_name
from tests.support.clients import tweepy_api
from tests.support.forms import form_with_id, submit
from tests.support.server import LiveServer

NODE_DIR = Path(__file__).parent / "node"
SCRIPT = NODE_DIR / "roost_client.mjs"
PACKAGE = "twitter-api-v2"
BROWSER = {"accept": "text/html"}
PASSWORD = "correct horse battery"
CALLBACK = "https://client.example/twitter/callback"
REDIRECT = "https://client.example/callback"
MANAGE = ["tweet.read", "tweet.write", "users.read", "offline.access"]
UNAUTHORIZED = {
    "title": "Unauthorized",
    "type": "about:blank",
    "status": 401,
    "detail": "Unauthorized",
}
_serial = itertools.count(1)


# ------------------------------------------------------------------------------ node, npm
def _pinned_version() -> str:
    version: str = json.loads((NODE_DIR / "package.json").read_text())["dependencies"][PACKAGE]
    return version


def _installed_version() -> str | None:
    manifest = NODE_DIR / "node_modules" / PACKAGE / "package.json"
    if not manifest.exists():
        return None
    version: str = json.loads(manifest.read_text())["version"]
    return version


@pytest.fixture(scope="session")
def node() -> str:
    """The node binary, with the pinned client installed by ``npm ci`` if it is not yet."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing = " and ".join(name for name, path in (("node", node), ("npm", npm)) if not path)
        reason = f"{missing} not installed (Debian: apt-get install nodejs npm)"
        if os.environ.get("ROOST_REQUIRE_NODE"):
            pytest.fail(f"ROOST_REQUIRE_NODE is set but {reason}")
        pytest.skip(reason)
    with open(NODE_DIR / "package.json") as lock_holder:  # one npm ci at a time
        fcntl.flock(lock_holder, fcntl.LOCK_EX)
        if _installed_version() != _pinned_version():
            done = subprocess.run(
                [npm, "ci", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund"],
                capture_output=True,
                text=True,
                timeout=600,
            )
            if done.returncode != 0:
                pytest.fail(f"npm ci failed in {NODE_DIR}:\n{done.stdout}\n{done.stderr}")
    assert _installed_version() == _pinned_version()
    return node


def run_node(node: str, server: LiveServer, scenario: str, **args: Any) -> dict[str, Any]:
    """Run one scenario of the script: its steps, each ``{"ok": ...}`` or ``{"error": ...}``."""
    argument = json.dumps({"scenario": scenario, "server": server.url, **args})
    done = subprocess.run(
        [node, str(SCRIPT), argument],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=NODE_DIR,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr
    steps: dict[str, Any] = json.loads(lines[-1])
    return steps


def ok(steps: dict[str, Any], name: str) -> Any:
    """The value of a step that must have succeeded."""
    assert "ok" in steps[name], f"{name}: {steps[name]}"
    return steps[name]["ok"]


def failed(steps: dict[str, Any], name: str, code: int) -> dict[str, Any]:
    """The ApiResponseError of a step that must have failed with HTTP ``code``."""
    assert "error" in steps[name], f"{name} succeeded: {steps[name]}"
    error: dict[str, Any] = steps[name]["error"]
    assert error["kind"] == "ApiResponseError", error
    assert error["code"] == code, error
    return error


def refusal(error: dict[str, Any]) -> dict[str, Any]:
    """An OAuth 2.0 token endpoint's refusal as Roost sent it: the client adds an ``errors``
    array of its own to a body with ``error`` and no ``errors`` (its v1.1 error fix-up)."""
    data = dict(error["data"])
    assert data.pop("errors") == [{"code": 131, "message": data["error"]}]
    return data


def unique(text: str) -> str:
    return f"{text} #node{next(_serial)}"


def person(server: LiveServer) -> User:
    return users.create_user(server.runtime, unique_name("node"), password=PASSWORD)


def sign_in(user: User) -> dict[str, str]:
    return {"session[username_or_email]": user.screen_name, "session[password]": PASSWORD}


def approve_page(server: LiveServer, url: str, form_id: str, user: User) -> requests.Response:
    """Open a client's authorization URL (on Twitter's host) on the test server, sign in on
    the page and press Allow, as a browser without JavaScript: the answer, not followed."""
    parts = urlsplit(url)
    browser = requests.Session()
    page = browser.get(f"{server.url}{parts.path}?{parts.query}", headers=BROWSER, timeout=10)
    assert page.status_code == 200, page.text
    return submit(browser, page, form_with_id(page.text, form_id), "allow", **sign_in(user))


def redirect_query(answer: requests.Response, target: str) -> dict[str, str]:
    assert answer.status_code == 302, answer.text
    location = answer.headers["location"]
    assert location.split("?")[0] == target, location
    return dict(parse_qsl(urlsplit(location).query))


# ------------------------------------------------------------------ v2 Manage Tweets, OAuth 1.0a
def test_manage_tweets_with_oauth1_user_context(cast: Cast, server: LiveServer, node: str) -> None:
    me = cast.new_member("nodev2")
    parent = cast.plain.api.update_status(
        status=unique(f"thread start with @{cast.owner.user.screen_name}")
    )
    text = unique("Hello from twitter-api-v2")
    steps = run_node(
        node,
        server,
        "manage",
        appKey=cast.app.consumer_key,
        appSecret=cast.app.consumer_secret,
        accessToken=me.token.token,
        accessSecret=me.token.secret,
        text=text,
        replyText="my answer",
        quoteText=unique("quoting"),
        pollText=unique("Tabs or spaces?"),
        doomedText=unique("soon deleted"),
        parentId=str(parent.id),
    )

    created = ok(steps, "tweet")["data"]
    assert set(created) == {"id", "text", "edit_history_tweet_ids"}
    assert created["text"] == text and created["edit_history_tweet_ids"] == [created["id"]]
    shown = me.api.get_status(int(created["id"]))  # read back through v1.1
    assert shown.text == text and shown.user.id == me.id
    assert (shown.source, shown.source_url) == ("Roost Tests", "https://roost.test/")
    # The client read the window from Roost's x-rate-limit headers (200 per 15 minutes).
    limit = ok(steps, "rateLimit")
    assert limit["limit"] == 200 and 0 <= limit["remaining"] < 200 and limit["reset"] > 0

    reply = ok(steps, "reply")["data"]
    plain, owner = cast.plain.user.screen_name, cast.owner.user.screen_name
    assert reply["text"] == f"@{plain} @{owner} my answer"
    assert me.api.get_status(int(reply["id"])).in_reply_to_status_id == parent.id

    quote = me.api.get_status(int(ok(steps, "quote")["data"]["id"]))
    assert quote.is_quote_status and quote.quoted_status_id == parent.id

    poll_id = int(ok(steps, "poll")["data"]["id"])
    with server.runtime.store.read() as tx:
        poll = tx.status_extras([poll_id])[poll_id].poll
    assert poll is not None and poll.options == ["tabs", "spaces"]
    assert poll.duration_minutes == 60

    duplicate = failed(steps, "duplicate", 403)
    assert duplicate["data"] == {
        "title": "Forbidden",
        "type": "about:blank",
        "status": 403,
        "detail": "You are not allowed to create a Tweet with duplicate content.",
    }
    assert duplicate["contentType"].startswith("application/problem+json")
    assert duplicate["message"] == (
        "Request failed with code 403"  # no "errors" array: the client adds no detail
    )

    doomed = int(ok(steps, "doomed")["data"]["id"])
    assert ok(steps, "delete") == {"data": {"deleted": True}}
    with pytest.raises(tweepy.NotFound):
        me.api.get_status(doomed)
    failed(steps, "deleteAgain", 404)
    assert [s.id for s in me.api.user_timeline(user_id=me.id)] == [
        poll_id,
        quote.id,
        int(reply["id"]),
        int(created["id"]),
    ]


# ----------------------------------------------------------------------- OAuth 1.0a 3-legged
def flow_app(server: LiveServer) -> App:
    app, _ = apps.create_app(
        server.runtime,
        f"Node Flow {next(_serial)}",
        website="https://client.example/",
        callback_urls=(CALLBACK,),
    )
    return app


def pin_of(answer: requests.Response) -> str:
    assert answer.status_code == 200, answer.text
    pin = answer.text.split('<div id="oauth_pin">', 1)[1].split("<code>", 1)[1]
    return pin.split("</code>", 1)[0]


def request_token_approved(
    server: LiveServer, node: str, app: App, user: User, callback: str
) -> tuple[dict[str, str], str]:
    """generateAuthLink(callback): the request token the script got and the verifier ``user``
    was given on the page it links to (the callback's ``oauth_verifier``, or the PIN)."""
    keys = {"appKey": app.consumer_key, "appSecret": app.consumer_secret}
    link: dict[str, str] = ok(
        run_node(node, server, "oauth1Link", callback=callback, **keys), "link"
    )
    answer = approve_page(server, link["url"], "oauth_form", user)
    if callback == "oob":
        return link, pin_of(answer)
    query = redirect_query(answer, CALLBACK)
    assert query["oauth_token"] == link["oauth_token"]
    return link, query["oauth_verifier"]


@pytest.mark.parametrize("callback", [CALLBACK, "oob"])
def test_oauth1_generate_auth_link_and_the_consent_page(
    server: LiveServer, node: str, callback: str
) -> None:
    app = flow_app(server)
    user = person(server)
    link, verifier = request_token_approved(server, node, app, user, callback)
    assert set(link) == {"url", "oauth_token", "oauth_token_secret", "oauth_callback_confirmed"}
    assert link["oauth_callback_confirmed"] == "true"
    # generateAuthLink's default page is Sign in with Twitter's.
    assert link["url"] == f"https://api.x.com/oauth/authenticate?oauth_token={link['oauth_token']}"
    with server.runtime.store.read() as tx:
        stored = tx.request_token(link["oauth_token"])
    assert (
        stored is not None
        and stored.app_id == app.id
        and stored.secret == link["oauth_token_secret"]
    )
    assert stored.callback == callback and stored.user_id == user.id and stored.verifier == verifier


@pytest.mark.parametrize("callback", [CALLBACK, "oob"])
def test_oauth1_login_then_the_users_client(server: LiveServer, node: str, callback: str) -> None:
    app = flow_app(server)
    user = person(server)
    link, verifier = request_token_approved(server, node, app, user, callback)
    text = unique("Signed in with twitter-api-v2")
    steps = run_node(
        node,
        server,
        "oauth1Login",
        appKey=app.consumer_key,
        appSecret=app.consumer_secret,
        oauthToken=link["oauth_token"],
        oauthTokenSecret=link["oauth_token_secret"],
        verifier=verifier,
        text=text,
    )
    login = ok(steps, "login")
    assert login["userId"] == str(user.id) and login["screenName"] == user.screen_name
    assert login["accessToken"].startswith(f"{user.id}-")
    assert ok(steps, "verifyCredentials") == {
        "id_str": str(user.id),
        "screen_name": user.screen_name,
    }
    # The token works for Python's tweepy too, and the Node client's Tweet is the user's.
    api = tweepy_api(
        server.hostport,
        app.consumer_key,
        app.consumer_secret,
        login["accessToken"],
        login["accessSecret"],
    )
    assert api.verify_credentials().id == user.id
    status = api.get_status(int(ok(steps, "tweet")["data"]["id"]))
    assert status.text == text and status.user.id == user.id and status.source == app.name
    # The request token was spent by the exchange: Twitter's plain-text refusal, which the
    # client parses as a form (its rule for https://api.x.com/oauth/ answers).
    again = failed(steps, "again", 401)
    assert again["contentType"] == "text/html;charset=utf-8"
    assert again["data"] == {"Invalid request token.": ""}


# ----------------------------------------------------------------------- OAuth 2.0 with PKCE
def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


@pytest.mark.parametrize("client_type", ["confidential", "public"])
def test_oauth2_pkce_login_refresh_and_revoke(
    server: LiveServer, node: str, client_type: str
) -> None:
    app, bearer = apps.create_app(
        server.runtime,
        f"Node OAuth2 {next(_serial)}",
        website="https://client.example/",
        callback_urls=(REDIRECT,),
        client_type=client_type,
    )
    assert (app.client_secret is None) == (client_type == "public")
    user = person(server)
    keys: dict[str, Any] = {"clientId": app.client_id}
    if app.client_secret is not None:
        keys["clientSecret"] = app.client_secret

    link = ok(
        run_node(node, server, "oauth2Link", redirectUri=REDIRECT, scope=MANAGE, **keys), "link"
    )
    assert link["url"].startswith("https://x.com/i/oauth2/authorize?")
    asked = dict(parse_qsl(urlsplit(link["url"]).query))
    assert asked == {
        "response_type": "code",
        "client_id": app.client_id,
        "redirect_uri": REDIRECT,
        "state": link["state"],
        "code_challenge": s256(link["codeVerifier"]),
        "code_challenge_method": "s256",
        "scope": " ".join(MANAGE),
    }
    query = redirect_query(
        approve_page(server, link["url"], "oauth2_authorize_form", user), REDIRECT
    )
    assert query["state"] == link["state"]

    text = unique("Posted by twitter-api-v2 with OAuth 2.0")
    steps = run_node(
        node,
        server,
        "oauth2Session",
        code=query["code"],
        codeVerifier=link["codeVerifier"],
        redirectUri=REDIRECT,
        text=text,
        **keys,
    )
    first = ok(steps, "login")
    assert first["expiresIn"] == 7200 and sorted(first["scope"]) == sorted(MANAGE)
    assert first["refreshToken"] and first["refreshToken"] != first["accessToken"]

    reader = tweepy_api(server.hostport, app.consumer_key, app.consumer_secret, bearer=bearer.token)
    created = ok(steps, "tweet")["data"]
    assert created["text"] == text and created["edit_history_tweet_ids"] == [created["id"]]
    assert ok(steps, "delete") == {"data": {"deleted": True}}
    with pytest.raises(tweepy.NotFound):
        reader.get_status(int(created["id"]))
    assert refusal(failed(steps, "codeAgain", 400)) == {
        "error": "invalid_request",
        "error_description": "Value passed for the authorization code was invalid.",
    }

    # Refresh rotates: a new pair, the old refresh token (and access token) dead.
    second = ok(steps, "refresh")
    assert second["accessToken"] != first["accessToken"]
    assert second["refreshToken"] and second["refreshToken"] != first["refreshToken"]
    assert second["expiresIn"] == 7200 and sorted(second["scope"]) == sorted(MANAGE)
    assert refusal(failed(steps, "refreshAgain", 400)) == {
        "error": "invalid_request",
        "error_description": "Value passed for the token was invalid.",
    }
    assert failed(steps, "oldAccessToken", 401)["data"] == UNAUTHORIZED
    fresh = reader.get_status(int(ok(steps, "newAccessToken")["data"]["id"]))
    assert fresh.user.id == user.id and fresh.text == text + " (new)"
    assert fresh.source == app.name

    assert ok(steps, "revoke") == {"revoked": True}
    after = failed(steps, "afterRevoke", 401)
    assert after["data"] == UNAUTHORIZED and after["isAuthError"] is True
    assert [s.id for s in reader.user_timeline(user_id=user.id)] == [fresh.id]
