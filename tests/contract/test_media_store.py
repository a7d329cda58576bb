"""The media rows of the store (store/media.py), on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

from roost.domain import media as rules
from roost.domain.model import Media
from roost.runtime import Runtime
from tests.contract.test_store import add_user


def _upload(rt: Runtime, user_id: int, created: int = 1_000, **values: object) -> Media:
    media_id = rt.next_id()
    media = Media(
        id=media_id,
        user_id=user_id,
        name=rules.file_name(media_id, b"xyz"),
        kind=rules.VIDEO,
        media_type="video/mp4",
        category="tweet_video",
        state=rules.UPLOADING,
        total_bytes=1 << 33,  # more than 32 bits: BigInteger on both engines
        size=0,
        width=0,
        height=0,
        duration_ms=None,
        alt_text=None,
        base_url="http://127.0.0.1:8080",
        additional_owners=(7, 8),
        processing_polls=0,
        processing_error=None,
        status_id=None,
        created_at_ms=created,
        finalized_at_ms=None,
        expires_at_ms=created + rules.EXPIRES_MS,
    )
    media = replace(media, **values)  # type: ignore[arg-type]
    with rt.store.write() as tx:
        tx.insert_media(media)
    return media


def test_insert_and_read_back(runtime: Runtime) -> None:
    user = add_user(runtime)
    media = _upload(runtime, user.id)
    with runtime.store.read() as tx:
        assert tx.media_by_id(media.id) == media
        assert tx.media_by_ids([media.id, 42, media.id]) == {media.id: media}
        assert tx.media_by_id(42) is None


def test_updates_polls_and_attachment(runtime: Runtime) -> None:
    user = add_user(runtime)
    a, b = _upload(runtime, user.id), _upload(runtime, user.id)
    error = {"code": 1, "name": "InvalidMedia", "message": "file is invalid"}
    with runtime.store.write() as tx:
        tx.update_media(a.id, state=rules.FAILED, processing_error=error, category=None)
        tx.count_polls(b.id)
        tx.count_polls(b.id)
        tx.attach_media([a.id, b.id], 99)
        tx.attach_media([a.id], 100)  # the first status stays
    with runtime.store.read() as tx:
        found = tx.media_by_ids([a.id, b.id])
    assert found[a.id].processing_error == error and found[a.id].category is None
    assert found[b.id].processing_polls == 2
    assert found[a.id].status_id == 99 and found[b.id].status_id == 99


def test_uploads_counted_per_day(runtime: Runtime) -> None:
    user, other = add_user(runtime), add_user(runtime)
    for created in (500, 2_000, 3_000):
        _upload(runtime, user.id, created)
    _upload(runtime, other.id, 2_500)
    with runtime.store.read() as tx:
        assert tx.media_uploaded_since(user.id, 1_000) == (2, 2_000)
        assert tx.media_uploaded_since(user.id, 10_000) == (0, None)


def test_sweep_keeps_only_the_segments_of_open_uploads(runtime: Runtime) -> None:
    """What a kill -9 between FINALIZE's commit and its clean-up (or an upload never finished)
    leaves on disk goes at the next start; an upload still open keeps its segments."""
    from roost.services import media

    user = add_user(runtime)
    now = runtime.now_ms()
    open_one = _upload(runtime, user.id, created=now)
    finalized = _upload(runtime, user.id, created=now, state=rules.SUCCEEDED)
    expired = _upload(runtime, user.id, created=now - rules.EXPIRES_MS - 1)
    rowless = runtime.next_id()
    for media_id in (open_one.id, finalized.id, expired.id, rowless):
        runtime.blobs.put(f"segments/{media_id}/0000", b"segment")
    assert media.sweep_segments(runtime) == 3
    assert runtime.blobs.keys("segments") == [f"segments/{open_one.id}"]
    assert runtime.blobs.get(f"segments/{open_one.id}/0000") == b"segment"
    assert media.sweep_segments(runtime) == 0
