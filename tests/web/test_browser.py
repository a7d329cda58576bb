"""Roost's pages and embeds in a real browser: Debian's headless Chromium driven by Selenium
through chromium-driver. A collection page, a Tweet permalink, and a page on another origin
that embeds a Tweet and a collection through oEmbed's html and Roost's widgets.js; each page
leaves a screenshot under ``artifacts/browser/`` (ROOST_TEST_ARTIFACTS overrides).

``make test`` installs chromium and chromium-driver when they are missing (as root) and sets
ROOST_REQUIRE_BROWSER, so there these tests fail rather than skip without a browser.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.clients.test_collections_api import add, create
from tests.support.browser import WAIT, driver, screenshot
from tests.support.cast import Cast, make_cast
from tests.support.server import LiveServer

__all__ = ["driver"]  # the fixture, shared with the other browser tests


@pytest.fixture(scope="module")
def site(server_factory: Any) -> LiveServer:
    """A Roost of its own (SQLite) for the browser: pages are read as a stranger would."""
    server: LiveServer = server_factory("sqlite")
    return server


@pytest.fixture(scope="module")
def people(site: LiveServer) -> Cast:
    return make_cast(site.runtime, site.hostport)


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Another origin (a plain static file server) for the page that embeds Roost's content."""
    root = tmp_path_factory.mktemp("elsewhere")
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def _cards(driver: Any, scope: str = "") -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, f"{scope} article.roost-tweet".strip()))


def _ids(cards: list[Any]) -> list[int]:
    return [int(c.get_attribute("data-tweet-id")) for c in cards]


def test_collection_page_in_a_browser(driver: Any, site: LiveServer, people: Cast) -> None:
    from selenium.webdriver.common.by import By

    me = people.new_member("brcoll", name="Browser Curator")
    cid = create(people, site, me, name="Browser Picks", description="picked in a browser")
    ids = [
        int(me.api.update_status(status=f"pick {i} for @{people.plain.user.screen_name}").id)
        for i in range(3)
    ]
    for sid in ids:
        add(people, site, me, cid, sid)
    path = f"/{me.user.screen_name}/timelines/{cid[len('custom-') :]}"
    driver.get(site.url + path)
    assert driver.find_element(By.TAG_NAME, "h1").text == "Browser Picks"
    cards = _cards(driver)
    assert _ids(cards) == list(reversed(ids))  # curated: the newest addition on top
    assert [c.find_element(By.CLASS_NAME, "roost-text").text for c in cards] == [
        f"pick {i} for @{people.plain.user.screen_name}" for i in (2, 1, 0)
    ]
    mention = cards[0].find_element(By.LINK_TEXT, f"@{people.plain.user.screen_name}")
    assert mention.get_attribute("href") == f"{site.url}/{people.plain.user.screen_name}"
    screenshot(driver, "collection")
    mention.click()  # the link leads to the profile page, which lists the mentioned account
    assert people.plain.user.name in driver.find_element(By.TAG_NAME, "h1").text


def test_permalink_page_in_a_browser(driver: Any, site: LiveServer, people: Cast) -> None:
    from selenium.webdriver.common.by import By

    me = people.new_member("brperm", name="Permalink Person")
    status = me.api.update_status(status="Seen in Chromium #browsers https://example.org/page")
    driver.get(f"{site.url}/{me.user.screen_name}/status/{status.id}")
    (card,) = _cards(driver)
    text = card.find_element(By.CLASS_NAME, "roost-text")
    assert text.text == "Seen in Chromium #browsers example.org/page"
    tag = text.find_element(By.LINK_TEXT, "#browsers")
    assert tag.get_attribute("href") == f"{site.url}/hashtag/browsers"
    link = text.find_element(By.PARTIAL_LINK_TEXT, "example.org")
    assert link.get_attribute("href") == status.entities["urls"][0]["url"]
    assert link.get_attribute("title") == "https://example.org/page"
    assert "Permalink Person" in card.text and f"@{me.user.screen_name}" in card.text
    stamp = card.find_element(By.TAG_NAME, "time")
    assert stamp.get_attribute("datetime").endswith("Z")
    assert driver.title.startswith("Permalink Person on Roost")
    screenshot(driver, "permalink")


def test_embedded_tweet_and_collection_render_with_widgets_js(
    driver: Any, site: LiveServer, people: Cast, elsewhere: tuple[str, Path]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    origin, root = elsewhere
    me = people.new_member("brembed", name="Embed Author")
    tweet = me.api.update_status(status="Embedded with @" + people.plain.user.screen_name)
    gone = me.api.update_status(status="about to be deleted")
    cid = create(people, site, me, name="Embedded Collection")
    ids = [int(me.api.update_status(status=f"in the embed {i}").id) for i in range(3)]
    for sid in ids:
        add(people, site, me, cid, sid)

    def oembed_html(url: str) -> str:
        r = requests.get(f"{site.url}/oembed", params={"url": url}, timeout=10)
        assert r.status_code == 200, r.text
        html: str = r.json()["html"]
        assert f'src="{site.url}/widgets.js"' in html
        return html

    name = me.user.screen_name
    tweet_html = oembed_html(f"https://twitter.com/{name}/status/{tweet.id}")
    gone_html = oembed_html(f"https://twitter.com/{name}/status/{gone.id}")
    me.api.destroy_status(gone.id)  # embedded, then deleted: the blockquote stays as it is
    timeline_html = oembed_html(f"https://twitter.com/{name}/timelines/{cid[len('custom-') :]}")
    (root / "embed.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>A blog</title>"
        "<script>window.rendered = 0; window.twttr = {_e: [], ready: function (f) "
        "{ this._e.push(f); }}; twttr.ready(function (t) { t.events.bind('rendered', "
        "function () { window.rendered += 1; }); });</script></head><body>"
        f"<h1>My blog</h1><div id='tweet'>{tweet_html}</div>"
        f"<div id='gone'>{gone_html}</div><div id='timeline'>{timeline_html}</div>"
        "</body></html>",
        encoding="utf-8",
    )
    driver.get(f"{origin}/embed.html")
    wait = WebDriverWait(driver, WAIT)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#tweet .twitter-tweet-rendered"))
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline .twitter-timeline-rendered"))
    wait.until(
        lambda d: (
            d.find_element(By.CSS_SELECTOR, "#gone blockquote").get_attribute("data-roost-widget")
            == "unavailable"
        )
    )
    (card,) = _cards(driver, "#tweet")
    assert _ids([card]) == [tweet.id]
    assert card.find_element(By.CLASS_NAME, "roost-text").text == (
        f"Embedded with @{people.plain.user.screen_name}"
    )
    author = card.find_element(By.CLASS_NAME, "roost-names")
    assert author.get_attribute("href") == f"{site.url}/{name}"  # links lead back to Roost
    assert "Embed Author" in author.text
    assert "about to be deleted" in driver.find_element(By.ID, "gone").text  # the fallback
    assert _ids(_cards(driver, "#timeline")) == list(reversed(ids))
    assert "Embedded Collection" in driver.find_element(By.ID, "timeline").text
    assert driver.execute_script("return window.rendered") == 2  # twttr.events as Twitter's
    styles = driver.execute_script(
        "return getComputedStyle(document.querySelector('#tweet article')).borderTopStyle"
    )
    assert styles == "solid"  # Roost's stylesheet reached the other origin's page
    screenshot(driver, "embed")
