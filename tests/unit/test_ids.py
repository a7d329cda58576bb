"""Snowflake ids (roost/domain/ids.py): Twitter's layout, strictly increasing whatever the clock does."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roost.domain.ids import (
    MAX_ID,
    MAX_WORKER,
    SEQUENCE_BITS,
    TWITTER_EPOCH_MS,
    WORKER_BITS,
    SnowflakeGenerator,
    lowest_id_at,
    parse_id,
    timestamp_ms,
)

NOW = 1_700_000_000_000  # 2023-11-14, any time after the Twitter epoch


def frozen(ms: int = NOW) -> Callable[[], int]:
    return lambda: ms


def scripted(values: list[int]) -> Callable[[], int]:
    """A clock that answers ``values`` in turn, then keeps the last one."""
    it: Iterator[int] = iter(values)
    last = [values[0]]

    def clock() -> int:
        last[0] = next(it, last[0])
        return last[0]

    return clock


def worker_of(snowflake: int) -> int:
    return (snowflake >> SEQUENCE_BITS) & ((1 << WORKER_BITS) - 1)


def sequence_of(snowflake: int) -> int:
    return snowflake & ((1 << SEQUENCE_BITS) - 1)


def test_layout_constants_are_twitters() -> None:
    assert TWITTER_EPOCH_MS == 1288834974657
    assert WORKER_BITS + SEQUENCE_BITS == 22
    assert MAX_WORKER == 1023


def test_decodes_a_real_twitter_id() -> None:
    # Tweet 1149868020346556416 was posted Sat Jul 13 02:27:54.222 UTC 2019.
    assert timestamp_ms(1149868020346556416) == 1562984874222
    assert timestamp_ms(0) == TWITTER_EPOCH_MS


def test_strictly_increasing_under_a_frozen_clock() -> None:
    gen = SnowflakeGenerator(3, frozen())
    ids = [gen.next_id() for _ in range(3000)]
    assert all(a < b for a, b in zip(ids, ids[1:], strict=False))
    assert {timestamp_ms(i) for i in ids} == {NOW}
    assert [sequence_of(i) for i in ids[:3]] == [0, 1, 2]
    assert all(worker_of(i) == 3 for i in ids)


def test_first_id_of_a_millisecond_has_sequence_zero() -> None:
    gen = SnowflakeGenerator(0, scripted([NOW, NOW, NOW + 5]))
    a, b, c = gen.next_id(), gen.next_id(), gen.next_id()
    assert (sequence_of(a), sequence_of(b), sequence_of(c)) == (0, 1, 0)
    assert timestamp_ms(c) == NOW + 5
    assert a == (NOW - TWITTER_EPOCH_MS) << 22


def test_sequence_rollover_borrows_the_next_millisecond() -> None:
    gen = SnowflakeGenerator(7, frozen())
    ids = [gen.next_id() for _ in range(4096 * 2 + 10)]
    assert all(a < b for a, b in zip(ids, ids[1:], strict=False))
    assert len(set(ids)) == len(ids)
    # 4096 ids fit in one millisecond; the 4097th is minted in the next one, sequence 0
    assert timestamp_ms(ids[4095]) == NOW and sequence_of(ids[4095]) == 4095
    assert timestamp_ms(ids[4096]) == NOW + 1 and sequence_of(ids[4096]) == 0
    assert timestamp_ms(ids[8192]) == NOW + 2
    assert all(worker_of(i) == 7 for i in ids)


def test_real_clock_catching_up_with_a_borrowed_millisecond_never_repeats() -> None:
    clock_values = [NOW] * 4097 + [NOW + 1] * 5 + [NOW + 2]
    gen = SnowflakeGenerator(1, scripted(clock_values))
    ids = [gen.next_id() for _ in range(len(clock_values))]
    assert len(set(ids)) == len(ids)
    assert all(a < b for a, b in zip(ids, ids[1:], strict=False))
    assert timestamp_ms(ids[-1]) == NOW + 2 and sequence_of(ids[-1]) == 0


def test_clock_going_backwards_never_repeats_ids() -> None:
    gen = SnowflakeGenerator(5, scripted([NOW, NOW + 10, NOW - 1000, NOW - 1, NOW + 10, NOW + 11]))
    ids = [gen.next_id() for _ in range(6)]
    assert all(a < b for a, b in zip(ids, ids[1:], strict=False))
    # while the clock is behind, ids continue in the last millisecond seen
    assert [timestamp_ms(i) for i in ids] == [NOW, NOW + 10, NOW + 10, NOW + 10, NOW + 10, NOW + 11]


@settings(max_examples=50, deadline=None)
@given(
    worker=st.integers(0, MAX_WORKER),
    steps=st.lists(st.integers(-50, 50), min_size=1, max_size=300),
)
def test_any_clock_gives_strictly_increasing_ids(worker: int, steps: list[int]) -> None:
    values, now = [], NOW
    for step in steps:
        now += step
        values.append(now)
    gen = SnowflakeGenerator(worker, scripted(values))
    ids = [gen.next_id() for _ in values]
    assert all(a < b for a, b in zip(ids, ids[1:], strict=False))
    assert all(worker_of(i) == worker for i in ids)
    assert timestamp_ms(ids[-1]) >= max(values)


@pytest.mark.parametrize("worker", [0, 1, 512, MAX_WORKER])
def test_worker_bits(worker: int) -> None:
    a = SnowflakeGenerator(worker, frozen()).next_id()
    assert worker_of(a) == worker
    assert sequence_of(a) == 0
    assert timestamp_ms(a) == NOW


def test_different_workers_never_collide_in_the_same_millisecond() -> None:
    gens = [SnowflakeGenerator(w, frozen()) for w in (0, 1, 2)]
    ids = [g.next_id() for g in gens for _ in range(100)]
    assert len(set(ids)) == 300


@pytest.mark.parametrize("worker", [-1, MAX_WORKER + 1, 4096])
def test_worker_out_of_range_is_refused(worker: int) -> None:
    with pytest.raises(ValueError, match="worker id"):
        SnowflakeGenerator(worker, frozen())


def test_thread_safe() -> None:
    gen = SnowflakeGenerator(9, frozen())
    out: list[list[int]] = [[] for _ in range(8)]

    def mint(bucket: list[int]) -> None:
        for _ in range(2000):
            bucket.append(gen.next_id())

    threads = [threading.Thread(target=mint, args=(b,)) for b in out]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = [i for bucket in out for i in bucket]
    assert len(set(everything)) == 16000
    for bucket in out:  # each thread sees its own ids increase
        assert bucket == sorted(bucket)


def test_lowest_id_at() -> None:
    assert lowest_id_at(TWITTER_EPOCH_MS) == 0
    assert lowest_id_at(TWITTER_EPOCH_MS - 10_000) == 0  # before the epoch: clamped
    assert lowest_id_at(1562984874222) == 1149868020346556416 & ~((1 << 22) - 1)
    assert lowest_id_at(1562984874222) <= 1149868020346556416 < lowest_id_at(1562984874223)


@given(st.integers(TWITTER_EPOCH_MS, TWITTER_EPOCH_MS + (1 << 41) - 1))
def test_lowest_id_at_bounds_every_id_of_that_millisecond(unix_ms: int) -> None:
    low = lowest_id_at(unix_ms)
    assert timestamp_ms(low) == unix_ms
    assert timestamp_ms(low - 1) == unix_ms - 1 or low == 0
    # the last id of the millisecond (any worker, any sequence) is still below the next one
    assert lowest_id_at(unix_ms) + (1 << 22) - 1 < lowest_id_at(unix_ms + 1)
    gen = SnowflakeGenerator(MAX_WORKER, frozen(unix_ms))
    minted = gen.next_id()
    assert low <= minted < lowest_id_at(unix_ms + 1)


@given(st.integers(min_value=0, max_value=MAX_ID))
def test_parse_id_reads_every_64_bit_id(n: int) -> None:
    assert parse_id(str(n)) == n
    assert parse_id("00" + str(n)) == n  # leading zeros are still that number


@pytest.mark.parametrize(
    "value",
    [
        "",
        "-1",
        "+1",
        " 1",
        "1.0",
        "1e3",
        "²",
        "①",
        "１２",
        str(MAX_ID + 1),
        "9" * 20,
        "9" * 5000,
        None,
        7,
    ],
)
def test_parse_id_refuses_what_is_not_a_64_bit_id(value: object) -> None:
    assert parse_id(value) is None


def test_parse_id_minimum() -> None:
    assert parse_id("0", minimum=1) is None
    assert parse_id("1", minimum=1) == 1
