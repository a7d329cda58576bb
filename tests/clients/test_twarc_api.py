"""twarc 2.x's v1.1 ``twarc.Twarc``, unmodified, against a live Roost on both stores.

Each test sets up a small dataset through the services, runs one of twarc's methods to the end
(its own paging and stopping rules, its own request parameters) and checks what it yields: every
matching status or account exactly once, in the order Twitter gives, and nothing that should be
left out. The wire log checks what twarc sent, page by page.

twarc only accepts an exact 200: any other 2xx/3xx repeats the request forever, 429 and 5xx
sleep, and a 404 is retried forever on the calls that do not allow it (search, lookup's POST
aside). The adapter below turns each of those into a test failure instead of a hang.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import twarc
import twarc.client
from requests_oauthlib import OAuth1Session

from roost.domain.model import User
from roost.services import engagement, lists, tweets, users
from tests.support.cast import Cast, Member
from tests.support.server import LiveServer

# twarc's timeline() logs a swallowed 401/404 with the deprecated ``Logger.warn``.
pytestmark = pytest.mark.filterwarnings("ignore:The 'warn' method is deprecated:DeprecationWarning")

TWITTER_HOSTS = ("https://api.twitter.com", "https://publish.twitter.com")
# GETs twarc sends without allow_404: it would retry a 404 on them forever.
RETRIES_404 = {"/1.1/search/tweets.json", "/1.1/account/verify_credentials.json", "/oembed"}
BUDGET = 80  # requests one test may make: more means twarc is paging without end
SEARCH = "/1.1/search/tweets.json"
USER_TIMELINE = "/1.1/statuses/user_timeline.json"
LOOKUP = "/1.1/statuses/lookup.json"

NEVER_MINTED = 10**18  # a Snowflake of 2018: no test server mints ids that old

_serial = itertools.count(1)


def word() -> str:
    """A word no other test (or run) posts."""
    return f"zt{next(_serial)}w{id(object()) % 99991}"


class WouldHang(AssertionError):
    """Roost answered something twarc would retry or sleep on forever."""


@dataclass
class Exchange:
    """One request twarc sent (to the Twitter host it addressed) and Roost's answer."""

    method: str
    host: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    status: int
    body: str

    @property
    def params(self) -> dict[str, str]:
        return {**self.query, **self.form}


def _flat(raw: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}


class Wire:
    """Sends twarc's requests for Twitter's hosts to Roost and logs them."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.log: list[Exchange] = []

    def calls(self, path: str) -> list[Exchange]:
        return [e for e in self.log if e.path == path]

    def adapter(self) -> requests.adapters.HTTPAdapter:
        wire = self

        class ToRoost(requests.adapters.HTTPAdapter):
            def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
                assert request.url is not None
                parts = urlsplit(request.url)
                host = f"{parts.scheme}://{parts.netloc}"
                assert host in TWITTER_HOSTS, request.url
                request.url = wire.base + request.url[len(host) :]
                response = super().send(request, **kwargs)
                return wire.record(request, parts.netloc, parts.path, parts.query, response)

        return ToRoost()

    def record(
        self,
        request: requests.PreparedRequest,
        host: str,
        path: str,
        query: str,
        response: requests.Response,
    ) -> requests.Response:
        body = request.body or ""
        if isinstance(body, bytes):
            body = body.decode()
        status = response.status_code
        text = response.text
        self.log.append(
            Exchange(str(request.method), host, path, _flat(query), _flat(body), status, text)
        )
        where = f"{request.method} {host}{path}?{query} (form {body!r})"
        if status != 200 and status < 400:
            raise WouldHang(f"{where} answered {status}: twarc repeats it forever. {text}")
        if status == 429 or status >= 500:
            raise WouldHang(f"{where} answered {status}: twarc sleeps and retries. {text}")
        if status == 404 and request.method == "GET" and path in RETRIES_404:
            raise WouldHang(f"{where} answered 404: twarc retries it forever. {text}")
        if len(self.log) > BUDGET:
            raise WouldHang(f"more than {BUDGET} requests, the last {where}")
        return response


@pytest.fixture
def wire(server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> Wire:
    """Every OAuth1Session twarc opens sends to ``server`` through a logging adapter."""
    made = Wire(server.url)

    class RoostSession(OAuth1Session):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.mount("https://", made.adapter())

    monkeypatch.setattr(twarc.client, "OAuth1Session", RoostSession)
    return made


Factory = Callable[..., twarc.Twarc]


@pytest.fixture
def twarc_as(cast: Cast, wire: Wire) -> Factory:
    """``twarc_as(member, **kw)``: a Twarc signed as ``member`` (default: the plain user); its
    constructor's verify_credentials is left out of the wire log."""

    def make(member: Member | None = None, **kw: Any) -> twarc.Twarc:
        member = member or cast.plain
        wire.log.clear()
        client = twarc.Twarc(
            cast.app.consumer_key,
            cast.app.consumer_secret,
            member.token.token,
            member.token.secret,
            **kw,
        )
        (check,) = wire.log
        assert check.path == "/1.1/account/verify_credentials.json" and check.status == 200
        wire.log.clear()
        return client

    return make


