"""OAuth 2.0 Authorization Code with PKCE, as Twitter ran it: the consent page's request, the
codes it issues, the token endpoint's two grants (``authorization_code``, ``refresh_token``)
and revocation (RFC 6749, RFC 7636, RFC 7009).

The protocol pieces are oauthlib's (DESIGN, "OAuth on the hot path"): the S256 and plain
verifier checks, the RFC 6749 error classes (their ``error`` names and statuses) and
``generate_token``. oauthlib's whole ``WebApplicationServer`` does not fit: it refuses plain
http (a sandbox's), takes ``S256`` in one case only (Twitter's TS SDK sends ``s256``) and answers
its own texts, where clients match Twitter's.

Twitter's answers, with their sources:

* a confidential client without HTTP Basic, or with a wrong secret: 401 ``unauthorized_client``
  "Missing valid authorization header" (tweepy/tweepy#2035, plhery/node-twitter-api-v2#319,
  a recorded walk-through of the flow at zenn.dev/kg0r0);
* ``client_id`` must be in the parameters even beside Basic: ``invalid_request``
  "Missing required parameter [client_id]." (the same walk-through);
* a bad, spent or expired code: ``invalid_request`` "Value passed for the authorization code was
  invalid." (plhery/node-twitter-api-v2#496); a wrong verifier: ``invalid_request`` "Value passed
  for the code verifier did not match the code challenge."
  (xdevplatform/twitter-api-typescript-sdk#26); a spent or unknown refresh token:
  ``invalid_request`` "Value passed for the token was invalid." (recorded in several clients'
  tests); another grant type: ``invalid_request`` "Value passed for the grant type was invalid.
  Grant type should be one of [authorization_code, refresh_token]." (the walk-through);
* a redirect_uri unlike the code's, an unknown client id: UNCONFIRMED, worded like the rest.

Choices where Twitter is silent: a code lives 30 seconds (an unverified report says Twitter's
did; RFC 6749 4.1.2 allows up to 10 minutes); a refresh token rotates, and the access token it
was issued with dies with it (one grant is one row); refresh tokens do not expire by time.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from oauthlib.common import generate_token
from oauthlib.oauth2.rfc6749 import errors
from oauthlib.oauth2.rfc6749.grant_types.authorization_code import (
    code_challenge_method_plain,
    code_challenge_method_s256,
)

from roost.auth import scopes as catalogue
from roost.domain.model import App, AuthorizationCode, OAuth2Token
from roost.runtime import Runtime

CODE_LIFETIME_MS = 30_000
ACCESS_TOKEN_LIFETIME_S = (
    7200  # "only stay valid for two hours" (docs:oauth-2-0/authorization-code)
)
MAX_STATE = 500  # "The length of this string can be up to 500 characters." (the TS SDK's docs)
MAX_CHALLENGE = 200  # the column's width; RFC 7636 allows 43 to 128 characters
# code_challenge_method, any case (tweepy sends S256, the TS SDK s256): stored name, check
_METHODS: dict[str, tuple[str, Callable[[str, str], bool]]] = {
    "s256": ("S256", code_challenge_method_s256),
    "plain": ("plain", code_challenge_method_plain),
}
GRANT_TYPES = ("authorization_code", "refresh_token")
OAuth2Error = errors.OAuth2Error


class PageError(Exception):
    """A request the consent page answers itself, never by a redirect (RFC 6749 4.1.2.1: the
    client or its redirect_uri cannot be trusted)."""


class RedirectError(Exception):
    """A refused request sent back to the client's redirect_uri (``error``, ``state``)."""

    def __init__(self, redirect_uri: str, state: str | None, error: str, description: str):
        super().__init__(description)
        self.redirect_uri, self.state = redirect_uri, state
        self.error, self.description = error, description


@dataclass(frozen=True)
class AuthorizeRequest:
    """A checked ``/i/oauth2/authorize`` request."""

    app: App
    redirect_uri: str
    scopes: tuple[str, ...]
    state: str
    code_challenge: str
    code_challenge_method: str  # "S256" or "plain"

    def fields(self) -> dict[str, str]:
        """The request's parameters, for the consent form to post back."""
        return {
            "response_type": "code",
            "client_id": self.app.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": " ".join(self.scopes),
            "state": self.state,
            "code_challenge": self.code_challenge,
            "code_challenge_method": self.code_challenge_method,
        }


def _value(kind: str, now_ms: int) -> str:
    """A code or token shaped like Twitter's: base64 of ``<random>:<ms>:1:0:<kind>:1``
    (``ac`` code, ``at`` access token, ``rt`` refresh token; decoded from real ones)."""
    raw = f"{generate_token(45)}:{now_ms}:1:0:{kind}:1"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _missing(name: str) -> errors.OAuth2Error:
    return errors.InvalidRequestError(description=f"Missing required parameter [{name}].")


