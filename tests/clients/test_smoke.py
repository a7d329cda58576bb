"""The shortest path through the whole stack: tweepy -> OAuth -> store -> User object."""

from __future__ import annotations

from tests.support.cast import Cast


def test_verify_credentials_through_tweepy(cast: Cast) -> None:
    me = cast.plain.api.verify_credentials()
    assert me.id == cast.plain.id
    assert me.screen_name == cast.plain.user.screen_name
