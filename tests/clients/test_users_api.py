"""users/*, account/*, friendships/*, followers/*, friends/* through tweepy on both stores."""

from __future__ import annotations

import email.utils
import uuid
from typing import Any

import pytest
import tweepy

from roost.domain.model import User
from roost.services import users
from tests.support.cast import Cast
from tests.support.clients import signed_session
from tests.support.server import LiveServer

# Key order of a v1.1 User object as Twitter sent it (tweepy cassettes testverifycredentials and
# testlookupusers, 2021), without the optional status / profile_banner_url; users/show adds
# profile_location after location (testgetuser), a Tweet's user withheld_in_countries at the
# end (testcursornext).
USER_KEYS = [
    "id",
    "id_str",
    "name",
    "screen_name",
    "location",
    "description",
    "url",
    "entities",
    "protected",
    "followers_count",
    "friends_count",
    "listed_count",
    "created_at",
    "favourites_count",
    "utc_offset",
    "time_zone",
    "geo_enabled",
    "verified",
    "statuses_count",
    "lang",
    "contributors_enabled",
    "is_translator",
    "is_translation_enabled",
    "profile_background_color",
    "profile_background_image_url",
    "profile_background_image_url_https",
    "profile_background_tile",
    "profile_image_url",
    "profile_image_url_https",
    "profile_link_color",
    "profile_sidebar_border_color",
    "profile_sidebar_fill_color",
    "profile_text_color",
    "profile_use_background_image",
    "has_extended_profile",
    "default_profile",
    "default_profile_image",
    "following",
    "follow_request_sent",
    "notifications",
    "translator_type",
]


def test_verify_credentials_shape(cast: Cast, server: LiveServer) -> None:
    r = cast.session().get(server.url + "/1.1/account/verify_credentials.json")
    body = r.json()
    assert list(body) == USER_KEYS + ["suspended", "needs_phone_verification"]
    assert body["id"] == cast.plain.id and body["id_str"] == str(cast.plain.id)
    assert body["entities"] == {"description": {"urls": []}}
    created = email.utils.parsedate_to_datetime(body["created_at"])  # how tweepy parses it
    assert abs(created.timestamp() * 1000 - cast.plain.user.created_at_ms) < 1000
    assert r.headers["x-rate-limit-limit"] == "75"
    assert int(r.headers["x-rate-limit-remaining"]) < 75


def test_verify_credentials_twurl_style(cast: Cast, server: LiveServer) -> None:
    r = cast.session().get(
        server.url + "/1.1/account/verify_credentials.json",
        params={"include_entities": "false", "skip_status": "true"},
    )
    assert r.status_code == 200
    assert "entities" not in r.json()
    assert r.json()["screen_name"] == cast.plain.user.screen_name


def test_users_show_by_id_and_screen_name(cast: Cast) -> None:
    by_id = cast.plain.api.get_user(user_id=cast.owner.id)
    by_name = cast.plain.api.get_user(screen_name=cast.owner.user.screen_name.upper())
    assert by_id.id == by_name.id == cast.owner.id
    assert by_id.following is False and by_id.follow_request_sent is False
    shown = USER_KEYS[:5] + ["profile_location"] + USER_KEYS[5:]  # users/show only
    assert list(by_id._json) == shown and by_id._json["profile_location"] is None
    looked_up = cast.plain.api.lookup_users(user_id=[cast.owner.id])[0]._json
    assert list(looked_up) == USER_KEYS  # users/lookup: no profile_location


def test_a_tweets_user_ends_with_withheld_in_countries(cast: Cast) -> None:
    """Inside a Tweet, Twitter's User object ended with ``withheld_in_countries`` and had no
    ``profile_location`` (tweepy cassette testcursornext)."""
    posted = cast.plain.api.update_status(status=f"my user object {id(cast)} {cast.plain.id}")
    assert list(posted._json["user"]) == USER_KEYS + ["withheld_in_countries"]
    assert posted._json["user"]["withheld_in_countries"] == []
    shown = cast.owner.api.get_status(posted.id)._json["user"]
    assert list(shown) == USER_KEYS + ["withheld_in_countries"]


