"""users/show, users/lookup and users/search."""

from __future__ import annotations

from typing import Any

from roost.api.endpoint import Call
from roost.api.v1 import statuses
from roost.domain.errors import UserNotFound, UserSuspended
from roost.domain.model import User
from roost.render.context import load_viewer
from roost.render.embed import users_with_status
from roost.render.users import user_v1, with_profile_location
from roost.services import users


def target_user(call: Call, id_name: str = "user_id", name_name: str = "screen_name") -> User:
    """The account a request names by ``user_id`` or ``screen_name`` (id wins), or 404/50."""
    user_id = call.params.snowflake(id_name)
    screen_name = call.params.get(name_name)
    if user_id is None and not screen_name:
        raise UserNotFound()
    return users.find_user(
        call.rt.runtime,
        user_id=user_id,
        screen_name=screen_name.lstrip("@") if screen_name else None,
    )


def render_users(call: Call, found: list[User]) -> list[dict[str, Any]]:
    """v1.1 User objects for this caller, viewer flags loaded in one batch; each with its newest
    visible status unless ``skip_status`` is true."""
    include_entities = call.params.flag("include_entities", True)
    with call.rt.runtime.store.read() as tx:
        viewer = load_viewer(tx, call.viewer_id, found)
        if not call.params.flag("skip_status"):
            return users_with_status(tx, found, viewer, statuses.options(call.params))
    return [user_v1(u, viewer, include_entities=include_entities) for u in found]


def show(call: Call) -> dict[str, Any]:
    """GET users/show: one account by user_id or screen_name."""
    user = target_user(call)
    if user.suspended:
        raise UserSuspended()
    return with_profile_location(render_users(call, [user])[0])


def lookup(call: Call) -> list[dict[str, Any]]:
    """GET/POST users/lookup: up to 100 accounts by user_id and/or screen_name lists."""
    found = users.lookup_users(
        call.rt.runtime, call.params.id_list("user_id"), call.params.name_list("screen_name")
    )
    return render_users(call, [u for u in found if not u.suspended])


def search(call: Call) -> list[dict[str, Any]]:
    """GET users/search: a page of the accounts matching ``q`` (``page`` from 1, ``count`` at
    most 20), as users/lookup renders them."""
    p = call.params
    page = p.integer("page", 1, minimum=1)
    count = p.integer("count", users.SEARCH_PAGE_MAX, minimum=1, maximum=users.SEARCH_PAGE_MAX)
    assert page is not None and count is not None
    return render_users(call, users.search_users(call.rt.runtime, p.get("q") or "", page, count))
