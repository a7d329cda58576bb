"""Profile locations ("Paris, France", "san francisco, CA", "Tokyo") to a point, offline.

Search's ``geocode`` falls back to the author's profile location (the seeds: "Tweets created by
users whose profile location can be reverse geocoded into a lat/long"). The location is free
text; Roost looks its first part up among the GeoNames cities it ships, by name folded like
search words, and takes the most populous city of that name — in the country or US state the
rest of the text names, when it names one. Anything else ("the internet", "🌍") is None.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from roost.geo.places import atlas as loaded_atlas
from roost.search.tokens import fold

_by_name: dict[str, list[int]] | None = None
_lock = threading.Lock()


def _names() -> dict[str, list[int]]:
    """Folded city name -> indexes of the cities of that name, most populous first."""
    global _by_name
    if _by_name is None:
        with _lock:
            if _by_name is None:
                atlas = loaded_atlas()
                found: dict[str, list[int]] = {}
                for i, city in enumerate(atlas.cities):
                    found.setdefault(fold(city.name), []).append(i)
                for indexes in found.values():
                    indexes.sort(key=lambda i: -atlas.cities[i].population)
                _by_name = found
    return _by_name


@lru_cache(maxsize=20_000)
def locate(location: str) -> tuple[float, float] | None:
    """(lat, long) of the city a profile location names, or None."""
    parts = [fold(p).strip() for p in location.split(",")]
    if not parts or not parts[0]:
        return None
    candidates = _names().get(parts[0])
    if not candidates:
        return None
    atlas = loaded_atlas()
    if len(parts) > 1 and parts[1]:
        hint = parts[1]
        for i in candidates:
            city = atlas.cities[i]
            country = fold(atlas.countries.get(city.country_code, ""))
            if hint in (fold(city.country_code), fold(city.admin1), country):
                return city.lat, city.long
    city = atlas.cities[candidates[0]]
    return city.lat, city.long
