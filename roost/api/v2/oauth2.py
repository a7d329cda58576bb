"""POST /2/oauth2/token and POST /2/oauth2/revoke: the token endpoints of OAuth 2.0
Authorization Code with PKCE (the rules are services/oauth2_flow.py's).

Parameters come from the query string (Twitter's TS SDK sends them there, with an empty body),
a form body (tweepy, requests-oauthlib) or a JSON body (twitter-api-v2), the first of a name
winning. Errors are RFC 6749's ``{"error","error_description"}`` with their status, never a
Twitter ``errors`` array: that is what the clients parse here.
"""

from __future__ import annotations

import orjson

from roost.api.endpoint import Call, Reply
from roost.domain.model import App
from roost.services import oauth2_flow as flow

# RFC 6749 5.1: token answers must not be cached.
_NO_STORE = {"cache-control": "no-store", "pragma": "no-cache"}


def _params(call: Call) -> dict[str, str]:
    """Query string and form body (``call.params``), then a JSON object body's string values."""
    fields = {name: call.params.get(name) or "" for name in call.params.names()}
    content_type = call.request.headers.get("content-type", "")
    if call.body and "json" in content_type.split(";")[0].lower():
        try:
            body = orjson.loads(call.body)
        except orjson.JSONDecodeError:
            body = None
        if isinstance(body, dict):
            for name, value in body.items():
                if isinstance(value, str | int) and not isinstance(value, bool):
                    fields.setdefault(str(name), str(value))
    return fields


def _refused(error: flow.OAuth2Error) -> Reply:
    headers = dict(_NO_STORE)
    if error.status_code == 401:  # RFC 6749 5.2: the scheme the client should authenticate with
        headers["www-authenticate"] = 'Basic realm="api.twitter.com"'
    return Reply(
        {"error": error.error, "error_description": error.description},
        status=error.status_code,
        headers=headers,
    )


def _client(call: Call, params: dict[str, str]) -> App:
    return flow.authenticate_client(
        call.rt.credentials.app_by_client_id, call.request.headers.get("authorization"), params
    )


def token(call: Call) -> Reply:
    """POST /2/oauth2/token: ``authorization_code`` (code, redirect_uri, code_verifier) or
    ``refresh_token`` -> ``{"token_type":"bearer","expires_in":7200,"access_token","scope",
    "refresh_token"?}``."""
    params = _params(call)
    try:
        app = _client(call, params)
        if flow.grant_type(params) == "authorization_code":
            issued = flow.exchange_code(call.rt.runtime, app, params)
        else:
            issued, old = flow.refresh(call.rt.runtime, app, params)
            call.rt.credentials.forget(tokens=(old,))
    except flow.OAuth2Error as error:
        return _refused(error)
    return Reply(flow.token_reply(issued), headers=dict(_NO_STORE))


def revoke(call: Call) -> Reply:
    """POST /2/oauth2/revoke: ``token`` (+ ``token_type_hint``) -> ``{"revoked":true}``; the
    token's grant ends, in this process at once (its cached lookup is evicted)."""
    params = _params(call)
    try:
        app = _client(call, params)
        revoked = flow.revoke(call.rt.runtime, app, params)
    except flow.OAuth2Error as error:
        return _refused(error)
    if revoked is not None:
        call.rt.credentials.forget(tokens=(revoked,))
    return Reply({"revoked": True}, headers=dict(_NO_STORE))
