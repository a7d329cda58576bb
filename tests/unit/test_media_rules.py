"""Media rules without a server: kinds, limits, sizes, names, processing, attachment, probing,
and the multipart reader's handling of twurl's Content-Type."""

from __future__ import annotations

import struct
from dataclasses import replace

import pytest

from roost.api import multipart
from roost.domain import media as rules
from roost.domain.errors import InvalidMediaIds, TooManyMediaIds
from roost.domain.model import Media
from roost.domain.probe import poster_jpeg, probe_image, probe_mp4
from tests.support.media import animated_gif, image, mp4, multipart_body

NOW = 1_700_000_000_000


def _media(**values: object) -> Media:
    base = Media(
        id=1,
        user_id=10,
        name=rules.file_name(1, b"abc"),
        kind=rules.PHOTO,
        media_type="image/png",
        category=None,
        state=rules.SUCCEEDED,
        total_bytes=100,
        size=100,
        width=640,
        height=480,
        duration_ms=None,
        alt_text=None,
        base_url="http://roost.test",
        additional_owners=(),
        processing_polls=0,
        processing_error=None,
        status_id=None,
        created_at_ms=NOW,
        finalized_at_ms=NOW,
        expires_at_ms=NOW + rules.EXPIRES_MS,
    )
    return replace(base, **values)  # type: ignore[arg-type]


def test_kinds_and_limits() -> None:
    assert rules.kind_for("video/mp4", None) == rules.VIDEO
    assert rules.kind_for("image/gif", None) == rules.PHOTO  # until its frames are known
    assert rules.kind_for("image/gif", None, frames=5) == rules.ANIMATED_GIF
    assert rules.kind_for("image/gif", "tweet_gif") == rules.ANIMATED_GIF
    assert rules.kind_for("application/pdf", None) is None
    assert rules.size_limit(rules.PHOTO, None) == 5242880
    assert rules.size_limit(rules.ANIMATED_GIF, None) == 5242880
    assert rules.size_limit(rules.ANIMATED_GIF, "tweet_gif") == 15728640
    assert rules.size_limit(rules.VIDEO, "tweet_video") == 536870912


def test_sizes_fit_and_crop() -> None:
    assert rules.sizes(1252, 626) == {
        "medium": {"w": 1200, "h": 600, "resize": "fit"},
        "large": {"w": 1252, "h": 626, "resize": "fit"},
        "small": {"w": 680, "h": 340, "resize": "fit"},
        "thumb": {"w": 150, "h": 150, "resize": "crop"},
    }
    assert rules.fit(600, 4000, 680) == (102, 680)  # the longer side, portrait too
    assert rules.aspect_ratio(1280, 720) == [16, 9] and rules.aspect_ratio(0, 0) == [1, 1]


def test_file_names_encode_the_id_like_twitter() -> None:
    # pbs.twimg.com/media/D_VRSrrXkAAYzkx.png was media 1149914661267148800 (the cassette)
    assert rules.media_id_of("D_VRSrrXkAAYzkx") == 1149914661267148800
    name = rules.file_name(1149914661267148800, b"\x18\xceL")
    assert name[:14] == "D_VRSrrXkAAYzk" and len(name) == 15  # Twitter's last 2 bits vary
    assert rules.media_id_of(name) == 1149914661267148800
    assert rules.media_id_of("short") is None and rules.media_id_of("!" * 15) is None


def test_keys_expiry_and_async() -> None:
    assert rules.media_key(_media(kind=rules.VIDEO)) == "7_1"
    assert rules.media_key(_media(kind=rules.ANIMATED_GIF)) == "16_1"
    assert rules.media_key(_media(kind=rules.VIDEO, category="amplify_video")) == "13_1"
    fresh = _media()
    assert rules.expires_after_secs(fresh, NOW) == 86400
    assert rules.expires_after_secs(fresh, NOW + 1500) == 86399
    assert rules.is_expired(fresh, NOW + rules.EXPIRES_MS)
    assert not rules.is_expired(replace(fresh, status_id=5), NOW + rules.EXPIRES_MS)
    assert not rules.is_async(_media(kind=rules.VIDEO))  # no media_category: synchronous
    assert rules.is_async(_media(kind=rules.VIDEO, category="tweet_video"))
    assert not rules.is_async(_media(kind=rules.PHOTO, category="tweet_image"))


