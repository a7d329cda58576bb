"""Web sessions: signing a browser in with an account's password, and the CSRF tokens of its forms.

Roost's pages that act for a user (the OAuth consent pages, the developer portal, profile
settings) are plain HTML forms. A session is a row in ``web_sessions`` named by the value of the
``auth_token`` cookie (twitter.com's own cookie name) and holds that session's CSRF token; a form
shown to a signed-out browser (the sign-in form, which the consent pages carry as Twitter's did)
is protected by a token signed with the server's key over the form's purpose and a time, so it
cannot be forged blind and expires.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from roost.domain.model import User, WebSession
from roost.runtime import Runtime
from roost.services.users import check_password

SESSION_COOKIE = "auth_token"
SESSION_DAYS = 30
GUEST_TOKEN_S = 2 * 3600  # how long a signed-out form may stay open before it must be reloaded
_DAY_MS = 86_400_000


@dataclass(frozen=True)
class SignedIn:
    """A signed-in browser: its session and its account."""

    session: WebSession
    user: User


def authenticate_password(rt: Runtime, username_or_email: str, password: str) -> User | None:
    """The account a sign-in form names (a screen name, with or without ``@``) if the password
    is its own; None for a wrong pair, an account without a password, or a suspended one."""
    name = username_or_email.strip().removeprefix("@")
    if not name or not password:
        return None
    with rt.store.read() as tx:
        user = tx.user_by_screen_name(name)
        stored = tx.password_hash(user.id) if user is not None else None
    if user is None or user.suspended or not check_password(stored, password):
        return None
    return user


def create_session(rt: Runtime, user_id: int) -> WebSession:
    """Sign a browser in as ``user_id`` for SESSION_DAYS (``roost sessions create`` too)."""
    now = rt.now_ms()
    session = WebSession(
        id=secrets.token_hex(20),
        user_id=user_id,
        csrf=secrets.token_hex(16),
        created_at_ms=now,
        expires_at_ms=now + SESSION_DAYS * _DAY_MS,
    )
    with rt.store.write() as tx:
        tx.insert_web_session(session)
    return session


def signed_in(rt: Runtime, session_id: str | None) -> SignedIn | None:
    """The session a cookie names, if it is live and its account still exists and may sign in."""
    if not session_id or len(session_id) > 80:
        return None
    with rt.store.read() as tx:
        session = tx.web_session(session_id)
        user = tx.user_by_id(session.user_id) if session is not None else None
    if session is None or user is None or user.suspended or session.expires_at_ms <= rt.now_ms():
        return None
    return SignedIn(session, user)


def end_session(rt: Runtime, session_id: str) -> None:
    """Sign a browser out."""
    with rt.store.write() as tx:
        tx.delete_web_session(session_id)


class FormTokens:
    """The CSRF tokens of Roost's forms (the hidden ``authenticity_token`` field, Twitter's name).

    Signed in: the session's own token. Signed out: ``<time>.<HMAC(key, purpose:time)>``, where
    ``purpose`` names the form (``login``, ``oauth1:<request token>``, ``oauth2:<client id>``).
    """

    def __init__(self, rt: Runtime) -> None:
        self._rt = rt
        with rt.store.read() as tx:
            key = tx.server_secret("csrf")
        # A database made before migration 0013 cannot exist (migrations run at open); the
        # fallback only keeps a hand-emptied table from breaking the pages (tokens then last
        # as long as this process).
        self._key = (key or secrets.token_hex(32)).encode()

    def issue(self, purpose: str, session: SignedIn | None) -> str:
        """The token a form shown now carries."""
        if session is not None:
            return session.session.csrf
        stamp = str(self._rt.now_ms() // 1000)
        return f"{stamp}.{self._sign(purpose, stamp)}"

    def check(self, purpose: str, session: SignedIn | None, token: str | None) -> bool:
        """Whether a submitted form's token is the one ``issue`` gave this browser.

        A form that acts on a session must carry that session's token: a signed-out token only
        goes with a form that signs in by password (pass ``session=None`` for those), else
        anyone could fetch one and make a signed-in browser approve their request.
        """
        if not token:
            return False
        if session is not None:
            return hmac.compare_digest(token, session.session.csrf)
        stamp, _, signature = token.partition(".")
        if not stamp.isdigit() or not signature:
            return False
        age = self._rt.now_ms() // 1000 - int(stamp)
        if age < 0 or age > GUEST_TOKEN_S:
            return False
        return hmac.compare_digest(signature, self._sign(purpose, stamp))

    def _sign(self, purpose: str, stamp: str) -> str:
        message = f"{purpose}:{stamp}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()
