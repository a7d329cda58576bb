"""``roost users|apps|tokens|sessions create``: set-up commands that print JSON for tools and tests."""

from __future__ import annotations

import argparse
from typing import Any

from roost.config import Settings
from roost.domain.errors import TwitterError
from roost.domain.model import Permission
from roost.render.context import Viewer
from roost.render.users import user_v1
from roost.runtime import Runtime
from roost.services import apps, sessions, users
from roost.store import open_store


def runtime_for(settings: Settings) -> Runtime:
    """A runtime on the configured store (migrated)."""
    return Runtime(settings, open_store(settings.database_url))


def create_user(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """roost users create SCREEN_NAME: prints the v1.1 User object."""
    rt = runtime_for(settings)
    try:
        user = users.create_user(
            rt,
            args.screen_name,
            name=args.name,
            protected=args.protected,
            geo_enabled=args.geo_enabled,
            photo_tagging=not args.no_photo_tagging,
            password=args.password,
        )
    except TwitterError as exc:
        if exc.code == 44 and "screen_name" in exc.message:
            raise TwitterError(
                f"invalid screen name {args.screen_name!r}: 1-15 letters, digits or underscores"
            ) from None
        raise
    finally:
        rt.store.close()
    return user_v1(user, Viewer())


def app_keys(app: Any, bearer: Any) -> dict[str, Any]:
    """An App's keys as ``roost apps create`` prints them."""
    return {
        "id": app.id,
        "id_str": str(app.id),
        "name": app.name,
        "website": app.website,
        "permission": app.permission.value,
        "consumer_key": app.consumer_key,
        "consumer_secret": app.consumer_secret,
        "bearer_token": bearer.token,
        "client_id": app.client_id,
        "client_secret": app.client_secret,
        "client_type": app.client_type,
        "callback_urls": list(app.callback_urls),
    }


def create_app(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """roost apps create NAME: prints consumer key/secret, bearer token, client id/secret."""
    rt = runtime_for(settings)
    try:
        owner_id = None
        if args.owner:
            owner_id = users.find_user(rt, screen_name=args.owner).id
        app, bearer = apps.create_app(
            rt,
            args.name,
            website=args.website,
            read_only=args.read_only,
            owner_id=owner_id,
            callback_urls=tuple(args.callback_urls),
            client_type=args.client_type,
        )
    finally:
        rt.store.close()
    return app_keys(app, bearer)


def create_token(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """roost tokens create: authorize an App for a user, print the access token and secret."""
    rt = runtime_for(settings)
    try:
        with rt.store.read() as tx:
            app = tx.app_by_consumer_key(args.consumer_key)
        if app is None:
            raise TwitterError(f"no app with consumer key {args.consumer_key}")
        user = users.find_user(rt, screen_name=args.screen_name.lstrip("@"))
        token = apps.create_access_token(
            rt, app, user.id, Permission.READ if args.read_only else None
        )
    except TwitterError as exc:
        if exc.code == 50:
            raise TwitterError(f"no user with screen name {args.screen_name}") from None
        raise
    finally:
        rt.store.close()
    return {
        "access_token": token.token,
        "access_token_secret": token.secret,
        "user_id": str(user.id),
        "screen_name": user.screen_name,
        "permission": token.permission.value,
    }


def create_session(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """roost sessions create --screen-name NAME: a signed-in web session, as a Cookie header."""
    rt = runtime_for(settings)
    try:
        user = users.find_user(rt, screen_name=args.screen_name.lstrip("@"))
        session = sessions.create_session(rt, user.id)
    except TwitterError as exc:
        if exc.code == 50:
            raise TwitterError(f"no user with screen name {args.screen_name}") from None
        raise
    finally:
        rt.store.close()
    return {
        "cookie": f"{sessions.SESSION_COOKIE}={session.id}",
        "user_id": str(user.id),
        "screen_name": user.screen_name,
        "expires_at": session.expires_at_ms // 1000,
    }
