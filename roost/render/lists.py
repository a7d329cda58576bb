"""The v1.1 List object, keys in the order Twitter sent them (tweepy's cassettes testgetlist.json,
testaddremovelistmember.json, testcreateupdatedestroylist.yaml; 2019 and 2021 replies)."""

from __future__ import annotations

from typing import Any

from roost.domain.lists import ListRow
from roost.domain.model import User
from roost.render.context import Viewer
from roost.render.timefmt import created_at
from roost.render.users import user_v1


def list_v1(
    lst: ListRow, owner: User, viewer: Viewer, *, include_entities: bool = True
) -> dict[str, Any]:
    """A List for this viewer. ``following`` says whether the viewer follows (subscribes to) the
    list: Twitter answered true for the owner's own lists (lists/list, ownerships and
    members/create in the 2019 cassettes) and Roost has no subscriptions, so it is true exactly
    for the owner. ``user`` is the owner, without a ``status``, as Twitter sent it."""
    return {
        "id": lst.id,
        "id_str": str(lst.id),
        "name": lst.name,
        "uri": f"/{owner.screen_name}/lists/{lst.slug}",
        "subscriber_count": lst.subscriber_count,
        "member_count": lst.member_count,
        "mode": lst.mode,
        "description": lst.description,
        "slug": lst.slug,
        "full_name": f"@{owner.screen_name}/{lst.slug}",
        "created_at": created_at(lst.created_at_ms),
        "following": viewer.viewer_id == lst.owner_id,
        "user": user_v1(owner, viewer, include_entities=include_entities),
    }
