"""Tweets with media (statuses/update media_ids, the deprecated update_with_media) through tweepy,
on both stores: entities.media and extended_entities as in cassette testupdatestatuswithmedia.
"""

from __future__ import annotations

import io

import pytest
import requests
import sqlalchemy as sa
import tweepy

from roost.render.tweets import TweetOptions, load_tweet_context
from tests.support.cast import Cast, Member
from tests.support.clients import signed_session
from tests.support.media import animated_gif, image, mp4, multipart_body, noise_png
from tests.support.server import LiveServer

pytestmark = pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")

# The media entity of the recorded update_with_media reply, in its key order.
ENTITY_KEYS = [
    "id",
    "id_str",
    "indices",
    "media_url",
    "media_url_https",
    "url",
    "display_url",
    "expanded_url",
    "type",
    "sizes",
]
CASSETTE_SIZES = {  # a 1252x626 PNG, as recorded
    "medium": {"w": 1200, "h": 600, "resize": "fit"},
    "large": {"w": 1252, "h": 626, "resize": "fit"},
    "small": {"w": 680, "h": 340, "resize": "fit"},
    "thumb": {"w": 150, "h": 150, "resize": "crop"},
}


def _photo(member: Member, size: tuple[int, int] = (1252, 626), color: str = "teal") -> int:
    data = image("PNG", size, color)
    return int(member.api.media_upload("banner.png", file=io.BytesIO(data)).media_id)


def _session(cast: Cast, member: Member) -> requests.Session:
    return signed_session(
        cast.app.consumer_key, cast.app.consumer_secret, member.token.token, member.token.secret
    )


