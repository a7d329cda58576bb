"""create_app(settings): the ASGI application, its routes and the state they share."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from roost.api.endpoint import Endpoint, MethodTable, error_response
from roost.api.router import ApiRouter
from roost.auth import oauth1
from roost.auth.authenticate import Actor, Authenticator, SignedRequest
from roost.auth.credentials import Credentials
from roost.auth.nonces import MemoryNonceStore
from roost.config import Settings
from roost.domain.errors import TwitterError
from roost.ratelimit.counters import MemoryCounters
from roost.ratelimit.limiter import Limiter
from roost.ratelimit.rules import RESOURCES, Resource, load_overrides
from roost.runtime import Runtime
from roost.services import media
from roost.store import open_store
from roost.stream import outbox, revoked
from roost.stream.connection import Limits
from roost.stream.hub import Hub, HubLimits
from roost.web.pages import not_found, web_routes

log = logging.getLogger("roost")

# Hosts Twitter's own clients sign for (tweepy, twarc and twurl hard-code twitter.com; the node
# client twitter-api-v2 hard-codes x.com). Accepted as signed bases by default, so a client whose
# requests are redirected to Roost (a hosts entry, a test adapter) verifies unchanged.
TWITTER_BASES = tuple(
    f"https://{sub}.{domain}"
    for domain in ("twitter.com", "x.com")
    for sub in ("api", "upload", "stream", "publish")
)


def _public_bases(settings: Settings) -> list[str]:
    bases: list[str] = []
    for url in (settings.public_url or "").split(","):
        url = url.strip()
        if not url:
            continue
        parts = urlsplit(url if "://" in url else f"https://{url}")
        bases.append(oauth1.normalize_base_url(parts.scheme, parts.netloc, "/")[:-1])
        host = parts.netloc
        if host.startswith("api."):  # the sibling hosts Twitter served the other APIs on
            for sub in ("upload", "stream", "publish"):
                bases.append(oauth1.normalize_base_url(parts.scheme, f"{sub}.{host[4:]}", "/")[:-1])
    bases.extend(b for b in TWITTER_BASES if b not in bases)
    return bases


def _public_origin(settings: Settings) -> str | None:
    for url in (settings.public_url or "").split(","):
        url = url.strip()
        if url:
            parts = urlsplit(url if "://" in url else f"https://{url}")
            return f"{parts.scheme}://{parts.netloc}"
    return None


def rate_limit_table(settings: Settings) -> tuple[dict[str, Resource], bool]:
    """The windows in force and whether they are enforced (``--rate-limits``)."""
    mode = settings.rate_limits
    if mode == "twitter":
        return dict(RESOURCES), True
    if mode == "off":
        return dict(RESOURCES), False
    return load_overrides(mode), True


def stream_hub(settings: Settings, runtime: Runtime) -> Hub:
    """The statuses/filter connections of this process, with the configured limits."""
    return Hub(
        runtime,
        HubLimits(
            per_token=max(1, settings.stream_connections_per_token),
            per_app=settings.stream_connections_per_app,
            attempts=settings.stream_reconnects,
            connections=settings.stream_max_connections,
            backfill=settings.stream_backfill,
            shed_queued=settings.stream_shed_queued,
        ),
        Limits(
            queue=max(1, settings.stream_queue),
            rate=settings.stream_rate,
            keep_alive=settings.stream_keep_alive,
        ),
    )


class AppState:
    """What every request handler shares: runtime, credentials, limiter."""

    def __init__(self, settings: Settings, runtime: Runtime) -> None:
        self.settings = settings
        self.runtime = runtime
        self.credentials = Credentials(runtime.store, settings.credential_cache_ttl)
        self.authenticator = Authenticator(
            self.credentials,
            MemoryNonceStore(settings.oauth_timestamp_window),
            settings.oauth_timestamp_window,
        )
        self.resources, enforce = rate_limit_table(settings)
        self.limiter = Limiter(self.resources, MemoryCounters(), enforce=enforce)
        self.public_bases = _public_bases(settings)
        # scheme://host of the first --public-url (None: links go to the host asked)
        self.public_origin = _public_origin(settings)
        self.stream_hub = stream_hub(settings, runtime)

    def base_urls(self, request: Request) -> Iterator[str]:
        """Every base string URI the client may have signed this request for, likeliest first.

        A generator: the verifier stops at the first match, so the request's own URL is usually
        the only one ever built.
        """
        scope = request.scope
        raw = scope.get("raw_path") or scope["path"].encode()
        path = raw.split(b"?", 1)[0].decode("latin-1")
        headers = request.headers
        scheme = scope.get("scheme", "http")
        host = headers.get("host")
        if self.settings.proxy_headers:
            scheme = headers.get("x-forwarded-proto", scheme).split(",")[0].strip()
            host = headers.get("x-forwarded-host", host or "").split(",")[0].strip() or host
        if not host:
            server = scope.get("server") or ("localhost", None)
            host = f"{server[0]}:{server[1]}" if server[1] else server[0]
        yield oauth1.normalize_base_url(scheme, host, path)
        # The same host under the other scheme: a client that speaks only https (tweepy) is
        # often pointed at a plain-http Roost by an adapter that rewrites the scheme after signing.
        yield oauth1.normalize_base_url("https" if scheme == "http" else "http", host, path)
        for base in self.public_bases:
            yield base + path

    def authenticate(self, request: Request, query: bytes, form: bytes | None) -> Actor:
        """The caller of ``request`` (raises Twitter's 400/401 when it cannot be verified)."""
        signed = SignedRequest(request.method, self.base_urls(request), query, form)
        return self.authenticator.authenticate(
            request.headers.get("authorization"), signed, time.time()
        )


def _not_found(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    if status == 404:
        return not_found(request)  # the HTML page for a browser, else Twitter's 34
    return error_response(TwitterError("Bad request.", code=214, status=status), "0")


def build_tables(state: AppState, endpoints: list[Endpoint]) -> dict[str, MethodTable]:
    """Group the URL table by path: one method table per path, methods dispatched inside."""
    by_path: dict[str, list[Endpoint]] = {}
    for endpoint in endpoints:
        by_path.setdefault(endpoint.path, []).append(endpoint)
    return {path: MethodTable(state, group) for path, group in by_path.items()}


def build_routes(state: AppState, endpoints: list[Endpoint]) -> list[Route]:
    """The same tables as Starlette routes (for apps assembled in tests)."""
    return [Route(path, table) for path, table in build_tables(state, endpoints).items()]


def create_app(settings: Settings, runtime: Runtime | None = None) -> ApiRouter:
    """The Roost ASGI application on the configured store."""
    from roost.api.routes import ENDPOINTS

    runtime = runtime or Runtime(
        settings, open_store(settings.database_url, user_cache_ttl=settings.user_cache_ttl)
    )
    state = AppState(settings, runtime)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state.stream_hub.bind(asyncio.get_running_loop())
        media.sweep_segments(runtime)
        polling = asyncio.ensure_future(outbox.poll(runtime))
        watching = asyncio.ensure_future(
            revoked.watch(runtime, state.stream_hub, settings.credential_cache_ttl)
        )
        yield
        polling.cancel()
        watching.cancel()
        await state.stream_hub.shutdown()
        state.stream_hub.close()
        runtime.store.close()

    # Everything the API table does not route goes to Starlette: Roost's public pages, and
    # unknown paths (404/34, or the HTML 404 page for a browser).
    fallback = Starlette(
        routes=web_routes(state),
        exception_handlers={HTTPException: _not_found},
        lifespan=lifespan,
    )
    router = ApiRouter(build_tables(state, ENDPOINTS), fallback)
    router.state = state  # type: ignore[attr-defined]
    return router
