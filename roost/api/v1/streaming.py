"""GET and POST statuses/filter: the v1.1 filtered stream, on the same port as the REST API (a
client that rewrites ``stream.twitter.com`` to Roost works unchanged)."""

from __future__ import annotations

from roost.api.endpoint import Call, Reply
from roost.stream.connection import Owner
from roost.stream.hub import Hub
from roost.stream.predicates import StreamRefused, parse_filter

STREAM_TYPE = "application/json"


def _refused(exc: StreamRefused) -> Reply:
    return Reply(raw=exc.text.encode(), status=exc.status, media_type="text/plain;charset=utf-8")


def filter_stream(call: Call) -> Reply:
    """statuses/filter: 406/413/416 for bad predicates, 420 for too many attempts, 503 when
    full; else 200 and the stream."""
    actor = call.actor
    assert actor is not None
    settings = call.rt.settings
    try:
        request = parse_filter(call.params.get, backfill_allowed=settings.stream_backfill > 0)
    except StreamRefused as exc:
        return _refused(exc)
    if request.filter.follow:
        with call.rt.runtime.store.read() as tx:
            known = tx.users_by_ids(list(request.filter.follow))
        for index, user_id in enumerate(request.filter.follow):
            if user_id not in known:
                return _refused(
                    StreamRefused(406, f"Parameter follow item index {index} is not a valid user.")
                )
    user = call.user()
    hub: Hub = call.rt.stream_hub
    # connections are counted per credentials: the access token (an OAuth 2.0 user token has
    # none here: its user and App stand for it)
    token = actor.token.token if actor.token is not None else f"{user.id}@{actor.app.id}"
    owner = Owner(user.id, user.screen_name, token, actor.app.id, actor.token is not None)
    try:
        conn = hub.admit(owner, request)
    except StreamRefused as exc:
        return _refused(exc)
    return Reply(stream=conn, media_type=STREAM_TYPE)
