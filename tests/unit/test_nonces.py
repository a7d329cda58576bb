"""OAuth 1.0a replay protection (roost/auth/nonces.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from roost.auth.nonces import MemoryNonceStore

T0 = 1_700_000_000.0
WINDOW = 600


def test_first_claim_is_accepted_and_a_replay_refused() -> None:
    nonces = MemoryNonceStore(WINDOW)
    assert nonces.claim("ck\0tok\0123\0abc", T0) is True
    assert nonces.claim("ck\0tok\0123\0abc", T0) is False
    assert nonces.claim("ck\0tok\0123\0abc", T0 + 1) is False


def test_other_keys_are_independent() -> None:
    nonces = MemoryNonceStore(WINDOW)
    assert nonces.claim("a", T0)
    assert nonces.claim("b", T0)
    assert nonces.claim("A", T0)  # keys are exact
    assert not nonces.claim("a", T0 + 5)
    assert not nonces.claim("b", T0 + 5)


def test_replay_refused_for_the_whole_window_either_side() -> None:
    """A timestamp may be ``window`` old or ``window`` ahead: a nonce must be kept for 2 windows."""
    nonces = MemoryNonceStore(WINDOW)
    assert nonces.claim("n", T0)
    for later in (T0 + WINDOW, T0 + WINDOW + 1, T0 + 2 * WINDOW - 0.001):
        assert nonces.claim("n", later) is False


def test_accepted_again_after_expiry_and_then_refused_again() -> None:
    nonces = MemoryNonceStore(WINDOW)
    assert nonces.claim("n", T0)
    assert nonces.claim("n", T0 + 2 * WINDOW) is True
    assert nonces.claim("n", T0 + 2 * WINDOW + 1) is False
    assert nonces.claim("n", T0 + 4 * WINDOW) is True


def test_expiry_only_forgets_old_nonces() -> None:
    nonces = MemoryNonceStore(10)
    assert nonces.claim("old", T0)
    assert nonces.claim("new", T0 + 15)
    # at T0 + 20 "old" has expired, "new" (claimed at +15) has not
    assert nonces.claim("old", T0 + 20) is True
    assert nonces.claim("new", T0 + 20) is False
    assert nonces.claim("new", T0 + 35) is True


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 50)), max_size=60))
def test_matches_a_model_of_the_rule(events: list[tuple[str, int]]) -> None:
    """A key is refused iff it was accepted less than two windows before (monotonic clock)."""
    window = 5
    nonces = MemoryNonceStore(window)
    accepted_at: dict[str, float] = {}
    now = T0
    for key, step in events:
        now += step
        expected = key not in accepted_at or now >= accepted_at[key] + 2 * window
        assert nonces.claim(key, now) is expected
        if expected:
            accepted_at[key] = now
