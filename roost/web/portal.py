"""The developer portal's pages: Projects, Apps, an App's settings and its keys and tokens.

Paths are developer.twitter.com's, on Roost's own origin: ``/en/portal/dashboard``,
``/en/portal/projects/new``, ``/en/portal/projects/<id>``, ``/en/portal/projects/<id>/apps/new``,
``/en/portal/projects/<id>/apps/<app id>/settings`` and ``…/keys``; an App made outside any
Project (``roost apps create --owner``) lives at ``/en/portal/apps/<app id>/settings`` and
``…/keys``. Plain HTML forms: every POST carries the session's CSRF token (403 without it, and
nothing changes), a signed-out browser goes to the sign-in page, and a Project or App of someone
else's is the 404 page. Handlers parse the form, call services/portal.py and lay out its result.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from roost.domain.errors import PageNotFound
from roost.domain.ids import parse_id
from roost.domain.model import App, Permission
from roost.domain.portal import USE_CASES, InvalidSetting, check_app_id
from roost.services import portal
from roost.services.portal import Change
from roost.services.sessions import SignedIn
from roost.web.signin import CSRF_FIELD, WebAuth, form_fields, login_url
from roost.web.templating import render

if TYPE_CHECKING:
    from roost.app import AppState

PORTAL = "/en/portal"
PERMISSIONS = (
    (Permission.READ.value, "Read"),
    (Permission.READ_WRITE.value, "Read and write"),
    (Permission.READ_WRITE_DM.value, "Read and write and Direct message"),
)
# A page that shows a secret is never stored by the browser or a proxy ("shown once").
_NO_STORE = {"cache-control": "no-store", "referrer-policy": "same-origin"}
_KEY_ACTIONS: dict[str, Callable[..., Change]] = {
    "regenerate_consumer_keys": portal.regenerate_consumer_keys,
    "regenerate_bearer_token": portal.regenerate_bearer,
    "revoke_bearer_token": portal.revoke_bearer,
    "regenerate_access_token": portal.regenerate_owner_token,
    "revoke_access_token": portal.revoke_owner_token,
    "regenerate_client_secret": portal.regenerate_client_secret,
}

Handler = Callable[[Request], Awaitable[Response]]


def app_path(app: App) -> str:
    """Where an App's pages live: under its Project, or at ``/en/portal/apps/<id>``."""
    if app.project_id is not None:
        return f"{PORTAL}/projects/{app.project_id}/apps/{app.id}"
    return f"{PORTAL}/apps/{app.id}"


def _id(request: Request, name: str) -> int:
    raw = request.path_params.get(name, "")
    app_id = parse_id(raw)
    if app_id is None:
        raise PageNotFound()
    return app_id


def html_errors(handler: Handler) -> Handler:
    """A missing Project or App (or someone else's) is the HTML 404 page."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except PageNotFound:
            return render("not_found.html", status=404, headers=_NO_STORE)

    return run


class SignedInPages:
    """What pages acting for a signed-in user share: the session gate and the CSRF check."""

    def __init__(self, state: AppState, auth: WebAuth) -> None:
        self.state = state
        self.rt = state.runtime
        self.auth = auth

    async def call(self, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        """A service call off the event loop (the store blocks)."""
        return await run_in_threadpool(fn, *args, **kw)

    async def signed_in(self, request: Request) -> SignedIn | None:
        """Who this browser is signed in as."""
        return await self.call(self.auth.current, request)

    def to_login(self, request: Request, next_path: str | None = None) -> Response:
        """The sign-in page, coming back here afterwards."""
        path = next_path or request.url.path
        if request.url.query and next_path is None:
            path += "?" + request.url.query
        return RedirectResponse(login_url(path), status_code=302)

    async def posted(self, request: Request) -> tuple[SignedIn, dict[str, str]] | Response:
        """A posted form's session and fields; the sign-in page when signed out; 403 when its
        CSRF token is not the session's."""
        fields = await form_fields(request)
        who = await self.signed_in(request)
        if who is None:
            return self.to_login(request)
        if not self.auth.tokens.check("", who, fields.get(CSRF_FIELD)):
            return self.page("portal_forbidden.html", who, status=403)
        return who, fields

    def page(self, template: str, who: SignedIn, status: int = 200, **values: Any) -> Response:
        """A page for a signed-in user: its header names them, its forms carry their token."""
        return render(
            template,
            status=status,
            headers=_NO_STORE,
            viewer=who.user,
            csrf=who.session.csrf,
            portal=PORTAL,
            **values,
        )

    def apply(self, change: Change) -> None:
        """Stop accepting, in this process, what the change made stale: the App's old keys and
        settings, revoked tokens, and the streams open on those tokens (on the event loop)."""
        self.state.credentials.forget(change.stale, change.revoked)
        for token in change.revoked:
            self.state.stream_hub.revoke(token)


