"""Place names found and resolved in articles we write, and the events they locate."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import assert_bad_entry_reported

from sitrep.pipeline import Extractor
from sitrep.places.gazetteer import DATA, GAZETTEER, Gazetteer, default_gazetteer, key_hash, name_key
from sitrep.records import Document, Place

KYIV, KHARKIV, GAZA, EL_FASHER, LONG_BEACH, POKROVSK_UA = 703448, 706483, 281133, 379555, 5367929, 704422


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def places(extractor: Extractor, text: str) -> list[Place]:
    return list(extractor(text, published="2024-05-06").places)


def one(found: list[Place], text: str) -> Place:
    hits = [p for p in found if p.text == text]
    assert hits, f"{text!r} not found among {[p.text for p in found]}"
    return hits[0]


@pytest.mark.parametrize(
    ("name", "other"),
    [("Kyiv", "Kiev"), ("Kharkiv", "Kharkov"), ("Gaza", "Ghazzah"), ("El Fasher", "Al Fashir")],
)
def test_a_place_and_its_other_spelling_are_one_entry(name: str, other: str) -> None:
    gazetteer = default_gazetteer()
    assert gazetteer.lookup(name) and gazetteer.lookup(other)
    ids = {e.geonameid for e in gazetteer.lookup(other)[:2]}
    assert any(e.geonameid in ids for e in gazetteer.lookup(name)[:3])


def test_kiev_and_kyiv_resolve_to_the_capital_of_ukraine(extractor: Extractor) -> None:
    found = places(extractor, "Officials met in Kyiv on Monday. Talks in Kiev went on until late.")
    for name in ("Kyiv", "Kiev"):
        place = one(found, name)
        assert (place.geonameid, place.country, place.country_fips, place.kind) == (
            KYIV,
            "UKR",
            "UP",
            "capital",
        )


def test_old_and_new_spellings_of_a_city_resolve_alike(extractor: Extractor) -> None:
    found = places(extractor, "Shelling hit Kharkiv overnight. Residents of Kharkov said the power was cut.")
    assert one(found, "Kharkiv").geonameid == one(found, "Kharkov").geonameid == KHARKIV


def test_gaza_and_ghazzah_resolve_to_gaza_with_gdelts_fips_code(extractor: Extractor) -> None:
    found = places(
        extractor, "Aid trucks reached Gaza on Tuesday. Doctors in Ghazzah said supplies were short."
    )
    for name in ("Gaza", "Ghazzah"):
        place = one(found, name)
        assert (place.geonameid, place.country, place.country_fips) == (GAZA, "PSE", "GZ")


def test_el_fasher_and_al_fashir_are_one_city_in_sudan(extractor: Extractor) -> None:
    found = places(extractor, "Fighting spread around El Fasher. Aid workers left Al Fashir on Sunday.")
    assert one(found, "El Fasher").geonameid == one(found, "Al Fashir").geonameid == EL_FASHER
    assert one(found, "El Fasher").country == "SDN"


def test_a_state_abbreviation_after_a_comma_places_the_city(extractor: Extractor) -> None:
    found = places(extractor, "A warehouse fire broke out in Long Beach, CA, on Friday night.")
    city = one(found, "Long Beach")
    assert (city.geonameid, city.adm1, city.adm1_name) == (LONG_BEACH, "US.CA", "California")
    assert one(found, "CA").kind == "adm1"


def test_pokrovsk_in_a_donetsk_story_is_the_ukrainian_town(extractor: Extractor) -> None:
    found = places(
        extractor,
        "Russian forces shelled Pokrovsk in the Donetsk region on Monday. Residents of Donetsk Oblast "
        "were told to leave.",
    )
    pokrovsk = one(found, "Pokrovsk")
    assert (pokrovsk.country, pokrovsk.adm1) == ("UKR", "UA.05")
    assert pokrovsk.geonameid == POKROVSK_UA


def test_georgia_is_the_country_or_the_us_state_as_the_article_says(extractor: Extractor) -> None:
    abroad = places(
        extractor, "Protesters rallied in Tbilisi. Georgia's parliament passed the law on Tuesday."
    )
    assert one(abroad, "Georgia").country == "GEO"
    at_home = places(
        extractor,
        "Storms moved from Alabama into Georgia overnight, and Atlanta and Savannah lost power. "
        "Georgia officials said schools in Macon would stay shut.",
    )
    state = one(at_home, "Georgia")
    assert (state.country, state.kind, state.adm1) == ("USA", "adm1", "US.GA")


def test_countries_and_states_resolve_to_themselves(extractor: Extractor) -> None:
    found = places(extractor, "The USA and France signed a pact. California and Texas sued.")
    assert one(found, "USA").kind == "country" and one(found, "USA").country == "USA"
    assert one(found, "France").kind == "country"
    assert one(found, "California").kind == "adm1"


def test_a_demonym_gives_a_country_not_a_point_inside_it(extractor: Extractor) -> None:
    found = places(extractor, "Russian troops crossed the border, Ukrainian officials said.")
    russian = one(found, "Russian")
    assert (russian.country, russian.kind, russian.rule) == ("RUS", "country", "demonym")


def test_an_unknown_place_keeps_its_span_and_the_others_stay(extractor: Extractor) -> None:
    text = "Villagers fled Zzyzxqwar district on Monday and walked to Kabul."
    found = places(extractor, text)
    kabul = one(found, "Kabul")
    assert kabul.country == "AFG" and kabul.lat is not None
    for place in found:
        assert text[place.start : place.end] == place.text
        if place.rule == "unresolved":
            assert place.lat is None and place.geonameid is None


def test_analyst_places_seas_and_regions(extractor: Extractor) -> None:
    found = places(extractor, "A cargo ship was hit in the Black Sea. Fighting continued across the Donbas.")
    assert one(found, "Black Sea").kind == "sea"
    assert one(found, "Donbas").country == "UKR"


def test_resolution_is_deterministic(extractor: Extractor) -> None:
    text = "Troops moved from Springfield to Columbus and on to Paris, Texas."
    assert places(extractor, text) == places(extractor, text)
    assert one(places(extractor, text), "Paris").country == "USA"


# -- event locations -----------------------------------------------------------------------------------


def located(document: Document, trigger: str) -> tuple[str | None, str | None, str, str] | None:
    event = next(e for e in document.events if e.trigger.text == trigger)
    loc = event.location
    return None if loc is None else (loc.name, loc.country, loc.precision, loc.found)


def test_an_attack_is_located_where_it_hit(extractor: Extractor) -> None:
    document = extractor(
        "KYIV (Reuters) - Russian forces shelled Kharkiv on Monday, Ukrainian officials said.",
        published="2024-03-04",
    )
    assert located(document, "shelled") == ("Kharkiv", "UKR", "city", "sentence")
    place = next(p for p in document.places if p.text == "KYIV")
    assert place.kind == "capital"  # the dateline is a place, but not where the shelling was


def test_an_event_with_no_place_in_its_sentence_takes_the_dateline_city(extractor: Extractor) -> None:
    document = extractor(
        "NAIROBI, Kenya (AP) — Police fired tear gas at protesters on Tuesday.", published="2024-07-02"
    )
    assert located(document, "fired") == ("Nairobi", "KEN", "city", "dateline")


def test_a_statement_is_not_located_at_the_capital_that_names_a_government(extractor: Extractor) -> None:
    document = extractor("Moscow condemned the sanctions on Friday.", published="2024-05-03")
    assert located(document, "condemned") is None


def test_the_location_survives_the_json_round_trip(extractor: Extractor) -> None:
    from sitrep.records import document_from_dict

    document = extractor("Israeli aircraft struck targets in Gaza on Sunday.", published="2024-05-05")
    assert document_from_dict(document.to_dict()) == document
    assert any(e.location is not None and e.location.country_fips == "GZ" for e in document.events)


# -- the gazetteer and its data files ------------------------------------------------------------------


def test_the_shipped_gazetteer_is_compact_and_complete() -> None:
    assert GAZETTEER.stat().st_size <= 25 * 1024 * 1024
    gazetteer = default_gazetteer()
    assert len(gazetteer) > 270_000
    assert gazetteer.fips("UA") == "UP" and gazetteer.fips("RU") == "RS"
    assert gazetteer.fips("PS", "PS.GZ") == "GZ" and gazetteer.fips("PS", "PS.WE") == "WE"
    assert gazetteer.iso3("XK") == "XKX"


def test_name_keys_fold_case_accents_and_apostrophes() -> None:
    assert name_key("Kyïv") == name_key("KYIV") == "kyiv"
    assert name_key("Bila Tserkva") == name_key("bila  tserkva")
    assert name_key("The Hague") == "hague"
    assert key_hash(name_key("Kharkiv")) == key_hash("kharkiv")


def _load(folder: Path) -> Gazetteer:
    return Gazetteer(places=folder / "places.tsv", aliases=folder / "aliases.tsv")


@pytest.mark.parametrize(
    ("file", "line", "message"),
    [
        ("places.tsv", "Nowhere Sea\t\tocean\t\t10\t10\t\tmade up\t2026-12-06", "column 'kind'"),
        ("places.tsv", "Nowhere\t\tregion\tZZ\t10\t10\t\tmade up\t2026-12-06", "not an ISO 3166-1"),
        ("places.tsv", "Nowhere\t\tregion\t\t100\t10\t\tmade up\t2026-12-06", "column 'lat'"),
        ("aliases.tsv", "Atlantis\tZZ.99\tno\tmyth\t2026-12-06", "not in the gazetteer"),
        ("aliases.tsv", "Calif.\tUS.CA\tmaybe\tAP\t2026-12-06", "column 'short'"),
    ],
)
def test_a_bad_analyst_entry_is_reported_with_file_and_line(
    tmp_path: Path, file: str, line: str, message: str
) -> None:
    assert_bad_entry_reported(_load, DATA, tmp_path, file, line, message)


def test_the_outlets_country_domain_is_its_home(extractor: Extractor) -> None:
    resolver = next(s for s in extractor.stages if s.name == "places").resolver  # type: ignore[attr-defined]
    assert resolver.home("https://www.cbc.ca/news/story") == "CA"
    assert resolver.home("https://news.bbc.co.uk/1/hi") == "GB"
    assert resolver.home("https://example.com/a") is None
    assert resolver.home("https://news.example.tv/a") is None  # a vanity domain says nothing
    assert resolver.home("not a url") is None
    # Richmond (British Columbia, England, Victoria or Virginia), Perth, Cambridge: the outlet's home decides
    # when the article says no more
    for name in ("Richmond", "Perth", "Cambridge"):
        text = f"Police in {name} said the fire started overnight."
        found = {
            url: next(p.country for p in extractor(text, url=url).places if p.text == name)
            for url in ("https://www.cbc.ca/x", "https://www.bbc.co.uk/x", "https://www.abc.net.au/x")
        }
        assert list(found.values()) == ["CAN", "GBR", "AUS"], (name, found)


def test_the_gazetteers_fips_codes_agree_with_the_gdelt_country_table() -> None:
    # Places carry GeoNames' FIPS codes; the GDELT export's country table has its own. They must not drift
    # apart (where GeoNames has none, the export table's choice is used: Åland, Bonaire, US minor islands).
    from sitrep.export.countries import default_countries

    gazetteer = default_gazetteer()
    differ = {}
    for iso3, country in default_countries().items():
        iso2 = gazetteer.iso2(iso3)
        fips = gazetteer.fips(iso2) if iso2 else None
        if fips is not None and fips != country.fips:
            differ[iso3] = (fips, country.fips)
    assert differ == {}
