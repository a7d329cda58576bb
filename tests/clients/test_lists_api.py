"""Lists through tweepy (and raw signed requests) over real HTTP, on both stores: lists/create,
show, update, destroy, members/create, members/destroy, members/create_all, members/destroy_all,
members/show, members, statuses, list, ownerships and memberships."""

from __future__ import annotations

import email.utils
import itertools
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
import tweepy

from roost.domain.lists import (
    LISTS_LIST_MAX,
    LISTS_MAX,
    MEMBERS_MAX,
    MEMBERS_PER_REQUEST,
    ListRow,
)
from roost.services import lists
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
# lists/ownerships and lists/memberships: the cursored envelope's keys in Twitter's order (tweepy
# cassettes testgetlistownerships.json and testgetlistmemberships.json, 2019).
CURSORED_LISTS_KEYS = [
    "next_cursor",
    "next_cursor_str",
    "previous_cursor",
    "previous_cursor_str",
    "lists",
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
    # false in create's answer even to the owner (cassette testcreateupdatedestroylist, 2021),
    # true for them everywhere after (lists/show, list, ownerships, destroy)
    assert body["following"] is False
    assert owner.api.get_list(list_id=body["id"]).following is True
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


# What lists/create and lists/update both refuse in a name: (params, status, code, message).
_NAME_REFUSALS = [
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
]


@pytest.mark.parametrize(
    ("params", "status", "code", "message"),
    [
        ({}, 403, 38, "name parameter is missing."),
        ({"name": ""}, 403, 38, "name parameter is missing."),
        *_NAME_REFUSALS,
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


# ------------------------------------------------------------------------ lists/members/show

NOT_ON_LIST = (404, 109, "The specified user is not a member of this list.")


def test_members_show_answers_the_member_as_lists_members_does(
    cast: Cast, server: LiveServer
) -> None:
    owner, someone = cast.new_member("shows"), cast.new_member("shown")
    made = make_list(owner, name="Official Twitter Accounts")
    owner.api.add_list_member(list_id=made.id, user_id=someone.id)
    post(someone, "words of a member")
    sn = owner.user.screen_name
    # tweepy's testgetlistmember: owner_screen_name, slug (any case) and the member's screen_name
    found = cast.plain.api.get_list_member(
        owner_screen_name=sn, slug="Official-Twitter-Accounts", screen_name=someone.user.screen_name
    )
    assert isinstance(found, tweepy.models.User) and found.id == someone.id
    keys = list(found._json)
    assert [k for k in keys if k != "status"] == USER_KEYS
    assert keys[keys.index("lang") + 1] == "status"  # where the cassette has it
    assert found._json["status"]["text"] == "words of a member"
    assert cast.app_only().get_list_member(list_id=made.id, user_id=someone.id).id == someone.id
    r = raw(
        cast, server, cast.plain, "GET", "lists/members/show", list_id=made.id, user_id=someone.id
    )
    assert r.status_code == 200, r.text
    assert r.headers["x-rate-limit-limit"] == "15"  # Twitter's recorded rate_limit_status
    listed = raw(cast, server, cast.plain, "GET", "lists/members", list_id=made.id).json()
    assert r.json() == listed["users"][0]  # the User lists/members renders, viewer flags too
    bare = raw(
        cast,
        server,
        cast.plain,
        "GET",
        "lists/members/show",
        list_id=made.id,
        screen_name="@" + someone.user.screen_name.upper(),
        skip_status="true",
        include_entities="false",
    ).json()
    assert bare["id"] == someone.id and "status" not in bare and "entities" not in bare
    assert [k for k in USER_KEYS if k != "entities"] == list(bare)
    assert owner.api.get_list_member(list_id=made.id, user_id=someone.id).following is False


def test_members_show_of_non_members_and_unknowns(cast: Cast, server: LiveServer) -> None:
    owner, someone, outsider = (cast.new_member(p) for p in ("showq", "showm", "showo"))
    made = make_list(owner)
    owner.api.add_list_member(list_id=made.id, user_id=someone.id)

    def show(**params: object) -> tuple[int, int, str]:
        return error_of(raw(cast, server, cast.plain, "GET", "lists/members/show", **params))

    assert show(list_id=made.id, user_id=outsider.id) == NOT_ON_LIST
    assert show(list_id=made.id, user_id=owner.id) == NOT_ON_LIST  # the owner is not a member
    with pytest.raises(tweepy.NotFound) as err:  # as tweepy documents get_list_member
        cast.plain.api.get_list_member(list_id=made.id, screen_name=outsider.user.screen_name)
    assert err.value.api_codes == [109]
    owner.api.remove_list_member(list_id=made.id, user_id=someone.id)
    assert show(list_id=made.id, user_id=someone.id) == NOT_ON_LIST  # no longer
    unknown_user = (404, 108, "Cannot find specified user.")
    assert show(list_id=made.id, user_id=12345) == unknown_user
    assert show(list_id=made.id, screen_name="no_such_user_9") == unknown_user
    assert show(list_id=made.id) == unknown_user
    assert show(list_id=123, user_id=someone.id) == (404, 34, "Sorry, that page does not exist.")
    assert show(user_id=someone.id)[:2] == (403, 112)
    assert show(list_id=made.id, user_id="12x") == (400, 44, "user_id parameter is invalid.")
    # a suspended member is left out, as lists/members leaves them out
    owner.api.add_list_member(list_id=made.id, user_id=someone.id)
    with cast.rt.store.write() as tx:
        tx.update_user(someone.id, suspended=True)
    assert show(list_id=made.id, user_id=someone.id) == NOT_ON_LIST


def test_members_show_of_private_lists(cast: Cast, server: LiveServer) -> None:
    owner, someone = cast.new_member("showp"), cast.new_member("showpm")
    secret = make_list(owner, mode="private")
    owner.api.add_list_member(list_id=secret.id, user_id=someone.id)
    assert owner.api.get_list_member(list_id=secret.id, user_id=someone.id).id == someone.id
    for member in (cast.plain, someone, None):  # the member too: the list is the owner's alone
        r = raw(
            cast, server, member, "GET", "lists/members/show", list_id=secret.id, user_id=someone.id
        )
        assert error_of(r) == (404, 34, "Sorry, that page does not exist.")


# ------------------------------------------------------- lists/members/create_all, destroy_all


def test_create_all_and_destroy_all(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("bulk")
    a, b = cast.new_member("bulka"), cast.new_member("bulkb")
    made = make_list(owner, name="test", mode="private", description="testing update_list")
    # tweepy's testaddremovelistmembers: slug, owner_screen_name and a list of screen names
    params = {
        "slug": "test",
        "owner_screen_name": owner.user.screen_name,
        "screen_name": [a.user.screen_name, b.user.screen_name],
    }
    added = owner.api.add_list_members(**params)
    assert isinstance(added, tweepy.models.List) and list(added._json) == LIST_KEYS
    assert (added.id, added.name, added.member_count, added.mode) == (made.id, "test", 2, "private")
    assert added.following is True  # as recorded (not create's false)
    members = owner.api.get_list_members(list_id=made.id)
    assert [u.id for u in members] == [b.id, a.id]  # the last named was added last
    removed = owner.api.remove_list_members(**params)
    assert list(removed._json) == LIST_KEYS
    assert (removed.id, removed.member_count, removed.following) == (made.id, 0, True)
    assert owner.api.get_list_members(list_id=made.id) == []
    # by ids, and both parameters together (the same account named twice counts once)
    both = owner.api.add_list_members(
        list_id=made.id, user_id=[a.id, b.id], screen_name=[a.user.screen_name]
    )
    assert both.member_count == 2
    with cast.rt.store.read() as tx:
        assert tx.list_member_ids(made.id) == [b.id, a.id]
    r = raw(cast, server, owner, "POST", "lists/members/destroy_all", list_id=made.id, user_id=a.id)
    assert r.status_code == 200, r.text
    assert not [h for h in r.headers if h.startswith("x-rate-limit")]  # POSTs sent none
    assert r.json()["member_count"] == 1
    r = raw(
        cast,
        server,
        owner,
        "POST",
        "lists/members/create_all",
        list_id=made.id,
        user_id=f" {a.id} ,,{b.id}",  # spaces and empty items are skipped
        include_entities="false",
    )
    assert r.status_code == 200, r.text
    assert r.json()["member_count"] == 2 and "entities" not in r.json()["user"]


def test_create_all_skips_unknown_names(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("skipper")
    a, b, c, d = (cast.new_member(f"skip{n}") for n in range(4))
    made = make_list(owner)
    owner.api.add_list_member(list_id=made.id, user_id=a.id)  # already there
    added = owner.api.add_list_members(
        list_id=made.id,
        user_id=[a.id, 12345, b.id],
        screen_name=["no_such_user_9", c.user.screen_name, "@" + d.user.screen_name.upper()],
    )
    assert added.member_count == 4
    with cast.rt.store.read() as tx:
        assert tx.list_member_ids(made.id) == [d.id, c.id, b.id, a.id]
    r = raw(
        cast,
        server,
        owner,
        "POST",
        "lists/members/create_all",
        list_id=made.id,
        user_id="12345,67890",
        screen_name="no_such_user_9,not a name!",
    )
    assert r.status_code == 200, r.text  # none exists: nothing to add, the list as it is
    assert r.json()["member_count"] == 4
    for path in ("lists/members/create_all", "lists/members/destroy_all"):
        r = raw(cast, server, owner, "POST", path, list_id=made.id)  # no one named at all
        assert error_of(r) == (404, 108, "Cannot find specified user."), path
        r = raw(cast, server, owner, "POST", path, list_id=made.id, user_id=f"{a.id},12x")
        assert error_of(r) == (400, 44, "user_id parameter is invalid."), path
    # destroy_all skips unknown accounts and accounts not on the list (no 110)
    outsider = cast.new_member("skipout")
    removed = owner.api.remove_list_members(
        list_id=made.id,
        user_id=[12345, a.id, outsider.id],
        screen_name=["no_such_user_9", c.user.screen_name],
    )
    assert removed.member_count == 2
    with cast.rt.store.read() as tx:
        assert tx.list_member_ids(made.id) == [d.id, b.id]
    again = owner.api.remove_list_members(list_id=made.id, user_id=[a.id, c.id])
    assert again.member_count == 2


def test_create_all_and_destroy_all_are_the_owners_alone(cast: Cast, server: LiveServer) -> None:
    owner, stranger = cast.new_member("bulkown"), cast.new_member("bulkstr")
    made, secret = make_list(owner), make_list(owner, mode="private")
    owner.api.add_list_member(list_id=made.id, user_id=owner.id)

    def call(member: Member | None, path: str, **params: object) -> tuple[int, int, str]:
        return error_of(raw(cast, server, member, "POST", f"lists/members/{path}", **params))

    assert call(stranger, "create_all", list_id=made.id, user_id=stranger.id) == (
        403,
        104,
        "You aren't allowed to add members to this list.",
    )
    assert call(stranger, "destroy_all", list_id=made.id, user_id=owner.id) == (
        403,
        104,
        "You aren't allowed to remove members from this list.",
    )
    with pytest.raises(tweepy.Forbidden) as err:
        stranger.api.add_list_members(list_id=made.id, user_id=[stranger.id, cast.plain.id])
    assert err.value.api_codes == [104]
    for path in ("create_all", "destroy_all"):
        assert call(stranger, path, list_id=secret.id, user_id=owner.id)[:2] == (404, 34), path
        assert call(owner, path, list_id=123, user_id=owner.id)[:2] == (404, 34), path
        assert call(owner, path, user_id=owner.id)[:2] == (403, 112), path
        assert call(None, path, list_id=made.id, user_id=owner.id)[:2] == (403, 220), path
        reader = cast.member(owner.user, read_only=True)
        r = raw(cast, server, reader, "POST", f"lists/members/{path}", list_id=made.id, user_id=1)
        assert r.status_code == 401 and r.json()["errors"][0]["code"] == 261, path
    with cast.rt.store.read() as tx:
        assert tx.list_member_ids(made.id) == [owner.id] and tx.list_member_ids(secret.id) == []


def test_create_all_and_destroy_all_name_at_most_100_each(cast: Cast, server: LiveServer) -> None:
    owner, someone = cast.new_member("hundred"), cast.new_member("hundredm")
    made = make_list(owner)
    unknown = [str(n) for n in range(1, MEMBERS_PER_REQUEST)]  # 99 ids no account has
    names = [f"nobody_{n}" for n in range(1, MEMBERS_PER_REQUEST)]
    for path in ("lists/members/create_all", "lists/members/destroy_all"):
        r = raw(
            cast,
            server,
            owner,
            "POST",
            path,
            list_id=made.id,
            user_id=",".join([*unknown, str(someone.id), "12345"]),  # 101
        )
        assert error_of(r) == (400, 44, "user_id parameter is invalid."), path
        r = raw(
            cast,
            server,
            owner,
            "POST",
            path,
            list_id=made.id,
            screen_name=",".join([*names, someone.user.screen_name, "nobody_x"]),  # 101
        )
        assert error_of(r) == (400, 44, "screen_name parameter is invalid."), path
        assert owner.api.get_list(list_id=made.id).member_count == (
            0 if path.endswith("create_all") else 1
        )
        # exactly 100 of each is allowed
        r = raw(
            cast,
            server,
            owner,
            "POST",
            path,
            list_id=made.id,
            user_id=",".join([*unknown, str(someone.id)]),
            screen_name=",".join([*names, someone.user.screen_name]),
        )
        assert r.status_code == 200, r.text
        assert r.json()["member_count"] == (1 if path.endswith("create_all") else 0)


def test_create_all_honours_the_5000_member_cap(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("bulkfull")
    on, a, b, c = (cast.new_member(f"bulkf{n}") for n in range(4))
    made = make_list(owner)
    owner.api.add_list_member(list_id=made.id, user_id=on.id)
    with cast.rt.store.write() as tx:  # as if 4,998 were on it
        tx.conn.execute(
            t.lists.update().where(t.lists.c.id == made.id).values(member_count=MEMBERS_MAX - 2)
        )
    listed = [owner.api.get_user(user_id=p.id).listed_count for p in (a, b, c)]
    too_many = {"list_id": made.id, "user_id": f"{on.id},{a.id},{b.id},{c.id}"}
    r = raw(cast, server, owner, "POST", "lists/members/create_all", **too_many)
    assert error_of(r) == (403, 104, "You aren't allowed to add members to this list.")
    with cast.rt.store.read() as tx:  # three new ones do not fit: none is added
        assert tx.list_members_among(made.id, [a.id, b.id, c.id]) == set()
    assert owner.api.get_list(list_id=made.id).member_count == MEMBERS_MAX - 2
    assert [owner.api.get_user(user_id=p.id).listed_count for p in (a, b, c)] == listed
    # two new ones fit (the one already on it takes no place)
    filled = owner.api.add_list_members(list_id=made.id, user_id=[on.id, a.id, b.id])
    assert filled.member_count == MEMBERS_MAX
    full_again = owner.api.add_list_members(list_id=made.id, user_id=[a.id, b.id])
    assert full_again.member_count == MEMBERS_MAX  # nothing new: no change, no error
    with pytest.raises(tweepy.Forbidden) as err:
        owner.api.add_list_members(list_id=made.id, user_id=[c.id])
    assert err.value.api_codes == [104]
    emptied = owner.api.remove_list_members(list_id=made.id, user_id=[a.id, b.id])
    assert emptied.member_count == MEMBERS_MAX - 2
    assert owner.api.add_list_members(list_id=made.id, user_id=[c.id]).member_count == (
        MEMBERS_MAX - 1
    )


def test_create_all_and_destroy_all_keep_listed_count(cast: Cast) -> None:
    owner = cast.new_member("bulkcnt")
    a, b = cast.new_member("bulkca"), cast.new_member("bulkcb")
    public, private = make_list(owner), make_list(owner, mode="private")
    protected_before = owner.api.get_user(user_id=cast.protected.id).listed_count

    def listed() -> list[int]:
        return [owner.api.get_user(user_id=p.id).listed_count for p in (a, b)]

    assert listed() == [0, 0]
    # protected accounts may be added, as with members/create
    ids_ = [a.id, b.id, cast.protected.id]
    assert owner.api.add_list_members(list_id=public.id, user_id=ids_).member_count == 3
    assert owner.api.add_list_members(list_id=private.id, user_id=ids_).member_count == 3
    assert listed() == [1, 1]  # public lists only
    after = owner.api.get_user(user_id=cast.protected.id).listed_count
    assert after == protected_before + 1
    owner.api.add_list_members(list_id=public.id, user_id=[a.id, b.id])  # already there
    assert listed() == [1, 1]
    owner.api.remove_list_members(list_id=private.id, user_id=[a.id, b.id])
    assert listed() == [1, 1]
    owner.api.remove_list_members(list_id=public.id, user_id=[a.id, 12345])
    assert listed() == [0, 1]
    owner.api.remove_list_members(list_id=public.id, user_id=[a.id, b.id, cast.protected.id])
    assert listed() == [0, 0]
    assert owner.api.get_user(user_id=cast.protected.id).listed_count == protected_before
    with cast.rt.store.read() as tx:
        assert tx.list_member_ids(public.id) == []
        assert tx.list_member_ids(private.id) == [cast.protected.id]
    assert owner.api.get_list(list_id=public.id).member_count == 0
    assert owner.api.get_list(list_id=private.id).member_count == 1


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


# ------------------------------------------------------------------------------ lists/update


def test_update_changes_what_is_sent_and_keeps_the_rest(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("updater")
    made = make_list(owner, name="tweeps", description="first words")
    # tweepy's testcreateupdatedestroylist: the description alone
    changed = owner.api.update_list(list_id=made.id, description="updated!")
    assert isinstance(changed, tweepy.models.List) and list(changed._json) == LIST_KEYS
    assert (changed.id, changed.name, changed.slug, changed.mode) == (
        made.id,
        "tweeps",
        "tweeps",
        "public",
    )
    assert changed.description == "updated!"
    assert changed.following is False and changed.user.id == owner.id  # as create's answer
    sn = owner.user.screen_name
    renamed = owner.api.update_list(slug="tweeps", owner_screen_name=sn, name="  Close Friends ")
    assert (renamed.name, renamed.slug, renamed.description) == (
        "Close Friends",
        "tweeps",
        "updated!",
    )
    assert renamed.full_name == f"@{sn}/tweeps"  # the slug stays on a rename
    hidden = owner.api.update_list(slug="TWEEPS", owner_id=owner.id, mode="PRIVATE")
    assert (hidden.mode, hidden.name, hidden.description) == (
        "private",
        "Close Friends",
        "updated!",
    )
    shown = owner.api.get_list(list_id=made.id)
    assert (shown.name, shown.slug, shown.mode, shown.description) == (
        "Close Friends",
        "tweeps",
        "private",
        "updated!",
    )
    # an empty description clears it; empty name and mode are as if not sent
    r = raw(
        cast,
        server,
        owner,
        "POST",
        "lists/update",
        list_id=made.id,
        name="",
        mode="",
        description="",
    )
    assert r.status_code == 200, r.text
    assert not [h for h in r.headers if h.startswith("x-rate-limit")]  # POSTs sent none
    body = r.json()
    assert list(body) == LIST_KEYS
    assert (body["name"], body["mode"], body["description"]) == ("Close Friends", "private", "")
    same = raw(cast, server, owner, "POST", "lists/update", list_id=made.id).json()
    assert same == body  # nothing sent: nothing changes
    # a second list may take the old name: names are not unique, slugs are
    assert make_list(owner, name="tweeps").slug == "tweeps1"


def test_update_turning_public_or_private_moves_listed_count(cast: Cast) -> None:
    owner, a, b = cast.new_member("moder"), cast.new_member("mem_a"), cast.new_member("mem_b")
    made = make_list(owner)
    for person in (a, b):
        owner.api.add_list_member(list_id=made.id, user_id=person.id)

    def listed() -> list[int]:
        return [owner.api.get_user(user_id=p.id).listed_count for p in (a, b)]

    assert listed() == [1, 1]
    owner.api.update_list(list_id=made.id, mode="private")
    assert listed() == [0, 0]
    owner.api.update_list(list_id=made.id, mode="private", name="Still private")
    assert listed() == [0, 0]  # no change of mode: no change of count
    owner.api.remove_list_member(list_id=made.id, user_id=b.id)  # while private
    owner.api.update_list(list_id=made.id, mode="public")
    assert listed() == [1, 0]
    owner.api.update_list(list_id=made.id, mode="public", description="again public")
    assert listed() == [1, 0]
    owner.api.add_list_member(list_id=made.id, user_id=b.id)
    assert listed() == [1, 1]
    owner.api.update_list(list_id=made.id, mode="private")
    owner.api.destroy_list(list_id=made.id)  # a private list's end changes nothing
    assert listed() == [0, 0]


def test_update_is_the_owners_alone(cast: Cast, server: LiveServer) -> None:
    owner, stranger = cast.new_member("upowner"), cast.new_member("upstrang")
    made = make_list(owner, name="Mine", description="as it was")
    secret = make_list(owner, mode="private")

    def update(member: Member, **params: object) -> tuple[int, int, str]:
        return error_of(raw(cast, server, member, "POST", "lists/update", **params))

    refused = (403, 104, "You aren't allowed to update this list.")
    assert update(stranger, list_id=made.id, name="Theirs") == refused
    assert update(stranger, slug=made.slug, owner_id=owner.id, mode="private") == refused
    with pytest.raises(tweepy.Forbidden) as err:
        stranger.api.update_list(list_id=made.id, description="defaced")
    assert err.value.api_codes == [104]
    not_found = (404, 34, "Sorry, that page does not exist.")
    assert update(stranger, list_id=secret.id, name="Theirs") == not_found
    assert update(owner, list_id=123, name="Nothing") == not_found
    assert update(owner, name="Unnamed") == (
        403,
        112,
        "You must specify either a list ID or a slug and owner.",
    )
    assert update(owner, slug=made.slug, name="Unnamed")[:2] == (403, 112)
    r = raw(cast, server, None, "POST", "lists/update", list_id=made.id, name="App")
    assert error_of(r)[:2] == (403, 220)
    reader = cast.member(owner.user, read_only=True)
    r = raw(cast, server, reader, "POST", "lists/update", list_id=made.id, name="Read only")
    assert r.status_code == 401 and r.json()["errors"][0]["code"] == 261
    kept = owner.api.get_list(list_id=made.id)
    assert (kept.name, kept.mode, kept.description) == ("Mine", "public", "as it was")


def test_mode_changes_racing_member_changes_keep_listed_count(cast: Cast) -> None:
    """A list flipping between public and private while members come and go, from threads on
    the server's runtime: every account's listed_count ends as its public lists say."""
    owner = cast.new_member("racer")
    made = make_list(owner)
    people = [cast.new_member(f"racee{n}") for n in range(6)]
    ref = lists.ListRef(list_id=made.id)
    rt = cast.rt

    def flip() -> None:
        for n in range(30):
            lists.update(rt, owner.user, ref, mode="private" if n % 2 == 0 else "public")

    def churn(person: Member, rounds: int) -> None:
        member = lists.MemberRef(user_id=person.id)
        for n in range(rounds):
            if n % 2 == 0:
                lists.add_member(rt, owner.user, ref, member)
            else:
                lists.remove_member(rt, owner.user, ref, member)

    with ThreadPoolExecutor(len(people) + 1) as pool:
        done = [pool.submit(flip)]
        done += [pool.submit(churn, p, 11 + n % 2) for n, p in enumerate(people)]
        for future in done:
            future.result()
    with rt.store.write() as tx:  # a write unit reads past the caches
        final = tx.list_by_id(made.id)
        on = set(tx.list_member_ids(made.id))
        counts = {i: u.listed_count for i, u in tx.users_by_ids([p.id for p in people]).items()}
    assert final is not None and final.mode == "public"
    assert on == {p.id for n, p in enumerate(people) if n % 2 == 0}  # 11 rounds end added
    assert counts == {p.id: int(p.id in on) for p in people}


@pytest.mark.parametrize(
    ("params", "status", "code", "message"),
    [
        *_NAME_REFUSALS,
        (
            {"description": "d" * 101},
            403,
            44,
            "The list failed validation: A list's description can't be this many characters long.",
        ),
        ({"mode": "secret"}, 400, 44, "mode parameter is invalid."),
        ({"name": "fine", "mode": "secret"}, 400, 44, "mode parameter is invalid."),
        ({"list_id": "12x"}, 400, 44, "list_id parameter is invalid."),
    ],
)
def test_update_refuses_what_create_refuses(
    cast: Cast, server: LiveServer, params: dict[str, str], status: int, code: int, message: str
) -> None:
    owner = cast.new_member("upcheck")
    made = make_list(owner, name="Checked")
    sent = {"list_id": made.id, **params}
    r = raw(cast, server, owner, "POST", "lists/update", **sent)
    assert error_of(r) == (status, code, message)
    kept = owner.api.get_list(list_id=made.id)
    assert (kept.name, kept.mode, kept.description) == ("Checked", "public", "")


def test_update_at_the_edges_of_the_limits(cast: Cast) -> None:
    owner = cast.new_member("upedges")
    made = make_list(owner)
    changed = owner.api.update_list(list_id=made.id, name="y" * 25, description="d" * 100)
    assert (changed.name, len(changed.description)) == ("y" * 25, 100)


# ------------------------------------------------------------------------------ lists/list


def test_list_answers_the_users_own_lists_newest_first(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("lists_of")
    first, secret, last = make_list(owner), make_list(owner, mode="private"), make_list(owner)
    mine = owner.api.get_lists()  # the caller's by default
    assert [x.id for x in mine] == [last.id, secret.id, first.id]
    assert all(list(x._json) == LIST_KEYS and x.following for x in mine)
    r = raw(cast, server, owner, "GET", "lists/list")
    assert r.status_code == 200 and isinstance(r.json(), list)
    assert [x["id"] for x in r.json()] == [last.id, secret.id, first.id]
    sn = owner.user.screen_name
    # no subscriptions in Roost: reverse (owned lists first) answers the same lists
    assert [x.id for x in owner.api.get_lists(reverse=True)] == [last.id, secret.id, first.id]
    assert [x.id for x in owner.api.get_lists(screen_name=sn)] == [last.id, secret.id, first.id]
    # another user, and the App, see the public ones only
    for theirs in (
        cast.plain.api.get_lists(user_id=owner.id),
        cast.plain.api.get_lists(screen_name="@" + sn.upper(), reverse=True),
        cast.app_only().get_lists(screen_name=sn),
    ):
        assert [x.id for x in theirs] == [last.id, first.id]
        assert not any(x.following for x in theirs)
    assert cast.plain.api.get_lists() == []  # the plain user owns none
    bare = raw(
        cast, server, cast.plain, "GET", "lists/list", user_id=owner.id, include_entities="f"
    )
    assert all("entities" not in x["user"] for x in bare.json())


def test_list_of_unknown_or_unnamed_users(cast: Cast, server: LiveServer) -> None:
    unknown = (404, 50, "User not found.")
    r = raw(cast, server, cast.plain, "GET", "lists/list", user_id=12345)
    assert error_of(r) == unknown
    r = raw(cast, server, cast.plain, "GET", "lists/list", screen_name="no_such_user_9")
    assert error_of(r) == unknown
    r = raw(cast, server, None, "GET", "lists/list")  # app-only must name a user
    assert error_of(r) == unknown
    r = raw(cast, server, cast.plain, "GET", "lists/list", user_id="12x")
    assert error_of(r) == (400, 44, "user_id parameter is invalid.")


def test_list_answers_at_most_100(cast: Cast) -> None:
    owner = cast.new_member("many")
    with cast.rt.store.write() as tx:
        made = []
        for n in range(LISTS_LIST_MAX + 5):
            row = ListRow(cast.rt.next_id(), owner.id, f"l{n}", f"l{n}", "", "public", 0, 0, 1)
            tx.insert_list(row)
            made.append(row.id)
    newest = made[::-1]
    assert [x.id for x in owner.api.get_lists()] == newest[:LISTS_LIST_MAX]
    assert [x.id for x in owner.api.get_lists(reverse=True)] == newest[:LISTS_LIST_MAX]


# ------------------------------------------------------------------------------ lists/ownerships


def _insert_lists(cast: Cast, owner: Member, n: int, mode: str = "public") -> list[int]:
    """``n`` lists of ``owner``'s, straight into the store; their ids, oldest first."""
    ids_made = []
    with cast.rt.store.write() as tx:
        for _ in range(n):
            name = fresh_name("Bulk")
            slug = name.lower().replace(" ", "-")
            row = ListRow(cast.rt.next_id(), owner.id, name, slug, "", mode, 0, 0, 1)
            tx.insert_list(row)
            ids_made.append(row.id)
    return ids_made


def walk(
    cast: Cast, server: LiveServer, member: Member | None, path: str, **params: object
) -> tuple[list[int], list[dict[str, Any]]]:
    """Every page of a cursored lists/* answer from cursor -1: the lists' ids in order, and
    each page's body."""
    cursor: object = -1
    seen: list[int] = []
    bodies = []
    while cursor != 0:
        r = raw(cast, server, member, "GET", path, cursor=cursor, **params)
        assert r.status_code == 200, r.text
        body = r.json()
        assert list(body) == CURSORED_LISTS_KEYS
        assert body["next_cursor_str"] == str(body["next_cursor"])
        assert body["previous_cursor_str"] == str(body["previous_cursor"])
        seen += [x["id"] for x in body["lists"]]
        bodies.append(body)
        cursor = body["next_cursor"]
    return seen, bodies


def test_ownerships_are_cursored_newest_first(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("owns")
    made = [make_list(owner).id, make_list(owner, mode="private").id, make_list(owner).id]
    made += _insert_lists(cast, owner, 4) + [make_list(owner, mode="private").id]
    newest = made[::-1]
    r = raw(cast, server, owner, "GET", "lists/ownerships")
    assert r.status_code == 200
    body = r.json()
    assert list(body) == CURSORED_LISTS_KEYS  # the cassette's order: cursors, then lists
    assert [x["id"] for x in body["lists"]] == newest  # count defaults to 20
    assert all(list(x) == LIST_KEYS and x["following"] is True for x in body["lists"])
    assert (body["next_cursor"], body["previous_cursor"]) == (0, 0)
    assert (body["next_cursor_str"], body["previous_cursor_str"]) == ("0", "0")
    seen, pages = walk(cast, server, owner, "lists/ownerships", count=3)
    assert seen == newest and len(set(seen)) == len(seen)  # every list once
    assert [len(p["lists"]) for p in pages] == [3, 3, 2]
    assert pages[0]["previous_cursor"] == 0 and pages[1]["previous_cursor"] != 0
    back = raw(
        cast,
        server,
        owner,
        "GET",
        "lists/ownerships",
        count=3,
        cursor=pages[2]["previous_cursor"],
    ).json()
    assert [x["id"] for x in back["lists"]] == newest[3:6]
    walked = tweepy.Cursor(owner.api.get_list_ownerships, count=2).items()
    assert [x.id for x in walked] == newest
    assert [x.id for x in owner.api.get_list_ownerships(user_id=owner.id, count=5000)] == newest
    assert [x.id for x in owner.api.get_list_ownerships(count=0)] == newest[:1]  # at least 1
    # others see the public lists only, pages cut among those alone
    public = [i for i in newest if i not in (made[1], made[-1])]
    for member in (cast.plain, None):
        seen, pages = walk(
            cast, server, member, "lists/ownerships", screen_name=owner.user.screen_name, count=2
        )
        assert seen == public and [len(p["lists"]) for p in pages] == [2, 2, 2]
        assert not any(x["following"] for p in pages for x in p["lists"])
    empty = raw(cast, server, cast.plain, "GET", "lists/ownerships").json()
    assert empty == {
        "next_cursor": 0,
        "next_cursor_str": "0",
        "previous_cursor": 0,
        "previous_cursor_str": "0",
        "lists": [],
    }


def test_ownerships_count_defaults_to_20(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("owns20")
    newest = _insert_lists(cast, owner, 23)[::-1]
    body = raw(cast, server, cast.plain, "GET", "lists/ownerships", user_id=owner.id).json()
    assert [x["id"] for x in body["lists"]] == newest[:20]
    assert body["next_cursor"] != 0
    rest = raw(
        cast,
        server,
        cast.plain,
        "GET",
        "lists/ownerships",
        user_id=owner.id,
        cursor=body["next_cursor_str"],
    ).json()
    assert [x["id"] for x in rest["lists"]] == newest[20:]
    assert rest["next_cursor"] == 0 and rest["previous_cursor"] != 0


def test_ownerships_errors(cast: Cast, server: LiveServer) -> None:
    r = raw(cast, server, cast.plain, "GET", "lists/ownerships", cursor="abc")
    assert error_of(r) == (400, 44, "cursor parameter is invalid.")
    r = raw(cast, server, cast.plain, "GET", "lists/ownerships", count="many")
    assert error_of(r) == (400, 44, "count parameter is invalid.")
    r = raw(cast, server, cast.plain, "GET", "lists/ownerships", user_id=12345)
    assert error_of(r) == (404, 50, "User not found.")
    r = raw(cast, server, None, "GET", "lists/ownerships")
    assert error_of(r) == (404, 50, "User not found.")


# ------------------------------------------------------------------------------ lists/memberships


def test_memberships_are_the_lists_one_is_on(cast: Cast, server: LiveServer) -> None:
    member = cast.new_member("listed_on")
    alice, bob = cast.new_member("alice"), cast.new_member("bob")
    added = []  # (list id, owner id, private), in the order the member was put on them
    for owner, mode in ((alice, "public"), (bob, "private"), (alice, "private"), (bob, "public")):
        made = make_list(owner, mode=mode)
        owner.api.add_list_member(list_id=made.id, user_id=member.id)
        added.append((made.id, owner.id, mode == "private"))
    not_on = make_list(alice)  # the member is not on this one
    alices_on_bobs = make_list(bob)
    bob.api.add_list_member(list_id=alices_on_bobs.id, user_id=alice.id)
    newest = added[::-1]  # most recently added first
    public = [lid for lid, _, private in newest if not private]

    def ids_of(viewer: Member | None, **params: object) -> list[int]:
        return walk(cast, server, viewer, "lists/memberships", **params)[0]

    # the member's own view (the default user): the public lists, none of others' private ones
    body = raw(cast, server, member, "GET", "lists/memberships").json()
    assert list(body) == CURSORED_LISTS_KEYS
    assert all(list(x) == LIST_KEYS for x in body["lists"])
    assert [x["id"] for x in body["lists"]] == public
    assert [x["following"] for x in body["lists"]] == [False, False]  # not the member's lists
    assert body["lists"][0]["user"]["id"] == bob.id  # each List's user is its owner
    assert [x.id for x in member.api.get_list_memberships()] == public
    # each owner also sees their own private list; strangers and the App the public ones
    for owner in (alice, bob):
        visible = [lid for lid, o, private in newest if not private or o == owner.id]
        assert ids_of(owner, user_id=member.id) == visible
        assert ids_of(owner, screen_name=member.user.screen_name) == visible
    assert ids_of(cast.plain, user_id=member.id) == public
    assert ids_of(None, user_id=member.id) == public
    assert not_on.id not in ids_of(alice, user_id=member.id)
    # filter_to_owned_lists (true, t or 1): only the caller's own lists, private ones included
    alices = [lid for lid, o, _ in newest if o == alice.id]
    assert ids_of(alice, user_id=member.id, filter_to_owned_lists="true") == alices
    bobs = bob.api.get_list_memberships(user_id=member.id, filter_to_owned_lists=True)
    assert [x.id for x in bobs] == [lid for lid, o, _ in newest if o == bob.id]
    assert ids_of(bob, user_id=alice.id, filter_to_owned_lists="1") == [alices_on_bobs.id]
    assert ids_of(alice, user_id=alice.id, filter_to_owned_lists="t") == []
    assert ids_of(cast.plain, user_id=member.id, filter_to_owned_lists="true") == []
    assert ids_of(None, user_id=member.id, filter_to_owned_lists="true") == []  # owns nothing
    unfiltered = ids_of(alice, user_id=member.id)
    assert ids_of(alice, user_id=member.id, filter_to_owned_lists="false") == unfiltered
    # leaving a list, or the list going, takes it out
    alice.api.remove_list_member(list_id=added[0][0], user_id=member.id)
    bob.api.destroy_list(list_id=added[3][0])
    assert ids_of(bob, user_id=member.id) == [added[1][0]]
    assert ids_of(member) == []


def test_memberships_are_cursored_without_repeats(cast: Cast, server: LiveServer) -> None:
    member, owner = cast.new_member("pagedm"), cast.new_member("pagedo")
    other = cast.new_member("pagedx")
    made = _insert_lists(cast, owner, 25) + _insert_lists(cast, other, 5, mode="private")
    with cast.rt.store.write() as tx:
        for list_id in made:
            assert tx.add_list_member(list_id, member.id, cast.rt.next_id(), 1, MEMBERS_MAX)
    newest = made[::-1]
    theirs = made[:25][::-1]  # the owner sees every public list, not the other's private ones
    body = raw(cast, server, owner, "GET", "lists/memberships", user_id=member.id).json()
    assert [x["id"] for x in body["lists"]] == theirs[:20]  # count defaults to 20
    seen, pages = walk(cast, server, owner, "lists/memberships", user_id=member.id, count=7)
    assert seen == theirs and len(set(seen)) == len(seen)
    assert [len(p["lists"]) for p in pages] == [7, 7, 7, 4]
    back = raw(
        cast,
        server,
        owner,
        "GET",
        "lists/memberships",
        user_id=member.id,
        count=7,
        cursor=pages[2]["previous_cursor"],
    ).json()
    assert [x["id"] for x in back["lists"]] == theirs[7:14]
    seen, pages = walk(cast, server, other, "lists/memberships", user_id=member.id, count=4)
    assert seen == newest and len(pages) == 8  # the other owner's private ones too
    mine, _ = walk(
        cast,
        server,
        other,
        "lists/memberships",
        user_id=member.id,
        count=2,
        filter_to_owned_lists="true",
    )
    assert mine == made[25:][::-1]
    walked = tweepy.Cursor(owner.api.get_list_memberships, user_id=member.id, count=10).items()
    assert [x.id for x in walked] == theirs
    r = raw(cast, server, owner, "GET", "lists/memberships", user_id=member.id, cursor="-x")
    assert error_of(r) == (400, 44, "cursor parameter is invalid.")
    r = raw(cast, server, None, "GET", "lists/memberships")
    assert error_of(r) == (404, 50, "User not found.")
