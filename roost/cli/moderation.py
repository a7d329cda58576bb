"""``roost withhold status|user`` and ``roost users scrub-geo``: an operator's actions on
content; running servers tell their streams (``status_withheld``, ``user_withheld``,
``scrub_geo``) within half a second."""

from __future__ import annotations

import argparse
from typing import Any

from roost.cli.accounts import runtime_for
from roost.config import Settings
from roost.services import moderation


def _countries(raw: str) -> list[str]:
    return [c for c in raw.split(",") if c.strip()]


def withhold_status(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """roost withhold status ID --countries DE,AR"""
    rt = runtime_for(settings)
    try:
        codes = moderation.withhold_status(rt, args.status_id, _countries(args.countries))
    finally:
        rt.store.close()
    return {"id": args.status_id, "id_str": str(args.status_id), "withheld_in_countries": codes}


def withhold_user(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """roost withhold user SCREEN_NAME --countries DE,AR"""
    rt = runtime_for(settings)
    try:
        user = moderation.user_named(rt, args.screen_name)
        codes = moderation.withhold_user(rt, user, _countries(args.countries))
    finally:
        rt.store.close()
    return {"id": user.id, "id_str": str(user.id), "withheld_in_countries": codes}


def scrub_geo(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """roost users scrub-geo SCREEN_NAME"""
    rt = runtime_for(settings)
    try:
        user = moderation.user_named(rt, args.screen_name)
        newest = moderation.scrub_geo(rt, user)
    finally:
        rt.store.close()
    return {
        "user_id": user.id,
        "user_id_str": str(user.id),
        "up_to_status_id": newest,
        "up_to_status_id_str": str(newest) if newest is not None else None,
    }
