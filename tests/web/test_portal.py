"""The developer portal and the profile settings page over real HTTP, on both stores, driven
through their HTML forms as a browser without JavaScript would: Projects, Apps, App settings,
keys and tokens shown once and regenerable (the old ones refused at once), and the settings
``account/settings`` reads and writes."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import pytest
import requests
import tweepy

from roost.domain.model import App, User
from roost.services import apps, sessions, users
from tests.support.cast import Cast, unique_name
from tests.support.clients import signed_session, tweepy_api
from tests.support.forms import element_ids, form_with_id, forms_of, submit
from tests.support.server import LiveServer
from tests.support.streams import RawStream

BROWSER = {"accept": "text/html"}
PORTAL = "/en/portal"
SECRET_IDS = (
    "consumer_key",
    "consumer_secret",
    "bearer_token",
    "access_token",
    "access_token_secret",
    "client_id",
    "client_secret",
)


@dataclass
class Developer:
    """A signed-in browser and its account."""

    web: requests.Session
    user: User
    server: LiveServer

    def get(self, path: str, status: int = 200) -> requests.Response:
        r = self.web.get(self.server.url + path, headers=BROWSER, allow_redirects=False)
        assert r.status_code == status, (path, r.status_code, r.text[:400])
        return r

    def press(
        self, page: requests.Response, form_id: str, status: int = 200, **values: str
    ) -> requests.Response:
        """Submit the form with this id, ``values`` typed in."""
        r = submit(self.web, page, form_with_id(page.text, form_id), **values)
        assert r.status_code == status, (form_id, r.status_code, r.text[:600])
        return r


def developer(server: LiveServer, prefix: str = "dev") -> Developer:
    user = users.create_user(server.runtime, unique_name(prefix))
    session = sessions.create_session(server.runtime, user.id)
    web = requests.Session()
    web.cookies.set(sessions.SESSION_COOKIE, session.id)
    return Developer(web, user, server)


def shown(page: requests.Response) -> dict[str, str]:
    """The credentials a page shows in full, by their stable element ids."""
    found = element_ids(page.text)
    return {i: found[i]["data-value"] for i in SECRET_IDS if i in found}


def new_project(dev: Developer, name: str = "My Project") -> int:
    page = dev.get(f"{PORTAL}/projects/new")
    r = dev.press(page, "project-form", 303, name=name, use_case="Making a bot")
    location = r.headers["location"]
    assert location.startswith(f"{PORTAL}/projects/")
    return int(location.rsplit("/", 1)[1])


def new_app(dev: Developer, project_id: int, name: str | None = None) -> tuple[App, dict[str, str]]:
    page = dev.get(f"{PORTAL}/projects/{project_id}/apps/new")
    r = dev.press(page, "app-form", name=name or unique_name("App"))
    assert "Here are your keys &amp; tokens" in r.text
    keys = shown(r)
    with dev.server.runtime.store.read() as tx:
        app = tx.app_by_client_id(keys["client_id"])
    assert app is not None
    return app, keys


def keys_path(app: App) -> str:
    return f"{PORTAL}/projects/{app.project_id}/apps/{app.id}/keys"


def settings_path(app: App) -> str:
    return f"{PORTAL}/projects/{app.project_id}/apps/{app.id}/settings"


def stored(server: LiveServer, app: App) -> App:
    with server.runtime.store.read() as tx:
        found = tx.app_by_id(app.id)
    assert found is not None
    return found


def regenerate(dev: Developer, app: App, form_id: str) -> dict[str, str]:
    """Press one button of the Keys and tokens page; the credentials its answer shows."""
    return shown(dev.press(dev.get(keys_path(app)), form_id))


def api_codes(error: tweepy.TweepyException) -> list[int]:
    return list(getattr(error, "api_codes", []))


# ------------------------------------------------------------------ the whole path, once
def test_a_project_an_app_its_keys_once_and_the_source_label(server: LiveServer) -> None:
    dev = developer(server)
    project_id = new_project(dev, "Bots of mine")
    project = dev.get(f"{PORTAL}/projects/{project_id}")
    assert "Bots of mine" in project.text and "no Apps yet" in project.text
    name = unique_name("Poster")
    app, keys = new_app(dev, project_id, name)
    assert set(keys) == {"consumer_key", "consumer_secret", "bearer_token", "client_id"} | {
        "client_secret"
    }
    assert keys["consumer_key"] == app.consumer_key and keys["client_secret"] == app.client_secret
    assert app.project_id == project_id and app.owner_id == dev.user.id
    dashboard = dev.get(f"{PORTAL}/dashboard")
    assert "Bots of mine" in dashboard.text and name in dashboard.text

    token = regenerate(dev, app, "regenerate-access-token")
    assert set(token) == {"access_token", "access_token_secret", "client_id"}
    assert token["access_token"].startswith(f"{dev.user.id}-")
    api = tweepy_api(
        server.hostport,
        keys["consumer_key"],
        keys["consumer_secret"],
        token["access_token"],
        token["access_token_secret"],
    )
    first = api.update_status(status="from the portal")
    assert first.source == name and first.source_url == "https://github.com/roost"

    settings = dev.get(settings_path(app))
    renamed = unique_name("Renamed")
    r = dev.press(
        settings, "app-details-form", 303, name=renamed, website="https://bots.example/home"
    )
    assert r.headers["location"] == settings_path(app) + "?saved=details"
    second = api.update_status(status="renamed at once")
    assert second.source == renamed and second.source_url == "https://bots.example/home"

    # Shown once: the Keys and tokens page never shows a secret again.
    later = dev.get(keys_path(app))
    for value in (*keys.values(), *token.values()):
        if value != app.client_id:  # the Client ID is not a secret: always shown
            assert value not in later.text
    assert shown(later) == {"client_id": app.client_id}
    assert later.headers["cache-control"] == "no-store"
    assert "Created with Read and write permissions" in later.text


def test_signing_in_through_the_form_comes_back_to_the_portal(server: LiveServer) -> None:
    name = users.create_user(server.runtime, unique_name("pw"), password="pass word").screen_name
    web = requests.Session()
    r = web.get(server.url + f"{PORTAL}/dashboard", headers=BROWSER, allow_redirects=False)
    assert r.status_code == 302
    assert r.headers["location"] == "/login?redirect_after_login=" + quote(
        f"{PORTAL}/dashboard", safe=""
    )
    login = web.get(server.url + r.headers["location"], headers=BROWSER)
    signed = submit(
        web,
        login,
        form_with_id(login.text, "login-form"),
        **{"session[username_or_email]": name, "session[password]": "pass word"},
    )
    assert signed.status_code == 302 and signed.headers["location"] == f"{PORTAL}/dashboard"
    page = web.get(server.url + signed.headers["location"], headers=BROWSER)
    assert page.status_code == 200 and "Projects &amp; Apps" in page.text
    assert f"@{name}" in page.text and "logout-form" in element_ids(page.text)


# -------------------------------------------------------------------- regeneration revokes
def test_regenerated_consumer_keys_refuse_the_old_pair_at_once(server: LiveServer) -> None:
    dev = developer(server)
    app, keys = new_app(dev, new_project(dev))
    token = regenerate(dev, app, "regenerate-access-token")
    old = tweepy_api(
        server.hostport,
        keys["consumer_key"],
        keys["consumer_secret"],
        token["access_token"],
        token["access_token_secret"],
    )
    assert old.verify_credentials().id == dev.user.id  # cached by this process now
    new = regenerate(dev, app, "regenerate-consumer-keys")
    assert set(new) == {"consumer_key", "consumer_secret", "client_id"}
    assert new["consumer_key"] != keys["consumer_key"]
    with pytest.raises(tweepy.Unauthorized) as refused:
        old.verify_credentials()
    assert api_codes(refused.value) == [32]
    # The owner's access token survives (a credential of its own), with the new pair.
    fresh = tweepy_api(
        server.hostport,
        new["consumer_key"],
        new["consumer_secret"],
        token["access_token"],
        token["access_token_secret"],
    )
    assert fresh.verify_credentials().id == dev.user.id
    assert stored(server, app).consumer_key == new["consumer_key"]


def test_deleting_an_app_stops_its_credentials_and_then_its_project(server: LiveServer) -> None:
    dev = developer(server)
    project_id = new_project(dev)
    app, keys = new_app(dev, project_id)
    token = regenerate(dev, app, "regenerate-access-token")
    user_api = tweepy_api(
        server.hostport,
        keys["consumer_key"],
        keys["consumer_secret"],
        token["access_token"],
        token["access_token_secret"],
    )
    app_api = tweepy_api(server.hostport, "", "", bearer=keys["bearer_token"])
    assert user_api.update_status(f"before the App goes {unique_name('d')}").source == app.name
    assert app_api.get_user(screen_name=dev.user.screen_name).id == dev.user.id
    # A non-empty Project cannot be deleted; it offers no button and refuses the POST.
    page = dev.get(f"{PORTAL}/projects/{project_id}")
    assert "delete-project" not in element_ids(page.text)
    r = dev.web.post(
        f"{server.url}{PORTAL}/projects/{project_id}/delete",
        data={"authenticity_token": dev_csrf(dev)},
        allow_redirects=False,
    )
    assert r.status_code == 400 and "move them to another Project" in r.text
    gone = dev.press(dev.get(settings_path(app)), "delete-app", 303)
    assert gone.headers["location"] == f"{PORTAL}/projects/{project_id}"
    with server.runtime.store.read() as tx:
        assert tx.app_by_id(app.id) is None
    with pytest.raises(tweepy.Unauthorized) as refused:
        user_api.verify_credentials()
    assert api_codes(refused.value) == [32]
    with pytest.raises(tweepy.Unauthorized):
        app_api.get_user(screen_name=dev.user.screen_name)
    dev.get(settings_path(app), 404)
    # Now empty, the Project goes too.
    done = dev.press(dev.get(f"{PORTAL}/projects/{project_id}"), "delete-project", 303)
    assert done.headers["location"] == f"{PORTAL}/dashboard"
    dev.get(f"{PORTAL}/projects/{project_id}", 404)


def test_a_keys_form_sent_again_changes_nothing(server: LiveServer) -> None:
    """Reloading the answer to Generate re-posts its form: the token just copied survives."""
    dev = developer(server)
    app, keys = new_app(dev, new_project(dev))
    page = dev.get(keys_path(app))
    form = form_with_id(page.text, "regenerate-access-token")
    first = submit(dev.web, page, form)
    assert first.status_code == 200
    token = shown(first)
    again = submit(dev.web, page, form)  # the same fields: what a reload sends
    assert again.status_code == 409 and "keys-resent" in element_ids(again.text)
    assert "access_token" not in shown(again)
    api = tweepy_api(
        server.hostport,
        keys["consumer_key"],
        keys["consumer_secret"],
        token["access_token"],
        token["access_token_secret"],
    )
    assert api.verify_credentials().id == dev.user.id
    # The page as it is now carries the new state: its buttons work.
    assert "access_token" in regenerate(dev, app, "regenerate-access-token")


def dev_csrf(dev: Developer) -> str:
    """The session's CSRF token, as every form of the portal carries it."""
    page = dev.get(f"{PORTAL}/projects/new")
    return form_with_id(page.text, "project-form").fields["authenticity_token"]