# ---------------------------------------------------------------------- data, via the services
def post(cast: Cast, member: Member | User, text: str, **kw: Any) -> int:
    user = users.reload(cast.rt, member.id)
    return tweets.post(cast.rt, user, cast.app, tweets.PostRequest(status=text, **kw)).id


def delete(cast: Cast, member: Member, status_id: int) -> None:
    tweets.destroy(cast.rt, users.reload(cast.rt, member.id), status_id)


def retweet(cast: Cast, member: Member, status_id: int) -> int:
    return engagement.retweet(cast.rt, users.reload(cast.rt, member.id), cast.app, status_id).id


def follow(cast: Cast, actor: Member, target: Member) -> None:
    users.follow(cast.rt, actor.user, target.user)


def ids_of(statuses: Iterable[dict[str, Any]]) -> list[int]:
    return [s["id"] for s in statuses]


def newest_first(ids: Iterable[int]) -> list[int]:
    return sorted(ids, reverse=True)


def assert_standard_v1(exchanges: list[Exchange]) -> None:
    """twarc's defaults: every v1.1 query or form carries tweet_mode=extended."""
    assert exchanges
    for e in exchanges:
        assert e.params.get("tweet_mode") == "extended", e


# ---------------------------------------------------------------------- constructor
def test_constructor_checks_the_keys_with_verify_credentials(
    cast: Cast, wire: Wire, twarc_as: Factory
) -> None:
    twarc_as(cast.owner)
    with pytest.raises(RuntimeError, match="Invalid credentials provided"):
        twarc.Twarc(
            cast.app.consumer_key,
            cast.app.consumer_secret,
            cast.plain.token.token,
            "not-the-secret",
        )
    (refused,) = wire.log
    assert refused.path == "/1.1/account/verify_credentials.json" and refused.status == 401
    assert refused.query == {"tweet_mode": "extended"}


# ---------------------------------------------------------------------- search
def test_search_pages_by_max_id_until_an_empty_page(
    cast: Cast, wire: Wire, twarc_as: Factory
) -> None:
    w = word()
    author, other = cast.new_member("srch"), cast.new_member("srch")
    made = [post(cast, (author, other)[i % 2], f"{w} number {i}") for i in range(123)]
    post(cast, author, "an unrelated status")
    gone = made.pop(40)
    delete(cast, author, gone)
    got = list(twarc_as().search(w))
    assert ids_of(got) == newest_first(made)  # every match once, newest first
    pages = wire.calls(SEARCH)
    assert len(pages) == 3  # 100, 22, then the empty page twarc stops at
    expected = newest_first(made)
    assert [p.query.get("max_id") for p in pages] == [
        None,
        str(expected[99] - 1),
        str(expected[-1] - 1),
    ]
    first = pages[0].query
    assert first["q"] == w and first["count"] == "100" and first["result_type"] == "recent"
    assert first["include_entities"] == "true"
    assert_standard_v1(pages)
    status = got[0]
    assert status["full_text"] == f"{w} number 122" and "text" not in status
    assert status["metadata"] == {"iso_language_code": status["lang"], "result_type": "recent"}
    assert status["user"]["id"] == author.id


