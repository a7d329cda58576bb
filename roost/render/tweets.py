"""The v1.1 Tweet object, keys in the order Twitter sent them (recorded statuses/show and update).

Renderers run no queries: everything per viewer comes from a ``TweetContext`` loaded once per
page (``load_tweet_context``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import orjson

from roost.domain import ids, policy
from roost.domain.model import Media, Tweet, User
from roost.domain.text import COMPAT_LENGTH, display_url, tco_url
from roost.render.context import Viewer, load_viewer
from roost.render.media import tweet_media
from roost.render.timefmt import created_at
from roost.render.users import add_withheld, user_v1
from roost.store.sql import SqlTx

EDIT_WINDOW_MS = 30 * 60 * 1000  # the v1.1 edit-tweets docs: editable for 30 minutes, 5 times


@dataclass(frozen=True)
class TweetOptions:
    """The rendering switches of Twitter's statuses endpoints."""

    include_entities: bool = True
    trim_user: bool = False
    extended: bool = False  # tweet_mode=extended
    include_my_retweet: bool = False
    include_card_uri: bool = False
    include_ext_edit_control: bool = False
    include_ext_alt_text: bool = False
    include_user_entities: bool = True  # statuses/retweets_of_me's switch for the User's own


@dataclass
class TweetContext:
    """Everything rendering a page of statuses needs, loaded in a few batched queries."""

    viewer: Viewer
    users: dict[int, User]
    quoted: dict[int, Tweet] = field(default_factory=dict)
    retweeted: set[int] = field(default_factory=set)  # statuses the viewer retweeted
    favorited: set[int] = field(default_factory=set)  # statuses the viewer liked
    my_retweets: dict[int, int] = field(default_factory=dict)  # status id -> viewer's retweet
    media: dict[int, Media] = field(default_factory=dict)  # the page's uploads, by media id
    originals: dict[int, Tweet] = field(default_factory=dict)  # what the page's retweets retweet

    def favorited_flag(self, status: Tweet) -> Any:
        """``favorited`` of a status for this viewer."""
        return status.id in self.favorited

    def retweeted_flag(self, status: Tweet) -> Any:
        """``retweeted`` of a status for this viewer."""
        return status.id in self.retweeted


def load_tweet_context(
    tx: SqlTx,
    viewer_id: int | None,
    tweets: list[Tweet],
    options: TweetOptions,
) -> TweetContext:
    """Authors, visible quoted statuses and the viewer's flags for a page of statuses (a read
    unit answers statuses and accounts from the store's caches)."""
    retweeted_ids = {t.retweeted_status_id for t in tweets if t.retweeted_status_id}
    originals = tx.statuses_by_ids(retweeted_ids) if retweeted_ids else {}
    base = [*tweets, *originals.values()]
    quoted_ids = {t.quoted_status_id for t in base if t.quoted_status_id}
    quoted = tx.statuses_by_ids(quoted_ids) if quoted_ids else {}
    wanted = {t.user_id for t in base} | {q.user_id for q in quoted.values()}
    users = tx.users_by_ids(wanted)
    viewer = load_viewer(tx, viewer_id, users.values())

    def visible(found: dict[int, Tweet]) -> dict[int, Tweet]:
        out = {}
        for sid, status in found.items():
            author = users.get(status.user_id)
            if author and policy.can_view_status(viewer_id, author, author.id in viewer.following):
                out[sid] = status
        return out

    visible_quoted = visible(quoted)
    ctx = TweetContext(viewer, users, visible_quoted, originals=visible(originals))
    shown = [*tweets, *ctx.originals.values(), *visible_quoted.values()]
    media_ids = {m for t in shown for m in t.media_ids or ()}
    if media_ids:
        ctx.media = tx.media_by_ids(media_ids)
    if viewer_id is not None:
        # Counts are kept exact, so a status no one retweeted (or liked) needs no lookup: a
        # fresh status, or most of a page, costs no query here.
        retweeted = [t.id for t in shown if t.retweet_count > 0]
        mine = tx.retweets_by_among(viewer_id, retweeted) if retweeted else {}
        ctx.retweeted = set(mine)
        ctx.my_retweets = mine if options.include_my_retweet else {}
        liked = [t.id for t in shown if t.favorite_count > 0]
        ctx.favorited = tx.favorited_among(viewer_id, liked) if liked else set()
    return ctx


