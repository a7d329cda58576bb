"""Plain statuses written straight into a store, for store tests that need some to point at."""

from __future__ import annotations

import itertools

from roost.domain.model import Tweet, User
from roost.runtime import Runtime

_serial = itertools.count(1)


def plain_statuses(rt: Runtime, author: User, n: int, label: str = "status") -> list[int]:
    """``n`` statuses by ``author`` (no entities) in one unit of work; their ids, oldest first."""
    made = []
    for _ in range(n):
        text = f"{label} {next(_serial)}"
        made.append(
            Tweet(
                id=rt.next_id(),
                user_id=author.id,
                text=text,
                display_start=0,
                display_end=len(text),
                entities={"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
                source_name="tests",
                source_url="https://roost.test/",
            )
        )
    with rt.store.write() as tx:
        for tweet in made:
            tx.insert_status(tweet)
    return [t.id for t in made]
