"""The OAuth 1.0a three-legged flow ("Sign in with Twitter"): request token, approval, exchange.

1. ``POST oauth/request_token`` (signed by the consumer alone) -> ``issue_request_token``: a
   request token bound to the App, a callback (a registered URL, or ``oob`` for the PIN flow)
   and the access asked for (``x_auth_access_type``).
2. ``/oauth/authorize`` or ``/oauth/authenticate`` (a page) -> ``approve`` or ``deny``: the user's
   answer. Approval mints the verifier the callback receives (or the PIN the page shows).
3. ``POST oauth/access_token`` (signed with the request token) -> ``exchange``: the verifier for
   the user's access token ``<user id>-<random>`` (the one the App already has, if any).

A request token lives REQUEST_TOKEN_TTL_MS, is spent by its first exchange (right or wrong
verifier) and deleted when the user cancels, so each verifier works once, for its own token.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from oauthlib.common import generate_token

from roost.auth.temporary import INVALID_REQUEST_TOKEN, INVALID_VERIFIER, Refused
from roost.domain.errors import TwitterError
from roost.domain.model import AccessToken, App, Permission, RequestToken, User
from roost.runtime import Runtime
from roost.services import apps

OOB = "oob"
# Twitter never published a lifetime; its page for an old token said it had "expired because it
# is too old". Fifteen minutes is ample for a person to sign in and approve.
REQUEST_TOKEN_TTL_MS = 15 * 60 * 1000
_CALLBACK_MAX = 500  # the request_tokens.callback column


class CallbackNotApproved(TwitterError):
    """415/403: ``oauth_callback`` is not one of the App's callback URLs (Twitter's words, seen
    in replies since June 2018; the developer docs' copy of it adds a final period)."""

    code, status = 415, 403
    message = (
        "Callback URL not approved for this client application. "
        "Approved callback URLs can be adjusted in your application settings"
    )


@dataclass(frozen=True)
class Pending:
    """A request token waiting for the user's answer, with the App that asked."""

    token: RequestToken
    app: App

    @property
    def purpose(self) -> str:
        """What the page's CSRF token is bound to (services/sessions.py FormTokens)."""
        return f"oauth1:{self.token.token}"

    @property
    def permission(self) -> Permission:
        """The access the App will get: its own, or read only when ``x_auth_access_type=read``."""
        if self.token.access_type == "read" or not self.app.permission.can_write:
            return Permission.READ
        return self.app.permission


@dataclass(frozen=True)
class Approval:
    """The user said yes: where the browser goes (None: show ``verifier`` as a PIN)."""

    verifier: str
    redirect: str | None


@dataclass(frozen=True)
class Grant:
    """The answer of ``POST oauth/access_token``."""

    token: AccessToken
    user: User


def _query_free(url: str) -> str:
    return url.split("#", 1)[0].split("?", 1)[0]


def callback_approved(app: App, callback: str) -> bool:
    """Whether ``callback`` may receive this App's users (``oob`` always may).

    Twitter's rules (developer docs, "Callback URLs"): a registered URL matches exactly, and
    "Twitter will allow you to pass any standard query strings along with your callback URL"
    (registered ``https://example.com``, requested ``https://example.com?source=twitter``); an
    app-specific protocol is registered as just the protocol (``example://``).
    """
    if callback == OOB:
        return True
    for registered in app.callback_urls:
        if callback == registered or _query_free(callback) == registered:
            return True
        scheme, sep, rest = registered.partition("://")
        app_protocol = sep and not rest and scheme not in ("http", "https")
        if app_protocol and callback.startswith(registered):
            return True
    return False


def _callback_for(app: App, requested: str | None) -> str:
    if requested is None or requested == "":
        # None sent (tweepy without ``callback``): the App's first callback URL, as Twitter's
        # docs implied ("always send an oauth_callback, regardless of a pre-registered
        # callback"); an App without one gets the PIN flow.
        return app.callback_urls[0] if app.callback_urls else OOB
    if requested.lower() == OOB:
        return OOB
    try:
        requested.encode("utf-8")  # percent-escapes of invalid UTF-8 decode to lone surrogates
    except UnicodeEncodeError:
        raise CallbackNotApproved() from None
    if len(requested) > _CALLBACK_MAX or not callback_approved(app, requested):
        raise CallbackNotApproved()
    return requested


def issue_request_token(
    rt: Runtime, app: App, callback: str | None, access_type: str | None
) -> RequestToken:
    """POST oauth/request_token: temporary credentials for ``app`` (415/403 for a callback it
    did not register). ``x_auth_access_type`` other than ``read``/``write`` is ignored."""
    now = rt.now_ms()
    kind = (access_type or "").strip().lower()
    with rt.store.write() as tx:
        current = tx.app_by_id(app.id) or app  # fresh callback URLs, not the credential cache's
        token = RequestToken(
            # 27 URL-safe characters, the shape of Twitter's own (``CbqDfwAAAAABSxOvAAABfqnR0KI``)
            token=secrets.token_urlsafe(20),
            secret=generate_token(32),
            app_id=app.id,
            callback=_callback_for(current, callback),
            access_type=kind if kind in ("read", "write") else None,
            created_at_ms=now,
        )
        tx.delete_request_tokens_before(now - REQUEST_TOKEN_TTL_MS)
        tx.insert_request_token(token)
    return token


