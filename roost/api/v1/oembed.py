"""GET statuses/oembed.json (api host) and GET /oembed (publish.twitter.com): no authentication.

An embed is public: a Tweet is embedded only when anyone may see it, whoever asks (a protected
or suspended account's Tweets are refused even to their author and approved followers, with
the same 403 whatever the caller, and nothing of the Tweet in the answer).

A collection's URL (``collection_url``) or a profile URL gives a timeline embed, as
publish.twitter.com did. The html loads Roost's own widgets.js (from the first public URL, else
the host the request came to), so an embed renders from Roost's data with no internet.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from roost.api.endpoint import Call, Reply
from roost.api.origin import request_origin
from roost.domain.errors import InvalidUrlParameter, NotAuthorizedToSeeStatus, PageNotFound
from roost.domain.ids import parse_id
from roost.domain.model import Tweet, User
from roost.domain.permalinks import TimelineLink, parse_status_permalink, parse_timeline_url
from roost.render.oembed import EmbedOptions, oembed, timeline_oembed

_CALLBACK = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$.]{0,99}$")
_JS = "application/javascript;charset=utf-8"


def widgets_url(call: Call) -> str:
    """Roost's widgets.js: under the first configured public URL, else the request's host."""
    state = call.rt
    origin = state.public_origin or request_origin(call.request, state.settings.proxy_headers)
    return origin + "/widgets.js"


def options(call: Call) -> EmbedOptions:
    """The presentation parameters; values Twitter would not know are ignored, not refused."""
    p = call.params
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
        limit=p.integer("limit"),
        maxheight=p.integer("maxheight"),
        chrome=(p.get("chrome") or "").strip().lower() or None,
        border_color=(p.get("border_color") or "").strip() or None,
        widgets_url=widgets_url(call),
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
        status_id = parse_id(raw)
        if status_id is None:
            raise InvalidUrlParameter()
        return status_id
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


def _timeline(rt: Any, link: TimelineLink, opts: EmbedOptions) -> dict[str, Any]:
    """A collection's or a profile's timeline embed (404/34 when there is none)."""
    with rt.store.read() as tx:
        if link.collection_id is not None:
            row = tx.collection_by_id(link.collection_id)
            owner = tx.user_by_id(row.owner_id) if row is not None else None
        else:
            row = None
            owner = tx.user_by_screen_name(link.screen_name)
    if owner is None or owner.suspended:
        raise PageNotFound()
    profile = f"https://twitter.com/{owner.screen_name}"
    if row is not None:
        label = f"{row.name} - Curated tweets by {owner.screen_name}"
        return timeline_oembed(f"{profile}/timelines/{row.id}", row.name, label, opts)
    return timeline_oembed(profile, "", f"Tweets by {owner.screen_name}", opts)


def embed(call: Call) -> Any:
    """GET statuses/oembed: a Tweet's oEmbed object (a timeline URL is 403/195 here, as on
    Twitter's api host); with ``callback`` a script calling it."""
    tweet, author = _public(call.rt.runtime, requested_id(call))
    return _answer(call, oembed(tweet, author, options(call)))


def publish(call: Call) -> Any:
    """publish.twitter.com/oembed: a Tweet's, or a collection's or profile's timeline embed."""
    url = (call.params.get("url") or "").strip()
    hosts = call.rt.runtime.settings_public_hosts()
    timeline = parse_timeline_url(url, hosts) if url else None
    if timeline is None:
        return embed(call)
    return _answer(call, _timeline(call.rt.runtime, timeline, options(call)))


def _answer(call: Call, body: dict[str, Any]) -> Any:
    """The object, or with ``callback`` (publish.twitter.com's JSONP) a script calling it."""
    callback = (call.params.get("callback") or "").strip()
    if callback and _CALLBACK.match(callback):
        raw = f"{callback}(".encode() + orjson.dumps(body) + b");"
        return Reply(raw=raw, media_type=_JS)
    return body
