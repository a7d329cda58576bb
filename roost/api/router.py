"""Dispatch by path: a dict for Twitter's fixed paths, a short regex list for ``:id`` paths.

Starlette's router tries every route's regex in turn; with the whole Twitter URL table that is
a scan per request on the hot path. Fixed paths (nearly all of Twitter's) are one dict lookup
here; anything the table does not know (404s, later the web pages) goes to the Starlette app.
"""

from __future__ import annotations

import re
from typing import Any

from roost.api.endpoint import MethodTable

_PARAM = re.compile(r"\{(\w+)\}")


def _compile(path: str) -> re.Pattern[str]:
    pattern, last = "", 0
    for m in _PARAM.finditer(path):
        pattern += re.escape(path[last : m.start()]) + f"(?P<{m.group(1)}>[^/]+?)"
        last = m.end()
    return re.compile(pattern + re.escape(path[last:]) + r"\Z")


class ApiRouter:
    """ASGI: API paths to their method tables, everything else to ``fallback``."""

    def __init__(self, tables: dict[str, MethodTable], fallback: Any) -> None:
        self.static = {p: t for p, t in tables.items() if "{" not in p}
        self.dynamic = [(_compile(p), t) for p, t in tables.items() if "{" in p]
        self.fallback = fallback

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Route one ASGI event."""
        if scope["type"] == "http":
            path = scope["path"]
            table = self.static.get(path)
            if table is not None:
                scope["path_params"] = {}
                await table(scope, receive, send)
                return
            for pattern, table in self.dynamic:
                m = pattern.match(path)
                if m is not None:
                    scope["path_params"] = m.groupdict()
                    await table(scope, receive, send)
                    return
        await self.fallback(scope, receive, send)