def test_users_show_unknown_is_50(cast: Cast) -> None:
    with pytest.raises(tweepy.NotFound) as err:
        cast.plain.api.get_user(screen_name="nobody_here_x")
    assert err.value.api_codes == [50]
    assert err.value.api_messages == ["User not found."]


def test_users_show_invalid_id_is_44(cast: Cast, server: LiveServer) -> None:
    r = cast.session().get(server.url + "/1.1/users/show.json", params={"user_id": "abc"})
    assert r.status_code == 400
    assert r.json() == {"errors": [{"code": 44, "message": "user_id parameter is invalid."}]}


def test_users_show_app_only_has_null_viewer_flags(cast: Cast) -> None:
    user = cast.app_only().get_user(user_id=cast.plain.id)
    assert user._json["following"] is None and user._json["notifications"] is None


def test_users_lookup_keeps_order_and_skips_unknown(cast: Cast) -> None:
    found = cast.plain.api.lookup_users(
        user_id=[cast.protected.id, 1, cast.owner.id],
        screen_name=[cast.follower.user.screen_name, "nobody_here_x"],
    )
    assert [u.id for u in found] == [cast.protected.id, cast.owner.id, cast.follower.id]
    with pytest.raises(tweepy.NotFound) as err:
        cast.plain.api.lookup_users(user_id=[1, 2])
    assert err.value.api_codes == [17]


def test_users_lookup_post_form(cast: Cast, server: LiveServer) -> None:
    r = cast.session().post(
        server.url + "/1.1/users/lookup.json", data={"user_id": f"{cast.owner.id},{cast.plain.id}"}
    )
    assert r.status_code == 200
    assert [u["id"] for u in r.json()] == [cast.owner.id, cast.plain.id]


def test_users_lookup_more_than_100_is_invalid(cast: Cast, server: LiveServer) -> None:
    ids = ",".join(str(i) for i in range(1, 102))
    r = cast.session().get(server.url + "/1.1/users/lookup.json", params={"user_id": ids})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == 44


def test_follow_and_unfollow_keep_counts(cast: Cast) -> None:
    a, b = cast.new_member("a"), cast.new_member("b")
    followed = a.api.create_friendship(user_id=b.id)
    assert followed.id == b.id and followed.following is True
    # the User of friendships/create and destroy adds muting (cassette testcreatedestroyfriendship)
    keys = [k for k in list(followed._json) if k != "status"]
    assert keys == USER_KEYS[:-1] + ["muting", "translator_type"]
    assert followed._json["muting"] is False
    assert followed.followers_count == 1
    assert a.api.verify_credentials().friends_count == 1
    source, target = a.api.get_friendship(target_id=b.id)
    assert source.following and not source.followed_by and target.followed_by
    # following twice answers 200 and changes nothing
    a.api.create_friendship(user_id=b.id)
    assert b.api.verify_credentials().followers_count == 1
    assert b.api.get_follower_ids() == [a.id]
    gone = a.api.destroy_friendship(user_id=b.id)
    assert gone.following is False and gone.followers_count == 0
    assert "muting" in gone._json and "blocking" not in gone._json
    assert a.api.verify_credentials().friends_count == 0
    a.api.destroy_friendship(user_id=b.id)  # idempotent
    assert b.api.verify_credentials().followers_count == 0


def test_cannot_follow_self(cast: Cast) -> None:
    with pytest.raises(tweepy.Forbidden) as err:
        cast.plain.api.create_friendship(user_id=cast.plain.id)
    assert err.value.api_codes == [158]


def test_follow_protected_needs_approval(cast: Cast) -> None:
    fan = cast.new_member("wannabe")
    answer = fan.api.create_friendship(user_id=cast.protected.id)
    assert answer.follow_request_sent is True and answer.following is False
    with pytest.raises(tweepy.Forbidden) as err:
        fan.api.create_friendship(user_id=cast.protected.id)
    assert err.value.api_codes == [160]
    assert fan.id in cast.protected.api.incoming_friendships()
    assert cast.protected.id in fan.api.outgoing_friendships()
    source, _ = fan.api.get_friendship(target_id=cast.protected.id)
    assert source.following_requested and not source.following

    before = cast.protected.api.verify_credentials().followers_count
    session = signed_session(
        cast.app.consumer_key,
        cast.app.consumer_secret,
        cast.protected.token.token,
        cast.protected.token.secret,
    )
    url = f"http://{cast.hostport}/1.1/friendships/accept.json"
    r = session.post(url, params={"user_id": fan.id})
    assert r.status_code == 200 and r.json()["id"] == fan.id
    assert cast.protected.api.verify_credentials().followers_count == before + 1
    assert fan.id not in cast.protected.api.incoming_friendships()
    assert fan.api.get_friendship(target_id=cast.protected.id)[0].following
    assert session.post(url, params={"user_id": fan.id}).status_code == 404  # nothing pending


