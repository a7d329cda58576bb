"""Which of some statuses a viewer may see, loaded in one go for a page of them.

One rule for every path that shows statuses (timelines, lookup, search, the ``status`` a User
object embeds): a status is shown when its author's may be (policy.can_view_status: public,
the viewer's own, or an approved follower's view of a protected account; never a suspended
author's), and a retweet only where its original is too — it carries the original's text
("RT @name: ..."), and the original's author may have turned protected since it was made.

Kept free of HTTP and of rendering, so render/embed.py can ask it as the services do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from roost.domain import policy
from roost.domain.model import Tweet, User


@dataclass(frozen=True)
class Visibility:
    """What deciding needs for a set of statuses: their authors, the originals of the
    retweets among them and those originals' authors, and whom the viewer follows of the
    protected ones."""

    viewer_id: int | None
    authors: dict[int, User]
    originals: dict[int, Tweet]
    follows: frozenset[int]

    def author_visible(self, tweet: Tweet | None) -> bool:
        """Whether the viewer may see statuses of ``tweet``'s author."""
        author = self.authors.get(tweet.user_id) if tweet is not None else None
        return (
            author is not None
            and not author.suspended
            and policy.can_view_status(self.viewer_id, author, author.id in self.follows)
        )

    def shown(self, tweet: Tweet | None) -> bool:
        """Whether ``tweet`` may be shown: its author's, and a retweet's original's, visible."""
        if not self.author_visible(tweet):
            return False
        assert tweet is not None
        original_id = tweet.retweeted_status_id
        return original_id is None or self.author_visible(self.originals.get(original_id))


def load(tx: Any, viewer_id: int | None, tweets: Iterable[Tweet]) -> Visibility:
    """The Visibility of ``tweets`` for ``viewer_id`` (None: app-only or signed out), in at most
    three queries (originals, authors, follows among the protected ones)."""
    tweets = list(tweets)
    original_ids = {t.retweeted_status_id for t in tweets if t.retweeted_status_id}
    originals = tx.statuses_by_ids(original_ids) if original_ids else {}
    authors = tx.users_by_ids({t.user_id for t in [*tweets, *originals.values()]})
    protected = [a.id for a in authors.values() if a.protected and a.id != viewer_id]
    follows = tx.following_among(viewer_id, protected) if viewer_id and protected else set()
    return Visibility(viewer_id, authors, originals, frozenset(follows))
