"""The blob-store contract, run against every implementation (the directory store for now)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from roost.store.blobs import BlobStore, DirectoryBlobStore, check_key

IMPLEMENTATIONS: dict[str, Callable[[Path], BlobStore]] = {"directory": DirectoryBlobStore}


@pytest.fixture(params=sorted(IMPLEMENTATIONS))
def blobs(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    """A fresh, empty store of each kind."""
    return IMPLEMENTATIONS[request.param](tmp_path / "blobs")


def test_put_get_replace_delete(blobs: BlobStore) -> None:
    assert blobs.get("a.png") is None and blobs.size("a.png") is None
    blobs.put("a.png", b"first")
    blobs.put("a.png", b"second!")
    assert blobs.get("a.png") == b"second!" and blobs.size("a.png") == 7
    blobs.delete("a.png")
    blobs.delete("a.png")  # absent: no error
    assert blobs.get("a.png") is None


def test_ranged_reads(blobs: BlobStore) -> None:
    blobs.put("v.mp4", bytes(range(100)))
    assert blobs.read("v.mp4", 10, 5) == bytes(range(10, 15))
    assert blobs.read("v.mp4", 98, 10) == bytes([98, 99])
    assert blobs.read("v.mp4", 200, 10) == b"" and blobs.read("missing", 0, 4) == b""


def test_segments_list_compose_and_delete_a_prefix(blobs: BlobStore) -> None:
    for index, chunk in [(2, b"cc"), (0, b"a"), (1, b"bbb")]:
        blobs.put(f"segments/7/{index:04d}", chunk)
    keys = blobs.keys("segments/7")
    assert keys == ["segments/7/0000", "segments/7/0001", "segments/7/0002"]
    assert blobs.compose("whole.bin", keys) == 6
    assert blobs.get("whole.bin") == b"abbbcc"
    blobs.delete("segments/7/")
    assert blobs.keys("segments/7") == [] and blobs.keys("never") == []


def test_paths_for_serving(blobs: BlobStore) -> None:
    blobs.put("x.gif", b"GIF89a")
    path = blobs.path("x.gif")
    if path is not None:  # a store without local files answers None
        assert path.read_bytes() == b"GIF89a"
    assert blobs.path("y.gif") is None


@pytest.mark.parametrize("key", ["../escape", "/abs", "a/../b", "", "a//b", ".hidden", "sp ace"])
def test_keys_cannot_leave_the_store(blobs: BlobStore, key: str) -> None:
    with pytest.raises(ValueError):
        blobs.put(key, b"x")
    with pytest.raises(ValueError):
        check_key(key)
