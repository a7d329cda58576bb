"""OAuth 2.0 scopes: every scope Twitter offered, what each means in plain words, and which ones
each endpoint a user access token can call needs. The one place for both.

Sources: the scopes table of Twitter's "OAuth 2.0 Authorization Code Flow with PKCE" page
(docs:oauth-2-0/authorization-code; the wording clients copied from it, e.g. daneden/Twift's
``OAuth2Scope``, twitter_api_v2's ``Scope``), xdevplatform/twitter-api-typescript-sdk's
``OAuth2Scopes``; ``dm.*`` and ``media.write`` joined the table later. Each endpoint's scopes
are its API reference's "OAuth 2.0 scopes required by this endpoint" (Manage Tweets:
``tweet.read tweet.write users.read``).

An endpoint missing from ``REQUIRED`` does not take OAuth 2.0 user context at all: Twitter's
v1.1 endpoints never accepted it ("OAuth 2.0 can be used with the Twitter API v2 only",
docs:oauth-2-0/authorization-code).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """One scope: its name, a short title and the sentence Twitter's table gave it."""

    name: str
    title: str
    description: str
    can_write: bool = False  # the consent page lists what an App may do apart from what it may see


OFFLINE_ACCESS = "offline.access"

CATALOGUE: dict[str, Scope] = {
    s.name: s
    for s in (
        Scope(
            "tweet.read",
            "Read Tweets",
            "All the Tweets you can view, including Tweets from protected accounts.",
        ),
        Scope("tweet.write", "Post Tweets", "Tweet and Retweet for you.", True),
        Scope(
            "tweet.moderate.write",
            "Hide replies",
            "Hide and unhide replies to your Tweets.",
            True,
        ),
        Scope(
            "users.read",
            "Read profiles",
            "Any account you can view, including protected accounts.",
        ),
        Scope("follows.read", "Read follows", "People who follow you and people who you follow."),
        Scope("follows.write", "Follow", "Follow and unfollow people for you.", True),
        Scope(
            OFFLINE_ACCESS,
            "Stay connected",
            "Stay connected to your account until you revoke access.",
        ),
        Scope("space.read", "Read Spaces", "All the Spaces you can view."),
        Scope("mute.read", "Read mutes", "Accounts you’ve muted."),
        Scope("mute.write", "Mute", "Mute and unmute accounts for you.", True),
        Scope("like.read", "Read likes", "Tweets you’ve liked and likes you can view."),
        Scope("like.write", "Like", "Like and un-like Tweets for you.", True),
        Scope(
            "list.read",
            "Read Lists",
            "Lists, list members, and list followers of lists you’ve created or are a member "
            "of, including private lists.",
        ),
        Scope("list.write", "Manage Lists", "Create and manage Lists for you.", True),
        Scope("block.read", "Read blocks", "Accounts you’ve blocked."),
        Scope("block.write", "Block", "Block and unblock accounts for you.", True),
        Scope(
            "bookmark.read", "Read Bookmarks", "Get Bookmarked Tweets from an authenticated user."
        ),
        Scope("bookmark.write", "Bookmark", "Bookmark and remove Bookmarks from Tweets.", True),
        Scope("dm.read", "Read Direct Messages", "All your Direct Messages."),
        Scope("dm.write", "Send Direct Messages", "Send and manage Direct Messages for you.", True),
        Scope("media.write", "Upload media", "Upload media.", True),
    )
}

# Manage Tweets (POST /2/tweets, DELETE /2/tweets/:id): the API reference's scopes.
MANAGE_TWEETS = frozenset({"tweet.read", "tweet.write", "users.read"})

# "METHOD path" (routes.py's path) -> the scopes a user access token must hold.
REQUIRED: dict[str, frozenset[str]] = {
    "POST /2/tweets": MANAGE_TWEETS,
    "DELETE /2/tweets/{id}": MANAGE_TWEETS,
    "GET /2/users/me": frozenset({"tweet.read", "users.read"}),  # the users lookup reference
}
NONE: frozenset[str] = frozenset()


def required(method: str, path: str) -> frozenset[str]:
    """The scopes an OAuth 2.0 user token needs on this route (empty: it may not call it)."""
    return REQUIRED.get(f"{method} {path}", NONE)


def parse(raw: str | None) -> tuple[str, ...] | None:
    """A ``scope`` parameter (space-separated, RFC 6749 3.3) as names in the order asked,
    each once; None when it names a scope Twitter did not offer (or none at all)."""
    names = tuple(dict.fromkeys((raw or "").split()))
    if not names or any(name not in CATALOGUE for name in names):
        return None
    return names


def describe(names: tuple[str, ...]) -> tuple[list[Scope], list[Scope]]:
    """The consent page's two lists: what the App could see, and what it could do."""
    scopes = [CATALOGUE[name] for name in names]
    return [s for s in scopes if not s.can_write], [s for s in scopes if s.can_write]
