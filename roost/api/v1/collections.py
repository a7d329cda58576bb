"""collections/entries, list, show, create, destroy, update, entries/add, curate, move and
remove: Twitter's parameters -> services.collections -> render.collections.

``id`` is ``custom-<id>`` (a bare id is accepted too). POST entries/curate sends its ``id`` and
``changes`` as an ``application/json`` body, which is not part of the OAuth signature (the
seeds' "Authenticating Requests"; the pipeline signs only form bodies): a body that is not a
JSON object is 400/44 ``changes parameter is invalid.``. Without a JSON body, ``id`` and
``changes`` (JSON text) are read from the query string or a form body instead.
"""

from __future__ import annotations

from typing import Any

import orjson

from roost.api.endpoint import Call
from roost.api.params import Params
from roost.api.v1.statuses import options
from roost.domain import collections as rules
from roost.domain.collections import CollectionRow
from roost.domain.errors import PageNotFound, ParameterInvalid, ParameterMissing
from roost.render import collections as render
from roost.render.context import load_viewer
from roost.render.tweets import load_tweet_context
from roost.services import collections as svc
from roost.services import users


def _id(p: Params) -> int:
    return rules.parse_timeline_id(p.get("id"))


def _count(p: Params) -> int:
    count = p.integer("count", rules.COUNT_DEFAULT, minimum=1, maximum=rules.COUNT_MAX)
    assert count is not None
    return count


def _tweet_id(p: Params, name: str = "tweet_id") -> int:
    value = p.snowflake(name)
    if value is None:
        raise ParameterMissing(name)
    return value


def _single(call: Call, row: CollectionRow, *, response_first: bool = False) -> dict[str, Any]:
    with call.rt.runtime.store.read() as tx:
        owner = tx.user_by_id(row.owner_id)
        if owner is None:  # the owner's account is gone (its collections go with it)
            raise PageNotFound()
        viewer = load_viewer(tx, call.viewer_id, [owner])
    return render.single(
        row,
        owner,
        viewer,
        response_first=response_first,
        include_entities=call.params.flag("include_entities", True),
    )


# ----------------------------------------------------------------------------- reads


def show(call: Call) -> dict[str, Any]:
    """GET collections/show: id."""
    return _single(call, svc.show(call.rt.runtime, _id(call.params)))


def list_collections(call: Call) -> dict[str, Any]:
    """GET collections/list: user_id or screen_name (or tweet_id alone), tweet_id, count,
    cursor (a previous reply's ``next_cursor``)."""
    p = call.params
    rt = call.rt.runtime
    user_id = p.snowflake("user_id")
    screen_name = (p.get("screen_name") or "").strip().lstrip("@") or None
    tweet_id = p.snowflake("tweet_id")
    owner_id: int | None = None
    if user_id is not None or screen_name is not None:
        owner_id = users.find_user(rt, user_id=user_id, screen_name=screen_name).id
    elif tweet_id is None:
        raise ParameterMissing("user_id")
    cursor = p.cursor()
    page = svc.list_collections(rt, owner_id, tweet_id=tweet_id, cursor=cursor, count=_count(p))
    with rt.store.read() as tx:
        owners = tx.users_by_ids({r.owner_id for r in page.collections})
        viewer = load_viewer(tx, call.viewer_id, owners.values())
    return render.listing(
        page.collections,
        owners,
        viewer,
        page.next_cursor,
        include_entities=p.flag("include_entities", True),
    )


