"""lists/create, show, destroy, statuses, members, members/create and members/destroy:
parameters -> services.lists -> render.lists (Lists), render.tweets (statuses), users (members)."""

from __future__ import annotations

from typing import Any

from roost.api.endpoint import Call
from roost.api.params import Params
from roost.api.v1 import statuses
from roost.api.v1.users import render_users
from roost.domain.errors import PageNotFound
from roost.domain.lists import ListRow
from roost.render.context import load_viewer
from roost.render.lists import list_v1
from roost.services import lists, timelines

MAX_COUNT = 200  # lists/statuses: "count ... up to a maximum of 200", as the other timelines
MAX_MEMBERS_COUNT = 5000  # lists/members: "The default is 20, with a maximum of 5,000."


def _name(p: Params, key: str) -> str | None:
    value = (p.get(key) or "").strip().lstrip("@")
    return value or None


def list_ref(p: Params) -> lists.ListRef:
    """list_id, or slug with owner_id or owner_screen_name."""
    return lists.ListRef(
        list_id=p.snowflake("list_id"),
        slug=(p.get("slug") or "").strip() or None,
        owner_id=p.snowflake("owner_id"),
        owner_screen_name=_name(p, "owner_screen_name"),
    )


def _member_ref(p: Params) -> lists.MemberRef:
    return lists.MemberRef(user_id=p.snowflake("user_id"), screen_name=_name(p, "screen_name"))


def render(call: Call, lst: ListRow) -> dict[str, Any]:
    """The List object for this caller (owner and viewer flags read in one unit)."""
    with call.rt.runtime.store.read() as tx:
        owner = tx.user_by_id(lst.owner_id)
        if owner is None:  # the owner's account is gone (lists go with it): nothing to show
            raise PageNotFound()
        viewer = load_viewer(tx, call.viewer_id, [owner])
    return list_v1(lst, owner, viewer, include_entities=call.params.flag("include_entities", True))


def create(call: Call) -> dict[str, Any]:
    """POST lists/create: name (required), mode public|private, description."""
    p = call.params
    made = lists.create(
        call.rt.runtime,
        call.user(),
        p.required("name"),
        mode=p.get("mode"),
        description=p.get("description"),
    )
    return render(call, made)


def show(call: Call) -> dict[str, Any]:
    """GET lists/show."""
    return render(call, lists.show(call.rt.runtime, call.viewer_id, list_ref(call.params)))


def destroy(call: Call) -> dict[str, Any]:
    """POST lists/destroy: the deleted list, as it was."""
    return render(call, lists.destroy(call.rt.runtime, call.user(), list_ref(call.params)))


def members_create(call: Call) -> dict[str, Any]:
    """POST lists/members/create: the list, with its new member_count."""
    p = call.params
    found = lists.add_member(call.rt.runtime, call.user(), list_ref(p), _member_ref(p))
    return render(call, found)


def members_destroy(call: Call) -> dict[str, Any]:
    """POST lists/members/destroy: the list, with its new member_count."""
    p = call.params
    found = lists.remove_member(call.rt.runtime, call.user(), list_ref(p), _member_ref(p))
    return render(call, found)


def members(call: Call) -> dict[str, Any]:
    """GET lists/members: cursored Users (each with its newest status unless skip_status)."""
    p = call.params
    count = p.integer("count", 20, minimum=1, maximum=MAX_MEMBERS_COUNT)
    assert count is not None
    _, page, found = lists.members(call.rt.runtime, call.viewer_id, list_ref(p), p.cursor(), count)
    return {
        "users": render_users(call, [found[i] for i in page.ids if i in found]),
        "next_cursor": page.next_cursor,
        "next_cursor_str": str(page.next_cursor),
        "previous_cursor": page.previous_cursor,
        "previous_cursor_str": str(page.previous_cursor),
        "total_count": None,
    }


def list_statuses(call: Call) -> Any:
    """GET lists/statuses: since_id, max_id, count (20, at most 200), include_rts (true),
    include_entities, and the rendering switches of every timeline."""
    p = call.params
    count = p.integer("count", 20, minimum=1, maximum=MAX_COUNT)
    assert count is not None
    req = timelines.TimelineRequest(
        count=count,
        since_id=p.snowflake("since_id"),
        max_id=p.snowflake("max_id"),
        include_rts=p.flag("include_rts", True),
    )
    found = lists.statuses(call.rt.runtime, call.viewer_id, list_ref(p), req)
    return statuses.render(call, found)
