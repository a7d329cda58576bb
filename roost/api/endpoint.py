"""The request pipeline every endpoint shares: parameters -> auth -> rate limit -> handler -> JSON.

One function instead of a stack of ASGI middlewares: the order is the same as DESIGN's
(errors -> auth -> rate limit), but a request pays for one coroutine, not one per layer, which is
what keeps the whole stack within reach of a bare framework endpoint (bench/).
"""

from __future__ import annotations

import inspect
import itertools
import logging
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl

import orjson
from starlette.requests import Request
from starlette.responses import Response

from roost.api.params import Params
from roost.auth.authenticate import Actor
from roost.domain.errors import (
    CredentialsNotAllowed,
    Forbidden,
    InternalError,
    ReadOnlyApplication,
    TwitterError,
    WrongMethod,
)
from roost.domain.model import User
from roost.ratelimit.limiter import Status
from roost.render.problems import problem_of
from roost.services.users import reload

log = logging.getLogger("roost.api")
JSON = "application/json;charset=utf-8"
V2_JSON = "application/json; charset=utf-8"  # v2 answered with the space (tweepy's cassettes)
PROBLEM_JSON = "application/problem+json"
_FORM = "application/x-www-form-urlencoded"
_request_ids = itertools.count(1)
_PROCESS_TAG = f"{os.getpid() & 0xFFFF:04x}"

# Who may call an endpoint:
#   "user"  user context only (app-only bearer tokens get 403/220, as Twitter answered)
#   "any"   user context or an app-only bearer token
#   "none"  no authentication at all (oEmbed, public pages)
#   "self"  the handler authenticates (oauth2/token uses HTTP Basic)
AUTH_KINDS = ("user", "any", "none", "self")


class StreamBody(Protocol):
    """A body written for as long as it lasts (a statuses/filter stream): sent chunked."""

    async def run(
        self,
        send: Callable[[dict[str, Any]], Awaitable[None]],
        receive: Callable[[], Awaitable[dict[str, Any]]],
    ) -> None:
        """Send ``http.response.body`` messages until the last one (``more_body`` false)."""


@dataclass
class Reply:
    """A response other than a plain 200 JSON body."""

    body: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    media_type: str | None = JSON  # None: no Content-Type (an empty body)
    raw: bytes | None = None
    file: Path | None = None  # a file to stream as the body (stored media)
    stream: StreamBody | None = None  # an endless body (streams)


@dataclass
class Call:
    """Everything a handler gets: the request, its parameters and its caller."""

    rt: Any  # roost.app.AppState (runtime + services), kept loose to avoid an import cycle
    request: Request
    params: Params
    actor: Actor | None
    request_id: str
    body: bytes = b""
    form: bytes | None = None  # the body, when it is application/x-www-form-urlencoded
    _user: User | None = None

    @property
    def path_params(self) -> dict[str, str]:
        """Values taken from the URL path (``:id``)."""
        return self.request.path_params

    def user(self) -> User:
        """The authenticating user, loaded from the store once per request."""
        if self._user is None:
            if self.actor is None or self.actor.user_id is None:
                raise CredentialsNotAllowed()  # app-only: no user to act for (never a 500)
            self._user = reload(self.rt.runtime, self.actor.user_id)
        return self._user

    @property
    def viewer_id(self) -> int | None:
        """The user id of the caller, None for app-only."""
        return self.actor.user_id if self.actor else None


Handler = Callable[[Call], Any | Awaitable[Any]]


@dataclass(frozen=True)
class Endpoint:
    """One route of the URL table: method, Twitter's path, handler and its requirements."""

    method: str
    path: str
    handler: Handler
    auth: str = "user"
    resource: str | None = None  # key of ratelimit.rules.RESOURCES
    write: bool = False  # refused for read-only Apps and tokens
    problems: bool = False  # Twitter API v2: errors as RFC 7807 problems (render/problems.py)
    # The scopes an OAuth 2.0 user access token needs here (auth/scopes.py); empty: OAuth 2.0
    # user context is refused, as on every v1.1 endpoint.
    scopes: frozenset[str] = frozenset()


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Twitter's JSON content type, serialized by orjson."""
    return Response(orjson.dumps(body), status_code=status, headers=headers, media_type=JSON)


# What the pipeline answers: status, headers, body, content type (None for an empty 204).
# The body is bytes, or the Path of a file to stream.
ErrorAnswer = tuple[int, dict[str, str], bytes, str | None]
Answer = tuple[int, dict[str, str], bytes | Path | StreamBody, str | None]
_FILE_CHUNK = 256 * 1024


def error_answer(
    exc: TwitterError, request_id: str, extra: dict[str, str] | None = None
) -> ErrorAnswer:
    """``{"errors":[{"code":N,"message":"..."}]}`` with Twitter's HTTP status."""
    headers = {"x-transaction": request_id, **(extra or {}), **exc.headers}
    return exc.status, headers, orjson.dumps(exc.body()), JSON


def problem_answer(
    exc: TwitterError, request_id: str, extra: dict[str, str] | None = None
) -> ErrorAnswer:
    """A v2 endpoint's error: the problem body (render/problems.py) with its status."""
    status, body = problem_of(exc)
    headers = {"x-transaction": request_id, **(extra or {}), **exc.headers}
    return status, headers, orjson.dumps(body), PROBLEM_JSON


def error_response(
    exc: TwitterError, request_id: str, extra: dict[str, str] | None = None
) -> Response:
    """The same error as a Starlette response (for the framework's own 404 handler)."""
    status, headers, body, media_type = error_answer(exc, request_id, extra)
    return Response(body, status, headers, media_type)