def test_deny_follow_request(cast: Cast) -> None:
    fan = cast.new_member("denied")
    fan.api.create_friendship(screen_name=cast.protected.user.screen_name)
    session = signed_session(
        cast.app.consumer_key,
        cast.app.consumer_secret,
        cast.protected.token.token,
        cast.protected.token.secret,
    )
    r = session.post(
        f"http://{cast.hostport}/1.1/friendships/deny.json",
        data={"screen_name": fan.user.screen_name},
    )
    assert r.status_code == 200
    assert fan.id not in cast.protected.api.incoming_friendships()
    assert not fan.api.get_friendship(target_id=cast.protected.id)[0].following


def test_withdraw_pending_request(cast: Cast) -> None:
    fan = cast.new_member("withdraw")
    fan.api.create_friendship(user_id=cast.protected.id)
    fan.api.destroy_friendship(user_id=cast.protected.id)
    assert fan.id not in cast.protected.api.incoming_friendships()


def test_unprotecting_approves_pending(cast: Cast) -> None:
    owner = cast.new_member("lock", protected=True)
    fan = cast.new_member("waiting")
    fan.api.create_friendship(user_id=owner.id)
    session = cast.session(owner)
    r = session.post(
        f"http://{cast.hostport}/1.1/account/settings.json", params={"protected": "false"}
    )
    assert r.status_code == 200 and r.json()["protected"] is False
    assert owner.api.get_follower_ids() == [fan.id]


def test_protected_followers_hidden_from_strangers(cast: Cast, server: LiveServer) -> None:
    with pytest.raises(tweepy.Unauthorized):
        cast.plain.api.get_follower_ids(user_id=cast.protected.id)
    r = cast.session().get(
        server.url + "/1.1/followers/ids.json", params={"user_id": cast.protected.id}
    )
    assert r.status_code == 401
    assert r.json() == {"request": "/1.1/followers/ids.json", "error": "Not authorized."}
    # the approved follower and the account itself may look
    assert cast.follower.api.get_follower_ids(user_id=cast.protected.id) == [cast.follower.id]
    assert cast.protected.api.get_follower_ids() == [cast.follower.id]


def test_follower_ids_cursor_pages(cast: Cast, server: LiveServer) -> None:
    star = cast.new_member("star")
    fans = [cast.new_member("f") for _ in range(7)]
    for fan in fans:
        users.follow(cast.rt, fan.user, star.user)
    expected = [f.id for f in reversed(fans)]  # newest first
    pages = list(tweepy.Cursor(star.api.get_follower_ids, count=3).pages())
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [i for page in pages for i in page] == expected
    r = cast.session(star).get(
        server.url + "/1.1/followers/ids.json", params={"count": 3, "stringify_ids": "true"}
    )
    body = r.json()
    assert body["ids"] == [str(i) for i in expected[:3]]
    assert body["previous_cursor"] == 0 and body["next_cursor_str"] == str(body["next_cursor"])
    second = (
        cast.session(star)
        .get(
            server.url + "/1.1/followers/ids.json",
            params={"count": 3, "cursor": body["next_cursor"]},
        )
        .json()
    )
    back = cast.session(star).get(
        server.url + "/1.1/followers/ids.json",
        params={"count": 3, "cursor": second["previous_cursor"]},
    )
    assert back.json()["ids"] == expected[:3]
    listed = star.api.get_followers(count=200)
    assert [u.id for u in listed] == expected
    # followers/list and friends/list Users carry more relation flags (cassette testgetfollowers)
    at = USER_KEYS.index("following")
    flags = ["following", "live_following", "follow_request_sent", "notifications", "muting"]
    wanted = USER_KEYS[:at] + flags + ["blocking", "blocked_by", "translator_type"]
    assert [k for k in listed[0]._json if k != "status"] == wanted
    assert not any(listed[0]._json[k] for k in ("live_following", "muting", "blocking"))
    friends = fans[0].api.get_friends()
    assert [u.id for u in friends] == [star.id] and friends[0].following is True
    assert fans[0].api.get_friend_ids() == [star.id]


