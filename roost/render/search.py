"""search/tweets' additions to Tweets: each result's ``metadata``, and ``search_metadata``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote_plus

import orjson

_SOURCE = b',"source":'


def with_metadata(tweet: Any, lang: str, result_type: str) -> Any:
    """A rendered Tweet (dict or JSON fragment) with ``metadata`` before ``source``, where the
    seeds' example reply has it."""
    metadata = {"iso_language_code": lang, "result_type": result_type}
    if isinstance(tweet, dict):
        out: dict[str, Any] = {}
        for key, value in tweet.items():
            if key == "source":
                out["metadata"] = metadata
            out[key] = value
        return out
    raw = orjson.dumps(tweet)
    # The first ',"source":' is the top-level key: quotes inside strings are escaped, and the
    # nested Tweets (retweeted_status, quoted_status) all come after it.
    at = raw.index(_SOURCE)
    inserted = b',"metadata":' + orjson.dumps(metadata)
    return orjson.Fragment(raw[:at] + inserted + raw[at:])


def search_metadata(
    *,
    ids: Sequence[int],
    q: str,
    count: int,
    since_id: int | None,
    max_id: int | None,
    next_max_id: int | None,
    completed_in: float,
    carried: dict[str, str],
) -> dict[str, Any]:
    """Twitter's ``search_metadata``, keys in the recorded order (FIDELITY section 6).

    ``carried`` are the parameters the request sent that a next page must repeat (count,
    result_type, and Roost also carries lang, geocode, until and locale, so following
    ``next_results`` keeps the same result set).
    """
    top = max(ids) if ids else (max_id or 0)
    query = quote_plus(q)
    extra = "".join(f"&{k}={quote_plus(v)}" for k, v in carried.items() if k != "result_type")
    result_type = carried.get("result_type")
    out: dict[str, Any] = {
        "completed_in": round(completed_in, 3),
        "max_id": top,
        "max_id_str": str(top),
    }
    if next_max_id is not None:
        rt = f"&result_type={quote_plus(result_type)}" if result_type else ""
        out["next_results"] = f"?max_id={next_max_id}&q={query}{extra}&include_entities=1{rt}"
    rt = f"&result_type={quote_plus(result_type)}" if result_type else ""
    out["query"] = query
    out["refresh_url"] = f"?since_id={top}&q={query}{rt}&include_entities=1"
    out["count"] = count
    out["since_id"] = since_id or 0
    out["since_id_str"] = str(since_id or 0)
    return out