def test_processing_advances_with_polls_or_time() -> None:
    m = _media(kind=rules.VIDEO, category="tweet_video", state=rules.PROCESSING)
    assert rules.processing(m, NOW) == rules.Processing("pending", None, 1)
    assert rules.processing(replace(m, processing_polls=1), NOW).state == "in_progress"
    assert rules.processing(replace(m, processing_polls=2), NOW).state == "succeeded"
    assert rules.processing(m, NOW + rules.PROCESSING_MS).state == "succeeded"
    failed = replace(m, state=rules.FAILED, processing_error={"code": 1})
    assert rules.processing(failed, NOW).error == {"code": 1}


def test_attachment_rules() -> None:
    photos = {i: _media(id=i) for i in range(1, 5)}
    assert [m.id for m in rules.check_attachable([1, 2, 3, 4], photos, 10, NOW)] == [1, 2, 3, 4]
    with pytest.raises(TooManyMediaIds):
        rules.unique_ids([1, 2, 3, 4, 5])
    assert rules.unique_ids([1, 1, 2]) == [1, 2]
    gif = {9: _media(id=9, kind=rules.ANIMATED_GIF)}
    with pytest.raises(InvalidMediaIds):
        rules.check_attachable([1, 9], {**photos, **gif}, 10, NOW)
    with pytest.raises(InvalidMediaIds):
        rules.check_attachable([1], photos, 11, NOW)  # someone else's
    shared = {1: _media(additional_owners=(11,))}
    assert rules.check_attachable([1], shared, 11, NOW)
    with pytest.raises(InvalidMediaIds):
        rules.check_attachable([1], photos, 10, NOW + rules.EXPIRES_MS)


def test_probing_images_and_mp4() -> None:
    jpeg, gif = probe_image(image("JPEG", (10, 20))), probe_image(animated_gif(frames=4))
    assert jpeg is not None and jpeg.media_type == "image/jpeg" and jpeg.width == 10
    assert gif is not None and gif.frames == 4
    assert probe_image(b"GIF89a broken") is None
    assert probe_image(image("BMP")) is None  # Twitter took JPG, PNG, GIF, WEBP only
    data = mp4(320, 240, 1234)
    found = probe_mp4(lambda o, n: data[o : o + n], len(data))
    assert found is not None and (found.width, found.height, found.duration_ms) == (320, 240, 1234)
    no_ftyp = data[data.index(b"moov") - 4 :]
    assert probe_mp4(lambda o, n: no_ftyp[o : o + n], len(no_ftyp)) is None
    # a 64-bit box size (size field 1) and moov after mdat are read too
    ftyp_end = struct.unpack(">I", data[:4])[0]
    moov_len = struct.unpack(">I", data[ftyp_end : ftyp_end + 4])[0]
    moov = data[ftyp_end : ftyp_end + moov_len]
    mdat = struct.pack(">I4sQ", 1, b"mdat", 16 + 10) + bytes(10)
    late = data[:ftyp_end] + mdat + moov
    found = probe_mp4(lambda o, n: late[o : o + n], len(late))
    assert found is not None and found.duration_ms == 1234
    assert poster_jpeg(animated_gif(), 40, 30)[:2] == b"\xff\xd8"
    assert poster_jpeg(None, 0, 0)[:2] == b"\xff\xd8"


@pytest.mark.parametrize(
    "content_type",
    [
        'multipart/form-data, boundary="00Twurl1lruwT99"',  # twurl
        "multipart/form-data; boundary=00Twurl1lruwT99",
        'Multipart/Form-Data; charset=utf-8; boundary="00Twurl1lruwT99"',
    ],
)
def test_multipart_boundaries(content_type: str) -> None:
    body = multipart_body(
        "00Twurl1lruwT99", {"command": "APPEND", "media_id": "5"}, {"media[]": ("x", b"\x00\xff")}
    )
    form = multipart.parse(content_type, body)
    assert form.fields == [("command", "APPEND"), ("media_id", "5")]
    assert form.files["media[]"].data == b"\x00\xff" and form.files["media[]"].filename == "x"
    assert multipart.boundary_of(content_type) == "00Twurl1lruwT99"
