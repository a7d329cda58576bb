"""media/upload (simple and chunked), STATUS and metadata/create through tweepy and raw requests,
on both stores. Reply shapes are the recorded ones (tweepy cassettes testmediauploadpng/gif/mp4).
"""

from __future__ import annotations

import base64
import io

import pytest
import requests
import tweepy

from tests.support.cast import Cast, Member
from tests.support.clients import signed_session
from tests.support.media import animated_gif, image, mp4, multipart_body, noise_png
from tests.support.server import LiveServer

# tweepy's media_upload imports imghdr, deprecated on Python 3.11 and 3.12.
pytestmark = pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")

UPLOAD = "/1.1/media/upload.json"
SIMPLE_KEYS = ["media_id", "media_id_string", "size", "expires_after_secs", "image"]


def _session(cast: Cast, member: Member | None = None) -> requests.Session:
    member = member or cast.plain
    return signed_session(
        cast.app.consumer_key, cast.app.consumer_secret, member.token.token, member.token.secret
    )


def _fields(media: tweepy.models.Media) -> dict[str, object]:
    return {k: v for k, v in vars(media).items() if not k.startswith("_")}


def _upload_error(err: pytest.ExceptionInfo[tweepy.HTTPException]) -> list[str]:
    assert err.value.response.status_code == 400
    body = err.value.response.json()
    assert body["request"] == UPLOAD
    return err.value.api_messages


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp"), ("GIF", "image/gif")],
)
def test_simple_upload_answers_like_twitter(cast: Cast, fmt: str, media_type: str) -> None:
    data = image(fmt, (1252, 626))
    media = cast.plain.api.media_upload(f"banner.{fmt.lower()}", file=io.BytesIO(data))
    body = _fields(media)
    assert list(body) == SIMPLE_KEYS
    assert body["media_id_string"] == str(media.media_id)
    assert body["size"] == len(data) and body["expires_after_secs"] == 86400
    assert body["image"] == {"image_type": media_type, "w": 1252, "h": 626}


def test_simple_upload_of_an_animated_gif(cast: Cast) -> None:
    media = cast.plain.api.media_upload("animated.gif", file=io.BytesIO(animated_gif()))
    assert media.image == {"image_type": "image/gif", "w": 40, "h": 30}  # the cassette's shape


def test_base64_media_data_form_and_multipart(cast: Cast, server: LiveServer) -> None:
    data = image("PNG", (20, 10))
    encoded = base64.b64encode(data).decode()
    r = _session(cast).post(server.url + UPLOAD, data={"media_data": encoded})
    assert r.status_code == 200, r.text
    assert r.json()["image"] == {"image_type": "image/png", "w": 20, "h": 10}
    r = _session(cast).post(server.url + UPLOAD, files={"media_data": (None, encoded)})
    assert r.status_code == 200, r.text
    assert r.json()["size"] == len(data)


