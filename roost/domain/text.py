"""A status's text by Twitter's rules: weighted length, t.co wrapping, entities, display range.

Counting and extraction are twitter-text's (roost/domain/twitter_text.py); this module composes
them the way statuses/update did: URLs in the text become 23-character t.co links, reply
mentions go in front, an attachment URL at the end, and ``display_text_range`` covers only what
the user wrote.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from roost.domain import twitter_text

MAX_WEIGHTED_LENGTH = 280
TRANSFORMED_URL_LENGTH = 23
COMPAT_LENGTH = 140
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def tco_code(url: str) -> str:
    """The 10-character t.co code of a URL (stable: the same URL always gets the same link)."""
    number = int.from_bytes(hashlib.sha256(url.encode("utf-8")).digest()[:8], "big")
    chars = []
    for _ in range(10):
        number, digit = divmod(number, 62)
        chars.append(_BASE62[digit])
    return "".join(chars)


def tco_url(url: str) -> str:
    """``https://t.co/<code>``: 23 characters, as every wrapped link is."""
    return "https://t.co/" + tco_code(url)


def expanded(url: str) -> str:
    """The URL as ``expanded_url`` shows it: a scheme-less link gets ``http://``."""
    return url if "://" in url else "http://" + url


def display_url(url: str) -> str:
    """``display_url``: no scheme, no ``www.``, the path cut to 15 characters with an ellipsis."""
    try:
        host = urlsplit(expanded(url)).netloc
    except ValueError:  # "http://[::1": no parser reads it; its text up to the path is the host
        host = expanded(url).split("://", 1)[1].split("/", 1)[0]
    if host.startswith("www."):
        host = host[4:]
    rest = url.split("://", 1)[-1]
    rest = rest[rest.find("/") :] if "/" in rest else ""
    if rest == "/":
        rest = ""
    if len(rest) > 15:
        rest = rest[:15] + "\u2026"
    return host + rest


