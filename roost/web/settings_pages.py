"""The profile settings page: who sees your Tweets, who may tag you in photos, and whether your
Tweets carry a location, saved through the same service ``account/settings`` writes with.

twitter.com split these over ``/settings/audience_and_tagging`` ("Protect your Tweets", "Photo
tagging") and ``/settings/location_information``; Roost serves one page,
``/settings/privacy_and_safety``, and those paths (and ``/settings``) move to its sections.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from roost.domain.errors import ParameterInvalid
from roost.services import moderation, users
from roost.services.sessions import SignedIn
from roost.web.portal import SignedInPages
from roost.web.signin import WebAuth

if TYPE_CHECKING:
    from roost.app import AppState

PRIVACY = "/settings/privacy_and_safety"
# account/settings' allow_media_tagging values, in the words of twitter.com's photo tagging page
MEDIA_TAGGING = (
    ("all", "Anyone can tag you"),
    ("following", "Only people you follow can tag you"),
    ("none", "Off: no one can tag you"),
)


class SettingsPages(SignedInPages):
    """The privacy and safety settings page."""

    async def privacy(self, request: Request) -> Response:
        """GET and POST /settings/privacy_and_safety."""
        if request.method != "POST":
            who = await self.signed_in(request)
            if who is None:
                return self.to_login(request)
            return self._page(who, saved=request.query_params.get("saved"))
        posted = await self.posted(request)
        if isinstance(posted, Response):
            return posted
        who, fields = posted
        if fields.get("action") == "delete_location":
            await self.call(moderation.scrub_geo, self.rt, who.user)
            return RedirectResponse(f"{PRIVACY}?saved=location", status_code=303)
        try:
            await self.call(
                users.update_settings,
                self.rt,
                who.user,
                protected=bool(fields.get("protected")),
                geo_enabled=bool(fields.get("geo_enabled")),
                allow_media_tagging=fields.get("allow_media_tagging", ""),
            )
        except ParameterInvalid:
            return self._page(who, error="Choose who can tag you in photos.", status=400)
        return RedirectResponse(f"{PRIVACY}?saved=settings", status_code=303)

    def _page(
        self, who: SignedIn, saved: str | None = None, error: str | None = None, status: int = 200
    ) -> Response:
        return self.page(
            "settings_privacy.html",
            who,
            status=status,
            user=who.user,
            tagging=MEDIA_TAGGING,
            saved=saved,
            error=error,
        )


def _moved(target: str) -> Callable[[Request], Awaitable[Response]]:
    async def moved(request: Request) -> Response:
        return RedirectResponse(target, status_code=302)

    return moved


def settings_routes(state: AppState, auth: WebAuth) -> list[BaseRoute]:
    """The profile settings page and the twitter.com paths that lead to it."""
    pages = SettingsPages(state, auth)
    get = ["GET", "HEAD"]
    return [
        Route(PRIVACY, pages.privacy, methods=["GET", "HEAD", "POST"]),
        Route("/settings", _moved(PRIVACY), methods=get),
        Route("/settings/audience_and_tagging", _moved(f"{PRIVACY}#audience"), methods=get),
        Route("/settings/location_information", _moved(f"{PRIVACY}#location"), methods=get),
    ]
