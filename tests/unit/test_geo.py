"""Offline places (roost/geo): reverse geocoding, place ids, the v1.1 Place object, containment."""

from __future__ import annotations

import functools
import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roost.geo import RADIUS_KM, Place, contains, place_by_id, place_v1, preload, reverse_geocode
from roost.geo import places as places_module
from roost.geo.data import EARTH_RADIUS_KM, City, half_width_km, place_id
from roost.geo.index import CityGrid, unit_vector

SF = (37.7821, -122.4006)  # the statuses/update docs' example lat/long (Moscone Center)
RIO = (-22.9122, -43.2302)  # the search docs' geocode example

WELL_KNOWN = [
    # (lat, long, name, country_code, country, full_name)
    (*SF, "San Francisco", "US", "United States", "San Francisco, CA"),
    (48.8566, 2.3522, "Paris", "FR", "France", "Paris, France"),
    (35.6762, 139.6503, "Tokyo", "JP", "Japan", "Tokyo, Japan"),
    (*RIO, "Rio de Janeiro", "BR", "Brazil", "Rio de Janeiro, Brazil"),
    (-33.8688, 151.2093, "Sydney", "AU", "Australia", "Sydney, Australia"),
    (40.7128, -74.0060, "New York City", "US", "United States", "New York City, NY"),
    # A neighbour of San Francisco keeps its own name: the big city does not swallow it.
    (37.8044, -122.2712, "Oakland", "US", "United States", "Oakland, CA"),
]


@pytest.fixture(scope="module", autouse=True)
def _loaded() -> Iterator[None]:
    preload()  # about a second, paid once, so hypothesis never times the first load
    yield


def distance_km(lat1: float, long1: float, lat2: float, long2: float) -> float:
    """Great-circle distance (haversine), independent of the index's chord arithmetic."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(long2 - long1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def sf() -> Place:
    place = reverse_geocode(*SF)
    assert place is not None
    return place


# -- reverse_geocode -----------------------------------------------------------------------------


@pytest.mark.parametrize(("lat", "long", "name", "code", "country", "full_name"), WELL_KNOWN)
def test_reverse_geocode_well_known_cities(
    lat: float, long: float, name: str, code: str, country: str, full_name: str
) -> None:
    place = reverse_geocode(lat, long)
    assert place is not None
    assert (place.name, place.country_code, place.country) == (name, code, country)
    assert place.full_name == full_name
    assert place.place_type == "city"
    assert contains(place, lat, long)


@pytest.mark.parametrize(
    ("lat", "long"),
    [(0.0, -150.0), (-48.8767, -123.3933), (30.0, -40.0), (-40.0, 80.0)],
    ids=["mid-pacific", "point-nemo", "mid-atlantic", "indian-ocean"],
)
def test_open_ocean_has_no_place(lat: float, long: float) -> None:
    assert reverse_geocode(lat, long) is None


@pytest.mark.parametrize(
    ("lat", "long"),
    [(90.0, 0.0), (-90.0, 0.0), (90.0, 180.0), (-90.0, -180.0), (89.999, 45.0), (-89.999, -45.0)],
)
def test_poles_answer_without_error(lat: float, long: float) -> None:
    assert reverse_geocode(lat, long) is None  # no city within 50 km of either pole


@pytest.mark.parametrize(
    ("lat", "long"),
    [(0.0, 179.99), (0.0, -179.99), (0.0, 180.0), (0.0, -180.0), (-16.4, 179.99), (-16.4, -179.99)],
)
def test_antimeridian_answers_without_error(lat: float, long: float) -> None:
    place = reverse_geocode(lat, long)
    assert (
        place is None or distance_km(lat, long, place.centroid[1], place.centroid[0]) <= RADIUS_KM
    )


@pytest.mark.parametrize("lat", [-90.0, 90.0, 0.0])
@pytest.mark.parametrize("long", [-180.0, 180.0, 0.0])
def test_exact_bounds_are_valid(lat: float, long: float) -> None:
    assert reverse_geocode(lat, long) is None  # poles, the antimeridian and Null Island: sea


@pytest.mark.parametrize(
    ("lat", "long"), [(90.5, 0.0), (-91.0, 0.0), (0.0, 180.5), (0.0, -181.0), (math.nan, 0.0)]
)
def test_out_of_range_is_ignored_like_statuses_update(lat: float, long: float) -> None:
    assert reverse_geocode(lat, long) is None


def test_the_grid_wraps_at_the_antimeridian_and_over_the_poles() -> None:
    town = City(1, "East", 0.0, 179.9, "FJ", "", 20000)
    polar = City(2, "North", 89.9, 0.0, "NO", "", 20000)
    grid = CityGrid([town, polar])
    assert grid.locate(0.0, -179.9) == 0  # 22 km away, across the seam
    assert grid.locate(89.9, 180.0) == 1  # 22 km away, across the pole
    assert grid.locate(0.0, -179.0) is None  # 122 km away


def test_a_city_section_gives_way_to_its_city() -> None:
    # The nearest GeoNames record to Moscone Center is the section "Chinatown"; Twitter said SF.
    assert sf().name == "San Francisco"


# -- the grid agrees with a brute-force scan -----------------------------------------------------

_LIMIT2 = (2 * math.sin(RADIUS_KM / EARTH_RADIUS_KM / 2)) ** 2


def cities() -> list[City]:
    return places_module._get_atlas().cities


@functools.cache
def _city_vectors() -> list[tuple[float, float, float, float]]:
    """Each city's unit vector and squared half-width (unit sphere), computed independently."""
    out = []
    for city in cities():
        half = half_width_km(city.population) / EARTH_RADIUS_KM
        out.append((*unit_vector(city.lat, city.long), half * half))
    return out


