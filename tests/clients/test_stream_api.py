"""statuses/filter over real HTTP: tweepy 4.13's ``Stream`` and twarc's ``filter`` unchanged,
and raw reads of the bytes Roost sends (framing, keep-alives, every message type, the
connection limits and the HTTP errors of the seeds).

Each test tracks a word of its own (or follows a fresh account), so the statuses other tests
post into the shared server never reach its stream.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import requests

from roost.render.stream import stream_tweet
from roost.render.tweets import TweetOptions, load_tweet_context
from roost.services import tweets as tweet_service
from tests.conftest import BACKENDS
from tests.support.cast import Cast, Member, make_cast
from tests.support.server import LiveServer, roost_cli
from tests.support.streams import RawStream, statuses

TWEEPY_413 = Path(sys.prefix) / "clients" / "tweepy413"
_serial = itertools.count(1)

# A server whose streams send keep-alives every half second and never rate-limit deliveries.
FAST = {
    "stream_keep_alive": 0.5,
    "stream_rate": 0.0,
    "stream_reconnects": 10_000,
    "credential_cache_ttl": 0.5,  # also how often streams' tokens are checked (revoked.py)
}


def word() -> str:
    """A word no other test posts."""
    return f"zs{next(_serial)}y{id(object()) % 99991}"


_live: dict[str, LiveServer] = {}
BOTH = pytest.mark.parametrize("live", BACKENDS, indirect=True)  # these also on PostgreSQL


@pytest.fixture
def live(request: pytest.FixtureRequest, server_factory) -> LiveServer:  # noqa: ANN001
    """The streaming tests' server (SQLite unless a test asks for both stores with BOTH)."""
    backend = getattr(request, "param", "sqlite")
    if backend not in _live:
        _live[backend] = server_factory(backend, **FAST)
    return _live[backend]


@pytest.fixture
def crew(live: LiveServer) -> Cast:
    return make_cast(live.runtime, live.hostport)


def connect(crew: Cast, live: LiveServer, member: Member | None = None, **params: str) -> RawStream:
    stream = RawStream(crew.session(member), live.url, params)
    return stream


def post(member: Member, text: str, **kw: Any) -> int:
    return member.api.update_status(status=text, **kw).id


def has(kind: str, n: int = 1):  # noqa: ANN201
    return lambda msgs: sum(1 for m in msgs if kind in m) >= n


@pytest.fixture
def opened() -> Iterator[list[RawStream]]:
    streams: list[RawStream] = []
    yield streams
    for s in streams:
        s.close()


