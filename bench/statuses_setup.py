"""The statuses benchmark's set-up data, written with Roost's own services before the server starts:
an App, a few users with access tokens, and statuses of theirs with a realistic mix of entities."""

from __future__ import annotations

from dataclasses import dataclass

from bench.signing import OAuthKeys
from bench.stack import fixture_runtime

USERS = 8  # update requests go round them, so no one timeline grows extreme
STATUSES = 50  # statuses/show goes round them
_TAGS = ("roost", "python", "sqlite", "opensource")
# A URL, a hashtag, a mention, a mix of them, and plain text: what statuses/show renders.
_TEMPLATES = (
    "Reading https://example.com/articles/{k} this morning, worth it",
    "Loving the #{tag} meetup tonight, talk number {k}",
    "@{other} have you seen https://example.org/posts/{k}? #{tag}",
    "Status number {k}: plain text, nothing to link, nobody to mention",
    "Good morning @{other} and @{third}! #{tag} day {k} https://example.net/{k}",
)


@dataclass(frozen=True)
class BenchUser:
    """One user of the benchmark: screen name and OAuth keys of the bench App."""

    screen_name: str
    keys: OAuthKeys


@dataclass(frozen=True)
class StatusFixtures:
    """What the set-up wrote: the users and the ids of their statuses."""

    users: tuple[BenchUser, ...]
    status_ids: tuple[int, ...]
    showcase_id: int  # a status with a URL, a hashtag and two mentions


def status_text(k: int, screen_names: list[str]) -> str:
    """The text of set-up status ``k`` (its author is user ``k % len(screen_names)``)."""
    n = len(screen_names)
    return _TEMPLATES[k % len(_TEMPLATES)].format(
        k=k,
        tag=_TAGS[k % len(_TAGS)],
        other=screen_names[(k + 1) % n],
        third=screen_names[(k + 2) % n],
    )


def create_fixtures(
    database_url: str, users: int = USERS, statuses: int = STATUSES
) -> StatusFixtures:
    """An App "Bench", ``users`` users with access tokens and ``statuses`` statuses by them."""
    from roost.services import apps, tweets
    from roost.services import users as accounts

    with fixture_runtime(database_url) as rt:
        app, _bearer = apps.create_app(rt, "Bench", website="https://bench.example")
        people = [
            accounts.create_user(
                rt,
                f"bench_user{k}",
                name=f"Bench User {k}",
                description=f"Benchmark account {k} of Roost #roost",
                location="Benchland",
                url=f"https://bench.example/u{k}",
            )
            for k in range(users)
        ]
        tokens = [apps.create_access_token(rt, app, person.id) for person in people]
        names = [person.screen_name for person in people]
        ids = []
        for k in range(statuses):
            request = tweets.PostRequest(status=status_text(k, names))
            ids.append(tweets.post(rt, people[k % users], app, request).id)
    bench_users = tuple(
        BenchUser(name, OAuthKeys(app.consumer_key, app.consumer_secret, t.token, t.secret))
        for name, t in zip(names, tokens, strict=True)
    )
    showcase = next(k for k in range(statuses) if k % len(_TEMPLATES) == 4)
    return StatusFixtures(bench_users, tuple(ids), ids[showcase])
