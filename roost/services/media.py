"""Uploading media (upload.twitter.com): simple and chunked (INIT/APPEND/FINALIZE/STATUS) uploads,
alt text, and the checks a new status makes of its media_ids.

Files go to the runtime's blob store under ``<name>.<ext>`` (a GIF or video also gets
``<name>-poster.jpg``, its still); APPEND segments wait under ``segments/<media id>/``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace

from roost.domain import media as rules
from roost.domain.errors import (
    MediaTooLarge,
    PageNotFound,
    ParameterInvalid,
    UploadError,
)
from roost.domain.ids import parse_id
from roost.domain.model import Media, User
from roost.domain.probe import Probe, poster_jpeg, probe_image, probe_mp4
from roost.runtime import Runtime
from roost.store.sql import SqlTx

METADATA_REQUEST = "/1.1/media/metadata/create.json"
DAILY_MEDIA_LIMIT = 6000  # x-mediaratelimit-limit in the recorded update_with_media reply
DAY_MS = 86_400_000
# What STATUS reported for a video Twitter could not process (real replies quoted in
# retifrav.github.io#30 and abraham/twitteroauth#1185).
INVALID_MEDIA = {"code": 1, "name": "InvalidMedia", "message": "file is invalid"}


def file_key(media: Media) -> str:
    """The blob key of the uploaded file."""
    return f"{media.name}.{rules.extension(media.media_type)}"


def poster_key(media: Media) -> str:
    """The blob key of a GIF's or video's still (its media_url)."""
    return f"{media.name}-poster.jpg"


def _segments(media_id: int) -> str:
    return f"segments/{media_id}"


def _unrecognized() -> UploadError:
    return UploadError("media type unrecognized.")


def _too_large(limit: int) -> UploadError:
    return UploadError(f"File size exceeds {limit} bytes.")


def invalid_media_id(media_id: object, request: str = "/1.1/media/upload.json") -> UploadError:
    """The upload host's answer for a media id it does not know (a real reply's wording)."""
    return UploadError(f"Invalid media_id: Some({media_id}).", request)


def check_category(category: str | None) -> None:
    """media_category must be one of Twitter's (tweet_image, tweet_gif, tweet_video, ...)."""
    if category is not None and category not in rules.CATEGORIES:
        raise ParameterInvalid("media_category")


def _new(
    rt: Runtime,
    user: User,
    *,
    kind: str,
    media_type: str,
    category: str | None,
    total_bytes: int,
    owners: Sequence[int],
    base_url: str,
) -> Media:
    media_id = rt.next_id()
    now = rt.now_ms()
    return Media(
        id=media_id,
        user_id=user.id,
        name=rules.file_name(media_id, os.urandom(3)),
        kind=kind,
        media_type=media_type,
        category=category,
        state=rules.UPLOADING,
        total_bytes=total_bytes,
        size=0,
        width=0,
        height=0,
        duration_ms=None,
        alt_text=None,
        base_url=base_url.rstrip("/"),
        additional_owners=tuple(dict.fromkeys(o for o in owners if o != user.id)),
        processing_polls=0,
        processing_error=None,
        status_id=None,
        created_at_ms=now,
        finalized_at_ms=None,
        expires_at_ms=now + rules.EXPIRES_MS,
    )


def _finished(rt: Runtime, media: Media, probe: Probe, size: int, data: bytes | None) -> Media:
    """The upload with its file's facts; the still of a GIF or video stored beside it."""
    kind = rules.kind_for(probe.media_type, media.category, probe.frames) or media.kind
    now = rt.now_ms()
    done = replace(
        media,
        kind=kind,
        media_type=probe.media_type,
        size=size,
        width=probe.width,
        height=probe.height,
        duration_ms=probe.duration_ms,
        finalized_at_ms=now,
        expires_at_ms=now + rules.EXPIRES_MS,
    )
    done = replace(done, state=rules.PROCESSING if rules.is_async(done) else rules.SUCCEEDED)
    if kind != rules.PHOTO:
        rt.blobs.put(poster_key(done), poster_jpeg(data, probe.width, probe.height))
    return done


def _store_image(
    rt: Runtime,
    user: User,
    data: bytes,
    probe: Probe,
    kind: str,
    *,
    category: str | None,
    owners: Sequence[int],
    base_url: str,
) -> Media:
    media = _new(
        rt,
        user,
        kind=kind,
        media_type=probe.media_type,
        category=category,
        total_bytes=len(data),
        owners=owners,
        base_url=base_url,
    )
    # a simple upload is never processed asynchronously, whatever its category
    media = replace(_finished(rt, media, probe, len(data), data), state=rules.SUCCEEDED)
    rt.blobs.put(file_key(media), data)
    with rt.store.write() as tx:
        tx.insert_media(media)
    return media