def test_account_settings_round_trip(cast: Cast, server: LiveServer) -> None:
    member = cast.new_member("settings")
    settings = member.api.get_settings()
    assert settings["screen_name"] == member.user.screen_name
    assert settings["geo_enabled"] is False and settings["protected"] is False
    assert settings["allow_media_tagging"] == "all"
    updated = member.api.set_settings(
        sleep_time_enabled=True, start_sleep_time=22, end_sleep_time=7, lang="fr"
    )
    assert updated["sleep_time"] == {"enabled": True, "start_time": 22, "end_time": 7}
    assert updated["language"] == "fr"
    session = cast.session(member)
    r = session.post(
        server.url + "/1.1/account/settings.json", params={"geo_enabled": "t", "photo_tagging": "0"}
    )
    assert r.json()["geo_enabled"] is True and r.json()["allow_media_tagging"] == "none"
    assert member.api.verify_credentials().geo_enabled is True
    bad = session.post(
        server.url + "/1.1/account/settings.json", params={"allow_media_tagging": "everyone"}
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["code"] == 44


@pytest.mark.parametrize(
    "value,expected",
    [
        ("true", True),
        ("t", True),
        ("1", True),
        ("True", True),
        ("false", False),
        ("0", False),
        ("yes", False),
    ],
)
def test_boolean_parameters(cast: Cast, server: LiveServer, value: str, expected: bool) -> None:
    r = cast.session().get(
        server.url + "/1.1/users/show.json",
        params={"user_id": cast.owner.id, "include_entities": value},
    )
    assert ("entities" in r.json()) is expected


def test_friendships_show_app_only_needs_source(cast: Cast) -> None:
    api = cast.app_only()
    source, target = api.get_friendship(source_id=cast.follower.id, target_id=cast.protected.id)
    assert source.following and target.followed_by
    with pytest.raises(tweepy.Forbidden) as err:
        api.get_friendship(target_id=cast.protected.id)
    assert err.value.api_codes == [163]


# ---------------------------------------------------------------------- users/search
def _word() -> str:
    """A word no other test's accounts contain (a valid screen name, 9 characters)."""
    return "q" + uuid.uuid4().hex[:8]


def _accounts(cast: Cast, *accounts: tuple[str, str, int]) -> list[User]:
    """Accounts (screen_name, name, followers_count) written in one unit, in this order."""
    made = []
    with cast.rt.store.write() as tx:
        for screen_name, name, followers in accounts:
            user = User(
                id=cast.rt.next_id(),
                screen_name=screen_name,
                name=name,
                created_at_ms=cast.rt.now_ms(),
                followers_count=followers,
            )
            tx.insert_user(user)
            made.append(user)
    return made


def _search(cast: Cast, server: LiveServer, **params: object) -> list[dict[str, Any]]:
    r = cast.session().get(server.url + "/1.1/users/search.json", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_users_search_shape_and_key_order(cast: Cast, server: LiveServer) -> None:
    word = _word()
    member = cast.new_member("srch", name=f"Searchable {word}")
    member.api.update_status(status=f"the newest status of {word}")
    found = cast.plain.api.search_users(q=word)
    assert [u.id for u in found] == [member.id]
    body = found[0]._json
    # the recorded reply (tweepy cassette testsearchusers): users/lookup's User, ``status``
    # right after ``lang`` (its profile_banner_url is an uploaded banner Roost has no field for)
    at = USER_KEYS.index("lang") + 1
    assert list(body) == USER_KEYS[:at] + ["status"] + USER_KEYS[at:]
    assert body["status"]["text"] == f"the newest status of {word}"
    assert "user" not in body["status"]
    assert body["entities"] == {"description": {"urls": []}}
    assert body["following"] is False
    r = cast.session().get(server.url + "/1.1/users/search.json", params={"q": word})
    assert r.headers["content-type"] == "application/json;charset=utf-8"
    assert r.headers["x-rate-limit-limit"] == "900"  # cassette testratelimitstatus
    assert int(r.headers["x-rate-limit-remaining"]) < 900
    assert list(r.json()[0]) == list(body)


def test_users_search_relevance_order(cast: Cast, server: LiveServer) -> None:
    word = _word()
    exact, prefix_few, prefix_many, inside, by_name, tie_a, tie_b, other = _accounts(
        cast,
        (word, "Exact", 1),
        (f"{word}_a", "Prefix few", 5),
        (f"{word}_b", "Prefix many", 9),
        (f"x{word}", "Inside", 3),
        (f"nm{word[1:]}", f"Fan of {word.upper()}", 7),  # only the name has the word
        (f"ta{word[1:]}", f"tie {word}", 0),
        (f"tb{word[1:]}", f"tie {word}", 0),
        (f"zz{word[1:]}", "No match here", 100),
    )
    expected = [exact, prefix_many, prefix_few, by_name, inside, tie_a, tie_b]
    assert [u["id"] for u in _search(cast, server, q=word)] == [u.id for u in expected]
    # case-insensitive, and a leading @ is the screen name's
    assert [u["id"] for u in _search(cast, server, q=f"@{word.upper()}")] == [
        u.id for u in expected
    ]
    # every word must be in the name or the screen name (either one, any order)
    assert [u["id"] for u in _search(cast, server, q=f"TIE {word}")] == [tie_a.id, tie_b.id]
    assert [u["id"] for u in _search(cast, server, q=f"fan {word}")] == [by_name.id]
    assert _search(cast, server, q=f"{word} nobodyhas{word}") == []
    assert [u["id"] for u in _search(cast, server, q=f"zz{word[1:]}")] == [other.id]
    # LIKE's wildcards are plain characters in a query
    assert _search(cast, server, q=f"{word[:4]}%{word[5:]}") == []
    assert _search(cast, server, q=f"{word[:4]}_{word[5:]}") == []


def test_users_search_pages(cast: Cast, server: LiveServer) -> None:
    word = _word()
    made = _accounts(cast, *((f"{word}{i:02d}", f"Paged {i}", 30 - i) for i in range(25)))
    ids = [u.id for u in made]  # fewer followers as i grows: this is the relevance order
    first = _search(cast, server, q=word, count=10)
    second = _search(cast, server, q=word, count=10, page=2)
    third = _search(cast, server, q=word, count=10, page=3)
    assert [u["id"] for u in first + second + third] == ids
    assert [len(p) for p in (first, second, third)] == [10, 10, 5]
    assert _search(cast, server, q=word, count=10, page=4) == []
    # count: 20 by default and at most; below 1 is 1; page 0 is the first page
    assert [u["id"] for u in _search(cast, server, q=word)] == ids[:20]
    assert [u["id"] for u in _search(cast, server, q=word, count=100)] == ids[:20]
    assert [u["id"] for u in _search(cast, server, q=word, count=100, page=2)] == ids[20:]
    assert [u["id"] for u in _search(cast, server, q=word, count=0)] == ids[:1]
    assert [u["id"] for u in _search(cast, server, q=word, page=0)] == ids[:20]
    # tweepy's page cursor walks them all once and stops at the empty page
    pages = list(tweepy.Cursor(cast.plain.api.search_users, q=word, count=10).pages())
    assert [[u.id for u in p] for p in pages] == [ids[:10], ids[10:20], ids[20:]]
    r = cast.session().get(server.url + "/1.1/users/search.json", params={"q": word, "page": "two"})
    assert r.status_code == 400
    assert r.json() == {"errors": [{"code": 44, "message": "page parameter is invalid."}]}


def test_users_search_only_the_first_1000(cast: Cast, server: LiveServer) -> None:
    word = _word()
    made = _accounts(cast, *((f"{word}{i:04d}", "Many", 0) for i in range(1030)))
    ids = [u.id for u in made]  # no followers at all: oldest first
    searcher = cast.new_member("many")
    session = cast.session(searcher)
    url = server.url + "/1.1/users/search.json"

    def page(number: int, count: int = 20) -> list[int]:
        r = session.get(url, params={"q": word, "page": number, "count": count})
        assert r.status_code == 200, r.text
        return [u["id"] for u in r.json()]

    assert page(50) == ids[980:1000]
    assert page(51) == []  # past the first 1,000: the end, as a client sees it
    r = session.get(url, params={"q": word, "page": 52})
    assert r.status_code == 400  # Twitter's answer at page 52 (tweepy #604, sferik/t #181)
    assert r.json() == {
        "errors": [
            {"code": 44, "message": "Invalid value 52 for parameter page parameter is invalid."}
        ]
    }
    assert page(143, 7) == ids[994:1000]  # a page cut at the 1,000th match
    assert page(144, 7) == []
    assert session.get(url, params={"q": word, "page": 145, "count": 7}).status_code == 400
    found = [u.id for u in tweepy.Cursor(searcher.api.search_users, q=word).items()]
    assert found == ids[:1000]


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "@"}])
def test_users_search_without_q_is_25(
    cast: Cast, server: LiveServer, params: dict[str, str]
) -> None:
    r = cast.session().get(server.url + "/1.1/users/search.json", params=params)
    assert r.status_code == 400
    assert r.json() == {"errors": [{"code": 25, "message": "Query parameters are missing."}]}


