"""statuses/home_timeline, user_timeline and mentions_timeline: parameters -> services.timelines
-> the statuses renderer."""

from __future__ import annotations

from typing import Any

from roost.api.endpoint import Call
from roost.api.params import Params
from roost.api.v1 import statuses
from roost.services import timelines

MAX_COUNT = 200  # the seeds: "up to a maximum of 200" on all three


def _request(
    p: Params, *, replies: bool = False, retweets: bool = False
) -> timelines.TimelineRequest:
    """count, since_id and max_id; exclude_replies and include_rts where the endpoint takes them."""
    count = p.integer("count", 20, minimum=1, maximum=MAX_COUNT)
    assert count is not None
    return timelines.TimelineRequest(
        count=count,
        since_id=p.snowflake("since_id"),
        max_id=p.snowflake("max_id"),
        exclude_replies=replies and p.flag("exclude_replies"),
        include_rts=not retweets or p.flag("include_rts", True),
    )


def home_timeline(call: Call) -> Any:
    """GET statuses/home_timeline."""
    req = _request(call.params, replies=True)
    return statuses.render(call, timelines.home(call.rt.runtime, call.user(), req))


def mentions_timeline(call: Call) -> Any:
    """GET statuses/mentions_timeline."""
    req = _request(call.params)
    return statuses.render(call, timelines.mentions(call.rt.runtime, call.user(), req))


def user_timeline(call: Call) -> Any:
    """GET statuses/user_timeline: by user_id or screen_name, else the authenticating user."""
    p = call.params
    screen_name = (p.get("screen_name") or "").strip().lstrip("@")
    found = timelines.user(
        call.rt.runtime,
        call.viewer_id,
        _request(p, replies=True, retweets=True),
        user_id=p.snowflake("user_id"),
        screen_name=screen_name or None,
    )
    return statuses.render(call, found)