# ---------------------------------------------------------------------- real clients
@BOTH
def test_tweepy_413_stream_receives_tracked_and_followed_statuses(
    crew: Cast, live: LiveServer
) -> None:
    assert (TWEEPY_413 / "tweepy").is_dir(), "make test installs tweepy 4.13 there"
    term = word()
    author = crew.new_member("tw413")
    predicates = {"track": [term], "follow": [str(author.id)], "stall_warnings": True}
    env = {
        **os.environ,
        "PYTHONPATH": f"{TWEEPY_413}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).parent.parent / "support" / "tweepy413_stream.py"),
            live.hostport,
            crew.app.consumer_key,
            crew.app.consumer_secret,
            crew.plain.token.token,
            crew.plain.token.secret,
            json.dumps(predicates),
            "3",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = json.loads(proc.stdout.readline())
        assert first == {"connect": True}
        tracked = post(crew.owner, f"hello {term} world")
        post(crew.owner, "an unrelated status")
        own = post(author, "by the followed account")
        retweet = author.api.retweet(tracked).id
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    events = [json.loads(line) for line in out.splitlines()]
    got = [e["status"] for e in events if "status" in e]
    assert [s["id"] for s in got] == [tracked, own, retweet], (events, err)
    assert got[0]["text"] == f"hello {term} world"
    assert got[2]["retweeted"] is True and got[2]["user_id"] == author.id


def test_twarc_filter_receives_tracked_statuses(
    crew: Cast, live: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import twarc
    import twarc.client
    from requests_oauthlib import OAuth1Session

    class ToRoost(requests.adapters.HTTPAdapter):
        def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
            assert request.url is not None
            for host in ("https://stream.twitter.com", "https://api.twitter.com"):
                request.url = request.url.replace(host, live.url)
            return super().send(request, **kwargs)

    class RoostSession(OAuth1Session):  # every session twarc opens sends to Roost
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.mount("https://", ToRoost())

    monkeypatch.setattr(twarc.client, "OAuth1Session", RoostSession)
    term = word()
    t = twarc.Twarc(  # its constructor checks the keys: GET account/verify_credentials
        crew.app.consumer_key,
        crew.app.consumer_secret,
        crew.plain.token.token,
        crew.plain.token.secret,
    )
    import threading

    got: list[dict[str, Any]] = []
    stop = threading.Event()

    def run() -> None:
        for message in t.filter(track=term, event=stop, record_keepalive=True):
            if isinstance(message, dict):
                got.append(message)
                if len(got) >= 2:
                    stop.set()
                    return

    reader = threading.Thread(target=run, daemon=True)
    reader.start()
    deadline = time.monotonic() + 10
    while not live.app_state().stream_hub.connections and time.monotonic() < deadline:
        time.sleep(0.05)
    first = post(crew.owner, f"{term} one")
    second = post(crew.owner, f"two #{term}")
    reader.join(timeout=15)
    assert [m["id"] for m in got] == [first, second]
    assert got[1]["entities"]["hashtags"][0]["text"] == term


# ---------------------------------------------------------------------- framing and shapes
def test_get_and_post_deliver_the_streamed_tweet_object(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    term = word()
    by_post = connect(crew, live, track=term)
    by_get = RawStream(crew.session(crew.follower), live.url, {"track": term}, method="GET")
    opened += [by_post, by_get]
    assert by_post.status == by_get.status == 200
    assert by_post.response.headers["content-type"].startswith("application/json")
    assert by_post.response.headers.get("transfer-encoding") == "chunked"
    long_text = f"{term} " + "word " * 40 + "https://example.com/a/long/path"
    status_id = post(crew.owner, long_text)
    for stream in (by_post, by_get):
        (got,) = statuses(stream.wait_messages(lambda m: len(statuses(m)) >= 1))
        stored = live.runtime.store.status_by_id(status_id)
        assert stored is not None
        with live.runtime.store.read() as tx:
            ctx = load_tweet_context(tx, None, [stored], TweetOptions())
        assert got == orjson.loads(orjson.dumps(stream_tweet(stored, ctx)))
        assert list(got)[-3:] == ["filter_level", "lang", "timestamp_ms"]
        assert got["truncated"] is True and got["extended_tweet"]["full_text"] == stored.text
        assert got["timestamp_ms"] == str((status_id >> 22) + 1288834974657)
        assert got["favorited"] is False and got["retweeted"] is False
        assert got["quote_count"] == 0 and got["reply_count"] == 0
        assert got["filter_level"] == "low"


def test_include_ext_edit_control_adds_the_edit_metadata(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    term = word()
    plain = connect(crew, live, track=term)
    edited = RawStream(
        crew.session(crew.follower), live.url, {"track": term, "include_ext_edit_control": "true"}
    )
    opened += [plain, edited]
    status_id = post(crew.owner, f"{term} with or without edit metadata")
    (without,) = statuses(plain.wait_messages(lambda m: len(statuses(m)) >= 1))
    (with_edit,) = statuses(edited.wait_messages(lambda m: len(statuses(m)) >= 1))
    assert "ext_edit_control" not in without
    assert with_edit["ext_edit_control"]["initial"]["edit_tweet_ids"] == [str(status_id)]
    assert list(with_edit)[-1] == "timestamp_ms"


def test_delimited_length_frames_each_message_with_its_byte_count(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    term = word()
    stream = connect(crew, live, track=term, delimited="length")
    opened.append(stream)
    post(crew.owner, f"{term} é ünïcode 東京 🎉")
    post(crew.owner, f"second {term}")

    def frames(data: bytes) -> list[bytes]:
        out = []
        rest = data
        while True:
            rest = rest.lstrip(b"\r\n")  # keep-alives may come before a length
            head, sep, tail = rest.partition(b"\r\n")
            if not sep or not head.isdigit() or len(tail) < int(head):
                return out
            out.append(tail[: int(head)])
            rest = tail[int(head) :]

    data = stream.wait(lambda d: len(frames(d)) >= 2)
    got = frames(data)
    for frame in got:
        assert frame.endswith(b"\r\n") and frame.count(b"\r\n") == 1
        orjson.loads(frame)
    assert data.lstrip(b"\r\n").startswith(str(len(got[0])).encode() + b"\r\n{")


def test_keep_alive_blank_lines_while_nothing_matches(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    stream = connect(crew, live, track=word())
    opened.append(stream)
    data = stream.wait(lambda d: d.count(b"\r\n") >= 2, timeout=5)
    assert set(data) <= set(b"\r\n") and data.startswith(b"\r\n")


# ---------------------------------------------------------------------- predicates end to end
def test_follow_delivers_the_seeds_list_and_never_mentions_or_manual_retweets(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    followed = crew.new_member("fol")
    other = crew.new_member("oth")
    stream = connect(crew, live, follow=str(followed.id))
    opened.append(stream)
    own = post(followed, "my own status")
    reply = post(other, f"@{followed.user.screen_name} a reply", in_reply_to_status_id=own)
    retweet_of_theirs = other.api.retweet(own).id
    by_other = post(other, "something by someone else")
    retweet_by_them = followed.api.retweet(by_other).id
    post(other, f"just mentioning @{followed.user.screen_name} here")
    post(other, f"RT @{followed.user.screen_name}: my own status")
    manual = post(other, f"@{followed.user.screen_name} I agree")  # no reply button pressed
    last = post(followed, "the end")
    msgs = stream.wait_messages(lambda m: any(s.get("id") == last for s in statuses(m)))
    got = statuses(msgs)
    assert [s["id"] for s in got] == [
        own,
        reply,
        retweet_of_theirs,
        retweet_by_them,
        manual,
        last,
    ]
    assert got[4]["in_reply_to_user_id"] == followed.id and got[4]["in_reply_to_status_id"] is None
    assert got[4]["in_reply_to_screen_name"] == followed.user.screen_name


def test_track_locations_or_and_protected_authors_never_stream(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    term = word()
    geo = crew.new_member("geo", geo_enabled=True)
    stream = connect(crew, live, track=f"{term} apple,{term}zz", locations="-74,40,-73,41")
    opened.append(stream)
    post(crew.owner, f"{term} only half the phrase")
    both = post(crew.owner, f"APPLE pie and {term}!")
    post(crew.protected, f"{term} apple from a protected account")
    in_nyc = post(geo, "at the park", lat="40.7306", long="-73.9866")
    post(geo, "in Paris", lat="48.8566", long="2.3522")
    other = post(crew.owner, f"#{term}zz")
    msgs = stream.wait_messages(lambda m: any(s.get("id") == other for s in statuses(m)))
    assert [s["id"] for s in statuses(msgs)] == [both, in_nyc, other]


def test_language_and_filter_level_narrow_the_matches(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    term = word()
    french = connect(crew, live, track=term, language="fr")
    medium = RawStream(
        crew.session(crew.follower), live.url, {"track": term, "filter_level": "medium"}
    )
    opened += [french, medium]
    notable = crew.new_member("vip")
    with live.runtime.store.write() as tx:  # a verified account's statuses rate "medium"
        tx.update_user(notable.id, verified=True)
    post(crew.owner, f"{term} this is clearly an English sentence about the weather today")
    fr = post(crew.owner, f"{term} ceci est une phrase en français sur le temps qu'il fait")
    vip = post(notable, f"{term} a verified account speaks about the weather today")
    msgs = french.wait_messages(lambda m: len(statuses(m)) >= 1)
    assert [s["id"] for s in statuses(msgs)] == [fr]
    got = statuses(medium.wait_messages(lambda m: len(statuses(m)) >= 1))
    assert [s["id"] for s in got] == [vip]  # the plain accounts' statuses rate "low"
    assert got[0]["filter_level"] == "medium"


# ---------------------------------------------------------------------- message types
@BOTH
def test_delete_notice_when_a_delivered_status_is_deleted(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    term = word()
    stream = connect(crew, live, track=term)
    opened.append(stream)
    status_id = post(crew.owner, f"soon gone {term}")
    crew.owner.api.destroy_status(status_id)
    msgs = stream.wait_messages(has("delete"))
    (notice,) = [m for m in msgs if "delete" in m]
    assert notice["delete"]["status"] == {
        "id": status_id,
        "id_str": str(status_id),
        "user_id": crew.owner.id,
        "user_id_str": str(crew.owner.id),
    }
    assert notice["delete"]["timestamp_ms"].isdigit()


def test_limit_notices_count_what_the_delivery_rate_held_back(
    server_factory,  # noqa: ANN001
    opened: list[RawStream],
) -> None:
    slow = server_factory("sqlite", stream_rate=1.0, stream_keep_alive=5.0)
    crew = make_cast(slow.runtime, slow.hostport)
    term = word()
    stream = RawStream(crew.session(), slow.url, {"track": term})
    opened.append(stream)
    for i in range(4):
        post(crew.owner, f"{term} number {i}")
    msgs = stream.wait_messages(lambda m: any(x.get("limit", {}).get("track", 0) >= 3 for x in m))
    assert len(statuses(msgs)) == 1
    limit = [m for m in msgs if "limit" in m][-1]["limit"]
    assert limit["track"] == 3 and limit["timestamp_ms"].isdigit()


@BOTH
def test_backfill_with_count_then_live_or_disconnect(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    term = word()
    first, second, third = (post(crew.owner, f"{term} {n}") for n in ("a", "b", "c"))
    live_stream = connect(crew, live, track=term, count="2")
    opened.append(live_stream)
    msgs = live_stream.wait_messages(lambda m: len(statuses(m)) >= 2)
    assert [s["id"] for s in statuses(msgs)] == [second, third]
    fourth = post(crew.owner, f"{term} d")
    msgs = live_stream.wait_messages(lambda m: len(statuses(m)) >= 3)
    assert [s["id"] for s in statuses(msgs)] == [second, third, fourth]
    once = RawStream(crew.session(crew.follower), live.url, {"track": term, "count": "-3"})
    opened.append(once)
    msgs = once.wait_messages(has("disconnect"))
    assert [s["id"] for s in statuses(msgs)] == [second, third, fourth]
    assert msgs[-1]["disconnect"]["code"] == 9
    once.wait_closed()
    assert first not in [s["id"] for s in statuses(msgs)]


# ---------------------------------------------------------------------- disconnects
def test_same_credentials_again_close_the_older_stream_with_code_7(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    older = connect(crew, live, track=word())
    opened.append(older)
    older.wait(lambda d: b"\r\n" in d)
    newer = connect(crew, live, track=word())
    opened.append(newer)
    msgs = older.wait_messages(has("disconnect"))
    assert msgs[-1]["disconnect"] == {
        "code": 7,
        "stream_name": f"{crew.plain.user.screen_name}-statuses"
        + msgs[-1]["disconnect"]["stream_name"].rsplit("statuses", 1)[1],
        "reason": "Admin logout",
    }
    older.wait_closed()
    assert newer.status == 200 and not newer.closed


def test_revoking_the_token_ends_its_streams_with_code_6(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    member = crew.new_member("rev")
    stream = connect(crew, live, member, track=word())
    opened.append(stream)
    stream.wait(lambda d: b"\r\n" in d)
    revoked = crew.session(member).post(live.url + "/1.1/oauth/invalidate_token.json", timeout=5)
    assert revoked.status_code == 200
    msgs = stream.wait_messages(has("disconnect"))
    assert msgs[-1]["disconnect"]["code"] == 6
    assert msgs[-1]["disconnect"]["reason"] == "Token revoked"
    stream.wait_closed()
    again = connect(crew, live, member, track=word())
    assert again.status == 401


@BOTH
def test_a_token_revoked_by_another_process_ends_its_streams_with_code_6(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    member, bystander = crew.new_member("revx"), crew.new_member("revy")
    stream = connect(crew, live, member, track=word())
    other = connect(crew, live, bystander, track=word())
    opened += [stream, other]
    stream.wait(lambda d: b"\r\n" in d)
    # what a revocation through another server process does: the row goes, this server's hub
    # is not told
    with live.runtime.store.write() as tx:
        assert tx.delete_access_token(member.token.token)
    msgs = stream.wait_messages(has("disconnect"))
    assert msgs[-1]["disconnect"]["code"] == 6
    assert msgs[-1]["disconnect"]["reason"] == "Token revoked"
    stream.wait_closed()
    assert other.status == 200 and not other.closed  # another token's stream goes on


def test_shutdown_sends_code_1_to_every_stream(
    server_factory,  # noqa: ANN001
) -> None:
    doomed = server_factory("sqlite", stream_keep_alive=5.0)
    crew = make_cast(doomed.runtime, doomed.hostport)
    a = RawStream(crew.session(), doomed.url, {"track": word()})
    b = RawStream(crew.session(crew.follower), doomed.url, {"track": word()})
    deadline = time.monotonic() + 5
    while len(doomed.app_state().stream_hub.connections) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    doomed.stop()
    for stream in (a, b):
        msgs = stream.wait_messages(has("disconnect"))
        assert msgs[-1]["disconnect"]["code"] == 1
        stream.wait_closed()


def test_app_connection_cap_closes_the_oldest_with_code_2(
    server_factory,  # noqa: ANN001
    opened: list[RawStream],
) -> None:
    capped = server_factory("sqlite", stream_connections_per_app=1)
    crew = make_cast(capped.runtime, capped.hostport)
    first = RawStream(crew.session(), capped.url, {"track": word()})
    opened.append(first)
    second = RawStream(crew.session(crew.follower), capped.url, {"track": word()})
    opened.append(second)
    msgs = first.wait_messages(has("disconnect"))
    assert msgs[-1]["disconnect"]["code"] == 2


# ---------------------------------------------------------------------- refused connections
@pytest.mark.parametrize(
    ("params", "status", "text"),
    [
        (
            {},
            406,
            "No filter parameters found. Expect at least one parameter: follow track locations",
        ),
        ({"track": "x" * 61}, 406, "too long"),
        ({"track": "é" * 30}, 200, None),
        ({"track": "é" * 31}, 406, "too long"),
        ({"track": "a,,b"}, 406, "too short"),
        ({"locations": "-122.75,36.8,-121.75"}, 406, "4 coordinates"),
        ({"locations": "-121.75,36.8,-122.75,37.8"}, 406, "not a valid bounding box"),
        ({"locations": "-122.75,36.8,-121.75,97.8"}, 406, "not a valid bounding box"),
        ({"follow": "12abc"}, 406, "not a user id"),
        ({"follow": "999999999999"}, 406, "not a valid user"),
        ({"track": ",".join(f"t{i}" for i in range(401))}, 413, "400"),
        ({"follow": ",".join(str(i) for i in range(1, 5002))}, 413, "5000"),
        ({"locations": ",".join(["-1,-1,1,1"] * 26)}, 413, "25"),
        ({"track": "ok", "count": "0"}, 416, "count"),
        ({"track": "ok", "count": "150001"}, 416, "count"),
        ({"track": "ok", "filter_level": "high"}, 406, "filter_level"),
        ({"track": "ok", "delimited": "lines"}, 406, "delimited"),
    ],
)
def test_refused_requests_get_the_seeds_status(
    crew: Cast, live: LiveServer, params: dict[str, str], status: int, text: str | None
) -> None:
    member = crew.new_member("ref")
    stream = RawStream(crew.session(member), live.url, params)
    try:
        assert stream.status == status, stream.data
        if text is not None:
            assert text in stream.data.decode()
            assert stream.response.headers["content-type"].startswith("text/plain")
    finally:
        stream.close()


def test_bad_credentials_401_and_app_only_403(crew: Cast, live: LiveServer) -> None:
    bad = requests.post(
        live.url + "/1.1/statuses/filter.json",
        data={"track": "x"},
        headers={"Authorization": 'OAuth oauth_consumer_key="nope"'},
        timeout=5,
    )
    assert bad.status_code in (400, 401)
    app_only = requests.post(
        live.url + "/1.1/statuses/filter.json",
        data={"track": "x"},
        headers={"Authorization": f"Bearer {crew.bearer}"},
        timeout=5,
    )
    assert app_only.status_code == 403


def test_reconnecting_too_often_gets_420_and_a_full_server_503(
    server_factory,  # noqa: ANN001
    opened: list[RawStream],
) -> None:
    strict = server_factory("sqlite", stream_reconnects=3, stream_max_connections=1)
    crew = make_cast(strict.runtime, strict.hostport)
    codes = []
    for _ in range(4):
        s = RawStream(crew.session(), strict.url, {"track": word()})
        codes.append(s.status)
        s.close()
    assert codes[:3] == [200, 200, 200] and codes[3] == 420
    again = RawStream(crew.session(), strict.url, {"track": word()})
    assert again.status == 420 and again.data == b"Exceeded connection limit for user"
    holder = RawStream(crew.session(crew.follower), strict.url, {"track": word()})
    opened.append(holder)
    assert holder.status == 200
    full = RawStream(crew.session(crew.owner), strict.url, {"track": word()})
    assert full.status == 503


def test_a_client_that_stops_reading_gets_a_stall_warning_then_code_4(
    server_factory,  # noqa: ANN001
) -> None:
    """A raw socket with a tiny receive buffer that reads nothing while statuses pour in: the
    queue passes 60 % (FALLING_BEHIND), then fills (disconnect 4); the poster is never held up
    and the other connections keep receiving."""
    import socket

    from requests_oauthlib import OAuth1

    slow = server_factory("sqlite", stream_queue=20, stream_keep_alive=30.0, stream_rate=0.0)
    crew = make_cast(slow.runtime, slow.hostport)
    term = word()
    url = slow.url + "/1.1/statuses/filter.json"
    auth = OAuth1(
        crew.app.consumer_key,
        crew.app.consumer_secret,
        crew.plain.token.token,
        crew.plain.token.secret,
    )
    prepared = requests.Request(
        "POST", url, data={"track": term, "stall_warnings": "true"}, auth=auth
    ).prepare()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
    sock.connect(("127.0.0.1", slow.port))
    head = ["POST /1.1/statuses/filter.json HTTP/1.1", f"Host: {slow.hostport}"]
    head += [
        f"{k}: {v.decode() if isinstance(v, bytes) else v}" for k, v in prepared.headers.items()
    ]
    body = prepared.body if isinstance(prepared.body, bytes) else str(prepared.body).encode()
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body)
    healthy = RawStream(crew.session(crew.follower), slow.url, {"track": term})
    hub = slow.app_state().stream_hub
    deadline = time.monotonic() + 10
    while len(hub.connections) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(hub.connections) == 2, sock.recv(4096)
    (stalled,) = [c for c in hub.connections.values() if c.owner.user_id == crew.plain.id]
    padding = " ".join(["padding"] * 30)
    posted = 0
    while stalled.closing is None and posted < 4000:
        tweet_service.post(
            slow.runtime,
            crew.owner.user,
            crew.app,
            tweet_service.PostRequest(status=f"{term} {posted} {padding}"),
        )
        posted += 1
    assert stalled.closing == 4
    assert hub.connections.get(stalled.key) is None  # no longer matched
    sock.settimeout(10)  # read now: a stalled writer is cut off after 5 s
    received = b""
    while b'"disconnect"' not in received:
        chunk = sock.recv(65536)
        if not chunk:
            break
        received += chunk
    sock.close()
    # the healthy connection got every one of them
    healthy.wait_messages(lambda m: len(statuses(m)) >= posted, timeout=30)
    healthy.close()
    assert b'"code":"FALLING_BEHIND"' in received and b'"percent_full":60' in received
    assert b'{"disconnect":{"code":4,' in received


def test_user_update_reaches_streams_following_the_account(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    followed = crew.new_member("upd")
    stream = connect(crew, live, follow=str(followed.id))
    opened.append(stream)
    stream.wait(lambda d: b"\r\n" in d)
    updated = followed.api.update_profile(name="A New Name", description="now with a bio")
    assert updated.name == "A New Name"
    assert "needs_phone_verification" not in updated._json  # a User, not verify_credentials'
    msgs = stream.wait_messages(has("event"))
    (event,) = [m for m in msgs if m.get("event") == "user_update"]
    assert list(event) == ["created_at", "source", "target", "event"]
    assert event["source"] == event["target"]
    assert event["source"]["id"] == followed.id and event["source"]["name"] == "A New Name"
    assert event["source"]["description"] == "now with a bio"


def test_update_profile_limits(crew: Cast) -> None:
    import tweepy

    member = crew.new_member("lim")
    with pytest.raises(tweepy.Forbidden) as err:
        member.api.update_profile(description="x" * 161)
    assert err.value.api_codes == [120]
    assert "maximum is 160 characters" in err.value.api_messages[0]


@BOTH
def test_withheld_notices_from_the_admin_command(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    term = word()
    stream = connect(crew, live, track=term)
    opened.append(stream)
    status_id = post(crew.owner, f"{term} soon withheld")
    stream.wait_messages(lambda m: len(statuses(m)) >= 1)
    out = roost_cli(live, "withhold", "status", str(status_id), "--countries", "de,AR")
    assert out["withheld_in_countries"] == ["DE", "AR"]
    roost_cli(live, "withhold", "user", crew.owner.user.screen_name, "--countries", "FR")
    msgs = stream.wait_messages(has("user_withheld"))
    assert [m for m in msgs if "status_withheld" in m] == [
        {
            "status_withheld": {
                "id": status_id,
                "user_id": crew.owner.id,
                "withheld_in_countries": ["DE", "AR"],
            }
        }
    ]
    assert [m for m in msgs if "user_withheld" in m] == [
        {"user_withheld": {"id": crew.owner.id, "withheld_in_countries": ["FR"]}}
    ]


@BOTH
def test_scrub_geo_removes_locations_and_tells_the_streams(
    crew: Cast, live: LiveServer, opened: list[RawStream]
) -> None:
    geo = crew.new_member("scrub", geo_enabled=True)
    stream = connect(crew, live, follow=str(geo.id))
    opened.append(stream)
    placed = post(geo, "here I am", lat="48.8566", long="2.3522")
    last = post(geo, "and no location here")
    stream.wait_messages(lambda m: len(statuses(m)) >= 2)
    assert geo.api.get_status(placed).coordinates is not None
    out = roost_cli(live, "users", "scrub-geo", geo.user.screen_name)
    assert out["up_to_status_id"] == last
    msgs = stream.wait_messages(has("scrub_geo"))
    assert [m for m in msgs if "scrub_geo" in m] == [
        {
            "scrub_geo": {
                "user_id": geo.id,
                "user_id_str": str(geo.id),
                "up_to_status_id": last,
                "up_to_status_id_str": str(last),
            }
        }
    ]
    deadline = time.monotonic() + 5  # the server's status cache may hold the row for a moment
    while geo.api.get_status(placed).coordinates is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    shown = geo.api.get_status(placed)
    assert shown.coordinates is None and shown.geo is None and shown.place is None
