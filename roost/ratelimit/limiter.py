"""Applying the table: check before a request, charge after it succeeded, and the headers.

Failed requests do not count (Twitter's FAQ: a request that fails does not count against the
limit), so the limiter checks first and charges only when the handler answered below 400.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from roost.auth.authenticate import Actor
from roost.domain.errors import RateLimitExceeded
from roost.ratelimit.counters import Counters
from roost.ratelimit.rules import Resource, Window


@dataclass(frozen=True)
class Status:
    """The tightest window of a resource for one caller: what the x-rate-limit-* headers say."""

    limit: int
    remaining: int
    reset: int

    def headers(self) -> dict[str, str]:
        """x-rate-limit-limit, -remaining and -reset (UTC epoch seconds)."""
        return {
            "x-rate-limit-limit": str(self.limit),
            "x-rate-limit-remaining": str(self.remaining),
            "x-rate-limit-reset": str(self.reset),
        }


def _applies(window: Window, actor: Actor) -> bool:
    if window.scope == "user":
        return actor.is_user
    if window.scope == "app":
        return not actor.is_user
    if window.scope == "user_all":
        return actor.is_user
    return True


def _key(window: Window, resource: Resource, actor: Actor) -> str:
    name = window.bucket or resource.path
    if window.scope == "user":
        return f"u:{actor.app.id}:{actor.user_id}:{name}:{window.seconds}"
    if window.scope == "app":
        return f"a:{actor.app.id}:{name}:{window.seconds}"
    if window.scope == "user_all":
        return f"U:{actor.user_id}:{name}:{window.seconds}"
    return f"A:{actor.app.id}:{name}:{window.seconds}"


class Limiter:
    """Checks and charges the windows of the rate-limit table."""

    def __init__(self, table: dict[str, Resource], counters: Counters, *, enforce: bool) -> None:
        self.table = table
        self.counters = counters
        self.enforce = enforce  # "off": never a 429, the headers still sent

    def windows(self, resource: Resource, actor: Actor) -> list[tuple[Window, str]]:
        """The windows that apply to this caller, with their counter keys (once per request)."""
        return [(w, _key(w, resource, actor)) for w in resource.windows if _applies(w, actor)]

    def _statuses(
        self, windows: list[tuple[Window, str]], now: float, charge: bool
    ) -> list[tuple[Window, int, Status]]:
        counted = self.counters.add if charge else self.counters.peek
        out = []
        for window, key in windows:
            used, reset = counted(key, window.seconds, now)
            out.append(
                (window, used, Status(window.limit, max(window.limit - used, 0), math.ceil(reset)))
            )
        return out

    def check(self, windows: list[tuple[Window, str]], now: float) -> Status | None:
        """The status before the request; raises 429/88 when a window is used up.

        With limits off there is nothing to refuse, so nothing is read: the headers come from
        ``charge`` after the request.
        """
        if not self.enforce:
            return None
        statuses = self._statuses(windows, now, charge=False)
        for window, used, status in statuses:
            if used >= window.limit:
                raise RateLimitExceeded(headers=status.headers())
        return _tightest(statuses)

    def charge(self, windows: list[tuple[Window, str]], now: float) -> Status | None:
        """Count a successful request; the status after it."""
        return _tightest(self._statuses(windows, now, charge=True))

    def report(
        self, actor: Actor, now: float, families: set[str] | None = None
    ) -> dict[str, dict[str, dict[str, int]]]:
        """application/rate_limit_status ``resources``: family -> path -> limit/remaining/reset."""
        out: dict[str, dict[str, dict[str, int]]] = {}
        for resource in self.table.values():
            if families and resource.family not in families or not _reported(resource):
                continue
            status = _tightest(self._statuses(self.windows(resource, actor), now, charge=False))
            if status is not None:
                out.setdefault(resource.family, {})[resource.path] = {
                    "limit": status.limit,
                    "remaining": status.remaining,
                    "reset": status.reset,
                }
        return out


def _reported(resource: Resource) -> bool:
    """Whether v1.1's rate_limit_status lists the resource: the 15-minute windows of one user
    or one App (Twitter's recorded answer has media/upload and oauth/invalidate_token but not
    statuses/update or favorites/create, whose limits are the shared 3-hour and daily counts,
    and no v2 endpoint)."""
    return resource.family != "2" and any(w.scope in ("user", "app") for w in resource.windows)


def _tightest(statuses: list[tuple[Window, int, Status]]) -> Status | None:
    """The window with the fewest requests left decides the headers."""
    if not statuses:
        return None
    return min((s for _, _, s in statuses), key=lambda s: s.remaining)
