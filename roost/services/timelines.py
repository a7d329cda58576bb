"""statuses/home_timeline, user_timeline and mentions_timeline by the rules of the seeds.

The timeline source (roost/timelines) answers the ids of the slice; this module applies what
Twitter applied *after* the count ("suspended or deleted content is removed after the count has
been applied"; exclude_replies and include_rts filter "after" count too), so a page can hold fewer
than ``count`` statuses, as Twitter's did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roost.domain import accounts, policy
from roost.domain.errors import NotAuthorized, PageNotFound
from roost.domain.model import Tweet, User
from roost.runtime import Runtime
from roost.services import visibility
from roost.timelines import Slice

# Twitter's 401 body names the endpoint: {"request": "/1.1/statuses/user_timeline.json", ...}
USER_TIMELINE_PATH = "/1.1/statuses/user_timeline.json"


@dataclass(frozen=True)
class TimelineRequest:
    """The paging and filtering parameters the timeline endpoints share, parsed."""

    count: int = 20
    since_id: int | None = None
    max_id: int | None = None
    exclude_replies: bool = False
    include_rts: bool = True

    def slice(self) -> Slice:
        """The slice of the timeline this request selects."""
        return Slice(self.count, self.since_id, self.max_id)


def home(rt: Runtime, viewer: User, req: TimelineRequest) -> list[Tweet]:
    """GET statuses/home_timeline: the viewer's and their followees' statuses and retweets."""
    ids = rt.timelines.home(viewer.id, req.slice())
    return after_count(rt, viewer.id, ids, req)


def mentions(rt: Runtime, viewer: User, req: TimelineRequest) -> list[Tweet]:
    """GET statuses/mentions_timeline: statuses mentioning the viewer that the viewer may see."""
    ids = rt.timelines.mentions(viewer.id, req.slice())
    return after_count(rt, viewer.id, ids, req)


def user(
    rt: Runtime,
    viewer_id: int | None,
    req: TimelineRequest,
    *,
    user_id: int | None = None,
    screen_name: str | None = None,
) -> list[Tweet]:
    """GET statuses/user_timeline: one account's statuses and retweets. Neither user_id nor
    screen_name means the authenticating user; an unknown account is 404/34; a protected one
    the viewer may not read (or a suspended one) is 401 "Not authorized."."""
    owner = timeline_owner(rt, viewer_id, user_id, screen_name)
    ids = rt.timelines.user(owner.id, req.slice())
    return after_count(rt, viewer_id, ids, req)


def timeline_owner(
    rt: Runtime, viewer_id: int | None, user_id: int | None, screen_name: str | None
) -> User:
    """The account whose user_timeline is asked for, if the viewer may read it."""
    owner = None
    with rt.store.read() as tx:
        if user_id is not None:
            owner = tx.user_by_id(user_id)
        elif screen_name:
            if accounts.is_screen_name(screen_name):
                owner = tx.user_by_screen_name(screen_name)
        elif viewer_id is not None:
            owner = tx.user_by_id(viewer_id)
        if owner is None:  # Twitter answered an unknown account's timeline with 34, not 50
            raise PageNotFound()
        follows = (
            owner.protected
            and viewer_id is not None
            and viewer_id != owner.id
            and tx.friendship(viewer_id, owner.id).following
        )
    if owner.suspended or not policy.can_view_timeline(viewer_id, owner, bool(follows)):
        raise NotAuthorized(USER_TIMELINE_PATH)
    return owner


def after_count(
    rt: Runtime, viewer_id: int | None, ids: Sequence[int], req: TimelineRequest
) -> list[Tweet]:
    """The statuses of ``ids`` in timeline order, less those Twitter removed after the count:
    deleted ones, suspended authors', retweets of statuses the viewer may not see, and replies
    or retweets when the request leaves them out."""
    if not ids:
        return []
    with rt.store.read() as tx:
        found = tx.statuses_by_ids(ids)
        seen = visibility.load(tx, viewer_id, found.values())
    page: list[Tweet] = []
    for status_id in ids:
        tweet = found.get(status_id)
        if tweet is None or not seen.shown(tweet):
            continue
        if tweet.retweeted_status_id is not None:
            if not req.include_rts:
                continue
        elif req.exclude_replies and tweet.in_reply_to_status_id is not None:
            continue
        page.append(tweet)
    return page
