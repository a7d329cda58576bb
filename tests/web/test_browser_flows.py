"""The sign-in, developer portal and OAuth consent pages in a real browser (issue 10, item 7):
Debian's headless Chromium driven by Selenium through chromium-driver, typing into the forms and
clicking their buttons as a person would. A developer signs in, creates a Project and an App,
copies its keys into tweepy, which posts; tweepy's OAuth 1.0a (callback and PIN) and OAuth 2.0
PKCE handlers get their authorization URLs approved and cancelled in the browser, which lands on
a client's own callback page (a small local HTTP server). Every page visited leaves a screenshot
under ``artifacts/browser/flow-*.png`` (ROOST_TEST_ARTIFACTS overrides).

``make test`` installs chromium and chromium-driver when they are missing (as root) and sets
ROOST_REQUIRE_BROWSER, so there these tests fail rather than skip without a browser.
"""

from __future__ import annotations

import html
import http.server
import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import tweepy
from requests_oauthlib import OAuth1Session

from roost.domain.model import App, User
from roost.services import apps, sessions, users
from tests.support.browser import WAIT, driver, screenshot
from tests.support.cast import unique_name
from tests.support.clients import TwitterToRoost, oauth2_user_handler, tweepy_api, tweepy_client
from tests.support.server import LiveServer

__all__ = ["driver"]  # the fixture, shared with the other browser tests

PASSWORD = "correct horse battery"
PORTAL = "/en/portal"
MANAGE = ["tweet.read", "tweet.write", "users.read", "offline.access"]
SHOWN_ONCE = ("consumer_key", "consumer_secret", "bearer_token", "client_id", "client_secret")
_serial = itertools.count(1)


# ----------------------------------------------------------------------------------- set-up
@pytest.fixture(scope="module")
def site(server_factory: Any) -> LiveServer:
    """A Roost of its own (SQLite) for the browser."""
    server: LiveServer = server_factory("sqlite")
    return server


@dataclass
class ClientSite:
    """A client's own web server (another origin) that OAuth callbacks land on: it records
    every path+query the browser asked for and answers with a small page."""

    origin: str
    hits: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.origin + path


