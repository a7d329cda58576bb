"""Media as Twitter rendered it: upload replies (upload.twitter.com) and a Tweet's media entities.

Key orders are the recorded ones: the upload replies of tweepy's cassettes
testmediauploadpng/gif/mp4, async FINALIZE and STATUS replies quoted in client issues, and the
media entity of cassette testupdatestatuswithmedia (plus ``video_info`` as in twitterdev's
tweet-updates samples).
"""

from __future__ import annotations

from typing import Any

from roost.domain import media as rules
from roost.domain.model import Media


def file_url(media: Media, ext: str | None = None) -> str:
    """Where Roost serves an upload: ``<base>/media/<name>.<ext>``."""
    return f"{media.base_url}/media/{media.name}.{ext or rules.extension(media.media_type)}"


def still_url(media: Media) -> str:
    """media_url_https: the photo itself, or the JPEG still of a GIF or video."""
    return file_url(media) if media.kind == rules.PHOTO else file_url(media, "jpg")


def _head(media: Media) -> dict[str, Any]:
    out: dict[str, Any] = {"media_id": media.id, "media_id_string": str(media.id)}
    if media.category is not None:  # replies to uploads with a media_category carry the key
        out["media_key"] = rules.media_key(media)
    return out


def _file_info(media: Media) -> dict[str, Any]:
    if media.kind == rules.VIDEO:
        return {"video": {"video_type": media.media_type}}
    return {"image": {"image_type": media.media_type, "w": media.width, "h": media.height}}


def uploaded(media: Media, now_ms: int) -> dict[str, Any]:
    """The simple upload's 200: id, size, expires_after_secs and ``image``."""
    return {
        **_head(media),
        "size": media.size,
        "expires_after_secs": rules.expires_after_secs(media, now_ms),
        **_file_info(media),
    }


def initialized(media: Media, now_ms: int) -> dict[str, Any]:
    """INIT's 202: the new media id and how long the session lasts."""
    return {**_head(media), "expires_after_secs": rules.expires_after_secs(media, now_ms)}


def _processing_info(p: rules.Processing) -> dict[str, Any]:
    info: dict[str, Any] = {"state": p.state}
    if p.check_after_secs is not None:
        info["check_after_secs"] = p.check_after_secs
    if p.progress_percent is not None:
        info["progress_percent"] = p.progress_percent
    if p.error is not None:
        info["error"] = p.error
    return info


def finalized(media: Media, now_ms: int) -> dict[str, Any]:
    """FINALIZE's 201 and STATUS's 200: the file's facts, and ``processing_info`` when the
    upload is processed asynchronously (a GIF or video sent with a media_category)."""
    out = {
        **_head(media),
        "size": media.size,
        "expires_after_secs": rules.expires_after_secs(media, now_ms),
    }
    if not rules.is_async(media):
        return {**out, **_file_info(media)}
    p = rules.processing(media, now_ms)
    if p.state == rules.SUCCEEDED:
        out.update(_file_info(media))
    out["processing_info"] = _processing_info(p)
    return out


def _video_info(media: Media) -> dict[str, Any]:
    info: dict[str, Any] = {"aspect_ratio": rules.aspect_ratio(media.width, media.height)}
    if media.kind == rules.VIDEO:
        if media.duration_ms is not None:
            info["duration_millis"] = media.duration_ms
        seconds = (media.duration_ms or 0) / 1000
        bitrate = int(media.size * 8 / seconds) if seconds else 0
        info["variants"] = [
            {"bitrate": bitrate, "content_type": media.media_type, "url": file_url(media)}
        ]
    else:  # Twitter served GIFs as MP4; Roost serves the GIF itself
        info["variants"] = [
            {"bitrate": 0, "content_type": media.media_type, "url": file_url(media)}
        ]
    return info


def entity(media: Media, link: dict[str, Any], *, extended: bool, alt_text: bool) -> dict[str, Any]:
    """One media entity: ``entities.media`` types every item ``photo``, ``extended_entities``
    gives the true type and a GIF's or video's ``video_info``."""
    still = still_url(media)
    out: dict[str, Any] = {
        "id": media.id,
        "id_str": str(media.id),
        "indices": list(link["indices"]),
        "media_url": "http://" + still.split("://", 1)[-1],
        "media_url_https": still,
        "url": link["url"],
        "display_url": link["display_url"],
        "expanded_url": link["expanded_url"],
        "type": media.kind if extended else rules.PHOTO,
        "sizes": rules.sizes(media.width, media.height),
    }
    if extended and media.kind != rules.PHOTO:
        out["video_info"] = _video_info(media)
    if alt_text:
        out["ext_alt_text"] = media.alt_text
    return out


def tweet_media(
    link: dict[str, Any], ids: list[int], found: dict[int, Media], alt_text: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``entities.media`` (the first item) and ``extended_entities.media`` (all of them)."""
    items = [found[i] for i in ids if i in found]
    if not items:
        return [], []
    first = entity(items[0], link, extended=False, alt_text=alt_text)
    every = [entity(m, link, extended=True, alt_text=alt_text) for m in items]
    return [first], every
