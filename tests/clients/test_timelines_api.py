"""statuses/home_timeline, user_timeline and mentions_timeline through tweepy (and twarc's raw
requests) over real HTTP, on both stores."""

from __future__ import annotations

import itertools

import pytest
import tweepy

from roost.domain.model import Tweet, User
from tests.clients.test_statuses_api import TWEET_KEYS
from tests.support.cast import Cast, Member
from tests.support.server import LiveServer

_serial = itertools.count(1)


def insert_statuses(cast: Cast, author: User, n: int) -> list[int]:
    """``n`` statuses by ``author`` written straight into the server's store; ids, oldest first."""
    made = []
    for _ in range(n):
        text = f"bulk status {next(_serial)}"
        made.append(
            Tweet(
                id=cast.rt.next_id(),
                user_id=author.id,
                text=text,
                display_start=0,
                display_end=len(text),
                entities={"hashtags": [], "symbols": [], "user_mentions": [], "urls": []},
                source_name="Roost Tests",
                source_url="https://roost.test/",
            )
        )
    with cast.rt.store.write() as tx:
        for tweet in made:
            tx.insert_status(tweet)
    return [t.id for t in made]


def post(member: Member, text: str, **kw: object) -> int:
    """A status posted over HTTP; its id."""
    return int(member.api.update_status(status=text, **kw).id)


def ids(statuses: list[tweepy.models.Status]) -> list[int]:
    """The ids of a tweepy page."""
    return [s.id for s in statuses]


def test_home_timeline_is_own_and_followed_newest_first(cast: Cast) -> None:
    viewer, friend, stranger = cast.new_member("viewer"), cast.owner, cast.plain
    viewer.api.create_friendship(user_id=friend.id)
    viewer.api.create_friendship(user_id=cast.protected.id)  # a request, not yet a follow
    a = post(friend, "from a friend")
    b = post(viewer, "my own")
    post(stranger, "from a stranger")
    post(cast.protected, "locked away")
    c = post(friend, "friend again")
    page = viewer.api.home_timeline()
    assert ids(page) == [c, b, a]
    body = page[0]._json
    assert list(body) == TWEET_KEYS
    assert body["user"]["screen_name"] == friend.user.screen_name
    assert body["user"]["following"] is True


def test_home_timeline_of_an_approved_follower_holds_protected_statuses(cast: Cast) -> None:
    locked = post(cast.protected, "for followers only")
    assert ids(cast.follower.api.home_timeline()) == [locked]
    assert ids(cast.protected.api.home_timeline()) == [locked]


def test_empty_timelines_are_200_and_empty(cast: Cast, server: LiveServer) -> None:
    """twarc retries a 404 forever: an empty timeline must be [] with 200."""
    member = cast.new_member("empty")
    session = cast.session(member)
    for name in ("home_timeline", "user_timeline", "mentions_timeline"):
        r = session.get(
            f"{server.url}/1.1/statuses/{name}.json",
            params={"count": "200", "tweet_mode": "extended"},
        )
        assert r.status_code == 200, (name, r.text)
        assert r.json() == []


def test_count_since_id_and_max_id(cast: Cast) -> None:
    viewer = cast.new_member("pager")
    author = cast.new_member("author")
    viewer.api.create_friendship(user_id=author.id)
    made = insert_statuses(cast, author.user, 230)
    newest = made[::-1]
    api = viewer.api
    assert ids(api.home_timeline()) == newest[:20]  # count defaults to 20
    assert ids(api.home_timeline(count=5)) == newest[:5]
    assert ids(api.home_timeline(count=500)) == newest[:200]  # at most 200
    assert ids(api.home_timeline(count=3, max_id=newest[10])) == newest[10:13]  # inclusive
    assert ids(api.home_timeline(since_id=newest[3])) == newest[:3]  # exclusive
    assert ids(api.home_timeline(since_id=newest[9], max_id=newest[5])) == newest[5:9]
    for call in (author.api.user_timeline, viewer.api.user_timeline):
        assert ids(call(user_id=author.id, count=4, max_id=newest[50])) == newest[50:54]
        assert ids(call(user_id=author.id, since_id=newest[2])) == newest[:2]
        assert len(call(user_id=author.id, count=200)) == 200


def test_tweepy_cursor_pages_a_user_timeline_to_the_end(cast: Cast) -> None:
    """tweepy's Cursor pages by max_id = lowest id - 1 and stops at an empty page."""
    author = cast.new_member("cursor")
    made = insert_statuses(cast, author.user, 450)
    found = [
        s.id
        for s in tweepy.Cursor(cast.plain.api.user_timeline, user_id=author.id, count=200).items()
    ]
    assert found == made[::-1]


