"""The credential cache (roost/auth/credentials.py TtlCache): misses always load, hits expire."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from roost.auth.credentials import TtlCache


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Source:
    """The backing store: a dict, counting every load."""

    def __init__(self, **values: str) -> None:
        self.values: dict[str, str] = dict(values)
        self.loads: list[str] = []

    def load(self, key: str) -> str | None:
        self.loads.append(key)
        return self.values.get(key)


def cache(
    source: Source, ttl: float = 5.0, clock: Callable[[], float] | None = None, **kw: int
) -> TtlCache[str]:
    return TtlCache(ttl, source.load, clock=clock or Clock(), **kw)


def test_a_miss_is_never_remembered() -> None:
    """A credential created right after a miss works on the next request."""
    source = Source()
    c = cache(source)
    assert c.get("key") is None
    assert c.get("key") is None
    source.values["key"] = "created by the CLI"
    assert c.get("key") == "created by the CLI"
    assert source.loads == ["key", "key", "key"]


def test_hits_are_served_from_memory_within_the_ttl() -> None:
    source, clock = Source(k="v1"), Clock()
    c = cache(source, ttl=5, clock=clock)
    assert c.get("k") == "v1"
    source.values["k"] = "v2"
    clock.now += 4.999
    assert c.get("k") == "v1"  # still cached
    assert source.loads == ["k"]


def test_hits_expire_after_the_ttl() -> None:
    source, clock = Source(k="v1"), Clock()
    c = cache(source, ttl=5, clock=clock)
    assert c.get("k") == "v1"
    source.values["k"] = "v2"
    clock.now += 5  # exactly at the end of the TTL the value is stale
    assert c.get("k") == "v2"
    clock.now += 4
    assert c.get("k") == "v2"
    assert source.loads == ["k", "k"]


def test_an_expired_value_that_is_gone_is_forgotten() -> None:
    source, clock = Source(k="v1"), Clock()
    c = cache(source, ttl=5, clock=clock)
    assert c.get("k") == "v1"
    del source.values["k"]  # revoked by another process
    assert c.get("k") == "v1"  # within the TTL: bounded staleness
    clock.now += 6
    assert c.get("k") is None
    source.values["k"] = "v3"
    assert c.get("k") == "v3"  # the None was not cached


def test_evict_forces_the_next_get_to_load() -> None:
    source = Source(k="v1", other="o")
    c = cache(source)
    assert c.get("k") == "v1" and c.get("other") == "o"
    source.values["k"] = "v2"
    c.evict("k")
    c.evict("never-seen")  # evicting an unknown key is fine
    assert c.get("k") == "v2"
    assert c.get("other") == "o"  # only that key was evicted
    assert source.loads == ["k", "other", "k"]


def test_clear_forgets_everything() -> None:
    source = Source(a="1", b="2")
    c = cache(source)
    c.get("a"), c.get("b")
    c.clear()
    c.get("a"), c.get("b")
    assert source.loads == ["a", "b", "a", "b"]


def test_ttl_zero_never_caches() -> None:
    source = Source(k="v")
    c = cache(source, ttl=0)
    for _ in range(3):
        assert c.get("k") == "v"
    assert source.loads == ["k", "k", "k"]


def test_keys_are_cached_separately() -> None:
    source = Source(a="1", b="2")
    c = cache(source)
    assert (c.get("a"), c.get("b"), c.get("a"), c.get("b")) == ("1", "2", "1", "2")
    assert source.loads == ["a", "b"]


def test_a_full_cache_starts_over_but_keeps_answering_right() -> None:
    source = Source(**{f"k{i}": f"v{i}" for i in range(10)})
    c = cache(source, max_size=3)
    for i in range(10):
        assert c.get(f"k{i}") == f"v{i}"
    for i in range(10):
        assert c.get(f"k{i}") == f"v{i}"
    assert len(source.loads) > 10  # some were dropped to stay within max_size
    assert len(c._items) <= 3


@pytest.mark.parametrize("ttl", [0.5, 5.0, 300.0])
def test_each_entry_has_its_own_expiry(ttl: float) -> None:
    source, clock = Source(a="1", b="2"), Clock()
    c = cache(source, ttl=ttl, clock=clock)
    c.get("a")
    clock.now += ttl / 2
    c.get("b")
    clock.now += ttl / 2  # "a" expires now, "b" only later
    c.get("a"), c.get("b")
    assert source.loads == ["a", "b", "a"]
