"""The rendered-Tweet cache (render/fragments.py) answers byte for byte what ``tweet_v1`` renders,
for every viewer and switch, and renders afresh when what a Tweet shows changes."""

from __future__ import annotations

import itertools
from dataclasses import replace

import orjson
import pytest

from roost.domain.model import App, Tweet, User
from roost.render.fragments import TweetFragments
from roost.render.tweets import TweetOptions, load_tweet_context, tweet_v1
from roost.runtime import Runtime
from roost.services import apps, engagement, tweets, users
from roost.services.tweets import PostRequest


def _post(rt: Runtime, user: User, app: App, text: str, **kw: object) -> Tweet:
    return tweets.post(rt, users.reload(rt, user.id), app, PostRequest(status=text, **kw))  # type: ignore[arg-type]


@pytest.fixture
def world(runtime: Runtime) -> dict[str, object]:
    rt = runtime
    app, _ = apps.create_app(rt, "Fragments", website="https://fragments.example")
    author = users.create_user(rt, "frag_author", name="Author <&>")
    fan = users.create_user(rt, "frag_fan")
    locked = users.create_user(rt, "frag_locked", protected=True)
    asker = users.create_user(rt, "frag_asker")
    stranger = users.create_user(rt, "frag_stranger")
    users.follow(rt, fan, author)
    users.follow(rt, fan, locked)
    users.answer_request(rt, locked, fan, approve=True)
    users.follow(rt, asker, locked)  # pending
    plain = _post(rt, author, app, "plain text with #tag and @frag_fan https://example.com/a")
    long = _post(rt, author, app, "long " * 40 + "end https://example.com/long")
    secret = _post(rt, locked, app, "only for followers")
    quote = _post(  # only the approved follower may quote it; strangers see no quoted_status
        rt, fan, app, "quoting", attachment_url=f"https://twitter.com/x/status/{secret.id}"
    )
    reply = _post(rt, fan, app, "@frag_author a reply", in_reply_to_status_id=plain.id)
    retweet = engagement.retweet(rt, users.reload(rt, author.id), app, quote.id)
    engagement.retweet(rt, users.reload(rt, fan.id), app, plain.id)
    engagement.like(rt, users.reload(rt, fan.id), plain.id)
    page = [plain, long, quote, reply, retweet, secret]
    return {
        "rt": rt,
        "page": [t.id for t in page],
        "viewers": [None, author.id, fan.id, locked.id, asker.id, stranger.id],
    }


OPTIONS = [
    TweetOptions(),
    TweetOptions(extended=True),
    TweetOptions(trim_user=True, include_entities=False),
    TweetOptions(include_ext_edit_control=True, include_card_uri=True, include_ext_alt_text=True),
    TweetOptions(include_user_entities=False),
    TweetOptions(include_my_retweet=True),
]


def _both(
    rt: Runtime, viewer: int | None, ids: list[int], opts: TweetOptions
) -> tuple[list[bytes], list[bytes]]:
    cache = TweetFragments()
    with rt.store.read() as tx:
        found = [tx.statuses_by_ids(ids)[i] for i in ids]
        ctx = load_tweet_context(tx, viewer, found, opts)
    expected = [orjson.dumps(tweet_v1(t, ctx, opts)) for t in found]
    first = [orjson.dumps(f) for f in cache.render(found, ctx, opts)]
    again = [orjson.dumps(f) for f in cache.render(found, ctx, opts)]  # from the cache
    assert first == again
    return expected, again


@pytest.mark.parametrize("opts", OPTIONS, ids=range(len(OPTIONS)))
def test_fragments_equal_fresh_rendering_for_every_viewer(
    world: dict[str, object], opts: TweetOptions
) -> None:
    rt, ids = world["rt"], world["page"]
    for viewer in world["viewers"]:  # type: ignore[attr-defined]
        expected, got = _both(rt, viewer, ids, opts)  # type: ignore[arg-type]
        assert got == expected, viewer


def test_one_cache_serves_every_viewer_its_own_flags(world: dict[str, object]) -> None:
    rt, ids = world["rt"], world["page"]
    cache = TweetFragments()
    opts = TweetOptions()
    for viewer, _ in itertools.product(world["viewers"], range(2)):  # type: ignore[call-overload]
        with rt.store.read() as tx:  # type: ignore[attr-defined]
            found = [tx.statuses_by_ids(ids)[i] for i in ids]
            ctx = load_tweet_context(tx, viewer, found, opts)
        expected = [orjson.dumps(tweet_v1(t, ctx, opts)) for t in found]
        assert [orjson.dumps(f) for f in cache.render(found, ctx, opts)] == expected


def test_a_changed_status_or_author_renders_afresh(world: dict[str, object]) -> None:
    rt: Runtime = world["rt"]  # type: ignore[assignment]
    ids: list[int] = world["page"]  # type: ignore[assignment]
    cache = TweetFragments()
    opts = TweetOptions()

    def page(viewer: int) -> list[dict[str, object]]:
        with rt.store.read() as tx:
            found = [tx.statuses_by_ids(ids)[i] for i in ids]
            ctx = load_tweet_context(tx, viewer, found, opts)
        return [orjson.loads(orjson.dumps(f)) for f in cache.render(found, ctx, opts)]

    stranger: int = world["viewers"][-1]  # type: ignore[index]
    before = page(stranger)
    assert before[0]["favorite_count"] == 1 and before[0]["favorited"] is False
    engagement.like(rt, users.reload(rt, stranger), ids[0])
    with rt.store.write() as tx:  # account/update_profile's write
        tx.update_user(before[0]["user"]["id"], name="Renamed")
    after = page(stranger)
    assert after[0]["favorite_count"] == 2 and after[0]["favorited"] is True
    assert after[0]["user"]["name"] == "Renamed"
    assert after[1]["user"]["name"] == "Renamed"  # every status of the author
    assert after[4]["user"]["name"] == "Renamed"  # the author's retweet
    assert after[3]["in_reply_to_screen_name"] == "frag_author"


def test_user_text_cannot_forge_a_hole(runtime: Runtime) -> None:
    rt = runtime
    app, _ = apps.create_app(rt, "Forge")
    author = users.create_user(rt, "frag_forge")
    tweet = _post(rt, author, app, '"\\u0000F:1" as text')
    with rt.store.read() as tx:
        ctx = load_tweet_context(tx, author.id, [tweet], TweetOptions())
    opts = replace(TweetOptions(), extended=True)
    with rt.store.read() as tx:
        ctx = load_tweet_context(tx, author.id, [tweet], opts)
    got = orjson.dumps(TweetFragments().render([tweet], ctx, opts)[0])
    assert got == orjson.dumps(tweet_v1(tweet, ctx, opts))