def test_search_max_pages_and_since_id(cast: Cast, wire: Wire, twarc_as: Factory) -> None:
    w = word()
    author = cast.new_member("srch")
    made = [post(cast, author, f"{w} item {i}") for i in range(110)]
    client = twarc_as()
    assert ids_of(client.search(w, max_pages=1)) == newest_first(made)[:100]
    assert len(wire.calls(SEARCH)) == 1
    wire.log.clear()
    since = made[104]
    # twarc sends since_id - 1 (to see the since_id status itself) and stops there.
    assert ids_of(client.search(w, since_id=since)) == newest_first(made[105:])
    (page,) = wire.calls(SEARCH)
    assert page.query["since_id"] == str(since - 1)
    wire.log.clear()
    top = made[50]
    assert ids_of(client.search(w, max_id=top)) == newest_first(made[:51])
    assert wire.calls(SEARCH)[0].query["max_id"] == str(top)


def test_search_lang(cast: Cast, wire: Wire, twarc_as: Factory) -> None:
    w = word()
    author = cast.new_member("lang")
    english = [
        post(cast, author, f"{w} just finished my morning run, feeling great"),
        post(cast, author, f"{w} the weather is lovely today and I am going for a walk"),
    ]
    spanish = [
        post(cast, author, f"{w} acabo de terminar de correr, me siento genial"),
        post(cast, author, f"{w} el tiempo está precioso hoy y voy a dar un paseo largo"),
    ]
    japanese = post(cast, author, f"{w} 朝のランニング終わった、気持ちいい")
    client = twarc_as()
    got = list(client.search(w, lang="es"))
    assert ids_of(got) == newest_first(spanish)
    assert {s["lang"] for s in got} == {"es"}
    assert {s["metadata"]["iso_language_code"] for s in got} == {"es"}
    assert ids_of(client.search(w, lang="en")) == newest_first(english)
    assert ids_of(client.search(w, lang="ja")) == [japanese]
    assert ids_of(client.search(w)) == newest_first([*english, *spanish, japanese])
    assert [p.query.get("lang") for p in wire.calls(SEARCH)][::2] == ["es", "en", "ja", None]


def test_search_geocode(cast: Cast, wire: Wire, twarc_as: Factory) -> None:
    w = word()
    traveller = cast.new_member("geo", geo_enabled=True)
    stadium = post(cast, traveller, f"{w} at the stadium", lat="-22.912214", long="-43.230182")
    beach = post(cast, traveller, f"{w} at the beach", lat="-22.9711", long="-43.1822")
    paris = post(cast, traveller, f"{w} in Paris", lat="48.8566", long="2.3522")
    post(cast, traveller, f"{w} nowhere in particular")
    client = twarc_as()
    assert ids_of(client.search(w, geocode="-22.912214,-43.230182,20km")) == [beach, stadium]
    assert ids_of(client.search(w, geocode="-22.912214,-43.230182,1mi")) == [stadium]
    assert ids_of(client.search(w, geocode="48.85,2.35,5km")) == [paris]
    pages = wire.calls(SEARCH)
    assert pages[0].query["geocode"] == "-22.912214,-43.230182,20km"
    assert [p.status for p in pages] == [200] * 6


def like(cast: Cast, status_id: int, fans: list[Member]) -> None:
    for fan in fans:
        engagement.like(cast.rt, fan.user, status_id)