def test_users_search_needs_user_context(cast: Cast) -> None:
    with pytest.raises(tweepy.BadRequest) as missing:
        cast.plain.api.search_users(q="")
    assert missing.value.api_codes == [25]
    with pytest.raises(
        tweepy.Forbidden
    ) as err:  # "Requires authentication? Yes (user context only)"
        cast.app_only().search_users(q=cast.plain.user.screen_name)
    assert err.value.api_codes == [220]


def test_users_search_leaves_out_suspended(cast: Cast, server: LiveServer) -> None:
    word = _word()
    kept, banned = _accounts(cast, (f"{word}_ok", "Kept", 0), (f"{word}_x", "Banned", 50))
    assert [u["id"] for u in _search(cast, server, q=word)] == [banned.id, kept.id]
    with cast.rt.store.write() as tx:
        tx.update_user(banned.id, suspended=True)
    assert [u["id"] for u in _search(cast, server, q=word)] == [kept.id]
    assert _search(cast, server, q=f"{word}_x") == []


def test_users_search_protected_status_only_for_who_may_see(cast: Cast) -> None:
    cast.protected.api.update_status(status=f"locked words {cast.protected.id}")
    name = cast.protected.user.screen_name
    stranger = cast.plain.api.search_users(q=name)
    assert [u.id for u in stranger] == [cast.protected.id]  # the account itself is public
    assert stranger[0].protected is True and "status" not in stranger[0]._json
    assert list(stranger[0]._json) == USER_KEYS
    for viewer in (cast.follower, cast.protected):
        seen = viewer.api.search_users(q=name)[0]._json
        assert seen["status"]["text"] == f"locked words {cast.protected.id}"
    assert cast.follower.api.search_users(q=name)[0].following is True


def test_users_search_include_entities_false(cast: Cast, server: LiveServer) -> None:
    word = _word()
    member = cast.new_member("ents", name=f"Entities {word}")
    member.api.update_status(status=f"see https://example.com/{word} #{word}")
    full = _search(cast, server, q=word)[0]
    assert "entities" in full and "entities" in full["status"]
    bare = _search(cast, server, q=word, include_entities="false")[0]
    assert "entities" not in bare and "entities" not in bare["status"]
    assert bare["status"]["id"] == full["status"]["id"]


def test_users_search_non_ascii_words(cast: Cast, server: LiveServer) -> None:
    word = _word()
    (emile,) = _accounts(cast, (f"em{word[1:]}", f"Émile {word}", 0))
    # as typed on every store (SQLite's lower() folds ASCII letters only)
    assert [u["id"] for u in _search(cast, server, q=f"Émile {word.upper()}")] == [emile.id]
    assert _search(cast, server, q=f"Émilie {word}") == []
