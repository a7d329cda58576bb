"""Collections' rules (roost/domain/collections.py): ids, parameters, curate changes, keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roost.domain import collections as rules
from roost.domain.collections import Change, ChangeError
from roost.domain.errors import ParameterInvalid, ParameterMissing
from roost.domain.model import User


def test_timeline_ids_round_trip_and_bad_ones_are_refused() -> None:
    assert rules.format_timeline_id(539487832448843776) == "custom-539487832448843776"
    assert rules.parse_timeline_id("custom-539487832448843776") == 539487832448843776
    assert rules.parse_timeline_id(" 388061495298244609 ") == 388061495298244609
    for bad in ("custom-", "custom-x1", "list-12", "custom--1", "custom-0", "١٢", str(1 << 63)):
        with pytest.raises(ParameterInvalid):
            rules.parse_timeline_id(bad)
    for missing in (None, "", "  "):
        with pytest.raises(ParameterMissing):
            rules.parse_timeline_id(missing)


def test_name_description_and_url_limits() -> None:
    assert rules.check_name("  Sweet Tweets ") == "Sweet Tweets"
    assert rules.check_name("x" * 25) == "x" * 25
    with pytest.raises(ParameterInvalid):
        rules.check_name("x" * 26)
    with pytest.raises(ParameterMissing):
        rules.check_name(" ")
    assert rules.check_description(None) == ""
    assert rules.check_description("d" * 160) == "d" * 160
    with pytest.raises(ParameterInvalid):
        rules.check_description("d" * 161)
    assert rules.check_url(None) == ""
    assert rules.check_url("https://example.com/") == "https://example.com/"
    for bad in ("example.com", "ftp://example.com/", "https://", "https://" + "a" * 250 + ".com"):
        with pytest.raises(ParameterInvalid):
            rules.check_url(bad)


def test_timeline_order_defaults_to_curation() -> None:
    assert rules.check_timeline_order(None) == "curation_reverse_chron"
    assert rules.check_timeline_order("Tweet_Chron") == "tweet_chron"
    assert rules.check_timeline_order("tweet_reverse_chron") == "tweet_reverse_chron"
    with pytest.raises(ParameterInvalid):
        rules.check_timeline_order("newest")


def test_count_is_bounded() -> None:
    assert rules.clamp_count(None) == rules.COUNT_DEFAULT
    assert rules.clamp_count(0) == 1
    assert rules.clamp_count(500) == 200


def test_curate_changes_are_validated() -> None:
    body = [{"op": "add", "tweet_id": "390897780949925889"}, {"op": "remove", "tweet_id": 7}]
    assert rules.parse_changes(body) == [
        Change("add", 390897780949925889),
        Change("remove", 7),
    ]
    assert len(rules.parse_changes([{"op": "add", "tweet_id": "1"}] * 100)) == 100
    with pytest.raises(ParameterMissing):
        rules.parse_changes(None)
    for bad in (
        [],
        [{"op": "add", "tweet_id": "1"}] * 101,
        [{"op": "move", "tweet_id": "1"}],
        [{"op": "add"}],
        [{"op": "add", "tweet_id": "abc"}],
        [{"op": "add", "tweet_id": True}],
        [{"op": "add", "tweet_id": -3}],
        "add",
        [["add", "1"]],
    ):
        with pytest.raises(ParameterInvalid):
            rules.parse_changes(bad)


def test_change_errors_have_the_seeds_shape() -> None:
    error = ChangeError(Change("add", 390890231215292416), "duplicate")
    assert error.body() == {
        "change": {"op": "add", "tweet_id": "390890231215292416"},
        "reason": "duplicate",
    }


def test_protected_and_suspended_authors_cannot_be_collected() -> None:
    plain = User(id=1, screen_name="a", name="a", created_at_ms=0)
    assert rules.can_collect(plain)
    assert not rules.can_collect(
        User(id=2, screen_name="b", name="b", created_at_ms=0, protected=True)
    )
    assert not rules.can_collect(
        User(id=3, screen_name="c", name="c", created_at_ms=0, suspended=True)
    )


def test_tweet_orders_keys() -> None:
    assert rules.tweet_sort_index("tweet_reverse_chron", 10) > rules.tweet_sort_index(
        "tweet_reverse_chron", 5
    )
    # tweet_chron: highest key first is the oldest tweet first, and keys stay positive
    assert rules.tweet_sort_index("tweet_chron", 5) > rules.tweet_sort_index("tweet_chron", 10)
    assert rules.tweet_sort_index("tweet_chron", rules.MAX_SORT_INDEX - 1) == 1


def test_place_between() -> None:
    assert rules.place_between(None, None) == rules.GAP
    assert rules.place_between(rules.GAP, None) == 2 * rules.GAP
    assert rules.place_between(10, 20) == 15
    assert rules.place_between(None, 2) == 1
    assert rules.place_between(10, 11) is None
    assert rules.place_between(None, 1) is None
    assert rules.place_between(rules.MAX_SORT_INDEX - 5, None) is None
    assert rules.renumber(3) == [rules.GAP, 2 * rules.GAP, 3 * rules.GAP]


@given(st.lists(st.tuples(st.integers(0, 50), st.booleans()), max_size=60))
def test_sparse_keys_keep_the_curated_order(inserts: list[tuple[int, bool]]) -> None:
    """Insert next to random entries (renumbering when a gap is used up): the keys always
    sort as the list a curator would see, the one reference order."""
    keys: list[int] = [rules.GAP]  # highest first
    order: list[str] = ["e0"]
    for n, (pick, above) in enumerate(inserts, 1):
        i = pick % len(keys)
        below_key, above_key = rules.neighbours(keys, keys[i], above)
        key = rules.place_between(below_key, above_key)
        if key is None:
            keys = list(reversed(rules.renumber(len(keys))))
            below_key, above_key = rules.neighbours(keys, keys[i], above)
            key = rules.place_between(below_key, above_key)
        assert key is not None and key > 0
        at = i if above else i + 1
        keys.insert(at, key)
        order.insert(at, f"e{n}")
        assert keys == sorted(keys, reverse=True) and len(set(keys)) == len(keys)
