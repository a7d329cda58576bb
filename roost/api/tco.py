"""Roost's own t.co: every wrapped link answers with a redirect to where it leads."""

from __future__ import annotations

from roost.api.endpoint import Call, Reply
from roost.domain.errors import PageNotFound


def redirect(call: Call) -> Reply:
    """GET /t.co/<code>: 301 to the expanded URL (404/34 for a code Roost never issued)."""
    code = call.path_params["code"]
    with call.rt.runtime.store.read() as tx:
        target = tx.tco_target(code)
    if target is None:
        raise PageNotFound()
    return Reply(status=301, headers={"location": target}, raw=b"", media_type="text/html")
