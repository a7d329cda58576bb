"""Roost's public pages (server-rendered, readable without JavaScript) and the embed fragments
widgets.js shows, as Starlette routes behind the API router.

Paths are twitter.com's: ``/<screen_name>``, ``/<screen_name>/status/<id>``,
``/<screen_name>/timelines/<id>`` (a collection's ``collection_url`` path), ``/hashtag/<tag>``,
``/search?q=``; ``/i/web/status/<id>`` moves to the permalink. Handlers parse the URL, call a
loader in views.py and lay its view out with a template; nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from roost.api.endpoint import error_response
from roost.api.origin import request_origin
from roost.api.params import Params
from roost.domain.errors import PageNotFound, TwitterError
from roost.domain.ids import parse_id
from roost.runtime import Runtime
from roost.web import views
from roost.web.authorize import authorize_routes
from roost.web.cards import PageHrefs
from roost.web.consent import consent_routes
from roost.web.portal import portal_routes
from roost.web.settings_pages import settings_routes
from roost.web.signin import WebAuth, signin_routes
from roost.web.templating import render

if TYPE_CHECKING:
    from roost.app import AppState

STATIC = Path(__file__).parent / "static"
EMBED_LIMIT_MAX = 20  # Tweets an embedded timeline shows at most (data-tweet-limit: 1-20)
_CORS = {"access-control-allow-origin": "*", "vary": "Origin"}
_PAGES = PageHrefs()


def not_found(request: Request) -> Response:
    """404: the HTML page for a browser, Twitter's ``{"errors":[{"code":34,...}]}`` for an API
    client (one that does not ask for text/html), whatever path it mistyped."""
    if "text/html" in request.headers.get("accept", ""):
        return render("not_found.html", status=404)
    return error_response(PageNotFound(), "0")


def _snowflake(raw: str | None) -> int | None:
    return parse_id(raw)


def _flag(request: Request, name: str) -> bool:
    """Twitter's boolean rule (api/params.py) on a page's query parameter."""
    return Params(request.query_params.multi_items()).flag(name)


class WebPages:
    """The pages' handlers, over one runtime."""

    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.proxy_headers = runtime.settings.proxy_headers

    def _origin(self, request: Request) -> str:
        """Where the embedding page reaches Roost (links in an embed are absolute)."""
        return request_origin(request, self.proxy_headers)

    def _page(self, request: Request, template: str, load: Any, *args: Any, **kw: Any) -> Response:
        """``template`` over what ``load`` returns; its Moved a 301, its PageNotFound a 404."""
        try:
            view = load(self.rt, *args, **kw)
        except views.Moved as moved:
            return RedirectResponse(moved.location, status_code=301)
        except PageNotFound:
            return not_found(request)
        return render(template, view=view)

    # ------------------------------------------------------------------------------ pages

    def home(self, request: Request) -> Response:
        """A browser gets the home page; an API client asking for ``/`` Twitter's 404/34."""
        if "text/html" not in request.headers.get("accept", ""):
            return not_found(request)
        return render("home.html")

    def status(self, request: Request) -> Response:
        """A permalink; ``/i/web/status/<id>`` (no screen name) always moves to it."""
        status_id = _snowflake(request.path_params["id"])
        if status_id is None:
            return not_found(request)
        screen_name = request.path_params.get("screen_name", "")
        return self._page(
            request, "status.html", views.status_view, status_id, _PAGES, screen_name=screen_name
        )

    def profile(self, request: Request) -> Response:
        max_id = _snowflake(request.query_params.get("max_id"))
        screen_name = request.path_params["screen_name"]
        return self._page(
            request, "profile.html", views.profile_view, screen_name, _PAGES, max_id=max_id
        )

    def collection(self, request: Request) -> Response:
        collection_id = _snowflake(request.path_params["id"])
        if collection_id is None:
            return not_found(request)
        return self._page(
            request,
            "collection.html",
            views.collection_view,
            collection_id,
            _PAGES,
            screen_name=request.path_params["screen_name"],
            max_position=_snowflake(request.query_params.get("max_position")),
        )

    def search(self, request: Request) -> Response:
        q = request.query_params.get("q", "")
        return self._search(q, _snowflake(request.query_params.get("max_id")))

    def hashtag(self, request: Request) -> Response:
        return self._search("#" + request.path_params["tag"], None)

    def _search(self, q: str, max_id: int | None) -> Response:
        try:
            view = views.search_view(self.rt, q, _PAGES, max_id=max_id)
        except TwitterError as error:
            return render("search.html", status=400, q=q, error=error.message)
        return render("search.html", q=q, view=view)

    # ----------------------------------------------------------------------------- embeds

    def embed_status(self, request: Request) -> Response:
        """The card of one Tweet, for widgets.js (any origin may fetch it)."""
        status_id = _snowflake(request.path_params["id"])
        if status_id is None:
            return Response(status_code=404, headers=_CORS)
        try:
            view = views.status_view(
                self.rt,
                status_id,
                PageHrefs(self._origin(request)),
                thread=not _flag(request, "hide_thread"),
                media=not _flag(request, "hide_media"),
            )
        except PageNotFound:
            return Response(status_code=404, headers=_CORS)
        theme = request.query_params.get("theme", "light")
        return render("embed_tweet.html", headers=_CORS, view=view, theme=theme)

    def embed_timeline(self, request: Request) -> Response:
        """A collection's or a profile's newest Tweets, for widgets.js."""
        hrefs = PageHrefs(self._origin(request))
        params = request.query_params
        limit = _snowflake(params.get("limit"))
        count = max(1, min(EMBED_LIMIT_MAX, limit or EMBED_LIMIT_MAX))
        height = _snowflake(params.get("height"))
        try:
            view = views.timeline_embed_view(
                self.rt,
                hrefs,
                count,
                collection_id=_snowflake(params.get("collection_id")),
                screen_name=params.get("screen_name", ""),
            )
        except PageNotFound:
            return Response(status_code=404, headers=_CORS)
        theme = params.get("theme", "light")
        return render("embed_timeline.html", headers=_CORS, view=view, theme=theme, height=height)

    def widgets_js(self, request: Request) -> Response:
        return FileResponse(STATIC / "widgets.js", media_type="application/javascript")


