"""Who is calling: OAuth 1.0a user context, an OAuth 2.0 user access token or an app-only bearer
token, checked as Twitter did.

The signature check runs on Roost's own RFC 5849 verifier (auth/oauth1.py), proven equal to
oauthlib by a differential property test (DESIGN, "OAuth on the hot path"). Both kinds of
``Authorization: Bearer`` are one lookup in a cache (auth/credentials.py); the value's shape
says which: Twitter's app-only tokens (and so Roost's) start with a run of "A"s, its OAuth 2.0
user tokens are base64 of ``<random>:<ms>:1:0:at:1`` and never do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
from roost.domain.ids import parse_id
from roost.domain.model import AccessToken, App, OAuth2Token, Permission

APP_ONLY_PREFIX = "AAAAAAAAAAAAAAAAAAAAA"  # how every app-only bearer token begins


@dataclass(slots=True)
class Actor:
    """The caller of one request: an App, and the user it acts for (None for app-only)."""

    app: App
    user_id: int | None
    token: AccessToken | None
    permission: Permission
    bearer: str | None = None
    # OAuth 2.0 user context: the token's scopes (None for OAuth 1.0a and app-only, which
    # scopes do not limit); the pipeline checks them against the endpoint's (auth/scopes.py).
    scopes: frozenset[str] | None = None

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


class _Replayable:
    """An iterable over an iterator that can be walked again: items already produced are kept,
    the rest are produced only when a walk reaches them."""

    def __init__(self, items: Iterable[str]) -> None:
        self._source = iter(items)
        self._seen: list[str] = []

    def __iter__(self) -> Iterator[str]:
        yield from self._seen
        for item in self._source:
            self._seen.append(item)
            yield item


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
            return self._bearer(rest.strip(), now_s)
        raise BadAuthenticationData()

    def _bearer(self, value: str, now_s: float) -> Actor:
        if value and not value.startswith(APP_ONLY_PREFIX):
            grant = self.credentials.oauth2_token(value)
            if grant is not None:
                return self._oauth2_user(grant, now_s)
        bearer = self.credentials.bearer(value) if value else None
        if bearer is None:
            raise InvalidOrExpiredToken()
        app = self.credentials.app_by_id(bearer.app_id)
        if app is None:
            raise InvalidOrExpiredToken()
        return Actor(app=app, user_id=None, token=None, permission=app.permission, bearer=value)

    def _oauth2_user(self, grant: OAuth2Token, now_s: float) -> Actor:
        """An OAuth 2.0 user access token: live (two hours, docs:oauth-2-0/authorization-code)
        and its App's OAuth 2.0 still on; 401 otherwise. The App's OAuth 1.0a permission does
        not apply (the portal: "These permissions enable OAuth 1.0a Authentication"): the
        token's scopes decide instead."""
        if grant.expires_at_ms <= now_s * 1000:
            raise InvalidOrExpiredToken()
        app = self.credentials.app_by_id(grant.app_id)
        if app is None or not app.oauth2_enabled:
            raise InvalidOrExpiredToken()
        return Actor(
            app=app,
            user_id=grant.user_id,
            token=None,
            permission=Permission.READ_WRITE,
            bearer=grant.access_token,
            scopes=frozenset(grant.scopes),
        )

    def signed_app(self, header: str) -> tuple[dict[str, str], App]:
        """The ``oauth_*`` parameters of an OAuth 1.0a header and the App of its consumer key,
        or 401/32 when the header is malformed or names no App (nothing is verified yet)."""
        params = oauth1.parse_authorization_header(header)
        if params is None:
            raise CouldNotAuthenticate()
        consumer_key = params.get("oauth_consumer_key")
        if not consumer_key or not params.get("oauth_signature") or not params.get("oauth_nonce"):
            raise CouldNotAuthenticate()
        # Keys and tokens are ASCII: a percent-decoded one that is not (%FF decodes to a lone
        # surrogate) names nothing, and no store could even be asked about it.
        if not consumer_key.isascii() or not params.get("oauth_token", "").isascii():
            raise CouldNotAuthenticate()
        if parse_id(params.get("oauth_timestamp", "")) is None:  # "²" or 5,000 digits: 401
            raise CouldNotAuthenticate()
        if params.get("oauth_signature_method", "HMAC-SHA1") != "HMAC-SHA1":
            raise CouldNotAuthenticate()
        app = self.credentials.app(consumer_key)
        if app is None:
            raise CouldNotAuthenticate()
        return params, app

    def check_signed(
        self,
        params: dict[str, str],
        request: SignedRequest,
        now_s: float,
        app: App,
        token_secret: str,
    ) -> None:
        """The signature (with the consumer's secret and ``token_secret``, "" for none), the
        timestamp window (401/135) and the nonce, spent here for every endpoint (401/32)."""
        signed = oauth1.collect_params(request.query_string, params, request.form_body)
        urls = _Replayable(request.base_urls)  # a lazy generator: the retry walks it again
        if not self._verify(request, urls, signed, params, app, token_secret):
            lenient = oauth1.lenient_variant(signed, params)
            if lenient is None or not self._verify(
                request, urls, lenient, params, app, token_secret
            ):
                raise CouldNotAuthenticate()
        timestamp = params["oauth_timestamp"]
        if abs(now_s - int(timestamp)) > self._window:
            raise TimestampOutOfBounds()
        nonce = params["oauth_nonce"]
        token_value = params.get("oauth_token") or ""
        if not self._nonces.claim(
            f"{app.consumer_key}\0{token_value}\0{timestamp}\0{nonce}", now_s
        ):
            raise CouldNotAuthenticate()

    @staticmethod
    def _verify(
        request: SignedRequest,
        urls: Iterable[str],
        signed: list[tuple[str, str]],
        params: dict[str, str],
        app: App,
        token_secret: str,
    ) -> bool:
        return oauth1.verify_hmac_sha1(
            request.method,
            urls,
            signed,
            params["oauth_signature"],
            app.consumer_secret,
            token_secret,
        )

    def _oauth1(self, header: str, request: SignedRequest, now_s: float) -> Actor:
        params, app = self.signed_app(header)
        token_value = params.get("oauth_token")
        token = self.credentials.token(token_value) if token_value else None
        if token_value and (token is None or token.app_id != app.id):
            raise InvalidOrExpiredToken()
        self.check_signed(params, request, now_s, app, token.secret if token else "")
        if token is None:
            # Signed by the consumer alone: the OAuth flow endpoints accept this.
            return Actor(app=app, user_id=None, token=None, permission=app.permission)
        permission = token.permission if app.permission.can_write else Permission.READ
        return Actor(app=app, user_id=token.user_id, token=token, permission=permission)
