"""A Tweet's poll and the other things POST /2/tweets adds to a status (reply_settings, tags).

Limits are Twitter's v2 reference (FIDELITY section 11): 2 to 4 options of 1 to 25 characters,
a duration of 5 to 10,080 minutes (seven days). ``reply_settings`` is who may reply:
``following`` or ``mentionedUsers`` (Twitter's default, everyone, is the absence of the field).
"""

from __future__ import annotations

from dataclasses import dataclass, field

MIN_OPTIONS, MAX_OPTIONS = 2, 4
MAX_OPTION_LENGTH = 25
MIN_DURATION, MAX_DURATION = 5, 7 * 24 * 60
REPLY_SETTINGS = ("following", "mentionedUsers")


@dataclass(frozen=True)
class Poll:
    """A poll as stored: its options in order, its length and when it closes."""

    options: list[str]
    duration_minutes: int
    end_ms: int


@dataclass(frozen=True)
class StatusExtras:
    """What a v2 Tweet carries beyond a v1.1 status."""

    poll: Poll | None = None
    reply_settings: str | None = None
    tagged_user_ids: list[int] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing to store."""
        return self.poll is None and self.reply_settings is None and not self.tagged_user_ids


def option_problem(option: str) -> str | None:
    """Why an option is refused (None: it is fine)."""
    if not 1 <= len(option) <= MAX_OPTION_LENGTH:
        return f"must be between 1 and {MAX_OPTION_LENGTH} characters"
    return None
