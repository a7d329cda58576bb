"""What an uploaded file is: its type, dimensions, frames and duration, read from its bytes.

Images are opened and decoded with Pillow (a file Pillow cannot decode is not an image, whatever
its name says). MP4 needs no decoder: the ISO base media file format is a tree of boxes, so the
``ftyp`` box proves the brand and ``moov/mvhd`` and ``moov/trak/tkhd`` give duration and size.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

_PIL_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
# Brands an MP4 (or its QuickTime-family siblings Twitter's transcoder took) declares in ftyp.
_MP4_BRANDS = (b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ",
               b"dash", b"qt  ", b"3gp4", b"3gp5", b"MSNV")  # fmt: skip
_MOOV_MAX = 64 * 1024 * 1024  # a moov box larger than this is not a file we can take


@dataclass(frozen=True)
class Probe:
    """The facts Roost keeps about a file."""

    media_type: str
    width: int
    height: int
    frames: int = 1
    duration_ms: int | None = None


def probe_image(data: bytes) -> Probe | None:
    """JPEG, PNG, GIF or WEBP that Pillow fully decodes; None for anything else."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                media_type = _PIL_TYPES.get(img.format or "")
                if media_type is None:
                    return None
                width, height = img.size
                frames = int(getattr(img, "n_frames", 1))
                img.load()  # decodes the first frame: a truncated or corrupt file fails here
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        return None
    return Probe(media_type, width, height, frames)


Reader = Callable[[int, int], bytes]  # (offset, length) -> bytes


def _boxes(read: Reader, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, payload start, box end) of the boxes between ``start`` and ``end``."""
    found = []
    pos = start
    while pos + 8 <= end:
        head = read(pos, 16)
        if len(head) < 8:
            break
        size, kind = struct.unpack(">I4s", head[:8])
        header = 8
        if size == 1 and len(head) >= 16:
            size, header = struct.unpack(">Q", head[8:16])[0], 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            break
        found.append((kind, pos + header, pos + size))
        pos += size
    return found


def _mvhd(payload: bytes) -> int | None:
    """Duration in ms from a movie header (version 0 or 1)."""
    if not payload:
        return None
    if payload[0] == 1 and len(payload) >= 32:
        timescale, duration = struct.unpack(">IQ", payload[20:32])
    elif len(payload) >= 20:
        timescale, duration = struct.unpack(">II", payload[12:20])
    else:
        return None
    return duration * 1000 // timescale if timescale else None


def _tkhd(payload: bytes) -> tuple[int, int]:
    """Width and height (16.16 fixed point, at the end of the track header)."""
    if len(payload) < 8:
        return 0, 0
    width, height = struct.unpack(">II", payload[-8:])
    return width >> 16, height >> 16


def _moov(data: bytes) -> tuple[int, int, int | None]:
    """Width, height (of the first visual track) and duration from a moov payload."""
    read: Reader = lambda offset, length: data[offset : offset + length]  # noqa: E731
    width = height = 0
    duration = None
    for kind, start, end in _boxes(read, 0, len(data)):
        if kind == b"mvhd":
            duration = _mvhd(data[start:end])
        elif kind == b"trak" and not width:
            for inner, s, e in _boxes(read, start, end):
                if inner == b"tkhd":
                    width, height = _tkhd(data[s:e])
    return width, height, duration


def probe_mp4(read: Reader, size: int) -> Probe | None:
    """An MP4 whose first box is ``ftyp`` with a known brand; None for anything else."""
    boxes = _boxes(read, 0, size)
    if not boxes or boxes[0][0] != b"ftyp":
        return None
    ftyp = read(boxes[0][1], boxes[0][2] - boxes[0][1])
    brands = [ftyp[i : i + 4] for i in range(0, len(ftyp), 4) if i != 4]  # major, compatible
    if not any(brand in _MP4_BRANDS for brand in brands):
        return None
    for kind, start, end in boxes[1:]:
        if kind == b"moov" and end - start <= _MOOV_MAX:
            width, height, duration = _moov(read(start, end - start))
            return Probe("video/mp4", width, height, 1, duration)
    return Probe("video/mp4", 0, 0, 1, None)


def poster_jpeg(data: bytes | None, width: int, height: int) -> bytes:
    """A JPEG still for a GIF (its first frame) or a video (a plain frame of its size: Roost has
    no video decoder), served as the entity's media_url like Twitter's video thumbnails."""
    img: Image.Image | None = None
    if data is not None:
        try:
            with Image.open(io.BytesIO(data)) as src:
                img = src.convert("RGB")
        except (OSError, ValueError):
            img = None
    if img is None:
        w, h = (width, height) if width > 0 and height > 0 else (640, 360)
        scale = min(1.0, 1280 / max(w, h))
        img = Image.new("RGB", (max(1, round(w * scale)), max(1, round(h * scale))), (32, 32, 32))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()
