"""GET /2/users/me over real HTTP with tweepy's v2 Client, on both stores: OAuth 1.0a user
context and an OAuth 2.0 user token (its scopes checked), ``user.fields``, v2's refusals."""

from __future__ import annotations

from typing import Any

import requests

from roost.services import apps, oauth2_flow, users
from tests.support.cast import Cast, unique_name
from tests.support.clients import tweepy_client
from tests.support.server import LiveServer


def problem(r: requests.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = r.json()
    return body


def test_get_me_with_oauth1_and_user_fields(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("me", name="Me Myself")
    client = tweepy_client(
        server.url, cast.app.consumer_key, cast.app.consumer_secret, me.token.token, me.token.secret
    )
    plain = client.get_me()
    assert plain.data.data == {
        "id": str(me.user.id),
        "name": "Me Myself",
        "username": me.user.screen_name,
    }
    me.api.update_status(status=f"counted {unique_name('t')}")
    full = client.get_me(user_fields=["created_at", "protected", "public_metrics", "description"])
    data = full.data.data
    assert data["protected"] is False and data["description"] == ""
    assert data["public_metrics"]["tweet_count"] == 1
    assert data["created_at"].endswith(".000Z") and data["created_at"][:4].isdigit()
    r = cast.session(me).get(f"{server.url}/2/users/me", params={"user.fields": "created_at,nope"})
    body = problem(r, 400)
    assert body["errors"][0]["parameters"] == {"user.fields": ["nope"]}
    assert body["errors"][0]["message"].startswith(
        "The `user.fields` query parameter value [nope] is not one of [created_at,"
    )
    r = cast.session(me).get(f"{server.url}/2/users/me", params={"foo": "1"})
    assert problem(r, 400)["errors"][0]["message"].startswith("The query parameter [foo] is not")
    ok = cast.session(me).get(f"{server.url}/2/users/me")
    assert ok.status_code == 200 and ok.headers["x-rate-limit-limit"] == "75"


def test_get_me_with_an_oauth2_token_needs_its_scopes(server: LiveServer) -> None:
    user = users.create_user(server.runtime, unique_name("o2me"))
    app, _ = apps.create_app(server.runtime, unique_name("MeApp")[:32])
    good = oauth2_flow.issue_token(server.runtime, app.id, user.id, ("tweet.read", "users.read"))
    client = tweepy_client(server.url, bearer=good.access_token)
    got = client.get_me(user_auth=False)
    assert got.data.id == user.id and got.data.username == user.screen_name
    narrow = oauth2_flow.issue_token(server.runtime, app.id, user.id, ("tweet.read",))
    r = requests.get(
        f"{server.url}/2/users/me",
        headers={"authorization": f"Bearer {narrow.access_token}"},
        timeout=10,
    )
    assert problem(r, 403)["detail"] == "Forbidden"


def test_get_me_refuses_app_only(cast: Cast, server: LiveServer) -> None:
    r = requests.get(
        f"{server.url}/2/users/me",
        headers={"authorization": f"Bearer {cast.bearer}"},
        timeout=10,
    )
    assert (
        problem(r, 403)["type"] == "https://api.twitter.com/2/problems/unsupported-authentication"
    )