class _MediaKind(Convertor[str]):
    """``photo`` or ``video``: a permalink's ``/photo/1`` tail shows the Tweet's page."""

    regex = "photo|video"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("media_kind", _MediaKind())


def web_routes(state: AppState) -> list[BaseRoute]:
    """The pages' routes, fixed paths before the patterns that would also match them."""
    runtime = state.runtime
    pages = WebPages(runtime)
    auth = WebAuth(runtime)
    return [
        Route("/", pages.home, methods=["GET", "HEAD"]),
        *signin_routes(auth),
        *portal_routes(state, auth),
        *settings_routes(state, auth),
        *consent_routes(state),
        *authorize_routes(state, auth),
        Route("/widgets.js", pages.widgets_js, methods=["GET", "HEAD"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
        Route("/search", pages.search, methods=["GET", "HEAD"]),
        Route("/hashtag/{tag}", pages.hashtag, methods=["GET", "HEAD"]),
        Route("/i/embed/status/{id}", pages.embed_status, methods=["GET", "HEAD"]),
        Route("/i/embed/timeline", pages.embed_timeline, methods=["GET", "HEAD"]),
        Route("/i/web/status/{id}", pages.status, methods=["GET", "HEAD"]),
        Route("/{screen_name}/status/{id}", pages.status, methods=["GET", "HEAD"]),
        Route("/{screen_name}/statuses/{id}", pages.status, methods=["GET", "HEAD"]),
        Route("/{screen_name}/status/{id}/{kind:media_kind}/{n}", pages.status, methods=["GET"]),
        Route("/{screen_name}/timelines/{id}", pages.collection, methods=["GET", "HEAD"]),
        Route("/{screen_name}", pages.profile, methods=["GET", "HEAD"]),
    ]