def weighted_length(text: str) -> twitter_text.Length:
    """twitter-text's weighted length (280 max; URLs 23; CJK and emoji 2).

    twitter-text-parser spends about a millisecond per call, nearly all of it in its emoji
    regex. Plain ASCII text can hold no emoji (every emoji sequence needs a non-ASCII code
    point), is its own NFC form, and every ASCII code point weighs 1 (range 0-4351; the library
    counts "\\r\\n" as one, so text with "\\r" takes the library path), so for it the
    length is the code points with each URL counted as 23: the same answer, proven equal to
    the library by a property test (tests/unit/test_text.py).
    """
    if text.isascii() and "\r" not in text:
        length = len(text)
        for url in twitter_text.extract_urls(text):
            length += TRANSFORMED_URL_LENGTH - (url.end - url.start)
        return twitter_text.Length(
            weighted_length=length,
            valid=0 < length <= MAX_WEIGHTED_LENGTH,
            permillage=length * 1000 // MAX_WEIGHTED_LENGTH,
        )
    return twitter_text.weighted_length(unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class Composed:
    """The stored text of a new status and its URL entities."""

    text: str
    display_start: int
    display_end: int
    urls: list[dict[str, Any]]  # url entities with indices into ``text``
    wrapped: dict[str, str]  # t.co code -> expanded URL, for the redirect table
    media: dict[str, Any] | None = None  # the one link all of a Tweet's media share


def media_link(expanded_url: str, start: int) -> dict[str, Any]:
    """The t.co link every media entity of a Tweet carries: ``display_url`` is
    ``pic.twitter.com/`` and the same 10 characters (cas:testupdatestatuswithmedia.yaml)."""
    link = tco_url(expanded_url)
    return {
        "url": link,
        "display_url": "pic.twitter.com/" + link[-10:],
        "expanded_url": expanded_url,
        "indices": [start, start + len(link)],
    }


def compose(
    status: str,
    reply_names: Sequence[str] = (),
    attachment_url: str | None = None,
    media_url: str | None = None,
) -> Composed:
    """Wrap URLs in t.co links, put reply mentions in front and the attachment URL last; with
    media, one more link (to ``media_url``, the media permalink) after a space at the end."""
    status = unicodedata.normalize("NFC", status)
    prefix = "".join(f"@{name} " for name in reply_names)
    out: list[str] = [prefix]
    pos = len(prefix)
    last = 0
    urls: list[dict[str, Any]] = []
    wrapped: dict[str, str] = {}
    for found in twitter_text.extract_urls(status):
        out.append(status[last : found.start])
        pos += found.start - last
        link = tco_url(expanded(found.url))
        wrapped[link[-10:]] = expanded(found.url)
        urls.append(
            {
                "url": link,
                "expanded_url": expanded(found.url),
                "display_url": display_url(found.url),
                "indices": [pos, pos + len(link)],
            }
        )
        out.append(link)
        pos += len(link)
        last = found.end
    out.append(status[last:])
    pos += len(status) - last
    display_end = pos
    if attachment_url:
        link = tco_url(attachment_url)
        wrapped[link[-10:]] = attachment_url
        out.append(" " + link)
        urls.append(
            {
                "url": link,
                "expanded_url": attachment_url,
                "display_url": display_url(attachment_url),
                "indices": [pos + 1, pos + 1 + len(link)],
            }
        )
    media = None
    if media_url:
        so_far = "".join(out)
        sep = " " if so_far else ""  # media alone: the text is just the link
        media = media_link(media_url, len(so_far) + len(sep))
        wrapped[media["url"][-10:]] = media_url
        out.append(sep + media["url"])
    return Composed("".join(out), len(prefix), display_end, urls, wrapped, media)


def entities(
    composed: Composed, resolve: Callable[[list[str]], dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """All four entity lists of the stored text; ``resolve`` maps lower-cased screen names to
    accounts (mentions of unknown accounts are not entities, as on Twitter)."""
    text = composed.text
    # The URLs of the stored text are the t.co links compose() put there: no second extraction.
    links = [twitter_text.Url(u["url"], *u["indices"]) for u in composed.urls]
    if composed.media is not None:
        links.append(twitter_text.Url(composed.media["url"], *composed.media["indices"]))
    hashtags = [
        {"text": h.text, "indices": [h.start, h.end]}
        for h in twitter_text.extract_hashtags(text, links)
    ]
    symbols = [
        {"text": c.text, "indices": [c.start, c.end]} for c in twitter_text.extract_cashtags(text)
    ]
    mentions = twitter_text.extract_mentions(text)
    users = resolve([m.screen_name.lower() for m in mentions])
    user_mentions = []
    for m in mentions:
        user = users.get(m.screen_name.lower())
        if user is not None:
            user_mentions.append(
                {
                    "screen_name": user.screen_name,
                    "name": user.name,
                    "id": user.id,
                    "id_str": str(user.id),
                    "indices": [m.start, m.end],
                }
            )
    found: dict[str, list[dict[str, Any]]] = {
        "hashtags": hashtags,
        "symbols": symbols,
        "user_mentions": user_mentions,
        "urls": composed.urls,
    }
    if composed.media is not None:  # stored with the link; rendering adds each media's facts
        found["media"] = [composed.media]
    return found


def leading_mention(entities: dict[str, list[dict[str, Any]]]) -> tuple[int, str] | None:
    """The account a status's text starts by mentioning (id, screen name), if any.

    Twitter made a status that begins with an @mention a reply to that account even without
    ``in_reply_to_status_id`` (a "manual reply": ``in_reply_to_user_id`` and
    ``in_reply_to_screen_name`` set, the status id null); the streams' ``follow`` delivers
    them (the seeds: "Manual replies, created without pressing a reply button")."""
    for mention in entities.get("user_mentions", ()):
        if mention["indices"][0] == 0 and "id" in mention:
            return int(mention["id"]), str(mention["screen_name"])
    return None
