"""friendships/*, followers/* and friends/*: the social graph, with protected-account approvals."""

from __future__ import annotations

from typing import Any

from roost.api.endpoint import Call
from roost.api.v1 import statuses
from roost.api.v1.users import render_users, target_user
from roost.domain import policy
from roost.domain.errors import NotAuthorized, PageNotFound, TwitterError, UserNotFound
from roost.domain.model import User
from roost.render.context import Viewer
from roost.render.embed import users_with_status
from roost.render.users import relationship_v1, with_relation_flags
from roost.services import users

_ID_PAGE_MAX = {"followers": 5000, "friends": 5000, "incoming": 5000, "outgoing": 5000}


def _render_target(call: Call, target: User, following: bool, requested: bool) -> dict[str, Any]:
    viewer = Viewer(
        call.user().id,
        frozenset({target.id} if following else ()),
        frozenset({target.id} if requested else ()),
    )
    with call.rt.runtime.store.read() as tx:
        (out,) = users_with_status(
            tx, [users.reload(call.rt.runtime, target.id)], viewer, statuses.options(call.params)
        )
    return with_relation_flags(out, listed=False)


def create(call: Call) -> dict[str, Any]:
    """POST friendships/create: follow, or request to follow a protected account."""
    target = target_user(call)
    rel = users.follow(call.rt.runtime, call.user(), target)
    return _render_target(call, target, rel.following, rel.following_requested)


def destroy(call: Call) -> dict[str, Any]:
    """POST friendships/destroy: unfollow (or withdraw a pending request)."""
    target = target_user(call)
    users.unfollow(call.rt.runtime, call.user(), target)
    return _render_target(call, target, False, False)


def _answer(call: Call, approve: bool) -> dict[str, Any]:
    requester = target_user(call)
    if not users.answer_request(call.rt.runtime, call.user(), requester, approve=approve):
        raise PageNotFound()
    return render_users(call, [users.reload(call.rt.runtime, requester.id)])[0]


def accept(call: Call) -> dict[str, Any]:
    """POST friendships/accept: a protected account approves a pending follower."""
    return _answer(call, True)


def deny(call: Call) -> dict[str, Any]:
    """POST friendships/deny: a protected account declines a pending follower."""
    return _answer(call, False)


def show(call: Call) -> dict[str, Any]:
    """GET friendships/show: the relationship between a source (default: the caller) and a target."""
    p = call.params
    if p.get("source_id") or p.get("source_screen_name"):
        source = target_user(call, "source_id", "source_screen_name")
    elif call.viewer_id is not None:
        source = call.user()
    else:
        raise TwitterError("Could not determine source user.", code=163, status=403)
    if not (p.get("target_id") or p.get("target_screen_name")):
        raise TwitterError("Could not determine target user.", code=163, status=403)
    target = target_user(call, "target_id", "target_screen_name")
    return relationship_v1(source, target, users.friendship(call.rt.runtime, source, target))


def _cursored_ids(call: Call, which: str, owner: User) -> dict[str, Any]:
    count = call.params.integer("count", 5000, minimum=1, maximum=_ID_PAGE_MAX[which])
    assert count is not None
    page = users.id_page(call.rt.runtime, which, owner.id, call.params.cursor(), count)
    ids: list[Any] = [str(i) for i in page.ids] if call.params.flag("stringify_ids") else page.ids
    out: dict[str, Any] = {
        "ids": ids,
        "next_cursor": page.next_cursor,
        "next_cursor_str": str(page.next_cursor),
        "previous_cursor": page.previous_cursor,
        "previous_cursor_str": str(page.previous_cursor),
    }
    if which in ("followers", "friends"):
        out["total_count"] = None
    return out


def incoming(call: Call) -> dict[str, Any]:
    """GET friendships/incoming: who asked to follow the (protected) caller."""
    return _cursored_ids(call, "incoming", call.user())


def outgoing(call: Call) -> dict[str, Any]:
    """GET friendships/outgoing: protected accounts the caller asked to follow."""
    return _cursored_ids(call, "outgoing", call.user())


def _graph_owner(call: Call) -> User:
    p = call.params
    if p.get("user_id") or p.get("screen_name"):
        owner = target_user(call)
    elif call.viewer_id is not None:
        owner = call.user()
    else:  # app-only callers must name a user
        raise UserNotFound()
    following = False
    if owner.protected and call.viewer_id is not None and call.viewer_id != owner.id:
        following = users.friendship(call.rt.runtime, call.user(), owner).following
    if not policy.can_view_timeline(call.viewer_id, owner, following):
        raise NotAuthorized(call.request.url.path)
    return owner


def follower_ids(call: Call) -> dict[str, Any]:
    """GET followers/ids."""
    return _cursored_ids(call, "followers", _graph_owner(call))


def friend_ids(call: Call) -> dict[str, Any]:
    """GET friends/ids."""
    return _cursored_ids(call, "friends", _graph_owner(call))


def _cursored_users(call: Call, which: str) -> dict[str, Any]:
    owner = _graph_owner(call)
    count = call.params.integer("count", 20, minimum=1, maximum=200)
    assert count is not None
    page = users.id_page(call.rt.runtime, which, owner.id, call.params.cursor(), count)
    with call.rt.runtime.store.read() as tx:
        found = tx.users_by_ids(page.ids)
    listed = [
        with_relation_flags(u, listed=True)
        for u in render_users(call, [found[i] for i in page.ids if i in found])
    ]
    return {
        "users": listed,
        "next_cursor": page.next_cursor,
        "next_cursor_str": str(page.next_cursor),
        "previous_cursor": page.previous_cursor,
        "previous_cursor_str": str(page.previous_cursor),
        "total_count": None,
    }


def followers_list(call: Call) -> dict[str, Any]:
    """GET followers/list."""
    return _cursored_users(call, "followers")


def friends_list(call: Call) -> dict[str, Any]:
    """GET friends/list."""
    return _cursored_users(call, "friends")
