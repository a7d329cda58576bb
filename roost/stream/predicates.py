"""statuses/filter's parameters, checked as the seeds' streaming docs say, into a ``Filter``.

Limits of the default access level (the seeds: "up to 400 track keywords, 5,000 follow userids
and 25 0.1-360 degree location boxes"): more is 413; a phrase outside 1-60 bytes, a bad box,
a follow id that is not a number, or none of the three predicates is 406; a ``count`` out of
range (or backfill not allowed) is 416. Stream errors were plain text on Twitter's stream hosts,
not the REST API's JSON (clients read only the status); the texts follow Twitter's wording
where it is known ("No filter parameters found. Expect at least one parameter: follow track
locations").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from roost.domain.ids import parse_id
from roost.domain.signals import TWITTER_CODES
from roost.stream.filters import Box, Filter

MAX_TRACK = 400
MAX_FOLLOW = 5000
MAX_BOXES = 25
MAX_PHRASE_BYTES = 60
MAX_COUNT = 150_000
FILTER_LEVELS = ("none", "low", "medium")
_TRUE = frozenset({"true", "t", "1"})


class StreamRefused(Exception):
    """A connection Twitter refused before streaming: its HTTP status and plain-text body."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


@dataclass(frozen=True)
class FilterRequest:
    """Everything a statuses/filter request asked for."""

    filter: Filter
    delimited: bool = False
    stall_warnings: bool = False
    filter_level: str = "none"
    languages: frozenset[str] = frozenset()  # empty: every language
    count: int | None = None  # backfill: positive then live, negative then disconnect (9)
    include_ext_edit_control: bool = False


def _items(raw: str | None) -> list[str]:
    if raw is None or not raw.strip():
        return []
    return [item.strip() for item in raw.split(",")]


def _track(raw: str | None) -> tuple[str, ...]:
    phrases = _items(raw)
    if len(phrases) > MAX_TRACK:
        raise StreamRefused(413, f"Parameter track exceeds the limit of {MAX_TRACK} items.")
    out: list[str] = []
    for index, phrase in enumerate(phrases):
        phrase = " ".join(phrase.split())  # spaces separate terms; runs of them are one
        size = len(phrase.encode("utf-8"))
        if size < 1:
            raise StreamRefused(406, f"Parameter track item index {index} too short: {phrase}")
        if size > MAX_PHRASE_BYTES:
            raise StreamRefused(406, f"Parameter track item index {index} too long: {phrase}")
        if phrase not in out:
            out.append(phrase)
    return tuple(out)


def _follow(raw: str | None) -> tuple[int, ...]:
    ids = _items(raw)
    if len(ids) > MAX_FOLLOW:
        raise StreamRefused(413, f"Parameter follow exceeds the limit of {MAX_FOLLOW} items.")
    out: list[int] = []
    for index, value in enumerate(ids):
        user_id = parse_id(value, minimum=1)
        if user_id is None:
            raise StreamRefused(406, f"Parameter follow item index {index} is not a user id.")
        if user_id not in out:
            out.append(user_id)
    return tuple(out)


def _locations(raw: str | None) -> tuple[Box, ...]:
    values = _items(raw)
    if not values:
        return ()
    if len(values) % 4:
        raise StreamRefused(406, "Parameter locations must hold 4 coordinates per box.")
    if len(values) // 4 > MAX_BOXES:
        raise StreamRefused(413, f"Parameter locations exceeds the limit of {MAX_BOXES} boxes.")
    try:
        numbers = [float(v) for v in values]
    except ValueError:
        raise StreamRefused(
            406, "Parameter locations holds a value that is not a number."
        ) from None
    boxes: list[Box] = []
    for i in range(0, len(numbers), 4):
        sw_long, sw_lat, ne_long, ne_lat = numbers[i : i + 4]
        box = Box(sw_long, sw_lat, ne_long, ne_lat)
        inside = all(-180.0 <= x <= 180.0 for x in (sw_long, ne_long)) and all(
            -90.0 <= y <= 90.0 for y in (sw_lat, ne_lat)
        )
        if not inside or sw_long > ne_long or sw_lat > ne_lat:
            raise StreamRefused(
                406, f"Parameter locations box index {i // 4} is not a valid bounding box."
            )
        if box not in boxes:
            boxes.append(box)
    return tuple(boxes)


def _languages(raw: str | None) -> frozenset[str]:
    codes = {code.lower() for code in _items(raw) if code}
    # v1.1's lang field kept Java's legacy codes (in, iw): a client asking for id or he means them
    return frozenset(codes | {TWITTER_CODES[c] for c in codes if c in TWITTER_CODES})


def _count(raw: str | None, backfill_allowed: bool) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        count = int(raw)
    except ValueError:
        raise StreamRefused(416, "Parameter count must be an integer.") from None
    if not backfill_allowed:
        raise StreamRefused(416, "Parameter count not allowed in role statuses.")
    if count == 0 or abs(count) > MAX_COUNT:
        raise StreamRefused(
            416, f"Parameter count must be between 1 and {MAX_COUNT} or -{MAX_COUNT} and -1."
        )
    return count


def parse_filter(get: Callable[[str], str | None], *, backfill_allowed: bool) -> FilterRequest:
    """The request's predicates and options (``get`` reads one parameter); StreamRefused when
    Twitter would have refused the connection."""
    predicates = Filter(_track(get("track")), _follow(get("follow")), _locations(get("locations")))
    if not (predicates.track or predicates.follow or predicates.locations):
        raise StreamRefused(
            406, "No filter parameters found. Expect at least one parameter: follow track locations"
        )
    delimited = (get("delimited") or "").strip().lower()
    if delimited not in ("", "length"):
        raise StreamRefused(406, "Parameter delimited must be length.")
    level = (get("filter_level") or "none").strip().lower()
    if level not in FILTER_LEVELS:
        raise StreamRefused(406, "Parameter filter_level must be one of none, low, medium.")
    # twarc 2 sends ``stall_warning`` (sic); tweepy ``stall_warnings=True``
    stall = get("stall_warnings") or get("stall_warning") or ""
    return FilterRequest(
        filter=predicates,
        delimited=delimited == "length",
        stall_warnings=stall.strip().lower() in _TRUE,
        filter_level=level,
        languages=_languages(get("language")),
        count=_count(get("count"), backfill_allowed),
        include_ext_edit_control=(get("include_ext_edit_control") or "").strip().lower() in _TRUE,
    )
