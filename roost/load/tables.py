"""The loaded rows of every table but ``statuses`` (``rows.py``), as the store writes them.

Each builder yields tuples in the order of its ``*_COLUMNS`` list, which must name exactly the
table's columns (``check_columns``): a column added to the schema fails the load loudly instead
of being left to its default. Values are what ``store/sql.py`` inserts: booleans as booleans,
JSON columns as JSON text, every count the tally of the rows that count it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson
import sqlalchemy as sa

from roost.domain.model import AccessToken, App, BearerToken
from roost.load.graph import Edges
from roost.load.rows import STATUS_FIELDS
from roost.load.words import LANGS
from roost.load.world import World
from roost.store import schema as t

USER_COLUMNS = (
    "id", "screen_name", "screen_name_lower", "name", "description", "location", "url",
    "protected", "verified", "geo_enabled", "allow_media_tagging", "possibly_sensitive",
    "suspended", "lang", "time_zone", "profile_image_url", "followers_count", "friends_count",
    "listed_count", "favourites_count", "statuses_count", "settings", "password_hash",
    "created_at_ms", "withheld_in_countries",
)  # fmt: skip
APP_COLUMNS = (
    "id", "name", "website", "consumer_key", "consumer_secret", "client_id", "client_secret",
    "client_type", "permission", "callback_urls", "owner_id", "created_at_ms", "project_id",
    "oauth2_enabled",
)  # fmt: skip
BEARER_COLUMNS = ("token", "app_id", "created_at_ms")
ACCESS_TOKEN_COLUMNS = ("token", "secret", "app_id", "user_id", "permission", "created_at_ms")
FOLLOW_COLUMNS = ("follower_id", "followee_id", "id", "created_at_ms")
REQUEST_COLUMNS = ("requester_id", "target_id", "id", "created_at_ms")
FAVORITE_COLUMNS = ("user_id", "status_id", "id", "created_at_ms")
STATUS_COLUMNS = tuple(STATUS_FIELDS)
MENTION_COLUMNS = ("user_id", "status_id")
TCO_COLUMNS = ("code", "url")

COLUMNS: dict[str, tuple[str, ...]] = {
    "users": USER_COLUMNS,
    "apps": APP_COLUMNS,
    "bearer_tokens": BEARER_COLUMNS,
    "access_tokens": ACCESS_TOKEN_COLUMNS,
    "follows": FOLLOW_COLUMNS,
    "follow_requests": REQUEST_COLUMNS,
    "favorites": FAVORITE_COLUMNS,
    "statuses": STATUS_COLUMNS,
    "status_mentions": MENTION_COLUMNS,
    "tco_links": TCO_COLUMNS,
}


def check_columns(table: sa.Table, columns: tuple[str, ...] | list[str]) -> None:
    """Fail unless ``columns`` are exactly the table's."""
    if sorted(columns) != sorted(c.name for c in table.columns):
        raise RuntimeError(f"roost load does not know every column of {table.name}")


def user_rows(world: World) -> Iterator[tuple[Any, ...]]:
    """``users``, oldest account first."""
    u, g = world.users, world.graph
    settings = orjson.dumps({}).decode()
    for i in range(len(u)):
        yield (
            u.ids[i],
            u.screen_names[i],
            u.screen_names[i].lower(),
            u.names[i],
            u.descriptions[i],
            u.locations[i],
            u.urls[i],
            bool(u.protected[i]),
            bool(u.verified[i]),
            bool(u.geo_enabled[i]),
            "all",
            bool(u.sensitive[i]),
            False,
            LANGS[u.langs[i]],
            None,
            None,
            g.followers_count[i],
            g.friends_count[i],
            0,
            world.likes.favourites_count[i],
            world.statuses.statuses_count[i],
            settings,
            None,
            u.created[i],
            None,
        )


def app_row(app: App) -> tuple[Any, ...]:
    """The App (``SqlTx.insert_app``)."""
    return (
        app.id,
        app.name,
        app.website,
        app.consumer_key,
        app.consumer_secret,
        app.client_id,
        app.client_secret,
        app.client_type,
        app.permission.value,
        orjson.dumps(list(app.callback_urls)).decode(),
        app.owner_id,
        app.created_at_ms,
        app.project_id,
        app.oauth2_enabled,
    )


def bearer_row(token: BearerToken) -> tuple[Any, ...]:
    """The App's bearer token."""
    return (token.token, token.app_id, token.created_at_ms)


def access_token_row(token: AccessToken) -> tuple[Any, ...]:
    """A sample account's access token."""
    return (
        token.token,
        token.secret,
        token.app_id,
        token.user_id,
        token.permission.value,
        token.created_at_ms,
    )


def edge_rows(world: World, edges: Edges, start: int, stop: int) -> Iterator[tuple[Any, ...]]:
    """``follows`` or ``follow_requests`` rows ``start``..``stop``."""
    ids = world.users.ids
    source, target, edge_ids, times = edges.source, edges.target, edges.ids, edges.times
    for e in range(start, min(stop, len(edges))):
        yield ids[source[e]], ids[target[e]], edge_ids[e], times[e]


def favorite_rows(world: World, which: Iterable[int]) -> Iterator[tuple[Any, ...]]:
    """``favorites``: the likes numbered ``which``."""
    ids, sids, likes = world.users.ids, world.statuses.ids, world.likes
    for j in which:
        yield ids[likes.user[j]], sids[likes.status[j]], likes.ids[j], likes.times[j]


for _name, _columns in COLUMNS.items():
    check_columns(t.metadata.tables[_name], _columns)