def test_search_result_type_popular_mixed_and_recent(
    cast: Cast, wire: Wire, twarc_as: Factory
) -> None:
    w = word()
    author = cast.new_member("pop")
    fans = [cast.new_member("fan") for _ in range(4)]
    made = [post(cast, author, f"{w} take {i}") for i in range(8)]
    # Engagement >= 3 makes a status popular. Here the ranking (engagement, then recency)
    # agrees with the ids, so twarc's paging below the last status yielded repeats nothing
    # (test_search_ranked_results_reach_twarc_once has the other case).
    liked = {made[1]: 3, made[4]: 3, made[6]: 4}
    for status_id, n in liked.items():
        like(cast, status_id, fans[:n])
    client = twarc_as()
    popular = list(client.search(w, result_type="popular"))
    assert ids_of(popular) == [made[6], made[4], made[1]]  # only the popular ones
    assert {s["metadata"]["result_type"] for s in popular} == {"popular"}
    mixed = list(client.search(w, result_type="mixed"))
    assert ids_of(mixed)[:3] == ids_of(popular)  # the popular ones first, then the rest
    assert ids_of(mixed)[3:] == [i for i in newest_first(made) if i not in liked]
    assert [s["metadata"]["result_type"] for s in mixed] == ["popular"] * 3 + ["recent"] * 5
    assert ids_of(client.search(w, result_type="recent")) == newest_first(made)
    sent = [p.query["result_type"] for p in wire.calls(SEARCH)]
    assert sent == ["popular"] * 2 + ["mixed"] * 2 + ["recent"] * 2
    # twarc sends only mixed, recent or popular; anything else becomes recent.
    wire.log.clear()
    assert ids_of(client.search(w, result_type="bogus")) == newest_first(made)
    assert wire.calls(SEARCH)[0].query["result_type"] == "recent"


@pytest.mark.parametrize("result_type", ["popular", "mixed"])
def test_search_ranked_results_reach_twarc_once(
    cast: Cast, wire: Wire, twarc_as: Factory, result_type: str
) -> None:
    w = word()
    author = cast.new_member("pop")
    fans = [cast.new_member("fan") for _ in range(4)]
    made = [post(cast, author, f"{w} take {i}") for i in range(6)]
    like(cast, made[0], fans)  # the oldest is the most popular: ranked first, not last
    like(cast, made[3], fans[:3])
    got = ids_of(twarc_as().search(w, result_type=result_type))
    expected = [made[0], made[3]] if result_type == "popular" else made
    answers = [(p.query.get("max_id"), json.loads(p.body)) for p in wire.calls(SEARCH)]
    pages = [
        (m, ids_of(a["statuses"]), a["search_metadata"].get("next_results")) for m, a in answers
    ]
    assert len(got) == len(set(got)), f"duplicates; (max_id, ids, next_results): {pages}"
    assert sorted(got) == sorted(expected)
    assert len(wire.calls(SEARCH)) == 2  # a page, then the empty page


def test_search_protected_statuses(cast: Cast, wire: Wire, twarc_as: Factory) -> None:
    w = word()
    public = post(cast, cast.owner, f"{w} for everyone")
    secret = post(cast, cast.protected, f"{w} for my followers")
    # A stranger never gets the protected status, whatever twarc's own filter says.
    assert ids_of(twarc_as(cast.plain, protected=True).search(w)) == [public]
    # The approved follower gets it from Roost; twarc drops it unless asked to keep it.
    assert ids_of(twarc_as(cast.follower, protected=True).search(w)) == [secret, public]
    assert ids_of(twarc_as(cast.follower).search(w)) == [public]