def test_a_regenerated_bearer_token_refuses_the_old_one_at_once(server: LiveServer) -> None:
    dev = developer(server)
    app, keys = new_app(dev, new_project(dev))
    old = tweepy_api(server.hostport, "", "", bearer=keys["bearer_token"])
    assert old.get_user(screen_name=dev.user.screen_name).id == dev.user.id
    new = regenerate(dev, app, "regenerate-bearer-token")["bearer_token"]
    assert new != keys["bearer_token"] and new.startswith("AAAAAAAAAAAAAAAAAAAAA")
    with pytest.raises(tweepy.Unauthorized) as refused:
        old.get_user(screen_name=dev.user.screen_name)
    assert api_codes(refused.value) == [89]
    fresh = tweepy_api(server.hostport, "", "", bearer=new)
    assert fresh.get_user(screen_name=dev.user.screen_name).id == dev.user.id
    # Revoke: no Bearer Token at all until one is generated.
    page = dev.press(dev.get(keys_path(app)), "revoke-bearer-token")
    assert "no-bearer-token" in element_ids(page.text) and shown(page) == {
        "client_id": app.client_id
    }
    with pytest.raises(tweepy.Unauthorized):
        fresh.get_user(screen_name=dev.user.screen_name)


def test_a_regenerated_access_token_refuses_the_old_one_and_ends_its_streams(
    server: LiveServer,
) -> None:
    dev = developer(server)
    app, keys = new_app(dev, new_project(dev))
    first = regenerate(dev, app, "regenerate-access-token")
    old = tweepy_api(
        server.hostport,
        keys["consumer_key"],
        keys["consumer_secret"],
        first["access_token"],
        first["access_token_secret"],
    )
    assert old.verify_credentials().id == dev.user.id
    stream = RawStream(
        signed_session(
            keys["consumer_key"],
            keys["consumer_secret"],
            first["access_token"],
            first["access_token_secret"],
        ),
        server.url,
        {"track": unique_name("word")},
    )
    try:
        assert stream.status == 200
        second = regenerate(dev, app, "regenerate-access-token")
        assert second["access_token"] != first["access_token"]
        messages = stream.wait_messages(lambda msgs: any("disconnect" in m for m in msgs))
        assert messages[-1]["disconnect"]["code"] == 6
    finally:
        stream.close()
    with pytest.raises(tweepy.Unauthorized) as refused:
        old.verify_credentials()
    assert api_codes(refused.value) == [89]
    # Revoking leaves no token for the owner.
    page = dev.press(dev.get(keys_path(app)), "revoke-access-token")
    assert "no-access-token" in element_ids(page.text)
    with server.runtime.store.read() as tx:
        assert tx.access_token_for(app.id, dev.user.id) is None