def _see_other(path: str) -> Response:
    return RedirectResponse(path, status_code=303)


class PortalPages(SignedInPages):
    """The developer portal's handlers."""

    async def home(self, request: Request) -> Response:
        """``/en/portal`` and ``/en/portal/projects-and-apps`` go to the dashboard."""
        return RedirectResponse(f"{PORTAL}/dashboard", status_code=302)

    async def dashboard(self, request: Request) -> Response:
        """GET /en/portal/dashboard: the developer's Projects, their Apps, standalone Apps."""
        who = await self.signed_in(request)
        if who is None:
            return self.to_login(request)
        view = await self.call(portal.dashboard, self.rt, who.user)
        return self.page("portal_dashboard.html", who, view=view, app_path=app_path)

    # ------------------------------------------------------------------------ projects
    async def project_new(self, request: Request) -> Response:
        """GET and POST /en/portal/projects/new: name, use case, description."""
        if request.method != "POST":
            who = await self.signed_in(request)
            if who is None:
                return self.to_login(request)
            return self._project_form(who, {})
        posted = await self.posted(request)
        if isinstance(posted, Response):
            return posted
        who, fields = posted
        try:
            project = await self.call(
                portal.create_project,
                self.rt,
                who.user,
                fields.get("name", ""),
                fields.get("use_case", ""),
                fields.get("description", ""),
            )
        except InvalidSetting as error:
            return self._project_form(who, fields, error)
        return _see_other(f"{PORTAL}/projects/{project.id}")

    def _project_form(
        self, who: SignedIn, fields: dict[str, str], error: InvalidSetting | None = None
    ) -> Response:
        return self.page(
            "portal_project_new.html",
            who,
            status=400 if error else 200,
            fields=fields,
            error=error,
            use_cases=USE_CASES,
        )

    async def project(self, request: Request) -> Response:
        """GET /en/portal/projects/<id>: the Project and its Apps."""
        who = await self.signed_in(request)
        if who is None:
            return self.to_login(request)
        view = await self.call(portal.project_view, self.rt, who.user, _id(request, "pid"))
        return self.page("portal_project.html", who, view=view, app_path=app_path)

    async def project_delete(self, request: Request) -> Response:
        """POST /en/portal/projects/<id>/delete: delete an empty Project."""
        posted = await self.posted(request)
        if isinstance(posted, Response):
            return posted
        who, _ = posted
        project_id = _id(request, "pid")
        try:
            await self.call(portal.delete_project, self.rt, who.user, project_id)
        except InvalidSetting as error:
            view = await self.call(portal.project_view, self.rt, who.user, project_id)
            return self.page(
                "portal_project.html", who, status=400, view=view, app_path=app_path, error=error
            )
        return _see_other(f"{PORTAL}/dashboard")

    # -------------------------------------------------------------------------- new Apps
    async def app_new(self, request: Request) -> Response:
        """GET and POST /en/portal/projects/<id>/apps/new: name a new App (its keys are shown
        once, on the answer), or move a standalone App into the Project."""
        project_id = _id(request, "pid")
        if request.method != "POST":
            who = await self.signed_in(request)
            if who is None:
                return self.to_login(request)
            return await self._app_form(who, project_id, {})
        posted = await self.posted(request)
        if isinstance(posted, Response):
            return posted
        who, fields = posted
        try:
            if fields.get("action") == "add_existing":
                change = await self.call(
                    portal.add_app_to_project,
                    self.rt,
                    who.user,
                    project_id,
                    check_app_id(fields.get("app_id", "")),
                )
                self.apply(change)
                return _see_other(app_path(change.app) + "/settings")
            change = await self.call(
                portal.create_app_in_project, self.rt, who.user, project_id, fields.get("name", "")
            )
        except InvalidSetting as error:
            return await self._app_form(who, project_id, fields, error)
        return await self._keys_page(who, change, created=True)

    async def _app_form(
        self,
        who: SignedIn,
        project_id: int,
        fields: dict[str, str],
        error: InvalidSetting | None = None,
    ) -> Response:
        view = await self.call(portal.project_view, self.rt, who.user, project_id)
        standalone = (await self.call(portal.dashboard, self.rt, who.user)).standalone
        return self.page(
            "portal_app_new.html",
            who,
            status=400 if error else 200,
            view=view,
            standalone=standalone,
            fields=fields,
            error=error,
        )

    # ------------------------------------------------------------------------ an App's pages
    async def _owned_app(self, request: Request, who: SignedIn) -> App:
        project_id = _id(request, "pid") if "pid" in request.path_params else None
        app: App = await self.call(
            portal.owned_app, self.rt, who.user, _id(request, "aid"), project_id
        )
        return app

    async def _app_page(self, request: Request, tab: str) -> tuple[SignedIn, App] | Response:
        """Who may see an App's ``tab`` page and the App; else the sign-in redirect, or the
        App's canonical path (an App in a Project lives under the Project's)."""
        who = await self.signed_in(request)
        if who is None:
            return self.to_login(request)
        app = await self._owned_app(request, who)
        if "pid" not in request.path_params and app.project_id is not None:
            return RedirectResponse(f"{app_path(app)}/{tab}", status_code=302)
        return who, app

    async def settings(self, request: Request) -> Response:
        """GET and POST …/apps/<id>/settings: App details and User authentication settings."""
        if request.method != "POST":
            shown = await self._app_page(request, "settings")
            if isinstance(shown, Response):
                return shown
            who, app = shown
            saved = request.query_params.get("saved")
            return await self._settings_page(who, app, saved=saved)
        posted = await self.posted(request)
        if isinstance(posted, Response):
            return posted
        who, fields = posted
        app = await self._owned_app(request, who)
        which = "auth" if fields.get("action") == "auth" else "details"
        try:
            change = await self.call(self._save_settings, app, which, fields)
        except InvalidSetting as error:
            return await self._settings_page(who, app, fields=fields, error=error, error_form=which)
        self.apply(change)
        if change.keys.client_secret:  # turned confidential: the new secret, shown once
            return await self._keys_page(who, change)
        return _see_other(f"{app_path(change.app)}/settings?saved={which}")

    def _save_settings(self, app: App, which: str, fields: dict[str, str]) -> Change:
        """One of the settings page's two forms: App details, or User authentication settings
        (an unticked checkbox is not sent: OAuth 2.0 off)."""
        if which == "details":
            return portal.update_app_details(
                self.rt, app, fields.get("name", ""), fields.get("website", "")
            )
        return portal.update_auth_settings(
            self.rt,
            app,
            permission=fields.get("permission", ""),
            oauth2_enabled=bool(fields.get("oauth2_enabled")),
            client_type=fields.get("client_type", ""),
            callback_urls=fields.get("callback_urls", ""),
        )

    async def _settings_page(self, who: SignedIn, app: App, **values: Any) -> Response:
        error = values.get("error")
        return self.page(
            "portal_app_settings.html",
            who,
            status=400 if error else 200,
            app=app,
            project=await self.call(portal.project_of, self.rt, app),
            base=app_path(app),
            permissions=PERMISSIONS,
            fields=values.pop("fields", {}),
            **values,
        )

    async def delete(self, request: Request) -> Response:
        """POST …/apps/<id>/delete: delete the App; its credentials stop working at once."""
        posted = await self.posted(request)
        if isinstance(posted, Response):
            return posted
        who, _ = posted
        app = await self._owned_app(request, who)
        self.apply(await self.call(portal.delete_app, self.rt, app))
        if app.project_id is not None:
            return _see_other(f"{PORTAL}/projects/{app.project_id}")
        return _see_other(f"{PORTAL}/dashboard")

    async def keys(self, request: Request) -> Response:
        """GET and POST …/apps/<id>/keys: Keys and tokens, each regenerable (shown once)."""
        if request.method != "POST":
            shown = await self._app_page(request, "keys")
            if isinstance(shown, Response):
                return shown
            who, app = shown
            return await self._keys_page(who, Change(app))
        posted = await self.posted(request)
        if isinstance(posted, Response):
            return posted
        who, fields = posted
        app = await self._owned_app(request, who)
        action = _KEY_ACTIONS.get(fields.get("action", ""))
        if action is None:
            return await self._keys_page(who, Change(app), status=400)
        view = await self.call(portal.keys_view, self.rt, app)
        if fields.get("state") != view.state:
            # The keys changed since this form was shown: a reload of the answer to a
            # regeneration sends it again, and must not revoke what was just copied.
            return await self._keys_page(who, Change(view.app), status=409, resent=True)
        try:
            change = await self.call(action, self.rt, app)
        except InvalidSetting as error:
            return await self._keys_page(who, Change(app), status=400, error=error)
        self.apply(change)
        return await self._keys_page(who, change)

    async def _keys_page(
        self, who: SignedIn, change: Change, status: int = 200, **values: Any
    ) -> Response:
        view = await self.call(portal.keys_view, self.rt, change.app)
        return self.page(
            "portal_keys.html",
            who,
            status=status,
            view=view,
            app=change.app,
            project=await self.call(portal.project_of, self.rt, change.app),
            base=app_path(change.app),
            keys=change.keys,
            replaced=bool(change.revoked or change.stale),
            labels=dict(PERMISSIONS),
            **values,
        )