def test_replies_searches_to_the_author_since_the_tweet(
    cast: Cast, wire: Wire, twarc_as: Factory
) -> None:
    author, a, b = cast.new_member("op"), cast.new_member("rep"), cast.new_member("rep")
    sn = author.user.screen_name
    older = post(cast, author, "an older status of mine")
    root = post(cast, author, "what do you all think?")
    first = post(cast, a, f"@{sn} I agree", in_reply_to_status_id=root)
    post(cast, b, f"@{sn} unrelated mention, no reply")
    to_older = post(cast, b, f"@{sn} late reply to the older one", in_reply_to_status_id=older)
    second = post(cast, b, f"@{sn} I do not", in_reply_to_status_id=root)
    nested = post(cast, author, f"@{b.user.screen_name} why not?", in_reply_to_status_id=second)
    deeper = post(cast, b, f"@{sn} because", in_reply_to_status_id=nested)
    client = twarc_as()
    (tweet,) = client.hydrate([root])
    assert ids_of(client.replies(tweet)) == [root, second, first]
    searches = wire.calls(SEARCH)
    assert searches[0].query["q"] == f"to:{sn}"
    assert searches[0].query["since_id"] == str(root - 1)
    got = ids_of(client.replies(tweet, recursive=True))
    assert got == [root, second, nested, deeper, first]
    assert to_older not in got
    # Walking up: from a reply, recursive replies hydrate the parent and its other replies.
    (leaf,) = client.hydrate([deeper])
    assert ids_of(client.replies(leaf, recursive=True)) == [deeper, nested, second, root, first]


# ---------------------------------------------------------------------- timelines
def test_timeline_by_screen_name_and_user_id_pages_to_the_end(
    cast: Cast, wire: Wire, twarc_as: Factory
) -> None:
    author, friend = cast.new_member("tl"), cast.new_member("tl")
    shared = post(cast, friend, "worth sharing")
    made = [post(cast, author, f"entry {i}") for i in range(212)]
    made.append(retweet(cast, author, shared))
    post(cast, friend, "the friend's own status")
    gone = made.pop(7)
    delete(cast, author, gone)
    client = twarc_as()
    expected = newest_first(made)
    by_name = list(client.timeline(screen_name=f"@{author.user.screen_name}"))
    assert ids_of(by_name) == expected
    pages = wire.calls(USER_TIMELINE)
    assert [p.query["screen_name"] for p in pages] == [author.user.screen_name] * len(pages)
    assert pages[0].query["count"] == "200" and "max_id" not in pages[0].query
    assert len(pages) == 3  # 200, the rest, then the empty page
    assert pages[1].query["max_id"] == str(ids_of(by_name)[199] - 1)
    assert pages[2].query["max_id"] == str(expected[-1] - 1)
    assert_standard_v1(pages)
    wire.log.clear()
    by_id = list(client.timeline(user_id=author.id))
    assert ids_of(by_id) == expected
    assert {p.query["user_id"] for p in wire.calls(USER_TIMELINE)} == {str(author.id)}
    rt = by_id[0]
    assert rt["user"]["id"] == author.id and rt["retweeted_status"]["id"] == shared
    assert rt["full_text"].startswith(f"RT @{friend.user.screen_name}: worth sharing")


def test_timeline_since_id_max_id_and_max_pages(cast: Cast, wire: Wire, twarc_as: Factory) -> None:
    author = cast.new_member("tl")
    made = [post(cast, author, f"line {i}") for i in range(30)]
    client = twarc_as()
    assert ids_of(client.timeline(user_id=author.id, since_id=made[20])) == newest_first(made[21:])
    assert wire.calls(USER_TIMELINE)[0].query["since_id"] == str(made[20] - 1)
    assert ids_of(client.timeline(user_id=author.id, max_id=made[9])) == newest_first(made[:10])
    wire.log.clear()
    assert ids_of(client.timeline(user_id=author.id, max_pages=1)) == newest_first(made)
    assert len(wire.calls(USER_TIMELINE)) == 1


