"""Events merged across reports (``sitrep.stories.merge``), on articles written for these tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from support import assert_bad_entry_reported, copy_folder

from sitrep.errors import DataFileError
from sitrep.pipeline import Extractor
from sitrep.records import Document
from sitrep.stories.merge import (
    LEMMAS_FILE,
    SETTINGS_FILE,
    Mention,
    Merger,
    default_merge_settings,
    load_merge_settings,
    merge_documents,
    merged_id,
    pair_score,
    stem,
)

DATA = Path(__file__).resolve().parents[2] / "src" / "sitrep" / "stories" / "data"

# Three outlets report one strike: A asserts it, B attributes it to a ministry, C gives another day.
STRIKE = {
    "a1": ("Outlet A", "Russian forces struck a power station in Kharkiv on Monday, killing two workers."),
    "b1": (
        "Outlet B",
        "Russian forces struck a power station in Kharkiv on Monday, the Ukrainian defence ministry said.",
    ),
    "c1": ("Outlet C", "Russian forces struck a power station in Kharkiv on Sunday, killing two workers."),
}
# One outlet, one story, two strikes: other attacker, other day, other place.
TWO_STRIKES = (
    "Russian forces struck a power station in Kharkiv on Monday. "
    "On Thursday, Ukrainian forces struck an oil depot in Belgorod."
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def strike_docs(extractor: Extractor) -> list[Document]:
    return [
        extractor(text, published="2026-03-03", source=outlet, id=key)
        for key, (outlet, text) in STRIKE.items()
    ]


def test_three_reports_of_one_strike_are_one_event_and_the_conflicts_show(
    strike_docs: list[Document],
) -> None:
    [event] = merge_documents(strike_docs, dict.fromkeys(STRIKE, "s1"))
    assert (event.num_mentions, event.num_sources, event.num_articles) == (3, 3, 3)
    assert event.cameo == "190"
    assert event.source == "RUSMIL"
    assert [m.article for m in event.mentions] == ["a1", "b1", "c1"]
    for mention, doc in zip(event.mentions, strike_docs, strict=True):
        assert doc.text[mention.start : mention.end] == mention.text == "struck"
    conflicts = {c.field: dict(c.values) for c in event.conflicts}
    attribution = conflicts["attribution"]
    assert attribution["asserted by the outlet"] == ("Outlet A", "Outlet C")
    [(attributed, outlets)] = [(k, v) for k, v in attribution.items() if k.startswith("attributed to")]
    assert "ministry" in attributed and outlets == ("Outlet B",)
    assert sorted(conflicts["date"].values()) == [("Outlet A", "Outlet B"), ("Outlet C",)]
    assert event.date == dt.date(2026, 3, 2)  # the date most reports give
    assert event.to_dict()["num_sources"] == 3


def test_two_strikes_in_one_story_stay_two_events(extractor: Extractor, strike_docs: list[Document]) -> None:
    other = extractor(TWO_STRIKES, published="2026-03-06", source="Outlet D", id="d1")
    events = merge_documents([*strike_docs, other], {**dict.fromkeys(STRIKE, "s1"), "d1": "s1"})
    assert [(e.source, e.num_mentions) for e in events] == [("RUSMIL", 4), ("UKRMIL", 1)]
    assert events[0].num_sources == 4


def test_ids_are_stable_and_incremental_merging_keeps_them(strike_docs: list[Document]) -> None:
    stories = dict.fromkeys(STRIKE, "s1")
    once = merge_documents(strike_docs, stories)
    again = merge_documents(strike_docs, stories)
    assert [e.id for e in once] == [e.id for e in again]
    assert once[0].id == merged_id(once[0].mentions[0]) and once[0].id.startswith("me-")
    merger = Merger()
    merger.add_documents(strike_docs[:1], stories)
    first = merger.merged()
    merger.add_documents(strike_docs[1:], stories)
    merger.add_documents(strike_docs[:1], stories)  # re-adding an article adds nothing
    assert [e.id for e in merger.merged()] == [e.id for e in first] == [e.id for e in once]
    assert merger.merged()[0].num_mentions == 3


def test_other_stories_merge_only_when_dated_close_and_coded_alike(strike_docs: list[Document]) -> None:
    apart = {"a1": "s1", "b1": "s2", "c1": "s3"}
    # Same code, same actors, dates at most a day apart (cross_story_days 1): one event over three stories.
    [event] = merge_documents(strike_docs, apart)
    assert event.stories == ("s1", "s2", "s3")
    # With 0 days, b1 (a1's code, actors and date) still joins; c1, dated a day earlier, stays alone.
    strict = dataclasses.replace(default_merge_settings(), cross_story_days=0)
    events = merge_documents(strike_docs, apart, settings=strict)
    assert [[m.article for m in e.mentions] for e in events] == [["a1", "b1"], ["c1"]]
    assert events[0].stories == ("s1", "s2")
    never = dataclasses.replace(default_merge_settings(), cross_story=False)
    assert len(merge_documents(strike_docs, apart, settings=never)) == 3


def mention(article: str, **fields: object) -> Mention:
    base: dict[str, object] = {
        "start": 0,
        "end": 5,
        "text": "fight",
        "sentence": 0,
        "story": "s",
        "outlet": None,
        "lemma": "fight",
    }
    return Mention(article=article, **{**base, **fields})  # type: ignore[arg-type]


def test_symmetric_events_match_either_way_round() -> None:
    s = default_merge_settings()
    met = mention("x", cameo="040", source="USA", target="CHN")
    met_back = mention("y", cameo="040", source="CHN", target="USA")
    hit = mention("x", cameo="190", source="USA", target="CHN")
    hit_back = mention("y", cameo="190", source="CHN", target="USA")
    assert pair_score(met, met_back, s) == pytest.approx(s.weight_lemma + s.weight_cameo + s.weight_actors)
    assert pair_score(hit, hit_back, s) == pytest.approx(s.weight_lemma + s.weight_cameo - s.weight_actors)


def test_other_roots_and_far_dates_never_merge() -> None:
    s = default_merge_settings()
    assert pair_score(mention("x", cameo="190"), mention("y", cameo="040"), s) is None
    day = dt.date(2026, 3, 1)
    far = day + dt.timedelta(days=s.date_max_gap_days + 1)
    assert pair_score(mention("x", date=day), mention("y", date=far), s) is None
    assert pair_score(mention("x", date=day), mention("y", date=day), s) == pytest.approx(
        s.weight_lemma + s.weight_date
    )


def test_the_shipped_settings_load() -> None:
    s = load_merge_settings(DATA / SETTINGS_FILE)
    assert s.linkage in ("average", "single") and s.threshold > 0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("threshold\t0.3\tagain", "duplicate setting 'threshold'"),
        ("weight_tone\t1\t", "unknown setting 'weight_tone'"),
    ],
)
def test_a_bad_settings_line_is_reported_at_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    assert_bad_entry_reported(
        lambda folder: load_merge_settings(folder / SETTINGS_FILE),
        DATA,
        tmp_path,
        SETTINGS_FILE,
        line,
        message,
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("linkage", "complete", "must be 'average' or 'single'"),
        ("symmetric_roots", "04|4x", "a CAMEO root is two digits"),
        ("weight_lemma", "heavy", "must be a number"),
    ],
)
def test_a_bad_value_is_reported_at_its_line(tmp_path: Path, name: str, value: str, message: str) -> None:
    folder = copy_folder(DATA, tmp_path)
    path = folder / SETTINGS_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    [number] = [i for i, text in enumerate(lines, start=1) if text.startswith(name + "\t")]
    lines[number - 1] = f"{name}\t{value}\tbroken"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as info:
        load_merge_settings(path)
    assert str(info.value).startswith(f"{path}:{number}: ")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("quake|temblor\tagain", "'quak' is already in the family at line"),
        ("shooting\talone", "a family needs at least two words"),
    ],
)
def test_a_bad_lemma_family_is_reported_at_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    assert_bad_entry_reported(
        lambda folder: load_merge_settings(folder / SETTINGS_FILE), DATA, tmp_path, LEMMAS_FILE, line, message
    )


def test_lemma_families_and_weak_lemmas() -> None:
    s = default_merge_settings()
    assert s.canonical(stem("quakes")) == s.canonical(stem("earthquake"))
    assert s.canonical(stem("killed")) == s.canonical(stem("death"))
    quake, earthquake = mention("x", lemma=stem("quake")), mention("y", lemma=stem("earthquake"))
    assert pair_score(quake, earthquake, s) == pytest.approx(s.weight_lemma)
    said, says = mention("x", lemma="say"), mention("y", lemma="say")
    assert pair_score(said, says, s) == pytest.approx(s.weight_lemma * s.weak_lemma_credit)
    assert "say" in s.weak_lemmas and s.weak_lemma_credit < 1


def test_two_mentions_of_one_sentence_never_merge() -> None:
    s = default_merge_settings()
    assert pair_score(mention("x", start=0), mention("x", start=10, end=15), s) is None
    assert pair_score(mention("x", start=0), mention("x", start=10, end=15, sentence=1), s) is not None
