"""GET statuses/oembed.json and publish.twitter.com's /oembed, on both stores, without auth."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests
import tweepy

from roost.domain.ids import timestamp_ms
from tests.support.cast import Cast
from tests.support.clients import PlainHttp
from tests.support.server import LiveServer

# The seeds' example response (FIDELITY section 8), in its order.
OEMBED_KEYS = [
    "url",
    "author_name",
    "author_url",
    "html",
    "width",
    "height",
    "type",
    "cache_age",
    "provider_name",
    "provider_url",
    "version",
]


def script(server: LiveServer) -> str:
    """The script the html ends with: Roost's own widgets.js, on the host that was asked."""
    return f'<script async src="{server.url}/widgets.js" charset="utf-8"></script>\n'


REF = "?ref_src=twsrc%5Etfw"


def _get(server: LiveServer, path: str, **params: Any) -> requests.Response:
    return requests.get(server.url + path, params=params, timeout=10)


def _embed(server: LiveServer, url: str, **params: Any) -> dict[str, Any]:
    r = _get(server, "/oembed", url=url, **params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = r.json()
    return body


def _date(status_id: int) -> str:
    t = time.gmtime(timestamp_ms(status_id) // 1000)
    return time.strftime("%B ", t) + f"{t.tm_mday}, {t.tm_year}"


def test_oembed_object_key_by_key(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("embed", name="Embed Me")
    name = me.user.screen_name
    tweet = me.api.update_status(status="Hello embeds")
    url = f"https://twitter.com/{name}/status/{tweet.id}"
    for path in ("/oembed", "/1.1/statuses/oembed.json"):
        r = _get(server, path, url=url)
        assert r.status_code == 200, r.text
        body = r.json()
        assert list(body) == OEMBED_KEYS
        assert body["url"] == url
        assert body["author_name"] == "Embed Me"
        assert body["author_url"] == f"https://twitter.com/{name}"
        assert body["html"] == (
            f'<blockquote class="twitter-tweet"><p lang="{tweet.lang}" dir="ltr">Hello embeds</p>'
            f"&mdash; Embed Me (@{name}) "
            f'<a href="https://twitter.com/{name}/status/{tweet.id}{REF}">{_date(tweet.id)}</a>'
            "</blockquote>\n" + script(server)
        )
        assert body["width"] == 550 and body["height"] is None
        assert body["type"] == "rich" and body["cache_age"] == "3153600000"
        assert body["provider_name"] == "Twitter"
        assert body["provider_url"] == "https://twitter.com"
        assert body["version"] == "1.0"


def test_text_links_escaping_and_newlines(cast: Cast, server: LiveServer) -> None:
    me = cast.new_member("esc", name='Tom & "Jerry" <b>')
    owner = cast.owner.user.screen_name
    tweet = me.api.update_status(
        status=f"Here's <b>bold</b> & more\nline two @{owner} #Roost $TWTR see example.com/x"
    )
    link = tweet.entities["urls"][0]["url"]
    body = _embed(server, f"https://twitter.com/{me.user.screen_name}/status/{tweet.id}")
    h = body["html"]
    assert "Here&#39;s &lt;b&gt;bold&lt;/b&gt; &amp; more<br>line two " in h
    assert f'<a href="https://twitter.com/{owner}{REF}">@{owner}</a>' in h
    assert (
        '<a href="https://twitter.com/hashtag/Roost?src=hash&amp;ref_src=twsrc%5Etfw">#Roost</a>'
        in h
    )
    assert "$TWTR</a>" in h and "src=ctag&amp;ref_src=twsrc%5Etfw" in h
    assert f'see <a href="{link}">{link}</a></p>' in h
    assert f"&mdash; Tom &amp; &quot;Jerry&quot; &lt;b&gt; (@{me.user.screen_name}) " in h
    assert "<b>" not in h and body["author_name"] == 'Tom & "Jerry" <b>'


def test_every_parameter_shows_in_the_html(cast: Cast, server: LiveServer) -> None:
    tweet = cast.plain.api.update_status(status="parameters")
    url = f"https://twitter.com/{cast.plain.user.screen_name}/status/{tweet.id}"
    plain = _embed(server, url)["html"]
    assert plain.startswith('<blockquote class="twitter-tweet"><p')
    cases = {
        "hide_media": ("true", 'data-cards="hidden"'),
        "hide_thread": ("1", 'data-conversation="none"'),
        "lang": ("fr", 'data-lang="fr"'),
        "theme": ("dark", 'data-theme="dark"'),
        "link_color": ("#E95F28", 'data-link-color="#E95F28"'),
        "related": ("twitterapi,twitter", 'data-related="twitterapi,twitter"'),
        "dnt": ("t", 'data-dnt="true"'),
        "maxwidth": ("325", 'data-width="325"'),
    }
    for name, (value, attribute) in cases.items():
        html = _embed(server, url, **{name: value})["html"]
        assert attribute in html.split(">", 1)[0], name
        assert attribute not in plain
    for align in ("left", "right", "center"):
        html = _embed(server, url, align=align)["html"]
        assert html.startswith(f'<blockquote class="twitter-tweet tw-align-{align}">')
    assert _embed(server, url, align="none")["html"] == plain
    assert _embed(server, url, theme="light")["html"] == plain
    assert _embed(server, url, hide_media="false")["html"] == plain
    assert _embed(server, url, link_color='red" onload="x')["html"] == plain  # not a color
    assert _embed(server, url, widget_type="video")["html"].startswith(
        '<blockquote class="twitter-video">'
    )
    omitted = _embed(server, url, omit_script="true")["html"]
    assert omitted == plain.removesuffix(script(server)) and "<script" not in omitted
    everything = _embed(server, url, hide_media="1", dnt="true", maxwidth="400", theme="dark")
    assert everything["html"].startswith(
        '<blockquote class="twitter-tweet" data-cards="hidden" data-theme="dark" '
        'data-width="400" data-dnt="true"><p'
    )


def test_maxwidth_is_clamped_to_220_550(cast: Cast, server: LiveServer) -> None:
    tweet = cast.plain.api.update_status(status="widths")
    url = f"https://twitter.com/{cast.plain.user.screen_name}/status/{tweet.id}"
    for given, width in (("100", 220), ("220", 220), ("325", 325), ("550", 550), ("9000", 550)):
        body = _embed(server, url, maxwidth=given)
        assert body["width"] == width
        assert f'data-width="{width}"' in body["html"]
    assert _get(server, "/oembed", url=url, maxwidth="wide").status_code == 400


def test_permalink_forms(cast: Cast, server: LiveServer) -> None:
    name = cast.plain.user.screen_name
    tweet = cast.plain.api.update_status(status="forms")
    canonical = f"https://twitter.com/{name}/status/{tweet.id}"
    forms = [
        canonical,
        f"http://twitter.com/{name}/status/{tweet.id}",
        f"https://www.twitter.com/{name}/status/{tweet.id}/",
        f"https://mobile.twitter.com/{name}/status/{tweet.id}?s=20&t=abc",
        f"https://x.com/{name}/status/{tweet.id}",
        f"https://www.x.com/{name}/status/{tweet.id}",
        f"https://x.com/i/statuses/{tweet.id}",  # twitter-api-v2's oembedTweet(id)
        f"https://twitter.com/i/web/status/{tweet.id}",
        f"https://twitter.com/{name}/statuses/{tweet.id}",
        f"https://twitter.com/someone_else/status/{tweet.id}",  # the id decides, as on Twitter
    ]
    for url in forms:
        assert _embed(server, url)["url"] == canonical, url
    by_id = _get(server, "/1.1/statuses/oembed.json", id=str(tweet.id))
    assert by_id.status_code == 200 and by_id.json()["url"] == canonical


def test_protected_tweets_are_never_embedded(cast: Cast, server: LiveServer) -> None:
    secret = cast.protected.api.update_status(status="followers only secret")
    name = cast.protected.user.screen_name
    url = f"https://twitter.com/{name}/status/{secret.id}"
    answers = [
        _get(server, "/oembed", url=url),
        _get(server, "/1.1/statuses/oembed.json", url=url),
        _get(server, "/1.1/statuses/oembed.json", id=str(secret.id)),
        _get(server, "/oembed", url=f"https://x.com/i/web/status/{secret.id}"),
        # signed as the author or an approved follower: still not embeddable
        cast.session(cast.protected).get(
            server.url + "/1.1/statuses/oembed.json", params={"url": url}
        ),
        cast.session(cast.follower).get(
            server.url + "/1.1/statuses/oembed.json", params={"url": url}
        ),
    ]
    for r in answers:
        assert r.status_code == 403
        assert r.json() == {
            "errors": [
                {"code": 179, "message": "Sorry, you are not authorized to see this status."}
            ]
        }
        assert "secret" not in r.text and name not in r.text and "Protected" not in r.text
    with pytest.raises(tweepy.TweepyException):
        cast.plain.api.get_oembed(url)


def test_deleted_and_unknown_tweets_404(cast: Cast, server: LiveServer) -> None:
    name = cast.plain.user.screen_name
    tweet = cast.plain.api.update_status(status="short lived")
    url = f"https://twitter.com/{name}/status/{tweet.id}"
    assert _get(server, "/oembed", url=url).status_code == 200
    cast.plain.api.destroy_status(tweet.id)
    not_found = {"errors": [{"code": 34, "message": "Sorry, that page does not exist."}]}
    for r in (
        _get(server, "/oembed", url=url),
        _get(server, "/1.1/statuses/oembed.json", id=str(tweet.id)),
        _get(server, "/oembed", url=f"https://twitter.com/{name}/status/1234567890123"),
    ):
        assert r.status_code == 404 and r.json() == not_found


def test_missing_or_invalid_url_403_195(server: LiveServer) -> None:
    invalid = {"errors": [{"code": 195, "message": "Missing or invalid url parameter."}]}
    for params in (
        {},
        {"url": ""},
        {"url": "https://example.com/jack/status/20"},
        {"url": "https://twitter.com/jack"},
        {"url": "ftp://twitter.com/jack/status/20"},
        {"url": "not a url"},
        {"id": "abc"},
    ):
        r = _get(server, "/1.1/statuses/oembed.json", **params)
        assert r.status_code == 403 and r.json() == invalid, params


def test_retweet_embeds_its_original(cast: Cast, server: LiveServer) -> None:
    original = cast.owner.api.update_status(status="original words")
    retweet = cast.plain.api.retweet(original.id)
    body = _embed(server, f"https://twitter.com/{cast.plain.user.screen_name}/status/{retweet.id}")
    assert body["url"] == f"https://twitter.com/{cast.owner.user.screen_name}/status/{original.id}"
    assert "original words" in body["html"]


def test_jsonp_callback(cast: Cast, server: LiveServer) -> None:
    tweet = cast.plain.api.update_status(status="jsonp")
    url = f"https://twitter.com/{cast.plain.user.screen_name}/status/{tweet.id}"
    r = _get(server, "/oembed", url=url, callback="cb_1")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/javascript")
    assert r.text.startswith('cb_1({"url":') and r.text.endswith(");")
    assert _get(server, "/oembed", url=url, callback="alert(1)//").json()["url"] == url


def test_tweepy_get_oembed(cast: Cast, server: LiveServer) -> None:
    tweet = cast.plain.api.update_status(status="via tweepy")
    url = f"https://twitter.com/{cast.plain.user.screen_name}/status/{tweet.id}"
    body = cast.plain.api.get_oembed(url, maxwidth=300, omit_script=True, theme="dark")
    assert list(body) == OEMBED_KEYS
    assert body["url"] == url and body["width"] == 300
    assert 'data-theme="dark"' in body["html"] and "<script" not in body["html"]
    # no credentials at all: the endpoint needs none
    anonymous = tweepy.API(host=cast.hostport)
    anonymous.session.mount("https://", PlainHttp())
    assert anonymous.get_oembed(url)["url"] == url


@pytest.mark.parametrize(
    "query",
    [
        {"url": "https://twitter.com/someone/status/9999999999999999999"},
        {"id": "9999999999999999999"},
    ],
)
def test_ids_past_64_bits_are_invalid_not_a_fault(
    server: LiveServer, query: dict[str, str]
) -> None:
    answer = requests.get(server.url + "/1.1/statuses/oembed.json", params=query, timeout=10)
    assert answer.status_code == 403
    assert answer.json() == {
        "errors": [{"code": 195, "message": "Missing or invalid url parameter."}]
    }


TIMELINE_KEYS = ["url", "title", "html", "width", "height", "type", "cache_age"] + [
    "provider_name",
    "provider_url",
    "version",
]


def test_collection_and_profile_urls_give_timeline_embeds(cast: Cast, server: LiveServer) -> None:
    from tests.clients.test_collections_api import create

    me = cast.new_member("tlembed")
    name = me.user.screen_name
    cid = create(cast, server, me, name="Park & Tweets")[len("custom-") :]
    url = f"https://twitter.com/{name}/timelines/{cid}"
    body = _embed(server, url)
    assert list(body) == TIMELINE_KEYS
    assert body["url"] == url and body["title"] == "Park & Tweets"
    assert body["html"] == (
        f'<a class="twitter-timeline" href="{url}{REF}">'
        f"Park &amp; Tweets - Curated tweets by {name}</a>\n" + script(server)
    )
    assert body["width"] == 550 and body["height"] is None and body["type"] == "rich"
    for form in (
        f"https://x.com/{name}/timelines/{cid}",
        f"http://www.twitter.com/{name}/timelines/{cid}/",
    ):
        assert _embed(server, form)["url"] == url
    body = _embed(server, f"https://mobile.twitter.com/{name}")
    assert body["url"] == f"https://twitter.com/{name}" and body["title"] == ""
    assert f'href="https://twitter.com/{name}{REF}">Tweets by {name}</a>' in body["html"]
    html = _embed(
        server,
        url,
        limit="5",
        maxheight="400",
        maxwidth="300",
        theme="dark",
        chrome="noheader nofooter bogus",
        link_color="#E81C4F",
        border_color="a1b2c3",
        dnt="true",
        omit_script="true",
    )["html"]
    assert html.startswith(
        '<a class="twitter-timeline" data-tweet-limit="5" data-height="400" data-width="300" '
        'data-chrome="noheader nofooter" data-theme="dark" data-link-color="#E81C4F" '
        'data-border-color="#a1b2c3" data-dnt="true" href='
    )
    assert "<script" not in html
    not_found = {"errors": [{"code": 34, "message": "Sorry, that page does not exist."}]}
    for missing in (f"https://twitter.com/{name}/timelines/1", "https://twitter.com/no_one_zz"):
        r = _get(server, "/oembed", url=missing)
        assert r.status_code == 404 and r.json() == not_found
    # the api host's statuses/oembed embeds Tweets only
    r = _get(server, "/1.1/statuses/oembed.json", url=url)
    assert r.status_code == 403 and r.json()["errors"][0]["code"] == 195
