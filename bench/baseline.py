"""The baseline: a minimal Starlette JSON endpoint with no auth and no store."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BASELINE_PATH = "/baseline"


async def _ok(request: Request) -> JSONResponse:
    # ``async def`` on purpose: a sync endpoint (``lambda r: ...``) would run in Starlette's
    # thread pool, a hop Roost's handlers never pay, and make the baseline look slower than it is.
    return JSONResponse({"ok": True})


def create_baseline_app() -> Starlette:
    """``GET /baseline`` answering ``{"ok": true}``."""
    return Starlette(routes=[Route(BASELINE_PATH, _ok)])
