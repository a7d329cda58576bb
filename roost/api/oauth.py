"""App-only authentication: POST oauth2/token and the token invalidation endpoints."""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import unquote

from roost.api.endpoint import Call
from roost.domain.errors import TwitterError, UnableToVerifyCredentials
from roost.domain.model import App
from roost.services import apps

_NOT_PERMITTED = TwitterError(
    "Client application is not permitted to to invalidate this token.", code=348, status=403
)


class _Unverified(UnableToVerifyCredentials):
    """403/99 with Twitter's ``label`` (recorded reply)."""

    def body(self) -> dict[str, object]:
        """The error with its label."""
        return {
            "errors": [
                {"code": self.code, "label": "authenticity_token_error", "message": self.message}
            ]
        }


def basic_app(call: Call) -> App:
    """The App named by an HTTP Basic ``consumer_key:consumer_secret`` header (RFC 6749 2.3.1)."""
    header = call.request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        raise _Unverified()
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise _Unverified() from None
    key, sep, secret = decoded.partition(":")
    app = call.rt.credentials.app(unquote(key)) if sep else None
    if app is None or app.consumer_secret != unquote(secret):
        raise _Unverified()
    return app


def token(call: Call) -> dict[str, Any]:
    """POST oauth2/token: ``grant_type=client_credentials`` -> the App's bearer token."""
    app = basic_app(call)
    grant = call.params.get("grant_type")
    if grant is None:
        raise TwitterError("Missing required parameter: grant_type", code=170, status=403)
    if grant != "client_credentials":
        raise TwitterError("grant_type must be client_credentials", code=170, status=403)
    bearer = apps.issue_bearer_token(call.rt.runtime, app)
    return {"token_type": "bearer", "access_token": bearer.token}


def invalidate_bearer(call: Call) -> dict[str, Any]:
    """POST oauth2/invalidate_token: revoke an App's bearer token (Basic or OAuth 1.0a)."""
    header = call.request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        app = basic_app(call)
    else:
        app = call.rt.authenticate(
            call.request, call.request.scope.get("query_string", b""), call.form
        ).app
    value = unquote(call.params.required("access_token"))
    bearer = call.rt.credentials.bearer(value)
    if bearer is None or bearer.app_id != app.id:
        raise _NOT_PERMITTED
    with call.rt.runtime.store.write() as tx:
        tx.delete_bearer_token(value)
    call.rt.credentials.bearers.evict(value)
    return {"access_token": value}


def invalidate_access_token(call: Call) -> dict[str, Any]:
    """POST 1.1/oauth/invalidate_token: revoke the user access token this request is signed with."""
    actor = call.actor
    assert actor is not None and actor.token is not None
    with call.rt.runtime.store.write() as tx:
        tx.delete_access_token(actor.token.token)
    call.rt.credentials.tokens.evict(actor.token.token)
    call.rt.stream_hub.revoke(actor.token.token)  # its open streams end (disconnect code 6)
    return {"access_token": actor.token.token}
