"""OAuth 1.0a requests signed with temporary credentials: ``POST oauth/access_token``.

``Authenticator`` knows access tokens only (a request token there is 401/89). The exchange is
signed with the request token and its secret (RFC 5849 section 2.3), so it is checked here by
the same rules: the signature by roost/auth/oauth1.py, the Authenticator's timestamp window and
its nonce store (a nonce spent on the exchange is spent for every endpoint).

Twitter answered the flow's own refusals in plain text, not JSON: 401 ``Invalid request token.``
(abraham/twitteroauth#613, 2018) and 401 ``Error processing your OAuth request: Invalid
oauth_verifier parameter`` (twitteroauth#619, alvarolorentedev/oauth-electron-twitter#9, 2021).
A bad consumer key, signature, timestamp or nonce gets the JSON 32/135 of every endpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from roost.auth.authenticate import Authenticator, SignedRequest
from roost.domain.errors import BadAuthenticationData
from roost.domain.model import App, RequestToken

INVALID_REQUEST_TOKEN = "Invalid request token."
INVALID_VERIFIER = "Error processing your OAuth request: Invalid oauth_verifier parameter"


class Refused(Exception):
    """A refusal of the OAuth flow, answered as Twitter did: ``status`` and a plain-text body."""

    def __init__(self, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class TemporarySigned:
    """A verified request: its App, the request token it was signed with (None: the consumer
    alone signed it) and its ``oauth_*`` header parameters (``oauth_verifier`` among them)."""

    app: App
    token: RequestToken | None
    params: dict[str, str]


class TemporaryVerifier:
    """Checks requests signed by a consumer with an optional request token."""

    def __init__(self, authenticator: Authenticator) -> None:
        self._authenticator = authenticator

    def verify(
        self,
        authorization: str | None,
        request: SignedRequest,
        now_s: float,
        load: Callable[[str], RequestToken | None],
    ) -> TemporarySigned:
        """The App and request token that signed ``request``; ``load`` finds a live request
        token by value. Raises Refused for an unknown, spent or foreign request token."""
        if not authorization:
            raise BadAuthenticationData()
        params, app = self._authenticator.signed_app(authorization)
        token_value = params.get("oauth_token") or ""
        token = load(token_value) if token_value else None
        if token_value and (token is None or token.app_id != app.id):
            # No secret to check the signature with: nothing is done, so nothing is revealed.
            raise Refused(INVALID_REQUEST_TOKEN)
        self._authenticator.check_signed(params, request, now_s, app, token.secret if token else "")
        return TemporarySigned(app, token, params)
