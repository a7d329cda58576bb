"""Credentials looked up in the store, kept in memory for a short while.

The CLI and other processes write credentials to the same database; a miss always goes to the
store, so a key created a moment ago works on the next request. Hits are served for at most
``ttl`` seconds; a revocation in this process evicts at once (DESIGN: cache only with invalidation).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from roost.domain.model import AccessToken, App, BearerToken, OAuth2Token
from roost.store.sql import SqlStore

V = TypeVar("V")


class TtlCache(Generic[V]):
    """A small positive-only cache with a time to live."""

    def __init__(
        self,
        ttl: float,
        loader: Callable[[str], V | None],
        max_size: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._loader = loader
        self._max = max_size
        self._clock = clock
        self._items: dict[str, tuple[float, V]] = {}

    def get(self, key: str) -> V | None:
        """The value for ``key``, loading it on a miss or once it has expired."""
        now = self._clock()
        hit = self._items.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = self._loader(key)
        if value is None:
            self._items.pop(key, None)
            return None
        if len(self._items) >= self._max:
            self._items.clear()
        if self._ttl > 0:
            self._items[key] = (now + self._ttl, value)
        return value

    def evict(self, key: str) -> None:
        """Forget ``key`` (after a revocation)."""
        self._items.pop(key, None)

    def clear(self) -> None:
        """Forget everything."""
        self._items.clear()


class Credentials:
    """Apps by consumer key (and OAuth 2.0 client id), user tokens of OAuth 1.0a and OAuth 2.0
    and app-only bearer tokens, with short-lived caching."""

    def __init__(self, store: SqlStore, ttl: float) -> None:
        self._store = store
        self.apps: TtlCache[App] = TtlCache(ttl, self._load_app)
        self.apps_by_id: TtlCache[App] = TtlCache(ttl, self._load_app_by_id)
        self.tokens: TtlCache[AccessToken] = TtlCache(ttl, self._load_token)
        self.bearers: TtlCache[BearerToken] = TtlCache(ttl, self._load_bearer)
        self.apps_by_client_id: TtlCache[App] = TtlCache(ttl, self._load_app_by_client_id)
        self.oauth2_tokens: TtlCache[OAuth2Token] = TtlCache(ttl, self._load_oauth2_token)

    def _load_app(self, consumer_key: str) -> App | None:
        with self._store.read() as tx:
            return tx.app_by_consumer_key(consumer_key)

    def _load_app_by_id(self, app_id: str) -> App | None:
        with self._store.read() as tx:
            return tx.app_by_id(int(app_id))

    def _load_token(self, token: str) -> AccessToken | None:
        with self._store.read() as tx:
            return tx.access_token(token)

    def _load_bearer(self, token: str) -> BearerToken | None:
        with self._store.read() as tx:
            return tx.bearer_token(token)

    def _load_app_by_client_id(self, client_id: str) -> App | None:
        with self._store.read() as tx:
            return tx.app_by_client_id(client_id)

    def _load_oauth2_token(self, access_token: str) -> OAuth2Token | None:
        with self._store.read() as tx:
            return tx.oauth2_token(access_token)

    def app(self, consumer_key: str) -> App | None:
        """The App with this consumer key."""
        return self.apps.get(consumer_key)

    def app_by_id(self, app_id: int) -> App | None:
        """The App with this id."""
        return self.apps_by_id.get(str(app_id))

    def token(self, token: str) -> AccessToken | None:
        """The user access token with this public half."""
        return self.tokens.get(token)

    def bearer(self, token: str) -> BearerToken | None:
        """The bearer token with this value."""
        return self.bearers.get(token)

    def app_by_client_id(self, client_id: str) -> App | None:
        """The App with this OAuth 2.0 client id."""
        return self.apps_by_client_id.get(client_id)

    def oauth2_token(self, access_token: str) -> OAuth2Token | None:
        """The OAuth 2.0 user access token with this value (expired ones too: the caller checks)."""
        return self.oauth2_tokens.get(access_token)

    def forget(self, app: App | None = None, tokens: Iterable[str] = ()) -> None:
        """Evict what a revocation or regeneration in this process made stale: an App (by its
        id, consumer key and client id) and token values of any kind (OAuth 1.0a and OAuth 2.0
        user access tokens, bearer tokens). Other processes see the change within ``ttl``
        seconds."""
        if app is not None:
            self.apps.evict(app.consumer_key)
            self.apps_by_id.evict(str(app.id))
            self.apps_by_client_id.evict(app.client_id)
        for value in tokens:
            self.tokens.evict(value)
            self.bearers.evict(value)
            self.oauth2_tokens.evict(value)
