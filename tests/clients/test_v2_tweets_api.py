"""POST /2/tweets and DELETE /2/tweets/:id through tweepy's v2 Client (OAuth 1.0a user
context), on both stores: every body field, Twitter's validation and its problem bodies, and
the one store v1.1 shares (a v2 Tweet is a v1.1 status everywhere, and the other way round)."""

from __future__ import annotations

import io
import itertools
from typing import Any

import pytest
import requests
import tweepy

from roost.geo import places
from roost.services import users
from tests.support.cast import Cast, Member
from tests.support.clients import tweepy_client
from tests.support.media import image
from tests.support.server import LiveServer

# tweepy's media_upload imports imghdr, deprecated on Python 3.11 and 3.12.
pytestmark = pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")
_serial = itertools.count(1)
PROBLEMS = "https://api.twitter.com/2/problems/"


def client(cast: Cast, server: LiveServer, member: Member) -> tweepy.Client:
    return tweepy_client(
        server.url,
        cast.app.consumer_key,
        cast.app.consumer_secret,
        member.token.token,
        member.token.secret,
    )


def unique(text: str) -> str:
    return f"{text} {next(_serial)}"


def raw_post(cast: Cast, server: LiveServer, member: Member, body: Any, **kw: Any) -> Any:
    """A signed POST /2/tweets with any body (the JSON is not part of the signature)."""
    session = cast.session(member)
    return session.post(f"{server.url}/2/tweets", data=body, timeout=10, **kw)


