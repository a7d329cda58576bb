"""Lists through tweepy (and raw signed requests) over real HTTP, on both stores: lists/create,
show, destroy, members/create, members/destroy, members and statuses."""

from __future__ import annotations

import email.utils
import itertools

import pytest
import requests
import tweepy

from roost.domain.lists import LISTS_MAX, MEMBERS_MAX, ListRow
from roost.store import schema as t
from tests.clients.test_statuses_api import TWEET_KEYS
from tests.clients.test_timelines_api import ids, insert_statuses, post
from tests.clients.test_users_api import USER_KEYS
from tests.support.cast import Cast, Member
from tests.support.server import LiveServer

# A v1.1 List's keys in Twitter's order (tweepy cassettes testgetlist.json, 2019, and
# testcreateupdatedestroylist.yaml, 2021).
LIST_KEYS = [
    "id",
    "id_str",
    "name",
    "uri",
    "subscriber_count",
    "member_count",
    "mode",
    "description",
    "slug",
    "full_name",
    "created_at",
    "following",
    "user",
]
MEMBERS_KEYS = [
    "users",
    "next_cursor",
    "next_cursor_str",
    "previous_cursor",
    "previous_cursor_str",
    "total_count",
]
_serial = itertools.count(1)


def fresh_name(prefix: str = "List") -> str:
    """A list name no other test uses (lists are per owner, but the cast's are shared)."""
    return f"{prefix} {next(_serial)}"


def make_list(member: Member, **kw: object) -> tweepy.models.List:
    """A new list of ``member``'s, through lists/create."""
    return member.api.create_list(kw.pop("name", None) or fresh_name(), **kw)


def raw(
    cast: Cast, server: LiveServer, member: Member | None, method: str, path: str, **params: object
) -> requests.Response:
    """A signed request as ``member`` (None: the App's bearer token)."""
    if member is None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {cast.bearer}"
    else:
        session = cast.session(member)
    return session.request(method, f"{server.url}/1.1/{path}.json", params=params)


def error_of(r: requests.Response) -> tuple[int, int, str]:
    """(HTTP status, Twitter code, message) of an error reply."""
    (err,) = r.json()["errors"]
    return r.status_code, err["code"], err["message"]


# ------------------------------------------------------------------------------ lists/create


