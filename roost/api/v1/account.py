"""account/verify_credentials and account/settings."""

from __future__ import annotations

from typing import Any

from roost.api.endpoint import Call
from roost.api.v1 import statuses
from roost.domain.model import User
from roost.render.context import Viewer
from roost.render.embed import users_with_status
from roost.render.users import user_v1, with_profile_location
from roost.services import users


def _own_account(call: Call, user: User, *, verify_credentials: bool) -> dict[str, Any]:
    """The caller's User object, with its newest status unless ``skip_status``."""
    # statuses_count is kept right in every unit of work: 0 means there is no status to embed
    if call.params.flag("skip_status") or user.statuses_count == 0:
        return user_v1(
            user,
            Viewer(user.id),
            verify_credentials=verify_credentials,
            include_entities=call.params.flag("include_entities", True),
        )
    with call.rt.runtime.store.read() as tx:
        (out,) = users_with_status(
            tx,
            [user],
            Viewer(user.id),
            statuses.options(call.params),
            verify_credentials=verify_credentials,
        )
    return out


def verify_credentials(call: Call) -> dict[str, Any]:
    """GET account/verify_credentials: the authenticating user (200), or the auth error."""
    out = _own_account(call, call.user(), verify_credentials=True)
    if call.params.flag("include_email"):
        out["email"] = None  # Roost keeps no e-mail addresses
    return out


def _settings_body(user: User) -> dict[str, Any]:
    extra = users.settings_of(user)
    return {
        "time_zone": (
            {"name": user.time_zone, "utc_offset": 0, "tzinfo_name": user.time_zone}
            if user.time_zone
            else None
        ),
        "protected": user.protected,
        "screen_name": user.screen_name,
        "always_use_https": extra["always_use_https"],
        "use_cell_phone": extra["use_cell_phone"],
        "geo_enabled": user.geo_enabled,
        "sleep_time": extra["sleep_time"],
        "language": extra["language"],
        "discoverable_by_email": extra["discoverable_by_email"],
        "discoverable_by_mobile_phone": extra["discoverable_by_mobile_phone"],
        "display_sensitive_media": user.possibly_sensitive,
        "allow_contributor_request": extra["allow_contributor_request"],
        "allow_dms_from": extra["allow_dms_from"],
        "allow_dm_groups_from": extra["allow_dm_groups_from"],
        "allow_media_tagging": user.allow_media_tagging,
        "translator_type": extra["translator_type"],
        "trend_location": extra["trend_location"],
    }


def get_settings(call: Call) -> dict[str, Any]:
    """GET account/settings."""
    return _settings_body(call.user())


def post_settings(call: Call) -> dict[str, Any]:
    """POST account/settings: Twitter's parameters plus geo_enabled, protected, photo tagging."""
    p = call.params
    sleep_time = None
    if (
        p.get("sleep_time_enabled") is not None
        or p.get("start_sleep_time")
        or p.get("end_sleep_time")
    ):
        current = users.settings_of(call.user())["sleep_time"]
        sleep_time = {
            "enabled": p.flag("sleep_time_enabled", current["enabled"]),
            "start_time": p.integer(
                "start_sleep_time", current["start_time"], minimum=0, maximum=23, clamp=False
            ),
            "end_time": p.integer(
                "end_sleep_time", current["end_time"], minimum=0, maximum=23, clamp=False
            ),
        }
    tagging = p.get("allow_media_tagging")
    photo = p.optional_flag("photo_tagging")
    if tagging is None and photo is not None:
        tagging = "all" if photo else "none"
    user = users.update_settings(
        call.rt.runtime,
        call.user(),
        protected=p.optional_flag("protected"),
        geo_enabled=p.optional_flag("geo_enabled"),
        allow_media_tagging=tagging,
        display_sensitive_media=p.optional_flag("display_sensitive_media"),
        lang=p.get("lang") or None,
        time_zone=p.get("time_zone") or None,
        sleep_time=sleep_time,
    )
    return _settings_body(user)


def update_profile(call: Call) -> dict[str, Any]:
    """POST account/update_profile: the updated user (with its latest status unless
    ``skip_status``)."""
    p = call.params
    user = users.update_profile(
        call.rt.runtime,
        call.user(),
        name=p.get("name"),
        url=p.get("url"),
        location=p.get("location"),
        description=p.get("description"),
    )
    return with_profile_location(_own_account(call, user, verify_credentials=False))
