"""Twitter's rules for Lists: names, slugs, modes, descriptions, limits and who may see one.

Sources: the v1.1 reference (POST lists/create: "A list's name must start with a letter and can
consist only of 25 or fewer letters, numbers, "-", or "_" characters", mode "public or private
... If no mode is specified the list will be public", "you can create up to 1000 lists per
account"; POST lists/members/create: "Lists are limited to 5,000 members"; GET lists/show:
"Private lists will only be shown if the authenticated user owns the specified list"; GET
lists/list: "A maximum of 100 results will be returned by this call"; POST lists/update: "The
authenticated user must own the list to be able to update it"; POST lists/members/create_all and
destroy_all: "you are limited to adding up to 100 members to a list at a time with this method",
``user_id`` and ``screen_name`` each "up to 100 are allowed in a single request"), and
replies quoted in client issues (codes 104, 108, 109, 110, 112 and "The list failed validation:
A list's name can't be this many characters long.", see each error below). Twitter's own web
client let names hold spaces ("Official Twitter Accounts" -> slug official-twitter-accounts,
tweepy's cassette testgetlist.json), so only the first character and the length are checked.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from roost.domain.errors import ParameterInvalid, TwitterError

NAME_MAX = 25
DESCRIPTION_MAX = 100
MEMBERS_MAX = 5000
LISTS_MAX = 1000
LISTS_LIST_MAX = 100  # GET lists/list answers at most 100 lists
MEMBERS_PER_REQUEST = 100  # lists/members/create_all and destroy_all: names per parameter
MODES = ("public", "private")
# What a slug keeps of a name (lower-cased); every other character becomes "-".
_SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True)
class ListRow:
    """A stored List: its owner, names, mode and the counts kept beside it."""

    id: int
    owner_id: int
    name: str
    slug: str
    description: str
    mode: str
    member_count: int
    subscriber_count: int
    created_at_ms: int

    @property
    def private(self) -> bool:
        """A private list is visible to its owner alone."""
        return self.mode == "private"


# ----------------------------------------------------------------------------- errors
# Codes and messages as Twitter's replies quoted them; the HTTP statuses of 104, 110 and 112
# and every code of a failed validation are UNCONFIRMED (no recorded reply shows them).


class ListValidationFailed(TwitterError):
    """A name, description or the owner's list count Twitter's validation refused (the
    message's form is a real reply's, quoted in afup/web#452; code and status UNCONFIRMED)."""

    code, status = 44, 403

    def __init__(self, reason: str) -> None:
        super().__init__(f"The list failed validation: {reason}")


class ListNotSpecified(TwitterError):
    """403/112: neither a list_id nor a slug with its owner (tweepy#269, J7mbo/twitter-api-php#159)."""

    code, status, message = 112, 403, "You must specify either a list ID or a slug and owner."


class MemberNotAllowed(TwitterError):
    """403/104: adding to a list one does not own, or to a full one (tweepy's users quote it)."""

    code, status, message = 104, 403, "You aren't allowed to add members to this list."


class MemberRemovalNotAllowed(MemberNotAllowed):
    """403/104 for removing from another's list (the message is Roost's: UNCONFIRMED)."""

    message = "You aren't allowed to remove members from this list."


class ListDestroyNotAllowed(MemberNotAllowed):
    """403/104 for deleting another's list (the message is Roost's: UNCONFIRMED)."""

    message = "You aren't allowed to delete this list."


class ListUpdateNotAllowed(MemberNotAllowed):
    """403/104 for updating another's list, as for deleting it (the message is Roost's:
    UNCONFIRMED)."""

    message = "You aren't allowed to update this list."


class MemberNotFound(TwitterError):
    """404/108: the account to add or remove does not exist (tweepy's show_list_member and
    python-twitter's DestroyListsMember users quote it)."""

    code, status, message = 108, 404, "Cannot find specified user."


class NotOnList(TwitterError):
    """404/109: lists/members/show of an account that is not on the list (the code and message
    of client libraries' tables of Twitter's errors; 404 as tweepy's get_list_member documents,
    "NotFound: The user is not a member of the list")."""

    code, status, message = 109, 404, "The specified user is not a member of this list."


class NotAMember(TwitterError):
    """403/110: removing an account that is not on the list (a client's table of codes)."""

    code, status, message = (
        110,
        403,
        "The user you are trying to remove from the list is not a member.",
    )


# ----------------------------------------------------------------------------- rules


def check_name(name: str) -> str:
    """A list name: 1 to 25 characters (surrounding spaces dropped), starting with a letter."""
    name = name.strip()
    if len(name) > NAME_MAX:
        raise ListValidationFailed("A list's name can't be this many characters long.")
    if not name or not name[0].isalpha():
        raise ListValidationFailed("A list's name must start with a letter.")
    return name


def check_description(description: str | None) -> str:
    """A list description of at most 100 characters (none is the empty string)."""
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise ListValidationFailed("A list's description can't be this many characters long.")
    return description


def check_mode(mode: str | None) -> str:
    """``public`` (also when not given) or ``private``, in any case; anything else is 44."""
    if mode is None or mode == "":
        return "public"
    mode = mode.strip().lower()
    if mode not in MODES:
        raise ParameterInvalid("mode")
    return mode


def slug_of(name: str) -> str:
    """The slug Twitter made of a name: accents dropped, lower-cased, and every character other
    than a letter, digit, "-" or "_" turned into "-" ("Official Twitter Accounts" ->
    "official-twitter-accounts")."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).lower()
    return "".join(c if c in _SLUG_CHARS else "-" for c in plain)


def unique_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base`` with the smallest number that makes it unique among the owner's
    slugs (``taken``, lower-cased): Twitter named a second "goggles" list ``goggles1``
    (ardubs/goggles#1)."""
    if base not in taken:
        return base
    n = 1
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def can_view_list(viewer_id: int | None, lst: ListRow) -> bool:
    """A public list is visible to everyone, a private one to its owner alone (to anyone
    else it answers as if it did not exist, 404/34)."""
    return not lst.private or viewer_id == lst.owner_id


def can_manage_list(actor_id: int, lst: ListRow) -> bool:
    """Only the owner adds and removes members, updates or deletes the list."""
    return actor_id == lst.owner_id


def listed_change(lst: ListRow, mode: str) -> int:
    """How moving ``lst`` to ``mode`` changes each member's ``listed_count``, which counts the
    public lists an account is on: +1 when a private list turns public, -1 the other way."""
    if lst.private == (mode == "private"):
        return 0
    return -1 if mode == "private" else 1
