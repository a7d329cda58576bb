"""statuses/filter's matcher: the seeds' follow and locations rules, and the index against the
reference (``Matcher.match`` must be ``{k for k, f in filters if matches(f, c)}``, always)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roost.domain import text as status_text
from roost.domain.model import Tweet, User
from roost.domain.retweets import retweet_of
from roost.stream.filters import Box, Candidate, Filter
from roost.stream.matcher import Matcher, box_contains, boxes_overlap, candidate_of, matches

TWITTERAPI = User(id=6253282, screen_name="twitterapi", name="Twitter API", created_at_ms=0)
ALICE = User(id=11, screen_name="alice", name="Alice", created_at_ms=0)
BOB = User(id=12, screen_name="bob", name="Bob", created_at_ms=0)
_ACCOUNTS = {u.screen_name: u for u in (TWITTERAPI, ALICE, BOB)}

SF = Box(-122.75, 36.8, -121.75, 37.8)
NYC = Box(-74.0, 40.0, -73.0, 41.0)
WORLD = Box(-180.0, -90.0, 180.0, 90.0)


def tweet(author: User, typed: str, **fields: Any) -> Tweet:
    """A status as statuses/update stores it (mentions of the three accounts resolved; text
    that starts with a mention is a manual reply, as ``post`` makes it)."""
    composed = status_text.compose(typed)
    entities = status_text.entities(
        composed, lambda names: {n: _ACCOUNTS[n] for n in names if n in _ACCOUNTS}
    )
    lead = status_text.leading_mention(entities)
    if lead is not None and "in_reply_to_status_id" not in fields:
        fields.setdefault("in_reply_to_user_id", lead[0])
        fields.setdefault("in_reply_to_screen_name", lead[1])
    return Tweet(
        id=fields.pop("id", 100),
        user_id=author.id,
        text=composed.text,
        display_start=composed.display_start,
        display_end=composed.display_end,
        entities=entities,
        source_name="web",
        source_url="https://roost.test",
        **fields,
    )


def follows(user: User, c: Candidate) -> bool:
    """Whether ``follow=<user>`` gets the status, by the reference and by the index."""
    m = Matcher()
    m.add(1, Filter(follow=(user.id,)))
    reference = matches(Filter(follow=(user.id,)), c)
    assert (m.match(c) == {1}) is reference
    return reference


def located(c: Candidate, *boxes: Box) -> bool:
    """Whether ``locations=<boxes>`` gets the status, by the reference and by the index."""
    m = Matcher()
    m.add(1, Filter(locations=boxes))
    reference = matches(Filter(locations=boxes), c)
    assert (m.match(c) == {1}) is reference
    return reference


def at(long: float, lat: float, **fields: Any) -> Candidate:
    return Candidate(status_id=1, user_id=1, text="", coordinates=(long, lat), **fields)


def placed(box: Box, **fields: Any) -> Candidate:
    return Candidate(status_id=1, user_id=1, text="", place_box=box, **fields)


# ---------------------------------------------------------------- follow: "the stream will contain"


def test_follow_tweets_created_by_the_user() -> None:
    assert follows(TWITTERAPI, candidate_of(tweet(TWITTERAPI, "The API is great")))


def test_follow_tweets_retweeted_by_the_user() -> None:
    original = tweet(ALICE, "something worth sharing", id=1)
    rt = retweet_of(original, ALICE, TWITTERAPI.id, 2, "web", "https://roost.test")
    c = candidate_of(rt, retweeted_user_id=ALICE.id)
    assert c.is_retweet and c.user_id == TWITTERAPI.id
    assert follows(TWITTERAPI, c)


def test_follow_replies_to_the_users_tweets() -> None:
    reply = tweet(
        ALICE,
        "@twitterapi I agree",
        in_reply_to_status_id=1,
        in_reply_to_user_id=TWITTERAPI.id,
        in_reply_to_screen_name="twitterapi",
    )
    assert follows(TWITTERAPI, candidate_of(reply))


def test_follow_retweets_of_the_users_tweets() -> None:
    original = tweet(TWITTERAPI, "The API is great", id=1)
    rt = retweet_of(original, TWITTERAPI, ALICE.id, 2, "web", "https://roost.test")
    assert follows(TWITTERAPI, candidate_of(rt, retweeted_user_id=TWITTERAPI.id))


def test_follow_manual_replies() -> None:
    c = candidate_of(tweet(ALICE, "@twitterapi I agree"))
    assert c.in_reply_to_user_id == TWITTERAPI.id
    assert follows(TWITTERAPI, c)
    assert not follows(BOB, candidate_of(tweet(ALICE, "@twitterapi @bob I agree")))


# ---------------------------------------------------------------- follow: "will not contain"


def test_follow_not_mere_mentions() -> None:
    c = candidate_of(tweet(ALICE, "Hello @twitterapi!"))
    assert c.in_reply_to_user_id is None
    assert not follows(TWITTERAPI, c)
    assert not follows(TWITTERAPI, candidate_of(tweet(ALICE, ".@twitterapi hello")))


def test_follow_not_manual_retweets() -> None:
    assert not follows(TWITTERAPI, candidate_of(tweet(ALICE, "RT @twitterapi The API is great")))


def test_follow_not_a_mention_inside_a_native_retweet() -> None:
    original = tweet(BOB, "@twitterapi I agree", id=1)
    rt = retweet_of(original, BOB, ALICE.id, 2, "web", "https://roost.test")
    c = candidate_of(rt, retweeted_user_id=BOB.id)
    assert not follows(TWITTERAPI, c)  # neither the retweet's author nor what it retweets
    assert follows(BOB, c) and follows(ALICE, c)


def test_follow_others_are_not_matched() -> None:
    assert not follows(BOB, candidate_of(tweet(ALICE, "hi")))


def test_candidate_of_spans_and_links() -> None:
    photo = "https://twitter.com/alice/status/1/photo/1"
    composed = status_text.compose("$TSLA #cars @bob https://example.com/x", media_url=photo)
    entities = status_text.entities(composed, lambda names: {"bob": BOB})
    t = replace(tweet(ALICE, ""), text=composed.text, entities=entities)
    c = candidate_of(t)
    assert [kind for kind, _, _ in c.spans] == ["symbol", "hashtag", "mention", "url", "media"]
    assert c.spans[-1][2] == len(c.text)
    assert c.urls == (
        ("https://example.com/x", "example.com/x"),
        (photo, entities["media"][0]["display_url"]),
    )
    assert c.hashtags == ("cars",) and c.mentions == ("bob",)
    assert not c.is_retweet and c.in_reply_to_user_id is None
    assert matches(Filter(track=("pic twitter photo",)), c)  # the words of both URLs
    assert not matches(Filter(track=("pic.twitter.com",)), c)  # a host without its path


# ---------------------------------------------------------------- locations


def test_candidate_of_reads_coordinates_in_geojson_order() -> None:
    c = candidate_of(tweet(ALICE, "here", lat="37.78", long="-122.4"))
    assert c.coordinates == (-122.4, 37.78)
    assert candidate_of(tweet(ALICE, "here", lat="37.78")).coordinates is None


@pytest.mark.parametrize(
    "point",
    [(-122.4, 37.78), (-122.75, 36.8), (-121.75, 37.8), (-122.75, 37.0), (-122.0, 37.8)],
    ids=["inside", "sw corner", "ne corner", "west edge", "north edge"],
)
def test_locations_point_in_box_edges_included(point: tuple[float, float]) -> None:
    assert located(at(*point), SF)


@pytest.mark.parametrize(
    "point",
    [(-122.76, 37.0), (-121.74, 37.0), (-122.0, 36.79), (-122.0, 37.81), (-73.5, 40.5)],
)
def test_locations_point_outside(point: tuple[float, float]) -> None:
    assert not located(at(*point), SF)


def test_locations_any_box_of_several() -> None:
    assert located(at(-73.5, 40.5), SF, NYC)


def test_locations_place_box_overlap() -> None:
    assert located(placed(Box(-123.0, 37.5, -122.5, 38.0)), SF)  # a corner overlaps
    assert located(placed(Box(-123.0, 36.0, -121.0, 38.0)), SF)  # the place holds the box
    assert located(placed(Box(-122.5, 37.0, -122.0, 37.5)), SF)  # the box holds the place
    assert located(placed(Box(-123.0, 37.0, -122.75, 37.5)), SF)  # edges touch
    assert not located(placed(Box(-123.0, 37.0, -122.76, 37.5)), SF)
    assert not located(placed(NYC), SF)


def test_locations_a_wide_place_touching_an_edge() -> None:
    assert located(placed(Box(-121.75, 36.8, -21.75, 37.8)), SF)  # spans 100 degrees east
    assert located(placed(Box(-170.0, 37.8, -122.75, 60.0)), SF)  # touches the NW corner
    assert not located(placed(Box(-121.7, 36.8, -21.75, 37.8)), SF)


def test_locations_coordinates_decide_before_the_place() -> None:
    c = at(0.0, 0.0, place_box=Box(-123.0, 36.0, -121.0, 38.0))
    assert not located(c, SF)


def test_locations_never_native_retweets() -> None:
    assert not located(at(-122.4, 37.78, is_retweet=True, retweeted_user_id=5), SF)
    assert not located(placed(SF, is_retweet=True), SF)
    assert not located(at(-122.4, 37.78, retweeted_user_id=5), SF)
    assert located(at(-122.4, 37.78), SF)


def test_locations_not_geotagged() -> None:
    assert not located(Candidate(status_id=1, user_id=1, text="hi"), WORLD)


def test_locations_whole_world_and_tiny_boxes() -> None:
    assert located(at(180.0, -90.0), WORLD)
    assert located(at(0.0, 0.0), WORLD)
    assert located(at(0.5, 0.5), Box(0.5, 0.5, 0.5, 0.5))
    assert not located(at(0.5, 0.50001), Box(0.5, 0.5, 0.5, 0.5))
    assert located(placed(Box(-1.0, -1.0, 0.5, 0.5)), Box(0.5, 0.5, 0.5, 0.5))


def test_locations_box_on_cell_boundaries() -> None:
    box = Box(0.0, 0.0, 1.0, 1.0)  # exactly one cell side, corners on cell edges
    for point in ((0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.999, 0.5)):
        assert located(at(*point), box), point
    assert not located(at(1.0000001, 0.5), box)


def test_an_inverted_box_is_empty() -> None:
    inverted = Box(-121.75, 36.8, -122.75, 37.8)  # predicates.py refuses these
    assert not box_contains(inverted, -122.0, 37.0)
    assert not boxes_overlap(inverted, WORLD)
    assert not located(at(-122.0, 37.0), inverted)


# ---------------------------------------------------------------- the index itself


def test_add_replaces_and_remove_forgets() -> None:
    m = Matcher()
    c = Candidate(status_id=1, user_id=1, text="hello world")
    m.add(1, Filter(track=("hello",)))
    m.add(2, Filter(track=("world",)))
    assert m.match(c) == {1, 2} and len(m) == 2
    m.add(1, Filter(track=("nothing",)))
    assert m.match(c) == {2} and len(m) == 2
    m.remove(2)
    m.remove(2)  # unknown keys are ignored
    assert m.match(c) == set() and len(m) == 1
    m.remove(1)
    assert m.stats() == {"filters": 0, "phrases": 0, "users": 0, "boxes": 0}


def test_shared_postings_are_stored_once() -> None:
    m = Matcher()
    f = Filter(track=("Twitter API", "api twitter", "hello"), follow=(7, 7), locations=(SF, SF))
    for key in range(1000):
        m.add(key, f)
    assert m.stats() == {"filters": 1000, "phrases": 2, "users": 1, "boxes": 1}
    assert m.match(Candidate(status_id=1, user_id=7, text="")) == set(range(1000))
    for key in range(999):
        m.remove(key)
    assert m.match(at(-122.4, 37.78)) == {999}


def test_the_three_predicates_are_ored() -> None:
    m = Matcher()
    m.add(1, Filter(track=("twitter",), locations=(SF,)))
    assert m.match(Candidate(status_id=1, user_id=1, text="twitter")) == {1}
    assert m.match(at(-122.4, 37.78)) == {1}
    assert m.match(at(0.0, 0.0)) == set()


def test_a_big_place_against_many_small_boxes() -> None:
    m = Matcher()
    boxes = [Box(x * 0.1, 0.0, x * 0.1 + 0.05, 0.05) for x in range(-1800, 1790, 7)]
    for key, box in enumerate(boxes):
        m.add(key, Filter(locations=(box,)))
    assert m.match(placed(WORLD)) == set(range(len(boxes)))
    q = Box(-1.0, -1.0, 1.0, 1.0)
    assert m.match(placed(q)) == {k for k, b in enumerate(boxes) if boxes_overlap(b, q)}


# ---------------------------------------------------------------- the index against the reference

_WORDS = ["twitter", "api", "streaming", "example", "com", "hello", "touché", "touche", "new"]
_WORDS += ["s", "東京", "2024", "new_twitter", "foo", "jack"]
_PRE = ["", "", "", "", "(", "“", "#", "@", "$", "¡", "www."]
_POST = ["", "", "", "", ".", ",", "!", "’s", "'s", "…", ")", "”", "😀", "!!!!", ".com", "/foo"]
_NAMES = ["twitter", "jack", "Twitter_API", "example", "touché"]
_URLS = [
    "http://www.example.com/foo",
    "https://example.com/",
    "https://twitter.com/jack/status/1?ref=twitter",
    "http://example.com/foo/bar?x=1#y",
    "https://foo.example.com/hello",
    "https://www.example.com/averyveryverylongpath/twitter",
]
_USERS = [1, 2, 3, 4, 5]
_BOXES = [
    SF,
    NYC,
    WORLD,
    Box(0.0, 0.0, 1.0, 1.0),
    Box(0.5, 0.5, 0.5, 0.5),
    Box(-100.0, -45.0, 100.0, 45.0),
    Box(0.95, 0.95, 1.05, 1.05),
    Box(-10.0, -10.0, 120.0, 10.0),
    Box(2.0, 2.0, 5.0, 3.0),
    Box(5.0, 3.0, 2.0, 2.0),  # inverted: empty
]


def _cased(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word.upper(), word.title()])


_token = st.tuples(
    st.sampled_from(_PRE), st.sampled_from(_WORDS).flatmap(_cased), st.sampled_from(_POST)
).map("".join)
_phrase = st.one_of(
    st.sampled_from(_WORDS + _NAMES + ["#twitter", "@jack", "example.com/foo", "😀", "twitter’s"]),
    _token,
    st.lists(st.one_of(st.sampled_from(_WORDS), _token), min_size=1, max_size=3).map(" ".join),
)


@st.composite
def _box(draw: st.DrawFn) -> Box:
    if draw(st.booleans()):
        return draw(st.sampled_from(_BOXES))
    longs = sorted(draw(st.lists(st.floats(-180, 180), min_size=2, max_size=2)))
    lats = sorted(draw(st.lists(st.floats(-90, 90), min_size=2, max_size=2)))
    return Box(longs[0], lats[0], longs[1], lats[1])


def _points_of(b: Box) -> list[tuple[float, float]]:
    """The corners, edge middles and centre of a box, and points just outside its edges."""
    mid_long, mid_lat = (b.sw_long + b.ne_long) / 2, (b.sw_lat + b.ne_lat) / 2
    out = [(x, y) for x in (b.sw_long, mid_long, b.ne_long) for y in (b.sw_lat, mid_lat, b.ne_lat)]
    out += [
        (math.nextafter(b.sw_long, -math.inf), mid_lat),
        (mid_long, math.nextafter(b.ne_lat, 90)),
    ]
    return out


def _places_of(b: Box) -> list[Box]:
    """Boxes touching each side of a box (narrow and 100 degrees long), just missing it,
    holding it and held by it."""
    w, s, e, n = b.sw_long, b.sw_lat, b.ne_long, b.ne_lat
    east = math.nextafter(e, math.inf)
    return [
        Box(e, s, e + 0.01, n),
        Box(e, s, e + 100.0, n),
        Box(w - 100.0, s, w, n),
        Box(w, n, e, n + 50.0),
        Box(w, s - 50.0, e, s),
        Box(east, s, east + 50.0, n),
        Box(w - 60.0, n, w, n + 30.0),
        Box(w - 1.0, s - 1.0, e + 1.0, n + 1.0),
        Box(w, s, w, s),
    ]


def _point(near: list[Box]) -> st.SearchStrategy[tuple[float, float]]:
    interesting = [p for b in near for p in _points_of(b)] or [(0.0, 0.0)]
    anywhere = st.tuples(st.floats(-180, 180), st.floats(-90, 90))
    return st.one_of(*[st.sampled_from(interesting)] * 3, anywhere)


def _place(near: list[Box]) -> st.SearchStrategy[Box]:
    touching = st.sampled_from([p for b in near for p in _places_of(b)] or [SF])
    return st.one_of(touching, touching, _box())


_filters = st.builds(
    Filter,
    track=st.lists(_phrase, max_size=3).map(tuple),
    follow=st.lists(st.sampled_from(_USERS), max_size=3).map(tuple),
    locations=st.lists(_box(), max_size=3).map(tuple),
)


@st.composite
def _candidate(draw: st.DrawFn, near: tuple[Box, ...] = tuple(_BOXES)) -> Candidate:
    """A status whose spans, urls, hashtags and mentions agree with its text, often placed on
    the edges of the ``near`` boxes."""
    text, spans, urls, hashtags, mentions = "", [], [], [], []
    for _ in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from(["text", "text", "text", "hashtag", "mention", "url", "sym"]))
        sep = "" if not text else draw(st.sampled_from([" ", " ", " ", "\n", "  "]))
        text += sep
        start = len(text)
        if kind == "text":
            text += draw(_token)
            continue
        if kind == "hashtag":
            name = draw(st.sampled_from(["twitter", "api", "new_twitter", "touché", "東京"]))
            text += "#" + draw(_cased(name))
            hashtags.append(text[start + 1 :])
        elif kind == "mention":
            text += "@" + draw(st.sampled_from(_NAMES))
            mentions.append(text[start + 1 :])
        elif kind == "sym":
            text += "$" + draw(st.sampled_from(["TSLA", "API"]))
        else:
            url = draw(st.sampled_from(_URLS))
            text += status_text.tco_url(url)
            urls.append((url, status_text.display_url(url)))
        kinds = {"hashtag": "hashtag", "mention": "mention", "url": "url", "sym": "symbol"}
        spans.append((kinds[kind], start, len(text)))
        text += draw(st.sampled_from(["", "", "’s", ":", "!"]))
    rt_user = draw(st.sampled_from([None, None, None, None, *_USERS[:2]]))
    return Candidate(
        status_id=1,
        user_id=draw(st.sampled_from(_USERS)),
        text=text,
        spans=tuple(spans),
        urls=tuple(urls),
        hashtags=tuple(hashtags),
        mentions=tuple(mentions),
        in_reply_to_user_id=draw(st.one_of(st.none(), st.sampled_from(_USERS))),
        retweeted_user_id=rt_user,
        is_retweet=rt_user is not None or draw(st.integers(0, 5)) == 0,
        coordinates=draw(st.one_of(st.none(), _point(list(near)))),
        place_box=draw(st.one_of(st.none(), *[_place(list(near))] * 3)),
    )


_operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 7), _filters),
        st.tuples(st.just("remove"), st.integers(0, 7), st.none()),
    ),
    min_size=1,
    max_size=12,
)


def _check(m: Matcher, filters: dict[int, Filter], candidates: list[Candidate]) -> None:
    assert len(m) == len(filters)
    for c in candidates:
        assert m.match(c) == {k for k, f in filters.items() if matches(f, c)}


@settings(max_examples=400, deadline=None)
@given(_operations, st.data())
def test_index_equals_reference(ops: list[Any], data: st.DataObject) -> None:
    near = tuple(b for _, _, f in ops if f is not None for b in f.locations)
    candidates = data.draw(st.lists(_candidate(near), min_size=1, max_size=4))
    m = Matcher()
    filters: dict[int, Filter] = {}
    for op, key, f in ops:  # matching between changes: what the index remembered must go
        if op == "add":
            m.add(key, f)
            filters[key] = f
        else:
            m.remove(key)
            filters.pop(key, None)
        _check(m, filters, candidates)
        assert m._track.anchored == set(m._track.anchors)  # the set the lookup intersects
    for key in list(filters)[::2]:  # and after removing half of what is left
        m.remove(key)
        del filters[key]
    _check(m, filters, candidates)


@settings(max_examples=200, deadline=None)
@given(_candidate())
def test_a_status_matches_the_phrases_of_its_own_words(c: Candidate) -> None:
    """Whatever the punctuation, each text token between entities is found by its own
    spelling (a ``www.`` link aside: Twitter drops the ``www.``)."""
    m = Matcher()
    filters: dict[int, Filter] = {}
    for key, token in enumerate(c.text.split()):
        if token.startswith(("@", "#", "$", "https://t.co/")):
            continue  # entities and their neighbours: their own rules
        if "www." in token.lower():
            continue
        filters[key] = Filter(track=(token,))
        m.add(key, filters[key])
        assert matches(filters[key], c), token
    _check(m, filters, [c, replace(c, text=c.text.upper())])


_box_filters = st.builds(
    Filter,
    follow=st.lists(st.sampled_from(_USERS), max_size=1).map(tuple),
    locations=st.lists(_box(), min_size=1, max_size=3).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), _box_filters), min_size=1, max_size=10))
def test_index_equals_reference_on_every_edge(adds: list[tuple[int, Filter]]) -> None:
    """Each box's corners, edges, centre and the points just outside, and places touching
    each of its sides, narrow and wide (the grid's cell walk and its occupied-cell scan)."""
    m = Matcher()
    filters: dict[int, Filter] = {}
    for key, f in adds:
        m.add(key, f)
        filters[key] = f
    boxes = {b for f in filters.values() for b in f.locations}
    candidates = [at(*p) for b in boxes for p in _points_of(b)]
    candidates += [placed(q) for b in boxes for q in _places_of(b)]
    _check(m, filters, candidates)