# ---------------------------------------------------------- permissions and OAuth 2.0 settings
def auth_settings(dev: Developer, app: App, status: int = 303, **values: str) -> requests.Response:
    return dev.press(dev.get(settings_path(app)), "auth-settings-form", status, **values)


def test_permissions_apply_to_tokens_made_afterwards(server: LiveServer) -> None:
    dev = developer(server)
    app, keys = new_app(dev, new_project(dev))
    auth_settings(dev, app, permission="read")
    assert stored(server, app).permission.value == "read"
    token = regenerate(dev, app, "regenerate-access-token")
    reader = tweepy_api(
        server.hostport,
        keys["consumer_key"],
        keys["consumer_secret"],
        token["access_token"],
        token["access_token_secret"],
    )
    assert reader.verify_credentials().id == dev.user.id
    with pytest.raises(tweepy.Unauthorized) as refused:
        reader.update_status(status="a read-only token cannot post")
    assert api_codes(refused.value) == [261]
    # Back to Read and write: the Read token keeps its own permission until regenerated.
    auth_settings(dev, app, permission="read-write")
    page = dev.get(keys_path(app))
    assert "Created with Read permissions" in page.text
    assert "access-token-stale" in element_ids(page.text)
    with pytest.raises(tweepy.Unauthorized):
        reader.update_status(status="still read-only")
    again = regenerate(dev, app, "regenerate-access-token")
    writer = tweepy_api(
        server.hostport,
        keys["consumer_key"],
        keys["consumer_secret"],
        again["access_token"],
        again["access_token_secret"],
    )
    assert writer.update_status(status="now it can").user.id == dev.user.id
    # The settings page shows the stored choice.
    checked = forms_of(dev.get(settings_path(app)).text)
    (auth,) = [f for f in checked if f.attrs.get("id") == "auth-settings-form"]
    assert (
        auth.fields["permission"] == "read-write" and auth.fields["client_type"] == "confidential"
    )