def _pairs(raw: bytes | str) -> list[tuple[str, str]]:
    if not raw:
        return []
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return parse_qsl(text, keep_blank_values=True)


def _check_scopes(endpoint: Endpoint, granted: frozenset[str]) -> None:
    """An OAuth 2.0 user token holds every scope the endpoint needs, or 403: on v2 Twitter's
    bare ``{"title":"Forbidden","detail":"Forbidden"}`` problem (a real reply to a token
    without ``tweet.read``, gh:plhery/node-twitter-api-v2#265); on v1.1, which never took
    these tokens, 403/220 (UNCONFIRMED body: clients reported only the 403, e.g.
    gh:plhery/node-twitter-api-v2#167)."""
    if not endpoint.scopes:
        raise CredentialsNotAllowed()
    if not endpoint.scopes <= granted:
        raise Forbidden("Forbidden")


class MethodTable:
    """All endpoints that share one path; dispatches by HTTP method (400/86 otherwise)."""

    def __init__(self, state: Any, endpoints: list[Endpoint]) -> None:
        self.state = state
        self.by_method = {e.method: e for e in endpoints}
        if "GET" in self.by_method and "HEAD" not in self.by_method:
            self.by_method["HEAD"] = self.by_method["GET"]
        self.allowed = " or ".join(sorted({e.method for e in endpoints}))
        self._async = {m: inspect.iscoroutinefunction(e.handler) for m, e in self.by_method.items()}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """ASGI entry: answer one request (raw ASGI messages: no Response object per request)."""
        status, headers, body, media_type = await self.respond(Request(scope, receive))
        if not isinstance(body, bytes | Path):  # a stream: no length, so chunked encoding
            raw = [(b"content-type", (media_type or JSON).encode())]
            raw.extend((k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items())
            await send({"type": "http.response.start", "status": status, "headers": raw})
            await body.run(send, receive)
            return
        length = body.stat().st_size if isinstance(body, Path) else len(body)
        raw = [(b"content-length", str(length).encode())]
        if media_type is not None:
            raw.append((b"content-type", media_type.encode()))
        raw.extend((k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items())
        await send({"type": "http.response.start", "status": status, "headers": raw})
        if not isinstance(body, Path):
            await send({"type": "http.response.body", "body": body})
            return
        if scope.get("method") == "HEAD":
            await send({"type": "http.response.body", "body": b""})
            return
        with body.open("rb") as f:  # stored media: streamed, never read whole into memory
            while chunk := f.read(_FILE_CHUNK):
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    async def respond(self, request: Request) -> Answer:
        """Run the pipeline for one request; never lets an exception out."""
        request_id = f"{_PROCESS_TAG}{next(_request_ids):012x}"
        status: Status | None = None
        endpoint: Endpoint | None = None
        try:
            endpoint = self.by_method.get(request.method)
            if endpoint is None:
                raise WrongMethod(self.allowed.replace("HEAD or ", "").replace(" or HEAD", ""))
            body = b""
            form: bytes | None = None
            if request.method in ("POST", "PUT", "DELETE"):
                body = await request.body()
                if request.headers.get("content-type", "").startswith(_FORM):
                    form = body
            query = request.scope.get("query_string", b"")
            params = Params(_pairs(query) + _pairs(form or b""))
            state = self.state
            actor = None
            if endpoint.auth in ("user", "any"):
                actor = state.authenticate(request, query, form)
                if not actor.is_user and (endpoint.auth == "user" or actor.bearer is None):
                    raise CredentialsNotAllowed()
                if actor.scopes is not None:
                    _check_scopes(endpoint, actor.scopes)
                if endpoint.write and not actor.permission.can_write:
                    raise ReadOnlyApplication(status=401)
            resource = state.resources.get(endpoint.resource) if endpoint.resource else None
            now = time.time()
            windows = None
            if resource is not None and actor is not None:
                windows = state.limiter.windows(resource, actor)
                status = state.limiter.check(windows, now)
            call = Call(state, request, params, actor, request_id, body, form)
            result = endpoint.handler(call)
            if self._async[request.method]:
                result = await result
            reply = result if isinstance(result, Reply) else Reply(result)
            if windows and reply.status < 400:
                status = state.limiter.charge(windows, now)
            headers = {"x-transaction": request_id}
            if status is not None:
                headers.update(status.headers())
            headers.update(reply.headers)
            media_type = reply.media_type
            if endpoint.problems and media_type == JSON:
                media_type = V2_JSON
            if reply.file is not None:
                return reply.status, headers, reply.file, media_type
            if reply.stream is not None:
                return reply.status, headers, reply.stream, media_type
            if reply.raw is not None:
                return reply.status, headers, reply.raw, media_type
            if reply.body is None and reply.status == 204:
                return 204, headers, b"", None
            return reply.status, headers, orjson.dumps(reply.body), media_type
        except TwitterError as exc:
            extra = status.headers() if status else None
            if endpoint is not None and endpoint.problems:
                return problem_answer(exc, request_id, extra)
            return error_answer(exc, request_id, extra)
        except Exception:  # an unexpected fault: Twitter's 131, logged with the request id
            log.exception("request %s %s %s failed", request_id, request.method, request.url.path)
            if endpoint is not None and endpoint.problems:
                return problem_answer(InternalError(), request_id)
            return error_answer(InternalError(), request_id)
