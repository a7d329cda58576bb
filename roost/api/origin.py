"""Where a client reached Roost: the scheme and host its links must point back to."""

from __future__ import annotations

from starlette.requests import Request


def request_origin(request: Request, proxy_headers: bool = False) -> str:
    """``scheme://host[:port]`` of the request (behind a proxy, from X-Forwarded-*)."""
    scope = request.scope
    scheme = scope.get("scheme", "http")
    host = request.headers.get("host") or ""
    if not host:
        server = scope.get("server") or ("localhost", None)
        host = f"{server[0]}:{server[1]}" if server[1] else str(server[0])
    if proxy_headers:
        headers = request.headers
        scheme = headers.get("x-forwarded-proto", scheme).split(",")[0].strip() or scheme
        host = headers.get("x-forwarded-host", host).split(",")[0].strip() or host
    return f"{scheme}://{host}"
