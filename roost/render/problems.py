"""Errors as Twitter API v2 sent them: RFC 7807 problems (FIDELITY section 11).

The domain raises the same exceptions for v1.1 and v2; an endpoint of the v2 table renders them
here instead of as ``{"errors":[{"code","message"}]}``. Two shapes:

* a problem of its own: ``{"title","type","status","detail"}`` (401, 403, 404 ...; a 429
  has ``detail`` second, as recorded);
* an invalid request: ``{"errors":[{"parameters":{...},"message"}],"title":"Invalid Request",
  "detail":"One or more parameters to your request was invalid.","type":".../invalid-request"}``.
"""

from __future__ import annotations

from typing import Any

from roost.domain import errors as e

PROBLEMS = "https://api.twitter.com/2/problems/"
INVALID_DETAIL = "One or more parameters to your request was invalid."
UNSUPPORTED_AUTH = (
    "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported "
    "authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context]."
)
_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def problem(title: str, detail: str, status: int, kind: str = "about:blank") -> dict[str, Any]:
    """A problem of its own, keys in the order Twitter sent them: ``title, type, status,
    detail`` for the 401 and 403 FIDELITY section 11 records, ``title, detail, type, status``
    for its 429 (section 5)."""
    if status == 429:
        return {"title": title, "detail": detail, "type": kind, "status": status}
    return {"title": title, "type": kind, "status": status, "detail": detail}


def invalid_request(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """400: each entry ``{"parameters": {name: [values]}, "message": ...}``."""
    return {
        "errors": errors,
        "title": "Invalid Request",
        "detail": INVALID_DETAIL,
        "type": PROBLEMS + "invalid-request",
    }


def problem_of(exc: e.TwitterError) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body) of a domain error on a v2 endpoint."""
    if isinstance(exc, e.InvalidRequest):
        return 400, invalid_request(exc.problems)
    if isinstance(exc, e.Forbidden | e.ReplyToUnavailable):
        return 403, problem("Forbidden", exc.message, 403)
    if isinstance(exc, e.MissingStatus):
        return 400, invalid_request([{"parameters": {}, "message": "$.text: must not be empty"}])
    if isinstance(exc, e.CredentialsNotAllowed):
        return 403, problem(
            "Unsupported Authentication",
            UNSUPPORTED_AUTH,
            403,
            PROBLEMS + "unsupported-authentication",
        )
    if isinstance(exc, e.ReadOnlyApplication):
        return 403, problem(
            "Forbidden",
            "Your client app is not configured with the appropriate oauth1 app permissions for "
            "this endpoint.",
            403,
            PROBLEMS + "oauth1-permissions",
        )
    if exc.status == 401 or isinstance(exc, e.BadAuthenticationData):
        return 401, problem("Unauthorized", "Unauthorized", 401)
    if isinstance(exc, e.StatusDuplicate):
        detail = "You are not allowed to create a Tweet with duplicate content."
        return 403, problem("Forbidden", detail, 403)
    if isinstance(exc, e.StatusTooLong):
        detail = (
            "Your Tweet text is too long. For more information on how Twitter determines text "
            "length see https://github.com/twitter/twitter-text."
        )
        return 400, problem("Bad Request", detail, 400)
    if isinstance(exc, e.RateLimitExceeded):
        return 429, problem("Too Many Requests", "Too Many Requests", 429)
    if isinstance(exc, e.InvalidMediaIds | e.TooManyMediaIds):
        return 400, invalid_request([{"parameters": {}, "message": "Your media IDs are invalid."}])
    if isinstance(exc, e.PageNotFound | e.NoStatusFound):
        return 404, problem("Not Found Error", exc.message, 404, PROBLEMS + "resource-not-found")
    if exc.status == 403:
        return 403, problem("Forbidden", "You are not permitted to perform this action.", 403)
    if exc.status == 400:
        return 400, invalid_request([{"parameters": {}, "message": exc.message}])
    status = exc.status if exc.status in _TITLES else 500
    return status, problem(_TITLES[status], exc.message, status)