def _live(token: RequestToken | None, now_ms: int) -> RequestToken | None:
    if token is None or token.created_at_ms + REQUEST_TOKEN_TTL_MS <= now_ms:
        return None
    return token


def live_request_token(rt: Runtime, value: str) -> RequestToken | None:
    """The request token named ``value``, unless it is unknown, spent or expired."""
    if not value or len(value) > 80:
        return None
    with rt.store.read() as tx:
        return _live(tx.request_token(value), rt.now_ms())


def pending(rt: Runtime, value: str | None) -> Pending | None:
    """The request token an authorize page names, while it still waits for an answer."""
    if not value or len(value) > 80:
        return None
    with rt.store.read() as tx:
        token = _live(tx.request_token(value), rt.now_ms())
        app = tx.app_by_id(token.app_id) if token is not None else None
    if token is None or app is None or token.verifier is not None:
        return None
    return Pending(token, app)


def already_authorized(rt: Runtime, request: Pending, user_id: int) -> bool:
    """Whether ``user_id`` has granted this App at least the access it asks for now (so
    /oauth/authenticate may send the browser straight back, as "Sign in with Twitter" did)."""
    with rt.store.read() as tx:
        token = tx.access_token_for(request.app.id, user_id)
    if token is None:
        return False
    return token.permission.can_write or not request.permission.can_write


def _with_query(url: str, params: list[tuple[str, str]]) -> str:
    """``url`` with ``params`` added to its query (before any fragment)."""
    base, hash_, fragment = url.partition("#")
    joiner = "&" if "?" in base else "?"
    if base.endswith(("?", "&")):
        joiner = ""
    return base + joiner + urlencode(params) + hash_ + fragment


def approve(rt: Runtime, request: Pending, user_id: int) -> Approval | None:
    """The user approves the App: a verifier bound to this request token (None when another
    answer got there first). Callbacks get Twitter's 32-character verifiers, the PIN flow a
    7-digit number ("a Twitter generated ~7 digit PIN", developer docs)."""
    oob = request.token.callback == OOB
    verifier = str(1_000_000 + secrets.randbelow(9_000_000)) if oob else generate_token(32)
    with rt.store.write() as tx:
        if not tx.authorize_request_token(request.token.token, user_id, verifier):
            return None
    if oob:
        return Approval(verifier, None)
    params = [("oauth_token", request.token.token), ("oauth_verifier", verifier)]
    return Approval(verifier, _with_query(request.token.callback, params))


def deny(rt: Runtime, request: Pending) -> str | None:
    """The user cancels: the request token is deleted; where the browser goes, with Twitter's
    ``denied=<request token>`` (None for the PIN flow)."""
    with rt.store.write() as tx:
        tx.delete_request_token(request.token.token)
    if request.token.callback == OOB:
        return None
    return _with_query(request.token.callback, [("denied", request.token.token)])


def exchange(rt: Runtime, app: App, token_value: str, verifier: str | None) -> Grant:
    """POST oauth/access_token: the verifier for an access token (Refused, 401, otherwise).

    The request token is deleted by this first exchange whatever the verifier: a PIN has only
    seven digits, so a token that survived wrong guesses could be guessed through.
    """
    now = rt.now_ms()
    with rt.store.write() as tx:
        token = tx.request_token(token_value)
        if token is None or not tx.delete_request_token(token_value):
            raise Refused(INVALID_REQUEST_TOKEN)  # unknown, or a concurrent exchange won
        user = tx.user_by_id(token.user_id) if token.user_id is not None else None
    if token.app_id != app.id or _live(token, now) is None:
        raise Refused(INVALID_REQUEST_TOKEN)
    if (
        token.verifier is None
        or not verifier
        or not hmac.compare_digest(verifier.encode("utf-8", "replace"), token.verifier.encode())
    ):
        raise Refused(INVALID_VERIFIER)
    if user is None or user.suspended:
        raise Refused(INVALID_REQUEST_TOKEN)
    wanted = Pending(token, app).permission
    with rt.store.read() as tx:
        existing = tx.access_token_for(app.id, user.id)
    if existing is not None and existing.permission == wanted:
        # "If you re-authenticate to twitter's API, twitter returns the same access token"
        # (oauthlib/oauthlib#377): one token per user and App, until it is revoked.
        return Grant(existing, user)
    return Grant(apps.create_access_token(rt, app, user.id, wanted), user)