def portal_routes(state: AppState, auth: WebAuth) -> list[BaseRoute]:
    """The developer portal's routes (fixed paths before the ``{id}`` patterns)."""
    pages = PortalPages(state, auth)
    both = ["GET", "HEAD", "POST"]
    app_pages = [
        (f"{PORTAL}/projects/{{pid}}/apps/{{aid}}/settings", pages.settings),
        (f"{PORTAL}/projects/{{pid}}/apps/{{aid}}/keys", pages.keys),
        (f"{PORTAL}/apps/{{aid}}/settings", pages.settings),
        (f"{PORTAL}/apps/{{aid}}/keys", pages.keys),
    ]
    deletes = [
        (f"{PORTAL}/projects/{{pid}}/apps/{{aid}}/delete", pages.delete),
        (f"{PORTAL}/apps/{{aid}}/delete", pages.delete),
        (f"{PORTAL}/projects/{{pid}}/delete", pages.project_delete),
    ]
    return [
        Route(PORTAL, pages.home, methods=["GET", "HEAD"]),
        Route(f"{PORTAL}/projects-and-apps", pages.home, methods=["GET", "HEAD"]),
        Route(f"{PORTAL}/dashboard", html_errors(pages.dashboard), methods=["GET", "HEAD"]),
        Route(f"{PORTAL}/projects/new", html_errors(pages.project_new), methods=both),
        Route(f"{PORTAL}/projects/{{pid}}", html_errors(pages.project), methods=["GET", "HEAD"]),
        Route(f"{PORTAL}/projects/{{pid}}/apps/new", html_errors(pages.app_new), methods=both),
        *(Route(path, html_errors(handler), methods=both) for path, handler in app_pages),
        *(Route(path, html_errors(handler), methods=["POST"]) for path, handler in deletes),
    ]