def test_create_answers_twitters_list_object(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("lister")
    r = raw(cast, server, owner, "POST", "lists/create", name="Official Twitter Accounts")
    assert r.status_code == 200, r.text
    assert not [h for h in r.headers if h.startswith("x-rate-limit")]  # POSTs sent none
    body = r.json()
    assert list(body) == LIST_KEYS
    sn = owner.user.screen_name
    assert body["id_str"] == str(body["id"])
    assert body["name"] == "Official Twitter Accounts"
    assert body["slug"] == "official-twitter-accounts"
    assert body["uri"] == f"/{sn}/lists/official-twitter-accounts"
    assert body["full_name"] == f"@{sn}/official-twitter-accounts"
    assert (body["mode"], body["description"]) == ("public", "")
    assert (body["member_count"], body["subscriber_count"]) == (0, 0)
    assert body["following"] is True  # the owner's own list (the 2019 cassettes)
    assert list(body["user"]) == USER_KEYS and body["user"]["id"] == owner.id
    made = email.utils.parsedate_to_datetime(body["created_at"])
    assert abs(made.timestamp() * 1000 - cast.rt.now_ms()) < 60_000


def test_create_through_tweepy_with_mode_and_description(cast: Cast) -> None:
    owner = cast.new_member("tweepy")
    made = owner.api.create_list("Close Friends", mode="private", description="people I know")
    assert isinstance(made, tweepy.models.List)
    assert (made.name, made.slug, made.mode) == ("Close Friends", "close-friends", "private")
    assert made.description == "people I know"
    assert made.user.screen_name == owner.user.screen_name
    assert owner.api.create_list("Loud", mode="PUBLIC").mode == "public"  # any case


def test_slugs_are_made_from_names_and_numbered_when_taken(cast: Cast) -> None:
    owner = cast.new_member("slugs")
    assert make_list(owner, name="goggles").slug == "goggles"
    assert make_list(owner, name="Goggles").slug == "goggles1"  # Twitter's second "goggles"
    assert make_list(owner, name="goggles").slug == "goggles2"
    assert make_list(owner, name="  Café & Bar_2 ").slug == "cafe---bar_2"
    assert make_list(owner, name="  Café & Bar_2 ").name == "Café & Bar_2"
    other = cast.new_member("slugs2")
    assert make_list(other, name="goggles").slug == "goggles"  # slugs are per owner


@pytest.mark.parametrize(
    ("params", "status", "code", "message"),
    [
        ({}, 403, 38, "name parameter is missing."),
        ({"name": ""}, 403, 38, "name parameter is missing."),
        (
            {"name": "x" * 26},
            403,
            44,
            "The list failed validation: A list's name can't be this many characters long.",
        ),
        (
            {"name": "2020 elections"},
            403,
            44,
            "The list failed validation: A list's name must start with a letter.",
        ),
        (
            {"name": "   "},
            403,
            44,
            "The list failed validation: A list's name must start with a letter.",
        ),
        (
            {"name": "ok", "description": "d" * 101},
            403,
            44,
            "The list failed validation: A list's description can't be this many characters long.",
        ),
        ({"name": "ok", "mode": "secret"}, 400, 44, "mode parameter is invalid."),
    ],
)
def test_create_refuses_what_twitter_refused(
    cast: Cast, server: LiveServer, params: dict[str, str], status: int, code: int, message: str
) -> None:
    r = raw(cast, server, cast.plain, "POST", "lists/create", **params)
    assert error_of(r) == (status, code, message)


def test_create_at_the_edges_of_the_limits(cast: Cast) -> None:
    owner = cast.new_member("edges")
    assert make_list(owner, name="y" * 25).name == "y" * 25
    assert len(make_list(owner, description="d" * 100).description) == 100


def test_an_account_holds_at_most_1000_lists(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("hoarder")
    with cast.rt.store.write() as tx:
        for n in range(LISTS_MAX):
            tx.insert_list(
                ListRow(cast.rt.next_id(), owner.id, f"l{n}", f"l{n}", "", "public", 0, 0, 1)
            )
    r = raw(cast, server, owner, "POST", "lists/create", name="one more")
    assert error_of(r) == (
        403,
        44,
        "The list failed validation: You can't have more than 1000 lists.",
    )


def test_writes_need_a_user_with_write_access(cast: Cast, server: LiveServer) -> None:
    r = raw(cast, server, None, "POST", "lists/create", name="app only")
    assert error_of(r)[:2] == (403, 220)
    reader = cast.member(cast.new_member("reader").user, read_only=True)
    r = raw(cast, server, reader, "POST", "lists/create", name="read only")
    assert r.status_code == 401 and r.json()["errors"][0]["code"] == 261


# ------------------------------------------------------------------------------ lists/show


def test_show_by_id_or_by_slug_and_owner(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("shower")
    made = make_list(owner, name="Official Twitter Accounts", description="Accounts")
    sn = owner.user.screen_name
    for found in (
        cast.plain.api.get_list(list_id=made.id),
        cast.plain.api.get_list(slug="Official-Twitter-Accounts", owner_screen_name=sn.upper()),
        cast.plain.api.get_list(slug=made.slug, owner_id=owner.id),
        cast.app_only().get_list(slug=made.slug, owner_screen_name="@" + sn),
    ):
        assert (found.id, found.name, found.description) == (made.id, made.name, "Accounts")
        assert list(found._json) == LIST_KEYS
    assert cast.plain.api.get_list(list_id=made.id).following is False  # not the owner
    assert cast.app_only().get_list(list_id=made.id).following is False
    assert owner.api.get_list(list_id=made.id).following is True
    r = raw(cast, server, cast.plain, "GET", "lists/show", list_id=made.id)
    assert r.headers["x-rate-limit-limit"] == "75"
    assert r.json()["user"]["following"] is False


def test_show_of_unknown_or_unnamed_lists(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("unknown")
    made = make_list(owner)
    sn = owner.user.screen_name
    not_found = (404, 34, "Sorry, that page does not exist.")
    unnamed = (403, 112, "You must specify either a list ID or a slug and owner.")
    for params, expected in (
        ({"list_id": "123"}, not_found),
        ({"slug": "nothing-here", "owner_screen_name": sn}, not_found),
        ({"slug": made.slug, "owner_screen_name": "no_such_owner1"}, not_found),
        ({"slug": made.slug, "owner_id": "99"}, not_found),
        ({}, unnamed),
        ({"slug": made.slug}, unnamed),
        ({"owner_screen_name": sn}, unnamed),
    ):
        assert error_of(raw(cast, server, cast.plain, "GET", "lists/show", **params)) == expected
    r = raw(cast, server, cast.plain, "GET", "lists/show", list_id="12x")
    assert error_of(r) == (400, 44, "list_id parameter is invalid.")
    with pytest.raises(tweepy.NotFound) as err:
        cast.plain.api.get_list(list_id=123)
    assert err.value.api_codes == [34]


def test_private_lists_are_the_owners_alone(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("secret")
    made = make_list(owner, mode="private")
    assert owner.api.get_list(list_id=made.id).mode == "private"
    for api in (cast.plain.api, cast.app_only()):
        with pytest.raises(tweepy.NotFound) as err:
            api.get_list(list_id=made.id)
        assert err.value.api_codes == [34]
        for read in (api.list_timeline, api.get_list_members):
            with pytest.raises(tweepy.NotFound):
                read(list_id=made.id)
    for path in ("lists/members/create", "lists/members/destroy", "lists/destroy"):
        r = raw(cast, server, cast.plain, "POST", path, list_id=made.id, user_id=cast.plain.id)
        assert error_of(r)[:2] == (404, 34), path


# ------------------------------------------------------------------------ lists/members/*


def test_add_and_remove_members(cast: Cast) -> None:
    owner, someone = cast.new_member("adder"), cast.new_member("added")
    made = make_list(owner, name="test")
    sn = owner.user.screen_name
    params = {"slug": "test", "owner_screen_name": sn, "screen_name": someone.user.screen_name}
    added = owner.api.add_list_member(**params)  # tweepy's testaddremovelistmember
    assert (added.id, added.name, added.member_count) == (made.id, "test", 1)
    assert list(added._json) == LIST_KEYS and added.following is True
    assert owner.api.add_list_member(list_id=made.id, user_id=someone.id).member_count == 1
    assert owner.api.add_list_member(list_id=made.id, user_id=owner.id).member_count == 2
    removed = owner.api.remove_list_member(**params)
    assert (removed.id, removed.member_count) == (made.id, 1)
    assert owner.api.get_list(list_id=made.id).member_count == 1
    model_made = owner.api.get_list(list_id=made.id)
    assert model_made.add_member(someone.id).member_count == 2  # tweepy's List helpers
    assert model_made.remove_member(someone.id).member_count == 1


def test_listed_count_counts_public_lists_only(cast: Cast) -> None:
    owner, someone = cast.new_member("counter"), cast.new_member("listed")
    public, private = make_list(owner), make_list(owner, mode="private")
    listed = owner.api.get_user(user_id=someone.id).listed_count
    assert listed == 0
    owner.api.add_list_member(list_id=public.id, user_id=someone.id)
    owner.api.add_list_member(list_id=public.id, user_id=someone.id)  # already there
    owner.api.add_list_member(list_id=private.id, user_id=someone.id)
    assert owner.api.get_user(user_id=someone.id).listed_count == 1
    owner.api.remove_list_member(list_id=private.id, user_id=someone.id)
    owner.api.remove_list_member(list_id=public.id, user_id=someone.id)
    assert owner.api.get_user(user_id=someone.id).listed_count == 0


def test_member_errors(cast: Cast, server: LiveServer) -> None:
    owner, stranger = cast.new_member("strict"), cast.new_member("stranger")
    made = make_list(owner)

    def call(member: Member, path: str, **params: object) -> tuple[int, int, str]:
        return error_of(raw(cast, server, member, "POST", f"lists/members/{path}", **params))

    unknown = (404, 108, "Cannot find specified user.")
    assert call(owner, "create", list_id=made.id, user_id=12345) == unknown
    assert call(owner, "create", list_id=made.id, screen_name="no_such_user_9") == unknown
    assert call(owner, "create", list_id=made.id) == unknown
    assert call(owner, "destroy", list_id=made.id, user_id=12345) == unknown
    assert call(owner, "create", user_id=stranger.id)[:2] == (403, 112)
    assert call(owner, "create", list_id=123, user_id=stranger.id)[:2] == (404, 34)
    assert call(stranger, "create", list_id=made.id, user_id=stranger.id) == (
        403,
        104,
        "You aren't allowed to add members to this list.",
    )
    assert call(owner, "destroy", list_id=made.id, user_id=stranger.id) == (
        403,
        110,
        "The user you are trying to remove from the list is not a member.",
    )
    owner.api.add_list_member(list_id=made.id, user_id=stranger.id)
    assert call(stranger, "destroy", list_id=made.id, user_id=stranger.id)[:2] == (403, 104)
    assert owner.api.get_list(list_id=made.id).member_count == 1
    with pytest.raises(tweepy.Forbidden) as err:
        stranger.api.add_list_member(list_id=made.id, user_id=cast.plain.id)
    assert err.value.api_codes == [104]


def test_a_list_holds_at_most_5000_members(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("full")
    made = make_list(owner)
    with cast.rt.store.write() as tx:  # as if 5,000 were already on it
        tx.conn.execute(
            t.lists.update().where(t.lists.c.id == made.id).values(member_count=MEMBERS_MAX)
        )
    r = raw(cast, server, owner, "POST", "lists/members/create", list_id=made.id, user_id=owner.id)
    assert error_of(r) == (403, 104, "You aren't allowed to add members to this list.")
    with cast.rt.store.read() as tx:
        assert not tx.is_list_member(made.id, owner.id)
    with cast.rt.store.write() as tx:
        tx.conn.execute(
            t.lists.update().where(t.lists.c.id == made.id).values(member_count=MEMBERS_MAX - 1)
        )
    assert owner.api.add_list_member(list_id=made.id, user_id=owner.id).member_count == MEMBERS_MAX


def test_protected_accounts_can_be_added(cast: Cast) -> None:
    owner = cast.new_member("adds_prot")
    made = make_list(owner)
    added = owner.api.add_list_member(list_id=made.id, user_id=cast.protected.id)
    assert added.member_count == 1


# ------------------------------------------------------------------------------ lists/members


def test_members_are_cursored_newest_first(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("roster")
    made = make_list(owner)
    people = [cast.new_member(f"m{n}") for n in range(5)]
    for person in people:
        owner.api.add_list_member(list_id=made.id, user_id=person.id)
    post(people[0], "latest words of the first")
    newest = [p.id for p in reversed(people)]
    r = raw(cast, server, cast.plain, "GET", "lists/members", list_id=made.id, count=2)
    assert r.headers["x-rate-limit-limit"] == "900"
    body = r.json()
    assert list(body) == MEMBERS_KEYS and body["total_count"] is None
    assert [u["id"] for u in body["users"]] == newest[:2]
    assert body["previous_cursor"] == 0 and body["next_cursor_str"] == str(body["next_cursor"])
    second = raw(
        cast,
        server,
        cast.plain,
        "GET",
        "lists/members",
        list_id=made.id,
        count=2,
        cursor=body["next_cursor"],
    ).json()
    assert [u["id"] for u in second["users"]] == newest[2:4]
    back = raw(
        cast,
        server,
        cast.plain,
        "GET",
        "lists/members",
        list_id=made.id,
        count=2,
        cursor=second["previous_cursor"],
    ).json()
    assert [u["id"] for u in back["users"]] == newest[:2]
    walked = tweepy.Cursor(cast.plain.api.get_list_members, list_id=made.id, count=2).items()
    assert [u.id for u in walked] == newest
    everyone = cast.app_only().get_list_members(slug=made.slug, owner_id=owner.id)
    assert [u.id for u in everyone] == newest  # count defaults to 20
    first = everyone[-1]._json
    assert "status" in first and first["status"]["text"] == "latest words of the first"
    bare = raw(
        cast,
        server,
        cast.plain,
        "GET",
        "lists/members",
        list_id=made.id,
        skip_status="true",
        include_entities="false",
    ).json()["users"]
    assert all("status" not in u and "entities" not in u for u in bare)
    empty = raw(cast, server, owner, "GET", "lists/members", list_id=make_list(owner).id)
    assert empty.json()["users"] == [] and empty.json()["next_cursor"] == 0


# ------------------------------------------------------------------------------ lists/statuses


def test_statuses_are_the_members_newest_first(cast: Cast, server: LiveServer) -> None:
    owner, a, b = cast.new_member("curator"), cast.new_member("alpha"), cast.new_member("beta")
    made = make_list(owner)
    for person in (a, b):
        owner.api.add_list_member(list_id=made.id, user_id=person.id)
    first = post(a, "alpha speaks")
    post(cast.plain, "not on the list")
    second = post(b, "beta answers")
    retweet = b.api.retweet(first).id
    third = post(a, "alpha again")
    page = cast.plain.api.list_timeline(list_id=made.id)
    assert ids(page) == [third, retweet, second, first]
    assert list(page[0]._json) == TWEET_KEYS
    assert page[1]._json["retweeted_status"]["id"] == first
    by_slug = cast.plain.api.list_timeline(slug=made.slug, owner_screen_name=owner.user.screen_name)
    assert ids(by_slug) == [third, retweet, second, first]
    assert ids(cast.app_only().list_timeline(list_id=made.id)) == [third, retweet, second, first]
    assert ids(cast.plain.api.list_timeline(list_id=made.id, include_rts=False)) == [
        third,
        second,
        first,
    ]
    # count is taken before retweets are left out
    assert ids(cast.plain.api.list_timeline(list_id=made.id, count=2, include_rts=False)) == [third]
    r = raw(
        cast, server, cast.plain, "GET", "lists/statuses", list_id=made.id, include_entities="false"
    )
    assert r.headers["x-rate-limit-limit"] == "900"
    assert all("entities" not in s for s in r.json())
    extended = raw(
        cast,
        server,
        cast.plain,
        "GET",
        "lists/statuses",
        list_id=made.id,
        tweet_mode="extended",
        trim_user="true",
    ).json()
    assert extended[0]["full_text"] == "alpha again"
    assert extended[0]["user"] == {"id": a.id, "id_str": str(a.id)}


def test_statuses_paging(cast: Cast) -> None:
    owner, author = cast.new_member("pagerl"), cast.new_member("prolific")
    made = make_list(owner)
    owner.api.add_list_member(list_id=made.id, user_id=author.id)
    newest = insert_statuses(cast, author.user, 230)[::-1]
    api = cast.plain.api
    lid = made.id
    assert ids(api.list_timeline(list_id=lid)) == newest[:20]  # count defaults to 20
    assert ids(api.list_timeline(list_id=lid, count=5)) == newest[:5]
    assert ids(api.list_timeline(list_id=lid, count=500)) == newest[:200]  # at most 200
    assert ids(api.list_timeline(list_id=lid, count=3, max_id=newest[10])) == newest[10:13]
    assert ids(api.list_timeline(list_id=lid, since_id=newest[3])) == newest[:3]  # exclusive
    assert ids(api.list_timeline(list_id=lid, since_id=newest[9], max_id=newest[5])) == newest[5:9]
    walked = tweepy.Cursor(api.list_timeline, list_id=lid, count=200).items()
    assert [s.id for s in walked] == newest


def test_statuses_of_an_empty_list_are_200_and_empty(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("emptyl")
    made = make_list(owner)
    r = raw(cast, server, owner, "GET", "lists/statuses", list_id=made.id, count=200)
    assert r.status_code == 200 and r.json() == []


def test_protected_members_statuses_reach_only_who_may_see_them(cast: Cast) -> None:
    owner = cast.new_member("watcher")  # does not follow the protected account
    made = make_list(owner)
    for person in (cast.protected, cast.plain):
        owner.api.add_list_member(list_id=made.id, user_id=person.id)
    locked = post(cast.protected, "for approved followers only")
    shared = post(cast.plain, "for everyone")
    assert ids(owner.api.list_timeline(list_id=made.id)) == [shared]
    assert ids(cast.app_only().list_timeline(list_id=made.id)) == [shared]
    assert ids(cast.follower.api.list_timeline(list_id=made.id)) == [shared, locked]
    assert ids(cast.protected.api.list_timeline(list_id=made.id)) == [shared, locked]
    # a retweet of the protected status by a public member stays out too (it cannot exist:
    # protected statuses cannot be retweeted), and a protected member's retweet of a public one
    # reaches only its approved followers
    echoed = cast.protected.api.retweet(shared).id
    assert ids(owner.api.list_timeline(list_id=made.id)) == [shared]
    assert ids(cast.follower.api.list_timeline(list_id=made.id)) == [echoed, shared, locked]


def test_deleted_statuses_leave_the_list_at_once(cast: Cast) -> None:
    owner, author = cast.new_member("dellist"), cast.new_member("deleter")
    made = make_list(owner)
    owner.api.add_list_member(list_id=made.id, user_id=author.id)
    keep, gone = post(author, "keep this one"), post(author, "delete this one")
    assert ids(owner.api.list_timeline(list_id=made.id)) == [gone, keep]
    author.api.destroy_status(gone)
    assert ids(owner.api.list_timeline(list_id=made.id)) == [keep]
    owner.api.remove_list_member(list_id=made.id, user_id=author.id)
    assert ids(owner.api.list_timeline(list_id=made.id)) == []


# ------------------------------------------------------------------------------ lists/destroy


def test_destroy(cast: Cast, server: LiveServer) -> None:
    owner, someone = cast.new_member("wrecker"), cast.new_member("onlist")
    made = make_list(owner, name="tweeps")
    owner.api.add_list_member(list_id=made.id, user_id=someone.id)
    assert owner.api.get_user(user_id=someone.id).listed_count == 1
    r = raw(cast, server, cast.plain, "POST", "lists/destroy", list_id=made.id)
    assert error_of(r) == (403, 104, "You aren't allowed to delete this list.")
    gone = owner.api.destroy_list(slug="tweeps", owner_screen_name=owner.user.screen_name)
    assert (gone.id, gone.name, gone.member_count) == (made.id, "tweeps", 1)
    assert list(gone._json) == LIST_KEYS
    with pytest.raises(tweepy.NotFound):
        owner.api.get_list(list_id=made.id)
    with pytest.raises(tweepy.NotFound):
        owner.api.destroy_list(list_id=made.id)
    assert owner.api.get_user(user_id=someone.id).listed_count == 0
    with cast.rt.store.read() as tx:
        assert tx.list_member_ids(made.id) == []
    assert make_list(owner, name="tweeps").slug == "tweeps"  # the slug is free again
