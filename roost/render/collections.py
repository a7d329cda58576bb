"""The Collections API's decomposed replies: ``objects`` (``users``, ``tweets``, ``timelines``,
each keyed by its id string, each object once) and ``response`` (references and positions).

Shapes and key orders follow the seeds' example responses ("Response structures", GET
collections/entries, list, show, POST create, update, destroy, entries/add, move, remove,
curate). Every identifier, cursor and position is a string; a tweet in ``objects.tweets`` names
its author as ``{"id", "id_str"}`` only, the author's User object being in ``objects.users``.
Renderers run no queries: handlers load everything first.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from roost.domain.collections import ChangeError, CollectionRow, Entry
from roost.domain.model import Tweet, User
from roost.render.context import Viewer
from roost.render.fragments import fragments
from roost.render.tweets import TweetContext, TweetOptions
from roost.render.users import user_v1


def collection_url(row: CollectionRow, owner: User) -> str:
    """The collection's permalink, as Twitter built it: ``/<screen_name>/timelines/<id>``."""
    return f"https://twitter.com/{owner.screen_name}/timelines/{row.id}"


def timeline_v1(row: CollectionRow, owner: User) -> dict[str, Any]:
    """The Timeline object, keys in the order of the seeds' show and list examples."""
    return {
        "name": row.name,
        "user_id": str(row.owner_id),
        "collection_url": collection_url(row, owner),
        "description": row.description,
        "url": row.url,
        "visibility": row.visibility,
        "timeline_order": row.timeline_order,
        "collection_type": "user",
    }


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def feature_context(row: CollectionRow) -> str:
    """The opaque ``feature_context`` of an entry. Twitter's is a Thrift compact struct
    ``{1: {1: "custom", 2: <collection id>}}`` in base64 (the seeds' example decodes to
    exactly that for custom-539487832448843776); Roost builds the same bytes."""
    zigzag = (row.id << 1) ^ (row.id >> 63)
    raw = b"\x1c\x18\x06custom\x16" + _varint(zigzag) + b"\x00\x00"
    return base64.b64encode(raw).decode("ascii")


def _users(owners: Iterable[User], viewer: Viewer, include_entities: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for user in owners:
        key = str(user.id)
        if key not in out:
            out[key] = user_v1(user, viewer, include_entities=include_entities)
    return out


def single(
    row: CollectionRow,
    owner: User,
    viewer: Viewer,
    *,
    response_first: bool = False,
    include_entities: bool = True,
) -> dict[str, Any]:
    """GET collections/show (objects first), POST create and update (response first, as the
    seeds' examples): the owner, the Timeline object and ``{"timeline_id"}``."""
    objects = {
        "users": _users([owner], viewer, include_entities),
        "timelines": {row.timeline_id: timeline_v1(row, owner)},
    }
    response = {"timeline_id": row.timeline_id}
    if response_first:
        return {"response": response, "objects": objects}
    return {"objects": objects, "response": response}


def listing(
    rows: Sequence[CollectionRow],
    owners: dict[int, User],
    viewer: Viewer,
    next_cursor: int | None,
    *,
    include_entities: bool = True,
) -> dict[str, Any]:
    """GET collections/list: owners and Timeline objects, ``results`` in order and
    ``cursors`` (``next_cursor`` only while more pages follow)."""
    shown = [r for r in rows if r.owner_id in owners]
    cursors: dict[str, str] = {}
    if next_cursor is not None:
        cursors["next_cursor"] = str(next_cursor)
    return {
        "objects": {
            "users": _users((owners[r.owner_id] for r in shown), viewer, include_entities),
            "timelines": {r.timeline_id: timeline_v1(r, owners[r.owner_id]) for r in shown},
        },
        "response": {
            "results": [{"timeline_id": r.timeline_id} for r in shown],
            "cursors": cursors,
        },
    }


def entries(
    row: CollectionRow,
    owner: User,
    page: Sequence[Entry],
    tweets: dict[int, Tweet],
    ctx: TweetContext,
    options: TweetOptions,
    *,
    max_position: int | None,
    min_position: int | None,
    was_truncated: bool,
) -> dict[str, Any]:
    """GET collections/entries: the tweets (authors trimmed to ids), their authors and the
    owner, the Timeline object, and ``response`` with ``timeline``, ``position`` and
    ``timeline_id`` (the example's order). An empty page has null positions."""
    trimmed = dataclasses.replace(options, trim_user=True)
    shown = [e for e in page if e.status_id in tweets]
    page_tweets = [tweets[e.status_id] for e in shown]
    # the rendered-Tweet cache (trim_user is exactly the decomposed tweet: the author as ids)
    bodies = fragments.render(page_tweets, ctx, trimmed)
    rendered = {str(t.id): body for t, body in zip(page_tweets, bodies, strict=True)}
    people: list[User] = [owner]
    for tweet in page_tweets:
        people.append(ctx.users[tweet.user_id])
        original = ctx.originals.get(tweet.retweeted_status_id or 0)
        if original is not None:
            people.append(ctx.users[original.user_id])
        for inner in (tweet, original):
            quoted = ctx.quoted.get(inner.quoted_status_id or 0) if inner else None
            if quoted is not None and quoted.user_id in ctx.users:
                people.append(ctx.users[quoted.user_id])
    context = feature_context(row)
    return {
        "objects": {
            "users": _users(people, ctx.viewer, options.include_entities),
            "tweets": rendered,
            "timelines": {row.timeline_id: timeline_v1(row, owner)},
        },
        "response": {
            "position": {
                "max_position": None if max_position is None else str(max_position),
                "min_position": None if min_position is None else str(min_position),
                "was_truncated": was_truncated,
            },
            "timeline": [
                {
                    "feature_context": context,
                    "tweet": {"id": str(e.status_id), "sort_index": str(e.sort_index)},
                }
                for e in shown
            ],
            "timeline_id": row.timeline_id,
        },
    }


def changes(errors: Sequence[ChangeError], *, response_first: bool = False) -> dict[str, Any]:
    """POST entries/add, move, curate (objects first) and remove (response first, as the
    seeds' examples): ``{"objects": {}, "response": {"errors": [...]}}``."""
    response = {"errors": [e.body() for e in errors]}
    if response_first:
        return {"response": response, "objects": {}}
    return {"objects": {}, "response": response}


def destroyed() -> dict[str, Any]:
    """POST collections/destroy."""
    return {"destroyed": True}
