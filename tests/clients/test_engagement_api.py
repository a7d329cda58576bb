"""Retweets and likes through tweepy (and raw signed requests) on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest
import tweepy

from tests.clients.test_statuses_api import TWEET_KEYS
from tests.support.cast import Cast, make_cast

# A retweet's keys as Twitter sent them (cas:testretweetandunretweet.json).
RETWEET_KEYS = [*TWEET_KEYS[:17], "retweeted_status", *TWEET_KEYS[17:]]


def _error(exc: pytest.ExceptionInfo[tweepy.HTTPException]) -> tuple[int, list[int]]:
    return exc.value.response.status_code, exc.value.api_codes


def test_retweet_embeds_the_original_and_counts(cast: Cast) -> None:
    original = cast.owner.api.update_status(status="worth sharing @" + cast.plain.user.screen_name)
    made = cast.plain.api.retweet(original.id)
    body = made._json
    assert list(body) == RETWEET_KEYS
    assert body["id"] != original.id and body["user"]["id"] == cast.plain.id
    owner = cast.owner.user.screen_name
    assert body["text"] == f"RT @{owner}: worth sharing @{cast.plain.user.screen_name}"
    mentions = body["entities"]["user_mentions"]
    assert [m["screen_name"] for m in mentions] == [owner, cast.plain.user.screen_name]
    assert mentions[0]["indices"] == [3, 4 + len(owner)]
    assert mentions[1]["indices"][0] == original._json["entities"]["user_mentions"][0]["indices"][
        0
    ] + len(f"RT @{owner}: ")
    inner = body["retweeted_status"]
    assert inner["id"] == original.id and inner["user"]["id"] == cast.owner.id
    assert "retweeted_status" not in inner
    assert body["retweet_count"] == inner["retweet_count"] == 1
    assert body["favorite_count"] == 0
    assert body["retweeted"] is True and inner["retweeted"] is True
    assert cast.plain.api.verify_credentials().statuses_count == 1
    shown = cast.owner.api.get_status(original.id)
    assert shown.retweet_count == 1 and shown.retweeted is False  # the author did not retweet
    assert cast.plain.api.get_status(original.id, include_my_retweet=True)._json[
        "current_user_retweet"
    ] == {"id": made.id, "id_str": str(made.id)}


def test_retweet_rules(cast: Cast) -> None:
    original = cast.owner.api.update_status(status="retweet me once")
    made = cast.plain.api.retweet(original.id)
    with pytest.raises(tweepy.Forbidden) as exc:
        cast.plain.api.retweet(original.id)
    assert _error(exc) == (403, [327])
    with pytest.raises(tweepy.Forbidden) as exc:  # a retweet stands for its original
        cast.plain.api.retweet(made.id)
    assert _error(exc) == (403, [327])
    with pytest.raises(tweepy.NotFound) as exc:
        cast.plain.api.retweet(1)
    assert _error(exc) == (404, [144])
    secret = cast.protected.api.update_status(status="followers only")
    with pytest.raises(tweepy.Forbidden) as exc:  # visible to the follower, still not retweetable
        cast.follower.api.retweet(secret.id)
    assert _error(exc) == (403, [328])
    with pytest.raises(tweepy.Forbidden) as exc:  # not visible at all
        cast.plain.api.retweet(secret.id)
    assert _error(exc) == (403, [179])
    # retweeting a retweet of someone else's retweets the original
    again = cast.follower.api.retweet(made.id)
    assert again.retweeted_status.id == original.id
    assert cast.owner.api.get_status(original.id).retweet_count == 2


def test_unretweet_by_retweet_id_and_by_source_id(cast: Cast) -> None:
    original = cast.owner.api.update_status(status="undo me")
    made = cast.plain.api.retweet(original.id)
    # by the source id: 200, the original, no action (the seeds; Twitter's recorded answer)
    same = cast.plain.api.unretweet(original.id)
    assert same.id == original.id and same.retweeted is True and same.retweet_count == 1
    assert cast.plain.api.get_status(made.id).id == made.id
    # by the retweet id: the retweet is gone, the original returned
    undone = cast.plain.api.unretweet(made.id)
    assert undone.id == original.id and "retweeted_status" not in undone._json
    assert undone.retweeted is False and undone.retweet_count == 0
    with pytest.raises(tweepy.NotFound):
        cast.plain.api.get_status(made.id)
    assert cast.plain.api.verify_credentials().statuses_count == 0
    # and it can be retweeted again
    assert cast.plain.api.retweet(original.id).retweet_count == 1


def test_destroying_the_original_removes_its_retweets_and_likes(cast: Cast) -> None:
    original = cast.owner.api.update_status(status="short-lived")
    made = cast.plain.api.retweet(original.id)
    cast.follower.api.create_favorite(original.id)
    assert cast.follower.api.verify_credentials().favourites_count == 1
    cast.owner.api.destroy_status(original.id)
    for status_id in (original.id, made.id):
        with pytest.raises(tweepy.NotFound):
            cast.plain.api.get_status(status_id)
    assert cast.plain.api.verify_credentials().statuses_count == 0
    assert cast.follower.api.verify_credentials().favourites_count == 0
    assert cast.follower.api.get_favorites() == []


def test_destroying_a_retweet_by_id_counts_down(cast: Cast) -> None:
    original = cast.owner.api.update_status(status="retweet then destroy")
    made = cast.plain.api.retweet(original.id)
    cast.plain.api.destroy_status(made.id)
    assert cast.owner.api.get_status(original.id).retweet_count == 0


def test_get_retweets_and_retweeters(cast: Cast) -> None:
    original = cast.owner.api.update_status(status="popular")
    fans = [cast.new_member("rt") for _ in range(5)]
    made = [fan.api.retweet(original.id) for fan in fans]
    listed = cast.plain.api.get_retweets(original.id)
    assert [t.id for t in listed] == [t.id for t in reversed(made)]
    assert all(t.retweeted_status.id == original.id for t in listed)
    assert [t.id for t in cast.plain.api.get_retweets(original.id, count=2)] == [
        made[4].id,
        made[3].id,
    ]
    trimmed = cast.plain.api.get_retweets(original.id, count=1, trim_user=True)[0]._json
    assert trimmed["user"] == {"id": fans[4].id, "id_str": str(fans[4].id)}
    # retweeters/ids: newest first, cursored, stringify_ids
    ids = cast.plain.api.get_retweeter_ids(original.id)
    assert ids == [f.id for f in reversed(fans)]
    seen: list[int] = []
    for page in tweepy.Cursor(cast.plain.api.get_retweeter_ids, id=original.id, count=2).pages():
        seen.extend(page)
    assert seen == ids
    raw = cast.session().get(
        f"http://{cast.hostport}/1.1/statuses/retweeters/ids.json",
        params={"id": original.id, "count": 3, "stringify_ids": "true"},
    )
    body = raw.json()
    assert list(body) == [  # cas:testgetretweeterids.json
        "ids",
        "next_cursor",
        "next_cursor_str",
        "previous_cursor",
        "previous_cursor_str",
        "total_count",
    ]
    assert body["total_count"] is None
    assert body["ids"] == [str(f.id) for f in reversed(fans)][:3]
    assert body["previous_cursor"] == 0 and body["next_cursor"] != 0
    assert body["next_cursor_str"] == str(body["next_cursor"])
    with pytest.raises(tweepy.NotFound) as exc:
        cast.plain.api.get_retweets(1)
    assert _error(exc) == (404, [144])


def test_retweets_of_me(cast: Cast) -> None:
    quiet = cast.owner.api.update_status(status="nobody retweets this")
    loud = [cast.owner.api.update_status(status=f"retweet this {i}") for i in range(3)]
    for tweet in loud:
        cast.plain.api.retweet(tweet.id)
    mine = cast.owner.api.get_retweets_of_me()
    assert [t.id for t in mine] == [t.id for t in reversed(loud)]
    assert quiet.id not in {t.id for t in mine}
    assert [t.id for t in cast.owner.api.get_retweets_of_me(count=1)] == [loud[2].id]
    assert [t.id for t in cast.owner.api.get_retweets_of_me(max_id=loud[1].id)] == [
        loud[1].id,
        loud[0].id,
    ]
    assert [t.id for t in cast.owner.api.get_retweets_of_me(since_id=loud[1].id)] == [loud[2].id]
    no_entities = cast.owner.api.get_retweets_of_me(count=1, include_user_entities=False)[0]
    assert "entities" not in no_entities._json["user"]
    with pytest.raises(tweepy.Forbidden):  # user context only
        cast.app_only().get_retweets_of_me()


def test_like_and_unlike(cast: Cast) -> None:
    original = cast.owner.api.update_status(status="like me")
    liked = cast.plain.api.create_favorite(original.id)
    assert liked.id == original.id and liked.favorited is True and liked.favorite_count == 1
    with pytest.raises(tweepy.Forbidden) as exc:
        cast.plain.api.create_favorite(original.id)
    assert _error(exc) == (403, [139])
    assert cast.plain.api.verify_credentials().favourites_count == 1
    assert cast.owner.api.get_status(original.id).favorited is False
    assert cast.plain.api.get_status(original.id).favorited is True
    unliked = cast.plain.api.destroy_favorite(original.id)
    assert unliked.favorited is False and unliked.favorite_count == 0
    with pytest.raises(tweepy.NotFound) as exc:
        cast.plain.api.destroy_favorite(original.id)
    assert _error(exc) == (404, [144])
    with pytest.raises(tweepy.NotFound) as exc:
        cast.plain.api.create_favorite(1)
    assert _error(exc) == (404, [144])
    secret = cast.protected.api.update_status(status="protected like")
    with pytest.raises(tweepy.Forbidden) as exc:
        cast.plain.api.create_favorite(secret.id)
    assert _error(exc) == (403, [179])
    assert cast.follower.api.create_favorite(secret.id).favorited is True
    no_entities = cast.plain.api.create_favorite(original.id, include_entities=False)._json
    assert "entities" not in no_entities


def test_liking_a_retweet_likes_the_original(cast: Cast) -> None:
    original = cast.owner.api.update_status(status="like the original")
    made = cast.plain.api.retweet(original.id)
    liked = cast.follower.api.create_favorite(made.id)
    assert liked.id == original.id and liked.favorite_count == 1
    shown = cast.follower.api.get_status(made.id)
    assert shown.favorited is True and shown.favorite_count == 0
    assert shown.retweeted_status.favorite_count == 1


def test_favorites_list(cast: Cast) -> None:
    tweets = [cast.owner.api.update_status(status=f"likeable {i}") for i in range(5)]
    for tweet in tweets:
        cast.plain.api.create_favorite(tweet.id)
    newest_first = [t.id for t in reversed(tweets)]
    assert [t.id for t in cast.plain.api.get_favorites()] == newest_first
    by_id = cast.owner.api.get_favorites(user_id=cast.plain.id)
    assert [t.id for t in by_id] == newest_first
    by_name = cast.app_only().get_favorites(screen_name=cast.plain.user.screen_name, count=2)
    assert [t.id for t in by_name] == newest_first[:2]
    assert all(t.favorited is False for t in by_id)  # the owner's own flags, not plain's
    assert all(t.favorited is True for t in cast.plain.api.get_favorites())
    assert [t.id for t in cast.plain.api.get_favorites(since_id=tweets[2].id)] == newest_first[:2]
    assert [t.id for t in cast.plain.api.get_favorites(max_id=tweets[2].id)] == newest_first[2:]
    paged = [
        t.id for t in tweepy.Cursor(cast.plain.api.get_favorites, count=2).items()
    ]  # max_id = lowest id - 1, until an empty page
    assert paged == newest_first
    assert "entities" not in cast.plain.api.get_favorites(include_entities=False)[0]._json
    # a protected account's likes only reach its approved followers
    cast.protected.api.create_favorite(tweets[0].id)
    with pytest.raises(tweepy.Unauthorized):
        cast.plain.api.get_favorites(user_id=cast.protected.id)
    assert [t.id for t in cast.follower.api.get_favorites(user_id=cast.protected.id)] == [
        tweets[0].id
    ]
    # a protected author's liked status is left out for those who cannot see it
    secret = cast.protected.api.update_status(status="liked in private")
    cast.follower.api.create_favorite(secret.id)
    assert secret.id not in {t.id for t in cast.plain.api.get_favorites(user_id=cast.follower.id)}
    assert secret.id in {t.id for t in cast.follower.api.get_favorites()}


def test_engagement_needs_a_user_and_write_permission(cast: Cast) -> None:
    original = cast.owner.api.update_status(status="read-only apps cannot like")
    reader = cast.member(cast.new_member("ro").user, read_only=True)
    with pytest.raises(tweepy.Unauthorized) as exc:
        reader.api.create_favorite(original.id)
    assert _error(exc) == (401, [261])
    with pytest.raises(tweepy.Forbidden):
        cast.app_only().retweet(original.id)


def test_retweets_share_the_posting_limit_and_likes_have_their_own(
    tmp_path: Path,
    server_factory,  # noqa: ANN001
) -> None:
    rules = tmp_path / "limits.toml"
    rules.write_text(
        '["/statuses/update"]\nuser_all = 3\n'
        '["/statuses/retweet/:id"]\nuser_all = 3\n'
        '["/favorites/create"]\nuser_all = 2\n'
    )
    srv = server_factory("sqlite", rate_limits=str(rules))
    cast = make_cast(srv.runtime, srv.hostport)
    first = cast.owner.api.update_status(status="to be retweeted")
    second = cast.owner.api.update_status(status="to be retweeted too")
    cast.plain.api.update_status(status="one of three")
    cast.plain.api.update_status(status="two of three")
    cast.plain.api.retweet(first.id)  # three of three: posts and retweets share one counter
    with pytest.raises(tweepy.TooManyRequests) as exc:
        cast.plain.api.retweet(second.id)
    assert _error(exc) == (429, [88])
    with pytest.raises(tweepy.TooManyRequests):
        cast.plain.api.update_status(status="four of three")
    cast.plain.api.create_favorite(first.id)
    cast.plain.api.create_favorite(second.id)
    with pytest.raises(tweepy.TooManyRequests):
        cast.plain.api.create_favorite(cast.owner.api.update_status(status="third like").id)
    assert cast.follower.api.retweet(second.id).retweet_count == 1  # others have their own
