"""Signing in and out of Roost's pages: the ``auth_token`` cookie, the sign-in form and the
helpers every page that acts for a user shares (who is signed in, the form's CSRF token, the
form's fields).

The form is twitter.com's: ``session[username_or_email]``, ``session[password]`` and a hidden
``authenticity_token``, posted to ``/sessions``; ``redirect_after_login`` names the page to go
back to (a path on this site only, so the form cannot be used to bounce a browser elsewhere).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from roost.api.origin import request_origin
from roost.domain.model import WebSession
from roost.runtime import Runtime
from roost.services import sessions
from roost.services.sessions import SESSION_COOKIE, SESSION_DAYS, FormTokens, SignedIn
from roost.web.templating import render

LOGIN_PURPOSE = "login"
USERNAME_FIELD = "session[username_or_email]"
PASSWORD_FIELD = "session[password]"
CSRF_FIELD = "authenticity_token"
_MAX_FORM = 64 * 1024


async def form_fields(request: Request) -> dict[str, str]:
    """A posted HTML form (application/x-www-form-urlencoded), first value of each field."""
    body = await request.body()
    if len(body) > _MAX_FORM:
        return {}
    fields: dict[str, str] = {}
    for key, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        fields.setdefault(key, value)
    return fields


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site (``/…`` but not ``//host``), else ``default``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def login_url(next_path: str) -> str:
    """The sign-in page that comes back to ``next_path``."""
    return "/login?redirect_after_login=" + quote(next_path, safe="")


class WebAuth:
    """Sessions and form tokens for the pages of one runtime."""

    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.tokens = FormTokens(runtime)
        self.proxy_headers = runtime.settings.proxy_headers

    def current(self, request: Request) -> SignedIn | None:
        """Who this browser is signed in as (None: signed out)."""
        return sessions.signed_in(self.rt, request.cookies.get(SESSION_COOKIE))

    def sign_in(self, fields: dict[str, str], purpose: str) -> SignedIn | None:
        """The account a posted sign-in form names, if its CSRF token and password are right."""
        if not self.tokens.check(purpose, None, fields.get(CSRF_FIELD)):
            return None
        user = sessions.authenticate_password(
            self.rt, fields.get(USERNAME_FIELD, ""), fields.get(PASSWORD_FIELD, "")
        )
        if user is None:
            return None
        return SignedIn(sessions.create_session(self.rt, user.id), user)

    def set_cookie(self, response: Response, request: Request, session: WebSession) -> None:
        """The session cookie: HttpOnly, SameSite=Lax, ``Secure`` only when served over https
        (a browser drops a Secure cookie set over plain http, so a sandbox could not sign in)."""
        secure = request_origin(request, self.proxy_headers).startswith("https:")
        response.set_cookie(
            SESSION_COOKIE,
            session.id,
            max_age=SESSION_DAYS * 86_400,
            path="/",
            httponly=True,
            samesite="lax",
            secure=secure,
        )

    # --------------------------------------------------------------------------- the pages
    def login_page(self, request: Request) -> Response:
        """GET /login: the sign-in form (a signed-in browser goes straight on)."""
        next_path = local_path(request.query_params.get("redirect_after_login"))
        if self.current(request) is not None:
            return RedirectResponse(next_path, status_code=302)
        return self._form(next_path)

    def _form(self, next_path: str, error: str | None = None, username: str = "") -> Response:
        return render(
            "login.html",
            status=401 if error else 200,
            csrf=self.tokens.issue(LOGIN_PURPOSE, None),
            next_path=next_path,
            error=error,
            username=username,
        )

    async def sessions_post(self, request: Request) -> Response:
        """POST /sessions: sign in, then go to ``redirect_after_login``."""
        fields = await form_fields(request)
        next_path = local_path(fields.get("redirect_after_login"))
        signed = self.sign_in(fields, LOGIN_PURPOSE)
        if signed is None:
            return self._form(
                next_path,
                error="The username and password you entered did not match our records.",
                username=fields.get(USERNAME_FIELD, ""),
            )
        response = RedirectResponse(next_path, status_code=302)
        self.set_cookie(response, request, signed.session)
        return response

    async def logout(self, request: Request) -> Response:
        """POST /logout: end the session (its CSRF token required), back to the home page."""
        fields = await form_fields(request)
        current = self.current(request)
        if current is not None and self.tokens.check("", current, fields.get(CSRF_FIELD)):
            sessions.end_session(self.rt, current.session.id)
        response = RedirectResponse("/", status_code=302)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response


def signin_routes(auth: WebAuth) -> list[BaseRoute]:
    """The sign-in pages' routes."""
    return [
        Route("/login", auth.login_page, methods=["GET", "HEAD"]),
        Route("/sessions", auth.sessions_post, methods=["POST"]),
        Route("/logout", auth.logout, methods=["POST"]),
    ]
