"""What each public page shows, loaded for a signed-out reader.

Roost's pages have no sign-in: every page is what anyone may see. Protected and suspended
accounts' Tweets are left out by the same services and policy the API uses (a protected
Tweet's permalink answers exactly like one that never existed). Each loader returns a plain
view the templates lay out; ``Moved`` tells the handler to redirect to the canonical URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from roost.domain import accounts
from roost.domain.collections import CollectionRow
from roost.domain.errors import NotAuthorized, PageNotFound
from roost.domain.model import Tweet, User
from roost.render.tweets import TweetOptions, load_tweet_context
from roost.runtime import Runtime
from roost.services import collections as collections_svc
from roost.services import timelines as timelines_svc
from roost.services.search import SearchRequest, search
from roost.web.cards import Card, PageHrefs, card, cards

PAGE_SIZE = 20  # Tweets on a profile, collection or search page (twitter.com showed 20)
_OPTIONS = TweetOptions()


class Moved(Exception):
    """The page lives at another URL (a retweet's permalink, a renamed account)."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


@dataclass
class StatusView:
    """A Tweet's permalink page (or embed): the Tweet and, above it, the one it replies to."""

    card: Card
    parent: Card | None = None


@dataclass
class ProfileView:
    """A profile page: the account, its recent Tweets and the max_id of the next page."""

    user: User
    cards: list[Card] = field(default_factory=list)
    protected: bool = False
    older: int | None = None


@dataclass
class CollectionView:
    """A collection page: the collection, its Tweets in its order, the next page's position."""

    collection: CollectionRow
    owner: User
    cards: list[Card] = field(default_factory=list)
    older: int | None = None


@dataclass
class TimelineEmbedView:
    """An embedded timeline: its header, its newest Tweets, what it says when it has none."""

    title: str
    byline: str | None
    url: str
    cards: list[Card]
    empty: str


@dataclass
class SearchView:
    """A search page: the query, the results and the max_id of the next page."""

    q: str
    cards: list[Card] = field(default_factory=list)
    older: int | None = None


def public_status(rt: Runtime, status_id: int) -> tuple[Tweet, User]:
    """A Tweet anyone may see and its author; PageNotFound for any other (deleted, never
    existed, protected or suspended author)."""
    tweet = rt.store.status_by_id(status_id)
    author = rt.store.user_by_id(tweet.user_id) if tweet is not None else None
    if tweet is None or author is None or author.protected or author.suspended:
        raise PageNotFound()
    return tweet, author


def _cards(rt: Runtime, tweets: list[Tweet], hrefs: PageHrefs, media: bool) -> list[Card]:
    with rt.store.read() as tx:
        ctx = load_tweet_context(tx, None, tweets, _OPTIONS)
    return cards(tweets, ctx, hrefs, media=media)


def status_view(
    rt: Runtime,
    status_id: int,
    hrefs: PageHrefs,
    *,
    screen_name: str | None = None,
    thread: bool = True,
    media: bool = True,
) -> StatusView:
    """The permalink page of ``status_id`` (``screen_name`` None: an embed, which names none).
    A retweet's permalink moves to its original's, a permalink naming another screen name
    moves to the author's (as twitter.com redirected); an embed of a retweet shows the original."""
    tweet, author = public_status(rt, status_id)
    if tweet.retweeted_status_id:
        tweet, author = public_status(rt, tweet.retweeted_status_id)
        if screen_name is not None:  # a page moves to its original; an embed shows it
            raise Moved(hrefs.status(author.screen_name, tweet.id))
    if screen_name is not None and screen_name != author.screen_name:
        raise Moved(hrefs.status(author.screen_name, tweet.id))
    shown = [tweet]
    parent = None
    if thread and tweet.in_reply_to_status_id:
        try:
            parent, _ = public_status(rt, tweet.in_reply_to_status_id)
            shown.append(parent)
        except PageNotFound:
            parent = None
    with rt.store.read() as tx:
        ctx = load_tweet_context(tx, None, shown, _OPTIONS)
    made = card(tweet, ctx, hrefs, media=media)
    if made is None:
        raise PageNotFound()
    above = card(parent, ctx, hrefs, media=media) if parent is not None else None
    return StatusView(made, above)


def profile_view(
    rt: Runtime,
    screen_name: str,
    hrefs: PageHrefs,
    *,
    max_id: int | None = None,
    count: int = PAGE_SIZE,
    media: bool = True,
) -> ProfileView:
    """A profile page: what user_timeline shows a signed-out reader (nothing of a protected
    account but its profile). Unknown or suspended accounts: PageNotFound."""
    if not accounts.is_screen_name(screen_name):
        raise PageNotFound()
    with rt.store.read() as tx:
        user = tx.user_by_screen_name(screen_name)
    if user is None or user.suspended:
        raise PageNotFound()
    if user.screen_name != screen_name:
        raise Moved(hrefs.profile(user.screen_name))
    req = timelines_svc.TimelineRequest(count=count, max_id=max_id)
    try:
        tweets = timelines_svc.user(rt, None, req, user_id=user.id)
    except NotAuthorized:
        return ProfileView(user, protected=True)
    older = tweets[-1].id - 1 if len(tweets) >= count else None
    return ProfileView(user, _cards(rt, tweets, hrefs, media), older=older)


def collection_view(
    rt: Runtime,
    collection_id: int,
    hrefs: PageHrefs,
    *,
    screen_name: str | None = None,
    max_position: int | None = None,
    count: int = PAGE_SIZE,
    media: bool = True,
) -> CollectionView:
    """A collection page: GET collections/entries as a signed-out reader sees it."""
    page = collections_svc.entries(rt, None, collection_id, count=count, max_position=max_position)
    owner = rt.store.user_by_id(page.collection.owner_id)
    if owner is None:
        raise PageNotFound()
    if screen_name is not None and screen_name != owner.screen_name:
        raise Moved(hrefs.collection(owner.screen_name, collection_id))
    with rt.store.read() as tx:
        found = tx.statuses_by_ids([e.status_id for e in page.entries])
    tweets = [found[e.status_id] for e in page.entries if e.status_id in found]
    older = page.min_position if page.was_truncated else None
    return CollectionView(page.collection, owner, _cards(rt, tweets, hrefs, media), older)


def search_view(rt: Runtime, q: str, hrefs: PageHrefs, *, max_id: int | None = None) -> SearchView:
    """A search page: GET search/tweets (recent) as a signed-out reader sees it."""
    if not q.strip():
        return SearchView(q)
    page = search(
        rt, None, SearchRequest(q=q, count=PAGE_SIZE, result_type="recent", max_id=max_id)
    )
    return SearchView(q, _cards(rt, page.statuses, hrefs, True), page.next_max_id)


def timeline_embed_view(
    rt: Runtime,
    hrefs: PageHrefs,
    count: int,
    *,
    collection_id: int | None = None,
    screen_name: str = "",
) -> TimelineEmbedView:
    """What widgets.js shows for an ``a.twitter-timeline``: a collection's newest entries (by
    id), else a profile's newest Tweets (by screen name); PageNotFound when there is neither."""
    if collection_id is not None:
        made = collection_view(rt, collection_id, hrefs, count=count)
        owner = made.owner.screen_name
        return TimelineEmbedView(
            made.collection.name,
            f"Curated Tweets by @{owner}",
            hrefs.collection(owner, collection_id),
            made.cards,
            "This collection is empty.",
        )
    try:
        profile = profile_view(rt, screen_name, hrefs, count=count)
    except Moved:  # an embed names no canonical URL to move to
        raise PageNotFound() from None
    name = profile.user.screen_name
    empty = "These Tweets are protected." if profile.protected else "Nothing to see here yet."
    return TimelineEmbedView(f"Tweets by @{name}", None, hrefs.profile(name), profile.cards, empty)
