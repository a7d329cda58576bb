"""GET search/tweets: a query's plan, asked of the store's index, then Twitter's rules on the
statuses found (visibility, geocode, popularity), newest first in pages that ``max_id`` walks.

Paging is by id: a page is the newest matching statuses at or below ``max_id``, and the next one
starts below the lowest id the page looked at, so following ``next_results`` (or ``max_id`` =
lowest id - 1) visits every match exactly once while statuses keep arriving. The result types
order within that:

- ``recent``: newest first;
- ``popular``: only statuses with engagement (likes, retweets, replies, quotes at least
  ``POPULAR_MIN``), the page ranked by engagement with recency decay;
- ``mixed`` (the default): the recent page, with its popular statuses first (ranked) and marked
  ``result_type: popular`` in their metadata, as twitter.com's "Top" blended them.

A ranked page always ends with its lowest id: tweepy pages with ``max_id`` = the page's lowest
id - 1, twarc with the *last* status's id - 1 (FIDELITY.md section 1), and only a page whose last
status is its oldest gives both the same next page (else twarc is served a status twice).
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from roost.domain import ids
from roost.domain.errors import InvalidUrlParameter, QueryMissing, QueryTooComplex
from roost.domain.model import Tweet, User
from roost.runtime import Runtime
from roost.search.document import status_point
from roost.search.parser import QueryError, parse
from roost.search.plan import AllOf, Plan, PlanError, Tokens, near, plan
from roost.search.tokens import tag
from roost.services import visibility

MAX_QUERY = 500  # the seeds: "500 characters maximum, including operators"
POPULAR_MIN = 3  # engagement (likes + retweets + replies + quotes) that makes a status popular
BATCH_MAX = 400  # ids asked of the index at a time, at most
SCAN_LIMIT = 3000  # statuses looked at for one page; past this the page is returned short
EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
RESULT_TYPES = ("mixed", "recent", "popular")


@dataclass(frozen=True)
class Geocode:
    """``geocode=lat,long,radius`` (radius in km)."""

    lat: float
    long: float
    radius_km: float


_GEOCODE = re.compile(
    r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)(mi|km)\s*$"
)


def parse_geocode(raw: str) -> Geocode | None:
    """``37.781157,-122.398720,1mi`` → Geocode; None when it is not that shape or out of range."""
    m = _GEOCODE.match(raw)
    if m is None:
        return None
    lat, long, radius = float(m[1]), float(m[2]), float(m[3])
    if not (-90 <= lat <= 90 and -180 <= long <= 180) or radius <= 0:
        return None
    return Geocode(lat, long, radius * (KM_PER_MILE if m[4] == "mi" else 1.0))


@dataclass(frozen=True)
class SearchRequest:
    """The parameters of GET search/tweets, parsed."""

    q: str
    count: int = 15
    result_type: str = "mixed"
    since_id: int | None = None
    max_id: int | None = None
    until: date | None = None
    lang: str | None = None
    geocode: Geocode | None = None


@dataclass
class SearchPage:
    """One page of results, and what search_metadata reports of it."""

    statuses: list[Tweet]
    result_types: dict[int, str] = field(default_factory=dict)
    next_max_id: int | None = None  # None: no next page
    completed_in: float = 0.0


def _km(lat1: float, long1: float, lat2: float, long2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(long2 - long1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _near(tweet: Tweet, author: User, geo: Geocode) -> bool:
    """The seeds' order: the status's own coordinates, else its place, else the author's
    profile location geocoded offline (document.status_point, as the index placed it)."""
    point = status_point(tweet, author.location)
    return point is not None and _km(point[0], point[1], geo.lat, geo.long) <= geo.radius_km


def engagement(tweet: Tweet) -> int:
    """Likes, retweets, replies and quotes."""
    return tweet.favorite_count + tweet.retweet_count + tweet.reply_count + tweet.quote_count


def score(tweet: Tweet, now_ms: int) -> float:
    """Engagement with recency decay: halves every 24 hours of age."""
    age_h = max(0.0, (now_ms - ids.timestamp_ms(tweet.id)) / 3_600_000)
    return math.log1p(engagement(tweet)) * 0.5 ** (age_h / 24)


def _plan(rt: Runtime, req: SearchRequest) -> Plan:
    if not req.q.strip():
        raise QueryMissing()
    if len(req.q) > MAX_QUERY:
        raise InvalidUrlParameter()
    try:
        tree = parse(req.q)
    except QueryError as exc:
        if exc.too_complex:
            raise QueryTooComplex() from None
        raise InvalidUrlParameter() from None
    with rt.store.read() as tx:

        def user_id(screen_name: str) -> int | None:
            found = tx.user_by_screen_name(screen_name) if screen_name else None
            return found.id if found else None

        def members(owner: str, slug: str) -> list[int] | None:
            owner_id = user_id(owner)
            if owner_id is None or not hasattr(tx, "list_by_slug"):
                return None
            found = tx.list_by_slug(owner_id, slug)
            if found is None or getattr(found, "mode", "public") != "public":
                return None
            return list(tx.list_member_ids(found.id))

        try:
            made = plan(tree, user_id, members)
        except PlanError:
            raise InvalidUrlParameter() from None
    if req.lang:
        made = replace(made, match=AllOf((made.match, Tokens((tag("l", req.lang.lower()),)))))
    if req.geocode is not None:  # the index's cells give the candidates; _near decides
        geo = req.geocode
        made = replace(made, match=AllOf((made.match, near(geo.lat, geo.long, geo.radius_km))))
    return made


def _bounds(rt: Runtime, req: SearchRequest, made: Plan) -> tuple[int, int]:
    low = made.min_id or 0
    if req.since_id is not None:
        low = max(low, req.since_id + 1)
    window = rt.settings.search_window_days
    if window > 0:
        low = max(low, ids.lowest_id_at(rt.now_ms() - int(window * 86_400_000)))
    high = (1 << 63) - 1
    for bound in (made.max_id, req.max_id):
        if bound is not None:
            high = min(high, bound)
    if req.until is not None:
        day = datetime(req.until.year, req.until.month, req.until.day, tzinfo=UTC)
        high = min(high, ids.lowest_id_at(int(day.timestamp() * 1000)) - 1)
    return low, high


def search(rt: Runtime, viewer_id: int | None, req: SearchRequest) -> SearchPage:
    """One page of GET search/tweets for this viewer (None: an app-only token)."""
    started = time.perf_counter()
    made = _plan(rt, req)
    low, high = _bounds(rt, req, made)
    found: list[Tweet] = []
    scanned = 0
    cursor = high  # the highest id not yet looked at
    more = low <= high  # whether the index may hold matches at or below the cursor
    # The first batch is about a page (most pages keep every match); the later ones grow.
    size = req.count + 5
    while more and len(found) < req.count and scanned < SCAN_LIMIT:
        with rt.store.read() as tx:
            batch = tx.search_ids(made.match, min_id=low, max_id=cursor, limit=size)
            statuses = tx.statuses_by_ids(batch)
            seen = visibility.load(tx, viewer_id, statuses.values())
        more = len(batch) == size
        size = min(BATCH_MAX, size * 4)
        for i, sid in enumerate(batch):
            scanned += 1
            cursor = sid - 1
            tweet = statuses.get(sid)
            if tweet is None or not seen.shown(tweet):
                continue
            if not _keeps(tweet, seen.authors[tweet.user_id], req, made):
                continue
            found.append(tweet)
            if len(found) == req.count:
                more = more or i < len(batch) - 1
                break
    # The next page starts below everything this one looked at (full or cut short by the scan
    # limit); Twitter sent no next_results when nothing could follow.
    page = SearchPage(found, next_max_id=cursor if more and cursor >= low else None)
    _rank(rt, page, req.result_type)
    page.completed_in = time.perf_counter() - started
    return page


def _keeps(tweet: Tweet, author: User, req: SearchRequest, made: Plan) -> bool:
    """The rules past visibility: the plan's minimum counts, popularity, the geocode circle."""
    counts = made.counts
    if (
        tweet.retweet_count < counts.retweets
        or tweet.favorite_count < counts.faves
        or tweet.reply_count < counts.replies
    ):
        return False
    if req.result_type == "popular" and engagement(tweet) < POPULAR_MIN:
        return False
    return req.geocode is None or _near(tweet, author, req.geocode)


def _rank(rt: Runtime, page: SearchPage, result_type: str) -> None:
    now = rt.now_ms()
    if result_type == "recent":
        page.result_types = {t.id: "recent" for t in page.statuses}
        return
    popular = [t for t in page.statuses if engagement(t) >= POPULAR_MIN]
    popular.sort(key=lambda t: (-score(t, now), -t.id))
    if result_type == "popular":
        page.statuses = _oldest_last(popular)
        page.result_types = {t.id: "popular" for t in popular}
        return
    chosen = {t.id for t in popular}
    page.statuses = _oldest_last(popular + [t for t in page.statuses if t.id not in chosen])
    page.result_types = {t.id: ("popular" if t.id in chosen else "recent") for t in page.statuses}


def _oldest_last(ranked: list[Tweet]) -> list[Tweet]:
    """The ranking, with the lowest id moved to the end (see the module: both clients' paging)."""
    if len(ranked) < 2:
        return ranked
    oldest = min(ranked, key=lambda t: t.id)
    return [t for t in ranked if t is not oldest] + [oldest]
