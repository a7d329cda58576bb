"""The OAuth 2.0 consent page: GET and POST ``/i/oauth2/authorize`` (twitter.com's path, on
Roost's own origin), a plain HTML form that works without JavaScript.

GET checks the request (services/oauth2_flow.py) and shows the App's name and the scopes it
asks for in plain words. Signed out, the form carries the sign-in fields, and one submit signs
in (the session cookie is set) and approves, as Twitter's page did; signed in, it names the
account and offers Allow and Cancel only. POST checks the request again from the form's hidden
fields, then the form's CSRF token: the session's own for a signed-in approval, a signed-out
token only beside a password (services/sessions.py, ``FormTokens.check``). Allow goes to
``redirect_uri?state=…&code=…``, Cancel to ``redirect_uri?error=access_denied&state=…``; a
request whose client or redirect_uri cannot be trusted gets an error page, never a redirect.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from roost.auth import scopes
from roost.services import oauth2_flow as flow
from roost.services.sessions import SignedIn
from roost.web.signin import CSRF_FIELD, PASSWORD_FIELD, USERNAME_FIELD, WebAuth, form_fields
from roost.web.templating import render

if TYPE_CHECKING:
    from roost.app import AppState

PATH = "/i/oauth2/authorize"
FORM_ID = "oauth2_authorize_form"
WRONG_PASSWORD = "The username and password you entered did not match our records."
EXPIRED = "This page has expired. Please go back to the App and try again."
# The page is not to be framed (a click on Allow must be the user's own), cached or leaked
# through the Referer header to the App's redirect page.
_HEADERS = {
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
}


def redirect_to(uri: str, pairs: list[tuple[str, str]]) -> Response:
    """302 to the client's redirect_uri with ``pairs`` added to its query."""
    sep = "&" if "?" in uri else "?"
    return RedirectResponse(uri + sep + urlencode(pairs), status_code=302)


def _first_values(items: list[tuple[str, str]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for key, value in items:
        fields.setdefault(key, value)
    return fields


class ConsentPage:
    """The consent page's handlers, over the server's state (its App cache)."""

    def __init__(self, state: AppState) -> None:
        self.rt = state.runtime
        self.lookup = state.credentials.app_by_client_id
        self.auth = WebAuth(state.runtime)

    async def authorize(self, request: Request) -> Response:
        """GET shows the page, POST answers it."""
        if request.method == "POST":
            return await self._answer(request)
        return self._check(request, _first_values(request.query_params.multi_items()))

    def _check(self, request: Request, params: dict[str, str]) -> Response:
        try:
            checked = flow.check_authorize(self.lookup, params)
        except flow.PageError as error:
            return self._error(str(error))
        except flow.RedirectError as refused:
            return self._refused(refused)
        return self._form(checked, self.auth.current(request))

    def _error(self, detail: str, status: int = 400) -> Response:
        return render("oauth2_error.html", status=status, headers=_HEADERS, detail=detail)

    def _refused(self, refused: flow.RedirectError) -> Response:
        pairs = [("error", refused.error), ("error_description", refused.description)]
        if refused.state:
            pairs.append(("state", refused.state))
        return redirect_to(refused.redirect_uri, pairs)

    def _form(
        self,
        checked: flow.AuthorizeRequest,
        signed: SignedIn | None,
        *,
        error: str | None = None,
        username: str = "",
        status: int = 200,
    ) -> Response:
        can_see, can_do = scopes.describe(checked.scopes)
        return render(
            "oauth2_authorize.html",
            status=status,
            headers=_HEADERS,
            form_id=FORM_ID,
            action=PATH,
            app=checked.app,
            fields=checked.fields(),
            csrf=self.auth.tokens.issue(_purpose(checked), signed),
            signed=signed,
            viewer=signed.user if signed else None,  # the header's account menu
            here=PATH + "?" + urlencode(checked.fields()),
            can_see=can_see,
            can_do=can_do,
            error=error,
            username=username,
        )

    async def _answer(self, request: Request) -> Response:
        fields = await form_fields(request)
        try:
            checked = flow.check_authorize(self.lookup, fields)
        except flow.PageError as error:
            return self._error(str(error))
        except flow.RedirectError as refused:
            return self._refused(refused)
        signed = self.auth.current(request)
        purpose, token = _purpose(checked), fields.get(CSRF_FIELD)
        if "cancel" in fields:
            # Denying acts on no session, so the page's token of either kind will do.
            tokens = self.auth.tokens
            if not (tokens.check(purpose, signed, token) or tokens.check(purpose, None, token)):
                return self._error(EXPIRED, status=403)
            pairs = [("error", "access_denied"), ("state", checked.state)]
            return redirect_to(checked.redirect_uri, pairs)
        signing_in = USERNAME_FIELD in fields or PASSWORD_FIELD in fields
        if signing_in:
            signed = self.auth.sign_in(fields, purpose)
            if signed is None:
                username = fields.get(USERNAME_FIELD, "")
                return self._form(
                    checked, None, error=WRONG_PASSWORD, username=username, status=401
                )
        elif signed is None or not self.auth.tokens.check(purpose, signed, token):
            return self._form(checked, signed, error=EXPIRED, status=403)
        code = flow.issue_code(self.rt, checked, signed.user.id)
        response = redirect_to(checked.redirect_uri, [("state", checked.state), ("code", code)])
        if signing_in:
            self.auth.set_cookie(response, request, signed.session)
        return response


def _purpose(checked: flow.AuthorizeRequest) -> str:
    """What a signed-out form token is signed for (services/sessions.py, FormTokens)."""
    return f"oauth2:{checked.app.client_id}"


def consent_routes(state: AppState) -> list[BaseRoute]:
    """The consent page's route."""
    page = ConsentPage(state)
    return [Route(PATH, page.authorize, methods=["GET", "HEAD", "POST"])]