def upload(
    rt: Runtime,
    user: User,
    data: bytes,
    *,
    category: str | None = None,
    owners: Sequence[int] = (),
    base_url: str,
) -> Media:
    """POST media/upload (simple): one image (JPEG, PNG, GIF, WEBP) in one request."""
    check_category(category)
    guess = rules.ANIMATED_GIF if category in ("tweet_gif", "dm_gif") else rules.PHOTO
    if len(data) > rules.size_limit(guess, category):  # before decoding anything
        raise _too_large(rules.size_limit(guess, category))
    probe = probe_image(data)
    if probe is None:
        raise _unrecognized()
    kind = rules.kind_for(probe.media_type, category, probe.frames) or rules.PHOTO
    if len(data) > rules.size_limit(kind, category):
        raise _too_large(rules.size_limit(kind, category))
    return _store_image(
        rt, user, data, probe, kind, category=category, owners=owners, base_url=base_url
    )


def upload_for_status(rt: Runtime, user: User, data: bytes, *, base_url: str) -> Media:
    """The one image of POST statuses/update_with_media (PNG, JPEG, GIF up to 3 MB): 400/193
    when it is larger, 400/44 for a file that is not one of those images."""
    if len(data) > rules.WITH_MEDIA_MAX_BYTES:
        raise MediaTooLarge()
    probe = probe_image(data)
    if probe is None:
        raise ParameterInvalid("media")
    kind = rules.kind_for(probe.media_type, None, probe.frames) or rules.PHOTO
    return _store_image(rt, user, data, probe, kind, category=None, owners=(), base_url=base_url)


def init(
    rt: Runtime,
    user: User,
    *,
    total_bytes: int,
    media_type: str,
    category: str | None = None,
    owners: Sequence[int] = (),
    base_url: str,
) -> Media:
    """INIT: a new upload session for ``total_bytes`` of ``media_type``."""
    check_category(category)
    kind = rules.kind_for(media_type, category)
    if kind is None:
        raise _unrecognized()
    limit = rules.size_limit(kind, category)
    if total_bytes > limit:
        raise _too_large(limit)
    media = _new(
        rt,
        user,
        kind=kind,
        media_type=media_type,
        category=category,
        total_bytes=total_bytes,
        owners=owners,
        base_url=base_url,
    )
    with rt.store.write() as tx:
        tx.insert_media(media)
    return media


def _mine(rt: Runtime, user: User, media_id: int, request: str = "/1.1/media/upload.json") -> Media:
    with rt.store.read() as tx:
        media = tx.media_by_id(media_id)
    if media is None or media.user_id != user.id or rules.is_expired(media, rt.now_ms()):
        raise invalid_media_id(media_id, request)
    return media


def append(rt: Runtime, user: User, media_id: int, segment_index: int, data: bytes) -> None:
    """APPEND: one segment (0-999, at most 5 MB); sending an index again replaces it."""
    if not 0 <= segment_index <= rules.MAX_SEGMENT_INDEX:
        raise UploadError("Segment index must be between 0 and 999 inclusive.")
    if len(data) > rules.SEGMENT_MAX_BYTES:
        raise _too_large(rules.SEGMENT_MAX_BYTES)
    media = _mine(rt, user, media_id)
    if media.state != rules.UPLOADING:
        raise invalid_media_id(media_id)
    rt.blobs.put(f"{_segments(media_id)}/{segment_index:04d}", data)


# The columns FINALIZE fills in.
_CHANGED = frozenset(
    {
        "kind",
        "media_type",
        "state",
        "size",
        "width",
        "height",
        "duration_ms",
        "processing_error",
        "finalized_at_ms",
        "expires_at_ms",
    }
)


def finalize(rt: Runtime, user: User, media_id: int) -> Media:
    """FINALIZE: the segments must add up to INIT's total_bytes; the file is checked and kept.
    A GIF or video uploaded with a media_category is then processed (asynchronously)."""
    media = _mine(rt, user, media_id)
    if media.state != rules.UPLOADING:
        return media  # finalized already: the same answer again
    keys = rt.blobs.keys(_segments(media_id))
    total = sum(rt.blobs.size(k) or 0 for k in keys)
    if not keys or total != media.total_bytes:
        raise UploadError("Segments do not add up to provided total file size.")
    if media.kind == rules.VIDEO:
        done = _finalize_video(rt, media, keys, total)
    else:
        done = _finalize_image(rt, media, keys, total)
    with rt.store.write() as tx:
        tx.update_media(media.id, **{k: getattr(done, k) for k in _CHANGED})
    # Only once the row says finalized: a process killed before this line leaves segments
    # behind (sweep_segments, at the next start) rather than an upload no FINALIZE can finish.
    rt.blobs.delete(_segments(media_id) + "/")
    return done


