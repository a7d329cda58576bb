"""A User object's ``status``: the account's newest Tweet, rendered without its ``user``.

Kept apart from render/users.py (which render/tweets.py uses) so the two renderers do not import
each other. Loads in batches: one query for the newest ids of a page of users, one for the
statuses, one for their context.
"""

from __future__ import annotations

from typing import Any

from roost.domain import policy
from roost.domain.model import User
from roost.render.context import Viewer
from roost.render.tweets import TweetOptions, load_tweet_context, tweet_v1
from roost.render.users import user_v1
from roost.services import visibility
from roost.store.sql import SqlTx


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
    # A newest status that retweets what the viewer may not see is left out (services/visibility:
    # its text is the original's, whose author may have turned protected since).
    seen = visibility.load(tx, viewer.viewer_id, statuses.values())
    visible = {
        u.id: statuses[latest[u.id]]
        for u in users
        if u.id in latest
        and latest[u.id] in statuses
        and policy.can_view_status(viewer.viewer_id, u, u.id in viewer.following)
        and seen.shown(statuses[latest[u.id]])
    }
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
