"""Who is calling: OAuth 1.0a user context or an app-only bearer token, checked as Twitter did.

The signature check runs on Roost's own RFC 5849 verifier (auth/oauth1.py), proven equal to
oauthlib by a differential property test (DESIGN, "OAuth on the hot path").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from roost.auth import oauth1
from roost.auth.credentials import Credentials
from roost.auth.nonces import NonceStore
from roost.domain.errors import (
    BadAuthenticationData,
    CouldNotAuthenticate,
    InvalidOrExpiredToken,
    TimestampOutOfBounds,
)
from roost.domain.model import AccessToken, App, Permission


@dataclass(slots=True)
class Actor:
    """The caller of one request: an App, and the user it acts for (None for app-only)."""

    app: App
    user_id: int | None
    token: AccessToken | None
    permission: Permission
    bearer: str | None = None

    @property
    def is_user(self) -> bool:
        """User context (OAuth 1.0a with an access token, or an OAuth 2.0 user token)."""
        return self.user_id is not None


@dataclass(slots=True)
class SignedRequest:
    """What the OAuth 1.0a signature covers, taken from the HTTP request."""

    method: str
    base_urls: Iterable[str]  # every URL the client may have signed, likeliest first
    query_string: bytes
    form_body: bytes | None  # only an application/x-www-form-urlencoded body is signed


class Authenticator:
    """Turns an Authorization header into an ``Actor`` or a Twitter 401."""

    def __init__(self, credentials: Credentials, nonces: NonceStore, window_s: int) -> None:
        self.credentials = credentials
        self._nonces = nonces
        self._window = window_s

    def authenticate(
        self, authorization: str | None, request: SignedRequest, now_s: float
    ) -> Actor:
        """The caller, or BadAuthenticationData (no credentials) and the 401s of Twitter's table."""
        if not authorization:
            raise BadAuthenticationData()
        scheme, _, rest = authorization.partition(" ")
        scheme = scheme.lower()
        if scheme == "oauth":
            return self._oauth1(authorization, request, now_s)
        if scheme == "bearer":
            return self._bearer(rest.strip())
        raise BadAuthenticationData()

    def _bearer(self, value: str) -> Actor:
        bearer = self.credentials.bearer(value) if value else None
        if bearer is None:
            raise InvalidOrExpiredToken()
        app = self.credentials.app_by_id(bearer.app_id)
        if app is None:
            raise InvalidOrExpiredToken()
        return Actor(app=app, user_id=None, token=None, permission=app.permission, bearer=value)

    def _oauth1(self, header: str, request: SignedRequest, now_s: float) -> Actor:
        params = oauth1.parse_authorization_header(header)
        if params is None:
            raise CouldNotAuthenticate()
        consumer_key = params.get("oauth_consumer_key")
        signature = params.get("oauth_signature")
        timestamp = params.get("oauth_timestamp", "")
        nonce = params.get("oauth_nonce")
        if not consumer_key or not signature or not nonce or not timestamp.isdigit():
            raise CouldNotAuthenticate()
        if params.get("oauth_signature_method", "HMAC-SHA1") != "HMAC-SHA1":
            raise CouldNotAuthenticate()
        app = self.credentials.app(consumer_key)
        if app is None:
            raise CouldNotAuthenticate()
        token_value = params.get("oauth_token")
        token = self.credentials.token(token_value) if token_value else None
        if token_value and (token is None or token.app_id != app.id):
            raise InvalidOrExpiredToken()
        signed = oauth1.collect_params(request.query_string, params, request.form_body)
        if not oauth1.verify_hmac_sha1(
            request.method,
            request.base_urls,
            signed,
            signature,
            app.consumer_secret,
            token.secret if token else "",
        ):
            raise CouldNotAuthenticate()
        if abs(now_s - int(timestamp)) > self._window:
            raise TimestampOutOfBounds()
        if not self._nonces.claim(
            f"{consumer_key}\0{token_value or ''}\0{timestamp}\0{nonce}", now_s
        ):
            raise CouldNotAuthenticate()
        if token is None:
            # Signed by the consumer alone: the OAuth flow endpoints accept this.
            return Actor(app=app, user_id=None, token=None, permission=app.permission)
        permission = token.permission if app.permission.can_write else Permission.READ
        return Actor(app=app, user_id=token.user_id, token=token, permission=permission)
