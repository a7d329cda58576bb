"""A status as the streams sent it: the compatibility-mode v1.1 Tweet plus what only streams
carried (FIDELITY section 3, twitterdev/tweet-updates): ``extended_tweet`` when the text was
truncated, ``quote_count``, ``reply_count``, ``filter_level`` and ``timestamp_ms``.

Streams ignore ``tweet_mode``: a long status comes as its first 140 characters with
``truncated: true`` and the whole text in ``extended_tweet.full_text``. Rendered for no viewer
(``favorited`` and ``retweeted`` false), once per status whatever the number of connections.
"""

from __future__ import annotations

from typing import Any

from roost.domain import ids
from roost.domain.model import Tweet, User
from roost.render.tweets import TweetContext, TweetOptions, escaped, media_entities, tweet_v1

COMPAT = TweetOptions()
EDIT_CONTROL = TweetOptions(include_ext_edit_control=True)
FOLLOWERS_FOR_MEDIUM = 1000


def filter_level(status: Tweet, author: User | None) -> str:
    """Twitter's quality rating of a status, which ``filter_level`` selects on.

    Twitter never published its scoring. Roost's rule: a possibly sensitive status is
    ``none``; one by a verified account or an account with at least 1,000 followers is
    ``medium``; every other is ``low`` (Twitter's most common value)."""
    if status.possibly_sensitive:
        return "none"
    if author is not None and (author.verified or author.followers_count >= FOLLOWERS_FOR_MEDIUM):
        return "medium"
    return "low"


def _streamed(status: Tweet, ctx: TweetContext, out: dict[str, Any]) -> dict[str, Any]:
    """``out`` (the compat rendering of ``status``) with the stream-only keys, in the order
    Twitter's streams had them."""
    result: dict[str, Any] = {}
    for key, value in out.items():
        if key == "retweeted_status":
            original = ctx.originals.get(status.retweeted_status_id or 0)
            value = _streamed(original, ctx, value) if original is not None else value
        elif key == "quoted_status":
            inner = ctx.quoted.get(status.quoted_status_id or 0)
            value = _streamed(inner, ctx, value) if inner is not None else value
        if key == "retweet_count":
            if out.get("truncated"):
                result["extended_tweet"] = _extended(status, ctx)
            result["quote_count"] = status.quote_count
            result["reply_count"] = status.reply_count
        if key == "lang":
            result["filter_level"] = filter_level(status, ctx.users.get(status.user_id))
        result[key] = value
    return result


def _extended(status: Tweet, ctx: TweetContext) -> dict[str, Any]:
    text, entities, bounds = escaped(
        status.text, status.entities, (status.display_start, status.display_end)
    )
    entities, extended = media_entities(status, entities, ctx, COMPAT)
    out: dict[str, Any] = {"full_text": text, "display_text_range": bounds, "entities": entities}
    if extended is not None:
        out["extended_entities"] = extended
    return out


def stream_tweet(status: Tweet, ctx: TweetContext, edit_control: bool = False) -> dict[str, Any]:
    """The streamed v1.1 Tweet object of a status (``ext_edit_control`` with
    ``include_ext_edit_control``, a parameter of POST statuses/filter)."""
    options = EDIT_CONTROL if edit_control else COMPAT
    out = _streamed(status, ctx, tweet_v1(status, ctx, options))
    out["timestamp_ms"] = str(ids.timestamp_ms(status.id))
    return out
