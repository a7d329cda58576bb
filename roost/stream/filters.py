"""What a statuses/filter connection asks for, and what of a status its predicates look at.

``Filter`` holds the three predicates of the seeds (``track``, ``follow``, ``locations``, OR-ed),
already validated by ``predicates.py``; ``Candidate`` is the part of a status they are matched
against, built once per status however many connections there are (``candidate_of``, in
``matcher.py``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Box:
    """A ``locations`` bounding box: south-west corner first, as the seeds write it."""

    sw_long: float
    sw_lat: float
    ne_long: float
    ne_lat: float


@dataclass(frozen=True, slots=True)
class Filter:
    """One connection's predicates; a status matches if any one of them does."""

    track: tuple[str, ...] = ()  # phrases as sent (1-60 bytes each), terms separated by spaces
    follow: tuple[int, ...] = ()  # user ids
    locations: tuple[Box, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A status as the filter predicates see it.

    ``text`` is the status's full text; ``spans`` the code-point ``(start, end)`` spans of its
    entities in that text, in text order (``candidate_of`` sorts them), with their kind
    (``"url"``, ``"media"``, ``"hashtag"``, ``"mention"``, ``"symbol"``); ``urls`` the
    ``(expanded_url, display_url)`` of every link and media entity.
    """

    status_id: int
    user_id: int
    text: str
    spans: tuple[tuple[str, int, int], ...] = ()
    urls: tuple[tuple[str, str], ...] = ()
    hashtags: tuple[str, ...] = ()  # hashtag texts, without '#'
    mentions: tuple[str, ...] = ()  # mentioned screen names, without '@'
    in_reply_to_user_id: int | None = None
    retweeted_user_id: int | None = None  # a native retweet: the retweeted status's author
    is_retweet: bool = False
    coordinates: tuple[float, float] | None = None  # exact point, GeoJSON order (long, lat)
    place_box: Box | None = None  # the attached place's bounding box
