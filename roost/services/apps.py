"""Developer Apps and their credentials: consumer keys, user access tokens, bearer tokens."""

from __future__ import annotations

from dataclasses import replace

from oauthlib.common import generate_token

from roost.auth.authenticate import APP_ONLY_PREFIX
from roost.domain.errors import ParameterInvalid, TwitterError
from roost.domain.model import AccessToken, App, BearerToken, Permission
from roost.domain.portal import APP_NAME_MAX
from roost.runtime import Runtime


class AppNameTaken(TwitterError):
    """An App name is unique across the portal, as Twitter's was."""

    code, status, message = 44, 400, "This App name is already taken."


def _bearer_value() -> str:
    # Twitter's app-only tokens start with a run of "A"s and are ~112 characters long.
    return APP_ONLY_PREFIX + generate_token(91)


def _consumer_pair() -> tuple[str, str]:
    # Twitter's API Key and Secret were 25 and 50 characters.
    return generate_token(25), generate_token(50)


def new_client_secret() -> str:
    """A fresh OAuth 2.0 Client Secret (a confidential client's)."""
    return generate_token(50)


def create_app(
    rt: Runtime,
    name: str,
    *,
    website: str | None = None,
    read_only: bool = False,
    owner_id: int | None = None,
    callback_urls: tuple[str, ...] = (),
    client_type: str = "confidential",
    project_id: int | None = None,
    permission: Permission | None = None,
    unique_name: bool = False,
) -> tuple[App, BearerToken]:
    """Register an App with fresh keys and a bearer token (the portal's "Keys and tokens").

    ``unique_name``: refuse a name another App has (the portal's rule, as Twitter's was; the
    CLI and the tests may reuse names). ``permission`` wins over ``read_only``.
    """
    name = name.strip()
    if not name or len(name) > APP_NAME_MAX:
        raise ParameterInvalid("name")
    if client_type not in ("confidential", "public"):
        raise ParameterInvalid("client_type")
    now = rt.now_ms()
    consumer_key, consumer_secret = _consumer_pair()
    app = App(
        id=rt.next_id(),
        name=name,
        website=website,
        consumer_key=consumer_key,
        consumer_secret=consumer_secret,
        client_id=generate_token(34),
        client_secret=new_client_secret() if client_type == "confidential" else None,
        permission=permission or (Permission.READ if read_only else Permission.READ_WRITE),
        owner_id=owner_id,
        client_type=client_type,
        callback_urls=callback_urls,
        created_at_ms=now,
        project_id=project_id,
    )
    bearer = BearerToken(_bearer_value(), app.id, now)
    with rt.store.write() as tx:
        if owner_id is not None and tx.user_by_id(owner_id) is None:
            raise TwitterError("User not found.", code=50, status=404)
        if unique_name and tx.app_by_name(name) is not None:
            raise AppNameTaken()
        tx.insert_app(app)
        tx.insert_bearer_token(bearer)
    return app, bearer


def create_access_token(
    rt: Runtime, app: App, user_id: int, permission: Permission | None = None
) -> AccessToken:
    """Authorize ``app`` for a user: ``<user id>-<random>``, as Twitter shaped its tokens.

    A token never has more access than its App (a read-only App mints read-only tokens).
    """
    token = _new_access_token(rt, app, user_id, permission)
    with rt.store.write() as tx:
        tx.insert_access_token(token)
    return token


def _new_access_token(
    rt: Runtime, app: App, user_id: int, permission: Permission | None
) -> AccessToken:
    wanted = permission or app.permission
    if not app.permission.can_write:
        wanted = Permission.READ
    return AccessToken(
        f"{user_id}-{generate_token(30)}", generate_token(45), app.id, user_id, wanted, rt.now_ms()
    )


def issue_bearer_token(rt: Runtime, app: App) -> BearerToken:
    """POST oauth2/token: the App's current bearer token, or a new one after invalidation."""
    with rt.store.write() as tx:
        current = tx.bearer_token_for_app(app.id)
        if current is not None:
            return current
        token = BearerToken(_bearer_value(), app.id, rt.now_ms())
        tx.insert_bearer_token(token)
        return token


# ------------------------------------------------------------------ regeneration and revocation
# Each returns what it made stale, so the caller can evict it from this process's credential
# cache (auth/credentials.py ``forget``) and end the streams of revoked tokens at once.


def regenerate_consumer_keys(rt: Runtime, app: App) -> App:
    """A new API Key and Secret: the old pair stops verifying. User access tokens and the
    bearer token are credentials of their own and survive (each has its own Regenerate)."""
    key, secret = _consumer_pair()
    with rt.store.write() as tx:
        tx.update_app(app.id, consumer_key=key, consumer_secret=secret)
    return replace(app, consumer_key=key, consumer_secret=secret)


def regenerate_bearer_token(rt: Runtime, app: App) -> tuple[BearerToken, list[str]]:
    """A new app-only Bearer Token; the old ones are revoked (their values returned)."""
    token = BearerToken(_bearer_value(), app.id, rt.now_ms())
    with rt.store.write() as tx:
        revoked = tx.delete_bearer_tokens_of(app.id)
        tx.insert_bearer_token(token)
    return token, revoked


def revoke_bearer_tokens(rt: Runtime, app: App) -> list[str]:
    """Revoke the App's bearer tokens (POST oauth2/token makes a new one on request)."""
    with rt.store.write() as tx:
        return tx.delete_bearer_tokens_of(app.id)


def regenerate_access_token(rt: Runtime, app: App, user_id: int) -> tuple[AccessToken, list[str]]:
    """A new access token of ``user_id`` for ``app``, at the App's current permission; the
    user's old tokens for the App are revoked (their values returned)."""
    token = _new_access_token(rt, app, user_id, None)
    with rt.store.write() as tx:
        revoked = tx.delete_access_tokens_of(app.id, user_id)
        tx.insert_access_token(token)
    return token, revoked


def revoke_access_tokens(rt: Runtime, app: App, user_id: int) -> list[str]:
    """Revoke a user's access tokens for an App."""
    with rt.store.write() as tx:
        return tx.delete_access_tokens_of(app.id, user_id)


def regenerate_client_secret(rt: Runtime, app: App) -> App:
    """A new OAuth 2.0 Client Secret (a confidential client's); the Client ID stays."""
    if app.client_type != "confidential":
        raise ParameterInvalid("client_type")
    secret = new_client_secret()
    with rt.store.write() as tx:
        tx.update_app(app.id, client_secret=secret)
    return replace(app, client_secret=secret)
