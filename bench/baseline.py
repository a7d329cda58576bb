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


def create_sized_baseline_app(size: int, headers: int = 4) -> Starlette:
    """``GET /baseline`` answering a JSON body of ``size`` bytes and ``headers`` extra headers.

    A second reference: Roost's answers are kilobytes with rate-limit headers, and writing them
    costs uvicorn more than ``{"ok":true}``. Against this baseline the ratio shows Roost's own
    work (auth, store, rendering) apart from the size of what it sends.
    """
    filler = max(size - len('{"pad":""}'), 0)
    body = {"pad": "x" * filler}
    extra = {f"x-baseline-{i}": "0123456789" for i in range(headers)}

    async def sized(request: Request) -> JSONResponse:
        return JSONResponse(body, headers=extra)

    return Starlette(routes=[Route(BASELINE_PATH, sized)])
