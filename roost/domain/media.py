"""Twitter's media rules as pure code: limits, kinds, processing states, sizes, attachment rules.

Sources: the media upload docs (INIT/APPEND/FINALIZE/STATUS, "Media best practices"), tweepy's
recorded replies (cassettes testmediauploadpng/gif/mp4, testupdatestatuswithmedia) and real
error replies quoted in client issues (see ../shared/FIDELITY.md section 7 and each constant).
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from dataclasses import dataclass
from typing import Any

from roost.domain.errors import InvalidMediaIds, TooManyMediaIds
from roost.domain.model import Media

MB = 1024 * 1024
IMAGE_MAX_BYTES = 5 * MB  # "Image file size must be <= 5 MB" (best practices)
GIF_MAX_BYTES = 15 * MB  # "Animated GIF size <= 15 MB", only as media_category=tweet_gif
VIDEO_MAX_BYTES = 512 * MB  # "Video: 512 MB"
SEGMENT_MAX_BYTES = 5 * MB  # APPEND: "It must be <= 5 MB"
MAX_SEGMENT_INDEX = 999  # APPEND: "between 0-999 inclusive"
WITH_MEDIA_MAX_BYTES = 3 * MB  # update_with_media: "animated GIFs of up to 3MB" (photo_size_limit)
EXPIRES_MS = 86_400_000  # expires_after_secs 86400 in every recorded reply
ALT_TEXT_MAX = 1000  # alt text was raised from 420 to 1000 characters (2020)
MAX_PHOTOS = 4  # "up to 4 photos or 1 animated GIF or 1 video"
MIN_SIDE, MAX_SIDE = 4, 8192  # 324 "Image dimensions must be >= 4x4 and <= 8192x8192"
CHECK_AFTER_SECS = 1  # what the recorded async FINALIZE answered
# Processing is simulated: it completes at the second STATUS poll, or after this long for a
# client that never polls (a Tweet may only use media whose processing succeeded).
PROCESSING_MS = 2000
POLLS_TO_SUCCEED = 2

PHOTO, ANIMATED_GIF, VIDEO = "photo", "animated_gif", "video"
# Media states as stored; "processing" shows as pending / in_progress through STATUS.
UPLOADING, PROCESSING, SUCCEEDED, FAILED = "uploading", "processing", "succeeded", "failed"

CATEGORIES = frozenset(
    {
        "tweet_image",
        "tweet_gif",
        "tweet_video",
        "amplify_video",
        "dm_image",
        "dm_gif",
        "dm_video",
        "subtitles",
    }
)
# "This behavior is enabled if an upload session was initialized with a media_category
# parameter, and when then media type is either video or animated GIF" (FINALIZE docs).
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}
VIDEO_TYPES = {"video/mp4": "mp4"}
# media_key prefixes seen in real replies: 3_ photo, 7_ video, 16_ animated GIF, 13_ amplify_video
_KEY_PREFIX = {PHOTO: 3, ANIMATED_GIF: 16, VIDEO: 7}
# sizes of the media entity (cas:testupdatestatuswithmedia.yaml): the order Twitter sent them
SIZE_LIMITS = (("medium", 1200), ("large", 2048), ("small", 680))
THUMB = 150
_NAME = re.compile(r"[A-Za-z0-9_-]{15}\Z")


def extension(media_type: str) -> str:
    """The file extension of a stored media type (``png``, ``mp4``)."""
    return IMAGE_TYPES.get(media_type) or VIDEO_TYPES.get(media_type) or "bin"


def kind_for(media_type: str, category: str | None, frames: int = 1) -> str | None:
    """photo, animated_gif or video for a media type (None: a type Twitter did not take)."""
    if media_type in VIDEO_TYPES:
        return VIDEO
    if media_type not in IMAGE_TYPES:
        return None
    if media_type == "image/gif" and (category in ("tweet_gif", "dm_gif") or frames > 1):
        return ANIMATED_GIF
    return PHOTO


def size_limit(kind: str, category: str | None) -> int:
    """The largest file the upload endpoint takes for this kind and media_category.

    A GIF uploaded without media_category=tweet_gif is held to the image limit: real replies
    say "File size exceeds 5242880 bytes." for such GIFs (tweepy#2002, bear/python-twitter#662)
    and "File size exceeds 15728640 bytes." with it (pybamm-team/BattBot#62).
    """
    if kind == VIDEO:
        return VIDEO_MAX_BYTES
    if kind == ANIMATED_GIF and category in ("tweet_gif", "dm_gif"):
        return GIF_MAX_BYTES
    return IMAGE_MAX_BYTES


def is_async(media: Media) -> bool:
    """Whether FINALIZE answers with processing_info (and STATUS must be polled)."""
    return media.category is not None and media.kind in (ANIMATED_GIF, VIDEO)


def media_key(media: Media) -> str:
    """``<type>_<id>`` as the upload endpoint's replies carry it."""
    prefix = 13 if media.category == "amplify_video" else _KEY_PREFIX.get(media.kind, 3)
    return f"{prefix}_{media.id}"


def file_name(media_id: int, salt: bytes) -> str:
    """Twitter's 15-character media file name: base64url of the 8-byte id and 3 more bytes."""
    raw = media_id.to_bytes(8, "big") + salt[:3].ljust(3, b"\0")
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def media_id_of(name: str) -> int | None:
    """The media id a file name encodes (None if it is not one of Roost's names)."""
    if not _NAME.match(name):
        return None
    try:
        raw = base64.b64decode(name + "=", altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        return None
    return int.from_bytes(raw[:8], "big")


def expires_after_secs(media: Media, now_ms: int) -> int:
    """Seconds left before an unattached upload can no longer be used."""
    return max(0, -((now_ms - media.expires_at_ms) // 1000))  # rounded up: 86400 when new


def is_expired(media: Media, now_ms: int) -> bool:
    """An upload never attached to a Tweet is unusable after ``expires_after_secs``."""
    return media.status_id is None and now_ms >= media.expires_at_ms


@dataclass(frozen=True)
class Processing:
    """What STATUS reports: state (pending, in_progress, succeeded, failed) and progress."""

    state: str
    progress_percent: int | None = None
    check_after_secs: int | None = None
    error: dict[str, Any] | None = None


def processing(media: Media, now_ms: int) -> Processing:
    """The processing state of an async upload as a client sees it now."""
    if media.state == FAILED:
        return Processing(FAILED, 100, None, media.processing_error)
    if media.state == SUCCEEDED or processing_done(media, now_ms):
        return Processing(SUCCEEDED, 100)
    if media.processing_polls == 0:
        return Processing("pending", None, CHECK_AFTER_SECS)
    return Processing("in_progress", 50, CHECK_AFTER_SECS)


def processing_done(media: Media, now_ms: int) -> bool:
    """Simulated processing has finished (enough polls, or enough time)."""
    if media.state != PROCESSING:
        return media.state == SUCCEEDED
    started = media.finalized_at_ms or media.created_at_ms
    return media.processing_polls >= POLLS_TO_SUCCEED or now_ms - started >= PROCESSING_MS


def fit(width: int, height: int, limit: int) -> tuple[int, int]:
    """Scale down to fit ``limit`` on the longer side (never up), as Twitter's "fit" sizes."""
    longest = max(width, height)
    if longest <= limit or longest == 0:
        return width, height
    scale = limit / longest
    return max(1, round(width * scale)), max(1, round(height * scale))


def sizes(width: int, height: int) -> dict[str, dict[str, Any]]:
    """The ``sizes`` object of a media entity: medium, large, small fit; thumb 150x150 crop."""
    out: dict[str, dict[str, Any]] = {}
    for name, limit in SIZE_LIMITS:
        w, h = fit(width, height, limit)
        out[name] = {"w": w, "h": h, "resize": "fit"}
    out["thumb"] = {"w": THUMB, "h": THUMB, "resize": "crop"}
    return out


def aspect_ratio(width: int, height: int) -> list[int]:
    """``video_info.aspect_ratio``: the reduced width:height."""
    if width <= 0 or height <= 0:
        return [1, 1]
    g = math.gcd(width, height)
    return [width // g, height // g]


def may_use(media: Media, user_id: int) -> bool:
    """The uploader, and the additional_owners named at upload, may attach the media."""
    return media.user_id == user_id or user_id in media.additional_owners


def unique_ids(ids: list[int]) -> list[int]:
    """media_ids in order with repeats dropped; more than 4 is refused (324)."""
    ordered = list(dict.fromkeys(ids))
    if len(ordered) > MAX_PHOTOS:
        raise TooManyMediaIds()
    return ordered


def check_attachable(
    ids: list[int], found: dict[int, Media], user_id: int, now_ms: int
) -> list[Media]:
    """The media a new Tweet may carry, in order; 400/324 unless they are the caller's own,
    unexpired and processed, and make up 1-4 photos, or 1 animated GIF, or 1 video."""
    items: list[Media] = []
    for media_id in ids:
        media = found.get(media_id)
        if media is None or not may_use(media, user_id) or is_expired(media, now_ms):
            raise InvalidMediaIds()
        if not processing_done(media, now_ms):
            raise InvalidMediaIds()
        if media.kind == PHOTO and not (
            MIN_SIDE <= media.width <= MAX_SIDE and MIN_SIDE <= media.height <= MAX_SIDE
        ):
            raise InvalidMediaIds("Image dimensions must be >= 4x4 and <= 8192x8192")
        items.append(media)
    kinds = {m.kind for m in items}
    if len(items) > 1 and kinds != {PHOTO}:
        raise InvalidMediaIds()  # a GIF or a video must be alone
    return items


def permalink_path(kind: str) -> str:
    """The last part of a media entity's expanded_url: ``video/1`` or ``photo/1`` (GIFs too)."""
    return "video/1" if kind == VIDEO else "photo/1"
