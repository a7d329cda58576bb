"""statuses/update, destroy, show, lookup through tweepy on both stores."""

from __future__ import annotations

import email.utils

import pytest
import requests
import tweepy

from roost.domain.ids import timestamp_ms
from tests.support.cast import Cast
from tests.support.server import LiveServer

# Key order of a v1.1 Tweet as Twitter sent it (tweepy cassettes testgetstatus/testupdate...).
TWEET_KEYS = [
    "created_at",
    "id",
    "id_str",
    "text",
    "truncated",
    "entities",
    "source",
    "in_reply_to_status_id",
    "in_reply_to_status_id_str",
    "in_reply_to_user_id",
    "in_reply_to_user_id_str",
    "in_reply_to_screen_name",
    "user",
    "geo",
    "coordinates",
    "place",
    "contributors",
    "is_quote_status",
    "retweet_count",
    "favorite_count",
    "favorited",
    "retweeted",
    "lang",
]


def test_update_returns_twitters_tweet_object(cast: Cast) -> None:
    tweet = cast.plain.api.update_status(status="testing 1000")
    body = tweet._json
    assert list(body) == TWEET_KEYS
    assert body["text"] == "testing 1000" and body["truncated"] is False
    assert body["id_str"] == str(body["id"])
    assert body["entities"] == {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []}
    assert body["source"] == '<a href="https://roost.test/" rel="nofollow">Roost Tests</a>'
    assert tweet.source == "Roost Tests" and tweet.source_url == "https://roost.test/"
    created = email.utils.parsedate_to_datetime(body["created_at"])
    assert abs(created.timestamp() * 1000 - timestamp_ms(tweet.id)) < 1000
    assert body["user"]["id"] == cast.plain.id and body["user"]["statuses_count"] >= 1
    assert cast.plain.api.verify_credentials().statuses_count == 1


def test_entities_by_twitter_text(cast: Cast) -> None:
    owner = cast.owner.user.screen_name
    status = (
        f"hi @{owner.upper()} and @nobody_x #Roost $TWTR see example.com/a/very/long/path?q=1 ok"
    )
    tweet = cast.plain.api.update_status(status=status)
    e = tweet.entities
    assert [h["text"] for h in e["hashtags"]] == ["Roost"]
    text = tweet.text
    for kind, key in (("hashtags", "text"), ("symbols", "text")):
        for item in e[kind]:
            start, end = item["indices"]
            assert text[start + 1 : end] == item[key]
    assert [m["id"] for m in e["user_mentions"]] == [
        cast.owner.id
    ]  # unknown accounts are not entities
    mention = e["user_mentions"][0]
    assert mention["screen_name"] == owner and mention["name"] == "App Owner"
    assert text[mention["indices"][0] : mention["indices"][1]].lower() == "@" + owner.lower()
    (url,) = e["urls"]
    assert url["expanded_url"] == "http://example.com/a/very/long/path?q=1"
    assert url["display_url"] == "example.com/a/very/long/pa\u2026"
    assert url["url"].startswith("https://t.co/") and len(url["url"]) == 23
    assert text[url["indices"][0] : url["indices"][1]] == url["url"]
    assert "example.com" not in text  # the text carries the t.co link
    assert tweet._json["possibly_sensitive"] is False  # present because there is a URL


