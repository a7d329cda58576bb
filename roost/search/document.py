"""What the search index holds for one status: its words, then a token per operator it meets.

Built once, when the status is written (or loaded), from the status and what was known then
(its media's kinds, the text signals): the index answers every operator of the seeds' table
without reading statuses. ``plan.py`` maps each operator to the same tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from roost.domain import signals
from roost.domain.model import Tweet
from roost.search.tokens import tag, words

EVERY = "_all"  # in every document: what a query of only negations subtracts from
SEPARATOR = "_sep"  # between the text and the URLs' words: no phrase spans the two

# filter:images also counts links to photo sites (the seeds: "including third parties such as
# Instagram"); filter:periscope and filter:vine are links to those services.
_IMAGE_HOSTS = ("instagram.com", "instagr.am", "flickr.com", "flic.kr", "imgur.com", "twitpic.com")
_PERISCOPE_HOSTS = ("periscope.tv", "pscp.tv")
_VINE_HOSTS = ("vine.co",)
_URL_NOISE = frozenset({"http", "https", "www"})


# geocode's "sub-regions": a status's point falls in one cell of each of these grids (degrees);
# a query's circle is covered by the cells of the finest grid that needs at most MAX_CELLS.
GEO_LEVELS = (10.0, 1.0, 0.1, 0.01)
MAX_CELLS = 64


def geo_cell(level: int, lat: float, long: float) -> str:
    """The token of the grid cell at ``GEO_LEVELS[level]`` holding a point."""
    size = GEO_LEVELS[level]
    row = int(min(max((lat + 90.0) / size, 0.0), 180.0 / size - 1))
    col = int(min(max((long + 180.0) / size, 0.0), 360.0 / size - 1))
    return f"_g{level}_{row}_{col}"


def geo_tokens(point: tuple[float, float] | None) -> list[str]:
    """A point's cell at every level (none without a point)."""
    if point is None:
        return []
    return [geo_cell(level, point[0], point[1]) for level in range(len(GEO_LEVELS))]


def _host_in(host: str, domains: Sequence[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _without_links(tweet: Tweet) -> str:
    """The text with its t.co links (URL and media entities) blanked out, by code points."""
    spans = [
        e["indices"]
        for kind in ("urls", "media")
        for e in tweet.entities.get(kind, ())
        if "indices" in e
    ]
    if not spans:
        return tweet.text
    chars = list(tweet.text)
    for start, end in spans:
        chars[start:end] = [" "] * (end - start)
    return "".join(chars)


def document(
    tweet: Tweet,
    *,
    media_kinds: Iterable[str] = (),
    attitude: int = 0,
    question: bool = False,
    point: tuple[float, float] | None = None,
) -> list[str]:
    """The status's index tokens, in order."""
    out = list(words(_without_links(tweet)))
    urls = [u["expanded_url"] for u in tweet.entities.get("urls", ()) if u.get("expanded_url")]
    hosts = [(urlsplit(u).hostname or "").lower() for u in urls]
    if urls:
        out.append(SEPARATOR)
        for url in urls:
            url_words = [w for w in words(url) if w not in _URL_NOISE]
            out.extend(url_words)
            out.extend(tag("u", w) for w in url_words)
    out.append(EVERY)
    out.append(tag("f", tweet.user_id))
    if tweet.in_reply_to_user_id is not None:
        out.append(tag("t", tweet.in_reply_to_user_id))
        out.append(tag("x", "replies"))
    for mention in tweet.entities.get("user_mentions", ()):
        if mention.get("id") is not None:
            out.append(tag("m", int(mention["id"])))
    out.extend(tag("h", h["text"]) for h in tweet.entities.get("hashtags", ()))
    out.extend(tag("c", s["text"]) for s in tweet.entities.get("symbols", ()))
    out.append(tag("l", tweet.lang.lower()))
    kinds = set(media_kinds)
    flags = {
        "retweets": tweet.retweeted_status_id is not None,
        "quote": tweet.quoted_status_id is not None,
        "links": bool(urls or kinds),
        "media": bool(kinds),
        "twimg": "photo" in kinds,
        "images": "photo" in kinds or any(_host_in(h, _IMAGE_HOSTS) for h in hosts),
        "periscope": any(_host_in(h, _PERISCOPE_HOSTS) for h in hosts),
        "vine": any(_host_in(h, _VINE_HOSTS) for h in hosts),
        "sensitive": tweet.possibly_sensitive,
    }
    flags["native_video"] = (
        bool(kinds & {"video", "animated_gif"}) or flags["periscope"] or (flags["vine"])
    )
    out.extend(tag("x", name) for name, on in flags.items() if on)
    if attitude > 0:
        out.append(tag("a", "pos"))
    elif attitude < 0:
        out.append(tag("a", "neg"))
    if question:
        out.append(tag("q", "yes"))
    out.extend(geo_tokens(point))
    return out


def status_point(tweet: Tweet, author_location: str | None) -> tuple[float, float] | None:
    """Where geocode places a status, in the seeds' order: its own coordinates, else its
    place's centre, else its author's profile location (as it reads when the status is
    written), looked up offline among the GeoNames cities."""
    if tweet.lat is not None and tweet.long is not None:
        try:
            return float(tweet.lat), float(tweet.long)
        except ValueError:
            pass
    if tweet.place_id:
        from roost.geo.places import place_by_id

        place = place_by_id(tweet.place_id)
        if place is not None:
            return place.centroid[1], place.centroid[0]
    if author_location:
        from roost.geo.locate import locate

        return locate(author_location)
    return None


def document_for(
    tweet: Tweet,
    media_kinds: Iterable[str] = (),
    said: signals.Signals | None = None,
    author_location: str | None = None,
) -> list[str]:
    """The document of a status being written; ``said`` are its text's signals when the caller
    found them already (statuses/update does, before its write unit), else they are found now.
    Either way once: the ``:)``, ``:(`` and ``?`` operators ask the index, not the text, and
    ``geocode`` its cells."""
    said = said or signals.Signals(tweet.lang, *signals.attitude_and_question(tweet.text))
    return document(
        tweet,
        media_kinds=media_kinds,
        attitude=said.attitude,
        question=said.question,
        point=status_point(tweet, author_location),
    )
