"""The oEmbed object of GET statuses/oembed (publish.twitter.com/oembed), as Twitter sent it.

Key order and values follow the seeds' example response; the ``html`` is Twitter's blockquote
markup of 2019 on (FIDELITY section 8): every mention, hashtag and cashtag link carries
``ref_src=twsrc%5Etfw``, t.co links are kept as they are, the script is
``https://platform.twitter.com/widgets.js``. Links point at twitter.com, the canonical
permalinks (DESIGN "Contracts"), whatever host Roost is served under.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from roost.domain.ids import timestamp_ms
from roost.domain.model import Tweet, User
from roost.domain.permalinks import permalink
from roost.render.linked_text import escape, linked_text

MIN_WIDTH, MAX_WIDTH = 220, 550  # maxwidth's range; out-of-range values are clamped to it
DEFAULT_WIDTH = 550  # what Twitter answered without maxwidth (the seeds' example: 550)
CACHE_AGE = "3153600000"
REF_SRC = "ref_src=twsrc%5Etfw"
TWITTER_WIDGETS = "https://platform.twitter.com/widgets.js"
ALIGNS = ("left", "right", "center")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_RTL = frozenset({"ar", "fa", "he", "iw", "ur", "ps", "sd", "ug", "yi", "ckb", "dv"})
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")
_COLOR = re.compile(r"^#?([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")
_SCREEN_NAME = re.compile(r"^[A-Za-z0-9_]{1,15}$")


@dataclass(frozen=True)
class EmbedOptions:
    """statuses/oembed's presentation parameters, parsed (None/False: not sent)."""

    maxwidth: int | None = None
    hide_media: bool = False
    hide_thread: bool = False
    omit_script: bool = False
    align: str | None = None
    related: str | None = None
    lang: str | None = None
    theme: str | None = None
    link_color: str | None = None
    widget_type: str | None = None
    dnt: bool = False
    limit: int | None = None  # timelines: data-tweet-limit (1-20)
    maxheight: int | None = None  # timelines: data-height
    chrome: str | None = None  # timelines: data-chrome
    border_color: str | None = None  # timelines: data-border-color
    widgets_url: str = TWITTER_WIDGETS  # the script the html loads (Roost passes its own)


def script(opts: EmbedOptions) -> str:
    """The widgets.js tag that ends the html (unless omit_script)."""
    return f'<script async src="{escape(opts.widgets_url)}" charset="utf-8"></script>\n'


def width_of(maxwidth: int | None) -> int:
    """``width``: maxwidth clamped to 220-550 ("returned as the minimum or maximum supported
    width respectively"), 550 when not sent."""
    if maxwidth is None:
        return DEFAULT_WIDTH
    return max(MIN_WIDTH, min(MAX_WIDTH, maxwidth))


