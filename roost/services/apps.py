"""Developer Apps and their credentials: consumer keys, user access tokens, bearer tokens."""

from __future__ import annotations

import secrets
import string

from roost.domain.errors import ParameterInvalid, TwitterError
from roost.domain.model import AccessToken, App, BearerToken, Permission
from roost.runtime import Runtime

_ALNUM = string.ascii_letters + string.digits


def _random(n: int, alphabet: str = _ALNUM) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(n))


def _bearer_value() -> str:
    # Twitter's app-only tokens start with a run of "A"s and are ~112 characters long.
    return "AAAAAAAAAAAAAAAAAAAAA" + _random(91)


def create_app(
    rt: Runtime,
    name: str,
    *,
    website: str | None = None,
    read_only: bool = False,
    owner_id: int | None = None,
    callback_urls: tuple[str, ...] = (),
    client_type: str = "confidential",
) -> tuple[App, BearerToken]:
    """Register an App with fresh keys and a bearer token (the portal's "Keys and tokens")."""
    name = name.strip()
    if not name or len(name) > 32:
        raise ParameterInvalid("name")
    if client_type not in ("confidential", "public"):
        raise ParameterInvalid("client_type")
    now = rt.now_ms()
    app = App(
        id=rt.next_id(),
        name=name,
        website=website,
        consumer_key=_random(25),
        consumer_secret=_random(50),
        client_id=_random(34),
        client_secret=_random(50) if client_type == "confidential" else None,
        permission=Permission.READ if read_only else Permission.READ_WRITE,
        owner_id=owner_id,
        client_type=client_type,
        callback_urls=callback_urls,
        created_at_ms=now,
    )
    bearer = BearerToken(_bearer_value(), app.id, now)
    with rt.store.write() as tx:
        if owner_id is not None and tx.user_by_id(owner_id) is None:
            raise TwitterError("User not found.", code=50, status=404)
        tx.insert_app(app)
        tx.insert_bearer_token(bearer)
    return app, bearer


def create_access_token(
    rt: Runtime, app: App, user_id: int, permission: Permission | None = None
) -> AccessToken:
    """Authorize ``app`` for a user: ``<user id>-<random>``, as Twitter shaped its tokens.

    A token never has more access than its App (a read-only App mints read-only tokens).
    """
    wanted = permission or app.permission
    if not app.permission.can_write:
        wanted = Permission.READ
    token = AccessToken(
        f"{user_id}-{_random(30)}", _random(45), app.id, user_id, wanted, rt.now_ms()
    )
    with rt.store.write() as tx:
        tx.insert_access_token(token)
    return token


def issue_bearer_token(rt: Runtime, app: App) -> BearerToken:
    """POST oauth2/token: the App's current bearer token, or a new one after invalidation."""
    with rt.store.write() as tx:
        current = tx.bearer_token_for_app(app.id)
        if current is not None:
            return current
        token = BearerToken(_bearer_value(), app.id, rt.now_ms())
        tx.insert_bearer_token(token)
        return token
