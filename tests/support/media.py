"""Media files made on the fly for tests (no binaries in the repository): Pillow images and a
minimal MP4 (``ftyp``, ``moov`` with ``mvhd`` and one ``trak/tkhd``, ``mdat``)."""

from __future__ import annotations

import io
import os
import struct

from PIL import Image


def image(fmt: str = "PNG", size: tuple[int, int] = (64, 48), color: str = "teal") -> bytes:
    """A solid image in ``fmt`` (PNG, JPEG, WEBP, GIF)."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def noise_png(size: tuple[int, int]) -> bytes:
    """A PNG of random pixels: incompressible, so its file is about 3 bytes per pixel."""
    out = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(out, "PNG")
    return out.getvalue()


def animated_gif(frames: int = 3, size: tuple[int, int] = (40, 30), noise: bool = False) -> bytes:
    """An animated GIF of ``frames`` frames (random pixels with ``noise``: a large file)."""
    pictures = []
    for i in range(frames):
        if noise:
            frame = Image.frombytes("P", size, os.urandom(size[0] * size[1]))
            frame.putpalette(bytes(range(256)) * 3)
        else:
            frame = Image.new("RGB", size, (i * 60 % 256, 90, 200 - i * 50 % 200))
        pictures.append(frame)
    out = io.BytesIO()
    pictures[0].save(out, "GIF", save_all=True, append_images=pictures[1:], duration=100, loop=0)
    return out.getvalue()


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def mp4(
    width: int = 640, height: int = 360, duration_ms: int = 3000, payload: int = 50_000
) -> bytes:
    """An MP4 whose boxes say ``width`` x ``height`` and ``duration_ms`` (no real frames)."""
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")
    mvhd = _box(b"mvhd", bytes(4) + struct.pack(">IIII", 0, 0, 1000, duration_ms) + bytes(80))
    tkhd_body = bytes(4) + bytes(20) + bytes(52) + struct.pack(">II", width << 16, height << 16)
    trak = _box(b"trak", _box(b"tkhd", tkhd_body))
    moov = _box(b"moov", mvhd + trak)
    mdat = _box(b"mdat", os.urandom(payload))
    return ftyp + moov + mdat


def multipart_body(
    boundary: str,
    fields: dict[str, str],
    files: dict[str, tuple[str, bytes]],
    base64_file: bool = False,
) -> bytes:
    """A multipart/form-data body built by hand (twurl's part layout)."""
    import base64

    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(value.encode() + b"\r\n")
    for name, (filename, data) in files.items():
        out.write(
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n".encode()
        )
        if base64_file:
            out.write(b"Content-Transfer-Encoding: base64\r\n")
            data = base64.b64encode(data)
        out.write(b"\r\n" + data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue()
