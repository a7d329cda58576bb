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
- locations: the grid of ``grid.py`` (each distinct box filed once, by size and cell).

Protected authors are left out before matching (the hub), not here.
"""

from __future__ import annotations

from roost.domain.model import Tweet
from roost.stream.filters import Box, Candidate, Filter
from roost.stream.grid import Grid, box_contains, boxes_overlap
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


def candidate_of(
    tweet: Tweet, *, retweeted_user_id: int | None = None, place_box: Box | None = None
) -> Candidate:
    """What the predicates see of a stored status (``place_box``: its place's bounding box).

    A "manual reply" (the seeds' "@twitterapi I agree") is stored with ``in_reply_to_user_id``
    set (``domain.text.leading_mention``, applied when it is posted), so ``follow`` finds it
    like any reply; a mention anywhere else ("Hello @twitterapi!") is not a reply.
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
        in_reply_to_user_id=tweet.in_reply_to_user_id,
        retweeted_user_id=retweeted_user_id,
        is_retweet=is_retweet or retweeted_user_id is not None,
        coordinates=coordinates,
        place_box=place_box,
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


def _rarity(term: str) -> tuple[int, str]:
    """Sorts a phrase's likely rarest terms first: the longest (in bytes, as Twitter measured
    phrases), then by spelling so the choice never depends on insertion order."""
    return (-len(term.encode()), term)


class _Anchor:
    """What is filed under one term: the one-term phrase of it, and the longer phrases whose
    likely rarest term it is, by their second rarest (then the rest of their terms)."""

    __slots__ = ("keys", "probe", "seconds")

    def __init__(self) -> None:
        self.keys: set[int] | None = None
        self.seconds: dict[str, dict[frozenset[str], set[int]]] | None = None
        # the seconds' terms as a set (checking a status against it allocates nothing), made
        # again before the next match once they change (``_Track._reprobe``)
        self.probe: frozenset[str] = frozenset()


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
        # the anchors' terms again, as a set: ``terms & anchored`` walks the smaller table with
        # the hashes stored in it, where ``anchors.keys() & terms`` steps an iterator and
        # hashes each term again (a twentieth of a status's instructions, cachegrind)
        self.anchored: set[str] = set()
        self._reprobe: set[_Anchor] = set()  # anchors whose seconds changed

    def add(self, terms: frozenset[str], key: int) -> None:
        keys = self.phrases.get(terms)
        if keys is None:
            keys = self.phrases[terms] = set()
            a, *others = sorted(terms, key=_rarity)
            anchor = self.anchors.get(a)
            if anchor is None:
                anchor = self.anchors[a] = _Anchor()
                self.anchored.add(a)
            if not others:
                anchor.keys = keys
            else:
                if anchor.seconds is None:
                    anchor.seconds = {}
                tails = anchor.seconds.setdefault(others[0], {})
                tails[frozenset(others[1:])] = keys
                self._reprobe.add(anchor)
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
                self._reprobe.add(anchor)
            if not anchor.seconds:
                anchor.seconds = None
        if anchor.keys is None and anchor.seconds is None:
            del self.anchors[a]
            self.anchored.discard(a)

    def match(self, terms: set[str], out: set[int]) -> None:
        """Add the keys of every phrase whose terms are all in ``terms``."""
        if self._reprobe:
            for anchor in self._reprobe:
                anchor.probe = frozenset(anchor.seconds or ())
            self._reprobe.clear()
        anchors = self.anchors
        for a in terms & self.anchored:
            anchor = anchors[a]
            if anchor.keys is not None:
                out |= anchor.keys
            seconds = anchor.seconds
            if seconds is None or terms.isdisjoint(anchor.probe):
                continue
            for b in anchor.probe & terms:
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
        self._grid = Grid()

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

    def forget(self) -> None:
        """Forget what lookups remembered (the next statuses are matched as by a fresh
        index: the benchmark's cold start)."""
        self._grid.forget()

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
        if users:  # _user_ids, unrolled (most statuses are no reply and no retweet)
            if (keys := users.get(c.user_id)) is not None:
                out |= keys
            if (
                c.in_reply_to_user_id is not None
                and (keys := users.get(c.in_reply_to_user_id)) is not None
            ):
                out |= keys
            if (
                c.retweeted_user_id is not None
                and (keys := users.get(c.retweeted_user_id)) is not None
            ):
                out |= keys
        if self._track.phrases:
            self._track.match(term_set(c), out)
        grid = self._grid
        if grid.boxes and (c.coordinates is not None or c.place_box is not None) and _located(c):
            if c.coordinates is not None:
                grid.at_point(c.coordinates[0], c.coordinates[1], out)
            elif c.place_box is not None:
                grid.overlapping(c.place_box, out)
        return out


def _phrase_sets(f: Filter) -> set[frozenset[str]]:
    """A filter's distinct phrases as term sets (order-free, so "api twitter" is "twitter
    api"; a phrase with no terms matches nothing and is left out)."""
    return {terms for terms in (frozenset(phrase_terms(p)) for p in f.track) if terms}