def test_a_photo_renders_like_twitter(cast: Cast, server: LiveServer) -> None:
    media_id = _photo(cast.plain)
    tweet = cast.plain.api.update_status("testing 1000", media_ids=[media_id])
    body = tweet._json
    sn = cast.plain.user.screen_name
    assert list(body)[:7] == [
        "created_at",
        "id",
        "id_str",
        "text",
        "truncated",
        "entities",
        "extended_entities",
    ]
    (entity,) = body["entities"]["media"]
    assert list(entity) == ENTITY_KEYS
    assert body["extended_entities"] == {"media": [entity]}
    assert body["entities"]["urls"] == []
    assert entity["id"] == media_id and entity["id_str"] == str(media_id)
    assert body["text"] == "testing 1000 " + entity["url"] and entity["indices"] == [13, 36]
    assert entity["url"].startswith("https://t.co/") and len(entity["url"]) == 23
    assert entity["display_url"] == "pic.twitter.com/" + entity["url"][-10:]
    assert entity["expanded_url"] == f"https://twitter.com/{sn}/status/{tweet.id}/photo/1"
    assert entity["type"] == "photo" and entity["sizes"] == CASSETTE_SIZES
    assert entity["media_url_https"].startswith(server.url + "/media/")
    assert entity["media_url_https"].endswith(".png")
    assert entity["media_url"] == entity["media_url_https"]  # Roost is served on plain http here
    assert body["possibly_sensitive"] is False
    r = requests.get(entity["media_url_https"])
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert r.content == image("PNG", (1252, 626))
    r = requests.get(server.url + "/t.co/" + entity["url"][-10:], allow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == entity["expanded_url"]
    full = cast.plain.api.get_status(tweet.id, tweet_mode="extended")._json
    assert full["display_text_range"] == [0, 12]  # the media link is not displayed text
    assert full["full_text"] == body["text"] and full["extended_entities"]["media"][0] == entity


def test_four_photos_share_one_link(cast: Cast) -> None:
    ids = [
        _photo(cast.plain, (100 + i, 80), color) for i, color in enumerate(["red", "green", "blue"])
    ]
    ids.append(_photo(cast.plain, (3000, 1500)))
    tweet = cast.plain.api.update_status("", media_ids=ids)
    body = tweet._json
    assert [m["id"] for m in body["extended_entities"]["media"]] == ids
    assert [m["id"] for m in body["entities"]["media"]] == ids[:1]
    assert len({m["url"] for m in body["extended_entities"]["media"]}) == 1
    assert body["text"] == body["entities"]["media"][0]["url"]  # media alone: just the link
    assert body["extended_entities"]["media"][3]["sizes"]["large"] == {
        "w": 2048,
        "h": 1024,
        "resize": "fit",
    }


def test_media_ids_rules(cast: Cast) -> None:
    api = cast.plain.api
    photos = [_photo(cast.plain) for _ in range(5)]
    with pytest.raises(tweepy.BadRequest) as err:
        api.update_status("five", media_ids=photos)
    assert err.value.api_codes == [324]
    assert err.value.api_messages == ["Tweet must not have more than 4 mediaIds."]
    gif = api.media_upload("a.gif", file=io.BytesIO(animated_gif()))
    with pytest.raises(tweepy.BadRequest) as err:
        api.update_status("gif and photo", media_ids=[gif.media_id, photos[0]])
    assert err.value.api_codes == [324]
    theirs = _photo(cast.owner)
    with pytest.raises(tweepy.BadRequest) as err:
        api.update_status("not mine", media_ids=[theirs])
    assert err.value.api_messages == ["The validation of media ids failed."]
    with pytest.raises(tweepy.BadRequest) as err:
        api.update_status("unknown", media_ids=[123456789])
    assert err.value.api_codes == [324]
    with pytest.raises(tweepy.BadRequest) as err:
        api.update_status("tiny", media_ids=[_photo(cast.plain, (3, 3))])
    assert err.value.api_messages == ["Image dimensions must be >= 4x4 and <= 8192x8192"]
    permalink = f"https://twitter.com/{cast.owner.user.screen_name}/status/1"
    with pytest.raises(tweepy.Forbidden) as err:
        api.update_status("quote too", media_ids=[photos[0]], attachment_url=permalink)
    assert err.value.api_codes == [386]
    assert api.update_status("gif alone", media_ids=[gif.media_id]).id


def test_expired_media(cast: Cast) -> None:
    media_id = _photo(cast.plain)
    with cast.rt.store.write() as tx:
        tx.update_media(media_id, expires_at_ms=0)
    with pytest.raises(tweepy.BadRequest) as err:
        cast.plain.api.update_status("late", media_ids=[media_id])
    assert err.value.api_codes == [324]
    attached = _photo(cast.plain)
    cast.plain.api.update_status("in time", media_ids=[attached])
    with cast.rt.store.write() as tx:  # once in a Tweet, media no longer expire
        tx.update_media(attached, expires_at_ms=0)
    assert cast.plain.api.update_status("again", media_ids=[attached]).id


def test_additional_owners_may_tweet_it(cast: Cast) -> None:
    media = cast.plain.api.media_upload(
        "p.png", file=io.BytesIO(image()), additional_owners=[cast.owner.id]
    )
    assert cast.owner.api.update_status("shared", media_ids=[media.media_id]).id
    with pytest.raises(tweepy.BadRequest):
        cast.follower.api.update_status("not shared", media_ids=[media.media_id])


def test_gif_and_video_entities(cast: Cast, server: LiveServer) -> None:
    api = cast.plain.api
    gif = api.media_upload("a.gif", file=io.BytesIO(animated_gif(size=(40, 30))))
    body = api.update_status("a gif", media_ids=[gif.media_id])._json
    first, (ext,) = body["entities"]["media"][0], body["extended_entities"]["media"]
    assert first["type"] == "photo" and ext["type"] == "animated_gif"
    assert list(ext) == [*ENTITY_KEYS, "video_info"] and "video_info" not in first
    assert ext["expanded_url"].endswith("/photo/1")
    assert ext["video_info"]["aspect_ratio"] == [4, 3]
    (variant,) = ext["video_info"]["variants"]
    r = requests.get(variant["url"])
    assert r.status_code == 200 and r.headers["content-type"] == "image/gif"
    still = requests.get(ext["media_url_https"])
    assert ext["media_url_https"].endswith(".jpg") and still.headers["content-type"] == "image/jpeg"
    data = mp4(1280, 720, 4500)
    video = api.media_upload("clip.mp4", file=io.BytesIO(data))
    body = api.update_status("a video", media_ids=[video.media_id])._json
    ext = body["extended_entities"]["media"][0]
    assert ext["type"] == "video" and body["entities"]["media"][0]["type"] == "photo"
    assert ext["expanded_url"].endswith(f"/status/{body['id']}/video/1")
    assert ext["sizes"]["medium"] == {"w": 1200, "h": 675, "resize": "fit"}
    info = ext["video_info"]
    assert info["aspect_ratio"] == [16, 9] and info["duration_millis"] == 4500
    assert info["variants"][0]["content_type"] == "video/mp4"
    r = requests.get(info["variants"][0]["url"])
    assert r.status_code == 200 and r.content == data and r.headers["content-type"] == "video/mp4"
    assert requests.get(ext["media_url_https"]).headers["content-type"] == "image/jpeg"
    assert requests.get(server.url + "/media/AAAAAAAAAAAAAAAA.png").status_code == 404


def test_alt_text_only_when_asked(cast: Cast) -> None:
    api = cast.plain.api
    media_id = _photo(cast.plain)
    api.create_media_metadata(media_id, "A teal banner")
    tweet = api.update_status("described", media_ids=[media_id])
    assert "ext_alt_text" not in tweet._json["extended_entities"]["media"][0]
    shown = api.get_status(tweet.id, include_ext_alt_text=True)._json
    assert shown["extended_entities"]["media"][0]["ext_alt_text"] == "A teal banner"
    assert shown["entities"]["media"][0]["ext_alt_text"] == "A teal banner"
    plain = api.update_status("undescribed", media_ids=[_photo(cast.plain)])
    assert (
        api.get_status(plain.id, include_ext_alt_text=True)._json["extended_entities"]["media"][0][
            "ext_alt_text"
        ]
        is None
    )


def test_entities_off_and_compat_truncation(cast: Cast) -> None:
    api = cast.plain.api
    tweet = api.update_status("no entities", media_ids=[_photo(cast.plain)])
    bare = api.get_status(tweet.id, include_entities=False)._json
    assert "entities" not in bare and "extended_entities" not in bare
    long = api.update_status("w" * 130, media_ids=[_photo(cast.plain)])._json
    # past 140 with the link: cut, the media entity beyond the cut is gone (tweet-updates sample)
    assert long["truncated"] is True and "media" not in long["entities"]
    assert "extended_entities" not in long
    full = api.get_status(long["id"], tweet_mode="extended")._json
    assert full["extended_entities"]["media"][0]["indices"] == [131, 154]


def test_update_with_media(cast: Cast, server: LiveServer) -> None:
    api = cast.plain.api
    data = image("PNG", (1252, 626))
    tweet = api.update_status_with_media("testing 1000", "banner.png", file=io.BytesIO(data))
    body = tweet._json
    entity = body["entities"]["media"][0]
    assert body["text"] == "testing 1000 " + entity["url"]
    assert list(entity) == ENTITY_KEYS and entity["sizes"] == CASSETTE_SIZES
    headers = api.last_response.headers
    assert headers["x-mediaratelimit-class"] == "photos"
    assert int(headers["x-mediaratelimit-limit"]) == 6000
    assert int(headers["x-mediaratelimit-remaining"]) < 6000
    assert int(headers["x-mediaratelimit-reset"]) > 0
    # twurl's form: media[] and a comma before a quoted boundary, status in the body
    boundary = "00Twurl2468lruwT99"
    raw = multipart_body(boundary, {"status": "from twurl"}, {"media[]": ("b.png", data)})
    r = _session(cast, cast.plain).post(
        server.url + "/1.1/statuses/update_with_media.json",
        data=raw,
        headers={"Content-Type": f'multipart/form-data, boundary="{boundary}"'},
    )
    assert r.status_code == 200, r.text
    assert r.json()["text"].startswith("from twurl https://t.co/")
    with pytest.raises(tweepy.BadRequest) as err:
        api.update_status_with_media("too big", "big.png", file=io.BytesIO(noise_png((1100, 1000))))
    assert err.value.api_codes == [193]
    with pytest.raises(tweepy.BadRequest) as err:
        api.update_status_with_media("not an image", "a.txt", file=io.BytesIO(b"plain text"))
    assert err.value.api_codes == [44]


def test_a_page_loads_its_media_in_one_query(cast: Cast) -> None:
    api = cast.plain.api
    tweets = [api.update_status(f"p{i}", media_ids=[_photo(cast.plain)]) for i in range(4)]
    rt = cast.rt
    with rt.store.read() as tx:
        found = list(tx.statuses_by_ids([t.id for t in tweets]).values())
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        statements.append(statement)

    sa.event.listen(rt.store.engine, "before_cursor_execute", count)
    try:
        with rt.store.read() as tx:
            ctx = load_tweet_context(tx, None, found, TweetOptions())
    finally:
        sa.event.remove(rt.store.engine, "before_cursor_execute", count)
    assert len(ctx.media) == 4
    assert sum("FROM media" in s for s in statements) == 1
