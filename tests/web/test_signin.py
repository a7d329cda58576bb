"""Signing in to Roost's pages over real HTTP, on both stores: the form, its CSRF token, the
``auth_token`` cookie, ``roost sessions create`` and signing out."""

from __future__ import annotations

import json
import subprocess
import sys

import requests

from roost.services import users
from tests.support.cast import unique_name
from tests.support.forms import form_with_id, submit
from tests.support.server import LiveServer

BROWSER = {"accept": "text/html"}


def account(server: LiveServer, password: str = "correct horse") -> str:
    return users.create_user(server.runtime, unique_name("web"), password=password).screen_name


def login_form(session: requests.Session, server: LiveServer, next_path: str = "/"):  # noqa: ANN201
    page = session.get(
        f"{server.url}/login", params={"redirect_after_login": next_path}, headers=BROWSER
    )
    assert page.status_code == 200, page.text
    form = form_with_id(page.text, "login-form")
    assert form.action == "/sessions" and form.method == "post"
    assert {"session[username_or_email]", "session[password]", "authenticity_token"} <= set(
        form.fields
    )
    return page, form


def test_signing_in_sets_an_http_only_cookie_without_secure_on_http(server: LiveServer) -> None:
    name = account(server)
    session = requests.Session()
    page, form = login_form(session, server, "/settings/profile")
    r = submit(
        session,
        page,
        form,
        **{"session[username_or_email]": name, "session[password]": "correct horse"},
    )
    assert r.status_code == 302 and r.headers["location"] == "/settings/profile"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("auth_token=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    # Signed in, the sign-in page goes straight on.
    again = session.get(f"{server.url}/login", headers=BROWSER, allow_redirects=False)
    assert again.status_code == 302


def test_a_wrong_password_or_a_missing_token_does_not_sign_in(server: LiveServer) -> None:
    name = account(server)
    session = requests.Session()
    page, form = login_form(session, server)
    wrong = submit(
        session, page, form, **{"session[username_or_email]": name, "session[password]": "nope"}
    )
    assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
    assert "did not match" in wrong.text
    forged = submit(
        session,
        page,
        form,
        authenticity_token="1.forged",
        **{"session[username_or_email]": name, "session[password]": "correct horse"},
    )
    assert forged.status_code == 401 and "set-cookie" not in forged.headers


def test_redirect_after_login_stays_on_the_site(server: LiveServer) -> None:
    name = account(server)
    session = requests.Session()
    page, form = login_form(session, server, "//evil.example/x")
    r = submit(
        session,
        page,
        form,
        **{"session[username_or_email]": "@" + name, "session[password]": "correct horse"},
    )
    assert r.status_code == 302 and r.headers["location"] == "/"


def test_roost_sessions_create_prints_a_cookie_that_signs_in(
    server: LiveServer, tmp_path: object
) -> None:
    name = account(server)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "roost",
            "sessions",
            "create",
            "--screen-name",
            name,
            "--db",
            server.settings.database_url,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    cookie = json.loads(out.stdout)["cookie"]
    cookie_name, _, value = cookie.partition("=")
    assert cookie_name == "auth_token" and len(value) >= 32
    r = requests.get(
        f"{server.url}/login",
        headers={**BROWSER, "cookie": cookie},
        allow_redirects=False,
        timeout=10,
    )
    assert r.status_code == 302  # already signed in
    unknown = subprocess.run(
        [
            sys.executable,
            "-m",
            "roost",
            "sessions",
            "create",
            "--screen-name",
            "nobody_here_x",
            "--db",
            server.settings.database_url,
        ],
        capture_output=True,
        text=True,
    )
    assert unknown.returncode != 0


def test_signing_out_ends_the_session(server: LiveServer) -> None:
    name = account(server)
    session = requests.Session()
    page, form = login_form(session, server)
    submit(
        session,
        page,
        form,
        **{"session[username_or_email]": name, "session[password]": "correct horse"},
    )
    token = session.cookies["auth_token"]
    # Without the session's CSRF token, signing out only clears this browser's cookie.
    r = session.post(f"{server.url}/logout", allow_redirects=False)
    assert r.status_code == 302
    back = requests.get(
        f"{server.url}/login",
        headers={**BROWSER, "cookie": f"auth_token={token}"},
        allow_redirects=False,
    )
    assert back.status_code == 302  # the session itself lives on
    with server.runtime.store.read() as tx:
        csrf = tx.web_session(token).csrf  # type: ignore[union-attr]
    r = requests.post(
        f"{server.url}/logout",
        data={"authenticity_token": csrf},
        headers={"cookie": f"auth_token={token}"},
        allow_redirects=False,
    )
    assert r.status_code == 302
    gone = requests.get(
        f"{server.url}/login",
        headers={**BROWSER, "cookie": f"auth_token={token}"},
        allow_redirects=False,
    )
    assert gone.status_code == 200
