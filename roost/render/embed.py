"""A User object's ``status``: the account's newest Tweet, rendered without its ``user``.

Kept apart from render/users.py (which render/tweets.py uses) so the two renderers do not import
each other. Loads in batches: one query for the newest ids of a page of users, one for the
statuses, one for their context.
"""

from __future__ import annotations

from typing import Any

from roost.domain import policy
from roost.domain.model import Tweet, User
from roost.render.context import Viewer
from roost.render.tweets import TweetOptions, load_tweet_context, tweet_v1
from roost.render.users import user_v1
from roost.store.sql import SqlTx


def _drop_unseen_retweets(tx: SqlTx, viewer: Viewer, visible: dict[int, Tweet]) -> None:
    """Leave out a newest status that retweets what the viewer may not see: its text is the
    original's ("RT @name: ..."), and the original's author may have turned protected since."""
    original_ids = {t.retweeted_status_id for t in visible.values() if t.retweeted_status_id}
    if not original_ids:
        return
    originals = tx.statuses_by_ids(original_ids)
    sources = tx.users_by_ids({t.user_id for t in originals.values()})
    protected = [a.id for a in sources.values() if a.protected and a.id != viewer.viewer_id]
    follows = (
        tx.following_among(viewer.viewer_id, protected)
        if viewer.viewer_id is not None and protected
        else set()
    )
    for uid, tweet in list(visible.items()):
        if tweet.retweeted_status_id is None:
            continue
        original = originals.get(tweet.retweeted_status_id)
        source = sources.get(original.user_id) if original is not None else None
        if source is None or not policy.can_view_status(
            viewer.viewer_id, source, source.id in follows
        ):
            del visible[uid]


def users_with_status(
    tx: SqlTx,
    users: list[User],
    viewer: Viewer,
    options: TweetOptions,
    *,
    verify_credentials: bool = False,
) -> list[dict[str, Any]]:
    """v1.1 User objects with their newest visible status embedded, as users/show sent them."""
    with_statuses = [u.id for u in users if u.statuses_count > 0]
    latest = tx.latest_status_ids(with_statuses) if with_statuses else {}
    statuses = tx.statuses_by_ids(latest.values()) if latest else {}
    visible = {
        u.id: statuses[latest[u.id]]
        for u in users
        if u.id in latest
        and latest[u.id] in statuses
        and policy.can_view_status(viewer.viewer_id, u, u.id in viewer.following)
    }
    _drop_unseen_retweets(tx, viewer, visible)
    rendered: dict[int, dict[str, Any]] = {}
    if visible:
        ctx = load_tweet_context(tx, viewer.viewer_id, list(visible.values()), options)
        for uid, tweet in visible.items():
            body = tweet_v1(tweet, ctx, options)
            body.pop("user", None)
            rendered[uid] = body
    return [
        user_v1(
            u,
            viewer,
            include_entities=options.include_entities,
            verify_credentials=verify_credentials,
            status=rendered.get(u.id),
        )
        for u in users
    ]
