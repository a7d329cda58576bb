"""GET search/tweets through tweepy (API.search_tweets and its Cursor) and raw requests, over
real HTTP, on both stores. Every test searches for a word of its own, so the statuses other
tests post into the shared server never match."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

import pytest
import tweepy

from roost.services import users as user_service
from tests.support.cast import Cast, Member
from tests.support.media import animated_gif, image
from tests.support.server import LiveServer

# tweepy's media_upload imports imghdr, deprecated on Python 3.11 and 3.12.
pytestmark = pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")

_serial = itertools.count(1)


def word() -> str:
    """A word no other test (or run) posts."""
    return f"zq{next(_serial)}x{id(object()) % 99991}"


def ids(statuses: list[tweepy.models.Status]) -> list[int]:
    return [s.id for s in statuses]


def post(member: Member, text: str, **kw: object) -> int:
    return member.api.update_status(status=text, **kw).id


def search(member: Member, q: str, **kw: object) -> tweepy.models.SearchResults:
    return member.api.search_tweets(q=q, result_type=kw.pop("result_type", "recent"), **kw)


def test_search_returns_statuses_and_search_metadata(cast: Cast, server: LiveServer) -> None:
    w = word()
    first = post(cast.plain, f"watching {w} now")
    second = post(cast.plain, f"still {w} here")
    r = cast.session().get(server.url + "/1.1/search/tweets.json", params={"q": w})
    assert r.status_code == 200
    body = r.json()
    assert list(body) == ["statuses", "search_metadata"]
    assert [s["id"] for s in body["statuses"]] == [second, first]
    meta = body["search_metadata"]
    assert list(meta) == [
        "completed_in",
        "max_id",
        "max_id_str",
        "query",
        "refresh_url",
        "count",
        "since_id",
        "since_id_str",
    ]  # no next_results: nothing follows
    assert meta["max_id"] == second and meta["max_id_str"] == str(second)
    assert meta["count"] == 15 and meta["since_id"] == 0 and meta["since_id_str"] == "0"
    assert meta["query"] == w
    assert meta["refresh_url"] == f"?since_id={second}&q={w}&include_entities=1"
    status = body["statuses"][0]
    keys = list(status)
    assert keys.index("metadata") == keys.index("source") - 1
    assert status["metadata"] == {"iso_language_code": status["lang"], "result_type": "recent"}


def test_next_results_and_cursor_page_without_duplicates_or_gaps(cast: Cast) -> None:
    w = word()
    made = [post(cast.plain, f"{w} number {i}") for i in range(7)]
    page = search(cast.plain, w, count=3)
    assert ids(page) == made[::-1][:3]
    nxt = parse_qs(page.next_results.lstrip("?"))
    assert nxt["max_id"] == [str(made[-3] - 1)]
    assert nxt["q"] == [w] and nxt["count"] == ["3"] and nxt["include_entities"] == ["1"]
    seen = []
    newer = []
    for i, status in enumerate(tweepy.Cursor(cast.plain.api.search_tweets, q=w, count=2).items()):
        seen.append(status.id)
        if i == 2:  # statuses keep arriving while we page
            newer.append(post(cast.plain, f"{w} late arrival"))
    assert seen == made[::-1]
    assert len(set(seen)) == len(seen)
    assert ids(search(cast.plain, w, since_id=made[-1])) == newer


def test_implicit_and_phrase_or_and_negation(cast: Cast) -> None:
    w = word()
    both = post(cast.plain, f"{w} happy hour today")
    apart = post(cast.plain, f"{w} hour of being happy")
    love = post(cast.plain, f"{w} I love it")
    hate = post(cast.plain, f"{w} I hate it")
    root = post(cast.plain, f"{w} root beer")
    beer = post(cast.plain, f"{w} cold beer")
    assert set(ids(search(cast.plain, f"{w} happy hour"))) == {both, apart}
    assert ids(search(cast.plain, f'{w} "happy hour"')) == [both]
    assert ids(search(cast.plain, f"{w} “happy hour”")) == [both]
    assert ids(search(cast.plain, f"{w} love OR hate")) == [hate, love]
    assert ids(search(cast.plain, f"{w} beer -root")) == [beer]
    assert ids(search(cast.plain, f"{w} (love OR beer) -cold")) == [root, love]


def test_case_accents_cjk_and_emoji(cast: Cast) -> None:
    w = word()
    cafe = post(cast.plain, f"{w} Un CAFÉ crème")
    tokyo = post(cast.plain, f"{w} 東京タワーに行った")
    smile = post(cast.plain, f"{w} good morning 😀")
    assert ids(search(cast.plain, f"{w} café")) == [cafe]
    assert ids(search(cast.plain, f"{w} cafe creme")) == [cafe]
    assert ids(search(cast.plain, f"{w} 東京")) == [tokyo]
    assert ids(search(cast.plain, f"{w} タワー")) == [tokyo]
    assert ids(search(cast.plain, f"{w} 京東")) == []
    assert ids(search(cast.plain, f"{w} 😀")) == [smile]


def test_hashtags_cashtags_mentions_from_and_to(cast: Cast) -> None:
    w = word()
    sn = cast.owner.user.screen_name
    tagged = post(cast.plain, f"{w} a #Haiku for you")
    cash = post(cast.plain, f"{w} buying $TWTR")
    mention = post(cast.plain, f"{w} hello @{sn}")
    parent = post(cast.owner, f"{w} parent")
    reply = post(cast.plain, f"@{sn} {w} a reply", in_reply_to_status_id=parent)
    assert ids(search(cast.plain, f"{w} #haiku")) == [tagged]
    assert ids(search(cast.plain, f"{w} haiku")) == [tagged]  # words match hashtags too
    assert ids(search(cast.plain, f"{w} $twtr")) == [cash]
    assert ids(search(cast.plain, f"{w} @{sn}")) == [reply, mention]
    assert ids(search(cast.plain, f"{w} from:{sn}")) == [parent]
    assert ids(search(cast.plain, f"{w} from:{sn.upper()}")) == [parent]
    assert ids(search(cast.plain, f"{w} to:{sn}")) == [reply]
    assert ids(search(cast.plain, f"{w} from:nobody_at_all_x")) == []


def test_filters_links_url_retweets_replies_and_safe(cast: Cast) -> None:
    w = word()
    link = post(cast.plain, f"{w} look https://www.amazon.com/dp/B00")
    vine = post(cast.plain, f"{w} clip https://vine.co/v/abc")
    scope = post(cast.plain, f"{w} live https://www.periscope.tv/w/xyz")
    gram = post(cast.plain, f"{w} pic https://instagram.com/p/abc")
    sensitive = post(cast.plain, f"{w} spicy https://example.org/x", possibly_sensitive=True)
    plain = post(cast.owner, f"{w} nothing linked")
    rt = cast.owner.api.retweet(plain).id
    assert set(ids(search(cast.plain, f"{w} filter:links"))) == {link, vine, scope, gram, sensitive}
    assert ids(search(cast.plain, f"{w} url:amazon")) == [link]
    assert ids(search(cast.plain, f"{w} url:amaz")) == [link]
    assert ids(search(cast.plain, f"{w} filter:vine")) == [vine]
    assert ids(search(cast.plain, f"{w} filter:periscope")) == [scope]
    assert set(ids(search(cast.plain, f"{w} filter:native_video"))) == {vine, scope}
    assert ids(search(cast.plain, f"{w} filter:images")) == [gram]
    assert ids(search(cast.plain, f"{w} filter:retweets")) == [rt]
    assert rt not in ids(search(cast.plain, f"{w} -filter:retweets"))
    assert plain in ids(search(cast.plain, f"{w} -filter:retweets"))
    assert sensitive not in ids(search(cast.plain, f"{w} filter:safe"))
    assert link in ids(search(cast.plain, f"{w} filter:safe"))
    assert ids(search(cast.plain, f"{w} nothing")) == [rt, plain]  # retweets are found too


def test_media_filters(cast: Cast) -> None:
    w = word()
    api = cast.plain.api
    photo = api.media_upload("p.png", file=io.BytesIO(image("PNG", (64, 48))))
    gif = api.media_upload("a.gif", file=io.BytesIO(animated_gif()))
    with_photo = post(cast.plain, f"{w} a photo", media_ids=[photo.media_id])
    with_gif = post(cast.plain, f"{w} a gif", media_ids=[gif.media_id])
    bare = post(cast.plain, f"{w} no media")
    assert ids(search(cast.plain, f"{w} filter:media")) == [with_gif, with_photo]
    assert ids(search(cast.plain, f"{w} filter:twimg")) == [with_photo]
    assert ids(search(cast.plain, f"{w} filter:images")) == [with_photo]
    assert ids(search(cast.plain, f"{w} filter:native_video")) == [with_gif]
    assert ids(search(cast.plain, f"{w} -filter:media")) == [bare]
    assert set(ids(search(cast.plain, f"{w} filter:links"))) == {with_gif, with_photo}


def test_attitude_and_question(cast: Cast) -> None:
    w = word()
    happy = post(cast.plain, f"{w} movie night, I love it, wonderful :)")
    sad = post(cast.plain, f"{w} flight delayed again, awful and sad :(")
    asks = post(cast.plain, f"{w} does anyone know when the next train leaves?")
    assert ids(search(cast.plain, f"{w} :)")) == [happy]
    assert ids(search(cast.plain, f"{w} :(")) == [sad]
    assert ids(search(cast.plain, f"{w} ?")) == [asks]


def test_since_until_operators_and_the_until_parameter(cast: Cast) -> None:
    w = word()
    made = post(cast.plain, f"{w} dated")
    today = datetime.now(UTC).date()
    tomorrow = today + timedelta(days=1)
    assert ids(search(cast.plain, f"{w} since:{today}")) == [made]
    assert ids(search(cast.plain, f"{w} since:{tomorrow}")) == []
    assert ids(search(cast.plain, f"{w} until:{tomorrow}")) == [made]
    assert ids(search(cast.plain, f"{w} until:{today}")) == []
    assert ids(search(cast.plain, w, until=str(tomorrow))) == [made]
    assert ids(search(cast.plain, w, until=str(today))) == []


def test_lang_parameter_operator_and_metadata(cast: Cast) -> None:
    w = word()
    en = post(cast.plain, f"{w} the weather is lovely today and I am going for a long walk")
    es = post(cast.plain, f"{w} el tiempo está precioso hoy y voy a dar un paseo largo")
    found = cast.plain.api.get_status(es)
    assert ids(search(cast.plain, w, lang=found.lang)) == [es]
    assert ids(search(cast.plain, f"{w} lang:{found.lang}")) == [es]
    english = search(cast.plain, w, lang="en")
    assert ids(english) == [en]
    assert english[0].metadata["iso_language_code"] == "en"


def test_geocode_coordinates_place_and_profile_location(cast: Cast) -> None:
    w = word()
    geo_user = cast.new_member("geo")
    user_service.update_settings(cast.rt, geo_user.user, geo_enabled=True)
    pinned = post(geo_user, f"{w} at the stadium", lat="-22.912214", long="-43.230182")
    far = post(geo_user, f"{w} elsewhere", lat="48.8566", long="2.3522")
    local = cast.new_member("rio", location="Rio de Janeiro, Brazil")
    profile = post(local, f"{w} from my couch")
    near = "-22.912214,-43.230182,20km"
    assert ids(search(cast.plain, w, geocode=near)) == [profile, pinned]
    assert ids(search(cast.plain, w, geocode="-22.912214,-43.230182,1mi")) == [pinned]
    assert ids(search(cast.plain, w, geocode="48.85,2.35,5km")) == [far]


def test_protected_statuses_reach_only_followers_and_deleted_ones_vanish(cast: Cast) -> None:
    w = word()
    secret = post(cast.protected, f"{w} for my followers")
    public = post(cast.plain, f"{w} for everyone")
    assert ids(search(cast.plain, w)) == [public]
    assert ids(search(cast.follower, w)) == [public, secret]
    assert ids(search(cast.protected, w)) == [public, secret]
    assert ids(cast.app_only().search_tweets(q=w, result_type="recent")) == [public]
    cast.plain.api.destroy_status(public)
    assert ids(search(cast.follower, w)) == [secret]


def test_result_types_popular_and_mixed(cast: Cast) -> None:
    w = word()
    quiet = post(cast.plain, f"{w} quiet one")
    loud = post(cast.owner, f"{w} loud one")
    newest = post(cast.plain, f"{w} newest")
    for fan in (cast.plain, cast.follower, cast.protected):
        fan.api.create_favorite(loud)
    popular = search(cast.plain, w, result_type="popular")
    assert ids(popular) == [loud]
    assert popular[0].metadata["result_type"] == "popular"
    mixed = cast.plain.api.search_tweets(q=w)  # mixed is the default
    assert ids(mixed)[0] == loud and set(ids(mixed)) == {quiet, loud, newest}
    assert [s.metadata["result_type"] for s in mixed] == ["popular", "recent", "recent"]
    assert ids(search(cast.plain, w)) == [newest, loud, quiet]
    assert ids(search(cast.plain, f"{w} min_faves:3")) == [loud]


def test_count_default_and_maximum(cast: Cast, server: LiveServer) -> None:
    w = word()
    for i in range(17):
        post(cast.plain, f"{w} {i}")
    assert len(search(cast.plain, w)) == 15
    r = cast.session().get(server.url + "/1.1/search/tweets.json", params={"q": w, "count": "500"})
    assert len(r.json()["statuses"]) == 17 and r.json()["search_metadata"]["count"] == 100


def test_plus_and_percent_20_both_mean_a_space(cast: Cast, server: LiveServer) -> None:
    w = word()
    made = post(cast.plain, f"{w} two words")
    for raw in (f"{w}+two+words", f"{w}%20two%20words"):
        r = cast.session().get(
            server.url + "/1.1/search/tweets.json?q=" + raw + "&result_type=recent"
        )
        assert [s["id"] for s in r.json()["statuses"]] == [made]


def test_app_only_and_user_context_have_their_own_rate_limits(
    cast: Cast, server: LiveServer
) -> None:
    r = cast.session().get(server.url + "/1.1/search/tweets.json", params={"q": word()})
    assert r.headers["x-rate-limit-limit"] == "180"
    app = cast.app_only()
    app.search_tweets(q=word())
    assert app.last_response.headers["x-rate-limit-limit"] == "450"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("params", "status", "body"),
    [
        ({}, 400, {"errors": [{"code": 25, "message": "Query parameters are missing."}]}),
        ({"q": "   "}, 400, {"errors": [{"code": 25, "message": "Query parameters are missing."}]}),
        (
            {"q": "x" * 501},
            403,
            {"errors": [{"code": 195, "message": "Missing or invalid url parameter."}]},
        ),
        (
            {"q": "a", "geocode": "north,south,far"},
            403,
            {"errors": [{"code": 195, "message": "Missing or invalid url parameter."}]},
        ),
        (
            {"q": "a", "until": "yesterday"},
            403,
            {"errors": [{"code": 195, "message": "Missing or invalid url parameter."}]},
        ),
        (
            {"q": " ".join(f"w{i}" for i in range(60))},
            400,
            {"error": "Sorry, your query is too complex. Please reduce complexity and try again."},
        ),
        (
            {"q": "a OR since:2020-01-01"},
            403,
            {"errors": [{"code": 195, "message": "Missing or invalid url parameter."}]},
        ),
    ],
)
def test_bad_queries_get_twitters_errors(
    cast: Cast, server: LiveServer, params: dict[str, str], status: int, body: object
) -> None:
    r = cast.session().get(server.url + "/1.1/search/tweets.json", params=params)
    assert (r.status_code, r.json()) == (status, body)


def test_a_query_of_only_punctuation_or_negations_is_answered(cast: Cast) -> None:
    w = word()
    made = post(cast.plain, f"{w} something")
    assert search(cast.plain, "!!! ,,,") is not None
    assert made not in ids(search(cast.plain, f"-{w}", count=100))
    assert ids(search(cast.plain, f"{w} ,")) == [made]


def test_retweets_of_an_account_that_turned_protected_leave_search_and_user_objects(
    cast: Cast, server: LiveServer
) -> None:
    """A retweet made while its original's author was public carries the original's text
    ("RT @name: ..."): once the author turns protected it is found, and embedded as a User's
    ``status``, only for the author's approved followers (a sweep found it served to anyone)."""
    w = word()
    author = cast.new_member("turns")
    fan, stranger = cast.new_member("fan"), cast.new_member("eve")
    user_service.follow(cast.rt, fan.user, author.user)
    original = post(author, f"not for strangers {w}")
    made = fan.api.retweet(original).id
    assert made in ids(search(stranger, w))
    user_service.update_settings(cast.rt, author.user, protected=True)
    assert ids(search(stranger, w)) == []
    assert ids(search(stranger, f"RT {w}")) == []
    assert set(ids(search(fan, w))) == {made, original}  # an approved follower still sees both
    shown = cast.session(stranger).get(
        server.url + "/1.1/users/show.json", params={"user_id": fan.id}
    )
    assert shown.status_code == 200 and "status" not in shown.json()
    looked_up = cast.session(stranger).get(
        server.url + "/1.1/users/lookup.json", params={"user_id": fan.id}
    )
    assert w not in looked_up.text
    for_fan = cast.session(fan).get(server.url + "/1.1/users/show.json", params={"user_id": fan.id})
    assert for_fan.json()["status"]["id"] == made