def test_client_type_oauth2_and_callback_urls(server: LiveServer) -> None:
    dev = developer(server)
    app, keys = new_app(dev, new_project(dev))
    auth_settings(
        dev,
        app,
        client_type="public",
        callback_urls="https://bots.example/cb\r\nmyapp://\r\noob\r\nhttps://bots.example/cb\r\n",
    )
    now = stored(server, app)
    assert now.client_type == "public" and now.client_secret is None
    assert now.callback_urls == ("https://bots.example/cb", "myapp://")
    page = dev.get(keys_path(app))
    assert "public-client" in element_ids(page.text)
    assert "regenerate-client-secret" not in element_ids(page.text)
    # Confidential again: a new secret, shown once on the answer.
    r = auth_settings(dev, app, 200, client_type="confidential")
    secret = shown(r)["client_secret"]
    assert secret != keys["client_secret"] and stored(server, app).client_secret == secret
    assert secret not in dev.get(keys_path(app)).text
    regenerated = regenerate(dev, app, "regenerate-client-secret")["client_secret"]
    assert regenerated != secret and stored(server, app).client_secret == regenerated
    assert stored(server, app).client_id == keys["client_id"]  # the Client ID stays
    # OAuth 2.0 off: the checkbox left unticked.
    settings = dev.get(settings_path(app))
    form = form_with_id(settings.text, "auth-settings-form")
    form.fields.pop("oauth2_enabled")
    assert submit(dev.web, settings, form).status_code == 303
    assert stored(server, app).oauth2_enabled is False
    assert "oauth2-off" in element_ids(dev.get(keys_path(app)).text)