def _place(tweet: Tweet) -> dict[str, Any] | None:
    if not tweet.place_id:
        return None
    from roost.geo import places

    place = places.place_by_id(tweet.place_id)
    return places.place_v1(place) if place else None


def _geo(tweet: Tweet) -> tuple[Any, Any]:
    if tweet.lat is None or tweet.long is None or not tweet.display_coordinates:
        return None, None
    lat, long = orjson.Fragment(tweet.lat.encode()), orjson.Fragment(tweet.long.encode())
    return (
        {"type": "Point", "coordinates": [lat, long]},
        {"type": "Point", "coordinates": [long, lat]},
    )


_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_NEEDS_ESCAPING = re.compile("[&<>]")


def escaped(
    text: str, entities: dict[str, Any], text_range: tuple[int, int] | None = None
) -> tuple[str, dict[str, Any], list[int] | None]:
    """The v1.1 ``text``/``full_text`` as Twitter sent it, HTML-escaped (``&amp;``, ``&lt;``,
    ``&gt;``: tweepy's cassette testcachedresult), with the entities' ``indices`` and the
    ``display_text_range`` counted in the escaped text, as Twitter counted them (the cassette's
    link ends at the escaped text's end; Twitter Kit's TweetTextUtils shifts indices back
    after unescaping). The stored text stays as typed: search, streams' ``track``, oEmbed and
    the pages read that. Entities are copied where they move, never changed in place."""
    bounds = list(text_range) if text_range is not None else None
    if _NEEDS_ESCAPING.search(text) is None:
        return text, entities, bounds
    shift = [0] * (len(text) + 1)  # extra characters the escaping adds before each position
    added = 0
    for i, ch in enumerate(text):
        shift[i] = added
        if ch in _HTML_ESCAPES:
            added += len(_HTML_ESCAPES[ch]) - 1
    shift[len(text)] = added

    def moved(at: int) -> int:
        return at + shift[min(max(at, 0), len(text))]

    out = {
        kind: [{**e, "indices": [moved(e["indices"][0]), moved(e["indices"][1])]} for e in items]
        for kind, items in entities.items()
    }
    text = _NEEDS_ESCAPING.sub(lambda m: _HTML_ESCAPES[m.group()], text)
    return text, out, [moved(b) for b in bounds] if bounds is not None else None


def _within(entities: dict[str, list[dict[str, Any]]], end: int) -> dict[str, Any]:
    """Entities wholly inside the first ``end`` code points (compat-mode truncation)."""
    return {kind: [e for e in items if e["indices"][1] <= end] for kind, items in entities.items()}


def _compat(tweet: Tweet) -> tuple[str, bool, dict[str, Any]]:
    """``text``, ``truncated`` and entities in compatibility mode: past 140 code points the text
    is cut, an ellipsis and a link to the whole Tweet appended (FIDELITY section 3)."""
    full = tweet.text
    if len(full) <= COMPAT_LENGTH:
        return full, False, tweet.entities
    cut = COMPAT_LENGTH - 25  # room for "… " and a 23-character link
    for items in tweet.entities.values():
        for e in items:
            start, end = e["indices"]
            if start < cut < end:
                cut = start
    kept = full[:cut].rstrip()
    link_url = f"https://twitter.com/i/web/status/{tweet.id}"
    link = tco_url(link_url)
    text = f"{kept}\u2026 {link}"
    entities = _within(tweet.entities, len(kept))
    start = len(kept) + 2
    entities["urls"] = [
        *entities["urls"],
        {
            "url": link,
            "expanded_url": link_url,
            "display_url": display_url(link_url),
            "indices": [start, start + len(link)],
        },
    ]
    return text, True, entities


