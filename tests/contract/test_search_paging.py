"""Paging search results by next_results' max_id visits every match once, while statuses keep
arriving and being deleted (a property test on both stores, through services.search)."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roost.domain.model import App, User
from roost.runtime import Runtime
from roost.services import apps, search, tweets, users

_serial = itertools.count(1)


def _post(rt: Runtime, user: User, app: App, text: str) -> int:
    return tweets.post(rt, users.reload(rt, user.id), app, tweets.PostRequest(status=text)).id


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    n=st.integers(0, 30),
    count=st.integers(1, 7),
    hidden=st.sets(st.integers(0, 29), max_size=8),
    events=st.lists(st.tuples(st.booleans(), st.integers(0, 29)), max_size=12),
    result_type=st.sampled_from(["recent", "mixed"]),
)
def test_pages_hold_every_match_once_while_statuses_come_and_go(
    runtime: Runtime,
    n: int,
    count: int,
    hidden: set[int],
    events: list[tuple[bool, int]],
    result_type: str,
) -> None:
    rt = runtime
    serial = next(_serial)
    word = f"pagingword{serial}"
    app, _ = apps.create_app(rt, f"Paging {serial}")
    viewer = users.create_user(rt, f"pgv{serial}")
    public = users.create_user(rt, f"pgp{serial}")
    locked = users.create_user(rt, f"pgl{serial}", protected=True)
    made = []
    for i in range(n):
        author = locked if i in hidden else public
        made.append((_post(rt, author, app, f"{word} number {i}"), author.id == locked.id))
    expected = [sid for sid, secret in reversed(made) if not secret]
    seen: list[int] = []
    deleted: set[int] = set()
    arrived: set[int] = set()
    max_id = None
    pending = list(events)
    while True:
        req = search.SearchRequest(q=word, count=count, result_type=result_type, max_id=max_id)
        page = search.search(rt, viewer.id, req)
        seen.extend(t.id for t in page.statuses)
        if page.next_max_id is None:
            break
        max_id = page.next_max_id
        if pending:  # between pages: a new status arrives, or an unseen one is deleted
            arrive, k = pending.pop(0)
            if arrive:
                arrived.add(_post(rt, public, app, f"{word} late {len(arrived)}"))
            elif k < len(made) and made[k][0] not in seen and made[k][0] not in deleted:
                sid = made[k][0]
                author = users.reload(rt, locked.id if made[k][1] else public.id)
                tweets.destroy(rt, author, sid)
                deleted.add(sid)
    assert len(seen) == len(set(seen))  # no status twice
    assert not set(seen) & arrived  # nothing newer than the first page slips in
    assert sorted(seen, reverse=True) == [s for s in expected if s not in deleted]