def sweep_segments(rt: Runtime) -> int:
    """Delete the APPEND segments no FINALIZE will read: those of an upload finalized, failed
    or expired, or with no row at all (a process killed between FINALIZE's commit and its
    clean-up). An upload still open keeps its segments, whichever process serves it. The
    number of uploads swept."""
    swept = 0
    now = rt.now_ms()
    for folder in rt.blobs.keys("segments"):
        media_id = parse_id(folder.rsplit("/", 1)[-1])
        if media_id is None:
            continue
        with rt.store.read() as tx:
            media = tx.media_by_id(media_id)
        if media is None or media.state != rules.UPLOADING or rules.is_expired(media, now):
            rt.blobs.delete(folder + "/")
            swept += 1
    return swept


def _finalize_image(rt: Runtime, media: Media, keys: list[str], total: int) -> Media:
    data = b"".join(rt.blobs.get(k) or b"" for k in keys)
    probe = probe_image(data)
    if probe is None:
        raise _unrecognized()
    kind = rules.kind_for(probe.media_type, media.category, probe.frames) or rules.PHOTO
    limit = rules.size_limit(kind, media.category)
    if total > limit:
        raise _too_large(limit)
    done = _finished(rt, media, probe, total, data)
    rt.blobs.put(file_key(done), data)
    return done


def _finalize_video(rt: Runtime, media: Media, keys: list[str], total: int) -> Media:
    key = file_key(media)
    rt.blobs.compose(key, keys)
    probe = probe_mp4(lambda offset, length: rt.blobs.read(key, offset, length), total)
    if probe is not None:
        return _finished(rt, media, probe, total, None)
    rt.blobs.delete(key)
    if not rules.is_async(media):
        raise _unrecognized()
    now = rt.now_ms()
    return replace(
        media,
        state=rules.FAILED,
        size=total,
        processing_error=INVALID_MEDIA,
        finalized_at_ms=now,
        expires_at_ms=now + rules.EXPIRES_MS,
    )


def status(rt: Runtime, user: User, media_id: int) -> Media:
    """STATUS: an async upload's processing, one step further with every poll.

    Photos are never processed: Twitter answered STATUS for them with 404/34
    (plhery/node-twitter-api-v2#336)."""
    media = _mine(rt, user, media_id)
    if media.state == rules.UPLOADING:
        raise invalid_media_id(media_id)
    if media.kind == rules.PHOTO:
        raise PageNotFound()
    if media.state != rules.PROCESSING:
        return media
    with rt.store.write() as tx:
        tx.count_polls(media.id)
        found = tx.media_by_id(media.id)
        assert found is not None
        if rules.processing_done(found, rt.now_ms()):
            tx.update_media(media.id, state=rules.SUCCEEDED)
            found = replace(found, state=rules.SUCCEEDED)
    return found


def create_metadata(rt: Runtime, user: User, media_id: int, alt_text: str) -> None:
    """POST media/metadata/create: the uploader sets an upload's alt text (at most 1000)."""
    if len(alt_text) > rules.ALT_TEXT_MAX:
        raise UploadError(
            f"Alt text must be at most {rules.ALT_TEXT_MAX} characters.", METADATA_REQUEST
        )
    media = _mine(rt, user, media_id, METADATA_REQUEST)
    with rt.store.write() as tx:
        tx.update_media(media.id, alt_text=alt_text or None)


def daily_quota(rt: Runtime, user: User) -> tuple[int, int, int]:
    """(limit, remaining, reset epoch seconds) of the user's daily media uploads."""
    now = rt.now_ms()
    with rt.store.read() as tx:
        count, oldest = tx.media_uploaded_since(user.id, now - DAY_MS)
    reset = ((oldest if oldest is not None else now) + DAY_MS) // 1000
    return DAILY_MEDIA_LIMIT, max(0, DAILY_MEDIA_LIMIT - count), reset


def attachable(tx: SqlTx, user_id: int, ids: Sequence[int], now_ms: int) -> list[Media]:
    """The uploads a new status may carry, in order (400/324 otherwise: see domain.media)."""
    return rules.check_attachable(list(ids), tx.media_by_ids(ids), user_id, now_ms)


def media_permalink(screen_name: str, status_id: int, first: Media) -> str:
    """Where a Tweet's media link leads: ``https://twitter.com/<sn>/status/<id>/photo/1``."""
    return (
        f"https://twitter.com/{screen_name}/status/{status_id}/{rules.permalink_path(first.kind)}"
    )
