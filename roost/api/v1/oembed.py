"""GET statuses/oembed.json (api host) and GET /oembed (publish.twitter.com): no authentication.

An embed is public: a Tweet is embedded only when anyone may see it, whoever asks (a protected
or suspended account's Tweets are refused even to their author and approved followers, with
the same 403 whatever the caller, and nothing of the Tweet in the answer).
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from roost.api.endpoint import Call, Reply
from roost.api.params import Params
from roost.domain.errors import InvalidUrlParameter, NotAuthorizedToSeeStatus, PageNotFound
from roost.domain.model import Tweet, User
from roost.domain.permalinks import parse_status_permalink
from roost.render.oembed import EmbedOptions, oembed

_CALLBACK = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$.]{0,99}$")
_JS = "application/javascript;charset=utf-8"


def options(p: Params) -> EmbedOptions:
    """The presentation parameters; values Twitter would not know are ignored, not refused."""
    align = (p.get("align") or "").strip().lower()
    theme = (p.get("theme") or "").strip().lower()
    widget = (p.get("widget_type") or "").strip().lower()
    return EmbedOptions(
        maxwidth=p.integer("maxwidth"),  # clamped to 220-550 by the renderer
        hide_media=p.flag("hide_media"),
        hide_thread=p.flag("hide_thread"),
        omit_script=p.flag("omit_script"),
        align=align or None,
        related=p.get("related") or None,
        lang=(p.get("lang") or "").strip() or None,
        theme=theme or None,
        link_color=(p.get("link_color") or "").strip() or None,
        widget_type=widget or None,
        dnt=p.flag("dnt"),
    )


def requested_id(call: Call) -> int:
    """The Tweet named by ``url`` (any permalink form) or, on the api host, ``id``.

    No url and no id, or a url that is not a Tweet permalink: 403/195 "Missing or invalid url
    parameter." (Twitter's error table)."""
    url = (call.params.get("url") or "").strip()
    if url:
        link = parse_status_permalink(url, call.rt.runtime.settings_public_hosts())
        if link is None:
            raise InvalidUrlParameter()
        return link.status_id
    raw = (call.params.get("id") or "").strip()
    if raw:
        if not raw.isascii() or not raw.isdigit() or len(raw) > 19 or int(raw) >= 1 << 63:
            raise InvalidUrlParameter()
        return int(raw)
    raise InvalidUrlParameter()


def _public(rt: Any, status_id: int) -> tuple[Tweet, User]:
    """The Tweet and its author when anyone may see it; 404/34 when there is no such Tweet
    (never was, or deleted), 403/179 when its account is protected or suspended."""
    tweet = rt.store.status_by_id(status_id)
    author = rt.store.user_by_id(tweet.user_id) if tweet is not None else None
    if tweet is None or author is None:
        raise PageNotFound()
    if author.protected or author.suspended:
        raise NotAuthorizedToSeeStatus()
    if tweet.retweeted_status_id:  # a retweet's permalink shows its original, as Twitter's did
        return _public(rt, tweet.retweeted_status_id)
    return tweet, author


def embed(call: Call) -> Any:
    """The oEmbed object; with ``callback`` (publish.twitter.com's JSONP) a script calling it."""
    status_id = requested_id(call)
    opts = options(call.params)
    tweet, author = _public(call.rt.runtime, status_id)
    body = oembed(tweet, author, opts)
    callback = (call.params.get("callback") or "").strip()
    if callback and _CALLBACK.match(callback):
        raw = f"{callback}(".encode() + orjson.dumps(body) + b");"
        return Reply(raw=raw, media_type=_JS)
    return body