def problem(r: requests.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = r.json()
    return body


def invalid(cast: Cast, server: LiveServer, member: Member, body: dict[str, Any]) -> str:
    """The message of a 400 invalid-request reply to ``body``."""
    import orjson

    r = raw_post(
        cast, server, member, orjson.dumps(body), headers={"content-type": "application/json"}
    )
    got = problem(r, 400)
    assert got["title"] == "Invalid Request" and got["type"] == PROBLEMS + "invalid-request"
    assert got["detail"] == "One or more parameters to your request was invalid."
    (error,) = got["errors"]
    assert set(error) == {"parameters", "message"}
    message: str = error["message"]
    return message


def test_create_answers_201_and_is_a_status_everywhere(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("v2post")
    text = unique("Hello from v2 #roost")
    r = client(cast, server, me).create_tweet(text=text, user_auth=True)
    data = r.data
    assert set(data) == {"id", "text", "edit_history_tweet_ids"}
    assert data["text"] == text and data["edit_history_tweet_ids"] == [data["id"]]
    sid = int(data["id"])
    shown = me.api.get_status(sid)
    assert shown.text == text  # the App's source label, as statuses/update gives it
    assert (shown.source, shown.source_url) == ("Roost Tests", "https://roost.test/")
    assert [t.id for t in me.api.user_timeline(user_id=me.id)] == [sid]
    assert sid in [t.id for t in cast.plain.api.search_tweets(q=text.split()[-1])]
    raw = raw_post(
        cast,
        server,
        me,
        b'{"text": "%s"}' % unique("raw").encode(),
        headers={"content-type": "application/json"},
    )
    assert raw.status_code == 201
    assert raw.headers["content-type"] == "application/json; charset=utf-8"  # v2's, recorded
    assert raw.headers["location"] == f"https://api.twitter.com/2/tweets/{raw.json()['data']['id']}"
    assert raw.headers["x-rate-limit-limit"] == "200"


def test_delete_is_the_authors_and_shared_with_v1(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("v2del")
    v2 = client(cast, server, me)
    v1_status = me.api.update_status(status=unique("posted through v1.1"))
    assert v2.delete_tweet(v1_status.id, user_auth=True).data == {"deleted": True}
    with pytest.raises(tweepy.NotFound):
        me.api.get_status(v1_status.id)
    sid = int(v2.create_tweet(text=unique("mine"), user_auth=True).data["id"])
    with pytest.raises(tweepy.Forbidden) as refused:
        client(cast, server, cast.plain).delete_tweet(sid, user_auth=True)
    assert refused.value.api_messages == ["You are not permitted to perform this action."]
    me.api.destroy_status(sid)  # a v2 Tweet deleted through v1.1
    with pytest.raises(tweepy.NotFound):
        v2.delete_tweet(sid, user_auth=True)
    r = cast.session(me).delete(f"{server.url}/2/tweets/abc")
    assert problem(r, 400)["errors"][0]["parameters"] == {"id": ["abc"]}


def test_reply_quote_and_exclusions(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("v2reply")
    v2 = client(cast, server, me)
    other = cast.plain
    parent = other.api.update_status(
        status=unique(f"thread start with @{cast.owner.user.screen_name}")
    )
    r = v2.create_tweet(text="my answer", in_reply_to_tweet_id=parent.id, user_auth=True)
    reply = me.api.get_status(r.data["id"])
    assert reply.in_reply_to_status_id == parent.id
    assert r.data["text"].startswith(f"@{other.user.screen_name} @{cast.owner.user.screen_name} ")
    r = v2.create_tweet(
        text="narrower",
        in_reply_to_tweet_id=parent.id,
        exclude_reply_user_ids=[cast.owner.id],
        user_auth=True,
    )
    assert r.data["text"] == f"@{other.user.screen_name} narrower"
    gone = other.api.update_status(status=unique("soon deleted"))
    other.api.destroy_status(gone.id)
    with pytest.raises(tweepy.Forbidden) as refused:
        v2.create_tweet(text="too late", in_reply_to_tweet_id=gone.id, user_auth=True)
    assert refused.value.api_messages == [
        "You attempted to reply to a Tweet that is deleted or not visible to you."
    ]
    r = v2.create_tweet(text=unique("quoting"), quote_tweet_id=parent.id, user_auth=True)
    quote = me.api.get_status(r.data["id"])
    assert quote.is_quote_status and quote.quoted_status_id == parent.id
    assert quote.quoted_status_permalink["expanded"] == (
        f"https://twitter.com/{other.user.screen_name}/status/{parent.id}"
    )
    # the quoted Tweet's link at the end of the text is its canonical permalink
    assert quote.entities["urls"][-1]["expanded_url"] == quote.quoted_status_permalink["expanded"]
    assert "is not a valid direct message deep link" in invalid(
        cast, server, me, {"text": "dm me", "direct_message_deep_link": "https://example.com/x"}
    )
    secret = cast.protected.api.update_status(status=unique("protected words"))
    message = invalid(cast, server, me, {"text": "q", "quote_tweet_id": str(secret.id)})
    assert message == "$.quote_tweet_id: is not a Tweet you may quote"


def test_media_and_photo_tags(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("v2media")
    v2 = client(cast, server, me)
    media_id = me.api.media_upload("a.png", file=io.BytesIO(image())).media_id
    allows = cast.new_member("tagok")
    refuses = cast.new_member("tagno", photo_tagging=False)
    r = v2.create_tweet(
        media_ids=[media_id],
        media_tagged_user_ids=[allows.id, refuses.id],
        user_auth=True,
    )
    sid = int(r.data["id"])
    status = me.api.get_status(sid)
    assert [m["id"] for m in status.extended_entities["media"]] == [media_id]
    with server.runtime.store.read() as tx:
        assert tx.status_extras([sid])[sid].tagged_user_ids == [allows.id]
    theirs = cast.plain.api.media_upload("b.png", file=io.BytesIO(image(color="red"))).media_id
    with pytest.raises(tweepy.BadRequest) as refused:
        v2.create_tweet(text="not mine", media_ids=[theirs], user_auth=True)
    assert refused.value.api_messages == ["Your media IDs are invalid."]
    (entry,) = refused.value.response.json()["errors"]  # the ids as sent, by their path
    assert entry["parameters"] == {"media.media_ids": [str(theirs)]}
    assert "must have between 1 and 4 items" in invalid(
        cast, server, me, {"media": {"media_ids": [str(media_id)] * 5}}
    )


def test_poll_reply_settings_and_geo(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("v2poll")
    v2 = client(cast, server, me)
    r = v2.create_tweet(
        text=unique("Tabs or spaces?"),
        poll_options=["tabs", "spaces"],
        poll_duration_minutes=60,
        reply_settings="mentionedUsers",
        user_auth=True,
    )
    sid = int(r.data["id"])
    with server.runtime.store.read() as tx:
        extras = tx.status_extras([sid])[sid]
    assert extras.poll is not None and extras.poll.options == ["tabs", "spaces"]
    assert extras.poll.duration_minutes == 60 and extras.reply_settings == "mentionedUsers"
    paris = places.reverse_geocode(48.8566, 2.3522)
    assert paris is not None
    r = v2.create_tweet(text=unique("no geo"), place_id=paris.id, user_auth=True)
    assert me.api.get_status(r.data["id"]).place is None  # geo disabled: not attached
    users.update_settings(cast.rt, me.user, geo_enabled=True)
    r = v2.create_tweet(text=unique("bonjour"), place_id=paris.id, user_auth=True)
    assert me.api.get_status(r.data["id"]).place.id == paris.id
    for body, expected in (
        ({"text": "p", "poll": {"options": ["one"], "duration_minutes": 60}}, "between 2 and 4"),
        ({"text": "p", "poll": {"options": list("abcde"), "duration_minutes": 60}}, "2 and 4"),
        ({"text": "p", "poll": {"options": ["a" * 26, "b"], "duration_minutes": 60}}, "25"),
        ({"text": "p", "poll": {"options": ["a", "b"], "duration_minutes": 4}}, "5 and 10080"),
        ({"text": "p", "poll": {"options": ["a", "b"], "duration_minutes": 10081}}, "10080"),
        ({"text": "p", "reply_settings": "everyone"}, "must be one of"),
    ):
        assert expected in invalid(cast, server, me, body), body


def test_validation_of_the_body(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("v2valid")
    media_id = me.api.media_upload("c.png", file=io.BytesIO(image())).media_id
    poll = {"options": ["a", "b"], "duration_minutes": 10}
    assert "mutually exclusive" in invalid(
        cast, server, me, {"media": {"media_ids": [str(media_id)]}, "poll": poll, "text": "x"}
    )
    assert "mutually exclusive" in invalid(
        cast, server, me, {"quote_tweet_id": "20", "poll": poll, "text": "x"}
    )
    assert "not defined in the schema" in invalid(cast, server, me, {"text": "x", "colour": 1})
    assert "not defined in the schema" in invalid(
        cast, server, me, {"text": "x", "reply": {"in_reply_to_tweet_id": "1", "x": 1}}
    )
    assert "regex pattern" in invalid(
        cast, server, me, {"text": "x", "reply": {"in_reply_to_tweet_id": 20}}
    )
    assert "is required" in invalid(cast, server, me, {})
    assert "must not be empty" in invalid(cast, server, me, {"text": ""})
    r = raw_post(cast, server, me, {"text": "form encoded"})
    assert "content-type" in problem(r, 400)["errors"][0]["message"]
    r = raw_post(cast, server, me, b"{not json", headers={"content-type": "application/json"})
    assert problem(r, 400)["errors"][0]["message"] == "Request body is not valid JSON."
    v2 = client(cast, server, me)
    with pytest.raises(tweepy.BadRequest) as long:
        v2.create_tweet(text="x" * 281, user_auth=True)
    assert long.value.api_messages[0].startswith("Your Tweet text is too long.")
    text = unique("said once")
    v2.create_tweet(text=text, user_auth=True)
    with pytest.raises(tweepy.Forbidden) as duplicate:
        v2.create_tweet(text=text, user_auth=True)
    assert duplicate.value.api_messages == [
        "You are not allowed to create a Tweet with duplicate content."
    ]
    with pytest.raises(tweepy.Forbidden):  # no Super Follows on Roost
        v2.create_tweet(text=unique("special"), for_super_followers_only=True, user_auth=True)
    r = raw_post(
        cast,
        server,
        me,
        b'{"text": "promoted only", "nullcast": true}',
        headers={"content-type": "application/json"},
    )
    assert problem(r, 403)["detail"] == "You are not permitted to perform this action."


def test_authentication_problems(cast: Cast, server: LiveServer) -> None:
    reader = cast.member(cast.new_member("v2read").user, read_only=True)
    r = raw_post(
        cast, server, reader, b'{"text":"hi"}', headers={"content-type": "application/json"}
    )
    body = problem(r, 403)
    assert body["type"] == PROBLEMS + "oauth1-permissions" and body["title"] == "Forbidden"
    bearer = requests.post(
        f"{server.url}/2/tweets",
        json={"text": "app only"},
        headers={"authorization": f"Bearer {cast.bearer}"},
        timeout=10,
    )
    body = problem(bearer, 403)
    assert body == {
        "title": "Unsupported Authentication",
        "detail": "Authenticating with OAuth 2.0 Application-Only is forbidden for this "
        "endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 "
        "User Context].",
        "type": PROBLEMS + "unsupported-authentication",
        "status": 403,
    }
    nobody = requests.post(f"{server.url}/2/tweets", json={"text": "who"}, timeout=10)
    assert problem(nobody, 401) == {
        "title": "Unauthorized",
        "detail": "Unauthorized",
        "type": "about:blank",
        "status": 401,
    }
    # FIDELITY section 11 records the 401 and the 403 in this key order
    assert list(problem(nobody, 401)) == ["title", "type", "status", "detail"]
    assert list(body) == ["title", "type", "status", "detail"]
    wrong = tweepy_client(server.url, cast.app.consumer_key, "wrong-secret", "a", "b")
    with pytest.raises(tweepy.Unauthorized):
        wrong.create_tweet(text="forged", user_auth=True)


def test_rate_limits_of_the_guide(tmp_path: Any, server_factory: Any) -> None:
    """200 POSTs and 50 DELETEs per 15 minutes per user, and the 300 per 3 hours shared with
    v1.1's statuses/update (here scaled down by an override file, windows otherwise Twitter's)."""
    from tests.support.cast import make_cast

    rules = tmp_path / "limits.toml"
    rules.write_text(
        '["/2/tweets&POST"]\nuser = 2\nuser_all = 3\n'
        '["/statuses/update"]\nuser_all = 3\n'
        '["/2/tweets/:id&DELETE"]\nuser = 1\n'
    )
    srv = server_factory("sqlite", rate_limits=str(rules))
    cast = make_cast(srv.runtime, srv.hostport)
    me = cast.plain
    v2 = client(cast, srv, me)
    first = int(v2.create_tweet(text=unique("one"), user_auth=True).data["id"])
    v2.create_tweet(text=unique("two"), user_auth=True)
    with pytest.raises(tweepy.TooManyRequests) as over:  # the v2 user window: 2
        v2.create_tweet(text=unique("three"), user_auth=True)
    assert over.value.response.json() == {
        "title": "Too Many Requests",
        "detail": "Too Many Requests",
        "type": "about:blank",
        "status": 429,
    }
    assert list(over.value.response.json()) == ["title", "detail", "type", "status"]
    assert over.value.response.headers["x-rate-limit-remaining"] == "0"
    me.api.update_status(status=unique("v1 counts too"))  # the shared window's third
    with pytest.raises(tweepy.TooManyRequests):  # v1.1 now over the shared 3
        me.api.update_status(status=unique("v1 over"))
    assert v2.delete_tweet(first, user_auth=True).data == {"deleted": True}
    with pytest.raises(tweepy.TooManyRequests):
        v2.delete_tweet(first + 1, user_auth=True)
    other = client(cast, srv, cast.follower)  # another user has windows of their own
    assert other.create_tweet(text=unique("mine"), user_auth=True).data["id"]
