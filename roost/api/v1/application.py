"""application/rate_limit_status."""

from __future__ import annotations

import time
from typing import Any

from roost.api.endpoint import Call


def rate_limit_status(call: Call) -> dict[str, Any]:
    """GET application/rate_limit_status: every window for this caller (``resources`` filters)."""
    actor = call.actor
    assert actor is not None
    wanted = {r.strip() for r in (call.params.get("resources") or "").split(",") if r.strip()}
    if actor.token is not None:
        context: dict[str, str] = {"access_token": actor.token.token}
    else:
        context = {"application": actor.app.consumer_key}
    return {
        "rate_limit_context": context,
        "resources": call.rt.limiter.report(actor, time.time(), wanted or None),
    }
