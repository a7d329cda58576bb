"""Retweets and likes by the rules of the seeds (statuses/retweet, unretweet, favorites/*).

Counts are kept in the same unit of work as the row they count: a status's ``retweet_count`` and
``favorite_count``, the retweeter's ``statuses_count`` and the liker's ``favourites_count``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from roost.domain.errors import (
    AlreadyFavorited,
    AlreadyRetweeted,
    NoStatusFound,
    NotAuthorizedToSeeStatus,
    RetweetNotPermitted,
)
from roost.domain.model import App, Tweet, User
from roost.domain.retweets import retweet_of
from roost.runtime import Runtime
from roost.search.document import document_for
from roost.services.tweets import can_see, lookup, source_label
from roost.stream.events import StatusDeleted, StatusPosted


@dataclass(frozen=True)
class Unretweeted:
    """What unretweet answers with: the original status (and whether a retweet was undone)."""

    original: Tweet
    undone: bool


def _original_of(tx: Any, viewer_id: int, tweet: Tweet | None) -> tuple[Tweet, User]:
    """The status a retweet/like of ``tweet`` acts on (a retweet stands for its original),
    visible to the viewer; 144 when there is none, 179 when it is not visible."""
    if tweet is not None and tweet.retweeted_status_id:
        tweet = tx.status_by_id(tweet.retweeted_status_id)
    author = tx.user_by_id(tweet.user_id) if tweet is not None else None
    if tweet is None or author is None:
        raise NoStatusFound()
    if not can_see(tx, viewer_id, tweet, author):
        raise NotAuthorizedToSeeStatus()
    return tweet, author


def retweet(rt: Runtime, user: User, app: App, status_id: int) -> Tweet:
    """POST statuses/retweet/:id: the new retweet (retweeting a retweet retweets its original)."""
    with rt.store.write() as tx:
        original, author = _original_of(tx, user.id, tx.status_by_id(status_id))
        if author.protected:
            raise RetweetNotPermitted()  # even its author cannot retweet a protected Tweet
        if tx.retweet_by(user.id, original.id) is not None:
            raise AlreadyRetweeted()
        name, url = source_label(app)
        made = retweet_of(original, author, user.id, rt.next_id(), name, url)
        tx.insert_status(made)
        kinds = (
            [m.kind for m in tx.media_by_ids(original.media_ids).values()]
            if (original.media_ids)
            else []
        )
        tx.index_status(made.id, document_for(made, kinds, author_location=user.location))
        tx.adjust_status_counts(original.id, retweet_count=1)
        tx.adjust_user_counts(user.id, statuses_count=1)
    rt.stream.publish(StatusPosted(made, user, retweeted_user_id=author.id))
    return made


def unretweet(rt: Runtime, user: User, status_id: int) -> Unretweeted:
    """POST statuses/unretweet/:id. By the id of the caller's retweet: the retweet is deleted and
    the original returned. By any other id (the source status): 200 with that status and no
    action, as the seeds say (Twitter's recorded answer, cas:testretweetandunretweet, shows the
    same: the original, still ``retweeted: true``)."""
    with rt.store.write() as tx:
        tweet = tx.status_by_id(status_id)
        if tweet is None:
            raise NoStatusFound()
        if tweet.retweeted_status_id is None or tweet.user_id != user.id:
            original, _ = _original_of(tx, user.id, tweet)
            return Unretweeted(original, undone=False)
        source = tx.status_by_id(tweet.retweeted_status_id)
        tx.delete_statuses([tweet.id])
        tx.adjust_user_counts(user.id, statuses_count=-1)
        if source is not None:
            tx.adjust_status_counts(source.id, retweet_count=-1)
    rt.stream.publish(
        StatusDeleted(tweet, user.protected, source.user_id if source is not None else None)
    )
    if source is None:
        raise NoStatusFound()
    return Unretweeted(rt.store.status_by_id(source.id) or source, undone=True)


def like(rt: Runtime, user: User, status_id: int) -> Tweet:
    """POST favorites/create: 139 when already liked."""
    with rt.store.write() as tx:
        original, _ = _original_of(tx, user.id, tx.status_by_id(status_id))
        if not tx.insert_favorite(user.id, original.id, rt.next_id(), rt.now_ms()):
            raise AlreadyFavorited()
        tx.adjust_status_counts(original.id, favorite_count=1)
        tx.adjust_user_counts(user.id, favourites_count=1)
    return rt.store.status_by_id(original.id) or original


def unlike(rt: Runtime, user: User, status_id: int) -> Tweet:
    """POST favorites/destroy: 144 when the caller has not liked the status."""
    with rt.store.write() as tx:
        tweet = tx.status_by_id(status_id)
        if tweet is not None and tweet.retweeted_status_id:
            tweet = tx.status_by_id(tweet.retweeted_status_id)
        if tweet is None or not tx.delete_favorite(user.id, tweet.id):
            raise NoStatusFound()
        tx.adjust_status_counts(tweet.id, favorite_count=-1)
        tx.adjust_user_counts(user.id, favourites_count=-1)
    return rt.store.status_by_id(tweet.id) or tweet


def visible_statuses(rt: Runtime, viewer_id: int | None, ids: Sequence[int]) -> list[Tweet]:
    """The statuses among ``ids`` the viewer may see, in the order given (deleted ones and
    protected authors' ones the viewer does not follow left out)."""
    found = lookup(rt, viewer_id, ids)
    return [found[i] for i in ids if i in found]
