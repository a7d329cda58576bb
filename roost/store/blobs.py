"""Where media files live: a small blob-store interface, and its directory implementation.

Keys are relative paths of safe characters (``<name>.png``, ``segments/<id>/0003``). The
interface is what object storage offers too (put, get, ranged read, list, compose, delete), so
an S3 or GCS store can replace the directory without touching the services.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

_KEY = re.compile(r"[A-Za-z0-9_\-][A-Za-z0-9_.\-]*(/[A-Za-z0-9_\-][A-Za-z0-9_.\-]*)*\Z")


class BlobStore(Protocol):
    """Bytes by key."""

    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key`` (replacing what was there, atomically)."""

    def get(self, key: str) -> bytes | None:
        """All of a blob, or None."""

    def read(self, key: str, offset: int, length: int) -> bytes:
        """Up to ``length`` bytes from ``offset`` (empty past the end or for no blob)."""

    def size(self, key: str) -> int | None:
        """A blob's length, or None."""

    def keys(self, prefix: str) -> list[str]:
        """The keys under ``prefix/``, sorted."""

    def compose(self, key: str, sources: Sequence[str]) -> int:
        """Write the concatenation of ``sources`` to ``key``; its length."""

    def delete(self, key: str) -> None:
        """Remove a blob (or a prefix's blobs, for ``prefix/``); no error if absent."""

    def path(self, key: str) -> Path | None:
        """A local file holding the blob, for serving it without reading it into memory."""


def check_key(key: str) -> str:
    """A key that cannot leave the store's root (no ``..``, no absolute paths)."""
    if not _KEY.match(key):
        raise ValueError(f"not a blob key: {key!r}")
    return key


class DirectoryBlobStore:
    """Blobs as files under one directory (``<data dir>/media`` by default)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _file(self, key: str) -> Path:
        return self.root / check_key(key.rstrip("/"))

    def put(self, key: str, data: bytes) -> None:
        """Write to a temporary file, then rename: readers never see half a file."""
        target = self._file(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes | None:
        """The file's bytes."""
        try:
            return self._file(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            return None

    def read(self, key: str, offset: int, length: int) -> bytes:
        """A byte range of the file."""
        try:
            with self._file(key).open("rb") as f:
                f.seek(offset)
                return f.read(length)
        except (FileNotFoundError, IsADirectoryError):
            return b""

    def size(self, key: str) -> int | None:
        """The file's length."""
        try:
            return self._file(key).stat().st_size
        except FileNotFoundError:
            return None

    def keys(self, prefix: str) -> list[str]:
        """Files directly under a prefix directory."""
        folder = self._file(prefix)
        if not folder.is_dir():
            return []
        base = prefix.rstrip("/")
        return sorted(f"{base}/{p.name}" for p in folder.iterdir() if not p.name.startswith("."))

    def compose(self, key: str, sources: Sequence[str]) -> int:
        """Concatenate files by streaming them into a temporary file, then rename it."""
        target = self._file(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                for source in sources:
                    with self._file(source).open("rb") as src:
                        shutil.copyfileobj(src, out, 1024 * 1024)
                length = out.tell()
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return length

    def delete(self, key: str) -> None:
        """Remove a file, or a whole prefix directory."""
        target = self._file(key)
        if target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
        else:
            target.unlink(missing_ok=True)

    def path(self, key: str) -> Path | None:
        """The file itself."""
        target = self._file(key)
        return target if target.is_file() else None