def _invalid(what: str) -> errors.OAuth2Error:
    return errors.InvalidRequestError(description=f"Value passed for the {what} was invalid.")


def _need(params: Mapping[str, str], name: str) -> str:
    value = params.get(name)
    if not value:
        raise _missing(name)
    return value


# ------------------------------------------------------------------------ the consent page
def _trusted_client(
    lookup: Callable[[str], App | None], params: Mapping[str, str]
) -> tuple[App, str]:
    """The App and its redirect_uri, or PageError: an unknown client, OAuth 2.0 off for the
    App, a redirect_uri that is not one of its callback URLs (exactly, as Twitter matched)."""
    client_id = params.get("client_id") or ""
    app = lookup(client_id) if client_id else None
    if app is None:
        raise PageError("The client_id is not the client id of any App.")
    if not app.oauth2_enabled:
        raise PageError("OAuth 2.0 is not enabled for this App.")
    redirect_uri = params.get("redirect_uri") or ""
    if redirect_uri not in app.callback_urls:
        raise PageError("The redirect_uri is not one of this App's callback URLs.")
    return app, redirect_uri


def _refusal(params: Mapping[str, str]) -> tuple[str, str] | None:
    """What is wrong with a trusted client's request, as ``(error, error_description)``."""
    response_type, state = params.get("response_type"), params.get("state")
    challenge = params.get("code_challenge")
    method = (params.get("code_challenge_method") or "plain").lower()  # RFC 7636 4.3's default
    for name in ("response_type", "scope", "state", "code_challenge"):  # PKCE is not optional
        if not params.get(name):
            return "invalid_request", f"Missing required parameter [{name}]."
    if response_type != "code":
        return "unsupported_response_type", "Value passed for the response type was invalid."
    if catalogue.parse(params.get("scope")) is None:
        return "invalid_scope", "Value passed for the scope was invalid."
    if state is None or len(state) > MAX_STATE:
        return "invalid_request", "Value passed for the state was invalid."
    if challenge is None or len(challenge) > MAX_CHALLENGE:
        return "invalid_request", "Value passed for the code challenge was invalid."
    if method not in _METHODS:
        return "invalid_request", "Value passed for the code challenge method was invalid."
    return None


def check_authorize(
    lookup: Callable[[str], App | None], params: Mapping[str, str]
) -> AuthorizeRequest:
    """The authorization request, or PageError (the client or its redirect_uri cannot be
    trusted) or RedirectError (anything else, RFC 6749 4.1.2.1)."""
    app, redirect_uri = _trusted_client(lookup, params)
    problem = _refusal(params)
    if problem is not None:
        raise RedirectError(redirect_uri, params.get("state"), *problem)
    scopes = catalogue.parse(params.get("scope"))
    assert scopes is not None  # _refusal checked it
    method = _METHODS[(params.get("code_challenge_method") or "plain").lower()][0]
    return AuthorizeRequest(
        app, redirect_uri, scopes, params["state"], params["code_challenge"], method
    )


def issue_code(rt: Runtime, request: AuthorizeRequest, user_id: int) -> str:
    """The user approved: a single-use code bound to the client, redirect_uri and challenge."""
    now = rt.now_ms()
    code = AuthorizationCode(
        code=_value("ac", now),
        app_id=request.app.id,
        user_id=user_id,
        redirect_uri=request.redirect_uri,
        scopes=request.scopes,
        code_challenge=request.code_challenge,
        code_challenge_method=request.code_challenge_method,
        created_at_ms=now,
        expires_at_ms=now + CODE_LIFETIME_MS,
    )
    with rt.store.write() as tx:
        tx.insert_authorization_code(code)
    return code.code


# ----------------------------------------------------------------------- the token endpoint
def _basic(authorization: str | None) -> tuple[str, str] | None:
    scheme, _, value = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


def _same(given: str, expected: str) -> bool:
    """A Basic credential as sent, or form-decoded as RFC 6749 2.3.1 has clients encode it."""
    return hmac.compare_digest(given.encode(), expected.encode()) or hmac.compare_digest(
        unquote(given).encode(), expected.encode()
    )


def authenticate_client(
    lookup: Callable[[str], App | None], authorization: str | None, params: Mapping[str, str]
) -> App:
    """The client of a token or revoke request: ``client_id`` always (Twitter asked for it
    beside Basic too), plus HTTP Basic ``client_id:client_secret`` for a confidential client."""
    client_id = _need(params, "client_id")
    app = lookup(client_id)
    if app is None or not app.oauth2_enabled:
        raise errors.InvalidClientError(
            description="Value passed for the client_id was invalid.", status_code=401
        )
    if app.client_type == "public":
        return app
    basic = _basic(authorization)
    if (
        basic is None
        or app.client_secret is None
        or not _same(basic[0], app.client_id)
        or not _same(basic[1], app.client_secret)
    ):
        raise errors.UnauthorizedClientError(
            description="Missing valid authorization header", status_code=401
        )
    return app


