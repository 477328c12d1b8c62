"""GDELT's ActionGeo fields from a stored event's location: type, name, FIPS codes, point, feature id."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.export.countries import default_countries
from sitrep.export.gdelt import action_geo


def row(**location: Any) -> dict[str, Any]:
    keys = ("name", "lat", "lon", "country", "fips", "adm1", "geonameid", "precision", "from")
    return {f"location_{k}": location.get(k) for k in keys}


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (  # a city abroad: world city, FIPS country + GeoNames ADM1, the GeoNames id
            row(
                name="Kharkiv",
                lat=49.98,
                lon=36.25,
                country="UKR",
                fips="UP",
                adm1="UA.07",
                geonameid=706483,
                precision="city",
            ),
            ["4", "Kharkiv, Ukraine", "UP", "UP07", "", "49.98", "36.25", "706483"],
        ),
        (  # Gaza: FIPS GZ, which is its own ADM1
            row(
                name="Gaza",
                lat=31.5,
                lon=34.47,
                country="PSE",
                fips="GZ",
                adm1="PS.GZ",
                geonameid=281133,
                precision="city",
            ),
            ["4", "Gaza, Palestine", "GZ", "GZ", "", "31.5", "34.47", "281133"],
        ),
        (  # the West Bank: WE
            row(
                name="Jenin",
                lat=32.46,
                lon=35.3,
                country="PSE",
                fips="WE",
                adm1="PS.WE",
                geonameid=293783,
                precision="city",
            ),
            ["4", "Jenin, Palestine", "WE", "WE", "", "32.46", "35.3", "293783"],
        ),
        (  # a US city: US city type, state in ADM1
            row(
                name="Long Beach",
                lat=33.77,
                lon=-118.19,
                country="USA",
                fips="US",
                adm1="US.CA",
                geonameid=5367929,
                precision="city",
            ),
            ["3", "Long Beach, United States", "US", "USCA", "", "33.77", "-118.19", "5367929"],
        ),
        (  # a US state
            row(
                name="California",
                lat=36.0,
                lon=-119.0,
                country="USA",
                fips="US",
                adm1="US.CA",
                geonameid=5332921,
                precision="adm1",
            ),
            ["2", "California, United States", "US", "USCA", "", "36", "-119", "5332921"],
        ),
    ],
)
def test_action_geo_writes_gdelts_place_fields(location: dict[str, Any], expected: list[str]) -> None:
    assert action_geo(location, default_countries()) == expected


def test_a_country_location_is_a_country_match_and_none_is_type_0() -> None:
    countries = default_countries()
    russia = action_geo(row(name="Russia", country="RUS", fips="RS", precision="country"), countries)
    assert russia[:4] == ["1", "Russia", "RS", "RS"] and russia[7] == "RS"
    assert action_geo(row(), countries) == ["0", "", "", "", "", "", "", ""]