def test_twarc_paging_of_home_reaches_the_newest_800(cast: Cast, server: LiveServer) -> None:
    """twarc: count=200, tweet_mode=extended, max_id = last id - 1 until an empty page."""
    viewer, author = cast.new_member("twarc"), cast.new_member("busy")
    viewer.api.create_friendship(user_id=author.id)
    made = insert_statuses(cast, author.user, 805)
    session = cast.session(viewer)
    params = {"count": "200", "tweet_mode": "extended"}
    seen: list[int] = []
    while True:
        r = session.get(server.url + "/1.1/statuses/home_timeline.json", params=params)
        assert r.status_code == 200, r.text
        assert r.headers["x-rate-limit-limit"] == "15"
        page = r.json()
        if not page:
            break
        assert all("full_text" in s for s in page)
        seen += [s["id"] for s in page]
        params = {**params, "max_id": str(page[-1]["id"] - 1)}
    assert seen == made[::-1][:800]


def test_rendering_switches(cast: Cast, server: LiveServer) -> None:
    viewer = cast.new_member("switch")
    viewer.api.create_friendship(user_id=cast.owner.id)
    text = f"hello @{viewer.user.screen_name} #tag " + "long " * 30 + "end"
    status_id = post(cast.owner, text)
    session = cast.session(viewer)
    for name, extra in (
        ("home_timeline", {}),
        ("mentions_timeline", {}),
        ("user_timeline", {"user_id": str(cast.owner.id)}),
    ):
        url = f"{server.url}/1.1/statuses/{name}.json"
        (plain,) = session.get(url, params=extra).json()
        assert plain["id"] == status_id and plain["truncated"] is True
        assert "ext_edit_control" not in plain and plain["user"]["name"] == "App Owner"
        assert [h["text"] for h in plain["entities"]["hashtags"]] == ["tag"]
        params = {
            **extra,
            "trim_user": "true",
            "include_entities": "false",
            "tweet_mode": "extended",
            "include_ext_edit_control": "true",
        }
        (styled,) = session.get(url, params=params).json()
        assert styled["user"] == {"id": cast.owner.id, "id_str": str(cast.owner.id)}
        assert "entities" not in styled
        assert styled["full_text"] == text and "text" not in styled
        assert styled["ext_edit_control"]["initial"]["edit_tweet_ids"] == [str(status_id)]
    via_tweepy = viewer.api.mentions_timeline(trim_user=True, include_entities=False)
    assert via_tweepy[0]._json["user"] == {"id": cast.owner.id, "id_str": str(cast.owner.id)}


def test_exclude_replies_and_include_rts_count_before_filtering(cast: Cast) -> None:
    author = cast.new_member("filter")
    viewer = cast.new_member("reader")
    viewer.api.create_friendship(user_id=author.id)
    parent = post(cast.owner, "a question")
    plain = post(author, "plain words")
    reply = post(author, f"@{cast.owner.user.screen_name} an answer", in_reply_to_status_id=parent)
    retweet = author.api.retweet(parent).id
    newest = post(author, "newest words")
    api = cast.plain.api
    uid = author.id
    assert ids(api.user_timeline(user_id=uid)) == [newest, retweet, reply, plain]
    assert ids(api.user_timeline(user_id=uid, include_rts=False)) == [newest, reply, plain]
    assert ids(api.user_timeline(user_id=uid, exclude_replies=True)) == [newest, retweet, plain]
    # count is taken before replies and retweets are left out
    assert ids(api.user_timeline(user_id=uid, count=3, include_rts=False)) == [newest, reply]
    assert ids(api.user_timeline(user_id=uid, count=3, exclude_replies=True)) == [newest, retweet]
    both = api.user_timeline(user_id=uid, count=3, exclude_replies=True, include_rts=False)
    assert ids(both) == [newest]
    home = viewer.api.home_timeline(exclude_replies=True)
    assert ids(home) == [newest, retweet, plain]
    assert home[1]._json["retweeted_status"]["id"] == parent
    assert ids(viewer.api.home_timeline(count=3, exclude_replies=True)) == [newest, retweet]


def test_user_timeline_by_id_name_or_the_caller(cast: Cast, server: LiveServer) -> None:
    member = cast.new_member("whose")
    mine = [post(member, "first of mine"), post(member, "second of mine")][::-1]
    api = cast.plain.api
    assert ids(api.user_timeline(user_id=member.id)) == mine
    assert ids(api.user_timeline(screen_name=member.user.screen_name.upper())) == mine
    assert ids(api.user_timeline(screen_name="@" + member.user.screen_name)) == mine
    assert ids(member.api.user_timeline()) == mine  # neither: the authenticating user
    assert ids(cast.app_only().user_timeline(user_id=member.id)) == mine  # app-only auth works
    r = cast.session().get(
        server.url + "/1.1/statuses/user_timeline.json", params={"user_id": member.id}
    )
    assert r.headers["x-rate-limit-limit"] == "900"


