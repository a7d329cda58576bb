"""Which statuses/filter connections a status concerns: the seeds' rules, and an index of them.

``matches`` is the reference: one filter against one status, written as plainly as the seeds'
text. ``Matcher`` gives the same answer for every connection at once, at a cost that grows with
the status's size and the number of matches, never with the number of connections: each
distinct phrase, user id and box is stored once, whichever connections share it (10,000
connections tracking the same word are one posting holding 10,000 keys).

- track: a phrase is filed under one of its terms (its anchor, the longest: long words are the
  rare ones), so a status only looks at the phrases anchored at its own terms and checks the
  rest of each phrase against its term set (``track.py`` says what the terms are);
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
from dataclasses import dataclass, field

from roost.domain.model import Tweet
from roost.stream.filters import Box, Candidate, Filter
from roost.stream.track import candidate_terms, phrase_terms

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


@dataclass(slots=True)
class _Posting:
    """One distinct phrase, user or box and the keys of the filters that hold it."""

    keys: set[int] = field(default_factory=set)


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
        self.boxes: dict[Box, _Posting] = {}
        self.levels: list[dict[tuple[int, int], set[Box]]] = [{} for _ in _SIZES]
        self.wide: set[Box] = set()  # over 128 degrees (or not finite): checked one by one
        self.used: list[int] = []  # the levels holding any box, for point lookups

    def add(self, box: Box, key: int) -> None:
        posting = self.boxes.get(box)
        if posting is None:
            if box.sw_long > box.ne_long or box.sw_lat > box.ne_lat:
                return  # empty: matches nothing, stored nowhere
            posting = self.boxes[box] = _Posting()
            level = _level(box)
            if level < 0:
                self.wide.add(box)
            else:
                cells = self.levels[level]
                for cell in _cells(_SIZES[level], box):
                    cells.setdefault(cell, set()).add(box)
                self._recount()
        posting.keys.add(key)

    def discard(self, box: Box, key: int) -> None:
        posting = self.boxes.get(box)
        if posting is None:
            return
        posting.keys.discard(key)
        if posting.keys:
            return
        del self.boxes[box]
        level = _level(box)
        if level < 0:
            self.wide.discard(box)
            return
        cells = self.levels[level]
        for cell in _cells(_SIZES[level], box):
            held = cells[cell]
            held.discard(box)
            if not held:
                del cells[cell]
        self._recount()

    def _recount(self) -> None:
        self.used = [level for level, cells in enumerate(self.levels) if cells]

    def at_point(self, long: float, lat: float, out: set[int]) -> None:
        """Add the keys of every box holding the point."""
        boxes = self.boxes
        for level in self.used if abs(long) <= _FAR and abs(lat) <= _FAR else ():
            side = _SIZES[level]
            held = self.levels[level].get((math.floor(long / side), math.floor(lat / side)))
            if held:
                for b in held:
                    if b.sw_long <= long <= b.ne_long and b.sw_lat <= lat <= b.ne_lat:
                        out |= boxes[b].keys
        for b in self.wide:
            if box_contains(b, long, lat):
                out |= boxes[b].keys

    def overlapping(self, q: Box, out: set[int]) -> None:
        """Add the keys of every box overlapping ``q``."""
        if q.sw_long > q.ne_long or q.sw_lat > q.ne_lat:
            return
        found: set[Box] = {b for b in self.wide if boxes_overlap(b, q)}
        # Boxes in cells lie within _FAR: clipping q there keeps every overlap with them.
        w, s = max(q.sw_long, -_FAR), max(q.sw_lat, -_FAR)
        e, n = min(q.ne_long, _FAR), min(q.ne_lat, _FAR)
        for level in self.used if w <= e and s <= n else ():  # (NaN: nothing can overlap)
            side, cells = _SIZES[level], self.levels[level]
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
        for b in found:
            if boxes_overlap(b, q):
                out |= self.boxes[b].keys


class Matcher:
    """Every connection's filter, indexed: ``match`` gives the keys of the filters a status
    matches (the same as ``matches`` on each, see the module for how). Not thread-safe: the
    hub touches it from its event loop only."""

    def __init__(self) -> None:
        self._filters: dict[int, Filter] = {}
        self._phrases: dict[frozenset[str], tuple[str, _Posting]] = {}  # terms -> anchor, keys
        self._anchored: dict[str, dict[frozenset[str], _Posting]] = {}  # anchor -> rest -> keys
        self._users: dict[int, _Posting] = {}
        self._grid = _Grid()

    def __len__(self) -> int:
        return len(self._filters)

    def stats(self) -> dict[str, int]:
        """How much is stored: filters, and distinct phrases, users and boxes (shared)."""
        return {
            "filters": len(self._filters),
            "phrases": len(self._phrases),
            "users": len(self._users),
            "boxes": len(self._grid.boxes),
        }

    def add(self, key: int, f: Filter) -> None:
        """Index a connection's filter under ``key`` (replacing what the key had)."""
        self.remove(key)
        self._filters[key] = f
        for terms in _phrase_sets(f):
            entry = self._phrases.get(terms)
            if entry is None:
                anchor = max(terms, key=lambda t: (len(t.encode()), t))
                entry = self._phrases[terms] = (anchor, _Posting())
                self._anchored.setdefault(anchor, {})[terms - {anchor}] = entry[1]
            entry[1].keys.add(key)
        for user in set(f.follow):
            self._users.setdefault(user, _Posting()).keys.add(key)
        for box in set(f.locations):
            self._grid.add(box, key)

    def remove(self, key: int) -> None:
        """Forget a connection's filter (an unknown key is ignored: a connection may close
        before it was indexed, or twice)."""
        f = self._filters.pop(key, None)
        if f is None:
            return
        for terms in _phrase_sets(f):
            anchor, posting = self._phrases[terms]
            posting.keys.discard(key)
            if not posting.keys:
                del self._phrases[terms]
                bucket = self._anchored[anchor]
                del bucket[terms - {anchor}]
                if not bucket:
                    del self._anchored[anchor]
        for user in set(f.follow):
            user_posting = self._users[user]
            user_posting.keys.discard(key)
            if not user_posting.keys:
                del self._users[user]
        for box in set(f.locations):
            self._grid.discard(box, key)

    def match(self, c: Candidate) -> set[int]:
        """The keys of every filter the status matches."""
        out: set[int] = set()
        users = self._users
        if users:
            for user in _user_ids(c):
                posting = users.get(user)
                if posting is not None:
                    out |= posting.keys
        anchored = self._anchored
        if anchored:
            terms = candidate_terms(c)
            for anchor in anchored.keys() & terms:  # iterates the status's terms
                for rest, posting in anchored[anchor].items():
                    if terms.issuperset(rest):
                        out |= posting.keys
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
