"""Posting, deleting and reading statuses by the rules of the seeds (POST statuses/update & co)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from roost.domain import media as media_rules
from roost.domain import policy, signals, text
from roost.domain.errors import (
    AttachmentTypesExceeded,
    CannotDeleteOthers,
    MissingStatus,
    NoStatusFound,
    NotAuthorizedToSeeStatus,
    ParameterInvalid,
    ReplyToUnavailable,
    StatusDuplicate,
    StatusTooLong,
    UserSuspended,
)
from roost.domain.ids import lowest_id_at
from roost.domain.model import App, Tweet, User
from roost.domain.permalinks import is_dm_deep_link, parse_status_permalink, permalink
from roost.domain.polls import Poll, StatusExtras
from roost.runtime import Runtime
from roost.search.document import document_for
from roost.services import geo, media, visibility
from roost.stream.events import StatusDeleted, StatusPosted

DUPLICATE_WINDOW_MS = 24 * 60 * 60 * 1000  # "compared with the authenticating user's recent Tweets"
MAX_REPLY_MENTIONS = 50


@dataclass
class PostRequest:
    """The parameters of POST statuses/update, parsed."""

    status: str
    in_reply_to_status_id: int | None = None
    auto_populate_reply_metadata: bool = False
    exclude_reply_user_ids: list[int] = field(default_factory=list)
    attachment_url: str | None = None
    possibly_sensitive: bool | None = None
    lat: str | None = None
    long: str | None = None
    place_id: str | None = None
    display_coordinates: bool = True
    card_uri: str | None = None
    media_ids: list[int] = field(default_factory=list)
    # POST /2/tweets only
    quote_status_id: int | None = None  # quote_tweet_id: a quote by id, not by permalink
    poll_options: list[str] | None = None
    poll_duration_minutes: int | None = None
    reply_settings: str | None = None
    tagged_user_ids: list[int] = field(default_factory=list)


def source_label(app: App) -> tuple[str, str]:
    """The (name, website) a status posted through ``app`` shows as its ``source``."""
    return app.name, app.website or "https://github.com/roost"


def can_see(tx: Any, viewer_id: int | None, tweet: Tweet, author: User | None) -> bool:
    """Whether ``viewer_id`` may see ``tweet`` by ``author`` (policy.can_view_status, with the
    follow looked up only when the author is protected)."""
    if author is None:
        return False
    follows = (
        bool(viewer_id)
        and author.protected
        and viewer_id != author.id
        and (tx.friendship(viewer_id, author.id).following)
    )
    return policy.can_view_status(viewer_id, author, bool(follows))


def _reply_target(tx: Any, user: User, req: PostRequest) -> tuple[Tweet | None, User | None]:
    if req.in_reply_to_status_id is None:
        return None, None
    parent = tx.status_by_id(req.in_reply_to_status_id)
    author = tx.user_by_id(parent.user_id) if parent else None
    if parent is None or not can_see(tx, user.id, parent, author):
        if req.auto_populate_reply_metadata:
            raise ReplyToUnavailable()
        return None, None  # the seeds: ignored unless its author is mentioned
    return parent, author


def _reply_names(parent: Tweet, author: User, user: User, exclude: Iterable[int]) -> list[str]:
    """The leading @mentions auto_populate_reply_metadata builds: the author first (it cannot be
    excluded), then the accounts the parent mentioned, minus exclusions and the poster."""
    excluded = set(exclude)
    names: list[str] = []
    seen = {user.id}
    if author.id not in seen:
        names.append(author.screen_name)
        seen.add(author.id)
    for mention in parent.entities.get("user_mentions", []):
        uid = int(mention["id"])
        if uid in seen or uid in excluded:
            continue
        seen.add(uid)
        names.append(str(mention["screen_name"]))
    return names[:MAX_REPLY_MENTIONS]


def _quote_target(rt: Runtime, tx: Any, user: User, req: PostRequest) -> tuple[Tweet | None, str]:
    """The quoted status and its canonical permalink, from ``attachment_url`` (v1.1) or
    ``quote_status_id`` (v2); a DM deep link quotes nothing. A status the user may not see is
    refused as the parameter that named it."""
    name = "quote_tweet_id" if req.quote_status_id is not None else "attachment_url"
    status_id = req.quote_status_id
    if status_id is None:
        url = req.attachment_url
        if not url:
            return None, ""
        link = parse_status_permalink(url, rt.settings_public_hosts())
        if link is None:
            if is_dm_deep_link(url):
                return None, ""
            raise ParameterInvalid(name)
        status_id = link.status_id
    quoted = tx.status_by_id(status_id)
    author = tx.user_by_id(quoted.user_id) if quoted else None
    if quoted is None or author is None or not can_see(tx, user.id, quoted, author):
        raise ParameterInvalid(name)
    return quoted, permalink(author.screen_name, quoted.id)


def post(rt: Runtime, user: User, app: App, req: PostRequest) -> Tweet:
    """POST statuses/update: validate, compose the text, store, count; the new status."""
    status = req.status or ""
    attached = req.attachment_url is not None or req.quote_status_id is not None
    if not status.strip() and not req.media_ids and not attached:
        raise MissingStatus()
    length = text.weighted_length(status)
    if length.weighted_length > text.MAX_WEIGHTED_LENGTH:
        raise StatusTooLong()
    if not length.valid and status.strip():
        raise ParameterInvalid("status")
    media_ids = media_rules.unique_ids(req.media_ids)
    if media_ids and attached:  # one attachment per Tweet: media, quote or DM link
        raise AttachmentTypesExceeded()
    said = signals.signals_of(status)  # of what the user wrote; outside the write transaction
    now = rt.now_ms()
    with rt.store.write() as tx:
        parent, parent_author = _reply_target(tx, user, req)
        names: list[str] = []
        if parent is not None and parent_author is not None and req.auto_populate_reply_metadata:
            names = _reply_names(parent, parent_author, user, req.exclude_reply_user_ids)
        quoted, quoted_link = _quote_target(rt, tx, user, req)
        items = media.attachable(tx, user.id, media_ids, now) if media_ids else []
        status_id = rt.next_id()  # minted first: the media link names the new status
        media_url = media.media_permalink(user.screen_name, status_id, items[0]) if items else None
        attachment = quoted_link if req.quote_status_id is not None else req.attachment_url
        composed = text.compose(status, names, attachment, media_url)
        entities = text.entities(composed, tx.mention_targets)
        mentioned = {int(m["id"]) for m in entities["user_mentions"]}
        if (
            parent is not None
            and parent_author is not None
            and not (
                req.auto_populate_reply_metadata
                or parent_author.id in mentioned
                or parent_author.id == user.id
            )
        ):
            parent = parent_author = None  # the seeds: the author must be @mentioned
        if tx.has_recent_text(user.id, lowest_id_at(now - DUPLICATE_WINDOW_MS), composed.text):
            raise StatusDuplicate()
        lat, long, place_id = geo.for_status(user, req.lat, req.long, req.place_id)
        source_name, source_url = source_label(app)
        reply_to = (
            (parent_author.id, parent_author.screen_name)
            if parent_author is not None
            else text.leading_mention(entities)
        )
        tweet = Tweet(
            id=status_id,
            user_id=user.id,
            text=composed.text,
            display_start=composed.display_start,
            display_end=composed.display_end,
            entities=entities,
            source_name=source_name,
            source_url=source_url,
            in_reply_to_status_id=parent.id if parent else None,
            in_reply_to_user_id=reply_to[0] if reply_to else None,
            in_reply_to_screen_name=reply_to[1] if reply_to else None,
            quoted_status_id=quoted.id if quoted else None,
            quoted_permalink=quoted_link or None,
            lang=said.lang,
            possibly_sensitive=(
                user.possibly_sensitive
                if req.possibly_sensitive is None
                else req.possibly_sensitive
            ),
            lat=lat,
            long=long,
            place_id=place_id,
            display_coordinates=req.display_coordinates,
            card_uri=req.card_uri,
            media_ids=[m.id for m in items] or None,
        )
        tx.insert_status(tweet)
        tx.insert_status_extras(tweet.id, _extras(tx, user, req, items, now))
        tx.index_status(tweet.id, document_for(tweet, [m.kind for m in items], said, user.location))
        tx.attach_media(tweet.media_ids or (), tweet.id)
        tx.insert_mentions(tweet.id, mentioned - {user.id})
        links = dict(composed.wrapped)
        if len(composed.text) > text.COMPAT_LENGTH:  # compat mode links to the whole Tweet
            links[text.tco_code(f"https://twitter.com/i/web/status/{tweet.id}")] = (
                f"https://twitter.com/i/web/status/{tweet.id}"
            )
        if quoted_link:
            links[text.tco_code(quoted_link)] = quoted_link
        for code, url in links.items():
            tx.insert_tco(code, url)
        tx.adjust_user_counts(user.id, statuses_count=1)
        if parent is not None:
            tx.adjust_status_counts(parent.id, reply_count=1)
        if quoted is not None:
            tx.adjust_status_counts(quoted.id, quote_count=1)
    rt.stream.publish(StatusPosted(tweet, user))  # committed: now the streams may see it
    return tweet


def _extras(tx: Any, user: User, req: PostRequest, items: Sequence[Any], now: int) -> StatusExtras:
    """The poll, reply_settings and photo tags of a v2 Tweet. A tagged user who does not allow
    photo tagging (or allows it only by accounts they follow, and does not follow the author)
    is left out, the Tweet still posted (the guide's "Profile settings")."""
    poll = None
    if req.poll_options is not None and req.poll_duration_minutes is not None:
        end = now + req.poll_duration_minutes * 60_000
        poll = Poll(list(req.poll_options), req.poll_duration_minutes, end)
    tagged: list[int] = []
    if req.tagged_user_ids and any(m.kind == media_rules.PHOTO for m in items):
        found = tx.users_by_ids(set(req.tagged_user_ids))
        for uid in dict.fromkeys(req.tagged_user_ids):
            target = found.get(uid)
            if target is None or uid == user.id or not target.photo_tagging:
                continue
            if (
                target.allow_media_tagging == "following"
                and not tx.friendship(uid, user.id).following
            ):
                continue
            tagged.append(uid)
    return StatusExtras(poll, req.reply_settings, tagged)


def forget_engagement(tx: Any, status_ids: Sequence[int]) -> None:
    """Before statuses are deleted: their likes go, and with each one its liker's
    ``favourites_count``."""
    for _, liker in tx.favoriters_of(status_ids):
        tx.adjust_user_counts(liker, favourites_count=-1)
    tx.delete_favorites_of(status_ids)


def destroy(rt: Runtime, user: User, status_id: int) -> Tweet:
    """POST statuses/destroy/:id: the author deletes a status; its retweets go with it, quote
    tweets of it stay (the seeds' "Tweet availability")."""
    with rt.store.write() as tx:
        tweet = tx.status_by_id(status_id)
        if tweet is None:
            raise NoStatusFound()
        if not policy.can_delete_status(user.id, tweet.user_id):
            raise CannotDeleteOthers()
        retweets = tx.retweet_ids_of(tweet.id)
        gone = [tweet.id] + [rid for rid, _ in retweets]
        retweet_statuses = tx.statuses_by_ids([rid for rid, _ in retweets]) if retweets else {}
        forget_engagement(tx, gone)
        tx.delete_statuses(gone)
        tx.adjust_user_counts(user.id, statuses_count=-1)
        for _, retweeter in retweets:
            tx.adjust_user_counts(retweeter, statuses_count=-1)
        if tweet.in_reply_to_status_id:
            tx.adjust_status_counts(tweet.in_reply_to_status_id, reply_count=-1)
        if tweet.quoted_status_id:
            tx.adjust_status_counts(tweet.quoted_status_id, quote_count=-1)
        if tweet.retweeted_status_id:
            tx.adjust_status_counts(tweet.retweeted_status_id, retweet_count=-1)
    # delete notices for the status and every retweet that went with it
    rt.stream.publish(StatusDeleted(tweet, user.protected))
    for made in retweet_statuses.values():
        rt.stream.publish(StatusDeleted(made, False, retweeted_user_id=tweet.user_id))
    return tweet


def show(rt: Runtime, viewer_id: int | None, status_id: int) -> Tweet:
    """GET statuses/show: 144 when there is no such status, 63 when its author (or a retweet's
    original's) is suspended, 179 when it is not visible."""
    tweet = rt.store.status_by_id(status_id)
    if tweet is None:
        raise NoStatusFound()
    author = rt.store.user_by_id(tweet.user_id)
    if author is None:
        raise NoStatusFound()
    if author.suspended:  # Twitter's "information cannot be retrieved" (63/403)
        raise UserSuspended()
    if author.protected and viewer_id != author.id:
        with rt.store.read() as tx:
            if not can_see(tx, viewer_id, tweet, author):
                raise NotAuthorizedToSeeStatus()
    if tweet.retweeted_status_id:  # a retweet carries its original: both must be visible
        show(rt, viewer_id, tweet.retweeted_status_id)
    return tweet


def lookup(rt: Runtime, viewer_id: int | None, ids: Sequence[int]) -> dict[int, Tweet]:
    """GET/POST statuses/lookup: the visible statuses among ``ids`` (others are left out, as
    deleted ones, protected authors' the viewer does not follow and suspended authors' are:
    what hydrating a dataset of ids never got back)."""
    with rt.store.read() as tx:
        found = tx.statuses_by_ids(ids)
        seen = visibility.load(tx, viewer_id, found.values())
    return {status_id: tweet for status_id, tweet in found.items() if seen.shown(tweet)}