def test_user_timeline_of_unknown_accounts_is_34(cast: Cast, server: LiveServer) -> None:
    for who in ({"user_id": 12345}, {"screen_name": "no_such_user_x"}):
        with pytest.raises(tweepy.NotFound) as err:
            cast.plain.api.user_timeline(**who)
        assert err.value.api_codes == [34]
        assert err.value.api_messages == ["Sorry, that page does not exist."]
    r = cast.session().get(
        server.url + "/1.1/statuses/user_timeline.json", params={"screen_name": "no_such_user_x"}
    )
    assert r.status_code == 404
    assert r.json() == {"errors": [{"code": 34, "message": "Sorry, that page does not exist."}]}


def test_user_timeline_of_a_protected_account(cast: Cast, server: LiveServer) -> None:
    locked = post(cast.protected, "only for approved followers")
    pid = cast.protected.id
    assert ids(cast.follower.api.user_timeline(user_id=pid)) == [locked]
    assert ids(cast.protected.api.user_timeline()) == [locked]
    for api in (cast.plain.api, cast.app_only()):
        with pytest.raises(tweepy.Unauthorized):
            api.user_timeline(user_id=pid)
    r = cast.session().get(server.url + "/1.1/statuses/user_timeline.json", params={"user_id": pid})
    assert r.status_code == 401
    assert r.json() == {"request": "/1.1/statuses/user_timeline.json", "error": "Not authorized."}


def test_mentions_timeline(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("mentioned")
    name = me.user.screen_name
    public = post(cast.owner, f"hi @{name}")
    post(cast.owner, "no mention here")
    hidden = post(cast.protected, f"psst @{name}")  # protected, and me does not follow it
    reply = post(cast.plain, f"@{name} replying", in_reply_to_status_id=post(me, "my question"))
    page = me.api.mentions_timeline()
    assert ids(page) == [reply, public]
    assert hidden not in ids(page)
    assert page[0]._json["in_reply_to_screen_name"] == name
    assert ids(me.api.mentions_timeline(count=1)) == [reply]
    assert ids(me.api.mentions_timeline(since_id=public)) == [reply]
    assert ids(me.api.mentions_timeline(max_id=reply - 1)) == [public]
    # a follower of the protected account sees its mention of them
    follower_name = cast.follower.user.screen_name
    seen = post(cast.protected, f"hello @{follower_name}")
    assert ids(cast.follower.api.mentions_timeline()) == [seen]
    r = cast.session(me).get(server.url + "/1.1/statuses/mentions_timeline.json")
    assert r.headers["x-rate-limit-limit"] == "75"


def test_deleted_statuses_leave_every_timeline_at_once(cast: Cast) -> None:
    viewer = cast.new_member("deletes")
    viewer.api.create_friendship(user_id=cast.owner.id)
    keep = post(cast.owner, f"keep this @{viewer.user.screen_name}")
    gone = post(cast.owner, f"delete this @{viewer.user.screen_name}")
    for read in (
        viewer.api.home_timeline,
        viewer.api.mentions_timeline,
        lambda: viewer.api.user_timeline(user_id=cast.owner.id),
    ):
        assert ids(read()) == [gone, keep]
    cast.owner.api.destroy_status(gone)
    for read in (
        viewer.api.home_timeline,
        viewer.api.mentions_timeline,
        lambda: viewer.api.user_timeline(user_id=cast.owner.id),
    ):
        assert ids(read()) == [keep]


def test_home_and_mentions_need_a_user(cast: Cast) -> None:
    app_only = cast.app_only()
    for call in (app_only.home_timeline, app_only.mentions_timeline):
        with pytest.raises(tweepy.Forbidden) as err:
            call()
        assert err.value.api_codes == [220]


def test_suspended_authors_leave_home(cast: Cast) -> None:
    viewer, author = cast.new_member("susp"), cast.new_member("banned")
    viewer.api.create_friendship(user_id=author.id)
    status_id = post(author, "soon suspended")
    assert ids(viewer.api.home_timeline()) == [status_id]
    with cast.rt.store.write() as tx:
        tx.update_user(author.id, suspended=True)
    assert cast.rt.store.status_by_id(status_id) is not None  # still stored
    assert ids(viewer.api.home_timeline()) == []
    with pytest.raises(tweepy.Unauthorized):
        viewer.api.user_timeline(user_id=author.id)
