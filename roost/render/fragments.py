"""Rendered Tweets kept as JSON bytes, with holes where the viewer's flags go.

A page of Tweets is mostly the same bytes for everyone: only ``favorited``, ``retweeted`` and,
in each embedded User, ``following``, ``follow_request_sent`` and ``notifications`` depend on
who asks. A Tweet is rendered once with a marker string in each of those places, serialized,
and cut at the markers; serving it again is filling the holes and joining bytes, handed to
orjson as a ``Fragment``.

An entry is reused only while every object it was built from (the status, its author, its
media, the retweeted and quoted statuses and their authors) is the same object or an equal one:
the store's caches keep handing out the same objects until a write changes them, so the check
is a few identity comparisons, and a changed row simply renders afresh.
"""

from __future__ import annotations

import operator
import re
import secrets
from dataclasses import dataclass, replace
from typing import Any

import orjson

from roost.domain.model import Tweet, User
from roost.render.context import Viewer
from roost.render.tweets import TweetContext, TweetOptions, tweet_v1

MAX_ENTRIES = 10_000  # then the cache starts over (a Tweet with its User is ~2-4 KB)

# A per-process random marker, so no text a user posts can be taken for a hole.
_MARK = "\x00" + secrets.token_hex(8)
_HOLE = re.compile(rb'"\\u0000' + _MARK[1:].encode() + rb"(\d):(\d+)\"")

# The kinds of hole, as indexes into the page's sets of ids (see _fill).
FAVORITED, RETWEETED, FOLLOWING, REQUESTED = range(4)
_TRUE, _FALSE = b"true", b"false"


def _marker(kind: int, object_id: int) -> str:
    return f"{_MARK}{kind}:{object_id}"


class _MarkingViewer(Viewer):
    """A user-context viewer whose relations to accounts are holes, where they can vary: no
    one follows an account without followers, and only a protected account has requests."""

    def relation(self, user: User) -> tuple[Any, Any, Any]:
        following = _marker(FOLLOWING, user.id) if user.followers_count > 0 else False
        requested = _marker(REQUESTED, user.id) if user.protected else False
        return following, requested, False


@dataclass
class _MarkingContext(TweetContext):
    """The page's context with holes for the viewer's flags, where they can vary (counts are
    exact: a status no one liked is not liked by this viewer)."""

    def favorited_flag(self, status: Tweet) -> Any:
        return _marker(FAVORITED, status.id) if status.favorite_count > 0 else False

    def retweeted_flag(self, status: Tweet) -> Any:
        return _marker(RETWEETED, status.id) if status.retweet_count > 0 else False


@dataclass
class _Template:
    sources: list[Any]  # what it was rendered from
    pieces: tuple[bytes, ...]  # len(holes) + 1 runs of bytes around the holes
    holes: tuple[tuple[int, int], ...]  # (kind, status or user id)


def _sources(tweet: Tweet, ctx: TweetContext, quoted: bool = True) -> list[Any]:
    """Every object ``tweet_v1(tweet, ctx, options, quoted)`` reads, in a fixed order."""
    out: list[Any] = [tweet, ctx.users.get(tweet.user_id)]
    if tweet.media_ids:
        out.extend(ctx.media.get(m) for m in tweet.media_ids)
    if tweet.retweeted_status_id is not None:
        original = ctx.originals.get(tweet.retweeted_status_id)
        out.append(original)
        if original is not None:
            out.extend(_sources(original, ctx))
    if quoted and tweet.quoted_status_id is not None:
        inner = ctx.quoted.get(tweet.quoted_status_id)
        out.append(inner)
        if inner is not None:
            out.extend(_sources(inner, ctx, quoted=False))
    return out


def _template(
    tweet: Tweet, ctx: TweetContext, options: TweetOptions, sources: list[Any]
) -> _Template:
    viewer = ctx.viewer
    marking = _MarkingContext(
        _MarkingViewer(viewer.viewer_id) if viewer.is_user else viewer,
        ctx.users,
        ctx.quoted,
        media=ctx.media,
        originals=ctx.originals,
    )
    raw = orjson.dumps(tweet_v1(tweet, marking, options))
    parts = _HOLE.split(raw)
    holes = tuple((int(k), int(oid)) for k, oid in zip(parts[1::3], parts[2::3], strict=True))
    return _Template(sources, tuple(parts[0::3]), holes)


def _fill(template: _Template, ctx: TweetContext) -> orjson.Fragment:
    if not template.holes:
        return orjson.Fragment(template.pieces[0])
    sets = (ctx.favorited, ctx.retweeted, ctx.viewer.following, ctx.viewer.requested)
    pieces = template.pieces
    out = [pieces[0]]
    for i, (kind, oid) in enumerate(template.holes, 1):
        out.append(_TRUE if oid in sets[kind] else _FALSE)
        out.append(pieces[i])
    return orjson.Fragment(b"".join(out))


class TweetFragments:
    """(status id, options, user or app-only) -> template, reused while its sources are
    unchanged."""

    def __init__(self, size: int = MAX_ENTRIES) -> None:
        self._size = size
        self._items: dict[tuple[int, int], _Template] = {}
        self._variants: dict[tuple[TweetOptions, bool], int] = {}

    def render(self, tweets: list[Tweet], ctx: TweetContext, options: TweetOptions) -> list[Any]:
        """The page's Tweets for this viewer: JSON fragments, equal to ``tweet_v1``'s dicts."""
        if options.include_my_retweet and ctx.my_retweets:
            # current_user_retweet is a key only some viewers get: render those pages afresh
            return [tweet_v1(t, ctx, options) for t in tweets]
        variant_key = (replace(options, include_my_retweet=False), ctx.viewer.is_user)
        variant = self._variants.setdefault(variant_key, len(self._variants))
        items = self._items
        out = []
        for tweet in tweets:
            key = (tweet.id, variant)
            sources = _sources(tweet, ctx)
            template = items.get(key)
            if template is None or not _same(template, sources):
                template = _template(tweet, ctx, options, sources)
                if len(items) >= self._size:
                    items.clear()
                items[key] = template
            out.append(_fill(template, ctx))
        return out


def _same(template: _Template, sources: list[Any]) -> bool:
    """Whether ``template`` was rendered from ``sources``: the same objects, or equal ones
    (then the template takes the new objects, so the next check is by identity again)."""
    old = template.sources
    if len(old) != len(sources):
        return False
    if all(map(operator.is_, old, sources)):
        return True
    if old == sources:
        template.sources = sources
        return True
    return False


fragments = TweetFragments()
