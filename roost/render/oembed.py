"""The oEmbed object of GET statuses/oembed (publish.twitter.com/oembed), as Twitter sent it.

Key order and values follow the seeds' example response; the ``html`` is Twitter's blockquote
markup of 2019 on (FIDELITY section 8): every mention, hashtag and cashtag link carries
``ref_src=twsrc%5Etfw``, t.co links are kept as they are, the script is
``https://platform.twitter.com/widgets.js``. Links point at twitter.com, the canonical
permalinks (DESIGN "Contracts"), whatever host Roost is served under.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from roost.domain.ids import timestamp_ms
from roost.domain.model import Tweet, User
from roost.domain.permalinks import permalink

MIN_WIDTH, MAX_WIDTH = 220, 550  # maxwidth's range; out-of-range values are clamped to it
DEFAULT_WIDTH = 550  # what Twitter answered without maxwidth (the seeds' example: 550)
CACHE_AGE = "3153600000"
REF_SRC = "ref_src=twsrc%5Etfw"
SCRIPT = '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>\n'
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


def width_of(maxwidth: int | None) -> int:
    """``width``: maxwidth clamped to 220-550 ("returned as the minimum or maximum supported
    width respectively"), 550 when not sent."""
    if maxwidth is None:
        return DEFAULT_WIDTH
    return max(MIN_WIDTH, min(MAX_WIDTH, maxwidth))


def escape(value: str) -> str:
    """HTML-escaped as Twitter wrote it (``&#39;`` for an apostrophe, ``&quot;``)."""
    return html.escape(value, quote=True).replace("&#x27;", "&#39;")


def date_label(status_id: int) -> str:
    """``September 3, 2014``: the date of the permalink anchor (UTC, English month names)."""
    t = time.gmtime(timestamp_ms(status_id) // 1000)
    return f"{_MONTHS[t.tm_mon - 1]} {t.tm_mday}, {t.tm_year}"


def _plain(segment: str) -> str:
    return escape(segment).replace("\r\n", "<br>").replace("\n", "<br>")


def _anchor(href: str, label: str) -> str:
    return f'<a href="{escape(href)}">{escape(label)}</a>'


def _links(tweet: Tweet) -> list[tuple[int, int, str]]:
    """(start, end, anchor) for every entity of the text, in text order, overlaps dropped."""
    found: list[tuple[int, int, str]] = []
    e = tweet.entities
    for u in e.get("urls", ()):
        found.append((*u["indices"], _anchor(u["url"], u["url"])))
    for m in e.get("media", ())[:1]:  # all media share one link
        found.append((*m["indices"], _anchor(m["url"], m.get("display_url") or m["url"])))
    for m in e.get("user_mentions", ()):
        start, end = m["indices"]
        name = str(m.get("screen_name") or tweet.text[start + 1 : end])
        href = f"https://twitter.com/{name}?{REF_SRC}"
        found.append((start, end, _anchor(href, tweet.text[start:end])))
    for h in e.get("hashtags", ()):
        start, end = h["indices"]
        href = f"https://twitter.com/hashtag/{quote(h['text'], safe='')}?src=hash&{REF_SRC}"
        found.append((start, end, _anchor(href, tweet.text[start:end])))
    for s in e.get("symbols", ()):
        start, end = s["indices"]
        href = f"https://twitter.com/search?q=%24{quote(s['text'], safe='')}&src=ctag&{REF_SRC}"
        found.append((start, end, _anchor(href, tweet.text[start:end])))
    found.sort(key=lambda link: link[0])
    kept: list[tuple[int, int, str]] = []
    for link in found:
        if kept and link[0] < kept[-1][1]:
            continue
        kept.append(link)
    return kept


def text_html(tweet: Tweet) -> str:
    """The Tweet's text as the ``<p>`` content: escaped, newlines as ``<br>``, entities linked."""
    out: list[str] = []
    pos = 0
    for start, end, anchor in _links(tweet):
        out.append(_plain(tweet.text[pos:start]))
        out.append(anchor)
        pos = end
    out.append(_plain(tweet.text[pos:]))
    return "".join(out)


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


def embed_html(tweet: Tweet, author: User, opts: EmbedOptions) -> str:
    """Twitter's blockquote markup for ``tweet`` (and the widgets.js script unless omitted)."""
    lang = tweet.lang if _LANG.match(tweet.lang or "") else "und"
    direction = "rtl" if lang.split("-")[0].lower() in _RTL else "ltr"
    link = f"{permalink(author.screen_name, tweet.id)}?{REF_SRC}"
    quote_html = (
        f"<blockquote {_attributes(opts)}>"
        f'<p lang="{escape(lang)}" dir="{direction}">{text_html(tweet)}</p>'
        f"&mdash; {escape(author.name)} (@{escape(author.screen_name)}) "
        f'<a href="{escape(link)}">{date_label(tweet.id)}</a></blockquote>\n'
    )
    return quote_html if opts.omit_script else quote_html + SCRIPT


def oembed(tweet: Tweet, author: User, opts: EmbedOptions) -> dict[str, Any]:
    """The oEmbed object, keys in the order of the seeds' example response."""
    return {
        "url": permalink(author.screen_name, tweet.id),
        "author_name": author.name,
        "author_url": f"https://twitter.com/{author.screen_name}",
        "html": embed_html(tweet, author, opts),
        "width": width_of(opts.maxwidth),
        "height": None,
        "type": "rich",
        "cache_age": CACHE_AGE,
        "provider_name": "Twitter",
        "provider_url": "https://twitter.com",
        "version": "1.0",
    }