def test_timeline_of_protected_and_unknown_accounts(
    cast: Cast, wire: Wire, twarc_as: Factory
) -> None:
    secret = [post(cast, cast.protected, f"private note {i}") for i in range(3)]
    # A stranger: Roost says 401 and twarc ends the timeline quietly.
    assert list(twarc_as(cast.plain).timeline(user_id=cast.protected.id)) == []
    (refused,) = wire.calls(USER_TIMELINE)
    assert refused.status == 401
    assert ids_of(twarc_as(cast.follower).timeline(user_id=cast.protected.id)) == newest_first(
        secret
    )
    wire.log.clear()
    assert list(twarc_as(cast.plain).timeline(screen_name="nosuchuser0000x")) == []
    (missing,) = wire.calls(USER_TIMELINE)
    assert missing.status == 404


def test_home_timeline(cast: Cast, wire: Wire, twarc_as: Factory) -> None:
    reader, a, b, stranger = (cast.new_member("home") for _ in range(4))
    follow(cast, reader, a)
    follow(cast, reader, b)
    made = [
        post(cast, a, "from a"),
        post(cast, reader, "my own"),
        post(cast, b, "from b"),
        post(cast, a, "a again"),
    ]
    post(cast, stranger, "not followed")
    assert ids_of(twarc_as(reader).timeline()) == newest_first(made)
    pages = wire.calls("/1.1/statuses/home_timeline.json")
    assert pages[0].query["count"] == "200" and len(pages) == 2


# ---------------------------------------------------------------------- hydrate, tweet
def test_hydrate_posts_batches_of_100_and_leaves_out_the_unseen(
    cast: Cast, wire: Wire, twarc_as: Factory
) -> None:
    author = cast.new_member("hyd")
    visible = [post(cast, author, f"hydrate me {i}") for i in range(30)]
    deleted = [post(cast, author, f"soon gone {i}") for i in range(5)]
    for status_id in deleted:
        delete(cast, author, status_id)
    protected = [post(cast, cast.protected, f"hidden {i}") for i in range(5)]
    unknown = [NEVER_MINTED + i for i in range(190)]
    # 230 ids: the visible ones spread over the three batches, newest of each batch first.
    asked = list(reversed(visible[:10])) + deleted + unknown[:85]
    asked += list(reversed(visible[10:20])) + protected + unknown[85:170]
    asked += list(reversed(visible[20:])) + unknown[170:]
    assert len(asked) == 230
    got = list(twarc_as().hydrate(iter(asked)))
    batches = wire.calls(LOOKUP)
    assert [b.method for b in batches] == ["POST"] * 3
    assert [b.form["id"].split(",") for b in batches] == [
        [str(i) for i in asked[:100]],
        [str(i) for i in asked[100:200]],
        [str(i) for i in asked[200:]],
    ]
    form = batches[0].form
    assert form["trim_user"] == "False" and form["include_entities"] == "true"
    assert batches[0].query == {}  # all of it in the signed form body
    assert_standard_v1(batches)
    # twarc sorts each full batch by id; the last one comes as Roost answers it (Twitter does
    # not promise an order; Roost keeps the order asked).
    assert ids_of(got) == visible[:10] + visible[10:20] + list(reversed(visible[20:]))
    assert got[0]["full_text"] == "hydrate me 0" and got[0]["user"]["id"] == author.id
    assert "screen_name" in got[0]["user"]


def test_hydrate_trim_user_and_protected_statuses_for_followers(
    cast: Cast, wire: Wire, twarc_as: Factory
) -> None:
    mine = post(cast, cast.owner, "a public one")
    secret = post(cast, cast.protected, "a private one")
    trimmed = list(twarc_as().hydrate([mine, secret], trim_user=True))
    assert ids_of(trimmed) == [mine]
    assert trimmed[0]["user"] == {"id": cast.owner.id, "id_str": str(cast.owner.id)}
    assert wire.calls(LOOKUP)[0].form["trim_user"] == "True"
    assert ids_of(twarc_as(cast.follower).hydrate([mine, secret])) == [mine, secret]


