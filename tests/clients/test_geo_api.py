"""Geo-tagging through statuses/update, by the seeds' "Post Tweet geo guide"."""

from __future__ import annotations

import pytest
import requests
import tweepy

from roost.geo import places
from roost.services import users
from tests.support.cast import Cast, Member
from tests.support.server import LiveServer


def _geo_member(cast: Cast) -> Member:
    member = cast.new_member("geo")
    users.update_settings(cast.rt, member.user, geo_enabled=True)
    return member


def _post(cast: Cast, member: Member, server: LiveServer, **params: str) -> dict:
    session = cast.session(member)
    r = session.post(server.url + "/1.1/statuses/update.json", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_coordinates_keep_their_digits_and_get_a_place(cast: Cast, server: LiveServer) -> None:
    member = _geo_member(cast)
    r = cast.session(member).post(
        server.url + "/1.1/statuses/update.json",
        params={"status": "at the office", "lat": "37.78210000", "long": "-122.40060"},
    )
    raw = r.text
    assert '"geo":{"type":"Point","coordinates":[37.78210000,-122.40060]}' in raw
    assert '"coordinates":{"type":"Point","coordinates":[-122.40060,37.78210000]}' in raw
    body = r.json()
    place = body["place"]
    assert place["name"] == "San Francisco" and place["full_name"] == "San Francisco, CA"
    assert place["country_code"] == "US" and place["place_type"] == "city"
    assert list(place) == [
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
    ring = place["bounding_box"]["coordinates"][0]
    assert place["bounding_box"]["type"] == "Polygon" and len(ring) == 4
    assert place["url"].endswith(f"/1.1/geo/id/{place['id']}.json")
    shown = member.api.get_status(body["id"])._json
    assert shown["place"]["id"] == place["id"] and shown["geo"]["coordinates"] == [
        37.7821,
        -122.4006,
    ]


def test_more_than_eight_decimals_are_rounded(cast: Cast, server: LiveServer) -> None:
    member = _geo_member(cast)
    session = cast.session(member)
    r = session.post(
        server.url + "/1.1/statuses/update.json",
        params={"status": "precise", "lat": "48.856613123456", "long": "2.3522"},
    )
    assert '"coordinates":[48.85661312,2.3522]' in r.text


@pytest.mark.parametrize(
    "lat,long",
    [
        ("91", "10"),
        ("10", "181"),
        ("abc", "10"),
        ("37,7821", "-122,4006"),
        ("-90.5", "0"),
    ],
)
def test_bad_coordinates_are_dropped(cast: Cast, server: LiveServer, lat: str, long: str) -> None:
    body = _post(
        cast, _geo_member(cast), server, status=f"dropped {lat} {long}", lat=lat, long=long
    )
    assert body["geo"] is None and body["coordinates"] is None and body["place"] is None


def test_a_lone_latitude_is_dropped(cast: Cast, server: LiveServer) -> None:
    body = _post(cast, _geo_member(cast), server, status="only lat", lat="37.78")
    assert body["geo"] is None and body["place"] is None


def test_geo_disabled_user_posts_without_geo(cast: Cast, server: LiveServer) -> None:
    body = _post(
        cast,
        cast.new_member("nogeo"),
        server,
        status="no geo for me",
        lat="37.78",
        long="-122.40",
        place_id=places.reverse_geocode(48.8566, 2.3522).id,
    )
    assert body["geo"] is None and body["coordinates"] is None and body["place"] is None


def test_place_id_attaches_that_place(cast: Cast, server: LiveServer) -> None:
    paris = places.reverse_geocode(48.8566, 2.3522)
    body = _post(cast, _geo_member(cast), server, status="bonjour", place_id=paris.id)
    assert body["place"]["name"] == "Paris" and body["geo"] is None
    unknown = _post(cast, _geo_member(cast), server, status="nowhere", place_id="0123456789abcdef")
    assert unknown["place"] is None


def test_display_coordinates_false_hides_the_pin(cast: Cast, server: LiveServer) -> None:
    body = _post(
        cast,
        _geo_member(cast),
        server,
        status="pin off",
        lat="35.6762",
        long="139.6503",
        display_coordinates="false",
    )
    assert body["geo"] is None and body["coordinates"] is None
    assert body["place"]["country_code"] == "JP"


def test_ocean_has_coordinates_but_no_place(cast: Cast, server: LiveServer) -> None:
    body = _post(cast, _geo_member(cast), server, status="at sea", lat="0.0", long="-140.0")
    assert body["geo"]["coordinates"] == [0.0, -140.0] and body["place"] is None


def test_raw_response_is_valid_json(cast: Cast, server: LiveServer) -> None:
    member = _geo_member(cast)
    session = cast.session(member)
    r = session.post(
        server.url + "/1.1/statuses/update.json",
        params={"status": "json", "lat": "-22.912214", "long": "-43.230182"},
    )
    assert requests.models.complexjson.loads(r.text)["place"]["country_code"] == "BR"


def test_geo_id_and_reverse_geocode(cast: Cast) -> None:
    api = cast.plain.api
    found = api.reverse_geocode(lat=48.8566, long=2.3522)
    assert found[0].name == "Paris"
    again = api.geo_id(found[0].id)
    assert again.full_name == found[0].full_name
    app_only = cast.app_only().geo_id(found[0].id)
    assert app_only.id == found[0].id
    with pytest.raises(tweepy.NotFound) as err:
        api.geo_id("0000000000000000")
    assert err.value.api_codes == [34]
