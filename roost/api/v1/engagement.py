"""Retweets and likes: statuses/retweet, unretweet, retweets, retweets_of_me, retweeters/ids,
favorites/create, destroy and list (parameters -> services.engagement -> render.tweets)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from roost.api.endpoint import Call
from roost.api.v1.statuses import options, render, status_id_param
from roost.api.v1.users import target_user
from roost.domain.errors import NotAuthorized, UserNotFound
from roost.domain.model import User
from roost.services import engagement, tweets


def retweet(call: Call) -> Any:
    """POST statuses/retweet/:id: the new retweet, its original under ``retweeted_status``."""
    assert call.actor is not None
    made = engagement.retweet(call.rt.runtime, call.user(), call.actor.app, status_id_param(call))
    return render(call, [made])[0]


def unretweet(call: Call) -> Any:
    """POST statuses/unretweet/:id: the original status."""
    done = engagement.unretweet(call.rt.runtime, call.user(), status_id_param(call))
    return render(call, [done.original])[0]


def retweets(call: Call) -> Any:
    """GET statuses/retweets/:id: the newest retweets of a status (up to 100)."""
    rt = call.rt.runtime
    original = tweets.show(rt, call.viewer_id, status_id_param(call))
    count = call.params.integer("count", 100, minimum=1, maximum=100)
    assert count is not None
    with rt.store.read() as tx:
        ids = tx.retweet_ids_by(original.id, None, count)
    return render(call, engagement.visible_statuses(rt, call.viewer_id, ids))


def retweets_of_me(call: Call) -> Any:
    """GET statuses/retweets_of_me: the caller's statuses others retweeted, newest first."""
    p = call.params
    count = p.integer("count", 20, minimum=1, maximum=100)
    assert count is not None
    rt = call.rt.runtime
    with rt.store.read() as tx:
        ids = tx.retweeted_statuses_of(
            call.user().id, p.snowflake("since_id"), p.snowflake("max_id"), count
        )
    found = engagement.visible_statuses(rt, call.viewer_id, ids)
    opts = replace(options(p), include_user_entities=p.flag("include_user_entities", True))
    return render(call, found, opts)


def retweeters_ids(call: Call) -> dict[str, Any]:
    """GET statuses/retweeters/ids: who retweeted a status, newest first, cursored (≤ 100)."""
    rt = call.rt.runtime
    original = tweets.show(rt, call.viewer_id, status_id_param(call))
    count = call.params.integer("count", 100, minimum=1, maximum=100)
    assert count is not None
    with rt.store.read() as tx:
        page = tx.retweeter_page(original.id, call.params.cursor(), count)
    ids: list[Any] = [str(i) for i in page.ids] if call.params.flag("stringify_ids") else page.ids
    # Keys as Twitter sent them (cas:testgetretweeterids.json), which differs from the order of
    # the seeds' hand-written example and adds ``total_count: null``, as followers/ids does.
    return {
        "ids": ids,
        "next_cursor": page.next_cursor,
        "next_cursor_str": str(page.next_cursor),
        "previous_cursor": page.previous_cursor,
        "previous_cursor_str": str(page.previous_cursor),
        "total_count": None,
    }


def favorite(call: Call) -> Any:
    """POST favorites/create: the liked status (``favorited: true``)."""
    liked = engagement.like(call.rt.runtime, call.user(), status_id_param(call))
    return render(call, [liked])[0]


def unfavorite(call: Call) -> Any:
    """POST favorites/destroy: the status, no longer liked."""
    unliked = engagement.unlike(call.rt.runtime, call.user(), status_id_param(call))
    return render(call, [unliked])[0]


def _owner(call: Call) -> User:
    if call.params.get("user_id") or call.params.get("screen_name"):
        return target_user(call)
    if call.viewer_id is None:  # an app-only caller must name a user (as friendships do)
        raise UserNotFound()
    return call.user()


def favorites_list(call: Call) -> Any:
    """GET favorites/list: statuses the user liked, newest status first (since_id/max_id are
    status ids, so ``max_id = lowest id - 1`` pages through every like exactly once)."""
    p = call.params
    owner = _owner(call)
    rt = call.rt.runtime
    if owner.protected and owner.id != call.viewer_id:
        with rt.store.read() as tx:
            allowed = (
                call.viewer_id is not None and tx.friendship(call.viewer_id, owner.id).following
            )
        if not allowed:
            raise NotAuthorized("/1.1/favorites/list.json")
    count = p.integer("count", 20, minimum=1, maximum=200)
    assert count is not None
    with rt.store.read() as tx:
        ids = tx.favorite_status_ids(
            owner.id, p.snowflake("since_id"), p.snowflake("max_id"), count
        )
    return render(call, engagement.visible_statuses(rt, call.viewer_id, ids))
