"""Date expressions resolved against the publication date, and the date lexicon's loader."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import append_line, assert_bad_entry_reported, copy_folder

from sitrep.dates import DateRef, default_lexicon, find_dates, load_lexicon, resolve_phrase

DATA = Path(str(resources.files("sitrep.dates") / "data"))
FRIDAY = dt.date(2022, 2, 25)

ARTICLE = (
    "On Friday Russian troops advanced on the capital. A day earlier Kyiv severed ties with Moscow, and on "
    "Thursday the first missiles struck. On Monday the Kremlin recognised the two breakaway regions, after "
    "earlier this week talks collapsed. Fighting began on Feb. 24, two days ago shelling intensified, and "
    "last month diplomats had met in Geneva. Russia annexed Crimea in 2014."
)


def _by_text(refs: list[DateRef]) -> dict[str, DateRef]:
    return {ref.text: ref for ref in refs}


def test_the_article_example() -> None:
    refs = _by_text(find_dates(ARTICLE, FRIDAY))
    expected = {
        "On Friday": (dt.date(2022, 2, 25), "day"),
        "A day earlier": (dt.date(2022, 2, 24), "day"),
        "on Thursday": (dt.date(2022, 2, 24), "day"),
        "On Monday": (dt.date(2022, 2, 21), "day"),
        "earlier this week": (dt.date(2022, 2, 21), "week"),
        "Feb. 24": (dt.date(2022, 2, 24), "day"),
        "two days ago": (dt.date(2022, 2, 23), "day"),
        "last month": (dt.date(2022, 1, 1), "month"),
        "in 2014": (dt.date(2014, 1, 1), "year"),
    }
    assert {text: (ref.date, ref.precision) for text, ref in refs.items()} == expected


def test_offsets_slice_the_text_in_order_without_overlap() -> None:
    refs = find_dates(ARTICLE, FRIDAY)
    assert refs
    for ref in refs:
        assert ARTICLE[ref.start : ref.end] == ref.text
    for before, after in pairwise(refs):
        assert before.end <= after.start


@pytest.mark.parametrize(
    ("phrase", "date", "precision"),
    [
        ("today", dt.date(2022, 2, 25), "day"),
        ("yesterday", dt.date(2022, 2, 24), "day"),
        ("tomorrow", dt.date(2022, 2, 26), "day"),
        ("tonight", dt.date(2022, 2, 25), "day"),
        ("last night", dt.date(2022, 2, 24), "day"),
        ("this afternoon", dt.date(2022, 2, 25), "day"),
        ("yesterday morning", dt.date(2022, 2, 24), "day"),
        ("the day before", dt.date(2022, 2, 24), "day"),
        ("the previous day", dt.date(2022, 2, 24), "day"),
        ("a day later", dt.date(2022, 2, 26), "day"),
        ("12 days ago", dt.date(2022, 2, 13), "day"),
        ("three weeks ago", dt.date(2022, 1, 31), "week"),
        ("six months ago", dt.date(2021, 8, 1), "month"),
        ("two years ago", dt.date(2020, 1, 1), "year"),
        ("Friday", dt.date(2022, 2, 25), "day"),
        ("last Friday", dt.date(2022, 2, 18), "day"),
        ("next Friday", dt.date(2022, 3, 4), "day"),
        ("this Sunday", dt.date(2022, 2, 27), "day"),
        ("on Saturday", dt.date(2022, 2, 19), "day"),
        ("Tuesday night", dt.date(2022, 2, 22), "day"),
        ("last week", dt.date(2022, 2, 14), "week"),
        ("next week", dt.date(2022, 2, 28), "week"),
        ("this month", dt.date(2022, 2, 1), "month"),
        ("next month", dt.date(2022, 3, 1), "month"),
        ("this year", dt.date(2022, 1, 1), "year"),
        ("last year", dt.date(2021, 1, 1), "year"),
        ("February 24", dt.date(2022, 2, 24), "day"),
        ("24 February", dt.date(2022, 2, 24), "day"),
        ("Feb 24, 2022", dt.date(2022, 2, 24), "day"),
        ("24th of February 2022", dt.date(2022, 2, 24), "day"),
        ("2022-02-24", dt.date(2022, 2, 24), "day"),
        ("February 2022", dt.date(2022, 2, 1), "month"),
        ("Sept. 11", dt.date(2021, 9, 11), "day"),
        ("Dec. 3", dt.date(2021, 12, 3), "day"),
        ("March 3", dt.date(2022, 3, 3), "day"),
        ("in December", dt.date(2021, 12, 1), "month"),
        ("since 2014", dt.date(2014, 1, 1), "year"),
        ("Yesterday.", dt.date(2022, 2, 24), "day"),
    ],
)
def test_resolve_phrase(phrase: str, date: dt.date, precision: str) -> None:
    assert resolve_phrase(phrase, FRIDAY) == (date, precision)


@pytest.mark.parametrize(
    "phrase",
    ["", "hello", "Feb. 30", "2022-13-01", "the may fly", "friday", "on Friday, and more", "in 0999"],
)
def test_resolve_phrase_gives_none_for_non_dates(phrase: str) -> None:
    assert resolve_phrase(phrase, FRIDAY) is None


def test_year_rule_for_month_day_without_a_year() -> None:
    published = dt.date(2022, 1, 10)
    assert resolve_phrase("Dec. 31", published) == (dt.date(2021, 12, 31), "day")
    assert resolve_phrase("Jan. 10", published) == (dt.date(2022, 1, 10), "day")
    assert resolve_phrase("Jan. 11", published) == (dt.date(2022, 1, 11), "day")
    assert resolve_phrase("Feb 29", dt.date(2024, 3, 1)) == (dt.date(2024, 2, 29), "day")


def test_longest_match_wins() -> None:
    refs = find_dates("It happened in February 2022, on Feb 24, 2022.", FRIDAY)
    assert [(r.text, r.precision) for r in refs] == [("February 2022", "month"), ("Feb 24, 2022", "day")]


def test_a_datetime_publication_gives_dates() -> None:
    refs = find_dates("yesterday", dt.datetime(2022, 2, 25, 9, 30))
    assert refs[0].date == dt.date(2022, 2, 24) and type(refs[0].date) is dt.date


@pytest.mark.parametrize(
    "text",
    ["", "\x00\x01\x1f\x7f", "Вчера в пятницу", "昨天 星期五", "x" * 1_000_000, "on Friday " * 2000],
)
def test_never_crashes(text: str) -> None:
    refs = find_dates(text, FRIDAY)
    assert all(text[r.start : r.end] == r.text for r in refs)


def test_extreme_publication_dates_do_not_crash() -> None:
    text = "tomorrow, yesterday, next year, last month, Feb. 24, 12 years ago, next Friday"
    for published in (dt.date.min, dt.date.max):
        refs = find_dates(text, published)
        assert all(text[r.start : r.end] == r.text for r in refs)


WORDS = st.sampled_from(
    ["on", "Friday", "last", "next", "week", "Feb.", "24", "2022", "in", "a", "day", "earlier", "ago", "two"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=20).map(" ".join), st.dates())
def test_refs_always_slice_the_text(text: str, published: dt.date) -> None:
    refs = find_dates(text, published)
    for ref in refs:
        assert text[ref.start : ref.end] == ref.text
        assert ref.precision in {"day", "week", "month", "year"}
    assert all(a.end <= b.start for a, b in pairwise(refs))


def test_shipped_lexicon_loads() -> None:
    lex = default_lexicon()
    assert lex.weekdays["friday"] == 4
    assert lex.months["sept."] == 9 and lex.months["feb"] == 2
    assert lex.numbers["twelve"] == 12
    assert "in" in lex.year_prepositions


def test_a_word_added_to_the_lexicon_is_recognised(tmp_path: Path) -> None:
    folder = copy_folder(DATA, tmp_path)
    append_line(folder / "lexicon.tsv", "direction\tprior\t-1")
    lex = load_lexicon(folder)
    refs = find_dates("Two days prior the talks failed.", FRIDAY, lex)
    assert [(r.text, r.date) for r in refs] == [("Two days prior", dt.date(2022, 2, 23))]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("month\tFebruari\t13", "value must be a whole number 1..12"),
        ("season\tspring\t3", "kind must be one of"),
        ("unit\tfortnight\tfortnight", "value must be one of day, month, week, year"),
        ("weekday_mod\tcoming\tsoon", "value must be one of"),
        ("number\t\t3", "column 'word' must not be empty"),
        ("number\t2nd\t2", "word must be letters"),
        ("month\tfeb\t2", "duplicate kind and word 'month feb'"),
        ("preposition\tafter\tday", "value must be year, month or year|month"),
        ("day\tyesterday", "expected 3 tab-separated fields, found 2"),
    ],
)
def test_bad_lexicon_rows_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    assert_bad_entry_reported(load_lexicon, DATA, tmp_path, "lexicon.tsv", line, message)


def test_the_year_rule_limits_are_data(tmp_path: Path) -> None:
    published = dt.date(2022, 2, 25)
    assert find_dates("On Dec. 3 talks began.", published)[0].date == dt.date(2021, 12, 3)
    folder = copy_folder(DATA, tmp_path)
    path = folder / "date-settings.tsv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "month_day_lookback_days\t304", "month_day_lookback_days\t30"
        ),
        encoding="utf-8",
    )
    assert find_dates("On Dec. 3 talks began.", published, load_lexicon(folder))[0].date == dt.date(
        2022, 12, 3
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("month_lookback_months\t10\t", "duplicate setting 'month_lookback_months'"),
        ("week_lookback\t2\t", "unknown setting 'week_lookback'"),
    ],
)
def test_bad_settings_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    assert_bad_entry_reported(load_lexicon, DATA, tmp_path, "date-settings.tsv", line, message)