def media_entities(
    tweet: Tweet, entities: dict[str, Any], ctx: TweetContext, options: TweetOptions
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """``entities`` with the full first media item, and ``extended_entities`` with all of them
    (none when the media link was cut in compatibility mode, or the uploads are gone)."""
    links = entities.get("media")
    if links is None:
        return entities, None
    entities = {kind: items for kind, items in entities.items() if kind != "media"}
    if not links or not tweet.media_ids:
        return entities, None
    first, every = tweet_media(links[0], tweet.media_ids, ctx.media, options.include_ext_alt_text)
    if not every:
        return entities, None
    entities["media"] = first
    return entities, {"media": every}


def tweet_v1(
    tweet: Tweet, ctx: TweetContext, options: TweetOptions, quoted: bool = True
) -> dict[str, Any]:
    """A complete v1.1 Tweet object for this viewer."""
    out: dict[str, Any] = {
        "created_at": created_at(ids.timestamp_ms(tweet.id)),
        "id": tweet.id,
        "id_str": str(tweet.id),
    }
    if options.extended:
        text, entities, bounds = escaped(
            tweet.text, tweet.entities, (tweet.display_start, tweet.display_end)
        )
        out["full_text"] = text
        out["truncated"] = False
        out["display_text_range"] = bounds
    else:
        text, truncated, entities = _compat(tweet)
        out["text"], entities, _ = escaped(text, entities)
        out["truncated"] = truncated
    if options.include_entities:
        out["entities"], extended = media_entities(tweet, entities, ctx, options)
        if extended is not None:
            out["extended_entities"] = extended
    out["source"] = f'<a href="{tweet.source_url}" rel="nofollow">{tweet.source_name}</a>'
    reply_id, reply_user = tweet.in_reply_to_status_id, tweet.in_reply_to_user_id
    out["in_reply_to_status_id"] = reply_id
    out["in_reply_to_status_id_str"] = str(reply_id) if reply_id else None
    out["in_reply_to_user_id"] = reply_user
    out["in_reply_to_user_id_str"] = str(reply_user) if reply_user else None
    out["in_reply_to_screen_name"] = tweet.in_reply_to_screen_name
    author = ctx.users[tweet.user_id]
    if options.trim_user:
        out["user"] = {"id": author.id, "id_str": str(author.id)}
    else:
        out["user"] = user_v1(
            author,
            ctx.viewer,
            include_entities=options.include_entities and options.include_user_entities,
        )
        # A Tweet's User ends with withheld_in_countries (tweepy cassette testcursornext),
        # empty unless the account is withheld (then user_v1 put the codes and scope there).
        if not author.withheld_in_countries:
            out["user"]["withheld_in_countries"] = []
    out["geo"], out["coordinates"] = _geo(tweet)
    out["place"] = _place(tweet)
    out["contributors"] = None
    original = ctx.originals.get(tweet.retweeted_status_id) if tweet.retweeted_status_id else None
    if original is not None:  # a retweet: the original inside, its counts and flags outside
        out["retweeted_status"] = tweet_v1(original, ctx, options)
    out["is_quote_status"] = tweet.quoted_status_id is not None
    if tweet.quoted_status_id is not None:
        out["quoted_status_id"] = tweet.quoted_status_id
        out["quoted_status_id_str"] = str(tweet.quoted_status_id)
        expanded = tweet.quoted_permalink or ""
        out["quoted_status_permalink"] = {
            "url": tco_url(expanded),
            "expanded": expanded,
            "display": display_url(expanded),
        }
        inner = ctx.quoted.get(tweet.quoted_status_id)
        if quoted and inner is not None:
            out["quoted_status"] = tweet_v1(inner, ctx, options, quoted=False)
    # A retweet shows its original's retweet count and the viewer's flags on the original;
    # its own favorite_count is 0 (likes go to the original; cas:testretweetandunretweet).
    counted = original or tweet
    out["retweet_count"] = counted.retweet_count
    out["favorite_count"] = tweet.favorite_count
    out["favorited"] = ctx.favorited_flag(counted)
    out["retweeted"] = ctx.retweeted_flag(counted)
    if counted.id in ctx.my_retweets:
        rid = ctx.my_retweets[counted.id]
        out["current_user_retweet"] = {"id": rid, "id_str": str(rid)}
    if tweet.entities.get("urls") or tweet.media_ids:
        out["possibly_sensitive"] = tweet.possibly_sensitive
        out["possibly_sensitive_appealable"] = False
    if options.include_card_uri and tweet.card_uri:
        out["card_uri"] = tweet.card_uri
    out["lang"] = tweet.lang
    if tweet.withheld_in_countries:
        add_withheld(out, tweet.withheld_in_countries, "status")
    elif author.withheld_in_countries:
        add_withheld(out, author.withheld_in_countries, "user")
    if options.include_ext_edit_control:
        until = ids.timestamp_ms(tweet.id) + EDIT_WINDOW_MS
        out["ext_edit_control"] = {
            "initial": {
                "edit_tweet_ids": [str(tweet.id)],
                "editable_until_msecs": str(until),
                "edits_remaining": "5",
                "is_edit_eligible": True,
            }
        }
    return out
