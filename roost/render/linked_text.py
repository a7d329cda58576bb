"""A Tweet's text as HTML with its entities linked: one walk for oEmbed and Roost's own pages.

The two differ only in where links lead (oEmbed: twitter.com with ``ref_src``; the pages:
Roost's own profile and search pages) and in how a URL reads (oEmbed's blockquote keeps the
t.co link as its text, a rendered card shows the ``display_url``), so they pass an ``Hrefs``.
"""

from __future__ import annotations

import html
from typing import Any, Protocol

from roost.domain.model import Tweet


class Hrefs(Protocol):
    """Where each kind of entity links to, and how a URL's anchor reads."""

    def mention(self, screen_name: str) -> str:
        """The href of an @mention."""
        ...

    def hashtag(self, tag: str) -> str:
        """The href of a #hashtag."""
        ...

    def cashtag(self, symbol: str) -> str:
        """The href of a $cashtag."""
        ...

    def url(self, entity: dict[str, Any]) -> tuple[str, str, str | None]:
        """(href, label, title or None) of a URL entity."""
        ...

    def media(self, entity: dict[str, Any]) -> tuple[str, str, str | None]:
        """(href, label, title or None) of the media link."""
        ...


def escape(value: str) -> str:
    """HTML-escaped as Twitter wrote it (``&#39;`` for an apostrophe, ``&quot;``)."""
    return html.escape(value, quote=True).replace("&#x27;", "&#39;")


def _plain(segment: str) -> str:
    return escape(segment).replace("\r\n", "<br>").replace("\n", "<br>")


def _anchor(href: str, label: str, title: str | None = None) -> str:
    extra = f' title="{escape(title)}"' if title else ""
    return f'<a href="{escape(href)}"{extra}>{escape(label)}</a>'


def _links(tweet: Tweet, hrefs: Hrefs, media: bool) -> list[tuple[int, int, str]]:
    """(start, end, anchor) for every entity of the text, in text order, overlaps dropped."""
    found: list[tuple[int, int, str]] = []
    e = tweet.entities
    for u in e.get("urls", ()):
        found.append((*u["indices"], _anchor(*hrefs.url(u))))
    if media:
        for m in e.get("media", ())[:1]:  # all media share one link
            found.append((*m["indices"], _anchor(*hrefs.media(m))))
    for m in e.get("user_mentions", ()):
        start, end = m["indices"]
        name = str(m.get("screen_name") or tweet.text[start + 1 : end])
        found.append((start, end, _anchor(hrefs.mention(name), tweet.text[start:end])))
    for h in e.get("hashtags", ()):
        start, end = h["indices"]
        found.append((start, end, _anchor(hrefs.hashtag(h["text"]), tweet.text[start:end])))
    for s in e.get("symbols", ()):
        start, end = s["indices"]
        found.append((start, end, _anchor(hrefs.cashtag(s["text"]), tweet.text[start:end])))
    found.sort(key=lambda link: link[0])
    kept: list[tuple[int, int, str]] = []
    for link in found:
        if kept and link[0] < kept[-1][1]:
            continue
        kept.append(link)
    return kept


def linked_text(
    tweet: Tweet,
    hrefs: Hrefs,
    *,
    start: int = 0,
    end: int | None = None,
    media: bool = True,
) -> str:
    """The text between code points ``start`` and ``end``: escaped, newlines as ``<br>``,
    every entity inside the range linked (``media=False`` leaves the media link out)."""
    stop = len(tweet.text) if end is None else end
    out: list[str] = []
    pos = start
    for first, last, anchor in _links(tweet, hrefs, media):
        if first < start or last > stop:
            continue
        out.append(_plain(tweet.text[pos:first]))
        out.append(anchor)
        pos = last
    out.append(_plain(tweet.text[pos:stop]))
    return "".join(out)
