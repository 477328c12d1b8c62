"""Dictionary lookup: names, capitals, metonyms, organisations, people by date, role words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from sitrep.actors.dictionary import default_dictionary
from sitrep.actors.lookup import Lookup, country_part, key, sector_part

Parse = Callable[..., Doc]  # the ``parse`` fixture (tests/actors/conftest.py)


@pytest.fixture(scope="module")
def lookup() -> Lookup:
    return Lookup(default_dictionary())


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Russia", ("RUS", "country")),
        ("the  Russian Federation", ("RUS", "country")),
        ("Kiev", ("UKR", "capital")),
        ("the Kremlin", ("RUS", "metonym")),
        ("Atlantis", None),
    ],
)
def test_place(lookup: Lookup, text: str, found: tuple[str, str] | None) -> None:
    assert lookup.place(text) == found


def test_organisation(lookup: Lookup) -> None:
    org = lookup.organisation("NATO")
    assert org is not None and org[0] == "IGOWSTNAT"


def test_person_in_and_out_of_office(lookup: Lookup) -> None:
    serving = lookup.person("Sergei Lavrov", dt.date(2022, 2, 25))
    assert serving is not None and (serving.code, serving.sector) == ("RUSGOV", "GOV")
    before = lookup.person("Zelensky", dt.date(2018, 1, 1))
    assert before is not None and (before.code, before.country, before.sector) == ("UKR", "UKR", None)
    assert lookup.person("Nobody Atall", dt.date(2022, 1, 1)) is None


def test_office_holder(lookup: Lookup) -> None:
    holder = lookup.office_holder("UKR", "GOV", "president", dt.date(2022, 2, 25))
    assert holder is not None and holder.name == "Volodymyr Zelensky"


@pytest.mark.parametrize(
    ("words", "sector", "length"), [("police officer", "COP", 2), ("army officer", "MIL", 1)]
)
def test_the_longest_role_term_wins(
    parse: Parse, lookup: Lookup, words: str, sector: str, length: int
) -> None:
    first, last = words.split()
    doc = parse(words, [(first, "NOUN", "compound", 1), (last, "NOUN", "ROOT", 1)])
    found = lookup.agent(list(doc))
    assert found is not None and (found[0].sector, found[1]) == (sector, length)


def test_code_parts() -> None:
    assert key("The  Kremlin") == "kremlin"
    assert (country_part("UKRGOV"), sector_part("UKRGOV")) == ("UKR", "GOV")
    assert (country_part("IGOWSTNAT"), country_part("NGO")) == (None, None)
