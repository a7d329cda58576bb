"""OAuth endpoints: the 3-legged flow's request_token and access_token, app-only
authentication (POST oauth2/token) and the token invalidation endpoints."""

from __future__ import annotations

import base64
import binascii
import time
from typing import Any
from urllib.parse import unquote, urlencode

from roost.api.endpoint import Call, Reply
from roost.auth import oauth1
from roost.auth.authenticate import SignedRequest
from roost.auth.temporary import INVALID_REQUEST_TOKEN, Refused, TemporaryVerifier
from roost.domain.errors import BadAuthenticationData, TwitterError, UnableToVerifyCredentials
from roost.domain.model import App
from roost.services import apps, oauth1_flow

# Twitter served the flow's form-encoded answers (and its plain-text refusals) as HTML
# (hwi/HWIOAuthBundle#1821, dg/twitter-php#75); requests-oauthlib, the oauth gem and
# twitter-api-v2 parse the body whatever its type says.
_FLOW_TYPE = "text/html;charset=utf-8"

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


def _flow_answer(body: str, status: int = 200) -> Reply:
    return Reply(raw=body.encode(), status=status, media_type=_FLOW_TYPE)


def request_token(call: Call) -> Reply:
    """POST oauth/request_token: temporary credentials for the App that signed the request
    (``oauth_callback`` in the Authorization header, the query or the body)."""
    query = call.request.scope.get("query_string", b"")
    header = call.request.headers.get("authorization")
    actor = call.rt.authenticate(call.request, query, call.form)  # 400/215, 401/32 as anywhere
    if actor.bearer is not None:
        raise BadAuthenticationData()
    oauth = oauth1.parse_authorization_header(header or "") or {}
    callback = oauth.get("oauth_callback") or call.params.get("oauth_callback")
    access_type = call.params.get("x_auth_access_type")
    token = oauth1_flow.issue_request_token(call.rt.runtime, actor.app, callback, access_type)
    body = urlencode(
        [
            ("oauth_token", token.token),
            ("oauth_token_secret", token.secret),
            ("oauth_callback_confirmed", "true"),
        ]
    )
    return _flow_answer(body)


def access_token(call: Call) -> Reply:
    """POST oauth/access_token: a verified request token and its ``oauth_verifier`` (header,
    query or body) for the user's access token, ``user_id`` and ``screen_name``."""
    query = call.request.scope.get("query_string", b"")
    signed = SignedRequest(call.request.method, call.rt.base_urls(call.request), query, call.form)
    runtime = call.rt.runtime
    try:
        verified = TemporaryVerifier(call.rt.authenticator).verify(
            call.request.headers.get("authorization"),
            signed,
            time.time(),
            lambda value: oauth1_flow.live_request_token(runtime, value),
        )
        if verified.token is None:  # signed by the consumer alone (twurl tries this first)
            raise Refused(INVALID_REQUEST_TOKEN)
        verifier = verified.params.get("oauth_verifier") or call.params.get("oauth_verifier")
        grant = oauth1_flow.exchange(runtime, verified.app, verified.token.token, verifier)
    except Refused as refused:
        return _flow_answer(refused.message, refused.status)
    body = urlencode(  # Twitter's order; twarc needs screen_name
        [
            ("oauth_token", grant.token.token),
            ("oauth_token_secret", grant.token.secret),
            ("user_id", str(grant.user.id)),
            ("screen_name", grant.user.screen_name),
        ]
    )
    return _flow_answer(body)