def test_a_regenerated_client_secret_is_refused_by_the_token_endpoints(
    server: LiveServer,
) -> None:
    dev = developer(server)
    app, keys = new_app(dev, new_project(dev))

    def revoke(secret: str) -> int:
        # POST /2/oauth2/revoke authenticates a confidential client before anything else
        # (an unknown token is not an error, RFC 7009 2.2).
        r = requests.post(
            server.url + "/2/oauth2/revoke",
            data={"token": "no-such-token", "client_id": keys["client_id"]},
            auth=(keys["client_id"], secret),
            timeout=10,
        )
        return r.status_code

    assert revoke(keys["client_secret"]) == 200  # the App is in this process's cache now
    new = regenerate(dev, app, "regenerate-client-secret")["client_secret"]
    assert revoke(keys["client_secret"]) == 401
    assert revoke(new) == 200


@pytest.mark.parametrize(
    "callback_urls",
    [
        "https://bots.example/cb?x=1",
        "javascript://alert(1)",
        "not a url",
        "https:///nohost",
        "\n".join(f"https://bots.example/{n}" for n in range(11)),
    ],
)
def test_bad_callback_urls_change_nothing(server: LiveServer, callback_urls: str) -> None:
    dev = developer(server)
    app, _ = new_app(dev, new_project(dev))
    r = auth_settings(dev, app, 400, callback_urls=callback_urls, permission="read")
    assert "roost-error" in r.text
    assert stored(server, app) == app


def test_app_details_are_checked(server: LiveServer) -> None:
    dev = developer(server)
    project_id = new_project(dev)
    app, _ = new_app(dev, project_id)
    other, _ = new_app(dev, project_id)
    settings = dev.get(settings_path(app))
    for name, website in [
        ("x" * 33, ""),
        (other.name, ""),  # App names are unique, as Twitter's were
        ("", ""),
        ("Fine", "ftp://bots.example/"),
        ("Fine", "javascript:alert(1)"),
    ]:
        r = dev.press(settings, "app-details-form", 400, name=name, website=website)
        assert "roost-error" in r.text
    assert stored(server, app) == app
    taken = dev.get(f"{PORTAL}/projects/{project_id}/apps/new")
    assert "already taken" in dev.press(taken, "app-form", 400, name=other.name).text


# ------------------------------------------------------------- owners, CSRF and signed out
def test_someone_elses_projects_and_apps_are_not_found(server: LiveServer) -> None:
    owner = developer(server, "own")
    project_id = new_project(owner, "Secret Project")
    app, keys = new_app(owner, project_id)
    stranger = developer(server, "str")
    for path in (
        f"{PORTAL}/projects/{project_id}",
        f"{PORTAL}/projects/{project_id}/apps/new",
        settings_path(app),
        keys_path(app),
        f"{PORTAL}/apps/{app.id}/keys",
        f"{PORTAL}/projects/{project_id}/apps/{app.id + 1}/keys",
    ):
        r = stranger.get(path, 404)
        assert "Secret Project" not in r.text and app.name not in r.text
    assert "Secret Project" not in stranger.get(f"{PORTAL}/dashboard").text
    # The stranger's own, valid CSRF token does not help.
    own_keys = stranger.get(f"{PORTAL}/projects/new")
    csrf = form_with_id(own_keys.text, "project-form").fields["authenticity_token"]
    for path, data in (
        (keys_path(app), {"action": "regenerate_consumer_keys"}),
        (settings_path(app), {"action": "details", "name": "Stolen", "website": ""}),
        (f"{PORTAL}/projects/{project_id}/apps/new", {"action": "create", "name": "Intruder"}),
    ):
        r = stranger.web.post(
            server.url + path,
            data={**data, "authenticity_token": csrf},
            headers=BROWSER,
            allow_redirects=False,
        )
        assert r.status_code == 404, path
    assert stored(server, app) == app
    # Nor can the stranger take the App into a Project of theirs.
    mine = new_project(stranger)
    r = stranger.web.post(
        server.url + f"{PORTAL}/projects/{mine}/apps/new",
        data={"action": "add_existing", "app_id": str(app.id), "authenticity_token": csrf},
        allow_redirects=False,
    )
    assert r.status_code == 404 and stored(server, app) == app
    # The owner's App under another Project of the owner's is not found either.
    elsewhere = new_project(owner)
    owner.get(f"{PORTAL}/projects/{elsewhere}/apps/{app.id}/settings", 404)
    assert keys["consumer_key"] == stored(server, app).consumer_key


