"""The hot-path user cache: this store's writes are seen at once, others' within the TTL."""

from __future__ import annotations

import time

from roost.runtime import Runtime
from roost.services import users
from roost.store import open_store


def test_own_writes_are_read_at_once(runtime: Runtime) -> None:
    a = users.create_user(runtime, "cache_a")
    b = users.create_user(runtime, "cache_b")
    assert runtime.store.user_by_id(a.id).friends_count == 0  # now cached
    users.follow(runtime, a, b)
    assert runtime.store.user_by_id(a.id).friends_count == 1
    assert runtime.store.user_by_id(b.id).followers_count == 1
    users.update_settings(runtime, a, geo_enabled=True)
    assert runtime.store.user_by_id(a.id).geo_enabled is True


def test_another_process_writes_show_within_the_ttl(runtime: Runtime) -> None:
    url = runtime.settings.database_url
    reader = open_store(url, migrate=False, user_cache_ttl=0.3)
    try:
        a = users.create_user(runtime, "cache_c")
        assert reader.user_by_id(a.id).protected is False
        users.update_settings(runtime, a, protected=True)  # through another store
        assert reader.user_by_id(a.id).protected is False  # still the cached copy
        time.sleep(0.35)
        assert reader.user_by_id(a.id).protected is True
    finally:
        reader.close()


def test_ttl_zero_never_caches(runtime: Runtime) -> None:
    reader = open_store(runtime.settings.database_url, migrate=False, user_cache_ttl=0)
    try:
        a = users.create_user(runtime, "cache_d")
        assert reader.user_by_id(a.id).geo_enabled is False
        users.update_settings(runtime, a, geo_enabled=True)
        assert reader.user_by_id(a.id).geo_enabled is True
    finally:
        reader.close()


def test_unknown_user_is_not_cached(runtime: Runtime) -> None:
    assert runtime.store.user_by_id(12345) is None
