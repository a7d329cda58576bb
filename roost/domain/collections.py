"""Twitter's rules for Collections: ids, parameters, orders, entry positions and curate changes.

Sources (the seeds, v1.1 reference "Curate a collection"): POST collections/create ("name ...
in 25 characters or less", "description ... in 160 characters or fewer", "url: A
fully-qualified URL", ``timeline_order`` ``curation_reverse_chron`` (default), ``tweet_chron``
(oldest first), ``tweet_reverse_chron`` (most recent first)); POST collections/update ("Omitted
``description`` or ``url`` parameters will be treated as if an empty string was passed");
POST collections/entries/add ("A collection will store up to a few thousand Tweets. Adding a
Tweet to a collection beyond its allowed capacity will remove the oldest Tweet in the collection
based on the time it was added"); POST collections/entries/curate ("limited to 100 cumulative
additions or removals per request", per-change errors ``{"change": {"op", "tweet_id"},
"reason": "duplicate"}``); "About collections": every collection is public, and "Tweets created
by users with protected accounts cannot be included in Collections".

Positions. Every entry has one integer ``sort_index``; every order shows entries by it, highest
first, so one index ``(collection_id, sort_index)`` pages every order both ways. For
``tweet_reverse_chron`` it is the tweet id, for ``tweet_chron`` ``MAX_SORT_INDEX - tweet id``
(positive, and highest first is oldest tweet first). For ``curation_reverse_chron`` it is a
sparse key: a new entry goes ``GAP`` above the top (so new entries appear at the top and never
move an existing entry), one placed with ``relative_to`` takes the midpoint of its neighbours'
keys. Only when 32 insertions have halved one gap away does ``renumber`` respace the whole
collection (the one event that changes positions a client may hold).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from roost.domain import policy
from roost.domain.errors import ParameterInvalid, ParameterMissing, TwitterError
from roost.domain.ids import parse_id
from roost.domain.model import User

NAME_MAX = 25
DESCRIPTION_MAX = 160
# The seeds give no limit for ``url``; 255 keeps it one VARCHAR on both engines. (UNCONFIRMED)
URL_MAX = 255
# "up to a few thousand Tweets": Settings.collection_max_entries overrides it.
ENTRIES_MAX = 5000
CHANGES_MAX = 100
COUNT_MAX = 200  # "Specify a count between 1 and 200" (entries and list)
COUNT_DEFAULT = 20  # the seeds give no default (UNCONFIRMED)
ID_PREFIX = "custom-"
TIMELINE_ORDERS = ("curation_reverse_chron", "tweet_chron", "tweet_reverse_chron")
DEFAULT_ORDER = "curation_reverse_chron"
VISIBILITY = "public"  # "Each collection is public"; it stays so when its owner turns protected
COLLECTION_TYPE = "user"

MAX_SORT_INDEX = (1 << 63) - 1
# 2**32 between curated neighbours: 32 insertions at one spot before a renumbering, and 2**31
# additions at the top before the key space (2**63) runs out.
GAP = 1 << 32

Op = Literal["add", "remove", "move"]
# Reasons of a per-change error: the seeds show ``duplicate`` (add of an entry already there)
# and ``not_found`` (remove or move of an entry that is not, or a tweet that does not exist);
# ``protected`` (a protected account's tweet) is Roost's word (UNCONFIRMED).
Reason = Literal["duplicate", "not_found", "protected"]


@dataclass(frozen=True)
class CollectionRow:
    """A stored Collection: its owner, the editable texts and its order."""

    id: int
    owner_id: int
    name: str
    description: str
    url: str
    timeline_order: str
    visibility: str
    created_at_ms: int
    updated_at_ms: int

    @property
    def timeline_id(self) -> str:
        """The collection's id as the API shows it: ``custom-<id>``."""
        return format_timeline_id(self.id)

    @property
    def curated(self) -> bool:
        """Whether the owner orders the entries (``relative_to``, ``above`` and move apply)."""
        return self.timeline_order == "curation_reverse_chron"


@dataclass(frozen=True)
class Entry:
    """One tweet of a collection at its ``sort_index``."""

    status_id: int
    sort_index: int


@dataclass(frozen=True)
class Change:
    """One change of collections/entries/curate (or of add, remove and move)."""

    op: Op
    tweet_id: int


@dataclass(frozen=True)
class ChangeError:
    """A change Twitter refused without failing the request: ``{"change", "reason"}``."""

    change: Change
    reason: Reason

    def body(self) -> dict[str, object]:
        """The seeds' shape: ``{"change": {"op": "add", "tweet_id": "…"}, "reason": "…"}``."""
        return {
            "change": {"op": self.change.op, "tweet_id": str(self.change.tweet_id)},
            "reason": self.reason,
        }


class NotCurated(TwitterError):
    """400/44: entries/move on a collection in tweet order (the seeds: move is "in a
    ``curation_reverse_chron`` ordered collection"; code and message UNCONFIRMED)."""

    code, status, message = 44, 400, "timeline_order parameter is invalid."