def test_tweet_fetches_one_status_or_nothing(cast: Cast, wire: Wire, twarc_as: Factory) -> None:
    kept = post(cast, cast.owner, "here to stay https://example.com/a")
    gone = post(cast, cast.owner, "about to go")
    delete(cast, cast.owner, gone)
    client = twarc_as()
    tweet = client.tweet(str(kept))
    assert tweet["id_str"] == str(kept) and tweet["full_text"].startswith(
        "here to stay https://t.co/"
    )
    assert tweet["entities"]["urls"][0]["expanded_url"] == "https://example.com/a"
    assert client.tweet(gone) == []
    assert [e.status for e in wire.calls(LOOKUP)] == [200, 200]


# ---------------------------------------------------------------------- retweets
def test_retweets_of_several_statuses(cast: Cast, wire: Wire, twarc_as: Factory) -> None:
    author = cast.new_member("orig")
    first, second = post(cast, author, "retweet this"), post(cast, author, "and this")
    fans = [cast.new_member("rter") for _ in range(4)]
    of_first = [retweet(cast, fan, first) for fan in fans]
    of_second = [retweet(cast, fans[2], second)]
    engagement.unretweet(cast.rt, users.reload(cast.rt, fans[1].id), of_first[1])
    of_first.remove(of_first[1])
    missing = NEVER_MINTED  # no such status: twarc skips its 404
    got = list(twarc_as().retweets([str(first), missing, second]))
    assert ids_of(got) == newest_first(of_first) + of_second
    assert {s["retweeted_status"]["id"] for s in got[:3]} == {first}
    assert {s["user"]["id"] for s in got[:3]} == {fans[0].id, fans[2].id, fans[3].id}
    calls = [e for e in wire.log if e.path.startswith("/1.1/statuses/retweets/")]
    assert [e.path for e in calls] == [
        f"/1.1/statuses/retweets/{i}.json" for i in (first, missing, second)
    ]
    assert [e.status for e in calls] == [200, 404, 200]
    assert calls[0].query["count"] == "100"


# ---------------------------------------------------------------------- users
def test_follower_ids_and_friend_ids(cast: Cast, wire: Wire, twarc_as: Factory) -> None:
    hub = cast.new_member("hub")
    fans = [cast.new_member("fol") for _ in range(12)]
    for fan in fans:
        follow(cast, fan, hub)
    users.unfollow(cast.rt, fans[3].user, hub.user)
    follow(cast, cast.protected, hub)
    followers = [f.id for f in fans if f is not fans[3]] + [cast.protected.id]
    friends = [fans[0], fans[5], cast.owner]
    for friend in friends:
        follow(cast, hub, friend)
    follow(cast, hub, cast.protected)  # only a request: no friend until approved
    client = twarc_as()
    by_id = list(client.follower_ids(hub.id))
    assert by_id == [str(i) for i in reversed(followers)]  # most recent first, as strings
    assert list(client.follower_ids(f"@{hub.user.screen_name}")) == by_id
    assert list(client.friend_ids(hub.user.screen_name)) == [str(f.id) for f in reversed(friends)]
    calls = wire.calls("/1.1/followers/ids.json") + wire.calls("/1.1/friends/ids.json")
    assert [c.query["cursor"] for c in calls] == ["-1"] * 3  # one page each: next_cursor 0
    assert calls[0].query["user_id"] == str(hub.id)
    assert calls[1].query["screen_name"] == hub.user.screen_name
    assert list(client.follower_ids(hub.id, max_pages=1)) == by_id


def test_follower_ids_of_a_protected_account(cast: Cast, wire: Wire, twarc_as: Factory) -> None:
    assert list(twarc_as(cast.follower).follower_ids(cast.protected.id)) == [str(cast.follower.id)]
    with pytest.raises(requests.HTTPError) as refused:
        list(twarc_as(cast.plain).friend_ids(cast.protected.id))
    assert refused.value.response.status_code == 401


