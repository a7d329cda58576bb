"""Which statuses/filter connections a status concerns: the seeds' rules, and an index of them.

``matches`` is the reference: one filter against one status, written as plainly as the seeds'
text. ``Matcher`` gives the same answer for every connection at once, at a cost that grows with
the status's size and the number of matches, never with the number of connections: each
distinct phrase, user id and box is stored once, whichever connections share it (10,000
connections tracking the same word are one posting holding 10,000 keys).

- track (``track.py`` says what the terms are): a one-term phrase is filed under its term; a
  longer one under its two likely rarest terms (the longest: long words are the rare ones),
  so it is looked at only when the status has both, then checked for the rest of its terms;
- follow: user id -> keys, looked up for the author, the replied-to user and the retweeted user;
- locations: a grid of cells at 11 sizes, 1/8 to 128 degrees, each box in the four cells or
  fewer of the smallest size it fits; a point looks up one cell per size in use, a place's box
  the cells it covers (or, when that is more, every occupied cell of that size). Boxes wider or
  taller than 128 degrees are few and checked one by one.

Protected authors are left out before matching (the hub), not here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from roost.domain.model import Tweet
from roost.stream.filters import Box, Candidate, Filter
from roost.stream.track import candidate_terms, phrase_terms, term_set

__all__ = ["Matcher", "box_contains", "boxes_overlap", "candidate_of", "matches"]

# entities list -> span kind (filters.py's words)
_KIND = {
    "urls": "url",
    "media": "media",
    "hashtags": "hashtag",
    "user_mentions": "mention",
    "symbols": "symbol",
}
_SIZES = tuple(2.0**k for k in range(-3, 8))  # cell sides in degrees: exact binary fractions
# Boxes reaching past this many degrees are "wide" and points past it skip the grid: far beyond
# the map, where ``x / side`` could overflow (predicates.py keeps real boxes within the map).
_FAR = 1e6


def candidate_of(
    tweet: Tweet, *, retweeted_user_id: int | None = None, place_box: Box | None = None
) -> Candidate:
    """What the predicates see of a stored status (``place_box``: its place's bounding box).

    A status whose text starts with an @mention and is not a reply is a "manual reply" (the
    seeds' "@twitterapi I agree"): its ``in_reply_to_user_id`` is the first mentioned user, so
    ``follow`` finds it; a mention anywhere else ("Hello @twitterapi!", "RT @twitterapi ...") is
    not a reply.
    """
    spans: list[tuple[str, int, int]] = []
    for name, kind in _KIND.items():
        for entity in tweet.entities.get(name, ()):
            start, end = entity["indices"]
            spans.append((kind, int(start), int(end)))
    urls = tuple(
        (str(e.get("expanded_url") or ""), str(e.get("display_url") or ""))
        for name in ("urls", "media")
        for e in tweet.entities.get(name, ())
    )
    mentions = tweet.entities.get("user_mentions", [])
    is_retweet = tweet.retweeted_status_id is not None
    reply_to = tweet.in_reply_to_user_id
    if reply_to is None and not is_retweet and mentions:
        first = min(mentions, key=lambda m: int(m["indices"][0]))
        if int(first["indices"][0]) == len(tweet.text) - len(tweet.text.lstrip()):
            reply_to = int(first["id"])
    coordinates = None
    if tweet.lat is not None and tweet.long is not None:
        coordinates = (float(tweet.long), float(tweet.lat))
    return Candidate(
        status_id=tweet.id,
        user_id=tweet.user_id,
        text=tweet.text,
        spans=tuple(sorted(spans, key=lambda s: s[1])),
        urls=urls,
        hashtags=tuple(str(h["text"]) for h in tweet.entities.get("hashtags", ())),
        mentions=tuple(str(m["screen_name"]) for m in mentions),
        in_reply_to_user_id=reply_to,
        retweeted_user_id=retweeted_user_id,
        is_retweet=is_retweet or retweeted_user_id is not None,
        coordinates=coordinates,
        place_box=place_box,
    )


def box_contains(box: Box, long: float, lat: float) -> bool:
    """Whether the point is in the box, edges included (a box with its corners the wrong way
    round is empty: predicates.py refuses those, and boxes never wrap the antimeridian)."""
    return box.sw_long <= long <= box.ne_long and box.sw_lat <= lat <= box.ne_lat


def boxes_overlap(a: Box, b: Box) -> bool:
    """Whether the boxes share a point ("any overlap will match"; touching edges do)."""
    return (
        max(a.sw_long, b.sw_long) <= min(a.ne_long, b.ne_long)
        and max(a.sw_lat, b.sw_lat) <= min(a.ne_lat, b.ne_lat)
        and a.sw_long <= a.ne_long
        and a.sw_lat <= a.ne_lat
        and b.sw_long <= b.ne_long
        and b.sw_lat <= b.ne_lat
    )


def _user_ids(c: Candidate) -> set[int]:
    """Whose statuses this one counts as for ``follow``: its author (a retweet's author is the
    retweeter), the user it replies to (pressed or manual), the author of what it retweets."""
    ids = {c.user_id}
    if c.in_reply_to_user_id is not None:
        ids.add(c.in_reply_to_user_id)
    if c.retweeted_user_id is not None:
        ids.add(c.retweeted_user_id)
    return ids


def _located(c: Candidate) -> bool:
    """Whether ``locations`` looks at the status at all: native retweets never match it."""
    return not (c.is_retweet or c.retweeted_user_id is not None)


_last_terms: tuple[Candidate | None, frozenset[str]] = (None, frozenset())


def _terms(c: Candidate) -> frozenset[str]:
    """``candidate_terms``, remembered for the last status: a loop of ``matches`` over many
    filters asks for the same status's terms each time."""
    global _last_terms
    last, terms = _last_terms
    if last is not c:
        terms = candidate_terms(c)
        _last_terms = (c, terms)
    return terms


def matches(f: Filter, c: Candidate) -> bool:
    """Whether the status matches the filter: any phrase of ``track`` with all its terms in the
    status, any ``follow`` user, any ``locations`` box (the reference ``Matcher`` agrees with)."""
    if f.follow and not _user_ids(c).isdisjoint(f.follow):
        return True
    if f.track:
        terms = _terms(c)
        for phrase in f.track:
            wanted = phrase_terms(phrase)
            if wanted and terms.issuperset(wanted):
                return True
    if f.locations and _located(c):
        if c.coordinates is not None:  # the point decides; the place is not looked at
            long, lat = c.coordinates
            return any(box_contains(b, long, lat) for b in f.locations)
        if c.place_box is not None:
            return any(boxes_overlap(b, c.place_box) for b in f.locations)
    return False


# A box as the grid holds it: its bounds unpacked (no attribute lookups, no hashing of the Box
# while matching) and the keys of the filters watching it.
_Entry = tuple[float, float, float, float, set[int]]


def _level(box: Box) -> int:
    """The smallest cell size the box fits in (so it covers at most 2 x 2 cells), or -1."""
    if not all(abs(v) <= _FAR for v in (box.sw_long, box.sw_lat, box.ne_long, box.ne_lat)):
        return -1  # far off the map, or NaN
    size = max(box.ne_long - box.sw_long, box.ne_lat - box.sw_lat)
    for level, side in enumerate(_SIZES):
        if size <= side:
            return level
    return -1


def _cells(side: float, box: Box) -> Iterable[tuple[int, int]]:
    """The cells (columns and rows ``floor(x / side)``) of this side the box covers."""
    for x in range(math.floor(box.sw_long / side), math.floor(box.ne_long / side) + 1):
        for y in range(math.floor(box.sw_lat / side), math.floor(box.ne_lat / side) + 1):
            yield x, y


class _Grid:
    """The ``locations`` boxes, each distinct box once, filed by size and cell."""

    def __init__(self) -> None:
        self.boxes: dict[Box, _Entry] = {}
        self.levels: list[dict[tuple[int, int], dict[Box, _Entry]]] = [{} for _ in _SIZES]
        self.wide: dict[Box, _Entry] = {}  # over 128 degrees, or off the map: checked one by one
        self.used: list[tuple[float, dict[tuple[int, int], dict[Box, _Entry]]]] = []

    def add(self, box: Box, key: int) -> None:
        entry = self.boxes.get(box)
        if entry is None:
            if box.sw_long > box.ne_long or box.sw_lat > box.ne_lat:
                return  # empty: matches nothing, stored nowhere
            entry = self.boxes[box] = (box.sw_long, box.sw_lat, box.ne_long, box.ne_lat, set())
            level = _level(box)
            if level < 0:
                self.wide[box] = entry
            else:
                for cell in _cells(_SIZES[level], box):
                    self.levels[level].setdefault(cell, {})[box] = entry
                self._recount()
        entry[4].add(key)

    def discard(self, box: Box, key: int) -> None:
        entry = self.boxes.get(box)
        if entry is None:
            return
        entry[4].discard(key)
        if entry[4]:
            return
        del self.boxes[box]
        level = _level(box)
        if level < 0:
            del self.wide[box]
            return
        cells = self.levels[level]
        for cell in _cells(_SIZES[level], box):
            del cells[cell][box]
            if not cells[cell]:
                del cells[cell]
        self._recount()

    def _recount(self) -> None:
        self.used = [
            (side, cells) for side, cells in zip(_SIZES, self.levels, strict=True) if cells
        ]

    def at_point(self, long: float, lat: float, out: set[int]) -> None:
        """Add the keys of every box holding the point."""
        floor = math.floor
        for side, cells in self.used if abs(long) <= _FAR and abs(lat) <= _FAR else ():
            held = cells.get((floor(long / side), floor(lat / side)))
            if held:
                for w, s, e, n, keys in held.values():
                    if w <= long <= e and s <= lat <= n:
                        out |= keys
        for w, s, e, n, keys in self.wide.values():
            if w <= long <= e and s <= lat <= n:
                out |= keys

    def overlapping(self, q: Box, out: set[int]) -> None:
        """Add the keys of every box overlapping ``q``."""
        if q.sw_long > q.ne_long or q.sw_lat > q.ne_lat:
            return
        found: dict[Box, _Entry] = dict(self.wide)
        # Boxes in cells lie within _FAR: clipping q there keeps every overlap with them.
        w, s = max(q.sw_long, -_FAR), max(q.sw_lat, -_FAR)
        e, n = min(q.ne_long, _FAR), min(q.ne_lat, _FAR)
        for side, cells in self.used if w <= e and s <= n else ():  # (NaN: nothing overlaps)
            x0, x1 = math.floor(w / side), math.floor(e / side)
            y0, y1 = math.floor(s / side), math.floor(n / side)
            if (x1 - x0 + 1) * (y1 - y0 + 1) <= len(cells):
                for x in range(x0, x1 + 1):
                    for y in range(y0, y1 + 1):
                        found.update(cells.get((x, y), ()))
            else:  # a big place against few occupied cells: look at those instead
                for (x, y), held in cells.items():
                    if x0 <= x <= x1 and y0 <= y <= y1:
                        found.update(held)
        qw, qs, qe, qn = q.sw_long, q.sw_lat, q.ne_long, q.ne_lat
        for bw, bs, be, bn, keys in found.values():  # both non-empty: bounds cross
            if bw <= qe and qw <= be and bs <= qn and qs <= bn:
                out |= keys


def _rarity(term: str) -> tuple[int, str]:
    """Sorts a phrase's likely rarest terms first: the longest (in bytes, as Twitter measured
    phrases), then by spelling so the choice never depends on insertion order."""
    return (-len(term.encode()), term)


class _Anchor:
    """What is filed under one term: the one-term phrase of it, and the longer phrases whose
    likely rarest term it is, by their second rarest (then the rest of their terms)."""

    __slots__ = ("keys", "seconds")

    def __init__(self) -> None:
        self.keys: set[int] | None = None
        self.seconds: dict[str, dict[frozenset[str], set[int]]] | None = None


class _Track:
    """The ``track`` phrases, each distinct set of terms once.

    A one-term phrase is found by its term; a longer one under its two likely rarest terms,
    so it is only looked at when both are in the status, and then checked for the rest of its
    terms. Each step is a set operation in C that iterates the smaller side (the status's
    terms against the anchors, then against an anchor's second terms).
    """

    def __init__(self) -> None:
        self.phrases: dict[frozenset[str], set[int]] = {}
        self.anchors: dict[str, _Anchor] = {}

    def add(self, terms: frozenset[str], key: int) -> None:
        keys = self.phrases.get(terms)
        if keys is None:
            keys = self.phrases[terms] = set()
            a, *others = sorted(terms, key=_rarity)
            anchor = self.anchors.get(a)
            if anchor is None:
                anchor = self.anchors[a] = _Anchor()
            if not others:
                anchor.keys = keys
            else:
                if anchor.seconds is None:
                    anchor.seconds = {}
                tails = anchor.seconds.setdefault(others[0], {})
                tails[frozenset(others[1:])] = keys
        keys.add(key)

    def discard(self, terms: frozenset[str], key: int) -> None:
        keys = self.phrases[terms]
        keys.discard(key)
        if keys:
            return
        del self.phrases[terms]
        a, *others = sorted(terms, key=_rarity)
        anchor = self.anchors[a]
        if not others:
            anchor.keys = None
        else:
            assert anchor.seconds is not None
            tails = anchor.seconds[others[0]]
            del tails[frozenset(others[1:])]
            if not tails:
                del anchor.seconds[others[0]]
            if not anchor.seconds:
                anchor.seconds = None
        if anchor.keys is None and anchor.seconds is None:
            del self.anchors[a]

    def match(self, terms: set[str], out: set[int]) -> None:
        """Add the keys of every phrase whose terms are all in ``terms``."""
        anchors = self.anchors
        for a in anchors.keys() & terms:
            anchor = anchors[a]
            if anchor.keys is not None:
                out |= anchor.keys
            seconds = anchor.seconds
            if seconds is None or seconds.keys().isdisjoint(terms):
                continue
            for b in seconds.keys() & terms:
                for rest, keys in seconds[b].items():
                    if terms.issuperset(rest):
                        out |= keys


class Matcher:
    """Every connection's filter, indexed: ``match`` gives the keys of the filters a status
    matches (the same as ``matches`` on each, see the module for how). Not thread-safe: the
    hub touches it from its event loop only."""

    def __init__(self) -> None:
        self._filters: dict[int, Filter] = {}
        self._track = _Track()
        self._users: dict[int, set[int]] = {}
        self._grid = _Grid()

    def __len__(self) -> int:
        return len(self._filters)

    def stats(self) -> dict[str, int]:
        """How much is stored: filters, and distinct phrases, users and boxes (shared)."""
        return {
            "filters": len(self._filters),
            "phrases": len(self._track.phrases),
            "users": len(self._users),
            "boxes": len(self._grid.boxes),
        }

    def add(self, key: int, f: Filter) -> None:
        """Index a connection's filter under ``key`` (replacing what the key had)."""
        self.remove(key)
        self._filters[key] = f
        for terms in _phrase_sets(f):
            self._track.add(terms, key)
        for user in set(f.follow):
            self._users.setdefault(user, set()).add(key)
        for box in set(f.locations):
            self._grid.add(box, key)

    def remove(self, key: int) -> None:
        """Forget a connection's filter (an unknown key is ignored: a connection may close
        before it was indexed, or twice)."""
        f = self._filters.pop(key, None)
        if f is None:
            return
        for terms in _phrase_sets(f):
            self._track.discard(terms, key)
        for user in set(f.follow):
            keys = self._users[user]
            keys.discard(key)
            if not keys:
                del self._users[user]
        for box in set(f.locations):
            self._grid.discard(box, key)

    def match(self, c: Candidate) -> set[int]:
        """The keys of every filter the status matches."""
        out: set[int] = set()
        users = self._users
        if users:
            for user in (c.user_id, c.in_reply_to_user_id, c.retweeted_user_id):
                if user is not None and (keys := users.get(user)) is not None:
                    out |= keys
        if self._track.phrases:
            self._track.match(term_set(c), out)
        grid = self._grid
        if grid.boxes and _located(c):
            if c.coordinates is not None:
                grid.at_point(c.coordinates[0], c.coordinates[1], out)
            elif c.place_box is not None:
                grid.overlapping(c.place_box, out)
        return out


def _phrase_sets(f: Filter) -> set[frozenset[str]]:
    """A filter's distinct phrases as term sets (order-free, so "api twitter" is "twitter
    api"; a phrase with no terms matches nothing and is left out)."""
    return {terms for terms in (frozenset(phrase_terms(p)) for p in f.track) if terms}
