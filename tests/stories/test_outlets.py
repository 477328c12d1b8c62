"""The outlet table: lookups by credited name, alias, web host and URL, and the loader's file:line errors."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from support import assert_bad_entry_reported

from sitrep.stories.outlets import default_outlets, host, load_outlets

DATA = Path(str(resources.files("sitrep.stories") / "data"))


def load(folder: Path) -> object:
    return load_outlets(folder / "outlets.tsv")


@pytest.mark.parametrize(
    ("source", "url", "name"),
    [
        ("TASS", None, "TASS"),
        ("ITAR-TASS", None, "TASS"),
        ("the new york times", None, "The New York Times"),
        (None, "https://tass.com/world/1364779", "TASS"),
        ("news.bbc.co.uk", None, "BBC"),
        (None, "http://www.standardmedia.co.ke/article/1", "The Standard (Kenya)"),
        ("An unknown blog", "https://www.reuters.com/world/x", "Reuters"),
    ],
)
def test_an_outlet_is_found_by_name_alias_host_or_url(source: str | None, url: str | None, name: str) -> None:
    found = default_outlets().find(source, url)
    assert found is not None and found.name == name


def test_an_unknown_outlet_is_none() -> None:
    assert default_outlets().find("The Ruritanian Courier", "https://courier.example/x") is None
    assert default_outlets().find(None, None) is None


def test_state_media_are_told_apart() -> None:
    table = default_outlets()
    tass, reuters = table.find("TASS"), table.find("Reuters")
    assert tass is not None and (tass.country, tass.ownership) == ("RUS", "state")
    assert reuters is not None and reuters.ownership == "private"


def test_host_reads_urls_and_bare_hosts() -> None:
    assert host("https://www.example.org/path?q=1") == "example.org"
    assert host("news.example.org") == "news.example.org"
    assert host(None) is None
    assert host("http://[::1") is None  # a malformed URL is no host, not an error
    assert default_outlets().find("Some blog", "http://[::1/x") is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("The Courier\tcourier.example\t\tRus\tstate\ten\t", "ISO 3166-1 alpha-3"),
        ("The Courier\tcourier.example\t\tRUS\towned\ten\t", "ownership must be one of"),
        ("The Courier\twww.courier.example\t\tRUS\tstate\ten\t", "without 'www.'"),
        ("The Courier\tcourier.example\t\tRUS\tstate\tEnglish\t", "ISO 639-1"),
        ("The Courier\ttass.com\t\tRUS\tstate\ten\t", "duplicate outlet name or domain"),
        ("TASS\tcourier.example\t\tRUS\tstate\ten\t", "duplicate outlet name or domain"),
        ("\tcourier.example\t\tRUS\tstate\ten\t", "must not be empty"),
    ],
)
def test_a_bad_entry_is_reported_with_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    assert_bad_entry_reported(load, DATA, tmp_path, "outlets.tsv", line, message)