def test_a_post_without_the_session_token_is_refused(server: LiveServer) -> None:
    dev = developer(server)
    project_id = new_project(dev)
    app, _ = new_app(dev, project_id)
    other = developer(server, "oth")
    foreign = form_with_id(other.get(f"{PORTAL}/projects/new").text, "project-form")
    for token in (None, "", foreign.fields["authenticity_token"]):
        for path, data in (
            (keys_path(app), {"action": "regenerate_consumer_keys"}),
            (settings_path(app), {"action": "details", "name": "Forged", "website": ""}),
            (f"{PORTAL}/projects/new", {"name": "Forged", "use_case": "Other"}),
            (f"{PORTAL}/projects/{project_id}/apps/new", {"name": "Forged"}),
            ("/settings/privacy_and_safety", {"action": "save", "protected": "on"}),
        ):
            if token is not None:
                data = {**data, "authenticity_token": token}
            r = dev.web.post(server.url + path, data=data, headers=BROWSER, allow_redirects=False)
            assert r.status_code == 403, (path, token)
            assert "Nothing was changed" in r.text
    assert stored(server, app) == app
    with server.runtime.store.read() as tx:
        assert [p.id for p in tx.projects_of(dev.user.id)] == [project_id]
        assert [a.id for a in tx.apps_of_project(project_id)] == [app.id]
    assert users.reload(server.runtime, dev.user.id).protected is False


def test_signed_out_browsers_go_to_the_sign_in_page(server: LiveServer) -> None:
    dev = developer(server)
    app, _ = new_app(dev, new_project(dev))
    web = requests.Session()
    for path in (
        f"{PORTAL}/dashboard",
        f"{PORTAL}/projects/new",
        keys_path(app),
        "/settings/privacy_and_safety",
    ):
        r = web.get(server.url + path, headers=BROWSER, allow_redirects=False)
        assert r.status_code == 302
        assert r.headers["location"] == "/login?redirect_after_login=" + quote(path, safe="")
    r = web.post(
        server.url + keys_path(app),
        data={"action": "regenerate_consumer_keys"},
        allow_redirects=False,
    )
    assert r.status_code == 302 and r.headers["location"].startswith("/login?")
    assert stored(server, app) == app


def test_standalone_apps_and_adding_them_to_a_project(server: LiveServer) -> None:
    dev = developer(server)
    made, _ = apps.create_app(server.runtime, unique_name("Cli"), owner_id=dev.user.id)
    dashboard = dev.get(f"{PORTAL}/dashboard")
    assert "standalone-apps" in element_ids(dashboard.text) and made.name in dashboard.text
    page = dev.get(f"{PORTAL}/apps/{made.id}/keys")
    assert shown(page) == {"client_id": made.client_id}
    project_id = new_project(dev)
    adding = dev.get(f"{PORTAL}/projects/{project_id}/apps/new")
    r = dev.press(adding, "add-existing-app-form", 303, app_id=str(made.id))
    assert r.headers["location"] == f"{PORTAL}/projects/{project_id}/apps/{made.id}/settings"
    moved = stored(server, made)
    assert moved.project_id == project_id and moved.consumer_key == made.consumer_key
    old_path = dev.get(f"{PORTAL}/apps/{made.id}/settings", 302)
    assert old_path.headers["location"] == settings_path(moved)
    assert made.name in dev.get(f"{PORTAL}/projects/{project_id}").text


