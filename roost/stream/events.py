"""What the streams hear about: one event per committed change a stream reports.

Services publish these on the bus after their write has committed (never before: a stream must
not show a status that a failed transaction never stored). They carry what the stream needs to
match and render without asking the writer again.
"""

from __future__ import annotations

from dataclasses import dataclass

from roost.domain.model import Tweet, User


@dataclass(frozen=True, slots=True)
class StatusPosted:
    """A new status (an original, reply, quote or native retweet)."""

    status: Tweet
    author: User
    retweeted_user_id: int | None = None  # a native retweet: the original's author


@dataclass(frozen=True, slots=True)
class StatusDeleted:
    """A status is gone (deleted, or a retweet undone): the seeds' ``delete`` notice."""

    status: Tweet
    author_protected: bool = False
    retweeted_user_id: int | None = None


@dataclass(frozen=True, slots=True)
class GeoScrubbed:
    """A user removed the location of their statuses up to ``up_to_status_id``: ``scrub_geo``."""

    user_id: int
    up_to_status_id: int


@dataclass(frozen=True, slots=True)
class StatusWithheld:
    """A status is withheld in some countries: ``status_withheld``."""

    status_id: int
    user_id: int
    countries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UserWithheld:
    """An account is withheld in some countries: ``user_withheld``."""

    user_id: int
    countries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UserUpdated:
    """An account changed its profile: ``user_update``."""

    user: User


StreamEvent = (
    StatusPosted | StatusDeleted | GeoScrubbed | StatusWithheld | UserWithheld | UserUpdated
)