def entries(call: Call) -> dict[str, Any]:
    """GET collections/entries: id, count (1..200), max_position, min_position, and the
    Tweet rendering switches (tweet_mode, include_entities ...)."""
    p = call.params
    rt = call.rt.runtime
    viewer_id = call.viewer_id
    page = svc.entries(
        rt,
        viewer_id,
        _id(p),
        count=_count(p),
        max_position=p.snowflake("max_position"),
        min_position=p.snowflake("min_position"),
    )
    opts = options(p)
    with rt.store.read() as tx:
        owner = tx.user_by_id(page.collection.owner_id)
        if owner is None:
            raise PageNotFound()
        found = tx.statuses_by_ids([e.status_id for e in page.entries])
        authors = tx.users_by_ids({t.user_id for t in found.values()})
        tweets = {  # a suspended author's tweets answer as missing everywhere
            sid: t
            for sid, t in found.items()
            if t.user_id in authors and not authors[t.user_id].suspended
        }
        ctx = load_tweet_context(tx, viewer_id, list(tweets.values()), opts)
        ctx.viewer = load_viewer(tx, viewer_id, [*ctx.users.values(), owner])
    return render.entries(
        page.collection,
        owner,
        page.entries,
        tweets,
        ctx,
        opts,
        max_position=page.max_position,
        min_position=page.min_position,
        was_truncated=page.was_truncated,
    )


# ----------------------------------------------------------------------------- writes


def create(call: Call) -> dict[str, Any]:
    """POST collections/create: name, description, url, timeline_order."""
    p = call.params
    row = svc.create(
        call.rt.runtime,
        call.user(),
        p.get("name"),
        description=p.get("description"),
        url=p.get("url"),
        timeline_order=p.get("timeline_order"),
    )
    return _single(call, row, response_first=True)


def update(call: Call) -> dict[str, Any]:
    """POST collections/update: id, name, description, url (no partial updates)."""
    p = call.params
    row = svc.update(
        call.rt.runtime,
        call.user(),
        _id(p),
        name=p.get("name"),
        description=p.get("description"),
        url=p.get("url"),
    )
    return _single(call, row, response_first=True)


def destroy(call: Call) -> dict[str, Any]:
    """POST collections/destroy: id."""
    svc.destroy(call.rt.runtime, call.user(), _id(call.params))
    return render.destroyed()


def entries_add(call: Call) -> dict[str, Any]:
    """POST collections/entries/add: id, tweet_id, relative_to, above (true)."""
    p = call.params
    errors = svc.entries_add(
        call.rt.runtime,
        call.user(),
        _id(p),
        _tweet_id(p),
        relative_to=p.snowflake("relative_to"),
        above=p.flag("above", True),
    )
    return render.changes(errors)


def entries_remove(call: Call) -> dict[str, Any]:
    """POST collections/entries/remove: id, tweet_id."""
    p = call.params
    errors = svc.entries_remove(call.rt.runtime, call.user(), _id(p), _tweet_id(p))
    return render.changes(errors, response_first=True)


def entries_move(call: Call) -> dict[str, Any]:
    """POST collections/entries/move: id, tweet_id, relative_to, above (true)."""
    p = call.params
    errors = svc.entries_move(
        call.rt.runtime,
        call.user(),
        _id(p),
        _tweet_id(p),
        _tweet_id(p, "relative_to"),
        above=p.flag("above", True),
    )
    return render.changes(errors)


def _curate_body(call: Call) -> tuple[object, object]:
    """(id, changes) of a curate request: the JSON body's, else the parameters'."""
    if call.form is None and call.body.strip():
        try:
            body = orjson.loads(call.body)
        except orjson.JSONDecodeError:
            raise ParameterInvalid("changes") from None
        if not isinstance(body, dict):
            raise ParameterInvalid("changes")
        return body.get("id", call.params.get("id")), body.get("changes")
    raw = call.params.get("changes")
    if raw is None or raw == "":
        return call.params.get("id"), None
    try:
        return call.params.get("id"), orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ParameterInvalid("changes") from None


def entries_curate(call: Call) -> dict[str, Any]:
    """POST collections/entries/curate: ``{"id": "custom-…", "changes": [{"op": "add" |
    "remove", "tweet_id": "…"}, …]}`` (1 to 100 changes)."""
    raw_id, raw_changes = _curate_body(call)
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    if raw_id is not None and not isinstance(raw_id, str):
        raise ParameterInvalid("id")
    collection_id = rules.parse_timeline_id(raw_id)
    changes = rules.parse_changes(raw_changes)
    errors = svc.entries_curate(call.rt.runtime, call.user(), collection_id, changes)
    return render.changes(errors)
