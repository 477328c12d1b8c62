"""Country geography for the exports: ISO3 → FIPS 10-4 code (as GDELT writes it), name and centroid.

The table lives in ``data/countries.tsv`` (one row per ISO 3166-1 country or territory, plus Kosovo). A
bad entry raises :class:`~sitrep.errors.DataFileError` with ``file:line``. GDELT's ``*Geo_CountryCode``
fields hold FIPS 10-4 codes, not ISO codes: Russia is ``RS``, Ukraine ``UP``, Germany ``GM``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from sitrep.datafile import Row, check_unique, read_table
from sitrep.errors import DataFileError

COUNTRY_COLUMNS = ("iso3", "fips", "name", "lat", "lon")
COUNTRIES_FILE = "countries.tsv"

_ISO3 = re.compile(r"^[A-Z]{3}$")
_FIPS = re.compile(r"^[A-Z0-9]{2}$")


@dataclass(frozen=True, slots=True)
class Country:
    """One row of ``countries.tsv``."""

    iso3: str
    fips: str
    """FIPS 10-4 code, as GDELT's ``*Geo_CountryCode`` fields hold it."""
    name: str
    lat: float
    lon: float


def _coordinate(row: Row, column: str, limit: float) -> float:
    value = row.required(column)
    try:
        number = float(value)
    except ValueError:
        raise row.error(f"{column} must be a number, got {value!r}") from None
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise row.error(f"{column} must be between {-limit:g} and {limit:g}, got {value!r}")
    return number


def _country(row: Row) -> Country:
    iso3 = row.required("iso3")
    if not _ISO3.match(iso3):
        raise row.error(f"iso3 must be three upper-case letters, got {iso3!r}")
    fips = row.required("fips")
    if not _FIPS.match(fips):
        raise row.error(f"fips must be two upper-case letters or digits, got {fips!r}")
    return Country(
        iso3=iso3,
        fips=fips,
        name=row.required("name"),
        lat=_coordinate(row, "lat", 90.0),
        lon=_coordinate(row, "lon", 180.0),
    )


def load_countries(folder: Path) -> dict[str, Country]:
    """Load and check ``countries.tsv`` in ``folder``: the countries by ISO3 code, in file order."""
    path = folder / COUNTRIES_FILE
    rows = list(read_table(path, COUNTRY_COLUMNS))
    countries = [_country(row) for row in rows]
    check_unique([(row, c.iso3) for row, c in zip(rows, countries, strict=True)], "iso3")
    if not countries:
        raise DataFileError(path, 1, "the file has no countries")
    return {c.iso3: c for c in countries}


@cache
def default_countries() -> dict[str, Country]:
    """The country table shipped with sitrep (loaded once; do not change the returned dict)."""
    with resources.as_file(resources.files("sitrep.export") / "data") as folder:
        return load_countries(folder)
