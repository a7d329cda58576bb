"""Collections over real HTTP, on both stores, as a client sends them: signed raw requests
(tweepy has no collections methods), form-encoded POSTs, curate as an ``application/json``
body outside the OAuth signature, and app-only bearer reads. Shapes are checked key by key
against the seeds' example responses."""

from __future__ import annotations

import itertools
from typing import Any

import orjson
import requests

from roost.domain.collections import CollectionRow
from roost.render.collections import feature_context
from tests.clients.test_users_api import USER_KEYS
from tests.support.cast import Cast, Member
from tests.support.server import LiveServer

# The Timeline object's keys in the order of the seeds' show and list examples.
TIMELINE_KEYS = [
    "name",
    "user_id",
    "collection_url",
    "description",
    "url",
    "visibility",
    "timeline_order",
    "collection_type",
]
_serial = itertools.count(1)


def call(
    cast: Cast, server: LiveServer, member: Member | None, method: str, path: str, **params: Any
) -> requests.Response:
    """A signed request as ``member`` (None: the App's bearer token); POSTs form-encoded."""
    if member is None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {cast.bearer}"
    else:
        session = cast.session(member)
    url = f"{server.url}/1.1/collections/{path}.json"
    if method == "POST":
        return session.post(url, data=params)
    return session.get(url, params=params)


def ok(r: requests.Response) -> Any:
    assert r.status_code == 200, r.text
    return r.json()


def error_of(r: requests.Response) -> tuple[int, int, str]:
    """(HTTP status, Twitter code, message) of an error reply."""
    (err,) = r.json()["errors"]
    return r.status_code, err["code"], err["message"]


def create(cast: Cast, server: LiveServer, member: Member, **params: Any) -> str:
    """A new collection of ``member``'s; its timeline_id."""
    params.setdefault("name", f"Coll {next(_serial)}")
    return str(
        ok(call(cast, server, member, "POST", "create", **params))["response"]["timeline_id"]
    )


def tweet(member: Member, text: str = "collected") -> int:
    """A new status of ``member``'s (unique text)."""
    return int(member.api.update_status(status=f"{text} {next(_serial)}").id)


def add(cast: Cast, server: LiveServer, member: Member, cid: str, tid: int, **kw: Any) -> Any:
    """entries/add; the reply's ``response.errors``."""
    body = ok(call(cast, server, member, "POST", "entries/add", id=cid, tweet_id=tid, **kw))
    return body["response"]["errors"]


def entries(cast: Cast, server: LiveServer, member: Member | None, cid: str, **kw: Any) -> Any:
    return ok(call(cast, server, member, "GET", "entries", id=cid, **kw))


def entry_ids(body: Any) -> list[int]:
    return [int(e["tweet"]["id"]) for e in body["response"]["timeline"]]


def curate(cast: Cast, server: LiveServer, member: Member, body: Any) -> requests.Response:
    """entries/curate with a JSON body, as the seeds send it."""
    data = body if isinstance(body, bytes) else orjson.dumps(body)
    return cast.session(member).post(
        f"{server.url}/1.1/collections/entries/curate.json",
        data=data,
        headers={"Content-Type": "application/json"},
    )


# ------------------------------------------------------------------------------ shapes


def test_feature_context_is_twitters_encoding() -> None:
    row = CollectionRow(
        539487832448843776, 1, "n", "", "", "curation_reverse_chron", "public", 0, 0
    )
    assert feature_context(row) == "HBgGY3VzdG9tFoCAktzo1NL8DgAA"  # the seeds' entries example