def brute_force(lat: float, long: float) -> int | None:
    """The index's rule, applied to every city: least (chord / half-width), within the radius."""
    qx, qy, qz = unit_vector(lat, long)
    best: tuple[float, int] = (math.inf, -1)
    for i, (x, y, z, half2) in enumerate(_city_vectors()):
        d2 = (x - qx) ** 2 + (y - qy) ** 2 + (z - qz) ** 2
        if d2 <= _LIMIT2:
            best = min(best, (d2 / half2, i))
    return best[1] if best[1] >= 0 else None


anywhere = st.tuples(
    st.floats(min_value=-90, max_value=90, allow_nan=False),
    st.floats(min_value=-180, max_value=180, allow_nan=False),
)


any_city = st.deferred(lambda: st.sampled_from(cities()))  # deferred: built after the load


@st.composite
def near_a_city(draw: st.DrawFn) -> tuple[float, float]:
    city = draw(any_city)
    lat = city.lat + draw(st.floats(min_value=-0.6, max_value=0.6))
    long = city.long + draw(st.floats(min_value=-0.6, max_value=0.6))
    return max(-90.0, min(90.0, lat)), (long + 180.0) % 360.0 - 180.0


points = st.one_of(anywhere, near_a_city())


@settings(deadline=None, max_examples=300)
@given(points)
def test_reverse_geocode_never_raises_and_stays_within_the_radius(
    point: tuple[float, float],
) -> None:
    lat, long = point
    place = reverse_geocode(lat, long)
    if place is not None:
        c_long, c_lat = place.centroid
        assert distance_km(lat, long, c_lat, c_long) <= RADIUS_KM + 1e-6
        assert contains(place, c_lat, c_long)


@settings(deadline=None, max_examples=100)
@given(points)
def test_grid_agrees_with_brute_force(point: tuple[float, float]) -> None:
    assert places_module._get_atlas().grid.locate(*point) == brute_force(*point)


# -- ids -----------------------------------------------------------------------------------------


def test_place_by_id_round_trip() -> None:
    for lat, long, *_ in WELL_KNOWN:
        place = reverse_geocode(lat, long)
        assert place is not None
        assert re.fullmatch(r"[0-9a-f]{16}", place.id)
        assert place_by_id(place.id) == place


@pytest.mark.parametrize(
    "unknown", ["0000000000000000", "", "df51dec6f4ee2b2c", "215612DB1C9EE8C8"]
)
def test_place_by_id_unknown(unknown: str) -> None:
    assert place_by_id(unknown) is None