def test_twurl_media_brackets_comma_and_quoted_boundary(cast: Cast, server: LiveServer) -> None:
    boundary = "00Twurl7531594892lruwT99"
    data = image("JPEG", (33, 44))
    body = multipart_body(boundary, {}, {"media[]": ("photo.jpg", data)})
    headers = {"Content-Type": f'multipart/form-data, boundary="{boundary}"'}
    r = _session(cast).post(server.url + UPLOAD, data=body, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["image"] == {"image_type": "image/jpeg", "w": 33, "h": 44}
    # a part sent base64 with Content-Transfer-Encoding (the best practices' advice)
    body = multipart_body(boundary, {}, {"media": ("p.jpg", data)}, base64_file=True)
    r = _session(cast).post(server.url + UPLOAD, data=body, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["size"] == len(data)


def test_wrong_types_and_missing_media(cast: Cast, server: LiveServer) -> None:
    with pytest.raises(tweepy.BadRequest) as err:
        cast.plain.api.simple_upload("notes.txt", file=io.BytesIO(b"just some text, not an image"))
    assert _upload_error(err) == ["media type unrecognized."]
    truncated = image("PNG", (300, 300))[:200]
    with pytest.raises(tweepy.BadRequest) as err:
        cast.plain.api.simple_upload("broken.png", file=io.BytesIO(truncated))
    assert _upload_error(err) == ["media type unrecognized."]
    r = _session(cast).post(server.url + UPLOAD, files={"other": ("x", b"x")})
    assert r.status_code == 400
    assert r.json() == {"errors": [{"code": 38, "message": "media parameter is missing."}]}
    # STATUS sent by POST is a simple upload without media, as Twitter answered it
    r = _session(cast).post(server.url + UPLOAD, data={"command": "STATUS", "media_id": "1"})
    assert r.json()["errors"][0]["code"] == 38


def test_size_limits(cast: Cast, server: LiveServer) -> None:
    big = noise_png((1400, 1300))
    assert len(big) > 5 * 1024 * 1024
    with pytest.raises(tweepy.BadRequest) as err:
        cast.plain.api.simple_upload("big.png", file=io.BytesIO(big))
    assert _upload_error(err) == ["File size exceeds 5242880 bytes."]
    api = cast.plain.api
    cases = [
        (6 * 1024 * 1024, "image/gif", None, 5242880),  # a GIF without tweet_gif is an image
        (16 * 1024 * 1024, "image/gif", "tweet_gif", 15728640),
        (513 * 1024 * 1024, "video/mp4", "tweet_video", 536870912),
    ]
    for total, media_type, category, limit in cases:
        with pytest.raises(tweepy.BadRequest) as err:
            api.chunked_upload_init(total, media_type, media_category=category)
        assert _upload_error(err) == [f"File size exceeds {limit} bytes."]
    with pytest.raises(tweepy.BadRequest) as err:
        api.chunked_upload_init(100, "application/pdf")
    assert _upload_error(err) == ["media type unrecognized."]
    assert api.chunked_upload_init(15 * 1024 * 1024, "image/gif", media_category="tweet_gif")


def test_chunked_mp4_without_category_is_synchronous(cast: Cast, server: LiveServer) -> None:
    data = mp4(payload=300_000)
    media = cast.plain.api.media_upload(
        "clip.mp4", file=io.BytesIO(data), chunk_size=100 * 1024
    )  # video/mp4: tweepy always uploads it chunked, here in 4 segments
    assert _fields(media) == {
        "media_id": media.media_id,
        "media_id_string": str(media.media_id),
        "size": len(data),
        "expires_after_secs": 86400,
        "video": {"video_type": "video/mp4"},
    }


def test_chunked_commands_raw(cast: Cast, server: LiveServer) -> None:
    s = _session(cast)
    data = mp4(payload=20_000)
    r = s.post(
        server.url + UPLOAD,
        data={"command": "INIT", "total_bytes": len(data), "media_type": "video/mp4"},
    )
    assert r.status_code == 202
    init = r.json()
    assert list(init) == ["media_id", "media_id_string", "expires_after_secs"]
    media_id = init["media_id_string"]
    half = len(data) // 2
    for index, chunk in enumerate((data[:half], data[half:])):
        r = s.post(
            server.url + UPLOAD,
            data={"command": "APPEND", "media_id": media_id, "segment_index": str(index)},
            files={"media": ("blob", chunk)},
        )
        assert r.status_code == 204 and r.content == b""
    r = s.post(server.url + UPLOAD, data={"command": "FINALIZE", "media_id": media_id})
    assert r.status_code == 201
    assert r.json()["video"] == {"video_type": "video/mp4"} and r.json()["size"] == len(data)
    r = s.get(server.url + UPLOAD, params={"command": "STATUS", "media_id": media_id})
    assert r.status_code == 200 and "processing_info" not in r.json()


def test_async_processing_states(cast: Cast, server: LiveServer) -> None:
    s = _session(cast)
    data = mp4()
    init = s.post(
        server.url + UPLOAD,
        data={
            "command": "INIT",
            "total_bytes": len(data),
            "media_type": "video/mp4",
            "media_category": "tweet_video",
        },
    ).json()
    media_id = init["media_id_string"]
    assert init["media_key"] == f"7_{media_id}"
    form = {"command": "APPEND", "media_id": media_id, "segment_index": "0"}
    assert s.post(server.url + UPLOAD, data=form, files={"media": data}).status_code == 204
    r = s.post(server.url + UPLOAD, data={"command": "FINALIZE", "media_id": media_id})
    assert r.status_code == 201
    body = r.json()
    assert list(body) == [
        "media_id",
        "media_id_string",
        "media_key",
        "size",
        "expires_after_secs",
        "processing_info",
    ]
    assert body["processing_info"] == {"state": "pending", "check_after_secs": 1}
    with pytest.raises(tweepy.BadRequest) as err:  # not processed yet: no Tweet may use it
        cast.plain.api.update_status("too soon", media_ids=[media_id])
    assert err.value.api_codes == [324]
    status = {"command": "STATUS", "media_id": media_id}
    info = s.get(server.url + UPLOAD, params=status).json()["processing_info"]
    assert info["state"] in ("in_progress", "succeeded")
    done = s.get(server.url + UPLOAD, params=status).json()
    assert done["processing_info"] == {"state": "succeeded", "progress_percent": 100}
    assert done["video"] == {"video_type": "video/mp4"}
    assert cast.plain.api.update_status("now", media_ids=[media_id]).id


def test_tweepy_waits_for_async_finalize(cast: Cast) -> None:
    gif = cast.plain.api.media_upload(
        "loop.gif", file=io.BytesIO(animated_gif()), chunked=True, media_category="tweet_gif"
    )
    assert gif.processing_info == {"state": "succeeded", "progress_percent": 100}
    assert gif.media_key == f"16_{gif.media_id}"
    video = cast.plain.api.media_upload(
        "clip.mp4", file=io.BytesIO(mp4()), media_category="tweet_video"
    )
    assert video.processing_info["state"] == "succeeded"


def test_a_video_twitter_could_not_process(cast: Cast) -> None:
    junk = b"\x00\x00\x00\x18notavideo" + bytes(5000)
    media = cast.plain.api.media_upload(
        "junk.mp4", file=io.BytesIO(junk), media_category="tweet_video"
    )
    assert media.processing_info["state"] == "failed"
    assert media.processing_info["error"]["name"] == "InvalidMedia"
    with pytest.raises(tweepy.BadRequest) as err:  # without a category FINALIZE says so at once
        cast.plain.api.media_upload("junk.mp4", file=io.BytesIO(junk))
    assert _upload_error(err) == ["media type unrecognized."]


def test_chunked_errors(cast: Cast, server: LiveServer) -> None:
    api = cast.plain.api
    media_id = api.chunked_upload_init(1000, "image/png").media_id
    api.chunked_upload_append(media_id, ("a", b"x" * 10), 0)
    with pytest.raises(tweepy.BadRequest) as err:
        api.chunked_upload_finalize(media_id)
    assert _upload_error(err) == ["Segments do not add up to provided total file size."]
    with pytest.raises(tweepy.BadRequest):
        api.chunked_upload_append(media_id, ("a", b"x"), 1000)  # 0-999 only
    with pytest.raises(tweepy.BadRequest) as err:
        api.chunked_upload_append(media_id, ("a", b"x" * (5 * 1024 * 1024 + 1)), 1)
    assert _upload_error(err) == ["File size exceeds 5242880 bytes."]
    with pytest.raises(tweepy.BadRequest) as err:  # another user's upload session
        cast.owner.api.chunked_upload_append(media_id, ("a", b"x"), 1)
    assert _upload_error(err) == [f"Invalid media_id: Some({media_id})."]
    with pytest.raises(tweepy.BadRequest) as err:
        api.chunked_upload_finalize(12345)
    assert _upload_error(err) == ["Invalid media_id: Some(12345)."]


def test_status_of_a_photo_is_not_found(cast: Cast) -> None:
    media = cast.plain.api.media_upload("p.png", file=io.BytesIO(image()))
    with pytest.raises(tweepy.NotFound) as err:
        cast.plain.api.get_media_upload_status(media.media_id)
    assert err.value.api_codes == [34]


def test_alt_text(cast: Cast, server: LiveServer) -> None:
    api = cast.plain.api
    media = api.media_upload("p.png", file=io.BytesIO(image()))
    assert api.create_media_metadata(media.media_id, "A teal rectangle") is None
    assert api.last_response.status_code == 200 and api.last_response.content == b""
    with pytest.raises(tweepy.BadRequest) as err:
        api.create_media_metadata(media.media_id, "x" * 1001)
    assert err.value.response.json()["request"] == "/1.1/media/metadata/create.json"
    with pytest.raises(tweepy.BadRequest):  # only the uploader
        cast.owner.api.create_media_metadata(media.media_id, "mine now")
    r = _session(cast).post(
        server.url + "/1.1/media/metadata/create.json",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400
    assert r.json() == {
        "request": "/1.1/media/metadata/create.json",
        "error": "Invalid json payload.",
    }
    assert api.create_media_metadata(media.media_id, "x" * 1000) is None


def test_read_only_tokens_cannot_upload(cast: Cast) -> None:
    reader = cast.member(cast.new_member("ro").user, read_only=True)
    with pytest.raises(tweepy.HTTPException) as err:
        reader.api.media_upload("p.png", file=io.BytesIO(image()))
    assert err.value.api_codes == [261]