def test_tco_link_redirects(cast: Cast, server: LiveServer) -> None:
    tweet = cast.plain.api.update_status(status="read https://example.org/page now")
    link = tweet.entities["urls"][0]["url"]
    r = requests.get(server.url + "/t.co/" + link.rsplit("/", 1)[1], allow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "https://example.org/page"
    assert requests.get(server.url + "/t.co/nonexisting").status_code == 404


def test_weighted_length_limits(cast: Cast) -> None:
    api = cast.new_member("len").api
    assert api.update_status(status="a" * 280).id
    with pytest.raises(tweepy.Forbidden) as err:
        api.update_status(status="b" * 281)
    assert err.value.api_codes == [186]
    assert api.update_status(status="\u3042" * 140).id  # CJK weighs 2: 280
    with pytest.raises(tweepy.Forbidden):
        api.update_status(status="\u3044" * 141)
    # a URL always weighs 23, however long it is
    assert api.update_status(status="c" * 256 + " https://example.com/" + "d" * 200).id


def test_missing_or_empty_status(cast: Cast, server: LiveServer) -> None:
    r = cast.session().post(server.url + "/1.1/statuses/update.json")
    assert r.status_code == 403
    assert r.json() == {"errors": [{"code": 170, "message": "Missing required parameter: status."}]}
    r = cast.session().post(server.url + "/1.1/statuses/update.json", params={"status": "   "})
    assert r.json()["errors"][0]["code"] == 170


def test_nul_characters_are_dropped_from_parameters(cast: Cast, server: LiveServer) -> None:
    r = cast.session().post(
        server.url + "/1.1/statuses/update.json", params={"status": "nul\x00 inside"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["text"] == "nul inside"


def test_duplicate_status(cast: Cast) -> None:
    api = cast.new_member("dup").api
    first = api.update_status(status="same words")
    with pytest.raises(tweepy.Forbidden) as err:
        api.update_status(status="same words")
    assert err.value.api_codes == [187]
    assert err.value.api_messages == ["Status is a duplicate."]
    api.destroy_status(first.id)
    assert api.update_status(status="same words").id != first.id  # allowed again after delete
    assert cast.plain.api.update_status(status="same words").id  # another user may say it


def test_form_encoded_update_twarc_style(cast: Cast, server: LiveServer) -> None:
    r = cast.session().post(
        server.url + "/1.1/statuses/update.json",
        data={"status": "form body + plus & amp", "tweet_mode": "extended"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["full_text"] == "form body + plus &amp; amp"  # as Twitter escaped it


def test_text_is_html_escaped_and_indices_count_the_escaped_text(
    cast: Cast, server: LiveServer
) -> None:
    """Twitter sent ``text``/``full_text`` with ``&``, ``<`` and ``>`` escaped, and counted
    entity indices and ``display_text_range`` in that escaped text (tweepy's cassette
    testcachedresult: its link ends at the escaped text's end). What was typed stays the
    status: search finds it by its words, and a long one is cut where the typed text is."""
    friend = cast.new_member("esc")
    me = cast.new_member("escme")
    typed = f"1 < 2 & 3 > 2 @{friend.user.screen_name} #Fair & https://example.com/a?b=1&c=2"
    body = (
        cast.session(me)
        .post(
            server.url + "/1.1/statuses/update.json",
            data={"status": typed, "tweet_mode": "extended"},
        )
        .json()
    )
    text = body["full_text"]
    assert text.startswith("1 &lt; 2 &amp; 3 &gt; 2 @") and "#Fair &amp; https://t.co/" in text
    assert body["display_text_range"] == [0, len(text)]
    ents = body["entities"]
    (mention,) = ents["user_mentions"]
    assert text[slice(*mention["indices"])] == "@" + friend.user.screen_name
    assert text[slice(*ents["hashtags"][0]["indices"])] == "#Fair"
    (link,) = ents["urls"]
    assert text[slice(*link["indices"])] == link["url"]
    assert link["expanded_url"] == "https://example.com/a?b=1&c=2"  # URLs are not escaped
    shown = me.api.get_status(body["id"], tweet_mode="extended")._json
    assert shown["full_text"] == text and shown["entities"] == ents
    compat = me.api.get_status(body["id"])._json  # short enough: the same text, escaped
    assert compat["text"] == text and compat["entities"]["urls"] == ents["urls"]
    found = me.api.search_tweets(q="Fair")
    assert [t.id for t in found] == [body["id"]] and found[0].text == text
    long = me.api.update_status(status="a&b " * 40)._json
    assert long["truncated"] is True
    kept, _, tail = long["text"].rpartition("\u2026 ")
    assert kept == "a&amp;b " * 28 + "a&amp;b"  # cut at 115 typed characters, then escaped
    (more,) = long["entities"]["urls"]
    assert long["text"][slice(*more["indices"])] == more["url"] == tail


def test_compat_mode_truncates_past_140(cast: Cast) -> None:
    status = "#first " + "word " * 40 + "#last"
    tweet = cast.plain.api.update_status(status=status)
    body = tweet._json
    assert body["truncated"] is True
    assert len(body["text"]) <= 140 and "\u2026 https://t.co/" in body["text"]
    link = body["entities"]["urls"][-1]
    assert link["expanded_url"] == f"https://twitter.com/i/web/status/{tweet.id}"
    assert link["indices"][1] == len(body["text"])
    assert [h["text"] for h in body["entities"]["hashtags"]] == ["first"]  # #last was cut
    full = cast.plain.api.get_status(tweet.id, tweet_mode="extended")._json
    assert full["full_text"] == status and full["truncated"] is False
    assert full["display_text_range"] == [0, len(status)]
    assert [h["text"] for h in full["entities"]["hashtags"]] == ["first", "last"]


def test_reply_needs_the_author_mentioned(cast: Cast) -> None:
    parent = cast.owner.api.update_status(status="a question?")
    ignored = cast.plain.api.update_status(status="no mention", in_reply_to_status_id=parent.id)
    assert ignored.in_reply_to_status_id is None
    sn = cast.owner.user.screen_name
    reply = cast.plain.api.update_status(status=f"@{sn} yes", in_reply_to_status_id=parent.id)
    assert reply.in_reply_to_status_id == parent.id
    assert reply.in_reply_to_user_id == cast.owner.id and reply.in_reply_to_screen_name == sn
    assert reply._json["in_reply_to_status_id_str"] == str(parent.id)


def test_auto_populate_reply_metadata(cast: Cast) -> None:
    a, b, c = cast.owner, cast.follower, cast.new_member("third")
    parent = a.api.update_status(status=f"hello @{b.user.screen_name} and @{c.user.screen_name}")
    reply = cast.plain.api.update_status(
        status="replying",
        in_reply_to_status_id=parent.id,
        auto_populate_reply_metadata=True,
        exclude_reply_user_ids=f"{c.id},{a.id}",
        tweet_mode="extended",
    )
    body = reply._json
    prefix = f"@{a.user.screen_name} @{b.user.screen_name} "  # the author cannot be excluded
    assert body["full_text"] == prefix + "replying"
    assert body["display_text_range"] == [len(prefix), len(prefix) + len("replying")]
    assert body["in_reply_to_status_id"] == parent.id
    assert [m["id"] for m in body["entities"]["user_mentions"]] == [a.id, b.id]
    assert a.api.get_status(parent.id)._json  # still there


def test_reply_to_deleted_tweet_fails(cast: Cast) -> None:
    parent = cast.owner.api.update_status(status="soon gone")
    cast.owner.api.destroy_status(parent.id)
    with pytest.raises(tweepy.Forbidden) as err:
        cast.plain.api.update_status(
            status="hm", in_reply_to_status_id=parent.id, auto_populate_reply_metadata=True
        )
    assert err.value.api_codes == [385]


def test_reply_to_invisible_protected_tweet_fails(cast: Cast) -> None:
    secret = cast.protected.api.update_status(status="for followers")
    with pytest.raises(tweepy.Forbidden) as err:
        cast.plain.api.update_status(
            status="hi", in_reply_to_status_id=secret.id, auto_populate_reply_metadata=True
        )
    assert err.value.api_codes == [385]
    ok = cast.follower.api.update_status(
        status="hi", in_reply_to_status_id=secret.id, auto_populate_reply_metadata=True
    )
    assert ok.in_reply_to_status_id == secret.id


@pytest.mark.parametrize(
    "form",
    [
        "https://twitter.com/{sn}/status/{id}",
        "https://x.com/{sn}/status/{id}/",
        "http://mobile.twitter.com/{sn}/status/{id}?s=20",
        "https://www.x.com/{sn}/status/{id}",
        "https://twitter.com/i/web/status/{id}",
    ],
)
def test_attachment_url_quotes(cast: Cast, form: str) -> None:
    original = cast.owner.api.update_status(status=f"quote me {form[:12]} {id(form)}")
    url = form.format(sn=cast.owner.user.screen_name, id=original.id)
    quote = cast.plain.api.update_status(
        status="look at this", attachment_url=url, tweet_mode="extended"
    )
    body = quote._json
    assert body["is_quote_status"] is True
    assert body["quoted_status_id"] == original.id
    assert body["quoted_status_id_str"] == str(original.id)
    assert body["quoted_status"]["id"] == original.id
    permalink = body["quoted_status_permalink"]
    assert (
        permalink["expanded"]
        == f"https://twitter.com/{cast.owner.user.screen_name}/status/{original.id}"
    )
    assert permalink["url"].startswith("https://t.co/")
    assert body["display_text_range"] == [0, len("look at this")]
    assert body["full_text"].startswith("look at this https://t.co/")
    assert body["entities"]["urls"][-1]["expanded_url"] == url
    assert cast.owner.api.get_status(original.id)._json["is_quote_status"] is False


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/owner/status/1",
        "not a url",
        "https://twitter.com/someone/status/1",
        "https://twitter.com/someone/status/9999999999999999999",  # past 64 bits: not a fault
    ],
)
def test_attachment_url_other_than_a_tweet_fails(cast: Cast, url: str) -> None:
    with pytest.raises(tweepy.BadRequest) as err:
        cast.plain.api.update_status(status=f"bad attachment {url}", attachment_url=url)
    assert err.value.api_codes == [44]


@pytest.mark.parametrize(
    "value,expected", [("true", True), ("1", True), ("t", True), ("yes", False), ("false", False)]
)
def test_possibly_sensitive_parameter(
    cast: Cast, server: LiveServer, value: str, expected: bool
) -> None:
    r = cast.session().post(
        server.url + "/1.1/statuses/update.json",
        params={"status": f"https://example.com/{value} sensitive?", "possibly_sensitive": value},
    )
    assert r.json()["possibly_sensitive"] is expected


def test_possibly_sensitive_defaults_to_user_setting(cast: Cast, server: LiveServer) -> None:
    member = cast.new_member("nsfw")
    cast.session(member).post(
        server.url + "/1.1/account/settings.json", params={"display_sensitive_media": "true"}
    )
    tweet = member.api.update_status(status="see https://example.com/x")
    assert tweet._json["possibly_sensitive"] is True


def test_trim_user_and_include_entities(cast: Cast) -> None:
    tweet = cast.plain.api.update_status(status="trimmed #tag", trim_user=True)
    assert tweet._json["user"] == {"id": cast.plain.id, "id_str": str(cast.plain.id)}
    shown = cast.plain.api.get_status(tweet.id, include_entities=False)
    assert "entities" not in shown._json


def test_card_uri_and_edit_control(cast: Cast, server: LiveServer) -> None:
    r = cast.session().post(
        server.url + "/1.1/statuses/update.json",
        params={"status": "with a card", "card_uri": "card://853503245793641682"},
    )
    tweet_id = r.json()["id"]
    assert "card_uri" not in r.json()
    shown = (
        cast.session()
        .get(
            server.url + "/1.1/statuses/show.json",
            params={"id": tweet_id, "include_card_uri": "true", "include_ext_edit_control": "true"},
        )
        .json()
    )
    assert shown["card_uri"] == "card://853503245793641682"
    initial = shown["ext_edit_control"]["initial"]
    assert initial["edit_tweet_ids"] == [str(tweet_id)] and initial["edits_remaining"] == "5"
    assert int(initial["editable_until_msecs"]) == timestamp_ms(tweet_id) + 30 * 60 * 1000


def test_show_by_path_and_by_param(cast: Cast, server: LiveServer) -> None:
    tweet = cast.plain.api.update_status(status="show me")
    by_param = cast.session().get(server.url + "/1.1/statuses/show.json", params={"id": tweet.id})
    by_path = cast.session().get(server.url + f"/1.1/statuses/show/{tweet.id}.json")
    assert by_param.json() == by_path.json()
    assert by_param.headers["x-rate-limit-limit"] == "900"
    missing = cast.session().get(server.url + "/1.1/statuses/show.json", params={"id": 123})
    assert missing.status_code == 404
    assert missing.json() == {"errors": [{"code": 144, "message": "No status found with that ID."}]}


def test_protected_tweets_never_leak(cast: Cast, server: LiveServer) -> None:
    secret = cast.protected.api.update_status(status="followers only")
    for api in (cast.plain.api, cast.app_only()):
        with pytest.raises(tweepy.Forbidden) as err:
            api.get_status(secret.id)
        assert err.value.api_codes == [179]
        assert api.lookup_statuses([secret.id]) == []
    assert cast.follower.api.get_status(secret.id).id == secret.id
    assert cast.protected.api.get_status(secret.id).id == secret.id
    r = cast.session().get(
        server.url + "/1.1/statuses/lookup.json", params={"id": str(secret.id), "map": "true"}
    )
    assert r.json() == {"id": {str(secret.id): None}}
    quote_url = f"https://twitter.com/{cast.protected.user.screen_name}/status/{secret.id}"
    with pytest.raises(tweepy.BadRequest):
        cast.plain.api.update_status(status="leak?", attachment_url=quote_url)
    quote = cast.follower.api.update_status(status="quoting", attachment_url=quote_url)
    # the quote is public; the protected status inside it is shown only to those who may see it
    seen_by_stranger = cast.plain.api.get_status(quote.id)._json
    assert "quoted_status" not in seen_by_stranger
    assert "quoted_status" in cast.follower.api.get_status(quote.id)._json


def test_a_suspended_authors_statuses_are_gone_by_id(cast: Cast, server: LiveServer) -> None:
    author = cast.new_member("tobesuspended")
    tweet = author.api.update_status(status="before the suspension")
    retweet = cast.plain.api.retweet(tweet.id)
    assert cast.plain.api.get_status(tweet.id).id == tweet.id
    with cast.rt.store.write() as tx:
        tx.update_user(author.id, suspended=True)
    for status_id in (tweet.id, retweet.id):  # the retweet carries the suspended one's text
        with pytest.raises(tweepy.Forbidden) as err:
            cast.plain.api.get_status(status_id)
        assert err.value.api_codes == [63]
        assert cast.plain.api.lookup_statuses([status_id]) == []
    r = cast.session().get(server.url + "/1.1/statuses/show.json", params={"id": tweet.id})
    assert r.status_code == 403
    assert r.json() == {"errors": [{"code": 63, "message": "User has been suspended."}]}
    r = cast.session().get(
        server.url + "/1.1/statuses/lookup.json", params={"id": str(tweet.id), "map": "true"}
    )
    assert r.json() == {"id": {str(tweet.id): None}}
    with cast.rt.store.write() as tx:  # reinstated: back by id
        tx.update_user(author.id, suspended=False)
    assert [t.id for t in cast.plain.api.lookup_statuses([tweet.id])] == [tweet.id]


def test_lookup_order_map_and_limits(cast: Cast, server: LiveServer) -> None:
    a = cast.plain.api.update_status(status="lookup a")
    b = cast.owner.api.update_status(status="lookup b")
    found = cast.plain.api.lookup_statuses([b.id, 99, a.id, b.id])
    assert [t.id for t in found] == [b.id, a.id]
    mapped = (
        cast.session()
        .get(server.url + "/1.1/statuses/lookup.json", params={"id": f"{a.id},99", "map": "true"})
        .json()
    )
    assert mapped["id"][str(a.id)]["id"] == a.id and mapped["id"]["99"] is None
    posted = cast.session().post(
        server.url + "/1.1/statuses/lookup.json", data={"id": f"{a.id},{b.id}", "trim_user": "true"}
    )
    assert [t["user"] for t in posted.json()] == [
        {"id": cast.plain.id, "id_str": str(cast.plain.id)},
        {"id": cast.owner.id, "id_str": str(cast.owner.id)},
    ]
    too_many = ",".join(str(i) for i in range(1, 102))
    r = cast.session().get(server.url + "/1.1/statuses/lookup.json", params={"id": too_many})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == 44


def test_destroy_rules_and_counts(cast: Cast) -> None:
    author = cast.new_member("author")
    tweet = author.api.update_status(status="to delete")
    with pytest.raises(tweepy.Forbidden) as err:
        cast.plain.api.destroy_status(tweet.id)
    assert err.value.api_codes == [183]
    gone = author.api.destroy_status(tweet.id)
    assert gone.id == tweet.id and gone.text == "to delete"
    assert author.api.verify_credentials().statuses_count == 0
    with pytest.raises(tweepy.NotFound) as err:
        author.api.destroy_status(tweet.id)
    assert err.value.api_codes == [144]


def test_reply_and_quote_counts_follow_deletes(cast: Cast, server: LiveServer) -> None:
    parent = cast.owner.api.update_status(status="count my replies")
    sn = cast.owner.user.screen_name
    reply = cast.plain.api.update_status(status=f"@{sn} one", in_reply_to_status_id=parent.id)
    quote = cast.plain.api.update_status(
        status="and a quote", attachment_url=f"https://twitter.com/{sn}/status/{parent.id}"
    )
    with server.runtime.store.read() as tx:
        stored = tx.status_by_id(parent.id)
    assert (stored.reply_count, stored.quote_count) == (1, 1)
    cast.plain.api.destroy_status(reply.id)
    cast.plain.api.destroy_status(quote.id)
    with server.runtime.store.read() as tx:
        stored = tx.status_by_id(parent.id)
    assert (stored.reply_count, stored.quote_count) == (0, 0)


def test_deleting_quoted_keeps_the_quote(cast: Cast) -> None:
    original = cast.owner.api.update_status(status="quoted then deleted")
    sn = cast.owner.user.screen_name
    quote = cast.plain.api.update_status(
        status="quoting it", attachment_url=f"https://twitter.com/{sn}/status/{original.id}"
    )
    cast.owner.api.destroy_status(original.id)
    kept = cast.plain.api.get_status(quote.id)._json
    assert kept["is_quote_status"] is True and "quoted_status" not in kept


def test_mentions_resolve_case_insensitively(cast: Cast) -> None:
    member = cast.new_member("Mixed")
    tweet = cast.plain.api.update_status(status=f"hey @{member.user.screen_name.lower()}")
    assert tweet.entities["user_mentions"][0]["screen_name"] == member.user.screen_name


def test_user_objects_embed_the_newest_visible_status(cast: Cast, server: LiveServer) -> None:
    member = cast.new_member("embed")
    member.api.update_status(status="older")
    newest = member.api.update_status(status="newest #one")
    shown = cast.plain.api.get_user(user_id=member.id)._json
    keys = list(shown)
    assert keys.index("status") == keys.index("lang") + 1
    assert shown["status"]["id"] == newest.id and "user" not in shown["status"]
    assert shown["status"]["entities"]["hashtags"][0]["text"] == "one"
    me = member.api.verify_credentials()._json
    assert me["status"]["id"] == newest.id
    assert "status" not in member.api.verify_credentials(skip_status=True)._json
    looked = cast.plain.api.lookup_users(user_id=[member.id])[0]._json
    assert looked["status"]["text"] == "newest #one"
    # a protected account's status is embedded only for those who may see it
    cast.protected.api.update_status(status="hidden from strangers")
    assert "status" not in cast.plain.api.get_user(user_id=cast.protected.id)._json
    assert "status" in cast.follower.api.get_user(user_id=cast.protected.id)._json
    extended = (
        cast.session()
        .get(
            server.url + "/1.1/users/show.json",
            params={"user_id": member.id, "tweet_mode": "extended"},
        )
        .json()
    )
    assert extended["status"]["full_text"] == "newest #one"