def test_create_show_update_destroy(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("curator")
    r = call(
        cast,
        server,
        owner,
        "POST",
        "create",
        name="Tweets to reply to",
        description="My favorite tweets ever",
        url="https://example.com/",
        timeline_order="tweet_reverse_chron",
    )
    body = ok(r)
    assert not [h for h in r.headers if h.startswith("x-rate-limit")]  # POSTs sent none
    assert list(body) == ["response", "objects"]  # the create example's order
    cid = body["response"]["timeline_id"]
    assert body["response"] == {"timeline_id": cid} and cid.startswith("custom-")
    number = cid.removeprefix("custom-")
    assert list(body["objects"]) == ["users", "timelines"]
    assert list(body["objects"]["users"]) == [str(owner.id)]
    assert list(body["objects"]["users"][str(owner.id)]) == USER_KEYS
    timeline = body["objects"]["timelines"][cid]
    assert list(timeline) == TIMELINE_KEYS
    assert timeline == {
        "name": "Tweets to reply to",
        "user_id": str(owner.id),
        "collection_url": f"https://twitter.com/{owner.user.screen_name}/timelines/{number}",
        "description": "My favorite tweets ever",
        "url": "https://example.com/",
        "visibility": "public",
        "timeline_order": "tweet_reverse_chron",
        "collection_type": "user",
    }

    # show: for anyone, objects first, rate-limited at 1000 per 15 minutes
    r = call(cast, server, cast.plain, "GET", "show", id=cid)
    shown = ok(r)
    assert r.headers["x-rate-limit-limit"] == "1000"
    assert list(shown) == ["objects", "response"]
    assert shown["response"] == {"timeline_id": cid}
    assert shown["objects"]["timelines"][cid] == timeline
    assert shown["objects"]["users"][str(owner.id)]["following"] is False
    assert ok(call(cast, server, cast.plain, "GET", "show", id=number)) == shown  # a bare id

    # update: no partial updates, omitted description and url become empty
    updated = ok(call(cast, server, owner, "POST", "update", id=cid, name="Subtweets"))
    assert list(updated) == ["response", "objects"]
    assert updated["response"] == {"timeline_id": cid}
    changed = updated["objects"]["timelines"][cid]
    assert (changed["name"], changed["description"], changed["url"]) == ("Subtweets", "", "")
    assert changed["user_id"] == str(owner.id)

    assert ok(call(cast, server, owner, "POST", "destroy", id=cid)) == {"destroyed": True}
    assert error_of(call(cast, server, owner, "GET", "show", id=cid)) == (
        404,
        34,
        "Sorry, that page does not exist.",
    )
    assert error_of(call(cast, server, owner, "POST", "destroy", id=cid))[:2] == (404, 34)


def test_parameter_errors(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("errs")
    cid = create(cast, server, owner)
    missing = call(cast, server, owner, "GET", "show")
    assert error_of(missing) == (403, 38, "id parameter is missing.")
    assert error_of(call(cast, server, owner, "GET", "entries"))[:2] == (403, 38)
    assert error_of(call(cast, server, owner, "GET", "show", id="custom-abc"))[:2] == (400, 44)
    assert error_of(call(cast, server, owner, "GET", "show", id="custom-42"))[:2] == (404, 34)
    assert error_of(call(cast, server, owner, "GET", "entries", id="custom-42"))[:2] == (404, 34)
    assert error_of(call(cast, server, owner, "POST", "create")) == (
        403,
        38,
        "name parameter is missing.",
    )
    assert error_of(call(cast, server, owner, "POST", "create", name="n" * 26)) == (
        400,
        44,
        "name parameter is invalid.",
    )
    assert error_of(
        call(cast, server, owner, "POST", "create", name="ok", timeline_order="newest")
    ) == (400, 44, "timeline_order parameter is invalid.")
    too_long = "d" * 161
    r = call(cast, server, owner, "POST", "create", name="ok", description=too_long)
    assert error_of(r)[:2] == (400, 44)
    assert error_of(call(cast, server, owner, "POST", "create", name="ok", url="nope"))[:2] == (
        400,
        44,
    )
    assert error_of(call(cast, server, owner, "POST", "entries/add", id=cid)) == (
        403,
        38,
        "tweet_id parameter is missing.",
    )
    r = call(cast, server, owner, "POST", "entries/add", id=cid, tweet_id="x")
    assert error_of(r)[:2] == (400, 44)
    r = call(cast, server, owner, "GET", "entries", id=cid, count="many")
    assert error_of(r)[:2] == (400, 44)
    r = call(cast, server, owner, "POST", "entries/move", id=cid, tweet_id=1)
    assert error_of(r) == (403, 38, "relative_to parameter is missing.")
    assert error_of(call(cast, server, owner, "GET", "list"))[:2] == (403, 38)


def test_another_users_collection_is_read_only(cast: Cast, server: LiveServer) -> None:
    owner, other = cast.new_member("own"), cast.new_member("other")
    cid = create(cast, server, owner)
    tid = tweet(owner)
    refused = (403, 87, "Client is not permitted to perform this action.")
    assert error_of(call(cast, server, other, "POST", "update", id=cid, name="Mine")) == refused
    assert error_of(call(cast, server, other, "POST", "destroy", id=cid)) == refused
    r = call(cast, server, other, "POST", "entries/add", id=cid, tweet_id=tid)
    assert error_of(r) == refused
    r = call(cast, server, other, "POST", "entries/remove", id=cid, tweet_id=tid)
    assert error_of(r) == refused
    changes = {"id": cid, "changes": [{"op": "add", "tweet_id": str(tid)}]}
    assert error_of(curate(cast, server, other, changes)) == refused
    assert ok(call(cast, server, other, "GET", "show", id=cid))["response"] == {"timeline_id": cid}


# ------------------------------------------------------------------------------ entries


def test_entries_shape_and_curated_order(cast: Cast, server: LiveServer) -> None:
    owner, author = cast.new_member("ent"), cast.new_member("author")
    cid = create(cast, server, owner)
    a, b, c = tweet(author, "first"), tweet(owner, "second"), tweet(author, "third")
    for tid in (a, b, c):
        assert add(cast, server, owner, cid, tid) == []
    body = entries(cast, server, cast.plain, cid)
    assert list(body) == ["objects", "response"]
    objects, response = body["objects"], body["response"]
    assert list(objects) == ["users", "tweets", "timelines"]
    assert set(objects["users"]) == {str(owner.id), str(author.id)}
    for user in objects["users"].values():
        assert list(user) == USER_KEYS
    assert set(objects["tweets"]) == {str(a), str(b), str(c)}
    for tid, status in objects["tweets"].items():
        assert status["id_str"] == tid and isinstance(status["id"], int)
        assert list(status["user"]) == ["id", "id_str"]  # decomposed: the User is in users
        assert "text" in status and "entities" in status
    assert objects["tweets"][str(a)]["user"] == {"id": author.id, "id_str": str(author.id)}
    assert list(objects["timelines"]) == [cid]
    assert list(objects["timelines"][cid]) == TIMELINE_KEYS
    assert list(response) == ["position", "timeline", "timeline_id"]
    assert response["timeline_id"] == cid
    assert entry_ids(body) == [c, b, a]  # curation_reverse_chron: the newest addition on top
    context = response["timeline"][0]["feature_context"]
    for item in response["timeline"]:
        assert list(item) == ["feature_context", "tweet"] and item["feature_context"] == context
        assert list(item["tweet"]) == ["id", "sort_index"]
        assert isinstance(item["tweet"]["id"], str) and isinstance(item["tweet"]["sort_index"], str)
    keys = [int(i["tweet"]["sort_index"]) for i in response["timeline"]]
    assert keys == sorted(keys, reverse=True)
    position = response["position"]
    assert list(position) == ["max_position", "min_position", "was_truncated"]
    assert position["max_position"] == str(keys[0])
    assert isinstance(position["min_position"], str) and int(position["min_position"]) < keys[-1]
    assert position["was_truncated"] is False
    assert entries(cast, server, owner, cid, tweet_mode="extended")["objects"]["tweets"][str(a)][
        "full_text"
    ].startswith("first")


def test_empty_collection(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("empty")
    cid = create(cast, server, owner)
    body = entries(cast, server, owner, cid)
    assert body["objects"]["tweets"] == {}
    assert body["response"]["timeline"] == []
    assert body["response"]["position"] == {
        "max_position": None,
        "min_position": None,
        "was_truncated": False,
    }


def test_tweet_orders(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("orders")
    tids = [tweet(owner) for _ in range(3)]
    newest = create(cast, server, owner, timeline_order="tweet_reverse_chron")
    oldest = create(cast, server, owner, timeline_order="tweet_chron")
    for cid in (newest, oldest):
        for tid in (tids[1], tids[0], tids[2]):
            assert add(cast, server, owner, cid, tid) == []
    assert entry_ids(entries(cast, server, owner, newest)) == tids[::-1]
    assert entry_ids(entries(cast, server, owner, oldest)) == tids


def test_paging_by_positions_without_duplicates(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("pager")
    cid = create(cast, server, owner)
    tids = [tweet(owner) for _ in range(7)]
    changes = [{"op": "add", "tweet_id": str(t)} for t in tids]
    assert ok(curate(cast, server, owner, {"id": cid, "changes": changes}))["response"] == {
        "errors": []
    }
    seen: list[int] = []
    page = entries(cast, server, owner, cid, count=3)
    first_max = page["response"]["position"]["max_position"]
    pages = 1
    while True:
        seen.extend(entry_ids(page))
        position = page["response"]["position"]
        if not position["was_truncated"]:
            break
        page = entries(cast, server, owner, cid, count=3, max_position=position["min_position"])
        pages += 1
    assert seen == tids[::-1] and pages == 3  # each entry exactly once, newest addition first
    # newer entries: min_position is the first page's max_position
    new = [tweet(owner) for _ in range(2)]
    for tid in new:
        assert add(cast, server, owner, cid, tid) == []
    newer = entries(cast, server, owner, cid, min_position=first_max)
    assert entry_ids(newer) == new[::-1]


def test_add_move_remove_and_their_per_change_errors(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("mover")
    cid = create(cast, server, owner)
    a, b, c = (tweet(owner) for _ in range(3))
    r = call(cast, server, owner, "POST", "entries/add", id=cid, tweet_id=a)
    assert ok(r) == {"objects": {}, "response": {"errors": []}}
    assert list(r.json()) == ["objects", "response"]
    assert add(cast, server, owner, cid, b) == []
    assert add(cast, server, owner, cid, c, relative_to=a, above="false") == []  # below a
    assert entry_ids(entries(cast, server, owner, cid)) == [b, a, c]
    assert add(cast, server, owner, cid, a) == [
        {"change": {"op": "add", "tweet_id": str(a)}, "reason": "duplicate"}
    ]
    assert add(cast, server, owner, cid, 12345) == [
        {"change": {"op": "add", "tweet_id": "12345"}, "reason": "not_found"}
    ]
    # move c above b
    r = call(cast, server, owner, "POST", "entries/move", id=cid, tweet_id=c, relative_to=b)
    assert ok(r) == {"objects": {}, "response": {"errors": []}}
    assert entry_ids(entries(cast, server, owner, cid)) == [c, b, a]
    r = call(cast, server, owner, "POST", "entries/move", id=cid, tweet_id=c, relative_to=a)
    assert ok(r)["response"]["errors"] == []
    assert entry_ids(entries(cast, server, owner, cid)) == [b, c, a]  # above a, by default
    r = call(
        cast, server, owner, "POST", "entries/move", id=cid, tweet_id=c, relative_to=a, above="F"
    )
    assert ok(r)["response"]["errors"] == []
    assert entry_ids(entries(cast, server, owner, cid)) == [b, a, c]
    r = call(cast, server, owner, "POST", "entries/move", id=cid, tweet_id=999, relative_to=a)
    assert ok(r) == {
        "objects": {},
        "response": {
            "errors": [{"change": {"op": "move", "tweet_id": "999"}, "reason": "not_found"}]
        },
    }
    # remove: the seeds' example has response first
    r = call(cast, server, owner, "POST", "entries/remove", id=cid, tweet_id=b)
    assert list(r.json()) == ["response", "objects"]
    assert ok(r) == {"response": {"errors": []}, "objects": {}}
    assert ok(call(cast, server, owner, "POST", "entries/remove", id=cid, tweet_id=b)) == {
        "response": {
            "errors": [{"change": {"op": "remove", "tweet_id": str(b)}, "reason": "not_found"}]
        },
        "objects": {},
    }
    assert entry_ids(entries(cast, server, owner, cid)) == [a, c]
    # move needs a curated collection
    chron = create(cast, server, owner, timeline_order="tweet_chron")
    assert add(cast, server, owner, chron, a) == [] and add(cast, server, owner, chron, c) == []
    r = call(cast, server, owner, "POST", "entries/move", id=chron, tweet_id=c, relative_to=a)
    assert error_of(r) == (400, 44, "timeline_order parameter is invalid.")


def test_curate_with_a_json_body(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("curate")
    cid = create(cast, server, owner)
    tids = [tweet(owner) for _ in range(4)]
    body = {"id": cid, "changes": [{"op": "add", "tweet_id": str(t)} for t in tids]}
    r = curate(cast, server, owner, body)
    assert r.status_code == 200, r.text
    assert r.json() == {"objects": {}, "response": {"errors": []}}
    assert entry_ids(entries(cast, server, owner, cid)) == tids[::-1]  # the last added on top
    again = ok(curate(cast, server, owner, body))
    assert again == {
        "objects": {},
        "response": {
            "errors": [
                {"change": {"op": "add", "tweet_id": str(t)}, "reason": "duplicate"} for t in tids
            ]
        },
    }
    mixed = {
        "id": cid,
        "changes": [
            {"op": "remove", "tweet_id": str(tids[0])},
            {"op": "remove", "tweet_id": "777"},
            {"op": "add", "tweet_id": tids[0]},  # a number is accepted too
        ],
    }
    assert ok(curate(cast, server, owner, mixed))["response"]["errors"] == [
        {"change": {"op": "remove", "tweet_id": "777"}, "reason": "not_found"}
    ]
    assert entry_ids(entries(cast, server, owner, cid)) == [tids[0], tids[3], tids[2], tids[1]]


def test_curate_refuses_bad_bodies(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("badcur")
    cid = create(cast, server, owner)
    tid = tweet(owner)
    over = [{"op": "add", "tweet_id": str(tid)}] * 101
    changes_invalid = (400, 44, "changes parameter is invalid.")
    assert error_of(curate(cast, server, owner, {"id": cid, "changes": over})) == changes_invalid
    assert error_of(curate(cast, server, owner, b"{not json")) == changes_invalid
    assert error_of(curate(cast, server, owner, [1, 2])) == changes_invalid
    assert error_of(curate(cast, server, owner, {"id": cid, "changes": []})) == changes_invalid
    bad_op = {"id": cid, "changes": [{"op": "move", "tweet_id": str(tid)}]}
    assert error_of(curate(cast, server, owner, bad_op)) == changes_invalid
    no_id = {"changes": [{"op": "add", "tweet_id": str(tid)}]}
    assert error_of(curate(cast, server, owner, no_id)) == (403, 38, "id parameter is missing.")
    assert error_of(curate(cast, server, owner, {"id": cid}))[:2] == (403, 38)
    r = curate(cast, server, owner, {"id": "custom-42", "changes": no_id["changes"]})
    assert error_of(r)[:2] == (404, 34)
    assert entry_ids(entries(cast, server, owner, cid)) == []  # nothing applied
    # without a JSON body, id and changes (JSON text) may come as signed parameters
    form = {"id": cid, "changes": orjson.dumps([{"op": "add", "tweet_id": str(tid)}]).decode()}
    r = cast.session(owner).post(f"{server.url}/1.1/collections/entries/curate.json", data=form)
    assert ok(r) == {"objects": {}, "response": {"errors": []}}
    r = cast.session(owner).post(
        f"{server.url}/1.1/collections/entries/curate.json", params={"id": cid, "changes": "[{"}
    )
    assert error_of(r) == changes_invalid
    # a JSON body may leave the id to the (signed) query string
    r = cast.session(owner).post(
        f"{server.url}/1.1/collections/entries/curate.json",
        params={"id": cid},
        data=orjson.dumps({"changes": [{"op": "remove", "tweet_id": str(tid)}]}),
        headers={"Content-Type": "application/json"},
    )
    assert ok(r) == {"objects": {}, "response": {"errors": []}}
    # exactly 100 changes are allowed
    hundred = [{"op": "remove", "tweet_id": str(i)} for i in range(1, 101)]
    reply = ok(curate(cast, server, owner, {"id": cid, "changes": hundred}))
    assert len(reply["response"]["errors"]) == 100


# ------------------------------------------------------------------------------ visibility


def test_protected_tweets_are_refused_and_hidden(cast: Cast, server: LiveServer) -> None:
    owner, author = cast.new_member("protc"), cast.new_member("turns")
    cid = create(cast, server, owner)
    hidden = tweet(cast.protected)
    assert add(cast, server, owner, cid, hidden) == [
        {"change": {"op": "add", "tweet_id": str(hidden)}, "reason": "protected"}
    ]
    public, later = tweet(owner), tweet(author)
    assert add(cast, server, owner, cid, public) == []
    assert add(cast, server, owner, cid, later) == []
    settings = cast.session(author).post(
        f"{server.url}/1.1/account/settings.json", data={"protected": "true"}
    )
    assert settings.status_code == 200, settings.text
    for viewer in (cast.plain, None):  # a stranger, app-only: the now protected tweet is gone
        body = entries(cast, server, viewer, cid)
        assert entry_ids(body) == [public]
        assert str(later) not in body["objects"]["tweets"]
        assert str(author.id) not in body["objects"]["users"]
    assert entry_ids(entries(cast, server, author, cid)) == [later, public]  # its author sees it


def test_deleted_tweets_leave_entries(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("deleter")
    cid = create(cast, server, owner)
    keep, gone = tweet(owner), tweet(owner)
    assert add(cast, server, owner, cid, keep) == [] and add(cast, server, owner, cid, gone) == []
    owner.api.destroy_status(gone)
    body = entries(cast, server, owner, cid)
    assert entry_ids(body) == [keep]
    assert list(body["objects"]["tweets"]) == [str(keep)]
    listed = ok(call(cast, server, owner, "GET", "list", user_id=owner.id, tweet_id=gone))
    assert listed["response"]["results"] == []


# ------------------------------------------------------------------------------ list


def test_list_by_owner_and_tweet_with_cursors(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("lister")
    made = [create(cast, server, owner) for _ in range(3)]
    tid = tweet(owner)
    assert add(cast, server, owner, made[0], tid) == []
    r = call(cast, server, cast.plain, "GET", "list", user_id=owner.id, count=2)
    first = ok(r)
    assert r.headers["x-rate-limit-limit"] == "1000"
    assert list(first) == ["objects", "response"]
    assert list(first["objects"]) == ["users", "timelines"]
    assert list(first["objects"]["users"]) == [str(owner.id)]
    assert list(first["objects"]["timelines"]) == made[:0:-1]  # newest first
    for timeline in first["objects"]["timelines"].values():
        assert list(timeline) == TIMELINE_KEYS
    response = first["response"]
    assert list(response) == ["results", "cursors"]
    assert response["results"] == [{"timeline_id": c} for c in made[:0:-1]]
    cursor = response["cursors"]["next_cursor"]
    assert isinstance(cursor, str)
    second = ok(
        call(
            cast,
            server,
            cast.plain,
            "GET",
            "list",
            screen_name=owner.user.screen_name,
            count=2,
            cursor=cursor,
        )
    )
    assert second["response"] == {"results": [{"timeline_id": made[0]}], "cursors": {}}
    by_tweet = ok(call(cast, server, cast.plain, "GET", "list", user_id=owner.id, tweet_id=tid))
    assert by_tweet["response"]["results"] == [{"timeline_id": made[0]}]
    alone = ok(call(cast, server, cast.plain, "GET", "list", tweet_id=tid))
    assert alone["response"]["results"] == [{"timeline_id": made[0]}]
    other = ok(call(cast, server, cast.plain, "GET", "list", user_id=cast.plain.id))
    assert other["response"] == {"results": [], "cursors": {}}
    assert other["objects"] == {"users": {}, "timelines": {}}
    r = call(cast, server, cast.plain, "GET", "list", screen_name="nobody_here_x")
    assert error_of(r)[:2] == (404, 50)


def test_a_protected_owners_collections_stay_public(cast: Cast, server: LiveServer) -> None:
    cid = create(cast, server, cast.protected)
    body = ok(call(cast, server, cast.plain, "GET", "show", id=cid))
    assert body["objects"]["timelines"][cid]["visibility"] == "public"
    assert entries(cast, server, cast.plain, cid)["response"]["timeline_id"] == cid


# ------------------------------------------------------------------------------ app-only


def test_app_only_bearer_reads_but_cannot_write(cast: Cast, server: LiveServer) -> None:
    owner = cast.new_member("bearer")
    cid = create(cast, server, owner)
    tid = tweet(owner)
    assert add(cast, server, owner, cid, tid) == []
    r = call(cast, server, None, "GET", "show", id=cid)
    shown = ok(r)
    assert r.headers["x-rate-limit-limit"] == "1000"
    assert shown["objects"]["users"][str(owner.id)]["following"] is None  # no viewer
    body = entries(cast, server, None, cid)
    assert entry_ids(body) == [tid]
    listed = ok(call(cast, server, None, "GET", "list", user_id=owner.id))
    assert listed["response"]["results"] == [{"timeline_id": cid}]
    r = call(cast, server, None, "POST", "create", name="nope")
    assert error_of(r) == (403, 220, "Your credentials do not allow access to this resource.")
    r = call(cast, server, None, "POST", "entries/add", id=cid, tweet_id=tid)
    assert error_of(r)[:2] == (403, 220)
