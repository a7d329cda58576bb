"""The timeline interface: status ids, newest first, for one slice of one timeline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

# How far back each timeline reaches (the seeds: "Up to 800 Tweets are obtainable on the home
# timeline", user_timeline "can only return up to 3,200 of a user's most recent Tweets",
# mentions_timeline "can only return up to 800 tweets"). Older statuses are not reachable by
# max_id, and a since_id below the oldest reachable one is "forced to the oldest ID available".
HOME_DEPTH = 800
USER_DEPTH = 3200
MENTIONS_DEPTH = 800

MAX_STATUS_ID = (1 << 63) - 1


@dataclass(frozen=True)
class Slice:
    """The part of a timeline a request selects: up to ``count`` statuses with ids above
    ``since_id`` (exclusive) and at most ``max_id`` (inclusive), newest first."""

    count: int
    since_id: int | None = None
    max_id: int | None = None

    @property
    def low(self) -> int:
        """The exclusive lower bound (0 when no since_id was given)."""
        return self.since_id or 0

    @property
    def high(self) -> int:
        """The inclusive upper bound (the largest id when no max_id was given)."""
        return MAX_STATUS_ID if self.max_id is None else self.max_id


class TimelineSource(Protocol):
    """Where timelines come from. Each method answers at most ``slice.count`` status ids, newest
    first, from among the newest ``*_DEPTH`` statuses of that timeline.

    Statuses are filtered for visibility here (home holds only the user's and their followees'
    statuses; mentions leave out protected authors the user does not follow). What Twitter removed
    *after* the count (deleted statuses, suspended authors, exclude_replies, include_rts=false) is
    left to the caller, so a page may shrink below count exactly as Twitter's did.
    """

    def home(self, user_id: int, part: Slice) -> list[int]:
        """statuses/home_timeline: the user's own statuses and retweets and those of the
        accounts they follow."""
        ...

    def user(self, user_id: int, part: Slice) -> list[int]:
        """statuses/user_timeline: the account's statuses and retweets."""
        ...

    def mentions(self, user_id: int, part: Slice) -> list[int]:
        """statuses/mentions_timeline: statuses mentioning the user that the user may see."""
        ...