def test_user_lookup_by_ids_and_screen_names(cast: Cast, wire: Wire, twarc_as: Factory) -> None:
    people = [cast.new_member("look") for _ in range(12)]
    suspended = people.pop(4)
    with cast.rt.store.write() as tx:
        tx.update_user(suspended.id, suspended=True)
    known = [p.id for p in people] + [cast.protected.id]
    unknown = [NEVER_MINTED + i for i in range(100)]
    asked = known[:6] + [suspended.id] + unknown[:93] + known[6:] + unknown[93:]
    assert len(asked) == 113
    client = twarc_as()
    got = list(client.user_lookup(asked))
    assert [u["id"] for u in got] == known  # the order asked, unknown and suspended left out
    calls = wire.calls("/1.1/users/lookup.json")
    assert [len(c.query["user_id"].split(",")) for c in calls] == [100, 13]
    assert calls[0].method == "GET"
    protected = got[-1]
    assert (
        protected["protected"] is True
        and protected["screen_name"] == cast.protected.user.screen_name
    )
    wire.log.clear()
    names = [p.user.screen_name for p in people[:5]]
    names_asked = [names[0].upper(), "nosuchuser0000x", *names[1:], names[2]]
    by_name = list(client.user_lookup(names_asked, id_type="screen_name"))
    assert [u["screen_name"] for u in by_name] == names
    (call,) = wire.calls("/1.1/users/lookup.json")
    assert call.query["screen_name"] == ",".join(names_asked)
    # A batch matching nobody is Twitter's 404/17, which twarc raises.
    with pytest.raises(requests.HTTPError) as nobody:
        list(client.user_lookup(unknown[:3]))
    assert nobody.value.response.status_code == 404
    assert nobody.value.response.json()["errors"][0]["code"] == 17


def test_list_members_pages_by_cursor(cast: Cast, wire: Wire, twarc_as: Factory) -> None:
    owner = cast.new_member("lister")
    row = lists.create(cast.rt, owner.user, "Good Follows")
    ref = lists.ListRef(list_id=row.id)
    members = [cast.new_member("memb") for _ in range(27)]
    for m in members:
        lists.add_member(cast.rt, owner.user, ref, lists.MemberRef(user_id=m.id))
    lists.remove_member(cast.rt, owner.user, ref, lists.MemberRef(user_id=members[5].id))
    expected = [m.id for m in reversed(members) if m is not members[5]]  # newest added first
    client = twarc_as()
    by_id = [u["id"] for u in client.list_members(list_id=row.id)]
    assert by_id == expected
    pages = wire.calls("/1.1/lists/members.json")
    assert len(pages) == 2 and pages[0].query["cursor"] == "-1"  # 20 a page, then 6
    assert pages[1].query["cursor"] not in ("-1", "0")
    sn = owner.user.screen_name
    by_slug = client.list_members(slug=row.slug, owner_screen_name=sn)
    assert [u["id"] for u in by_slug] == expected
    by_owner_id = client.list_members(slug=row.slug, owner_id=owner.id)
    assert [u["id"] for u in by_owner_id] == expected
    private = lists.create(cast.rt, owner.user, "Secret", mode="private")
    with pytest.raises(requests.HTTPError) as hidden:
        list(client.list_members(list_id=private.id))
    assert hidden.value.response.status_code == 404


# ---------------------------------------------------------------------- oembed
def test_oembed(cast: Cast, wire: Wire, twarc_as: Factory) -> None:
    sn = cast.owner.user.screen_name
    status_id = post(cast, cast.owner, "embed this one please")
    url = f"https://twitter.com/{sn}/status/{status_id}"
    got = twarc_as().oembed(url, omit_script="true")
    assert got["url"] == url and got["type"] == "rich"
    assert got["author_url"] == f"https://twitter.com/{sn}"
    assert "embed this one please" in got["html"] and "widgets.js" not in got["html"]
    (call,) = wire.calls("/oembed")
    assert call.host == "publish.twitter.com" and call.query["url"] == url
