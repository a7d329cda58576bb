"""GET search/tweets: parameters -> services.search -> the statuses renderer + search_metadata."""

from __future__ import annotations

from datetime import date
from typing import Any

from roost.api.endpoint import Call
from roost.api.v1.statuses import options, render
from roost.domain.errors import InvalidUrlParameter
from roost.render.search import search_metadata, with_metadata
from roost.services import search

MAX_COUNT = 100  # the seeds: "up to a maximum of 100. Defaults to 15"
_CARRIED = ("count", "lang", "locale", "geocode", "until", "result_type")


def _day(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidUrlParameter() from None


def tweets(call: Call) -> dict[str, Any]:
    """GET search/tweets."""
    p = call.params
    count = p.integer("count", 15, minimum=1, maximum=MAX_COUNT)
    assert count is not None
    result_type = (p.get("result_type") or "mixed").strip().lower()
    if result_type not in search.RESULT_TYPES:
        result_type = "mixed"
    geocode = None
    if p.get("geocode"):
        geocode = search.parse_geocode(p.get("geocode") or "")
        if geocode is None:
            raise InvalidUrlParameter()
    req = search.SearchRequest(
        q=p.get("q") or "",
        count=count,
        result_type=result_type,
        since_id=p.snowflake("since_id"),
        max_id=p.snowflake("max_id"),
        until=_day(p.get("until")),
        lang=(p.get("lang") or "").strip() or None,
        geocode=geocode,
    )
    page = search.search(call.rt.runtime, call.viewer_id, req)
    rendered = render(call, page.statuses, options(p))
    statuses = [
        with_metadata(body, tweet.lang, page.result_types.get(tweet.id, "recent"))
        for tweet, body in zip(page.statuses, rendered, strict=True)
    ]
    carried = {name: p.get(name) or "" for name in _CARRIED if p.get(name)}
    return {
        "statuses": statuses,
        "search_metadata": search_metadata(
            ids=[t.id for t in page.statuses],
            q=req.q,
            count=count,
            since_id=req.since_id,
            max_id=req.max_id,
            next_max_id=page.next_max_id,
            completed_in=page.completed_in,
            carried=carried,
        ),
    }
