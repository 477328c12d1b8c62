"""The shipped actor dictionaries and their loader."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import pytest
from support import append_line, assert_bad_entry_reported, copy_folder

from sitrep.actors.dictionary import default_dictionary, load_dictionary

DATA = Path(str(resources.files("sitrep.actors") / "data"))


def test_shipped_dictionaries_load_and_hold_the_basics() -> None:
    d = default_dictionary()
    countries = {c.iso3: c for c in d.countries}
    assert len(countries) >= 195
    assert countries["RUS"].capitals[0] == "Moscow" and "the Kremlin" in countries["RUS"].metonyms
    assert {"Kyiv", "Kiev"} <= set(countries["UKR"].capitals)
    assert "U.S." in countries["USA"].aliases
    orgs = {o.code: o for o in d.organisations}
    assert "NATO" in orgs["IGOWSTNAT"].names
    assert any("OSCE" in o.names for o in d.organisations)


@pytest.mark.parametrize(
    ("name", "day", "code"),
    [
        ("Volodymyr Zelensky", dt.date(2022, 2, 25), "UKRGOV"),
        ("Sergei Lavrov", dt.date(2022, 2, 25), "RUSGOV"),
        ("Vladimir Putin", dt.date(2010, 1, 1), "RUSGOV"),
    ],
)
def test_people_roles_are_dated(name: str, day: dt.date, code: str) -> None:
    roles = [p for p in default_dictionary().people if p.name == name and p.holds_on(day)]
    assert roles and roles[0].code == code


def test_zelensky_and_lavrov_start_dates() -> None:
    people = default_dictionary().people
    assert any(p.name == "Volodymyr Zelensky" and p.start == dt.date(2019, 5, 20) for p in people)
    assert any(p.name == "Sergei Lavrov" and p.start == dt.date(2004, 3, 9) for p in people)
    assert not any(p.name == "Volodymyr Zelensky" and p.holds_on(dt.date(2019, 5, 19)) for p in people)


@pytest.mark.parametrize(
    ("file", "line", "message"),
    [
        ("countries.tsv", "ru\tRussia again\t\t\t\t", "iso3 must be three upper-case letters"),
        ("countries.tsv", "RUS\tRussia again\t\t\t\t", "duplicate iso3 'RUS'"),
        ("organisations.tsv", "IGOXYZ\tSome Body\t\tclub\t", "kind must be one of"),
        ("organisations.tsv", "NSAXYZ\tSome Group\t\tarmed_group\tZZZ", "'ZZZ' is not an iso3 code"),
        ("people.tsv", "Jane Doe\t\tZZZGOV\tpresident\t2020-01-01\t", "starts with neither"),
        ("people.tsv", "Jane Doe\t\tUKRGOV\tpresident\t2020-01-01\t2019-01-01", "is before start"),
        ("people.tsv", "Jane Doe\t\tUKRGOV\tpresident\t2020-13-01\t", "must be a date"),
        (
            "people.tsv",
            "Jane Doe\t\tUKRGOV\tpresident\t2020-01-01",
            "expected 6 tab-separated fields, found 5",
        ),
    ],
)
def test_bad_entries_name_file_and_line(tmp_path: Path, file: str, line: str, message: str) -> None:
    assert_bad_entry_reported(load_dictionary, DATA, tmp_path, file, line, message)


def test_adding_a_person_needs_no_code_change(tmp_path: Path) -> None:
    folder = copy_folder(DATA, tmp_path)
    append_line(folder / "people.tsv", "Olena Testenko\tTestenko\tUKRGOV\tdefence minister\t2026-01-05\t")
    person = next(p for p in load_dictionary(folder).people if p.name == "Olena Testenko")
    assert person.code == "UKRGOV" and person.holds_on(dt.date(2026, 11, 1))