def grant_type(params: Mapping[str, str]) -> str:
    """``authorization_code`` or ``refresh_token``."""
    grant = _need(params, "grant_type")
    if grant not in GRANT_TYPES:
        raise errors.InvalidRequestError(
            description="Value passed for the grant type was invalid. Grant type should be one "
            "of [authorization_code, refresh_token]."
        )
    return grant


def issue_token(rt: Runtime, app_id: int, user_id: int, scopes: tuple[str, ...]) -> OAuth2Token:
    """A new access token (two hours) and, with ``offline.access``, a refresh token."""
    now = rt.now_ms()
    token = _new_token(now, app_id, user_id, scopes)
    with rt.store.write() as tx:
        tx.insert_oauth2_token(token)
    return token


def _new_token(now: int, app_id: int, user_id: int, scopes: tuple[str, ...]) -> OAuth2Token:
    return OAuth2Token(
        access_token=_value("at", now),
        app_id=app_id,
        user_id=user_id,
        scopes=scopes,
        created_at_ms=now,
        expires_at_ms=now + ACCESS_TOKEN_LIFETIME_S * 1000,
        refresh_token=_value("rt", now) if catalogue.OFFLINE_ACCESS in scopes else None,
    )


def exchange_code(rt: Runtime, app: App, params: Mapping[str, str]) -> OAuth2Token:
    """``grant_type=authorization_code``: the code (spent by this request, right or wrong), its
    redirect_uri and the PKCE verifier -> a token."""
    code = _need(params, "code")
    redirect_uri = _need(params, "redirect_uri")
    verifier = _need(params, "code_verifier")
    with rt.store.write() as tx:  # committed before any check: a spent code stays spent
        grant = tx.take_authorization_code(code)
    if grant is None or grant.app_id != app.id or grant.expires_at_ms <= rt.now_ms():
        raise _invalid("authorization code")
    if grant.redirect_uri != redirect_uri:
        raise errors.InvalidRequestError(
            description="Value passed for the redirect uri did not match the uri of the "
            "authorization request."
        )
    _, check = _METHODS[(grant.code_challenge_method or "plain").lower()]
    if grant.code_challenge is None or not check(verifier, grant.code_challenge):
        raise errors.InvalidRequestError(
            description="Value passed for the code verifier did not match the code challenge."
        )
    return issue_token(rt, app.id, grant.user_id, grant.scopes)


def refresh(rt: Runtime, app: App, params: Mapping[str, str]) -> tuple[OAuth2Token, str]:
    """``grant_type=refresh_token``: a new access token and refresh token for the grant; the
    old pair dies (rotation). Returns the new token and the old access token (to evict)."""
    value = _need(params, "refresh_token")
    wanted = params.get("scope")
    with rt.store.write() as tx:
        old = tx.oauth2_token_by_refresh(value)
        if old is None or old.app_id != app.id:
            raise _invalid("token")
        scopes = old.scopes
        if wanted:  # RFC 6749 6: a narrower scope may be asked, never a wider one
            asked = catalogue.parse(wanted)
            if asked is None or not set(asked) <= set(old.scopes):
                raise errors.InvalidScopeError(
                    description="Value passed for the scope was invalid."
                )
            scopes = asked
        if not tx.delete_oauth2_token(old.access_token):  # a concurrent refresh won
            raise _invalid("token")
        token = _new_token(rt.now_ms(), app.id, old.user_id, scopes)
        tx.insert_oauth2_token(token)
    return token, old.access_token


def token_reply(token: OAuth2Token) -> dict[str, object]:
    """Twitter's answer: ``token_type``, ``expires_in``, ``access_token``, ``scope`` (the granted
    set, so requests-oauthlib sees no "Scope has changed") and ``refresh_token`` if any."""
    body: dict[str, object] = {
        "token_type": "bearer",
        "expires_in": (token.expires_at_ms - token.created_at_ms) // 1000,
        "access_token": token.access_token,
        "scope": " ".join(token.scopes),
    }
    if token.refresh_token:
        body["refresh_token"] = token.refresh_token
    return body


def revoke(rt: Runtime, app: App, params: Mapping[str, str]) -> str | None:
    """POST /2/oauth2/revoke: an access or a refresh token (``token_type_hint`` says which to
    look for first, RFC 7009 2.1) ends its whole grant. The access token revoked, to evict;
    None when the token was unknown (RFC 7009 2.2: not an error)."""
    value = _need(params, "token")
    with rt.store.write() as tx:
        finders = [tx.oauth2_token, tx.oauth2_token_by_refresh]
        if params.get("token_type_hint") == "refresh_token":
            finders.reverse()
        grant = None
        for find in finders:
            grant = find(value)
            if grant is not None:
                break
        if grant is None:
            return None
        if grant.app_id != app.id:
            raise _invalid("token")
        tx.delete_oauth2_token(grant.access_token)
    return grant.access_token