@pytest.fixture(scope="module")
def client_site() -> Iterator[ClientSite]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CallbackHandler)
    site = ClientSite(f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.client_site = site  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield site
    httpd.shutdown()
    httpd.server_close()


class _CallbackHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.client_site.hits.append(self.path)  # type: ignore[attr-defined]
        if self.path.startswith("/favicon"):
            self.send_error(404)
            return
        query = "".join(
            f"<li><code>{html.escape(k)}</code> = <code>{html.escape(v)}</code></li>"
            for k, v in parse_qsl(urlsplit(self.path).query, keep_blank_values=True)
        )
        body = (
            "<!doctype html><html><head><meta charset='utf-8'><title>Client callback</title>"
            "</head><body><h1>Back at the client</h1>"
            f"<p id='path'>{html.escape(urlsplit(self.path).path)}</p><ul>{query}</ul>"
            "</body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def routed(site: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """tweepy's OAuth1UserHandler builds requests-oauthlib sessions for https://api.twitter.com
    (a new one for the access token): each one sends to the test server after signing."""
    base = site.url

    class ToRoost(OAuth1Session):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.mount("https://api.twitter.com", TwitterToRoost(base))

    monkeypatch.setattr(tweepy.auth, "OAuth1Session", ToRoost)


def person(site: LiveServer, prefix: str = "brflow", name: str = "Browser Person") -> User:
    """An account that signs in with PASSWORD."""
    return users.create_user(site.runtime, unique_name(prefix), password=PASSWORD, name=name)


def bearer_of(site: LiveServer, app: App) -> str:
    """The App's app-only Bearer Token (what POST oauth2/token gives)."""
    return apps.issue_bearer_token(site.runtime, app).token


def client_app(site: LiveServer, *callbacks: str, client_type: str = "confidential") -> App:
    """A client's App (Read and write) with these callback URLs."""
    app, _ = apps.create_app(
        site.runtime,
        f"Browser Client {next(_serial)}",
        website="https://client.example/",
        callback_urls=callbacks,
        client_type=client_type,
    )
    return app


# ------------------------------------------------------------------------ the browser's side
def by(css: str) -> Callable[[Any], Any]:
    """A wait condition: the first element ``css`` selects, once it is displayed."""
    from selenium.webdriver.common.by import By

    def visible(d: Any) -> Any:
        found = d.find_elements(By.CSS_SELECTOR, css)
        return found[0] if found and found[0].is_displayed() else False

    return visible


def wait_for(driver: Any, css: str) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(by(css), f"no {css} on {driver.current_url}")


def wait_url(driver: Any, test: Callable[[str], bool], what: str) -> str:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT).until(
        lambda d: test(d.current_url), f"never reached {what} (at {driver.current_url})"
    )
    return str(driver.current_url)


def click_and_wait(driver: Any, css: str) -> None:
    """Click the element ``css`` selects and wait until the browser has left this page (its
    element is gone from the document)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    button = wait_for(driver, css)
    button.click()

    def left(_: Any) -> bool:
        try:
            button.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException:
            # Mid-navigation chromedriver can answer "Node with given id does not belong to
            # the document" (not a stale-element error): not there yet, ask again.
            return False
        return False

    WebDriverWait(driver, WAIT).until(left, f"{css} led nowhere")


def type_into(driver: Any, css: str, text: str) -> None:
    box = wait_for(driver, css)
    box.clear()
    box.send_keys(text)


def text_of(driver: Any, css: str) -> str:
    return str(wait_for(driver, css).text)


def present(driver: Any, css: str) -> bool:
    from selenium.webdriver.common.by import By

    return bool(driver.find_elements(By.CSS_SELECTOR, css))


def sign_out(driver: Any, site: LiveServer) -> None:
    """A browser with no session on the site (cookies are per host, so the page comes first)."""
    driver.get(site.url + "/")
    driver.delete_all_cookies()
    assert not driver.get_cookies()


def sign_in_with_session_cookie(driver: Any, site: LiveServer, user: User) -> None:
    """Sign the browser in the way ``roost sessions create`` does: a session cookie."""
    sign_out(driver, site)
    session = sessions.create_session(site.runtime, user.id)
    driver.add_cookie({"name": sessions.SESSION_COOKIE, "value": session.id, "path": "/"})


def fill_sign_in(driver: Any, user: User, password: str = PASSWORD) -> None:
    """Type into the sign-in fields a page shows (the /login form or a consent form)."""
    type_into(driver, "input[name='session[username_or_email]']", user.screen_name)
    type_into(driver, "input[name='session[password]']", password)


def scopes_listed(driver: Any, css: str) -> list[tuple[str, str, str]]:
    """A consent page's list of scopes as a reader sees it: name, title, description."""
    listed = []
    for li in wait_for(driver, css).find_elements("css selector", "li"):
        title = li.find_element("css selector", "strong").text
        assert li.text.startswith(title)
        listed.append((li.get_attribute("data-scope"), title, li.text[len(title) :].strip()))
    return listed


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def on_site(site: LiveServer, url: str) -> str:
    """A client's authorization URL (twitter.com's or api.twitter.com's) on the test server."""
    parts = urlsplit(url)
    assert parts.scheme == "https" and parts.netloc in ("api.twitter.com", "twitter.com"), url
    return f"{site.url}{parts.path}?{parts.query}"


def landed(driver: Any, client: ClientSite, callback: str) -> dict[str, str]:
    """Wait for the browser to reach ``callback`` on the client's server; the query it brought,
    checked against what the client's server itself received."""
    url = wait_url(driver, lambda u: u.split("?")[0] == callback, callback)
    wait_for(driver, "h1")
    assert text_of(driver, "h1") == "Back at the client"
    got = urlsplit(url)
    assert f"{got.path}?{got.query}" in client.hits  # the browser really went there
    return query_of(url)


# ------------------------------------------------------------------------ 1. the portal
def test_portal_sign_in_project_app_keys_then_tweepy_posts(driver: Any, site: LiveServer) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    dev = person(site, "brdev", "Portal Developer")
    sign_out(driver, site)

    # The dashboard sends a signed-out browser to the sign-in page, which comes back to it.
    driver.get(f"{site.url}{PORTAL}/dashboard")
    wait_url(driver, lambda u: urlsplit(u).path == "/login", "the sign-in page")
    form = wait_for(driver, "#login-form")
    assert text_of(driver, "h1") == "Sign in to Roost"
    assert driver.title == "Sign in to Roost"
    assert form.find_element(By.ID, "signin").text == "Sign in"
    assert query_of(driver.current_url) == {"redirect_after_login": f"{PORTAL}/dashboard"}
    fill_sign_in(driver, dev)
    screenshot(driver, "flow-login")
    click_and_wait(driver, "#signin")

    wait_url(driver, lambda u: urlsplit(u).path == f"{PORTAL}/dashboard", "the dashboard")
    assert text_of(driver, "h1") == "Projects & Apps"
    assert text_of(driver, ".roost-viewer") == f"@{dev.screen_name}"  # signed in
    assert "You have no Projects yet." in text_of(driver, ".roost-portal")
    cookie = driver.get_cookie(sessions.SESSION_COOKIE)
    assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    screenshot(driver, "flow-portal-dashboard")

    # A Project, through its form.
    click_and_wait(driver, "#create-project")
    wait_url(driver, lambda u: urlsplit(u).path == f"{PORTAL}/projects/new", "the Project form")
    wait_for(driver, "#project-form")
    assert text_of(driver, "h1") == "Create a Project"
    project_name = f"Browser Bots {next(_serial)}"
    type_into(driver, "#project_name", project_name)
    Select(wait_for(driver, "#use_case")).select_by_visible_text("Making a bot")
    type_into(driver, "#project_description", "Bots made in Chromium")
    screenshot(driver, "flow-portal-new-project")
    click_and_wait(driver, "#create-project-button")

    project_path = wait_url(
        driver,
        lambda u: urlsplit(u).path.rsplit("/", 1)[-1].isdigit(),
        "the Project's page",
    )
    project_id = int(urlsplit(project_path).path.rsplit("/", 1)[1])
    assert urlsplit(project_path).path == f"{PORTAL}/projects/{project_id}"
    assert text_of(driver, "#project-name") == project_name
    facts = text_of(driver, ".roost-facts")
    assert str(project_id) in facts and "Making a bot" in facts
    assert "Bots made in Chromium" in facts
    assert "This Project has no Apps yet." in text_of(driver, ".roost-portal")
    screenshot(driver, "flow-portal-project")

    # An App in it: its keys are on the answer, once.
    click_and_wait(driver, "#add-app")
    wait_for(driver, "#app-form")
    assert text_of(driver, "h1") == f"Add an App to {project_name}"
    app_name = unique_name("BrApp")
    type_into(driver, "#app_name", app_name)
    screenshot(driver, "flow-portal-new-app")
    click_and_wait(driver, "#create-app")

    wait_for(driver, "#keys-created")
    assert text_of(driver, "h1") == app_name
    assert text_of(driver, "#keys-created h2") == "Here are your keys & tokens"
    keys: dict[str, str] = {}
    for key in SHOWN_ONCE:
        code = wait_for(driver, f"code#{key}")
        keys[key] = code.text
        assert keys[key] and code.get_attribute("data-value") == keys[key], key
    with site.runtime.store.read() as tx:
        app = tx.app_by_client_id(keys["client_id"])
    assert app is not None and app.name == app_name and app.project_id == project_id
    assert (keys["consumer_key"], keys["consumer_secret"]) == (
        app.consumer_key,
        app.consumer_secret,
    )
    assert keys["bearer_token"].startswith("AAAAAAAAAAAAAAAAAAAAA")
    assert not present(driver, "#access_token")  # no Access Token yet
    screenshot(driver, "flow-portal-keys")

    # The Keys and tokens tab: the owner's Access Token and Secret, generated and shown once.
    click_and_wait(driver, "nav.roost-tabs a[href$='/keys']")
    keys_url = wait_url(driver, lambda u: urlsplit(u).path.endswith("/keys"), "the keys page")
    assert urlsplit(keys_url).path == f"{PORTAL}/projects/{project_id}/apps/{app.id}/keys"
    assert text_of(driver, "#no-access-token") == "Not generated yet."
    assert not present(driver, "#consumer_secret")
    button = wait_for(driver, "#regenerate-access-token-button")
    assert button.text == "Generate"
    click_and_wait(driver, "#regenerate-access-token-button")
    wait_for(driver, "#keys-regenerated")
    token = text_of(driver, "code#access_token")
    secret = text_of(driver, "code#access_token_secret")
    assert wait_for(driver, "code#access_token").get_attribute("data-value") == token
    assert token.startswith(f"{dev.id}-") and secret
    assert f"For @{dev.screen_name}, the App's owner." in text_of(driver, "#authentication-tokens")
    assert text_of(driver, "#access-token-permission") == (
        "Created with Read and write permissions."
    )
    screenshot(driver, "flow-portal-access-token")

    # The keys copied from the page into a real tweepy client: it posts as the developer, and
    # the Tweet's source names the App.
    api = tweepy_api(site.hostport, keys["consumer_key"], keys["consumer_secret"], token, secret)
    assert api.verify_credentials().screen_name == dev.screen_name
    status = api.update_status(status=f"Posted with keys copied from Chromium {next(_serial)}")
    assert status.user.id == dev.id
    assert (status.source, status.source_url) == (app_name, "https://github.com/roost")

    # Shown once: the keys page, opened again, never shows a secret again.
    driver.get(keys_url)
    wait_for(driver, "#consumer-keys")
    assert not present(driver, "#keys-created") and not present(driver, "#keys-regenerated")
    for key in ("consumer_key", "consumer_secret", "bearer_token", "access_token"):
        assert not present(driver, f"#{key}"), key
    assert not present(driver, "#access_token_secret") and not present(driver, "#client_secret")
    assert text_of(driver, "#consumer_key_hint") == keys["consumer_key"][:5] + "…"
    assert text_of(driver, "code#client_id") == keys["client_id"]  # not a secret
    source = driver.page_source
    for value in (keys["consumer_secret"], keys["bearer_token"], token, secret):
        assert value not in source
    assert keys["client_secret"] not in source and keys["consumer_key"] not in source
    assert wait_for(driver, "#regenerate-access-token-button").text == "Regenerate"
    screenshot(driver, "flow-portal-keys-later")

    # The dashboard lists the Project and its App.
    driver.get(f"{site.url}{PORTAL}/dashboard")
    card = wait_for(driver, f"#project-{project_id}")
    assert project_name in card.text and app_name in card.text
    assert card.find_element(By.CSS_SELECTOR, f"tr[data-app-id='{app.id}']").is_displayed()
    screenshot(driver, "flow-portal-dashboard-with-app")


# --------------------------------------------------------------------- 2. OAuth 1.0a, approve
def test_oauth1_callback_flow_signs_in_on_the_page_and_allows(
    driver: Any, site: LiveServer, client_site: ClientSite, routed: None
) -> None:
    callback = client_site.url("/twitter/callback")
    app = client_app(site, callback)
    user = person(site, "bro1", "OAuth One Person")
    auth = tweepy.OAuth1UserHandler(app.consumer_key, app.consumer_secret, callback=callback)
    url = auth.get_authorization_url()
    assert url.startswith("https://api.twitter.com/oauth/authorize?oauth_token=")
    assert auth.request_token["oauth_callback_confirmed"] == "true"

    sign_out(driver, site)
    driver.get(on_site(site, url))
    wait_for(driver, "#oauth_form")
    assert text_of(driver, "h1") == f"Authorize {app.name} to access your account?"
    assert text_of(driver, ".roost-oauth-app-name") == app.name
    assert driver.title == f"Authorize {app.name} to access your account?"
    permissions = text_of(driver, ".roost-oauth-permissions")
    assert "Post Tweets for you." in permissions and "See your password." in permissions
    allow = wait_for(driver, "#allow")
    assert allow.get_attribute("value") == "Authorize app"
    assert not present(driver, ".roost-oauth-user")  # signed out: the sign-in fields instead
    fill_sign_in(driver, user)
    screenshot(driver, "flow-oauth1-authorize")
    click_and_wait(driver, "#allow")

    query = landed(driver, client_site, callback)
    assert set(query) == {"oauth_token", "oauth_verifier"}
    assert query["oauth_token"] == auth.request_token["oauth_token"]
    screenshot(driver, "flow-oauth1-callback")

    token, secret = auth.get_access_token(query["oauth_verifier"])
    api = tweepy_api(site.hostport, app.consumer_key, app.consumer_secret, token, secret)
    me = api.verify_credentials()
    assert (me.id, me.screen_name) == (user.id, user.screen_name)
    status = api.update_status(status=f"Authorized in Chromium {next(_serial)}")
    assert status.source == app.name and status.source_url == "https://client.example/"

    # Approving signed the browser in (the cookie came on the redirect to the client).
    driver.get(f"{site.url}{PORTAL}/dashboard")
    assert text_of(driver, ".roost-viewer") == f"@{user.screen_name}"


def test_oauth1_pin_flow_signed_in_shows_the_pin(
    driver: Any, site: LiveServer, routed: None
) -> None:
    app = client_app(site)  # no callback URL: a desktop App
    user = person(site, "brpin", "Pin Person")
    auth = tweepy.OAuth1UserHandler(app.consumer_key, app.consumer_secret, callback="oob")
    url = auth.get_authorization_url()

    # Signed in first through the sign-in page, whose redirect_after_login is the consent page.
    sign_out(driver, site)
    parts = urlsplit(url)
    next_path = f"{parts.path}?{parts.query}"
    driver.get(f"{site.url}/login?" + urlencode({"redirect_after_login": next_path}))
    fill_sign_in(driver, user)
    click_and_wait(driver, "#signin")
    wait_url(driver, lambda u: urlsplit(u).path == "/oauth/authorize", "the consent page")

    wait_for(driver, "#oauth_form")
    assert text_of(driver, ".roost-oauth-user").startswith(
        f"Signed in as {user.name} @{user.screen_name}."
    )
    assert not present(driver, "input[name='session[password]']")  # just the two buttons
    assert wait_for(driver, "#cancel").is_displayed()
    screenshot(driver, "flow-oauth1-authorize-signed-in")
    click_and_wait(driver, "#allow")

    pin = text_of(driver, "#oauth_pin code")
    assert pin.isdigit() and len(pin) == 7
    assert text_of(driver, "h1") == f"You've granted access to {app.name}!"
    assert app.name in text_of(driver, "#code-desc")
    assert urlsplit(driver.current_url).path == "/oauth/authorize"
    screenshot(driver, "flow-oauth1-pin")

    token, secret = auth.get_access_token(pin)
    api = tweepy_api(site.hostport, app.consumer_key, app.consumer_secret, token, secret)
    assert api.verify_credentials().id == user.id


def test_oauth1_not_you_link_signs_in_as_another_account(
    driver: Any, site: LiveServer, routed: None
) -> None:
    app = client_app(site)
    first = person(site, "brme", "Signed In Person")
    other = person(site, "brother", "Other Person")
    auth = tweepy.OAuth1UserHandler(app.consumer_key, app.consumer_secret, callback="oob")
    url = auth.get_authorization_url()
    sign_in_with_session_cookie(driver, site, first)
    driver.get(on_site(site, url))
    assert f"@{first.screen_name}" in text_of(driver, ".roost-oauth-user")
    link = wait_for(driver, ".roost-oauth-user a")
    assert link.text == "Not you? Use another account"
    click_and_wait(driver, ".roost-oauth-user a")
    assert query_of(driver.current_url)["force_login"] == "true"
    assert not present(driver, ".roost-oauth-user")  # the sign-in fields again
    fill_sign_in(driver, other)
    screenshot(driver, "flow-oauth1-another-account")
    click_and_wait(driver, "#allow")
    token, secret = auth.get_access_token(text_of(driver, "#oauth_pin code"))
    api = tweepy_api(site.hostport, app.consumer_key, app.consumer_secret, token, secret)
    assert api.verify_credentials().id == other.id  # the account signed in on the page
    driver.get(f"{site.url}{PORTAL}/dashboard")
    assert text_of(driver, ".roost-viewer") == f"@{other.screen_name}"  # the browser's now


# ---------------------------------------------------------------------- 3. OAuth 1.0a, cancel
def test_oauth1_cancel_goes_back_with_denied(
    driver: Any, site: LiveServer, client_site: ClientSite, routed: None
) -> None:
    callback = client_site.url("/twitter/callback")
    app = client_app(site, callback)
    auth = tweepy.OAuth1UserHandler(app.consumer_key, app.consumer_secret, callback=callback)
    url = auth.get_authorization_url()

    sign_out(driver, site)
    driver.get(on_site(site, url))
    wait_for(driver, "#oauth_form")
    assert text_of(driver, ".roost-oauth-app-name") == app.name
    # The sign-in fields are required, yet Cancel submits with them empty (formnovalidate).
    assert wait_for(driver, "#password").get_attribute("required") is not None
    click_and_wait(driver, "#cancel")

    query = landed(driver, client_site, callback)
    assert query == {"denied": auth.request_token["oauth_token"]}
    screenshot(driver, "flow-oauth1-cancelled")

    # The request token is spent: the page now says so, and no access token comes of it.
    driver.get(on_site(site, url))
    assert text_of(driver, "h1") == "Whoa there!"
    assert "The request token for this page is invalid." in text_of(driver, "#oauth_invalid")
    screenshot(driver, "flow-oauth1-spent")
    with pytest.raises(tweepy.TweepyException, match="Invalid request token"):
        auth.get_access_token("whatever")
    assert not driver.get_cookies()  # cancelling signed no one in


def test_oauth1_cancel_in_the_pin_flow(driver: Any, site: LiveServer, routed: None) -> None:
    app = client_app(site)
    auth = tweepy.OAuth1UserHandler(app.consumer_key, app.consumer_secret, callback="oob")
    url = auth.get_authorization_url()
    sign_out(driver, site)
    driver.get(on_site(site, url))
    click_and_wait(driver, "#cancel")
    assert text_of(driver, "h1") == f"You have not authorized {app.name}."
    assert "was not granted access to your account" in text_of(driver, "#oauth_denied")
    assert not present(driver, "#oauth_pin")
    screenshot(driver, "flow-oauth1-cancelled-pin")


# ------------------------------------------------------------------- 4. OAuth 2.0, approve
@pytest.mark.parametrize("signed_in_by", ["page", "cookie"])
def test_oauth2_pkce_consent_allow_then_client_tweets(
    driver: Any, site: LiveServer, client_site: ClientSite, signed_in_by: str
) -> None:
    redirect = client_site.url("/oauth2/callback")
    app = client_app(site, redirect)
    user = person(site, "bro2", "OAuth Two Person")
    handler = oauth2_user_handler(
        site.url, app.client_id, redirect, MANAGE, client_secret=app.client_secret
    )
    url = handler.get_authorization_url()
    assert url.startswith("https://twitter.com/i/oauth2/authorize?")
    state = query_of(url)["state"]

    if signed_in_by == "cookie":
        sign_in_with_session_cookie(driver, site, user)
    else:
        sign_out(driver, site)
    driver.get(on_site(site, url))
    form = wait_for(driver, "#oauth2_authorize_form")
    assert text_of(driver, "h1") == f"{app.name} wants to access your Roost account."
    assert text_of(driver, ".roost-app-name") == app.name
    assert text_of(driver, ".roost-app-website") == "https://client.example/"
    assert driver.title == f"Authorize {app.name} to access your account - Roost"
    # What the App could see, and what it could do: each scope's title and Twitter's words.
    assert scopes_listed(driver, "#scopes_view") == [
        (
            "tweet.read",
            "Read Tweets",
            "All the Tweets you can view, including Tweets from protected accounts.",
        ),
        ("users.read", "Read profiles", "Any account you can view, including protected accounts."),
        (
            "offline.access",
            "Stay connected",
            "Stay connected to your account until you revoke access.",
        ),
    ]
    assert scopes_listed(driver, "#scopes_do") == [
        ("tweet.write", "Post Tweets", "Tweet and Retweet for you.")
    ]
    if signed_in_by == "cookie":
        assert text_of(driver, "#signed_in_as") == (
            f"You are signed in as {user.name} @{user.screen_name}."
        )
        assert not present(driver, "input[name='session[password]']")
        screenshot(driver, "flow-oauth2-consent-signed-in")
    else:
        assert not present(driver, "#signed_in_as")
        fill_sign_in(driver, user)
        screenshot(driver, "flow-oauth2-consent")
    assert form.find_element("css selector", "#allow").text == "Authorize app"
    click_and_wait(driver, "#allow")

    query = landed(driver, client_site, redirect)
    assert set(query) == {"state", "code"} and query["state"] == state
    screenshot(driver, f"flow-oauth2-callback-{signed_in_by}")

    # tweepy (oauthlib) takes only an https authorization response.
    response = driver.current_url.replace("http://", "https://", 1)
    token = handler.fetch_token(response)
    assert token["token_type"] == "bearer" and set(token["scope"]) == set(MANAGE)
    client = tweepy_client(site.url, bearer=token["access_token"])
    text = f"Tweeted after consenting in Chromium {next(_serial)}"
    created = client.create_tweet(text=text, user_auth=False).data
    assert created["text"] == text
    # Read back app-only (Roost's v2 has no GET for Tweets): the user's, the App's source.
    reader = tweepy_api(site.hostport, "", "", bearer=bearer_of(site, app))
    shown = reader.get_status(int(created["id"]))
    assert (shown.user.id, shown.text) == (user.id, text)
    assert (shown.source, shown.source_url) == (app.name, "https://client.example/")

    # Signed in now either way: the site's pages name the user.
    driver.get(f"{site.url}{PORTAL}/dashboard")
    assert text_of(driver, ".roost-viewer") == f"@{user.screen_name}"


# -------------------------------------------------------------------- 5. OAuth 2.0, cancel
def test_oauth2_cancel_goes_back_with_access_denied(
    driver: Any, site: LiveServer, client_site: ClientSite
) -> None:
    redirect = client_site.url("/oauth2/callback")
    app = client_app(site, redirect, client_type="public")
    handler = oauth2_user_handler(site.url, app.client_id, redirect, ["tweet.read", "users.read"])
    url = handler.get_authorization_url()
    state = query_of(url)["state"]

    sign_out(driver, site)
    driver.get(on_site(site, url))
    wait_for(driver, "#oauth2_authorize_form")
    assert text_of(driver, ".roost-app-name") == app.name
    assert not present(driver, "#scopes_do")  # read-only scopes: nothing it could do
    # Cancel needs no username or password (the fields are required for Allow only).
    assert wait_for(driver, "#username_or_email").get_attribute("required") is not None
    screenshot(driver, "flow-oauth2-consent-before-cancel")
    click_and_wait(driver, "#cancel")

    url_now = wait_url(driver, lambda u: u.startswith(redirect + "?"), redirect)
    assert url_now == f"{redirect}?error=access_denied&state={state}"
    assert landed(driver, client_site, redirect) == {"error": "access_denied", "state": state}
    screenshot(driver, "flow-oauth2-cancelled")
    assert not driver.get_cookies()  # cancelling signed no one in


# ------------------------------------------------------------------------- a known defect
def test_consent_pages_header_names_the_signed_in_user(
    driver: Any, site: LiveServer, client_site: ClientSite
) -> None:
    user = person(site, "brhead", "Header Person")
    redirect = client_site.url("/oauth2/callback")
    app = client_app(site, redirect)
    handler = oauth2_user_handler(site.url, app.client_id, redirect, ["tweet.read", "users.read"])
    sign_in_with_session_cookie(driver, site, user)
    driver.get(on_site(site, handler.get_authorization_url()))
    assert f"@{user.screen_name}" in text_of(driver, "#signed_in_as")  # the page knows
    nav = text_of(driver, ".roost-nav")
    assert "Sign in" not in nav and f"@{user.screen_name}" in nav  # the header does not
