"""The OAuth 1.0a consent pages: ``/oauth/authorize`` and ``/oauth/authenticate``.

Twitter's page, without JavaScript: ``<form id="oauth_form">`` posting back to the same path with
the hidden ``oauth_token`` and ``authenticity_token``, an ``id="allow"`` button and an
``id="cancel" name="cancel"`` one. A signed-out browser (or ``force_login=true``) gets the
sign-in fields in the same form, and approving signs it in and approves in one submit, as
Twitter's old page did; a signed-in one sees who it is and just the two buttons.

``/oauth/authenticate`` is "Sign in with Twitter": a signed-in user who already authorized the
App goes straight back to the callback with a fresh verifier, unasked.

After approval the browser is redirected (302) to ``callback?oauth_token=…&oauth_verifier=…``;
in the PIN flow (``oob``) the page shows the verifier as Twitter did, in
``<div id="oauth_pin"><p><kbd><code>PIN</code></kbd></p></div>`` (what PIN-scraping clients
select: ``#oauth_pin code``, ``div#oauth_pin > p > kbd > code``, or the div's whole text).
Cancel deletes the request token and goes to ``callback?denied=<request token>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from roost.api.params import Params
from roost.services import oauth1_flow
from roost.services.oauth1_flow import Pending
from roost.services.sessions import SignedIn
from roost.web.signin import CSRF_FIELD, PASSWORD_FIELD, USERNAME_FIELD, WebAuth, form_fields
from roost.web.templating import render

if TYPE_CHECKING:
    from roost.app import AppState

WRONG_PASSWORD = "The username and password you entered did not match our records."
STALE_FORM = "This page has expired. Please try again."
# Twitter's own words for a token it did not know (omniauth-twitter#58, TXP-Tweet#24).
INVALID_TOKEN = (
    "The request token for this page is invalid. It may have already been used, or expired "
    "because it is too old. Please go back to the site or application that sent you here and "
    "try again; it was probably just a mistake."
)
_METHODS = ["GET", "HEAD", "POST"]


class AuthorizePages:
    """The consent pages' handlers over one runtime."""

    def __init__(self, state: AppState, auth: WebAuth) -> None:
        self.rt = state.runtime
        self.auth = auth

    async def authorize(self, request: Request) -> Response:
        """GET/POST /oauth/authorize: ask the user, every time."""
        return await self._page(request, "/oauth/authorize", sign_in_with_twitter=False)

    async def authenticate(self, request: Request) -> Response:
        """GET/POST /oauth/authenticate: "Sign in with Twitter"."""
        return await self._page(request, "/oauth/authenticate", sign_in_with_twitter=True)

    async def _page(self, request: Request, action: str, sign_in_with_twitter: bool) -> Response:
        if request.method == "POST":
            return await self._answer(request, action)
        query = Params(request.query_params.multi_items())
        pending = oauth1_flow.pending(self.rt, query.get("oauth_token"))
        if pending is None:
            return _invalid()
        current = self.auth.current(request)
        force_login = query.flag("force_login")
        if (
            sign_in_with_twitter
            and request.method == "GET"  # a HEAD (a link checker) must not spend the token
            and current is not None
            and not force_login
            and oauth1_flow.already_authorized(self.rt, pending, current.user.id)
        ):
            return self._approve(request, pending, current, new_session=False)
        return self._form(
            pending,
            action,
            None if force_login else current,
            username=query.get("screen_name") or "",
        )

    def _form(
        self,
        pending: Pending,
        action: str,
        signed_in: SignedIn | None,
        *,
        username: str = "",
        error: str | None = None,
        status: int = 200,
    ) -> Response:
        """The consent form: Allow/Cancel for ``signed_in``, else with the sign-in fields (whose
        CSRF token is the signed-out kind: the form signs in by password)."""
        return render(
            "oauth_authorize.html",
            status=status,
            app=pending.app,
            permission=pending.permission,
            oauth_token=pending.token.token,
            action=action,
            user=signed_in.user if signed_in else None,
            viewer=signed_in.user if signed_in else None,  # the header's account menu
            here=f"{action}?oauth_token={pending.token.token}",
            csrf=self.auth.tokens.issue(pending.purpose, signed_in),
            username=username.strip().removeprefix("@"),
            error=error,
        )

    async def _answer(self, request: Request, action: str) -> Response:
        """POST: the Allow or Cancel button of the form."""
        fields = await form_fields(request)
        pending = oauth1_flow.pending(self.rt, fields.get("oauth_token"))
        if pending is None:
            return _invalid()
        current = self.auth.current(request)
        csrf = fields.get(CSRF_FIELD)
        tokens = self.auth.tokens
        if "cancel" in fields:
            # Cancelling signs no one in and grants nothing: the form's token of either kind.
            if not (
                (current is not None and tokens.check(pending.purpose, current, csrf))
                or tokens.check(pending.purpose, None, csrf)
            ):
                return self._form(pending, action, current, error=STALE_FORM, status=403)
            return self._deny(pending)
        if USERNAME_FIELD in fields or PASSWORD_FIELD in fields:
            signed = self.auth.sign_in(fields, pending.purpose)  # checks the CSRF token too
            if signed is None:
                username = fields.get(USERNAME_FIELD, "")
                return self._form(
                    pending, action, None, username=username, error=WRONG_PASSWORD, status=401
                )
            return self._approve(request, pending, signed, new_session=True)
        if current is None or not tokens.check(pending.purpose, current, csrf):
            # A form acting on a session carries that session's own token (FormTokens.check).
            return self._form(pending, action, current, error=STALE_FORM, status=403)
        return self._approve(request, pending, current, new_session=False)

    def _approve(
        self, request: Request, pending: Pending, signed: SignedIn, *, new_session: bool
    ) -> Response:
        user = signed.user
        approval = oauth1_flow.approve(self.rt, pending, user.id)
        if approval is None:
            return _invalid()
        response: Response
        if approval.redirect is not None:
            response = RedirectResponse(approval.redirect, status_code=302)
        else:
            response = render(
                "oauth_pin.html",
                app=pending.app,
                user=user,
                pin=approval.verifier,
                viewer=user,
                csrf=signed.session.csrf,
            )
        if new_session:
            self.auth.set_cookie(response, request, signed.session)
        return response

    def _deny(self, pending: Pending) -> Response:
        redirect = oauth1_flow.deny(self.rt, pending)
        if redirect is not None:
            return RedirectResponse(redirect, status_code=302)
        return render("oauth_result.html", app=pending.app, outcome="denied")


def _invalid() -> Response:
    """An unknown, expired, used or cancelled request token: Twitter's "Whoa there!" page."""
    return render("oauth_result.html", status=403, outcome="invalid", message=INVALID_TOKEN)


def authorize_routes(state: AppState, auth: WebAuth) -> list[BaseRoute]:
    """The consent pages' routes."""
    pages = AuthorizePages(state, auth)
    return [
        Route("/oauth/authorize", pages.authorize, methods=_METHODS),
        Route("/oauth/authenticate", pages.authenticate, methods=_METHODS),
    ]
