"""Roost's public pages over real HTTP, on both stores: permalinks, profiles, collections,
search, the embed fragments widgets.js fetches, and what a signed-out reader never sees."""

from __future__ import annotations

import itertools
from typing import Any

import requests

from tests.clients.test_collections_api import add, call, create, ok
from tests.support.cast import Cast, Member
from tests.support.html import PageReader, read_page
from tests.support.server import LiveServer

BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
_serial = itertools.count(1)


def page(server: LiveServer, path: str, status: int = 200, **params: Any) -> PageReader:
    r = requests.get(
        server.url + path, params=params, headers=BROWSER, allow_redirects=False, timeout=10
    )
    assert r.status_code == status, (path, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return read_page(r.text)


def moved(server: LiveServer, path: str) -> str:
    r = requests.get(server.url + path, headers=BROWSER, allow_redirects=False, timeout=10)
    assert r.status_code == 301, (path, r.status_code)
    return str(r.headers["location"])


def post(member: Member, text: str, **kw: Any) -> int:
    return int(member.api.update_status(status=f"{text} {next(_serial)}", **kw).id)


def protect(cast: Cast, server: LiveServer, member: Member) -> None:
    r = cast.session(member).post(
        f"{server.url}/1.1/account/settings.json", data={"protected": "true"}
    )
    assert r.status_code == 200, r.text


def test_permalink_page_shows_the_tweet_with_its_links(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("perma", name="Perma <Link>")
    friend = cast.plain.user.screen_name
    status = me.api.update_status(
        status=f"Hello @{friend} see https://example.com/a/very/long/path #roost $ROO & <b>"
    )
    name = me.user.screen_name
    got = page(server, f"/{name}/status/{status.id}")
    assert got.tweet_ids == [status.id]
    assert "Perma <Link>" in got.text and f"@{name}" in got.text
    assert "& <b>" in got.text  # escaped, shown as typed
    links = dict(got.links)
    assert links[f"/{friend}"] == f"@{friend}"
    assert links["/hashtag/roost"] == "#roost"
    assert links["/search?q=%24ROO"] == "$ROO"
    (url,) = status.entities["urls"]
    assert links[url["url"]] == url["display_url"]  # the t.co link, reading as display_url
    assert links[f"/{name}/status/{status.id}"]  # the time links to the permalink
    # the t.co link Roost answers leads where the Tweet said
    tco = url["url"].replace("https://t.co", server.url + "/t.co")
    r = requests.get(tco, allow_redirects=False, timeout=10)
    assert r.status_code == 301 and r.headers["location"] == url["expanded_url"]


def test_permalink_forms_redirect_to_the_canonical_page(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("canon")
    name = me.user.screen_name
    sid = post(me, "canonical")
    assert moved(server, f"/{cast.plain.user.screen_name}/status/{sid}") == (
        f"/{name}/status/{sid}"
    )
    assert moved(server, f"/i/web/status/{sid}") == f"/{name}/status/{sid}"
    assert page(server, f"/{name}/status/{sid}/photo/1").tweet_ids == [sid]
    page(server, f"/{name}/status/{sid}/likes/1", 404)
    retweet = cast.plain.api.retweet(sid)
    assert moved(server, f"/{cast.plain.user.screen_name}/status/{retweet.id}") == (
        f"/{name}/status/{sid}"
    )


def test_missing_deleted_and_protected_tweets_answer_alike(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("gone")
    sid = post(me, "soon gone")
    page(server, f"/{me.user.screen_name}/status/{sid}")
    me.api.destroy_status(sid)
    deleted = page(server, f"/{me.user.screen_name}/status/{sid}", 404)
    never = page(server, f"/{me.user.screen_name}/status/{sid + 1}", 404)
    hidden_id = post(cast.protected, "secret words")
    hidden = page(server, f"/{cast.protected.user.screen_name}/status/{hidden_id}", 404)
    assert deleted.text == never.text == hidden.text
    assert "secret words" not in hidden.text
    page(server, f"/{me.user.screen_name}/status/{1 << 63}", 404)
    page(server, f"/{me.user.screen_name}/status/12abc", 404)
    # the embed fragment answers alike too, and an API client still gets Twitter's JSON
    assert requests.get(f"{server.url}/i/embed/status/{hidden_id}", timeout=10).status_code == 404
    r = requests.get(f"{server.url}/no/such/page/here", timeout=10)
    assert r.status_code == 404 and r.json()["errors"][0]["code"] == 34
    page(server, "/no/such/page/here", 404)  # a browser gets the HTML page
    assert "Roost" in page(server, "/").text


def test_reply_shows_its_parent_and_quotes_show_what_they_quote(
    cast: Cast, server: LiveServer
) -> None:
    me = cast.new_member("thread")
    parent = post(me, "the parent")
    reply = cast.plain.api.update_status(
        status="a reply", in_reply_to_status_id=parent, auto_populate_reply_metadata=True
    )
    got = page(server, f"/{cast.plain.user.screen_name}/status/{reply.id}")
    assert got.tweet_ids == [parent, reply.id]
    assert "Replying to" in got.text and f"@{me.user.screen_name}" in got.text
    quoted_url = f"https://twitter.com/{me.user.screen_name}/status/{parent}"
    quote = cast.plain.api.update_status(status="look at this", attachment_url=quoted_url)
    got = page(server, f"/{cast.plain.user.screen_name}/status/{quote.id}")
    assert "look at this" in got.text and "the parent" in got.text
    # Roost's own permalink page quotes as well as twitter.com's
    own = cast.owner.api.update_status(
        status="quoting Roost's page",
        attachment_url=f"{server.url}/{me.user.screen_name}/status/{parent}",
    )
    assert own.quoted_status_id == parent
    assert own.quoted_status_permalink["expanded"] == quoted_url
    # a quote of a protected Tweet never shows it
    secret = post(cast.protected, "private thoughts")
    q2 = cast.follower.api.update_status(
        status="quoting a secret",
        attachment_url=f"https://twitter.com/{cast.protected.user.screen_name}/status/{secret}",
    )
    got = page(server, f"/{cast.follower.user.screen_name}/status/{q2.id}")
    assert "quoting a secret" in got.text and "private thoughts" not in got.text


def test_profile_page_lists_recent_tweets_and_pages_back(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("prof", name="Profile Person", description="I write tests")
    ids = [post(me, f"tweet number {i}") for i in range(25)]
    retweet = me.api.retweet(post(cast.plain, "worth sharing"))
    got = page(server, f"/{me.user.screen_name}")
    assert "Profile Person" in got.text and "I write tests" in got.text
    newest_first = [retweet.retweeted_status.id, *reversed(ids)]
    assert got.tweet_ids == newest_first[:20]
    assert f"{cast.plain.user.name}" in got.text and "Retweeted" in got.text
    (older,) = [href for href, label in got.links if label == "Older Tweets"]
    rest = page(server, f"/{me.user.screen_name}{older}")
    assert rest.tweet_ids == newest_first[20:]
    assert moved(server, f"/{me.user.screen_name.upper()}") == f"/{me.user.screen_name}"
    # a free-form profile url is never a javascript: link
    r = cast.session(me).post(
        f"{server.url}/1.1/account/update_profile.json", data={"url": "javascript:alert(1)"}
    )
    assert r.status_code == 200, r.text
    got = page(server, f"/{me.user.screen_name}")
    assert "javascript:alert(1)" in got.text
    assert not [href for href, _ in got.links if href.lower().startswith("javascript")]
    page(server, "/nobody_here_xyz", 404)
    page(server, "/not-a-name!", 404)


def test_protected_profile_shows_no_tweets(cast: Cast, server: LiveServer) -> None:
    post(cast.protected, "only for followers")
    got = page(server, f"/{cast.protected.user.screen_name}")
    assert "These Tweets are protected." in got.text
    assert got.tweet_ids == [] and "only for followers" not in got.text
    # nor does a public account's retweet of a Tweet whose author turned protected since
    later = cast.new_member("later")
    shared = post(later, "shared before the lock")
    cast.plain.api.retweet(shared)
    assert shared in page(server, f"/{cast.plain.user.screen_name}").tweet_ids
    protect(cast, server, later)
    got = page(server, f"/{cast.plain.user.screen_name}")
    assert shared not in got.tweet_ids and "shared before the lock" not in got.text


def test_collection_page_lists_entries_in_order(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("curator", name="The Curator")
    cid = create(cast, server, me, name="Best Of", description="the finest")
    first, second, third = (post(me, f"entry {i}") for i in range(3))
    for sid in (first, second):
        assert add(cast, server, me, cid, sid) == []
    assert add(cast, server, me, cid, third, relative_to=first, above="false") == []
    path = f"/{me.user.screen_name}/timelines/{cid.removeprefix('custom-')}"
    got = page(server, path)
    api = ok(call(cast, server, cast.plain, "GET", "entries", id=cid))
    order = [int(e["tweet"]["id"]) for e in api["response"]["timeline"]]
    assert got.tweet_ids == order == [second, first, third]
    assert "Best Of" in got.text and "the finest" in got.text and "The Curator" in got.text
    show = ok(call(cast, server, cast.plain, "GET", "show", id=cid))
    url = show["objects"]["timelines"][cid]["collection_url"]
    assert url == f"https://twitter.com{path}"  # the page lives at collection_url's path
    assert moved(server, f"/{cast.plain.user.screen_name}/timelines/{cid[7:]}") == path
    page(server, f"/{me.user.screen_name}/timelines/123", 404)


def test_collection_page_pages_and_drops_what_cannot_be_seen(
    cast: Cast, server: LiveServer
) -> None:
    me = cast.new_member("pager")
    other = cast.new_member("turns")
    cid = create(cast, server, me, timeline_order="tweet_reverse_chron")
    mine = [post(me, f"mine {i}") for i in range(22)]
    theirs = post(other, "will turn protected")
    for sid in [*mine, theirs]:
        assert add(cast, server, me, cid, sid) == []
    path = f"/{me.user.screen_name}/timelines/{cid[7:]}"
    got = page(server, path)
    assert got.tweet_ids == [theirs, *reversed(mine)][:20]
    (more,) = [href for href, label in got.links if label == "More Tweets"]
    assert page(server, path + more).tweet_ids == list(reversed(mine))[19:]
    protect(cast, server, other)
    me.api.destroy_status(mine[-1])
    got = page(server, path)
    assert theirs not in got.tweet_ids and mine[-1] not in got.tweet_ids
    assert got.tweet_ids == list(reversed(mine[:-1]))[:20]
    # the collection stays public when its owner turns protected, their Tweets do not
    protect(cast, server, me)
    got = page(server, path)
    assert got.tweet_ids == [] and "This collection is empty." in got.text


def test_search_and_hashtag_pages(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("finder")
    tag = f"pagetag{next(_serial)}"
    found = post(me, f"about #{tag}")
    post(cast.protected, f"hidden #{tag}")
    got = page(server, f"/hashtag/{tag}")
    assert got.tweet_ids == [found]
    assert page(server, "/search", q=f"#{tag}").tweet_ids == [found]
    bad = page(server, "/search", 400, q="(((")
    assert bad.tweet_ids == []
    assert page(server, "/search").tweet_ids == []


def test_embed_fragments_for_widgets(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("frag")
    parent = post(me, "fragment parent")
    reply = me.api.update_status(
        status=f"@{me.user.screen_name} fragment reply", in_reply_to_status_id=parent
    )
    r = requests.get(f"{server.url}/i/embed/status/{reply.id}", timeout=10)
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    got = read_page(r.text)
    assert got.tweet_ids == [parent, reply.id]
    assert not [
        href for href, _ in got.links if href.startswith("/")
    ]  # absolute: embedded elsewhere
    assert f"{server.url}/{me.user.screen_name}/status/{reply.id}" in dict(got.links)
    r = requests.get(f"{server.url}/i/embed/status/{reply.id}?hide_thread=true", timeout=10)
    assert read_page(r.text).tweet_ids == [reply.id]
    retweet = cast.plain.api.retweet(parent)  # an embed of a retweet shows its original
    r = requests.get(f"{server.url}/i/embed/status/{retweet.id}", timeout=10)
    assert r.status_code == 200 and read_page(r.text).tweet_ids == [parent]
    cid = create(cast, server, me, name="Embedded")
    for sid in (parent, reply.id):
        add(cast, server, me, cid, sid)
    r = requests.get(f"{server.url}/i/embed/timeline?collection_id={cid[7:]}&limit=1", timeout=10)
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    got = read_page(r.text)
    assert got.tweet_ids == [reply.id] and "Embedded" in got.text
    r = requests.get(f"{server.url}/i/embed/timeline?screen_name={me.user.screen_name}", timeout=10)
    assert read_page(r.text).tweet_ids == [reply.id, parent]
    r = requests.get(f"{server.url}/i/embed/timeline?collection_id=1", timeout=10)
    assert r.status_code == 404
    js = requests.get(f"{server.url}/widgets.js", timeout=10)
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert "twitter-tweet" in js.text
    css = requests.get(f"{server.url}/static/roost.css", timeout=10)
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
