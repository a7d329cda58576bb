"""The named cast of test users every API test shares (DESIGN, Habits).

Each test gets fresh accounts with unique screen names, so tests never see each other's data
and the servers can live for the whole session.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import requests
import tweepy

from roost.domain.model import AccessToken, App, User
from roost.runtime import Runtime
from roost.services import apps, users
from tests.support.clients import signed_session, tweepy_api

_serial = itertools.count(1)


def unique_name(prefix: str) -> str:
    """A screen name no other test uses (at most 15 characters)."""
    return f"{prefix[:6]}{next(_serial):05d}_{id(object()) % 997:03d}"[:15]


@dataclass
class Member:
    """A user with an access token for the cast's App."""

    user: User
    token: AccessToken
    api: tweepy.API

    @property
    def id(self) -> int:
        """The user's id."""
        return self.user.id


@dataclass
class Cast:
    """An App owner, a plain user, a protected user, and an approved follower of the protected one."""

    app: App
    bearer: str
    owner: Member
    plain: Member
    protected: Member
    follower: Member
    hostport: str
    rt: Runtime

    def member(self, user: User, read_only: bool = False) -> Member:
        """Give ``user`` a token for the cast's App and a tweepy client."""
        from roost.domain.model import Permission

        token = apps.create_access_token(
            self.rt, self.app, user.id, Permission.READ if read_only else None
        )
        return Member(
            user,
            token,
            tweepy_api(
                self.hostport,
                self.app.consumer_key,
                self.app.consumer_secret,
                token.token,
                token.secret,
            ),
        )

    def new_member(self, prefix: str = "user", **kwargs: object) -> Member:
        """A fresh account with a token."""
        return self.member(users.create_user(self.rt, unique_name(prefix), **kwargs))  # type: ignore[arg-type]

    def session(self, member: Member | None = None) -> requests.Session:
        """A requests session signed as ``member`` (default: the plain user), for raw calls."""
        member = member or self.plain
        return signed_session(
            self.app.consumer_key, self.app.consumer_secret, member.token.token, member.token.secret
        )

    def app_only(self) -> tweepy.API:
        """tweepy with the App's bearer token."""
        return tweepy_api(
            self.hostport, self.app.consumer_key, self.app.consumer_secret, bearer=self.bearer
        )


def make_cast(rt: Runtime, hostport: str) -> Cast:
    """Create the cast in the server's database."""
    owner_user = users.create_user(rt, unique_name("owner"), name="App Owner")
    app, bearer = apps.create_app(
        rt, "Roost Tests", website="https://roost.test/", owner_id=owner_user.id
    )
    cast = Cast(app, bearer.token, None, None, None, None, hostport, rt)  # type: ignore[arg-type]
    cast.owner = cast.member(owner_user)
    cast.plain = cast.new_member("plain", name="Plain User")
    cast.protected = cast.new_member("prot", name="Protected User", protected=True)
    cast.follower = cast.new_member("fan", name="Approved Follower")
    users.follow(rt, cast.follower.user, cast.protected.user)
    users.answer_request(rt, cast.protected.user, cast.follower.user, approve=True)
    return cast
