"""What a rendered Tweet card shows: the view model of Roost's pages and embeds (no queries).

A page loads its statuses and their context (render/tweets.load_tweet_context, signed out)
and turns each into a ``Card``; the templates only lay cards out. Links lead to Roost's own
pages under ``base`` ("" on Roost's pages, the absolute origin in an embed that another
site shows).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from roost.domain import media as media_rules
from roost.domain.ids import timestamp_ms
from roost.domain.model import Tweet, User
from roost.render.linked_text import linked_text
from roost.render.media import file_url, still_url
from roost.render.tweets import TweetContext

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RTL = frozenset({"ar", "fa", "he", "iw", "ur", "ps", "sd", "ug", "yi", "ckb", "dv"})


class PageHrefs:
    """Links of a card: Roost's profile and search pages; URLs read as their display_url."""

    def __init__(self, base: str = "") -> None:
        self.base = base

    def profile(self, screen_name: str) -> str:
        """A profile page."""
        return f"{self.base}/{screen_name}"

    def status(self, screen_name: str, status_id: int) -> str:
        """A Tweet's permalink page."""
        return f"{self.base}/{screen_name}/status/{status_id}"

    def collection(self, screen_name: str, collection_id: int) -> str:
        """A collection's page (its ``collection_url`` path)."""
        return f"{self.base}/{screen_name}/timelines/{collection_id}"

    def mention(self, screen_name: str) -> str:
        return self.profile(screen_name)

    def hashtag(self, tag: str) -> str:
        return f"{self.base}/hashtag/{quote(tag, safe='')}"

    def cashtag(self, symbol: str) -> str:
        return f"{self.base}/search?q={quote('$' + symbol, safe='')}"

    def url(self, entity: dict[str, Any]) -> tuple[str, str, str | None]:
        label = entity.get("display_url") or entity["url"]
        return entity["url"], label, entity.get("expanded_url")

    def media(self, entity: dict[str, Any]) -> tuple[str, str, str | None]:
        return entity["url"], entity.get("display_url") or entity["url"], None


@dataclass(frozen=True)
class Picture:
    """One photo, GIF or video of a card."""

    kind: str  # photo | animated_gif | video
    src: str  # the file
    still: str  # the photo, or the JPEG still of a GIF or video
    alt: str
    width: int
    height: int


@dataclass
class Card:
    """One Tweet as a card shows it (a retweet shows its original, with who retweeted it)."""

    id: int
    author: User
    permalink: str
    profile_url: str
    text_html: Markup
    lang: str
    dir: str
    created_iso: str
    created_label: str
    source_name: str
    retweet_count: int
    favorite_count: int
    reply_count: int
    quote_count: int
    reply_to: tuple[str, str] | None = None  # (screen name, profile url)
    parent_id: int | None = None
    retweeted_by: User | None = None
    retweeted_by_url: str | None = None
    quoted: Card | None = None
    pictures: list[Picture] = field(default_factory=list)

    @property
    def initial(self) -> str:
        """The letter of the avatar drawn for an account with no profile image."""
        return (self.author.name or self.author.screen_name)[:1].upper()


def created_label(status_id: int) -> tuple[str, str]:
    """(ISO 8601, ``3:04 PM · Dec 1, 2026``) of a status's time, in UTC."""
    seconds = timestamp_ms(status_id) // 1000
    t = time.gmtime(seconds)
    hour = t.tm_hour % 12 or 12
    half = "AM" if t.tm_hour < 12 else "PM"
    label = f"{hour}:{t.tm_min:02d} {half} · {_MONTHS[t.tm_mon - 1]} {t.tm_mday}, {t.tm_year}"
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", t), label


def _pictures(tweet: Tweet, ctx: TweetContext) -> list[Picture]:
    out = []
    for media_id in tweet.media_ids or ():
        m = ctx.media.get(media_id)
        if m is None or m.state == media_rules.FAILED:
            continue
        out.append(Picture(m.kind, file_url(m), still_url(m), m.alt_text or "", m.width, m.height))
    return out


def card(
    tweet: Tweet,
    ctx: TweetContext,
    hrefs: PageHrefs,
    *,
    media: bool = True,
    quoted: bool = True,
) -> Card | None:
    """The card of ``tweet`` (None when its author, or a retweet's original, is not in ``ctx``:
    not visible to the reader)."""
    retweeter = None
    if tweet.retweeted_status_id:
        original = ctx.originals.get(tweet.retweeted_status_id)
        retweeter = ctx.users.get(tweet.user_id)
        if original is None or retweeter is None:
            return None
        tweet = original
    author = ctx.users.get(tweet.user_id)
    if author is None or author.suspended:
        return None
    iso, label = created_label(tweet.id)
    lang = tweet.lang or "und"
    pictures = _pictures(tweet, ctx) if media else []
    out = Card(
        id=tweet.id,
        author=author,
        permalink=hrefs.status(author.screen_name, tweet.id),
        profile_url=hrefs.profile(author.screen_name),
        text_html=Markup(
            linked_text(
                tweet,
                hrefs,
                start=tweet.display_start,
                end=tweet.display_end,
                media=media and not pictures,
            )
        ),
        lang=lang,
        dir="rtl" if lang.split("-")[0] in _RTL else "ltr",
        created_iso=iso,
        created_label=label,
        source_name=tweet.source_name,
        retweet_count=tweet.retweet_count,
        favorite_count=tweet.favorite_count,
        reply_count=tweet.reply_count,
        quote_count=tweet.quote_count,
        pictures=pictures,
    )
    if tweet.in_reply_to_screen_name:
        name = tweet.in_reply_to_screen_name
        out.reply_to = (name, hrefs.profile(name))
        out.parent_id = tweet.in_reply_to_status_id
    if retweeter is not None:
        out.retweeted_by = retweeter
        out.retweeted_by_url = hrefs.profile(retweeter.screen_name)
    if quoted and tweet.quoted_status_id and tweet.quoted_status_id in ctx.quoted:
        out.quoted = card(ctx.quoted[tweet.quoted_status_id], ctx, hrefs, media=media, quoted=False)
    return out


def cards(
    tweets: list[Tweet], ctx: TweetContext, hrefs: PageHrefs, *, media: bool = True
) -> list[Card]:
    """The cards of a page of statuses, in order, leaving out those the reader may not see."""
    out = []
    for tweet in tweets:
        made = card(tweet, ctx, hrefs, media=media)
        if made is not None:
            out.append(made)
    return out
