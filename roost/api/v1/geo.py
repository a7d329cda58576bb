"""geo/id/:place_id and geo/reverse_geocode: the offline GeoNames places Tweets carry."""

from __future__ import annotations

from typing import Any

from roost.api.endpoint import Call
from roost.domain.errors import PageNotFound, ParameterInvalid, ParameterMissing
from roost.geo import places


def place(call: Call) -> dict[str, Any]:
    """GET geo/id/:place_id: one Place object (404/34 for an id Roost does not know)."""
    found = places.place_by_id(call.path_params["place_id"])
    if found is None:
        raise PageNotFound()
    return places.place_v1(found)


def reverse_geocode(call: Call) -> dict[str, Any]:
    """GET geo/reverse_geocode: the city at ``lat``/``long``, in Twitter's result shape."""
    p = call.params
    try:
        lat = float(p.required("lat"))
        long = float(p.required("long"))
    except ValueError:
        raise ParameterInvalid("lat") from None
    except ParameterMissing:
        raise
    if not (-90 <= lat <= 90 and -180 <= long <= 180):
        raise ParameterInvalid("lat")
    found = places.reverse_geocode(lat, long)
    return {
        "query": {
            "params": {
                "coordinates": {"type": "Point", "coordinates": [long, lat]},
                "accuracy": 0,
                "granularity": "neighborhood",
            },
            "type": "reverse_geocode",
        },
        "result": {"places": [places.place_v1(found)] if found else []},
    }
