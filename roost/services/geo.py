"""Geo-tagging a new status, as the seeds' "Post Tweet geo guide" describes."""

from __future__ import annotations

import re

from roost.domain.model import User

# A plain decimal number: a decimal comma ("37,78") makes Twitter drop the geo part.
_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
MAX_DECIMALS = 8


def _coordinate(raw: str | None, limit: float) -> str | None:
    """The coordinate as it will be rendered (its decimals kept, at most 8), or None if dropped."""
    if raw is None:
        return None
    raw = raw.strip()
    if not _DECIMAL.match(raw):
        return None
    value = float(raw)
    if not -limit <= value <= limit:
        return None
    whole, _, decimals = raw.lstrip("+").partition(".")
    if len(decimals) > MAX_DECIMALS:
        return f"{value:.{MAX_DECIMALS}f}"
    whole = whole or "0"
    if whole.startswith("-") and whole == "-":
        whole = "-0"
    return f"{whole}.{decimals}" if decimals else f"{whole}"


def for_status(
    user: User, lat: str | None, long: str | None, place_id: str | None
) -> tuple[str | None, str | None, str | None]:
    """(lat, long, place id) to store: everything is ignored when the user has geo off; a pair
    out of range, not numbers, written with a decimal comma or missing its partner is dropped;
    coordinates without a place get one by offline reverse geocoding."""
    if not user.geo_enabled:
        return None, None, None
    lat_text, long_text = _coordinate(lat, 90.0), _coordinate(long, 180.0)
    if lat_text is None or long_text is None:
        lat_text = long_text = None
    from roost.geo import places

    place = places.place_by_id(place_id) if place_id else None
    if place is None and lat_text is not None and long_text is not None:
        place = places.reverse_geocode(float(lat_text), float(long_text))
    return lat_text, long_text, place.id if place else None