# ----------------------------------------------------------------------------- ids


def format_timeline_id(collection_id: int) -> str:
    """``custom-<id>``, the form every collections endpoint speaks."""
    return f"{ID_PREFIX}{collection_id}"


def parse_timeline_id(value: str | None) -> int:
    """The collection id of ``custom-<id>`` (a bare id is accepted too); missing is 38,
    anything else 44."""
    if value is None or not value.strip():
        raise ParameterMissing("id")
    raw = value.strip()
    if raw.startswith(ID_PREFIX):
        raw = raw[len(ID_PREFIX) :]
    timeline_id = parse_id(raw, minimum=1)
    if timeline_id is None:
        raise ParameterInvalid("id")
    return timeline_id


# ----------------------------------------------------------------------------- parameters


def check_name(name: str | None) -> str:
    """A name of 1 to 25 characters (surrounding spaces dropped): missing is 38, longer 44."""
    name = (name or "").strip()
    if not name:
        raise ParameterMissing("name")
    if len(name) > NAME_MAX:
        raise ParameterInvalid("name")
    return name


def check_description(description: str | None) -> str:
    """At most 160 characters; omitted is the empty string (update overwrites with it)."""
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise ParameterInvalid("description")
    return description


def check_url(url: str | None) -> str:
    """A fully-qualified http(s) URL of at most 255 characters, or the empty string."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise ParameterInvalid("url") from None
    if len(url) > URL_MAX or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ParameterInvalid("url")
    return url


def check_timeline_order(order: str | None) -> str:
    """One of the three orders; not given is ``curation_reverse_chron``."""
    if order is None or not order.strip():
        return DEFAULT_ORDER
    order = order.strip().lower()
    if order not in TIMELINE_ORDERS:
        raise ParameterInvalid("timeline_order")
    return order


def clamp_count(count: int | None) -> int:
    """A page size within 1..200 (the handler reports bad values; this only bounds them)."""
    if count is None:
        return COUNT_DEFAULT
    return max(1, min(COUNT_MAX, count))


def can_collect(author: User) -> bool:
    """Only a tweet anyone may see can be collected: a protected account's cannot (and a
    suspended account's answers as missing)."""
    return not author.suspended and policy.can_view_status(None, author, False)


def can_manage(actor_id: int, row: CollectionRow) -> bool:
    """Only the owner changes a collection or its entries; anyone reads it."""
    return actor_id == row.owner_id


# ----------------------------------------------------------------------------- curate


def parse_changes(changes: object) -> list[Change]:
    """The ``changes`` of a curate body: a list of 1 to 100 ``{"op": "add"|"remove",
    "tweet_id": "<id>"}`` (id as a string or number); anything else is 44 on ``changes``."""
    if changes is None:
        raise ParameterMissing("changes")
    if not isinstance(changes, list) or not changes or len(changes) > CHANGES_MAX:
        raise ParameterInvalid("changes")
    out: list[Change] = []
    for item in changes:
        if not isinstance(item, dict) or item.get("op") not in ("add", "remove"):
            raise ParameterInvalid("changes")
        out.append(Change(item["op"], _tweet_id(item.get("tweet_id"))))
    return out


def _tweet_id(value: object) -> int:
    if isinstance(value, bool):
        raise ParameterInvalid("changes")
    if isinstance(value, int) and 0 < value <= MAX_SORT_INDEX:
        return value
    tweet_id = parse_id(value, minimum=1)
    if tweet_id is None:
        raise ParameterInvalid("changes")
    return tweet_id


# ----------------------------------------------------------------------------- positions


def tweet_sort_index(order: str, status_id: int) -> int:
    """The fixed key of an entry in a tweet-ordered collection (highest shows first)."""
    if order == "tweet_chron":
        return MAX_SORT_INDEX - status_id
    return status_id


def place_between(below: int | None, above: int | None) -> int | None:
    """A curated key strictly between the neighbours' (``below`` None: the bottom, keys stay
    above 0; ``above`` None: the top, ``GAP`` above ``below``); None when there is no room
    and the collection wants ``renumber``."""
    low = 0 if below is None else below
    if above is None:
        key = low + GAP
        return key if key <= MAX_SORT_INDEX else None
    if above - low < 2:
        return None
    return low + (above - low) // 2


def renumber(count: int) -> list[int]:
    """Fresh curated keys for ``count`` entries, bottom first, ``GAP`` apart."""
    return [GAP * (i + 1) for i in range(count)]


def neighbours(
    keys_desc: Sequence[int], relative: int, above: bool
) -> tuple[int | None, int | None]:
    """(below, above) keys around the slot directly above (or below) ``relative``, given the
    collection's keys highest first (used by tests; the store asks for the two keys itself)."""
    higher = [k for k in keys_desc if k > relative]
    lower = [k for k in keys_desc if k < relative]
    if above:
        return relative, (min(higher) if higher else None)
    return (max(lower) if lower else None), relative