def test_ids_never_change() -> None:
    # Stored Tweets keep place ids: the derivation from the GeoNames id is pinned.
    assert place_id(5391959) == "215612db1c9ee8c8"  # GeoNames 5391959 = San Francisco
    assert sf().id == "215612db1c9ee8c8"


def test_ids_are_stable_across_fresh_processes() -> None:
    script = (
        "import json; from roost.geo import reverse_geocode; "
        f"print(json.dumps([reverse_geocode(a, b).id for a, b, *_ in {WELL_KNOWN!r}]))"
    )
    runs = []
    for seed in ("1", "2"):  # a different str-hash salt in each process
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        runs.append(json.loads(out.stdout))
    here = [reverse_geocode(a, b).id for a, b, *_ in WELL_KNOWN]  # type: ignore[union-attr]
    assert runs[0] == runs[1] == here
    assert len(set(here)) == len(here)


# -- the v1.1 Place object -----------------------------------------------------------------------


def test_place_v1_keys_and_shapes() -> None:
    place = sf()
    body = place_v1(place)
    assert list(body) == [
        "id",
        "url",
        "place_type",
        "name",
        "full_name",
        "country_code",
        "country",
        "contained_within",
        "bounding_box",
        "attributes",
    ]
    assert body["url"] == f"https://api.twitter.com/1.1/geo/id/{place.id}.json"
    assert (body["place_type"], body["name"], body["full_name"]) == (
        "city",
        "San Francisco",
        "San Francisco, CA",
    )
    assert (body["country_code"], body["country"]) == ("US", "United States")
    assert body["contained_within"] == [] and body["attributes"] == {}
    box = body["bounding_box"]
    assert list(box) == ["type", "coordinates"] and box["type"] == "Polygon"
    (ring,) = box["coordinates"]
    assert len(ring) == 4 and all(len(p) == 2 and isinstance(p, list) for p in ring)
    # Twitter's corner order for embedded places: SW, NW, NE, SE, not closed.
    (w, s), (w2, n), (e, n2), (e2, s2) = ring
    assert (w, n, e, s) == (w2, n2, e2, s2) and w < e and s < n
    assert w <= place.centroid[0] <= e and s <= place.centroid[1] <= n
    assert json.loads(json.dumps(body)) == body


def test_place_v1_url_follows_api_base() -> None:
    place = sf()
    body = place_v1(place, api_base="http://127.0.0.1:8080/")
    assert body["url"] == f"http://127.0.0.1:8080/1.1/geo/id/{place.id}.json"


def test_san_francisco_box_is_about_twitters_size() -> None:
    # Twitter's San Francisco box is about 14 km wide; ours is 2 * 7.3 km.
    (w, s), _, (e, n), _ = sf().bounding_box
    assert 10 < distance_km(s, w, s, e) < 20 and 10 < distance_km(s, w, n, w) < 20


# -- contains ------------------------------------------------------------------------------------


def test_contains_own_point_and_edges() -> None:
    place = sf()
    long, lat = place.centroid
    assert contains(place, lat, long)
    (w, s), _, (e, n), _ = place.bounding_box
    assert contains(place, s, w) and contains(place, n, e)
    assert not contains(place, n + 0.01, long)
    assert not contains(place, lat, e + 0.01)
    assert not contains(place, 48.8566, 2.3522)


def test_every_city_contains_its_own_point() -> None:
    for city in cities():
        (w, s), _, (e, n), _ = places_module._box(city)
        assert w <= city.long <= e and s <= city.lat <= n, city


def test_boxes_of_big_cities_rarely_hold_another_big_city() -> None:
    big = [(i, c) for i, c in enumerate(cities()) if c.population >= 1_000_000]
    holding = 0
    for i, _city in big:
        box = places_module._place(i)
        holding += any(j != i and contains(box, o.lat, o.long) for j, o in big)
    # Measured 77 of 564: twin cities such as Cairo and Shubra al-Khaymah, 8 km apart.
    assert holding < len(big) / 5