def date_label(status_id: int) -> str:
    """``September 3, 2014``: the date of the permalink anchor (UTC, English month names)."""
    t = time.gmtime(timestamp_ms(status_id) // 1000)
    return f"{_MONTHS[t.tm_mon - 1]} {t.tm_mday}, {t.tm_year}"


class _TwitterHrefs:
    """The blockquote's links: twitter.com with ``ref_src``, t.co links kept as their text."""

    def mention(self, screen_name: str) -> str:
        return f"https://twitter.com/{screen_name}?{REF_SRC}"

    def hashtag(self, tag: str) -> str:
        return f"https://twitter.com/hashtag/{quote(tag, safe='')}?src=hash&{REF_SRC}"

    def cashtag(self, symbol: str) -> str:
        return f"https://twitter.com/search?q=%24{quote(symbol, safe='')}&src=ctag&{REF_SRC}"

    def url(self, entity: dict[str, Any]) -> tuple[str, str, str | None]:
        return entity["url"], entity["url"], None

    def media(self, entity: dict[str, Any]) -> tuple[str, str, str | None]:
        return entity["url"], entity.get("display_url") or entity["url"], None


_HREFS = _TwitterHrefs()


def text_html(tweet: Tweet) -> str:
    """The Tweet's text as the ``<p>`` content: escaped, newlines as ``<br>``, entities linked."""
    return linked_text(tweet, _HREFS)


def _attributes(opts: EmbedOptions) -> str:
    css = "twitter-video" if opts.widget_type == "video" else "twitter-tweet"
    if opts.align in ALIGNS:
        css += f" tw-align-{opts.align}"
    attrs = [f'class="{css}"']
    if opts.hide_media:
        attrs.append('data-cards="hidden"')
    if opts.hide_thread:
        attrs.append('data-conversation="none"')
    if opts.lang and _LANG.match(opts.lang):
        attrs.append(f'data-lang="{escape(opts.lang.lower())}"')
    if opts.theme == "dark":
        attrs.append('data-theme="dark"')
    color = _COLOR.match(opts.link_color or "")
    if color:
        attrs.append(f'data-link-color="#{color.group(1)}"')
    related = [
        n.strip().lstrip("@") for n in (opts.related or "").split(",") if n.strip().lstrip("@")
    ]
    related = [n for n in related if _SCREEN_NAME.match(n)]
    if related:
        attrs.append(f'data-related="{escape(",".join(related))}"')
    if opts.maxwidth is not None:
        attrs.append(f'data-width="{width_of(opts.maxwidth)}"')
    if opts.dnt:
        attrs.append('data-dnt="true"')
    return " ".join(attrs)


# embed_html is a pure function of the Tweet's id, text, entities and lang (fixed once posted),
# its author's name and screen name, and the options: kept per process, bounded, keyed by all.
_HTML_CACHE_SIZE = 10_000
_html_cache: dict[tuple[int, str, str, str, EmbedOptions], str] = {}


def embed_html(tweet: Tweet, author: User, opts: EmbedOptions) -> str:
    """Twitter's blockquote markup for ``tweet`` (and the widgets.js script unless omitted)."""
    key = (tweet.id, tweet.text, author.name, author.screen_name, opts)
    found = _html_cache.get(key)
    if found is None:
        if len(_html_cache) >= _HTML_CACHE_SIZE:
            _html_cache.clear()
        found = _html_cache[key] = _embed_html(tweet, author, opts)
    return found


def _embed_html(tweet: Tweet, author: User, opts: EmbedOptions) -> str:
    lang = tweet.lang if _LANG.match(tweet.lang or "") else "und"
    direction = "rtl" if lang.split("-")[0].lower() in _RTL else "ltr"
    link = f"{permalink(author.screen_name, tweet.id)}?{REF_SRC}"
    quote_html = (
        f"<blockquote {_attributes(opts)}>"
        f'<p lang="{escape(lang)}" dir="{direction}">{text_html(tweet)}</p>'
        f"&mdash; {escape(author.name)} (@{escape(author.screen_name)}) "
        f'<a href="{escape(link)}">{date_label(tweet.id)}</a></blockquote>\n'
    )
    return quote_html if opts.omit_script else quote_html + script(opts)


def oembed(tweet: Tweet, author: User, opts: EmbedOptions) -> dict[str, Any]:
    """The oEmbed object, keys in the order of the seeds' example response."""
    return {
        "url": permalink(author.screen_name, tweet.id),
        "author_name": author.name,
        "author_url": f"https://twitter.com/{author.screen_name}",
        "html": embed_html(tweet, author, opts),
        **_rich(opts),
    }


def _rich(opts: EmbedOptions) -> dict[str, Any]:
    """The keys every oEmbed object of Twitter's ended with, in its order."""
    return {
        "width": width_of(opts.maxwidth),
        "height": None,
        "type": "rich",
        "cache_age": CACHE_AGE,
        "provider_name": "Twitter",
        "provider_url": "https://twitter.com",
        "version": "1.0",
    }


_CHROME = frozenset({"noheader", "nofooter", "noborders", "noscrollbar", "transparent"})


def _timeline_attributes(opts: EmbedOptions) -> str:
    attrs = ['class="twitter-timeline"']
    if opts.limit is not None:
        attrs.append(f'data-tweet-limit="{max(1, min(20, opts.limit))}"')
    if opts.maxheight is not None and opts.maxheight > 0:
        attrs.append(f'data-height="{opts.maxheight}"')
    if opts.maxwidth is not None:
        attrs.append(f'data-width="{width_of(opts.maxwidth)}"')
    chrome = [c for c in (opts.chrome or "").replace(",", " ").split() if c in _CHROME]
    if chrome:
        attrs.append(f'data-chrome="{" ".join(chrome)}"')
    if opts.lang and _LANG.match(opts.lang):
        attrs.append(f'data-lang="{escape(opts.lang.lower())}"')
    if opts.theme == "dark":
        attrs.append('data-theme="dark"')
    for name, value in (("link-color", opts.link_color), ("border-color", opts.border_color)):
        color = _COLOR.match(value or "")
        if color:
            attrs.append(f'data-{name}="#{color.group(1)}"')
    if opts.dnt:
        attrs.append('data-dnt="true"')
    return " ".join(attrs)


def timeline_oembed(url: str, title: str, label: str, opts: EmbedOptions) -> dict[str, Any]:
    """The oEmbed object of a timeline (a collection or a profile), as publish.twitter.com
    answered it: ``title`` and an ``a.twitter-timeline`` that widgets.js turns into the
    timeline."""
    anchor = f'<a {_timeline_attributes(opts)} href="{escape(url)}?{REF_SRC}">{escape(label)}</a>\n'
    return {
        "url": url,
        "title": title,
        "html": anchor if opts.omit_script else anchor + script(opts),
        **_rich(opts),
    }
