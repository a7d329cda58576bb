"""lists/create, show, update, destroy, statuses, members, members/show, members/create,
members/destroy, members/create_all, members/destroy_all, list, ownerships and memberships:
parameters -> services.lists -> render.lists (Lists), render.tweets (statuses), users
(members)."""

from __future__ import annotations

from typing import Any

from roost.api.endpoint import Call
from roost.api.params import Params
from roost.api.v1 import statuses
from roost.api.v1.users import render_users, target_user
from roost.domain.errors import PageNotFound, UserNotFound
from roost.domain.lists import MEMBERS_PER_REQUEST, ListRow
from roost.domain.model import User
from roost.render.context import load_viewer
from roost.render.lists import list_v1
from roost.services import lists, timelines

MAX_COUNT = 200  # lists/statuses: "count ... up to a maximum of 200", as the other timelines
MAX_MEMBERS_COUNT = 5000  # lists/members: "The default is 20, with a maximum of 5,000."
# lists/ownerships and lists/memberships: "Defaults to 20. No more than 1000 results will ever
# be returned in a single page."
MAX_LISTS_COUNT = 1000


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


def _member_list(p: Params) -> lists.MemberList:
    """``user_id`` and ``screen_name`` as comma-separated lists; more than 100 in either is
    400/44, as users/lookup refuses them."""
    return lists.MemberList(
        user_ids=tuple(p.id_list("user_id", maximum=MEMBERS_PER_REQUEST)),
        screen_names=tuple(p.name_list("screen_name", maximum=MEMBERS_PER_REQUEST)),
    )


def _user(call: Call) -> User:
    """The account named by ``user_id`` or ``screen_name``, else the caller (app-only callers
    must name one: 404/50, as followers/list)."""
    p = call.params
    if p.get("user_id") or p.get("screen_name"):
        return target_user(call)
    if call.viewer_id is None:
        raise UserNotFound()
    return call.user()


def render_lists(call: Call, found: list[ListRow]) -> list[dict[str, Any]]:
    """List objects for this caller, owners and viewer flags read in one unit (a list whose
    owner's account is gone is left out: lists go with it)."""
    include_entities = call.params.flag("include_entities", True)
    with call.rt.runtime.store.read() as tx:
        owners = tx.users_by_ids({lst.owner_id for lst in found})
        viewer = load_viewer(tx, call.viewer_id, owners.values())
    return [
        list_v1(lst, owners[lst.owner_id], viewer, include_entities=include_entities)
        for lst in found
        if lst.owner_id in owners
    ]


def render(call: Call, lst: ListRow) -> dict[str, Any]:
    """The List object for this caller."""
    shown = render_lists(call, [lst])
    if not shown:  # the owner's account is gone (lists go with it): nothing to show
        raise PageNotFound()
    return shown[0]


def _cursored(
    call: Call, found: list[ListRow], next_cursor: int, previous_cursor: int
) -> dict[str, Any]:
    """Twitter's cursored collection of Lists, keys in the order of the recorded replies
    (tweepy's cassettes testgetlistownerships.json and testgetlistmemberships.json)."""
    return {
        "next_cursor": next_cursor,
        "next_cursor_str": str(next_cursor),
        "previous_cursor": previous_cursor,
        "previous_cursor_str": str(previous_cursor),
        "lists": render_lists(call, found),
    }


def _as_just_written(shown: dict[str, Any]) -> dict[str, Any]:
    """lists/create and lists/update answered ``following: false`` even to the owner, who is
    ``following`` their list everywhere else, lists/destroy's answer included (tweepy's
    cassette testcreateupdatedestroylist, 2021): the reply Twitter wrote, not a rule."""
    shown["following"] = False
    return shown


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
    return _as_just_written(render(call, made))


def show(call: Call) -> dict[str, Any]:
    """GET lists/show."""
    return render(call, lists.show(call.rt.runtime, call.viewer_id, list_ref(call.params)))


def update(call: Call) -> dict[str, Any]:
    """POST lists/update: name, mode public|private, description (each optional)."""
    p = call.params
    changed = lists.update(
        call.rt.runtime,
        call.user(),
        list_ref(p),
        name=p.get("name"),
        mode=p.get("mode"),
        description=p.get("description"),
    )
    return _as_just_written(render(call, changed))


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


def members_create_all(call: Call) -> dict[str, Any]:
    """POST lists/members/create_all: the list, with its new member_count."""
    p = call.params
    found = lists.add_members(call.rt.runtime, call.user(), list_ref(p), _member_list(p))
    return render(call, found)


def members_destroy_all(call: Call) -> dict[str, Any]:
    """POST lists/members/destroy_all: the list, with its new member_count."""
    p = call.params
    found = lists.remove_members(call.rt.runtime, call.user(), list_ref(p), _member_list(p))
    return render(call, found)


def members_show(call: Call) -> dict[str, Any]:
    """GET lists/members/show: the member's User, as lists/members renders its users
    (include_entities, skip_status); not a member: 404/109."""
    p = call.params
    found = lists.member(call.rt.runtime, call.viewer_id, list_ref(p), _member_ref(p))
    return render_users(call, [found])[0]


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


def lists_list(call: Call) -> list[dict[str, Any]]:
    """GET lists/list: user_id or screen_name (default: the caller), reverse."""
    found = lists.lists_of(
        call.rt.runtime, call.viewer_id, _user(call), owned_first=call.params.flag("reverse")
    )
    return render_lists(call, found)


def ownerships(call: Call) -> dict[str, Any]:
    """GET lists/ownerships: user_id or screen_name (default: the caller), count, cursor."""
    p = call.params
    count = p.integer("count", 20, minimum=1, maximum=MAX_LISTS_COUNT)
    assert count is not None
    page, found = lists.ownerships(call.rt.runtime, call.viewer_id, _user(call), p.cursor(), count)
    return _cursored(call, found, page.next_cursor, page.previous_cursor)


def memberships(call: Call) -> dict[str, Any]:
    """GET lists/memberships: user_id or screen_name (default: the caller), count, cursor,
    filter_to_owned_lists."""
    p = call.params
    count = p.integer("count", 20, minimum=1, maximum=MAX_LISTS_COUNT)
    assert count is not None
    page, found = lists.memberships(
        call.rt.runtime,
        call.viewer_id,
        _user(call),
        p.cursor(),
        count,
        owned_only=p.flag("filter_to_owned_lists"),
    )
    return _cursored(call, found, page.next_cursor, page.previous_cursor)