def test_new_projects_are_checked(server: LiveServer) -> None:
    dev = developer(server)
    page = dev.get(f"{PORTAL}/projects/new")
    for values in (
        {"name": "", "use_case": "Making a bot"},
        {"name": "x" * 65, "use_case": "Making a bot"},
        {"name": "Fine", "use_case": "Mining crypto"},
        {"name": "Fine", "use_case": "Other", "description": "d" * 501},
    ):
        r = dev.press(page, "project-form", 400, **values)
        assert "roost-error" in r.text
    with server.runtime.store.read() as tx:
        assert tx.projects_of(dev.user.id) == []


# --------------------------------------------------------------------- the settings page
def privacy(member_web: Developer, status: int = 303, **values: str) -> requests.Response:
    page = member_web.get("/settings/privacy_and_safety")
    form = form_with_id(page.text, "privacy-form")
    for box in ("protected", "geo_enabled"):
        form.fields.pop(box, None)  # unticked unless typed in below
    form.fields.update(values)
    r = submit(member_web.web, page, form)
    assert r.status_code == status, r.text[:400]
    return r


def test_the_settings_page_and_account_settings_agree(cast: Cast, server: LiveServer) -> None:
    member = cast.new_member("set")
    session = sessions.create_session(server.runtime, member.id)
    web = requests.Session()
    web.cookies.set(sessions.SESSION_COOKIE, session.id)
    me = Developer(web, member.user, server)
    r = privacy(me, protected="on", geo_enabled="on", allow_media_tagging="following")
    assert r.headers["location"] == "/settings/privacy_and_safety?saved=settings"
    got = member.api.get_settings()
    assert got["protected"] is True and got["geo_enabled"] is True
    assert got["allow_media_tagging"] == "following"
    # Geo on: a status keeps its coordinates.
    located = member.api.update_status(status="here", lat="37.7821", long="-122.4006")
    assert located.coordinates is not None
    # And the other way round: account/settings' change shows on the page.
    member.api.set_settings(protected="false", geo_enabled="false", allow_media_tagging="none")
    page = form_with_id(me.get("/settings/privacy_and_safety").text, "privacy-form")
    assert "protected" not in page.fields and "geo_enabled" not in page.fields
    assert page.fields["allow_media_tagging"] == "none"
    # Geo off from the page: the next status's location is not attached.
    privacy(me, geo_enabled="on", allow_media_tagging="all")
    privacy(me, allow_media_tagging="all")
    dropped = member.api.update_status(status="nowhere", lat="37.7821", long="-122.4006")
    assert dropped.coordinates is None
    assert member.api.get_settings()["geo_enabled"] is False


def test_turning_protection_off_on_the_page_approves_pending_requests(
    cast: Cast, server: LiveServer
) -> None:
    owner = cast.new_member("locked", protected=True)
    fan = cast.new_member("fan")
    fan.api.create_friendship(user_id=owner.id)
    with server.runtime.store.read() as tx:
        assert tx.friendship(fan.id, owner.id).following_requested  # pending
    session = sessions.create_session(server.runtime, owner.id)
    web = requests.Session()
    web.cookies.set(sessions.SESSION_COOKIE, session.id)
    me = Developer(web, owner.user, server)
    assert form_with_id(me.get("/settings/privacy_and_safety").text, "privacy-form").fields[
        "protected"
    ]
    privacy(me, allow_media_tagging="all")
    with server.runtime.store.read() as tx:
        assert tx.friendship(fan.id, owner.id).following
    assert cast.plain.api.get_user(user_id=owner.id).protected is False
    bad = privacy(me, 400, allow_media_tagging="everyone")
    assert "roost-error" in bad.text


def test_twitter_settings_paths_lead_to_the_page(server: LiveServer) -> None:
    dev = developer(server)
    for path, target in (
        ("/settings/audience_and_tagging", "/settings/privacy_and_safety#audience"),
        ("/settings/location_information", "/settings/privacy_and_safety#location"),
        ("/settings", "/settings/privacy_and_safety"),
    ):
        assert dev.get(path, 302).headers["location"] == target
    page = dev.get("/settings/privacy_and_safety")
    ids = element_ids(page.text)
    assert {"audience", "location", "protected", "geo_enabled", "delete-location-form"} <= set(ids)
    r = dev.press(page, "delete-location-form", 303)
    assert r.headers["location"] == "/settings/privacy_and_safety?saved=location"
