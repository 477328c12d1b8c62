"""Date expressions in news text, resolved against the article's publication date.

``find_dates(text, published)`` finds every date expression ("on Friday", "a day earlier", "Feb. 24",
"last month", "in 2014") and gives the calendar date it names with a precision (day, week, month or year).
The words it knows (weekday and month names, number words, units, modifiers) live in the data file
``sitrep/dates/data/lexicon.tsv``, the year rule's limits in ``date-settings.tsv``; users can load their own
copy of the folder with ``load_lexicon(folder)``. Only the
standard library is used. See ``docs/dates.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from sitrep.datafile import Row, check_unique, read_settings, read_table

LEXICON_FILE = "lexicon.tsv"
LEXICON_COLUMNS = ("kind", "word", "value")
SETTINGS_FILE = "date-settings.tsv"
SETTINGS = ("month_day_lookback_days", "month_lookback_months")

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
PRECISIONS = (DAY, WEEK, MONTH, YEAR)

WEEKDAY_MODES = frozenset({"on_or_before", "before", "after", "same_week"})
DAYPARTS = frozenset({"morning", "afternoon", "evening", "night"})
KINDS = (
    "weekday",
    "month",
    "number",
    "unit",
    "direction",
    "day",
    "daypart",
    "weekday_mod",
    "period_mod",
    "preposition",
)

_WORD = re.compile(r"^[^\s\d|]+(?: [^\s\d|]+)*$")


@dataclass(frozen=True, slots=True)
class DateRef:
    """One date expression: ``text == source[start:end]``; ``date`` is the first day of the named period."""

    start: int
    end: int
    text: str
    date: dt.date
    precision: str


@dataclass(frozen=True, slots=True, eq=False)
class Lexicon:
    """The words of ``lexicon.tsv``, keyed by the lower-cased word (single spaces between words)."""

    weekdays: Mapping[str, int]
    """Python weekday numbers, 0 = Monday."""
    months: Mapping[str, int]
    numbers: Mapping[str, int]
    units: Mapping[str, str]
    directions: Mapping[str, int]
    days: Mapping[str, int]
    dayparts: Mapping[str, str]
    weekday_mods: Mapping[str, str]
    period_mods: Mapping[str, int]
    year_prepositions: frozenset[str]
    month_prepositions: frozenset[str]
    month_day_lookback_days: int
    """A month-day without a year is put in the past if that is at most this many days (~10 months) ago."""
    month_lookback_months: int
    """A month alone is the most recent such month if that is at most this many months back."""


def _normalise(word: str) -> str:
    return " ".join(word.split()).lower()


def _int(row: Row, low: int, high: int) -> int:
    value = row.required("value")
    try:
        number = int(value)
    except ValueError:
        raise row.error(f"value must be a whole number {low}..{high}, got {value!r}") from None
    if not low <= number <= high:
        raise row.error(f"value must be a whole number {low}..{high}, got {value!r}")
    return number


def _choice(row: Row, allowed: Iterable[str]) -> str:
    value = row.required("value")
    options = sorted(allowed)
    if value not in options:
        raise row.error(f"value must be one of {', '.join(options)}, got {value!r}")
    return value


def load_lexicon(folder: Path) -> Lexicon:
    """Load and check ``lexicon.tsv`` and ``date-settings.tsv`` in ``folder``; a bad entry raises
    ``DataFileError`` with file:line."""
    tables: dict[str, dict[str, object]] = {kind: {} for kind in KINDS}
    keyed: list[tuple[Row, str]] = []
    for row in read_table(folder / LEXICON_FILE, LEXICON_COLUMNS):
        kind = row.required("kind")
        if kind not in KINDS:
            raise row.error(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        word = " ".join(row.required("word").split())
        if not _WORD.match(word):
            raise row.error(f"word must be letters or punctuation, without digits or '|', got {word!r}")
        value: object
        if kind == "weekday":
            value = _int(row, 1, 7) - 1
        elif kind == "month":
            value = _int(row, 1, 12)
        elif kind == "number":
            value = _int(row, 1, 999)
        elif kind == "unit":
            value = _choice(row, PRECISIONS)
        elif kind == "direction":
            value = _int(row, -1, 1)
            if value == 0:
                raise row.error("value must be -1 (back) or 1 (forward), got '0'")
        elif kind == "day":
            value = _int(row, -366, 366)
        elif kind == "daypart":
            value = _choice(row, DAYPARTS)
        elif kind == "weekday_mod":
            value = _choice(row, WEEKDAY_MODES)
        elif kind == "period_mod":
            value = _int(row, -99, 99)
        else:  # preposition
            targets = row.values("value")
            if not targets or any(t not in (YEAR, MONTH) for t in targets):
                raise row.error(f"value must be year, month or year|month, got {row.get('value')!r}")
            value = frozenset(targets)
        key = _normalise(word)
        keyed.append((row, f"{kind} {key}"))
        tables[kind][key] = value
    check_unique(keyed, "kind and word")

    def ints(kind: str) -> dict[str, int]:
        return {k: v for k, v in tables[kind].items() if isinstance(v, int)}

    def strs(kind: str) -> dict[str, str]:
        return {k: v for k, v in tables[kind].items() if isinstance(v, str)}

    preps = {k: v for k, v in tables["preposition"].items() if isinstance(v, frozenset)}
    settings = read_settings(folder / SETTINGS_FILE, SETTINGS)
    return Lexicon(
        weekdays=ints("weekday"),
        months=ints("month"),
        numbers=ints("number"),
        units=strs("unit"),
        directions=ints("direction"),
        days=ints("day"),
        dayparts=strs("daypart"),
        weekday_mods=strs("weekday_mod"),
        period_mods=ints("period_mod"),
        year_prepositions=frozenset(k for k, v in preps.items() if YEAR in v),
        month_prepositions=frozenset(k for k, v in preps.items() if MONTH in v),
        month_day_lookback_days=settings["month_day_lookback_days"].whole("value", 0, 366),
        month_lookback_months=settings["month_lookback_months"].whole("value", 0, 11),
    )


@cache
def default_lexicon() -> Lexicon:
    """The lexicon shipped with sitrep (loaded once)."""
    with resources.as_file(resources.files("sitrep.dates") / "data") as folder:
        return load_lexicon(folder)


# --- patterns -----------------------------------------------------------------------------------------

_START = r"(?<!\w)"
_END = r"(?!\w)"
_NUM = "[0-9]"


def _alternation(words: Iterable[str], *, names: bool = False) -> str:
    """A regex group matching any of ``words`` (longest first); ``names`` match capitalised or upper only."""
    forms: set[str] = set()
    for word in words:
        if names:
            forms.update({word[:1].upper() + word[1:], word.upper()})
        else:
            forms.add(word)
    if not forms:
        return "(?!)"
    parts = [
        r"\s+".join(re.escape(w) for w in form.split(" ")) for form in sorted(forms, key=lambda f: -len(f))
    ]
    body = "|".join(parts)
    return f"(?-i:{body})" if names else f"(?:{body})"


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], dt.date, Lexicon], tuple[dt.date, str] | None]


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _shift_month(year: int, month: int, by: int) -> dt.date:
    index = year * 12 + (month - 1) + by
    return dt.date(index // 12, index % 12 + 1, 1)


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_day(
    published: dt.date, month: int, day: int, year: str | None, lex: Lexicon
) -> tuple[dt.date, str] | None:
    if year is not None:
        found = _valid(int(year), month, day)
        return (found, DAY) if found else None
    this_year = _valid(published.year, month, day)
    if this_year is not None and this_year <= published:
        return this_year, DAY
    last_year = _valid(published.year - 1, month, day) if published.year > dt.MINYEAR else None
    if last_year is not None and (published - last_year).days <= lex.month_day_lookback_days:
        return last_year, DAY
    if this_year is not None:
        return this_year, DAY
    return (last_year, DAY) if last_year is not None else None


def _month_alone(published: dt.date, month: int, lex: Lexicon) -> tuple[dt.date, str]:
    if month <= published.month or published.month - month + 12 > lex.month_lookback_months:
        return dt.date(published.year, month, 1), MONTH
    return dt.date(published.year - 1, month, 1), MONTH


def _key(match: re.Match[str], group: str) -> str:
    return _normalise(match.group(group))


def _iso(m: re.Match[str], published: dt.date, lex: Lexicon) -> tuple[dt.date, str] | None:
    found = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
    return (found, DAY) if found else None


def _named_month_day(m: re.Match[str], published: dt.date, lex: Lexicon) -> tuple[dt.date, str] | None:
    return _month_day(published, lex.months[_key(m, "mon")], int(m["d"]), m["y"], lex)


def _month_year(m: re.Match[str], published: dt.date, lex: Lexicon) -> tuple[dt.date, str] | None:
    return dt.date(int(m["y"]), lex.months[_key(m, "mon")], 1), MONTH


def _prep_month(m: re.Match[str], published: dt.date, lex: Lexicon) -> tuple[dt.date, str] | None:
    return _month_alone(published, lex.months[_key(m, "mon")], lex)


def _prep_year(m: re.Match[str], published: dt.date, lex: Lexicon) -> tuple[dt.date, str] | None:
    return dt.date(int(m["y"]), 1, 1), YEAR


def _day_word(m: re.Match[str], published: dt.date, lex: Lexicon) -> tuple[dt.date, str] | None:
    return published + dt.timedelta(days=lex.days[_key(m, "w")]), DAY


def _count(m: re.Match[str], published: dt.date, lex: Lexicon) -> tuple[dt.date, str] | None:
    raw = _key(m, "n")
    n = int(raw) if raw.isdigit() else lex.numbers[raw]
    n *= lex.directions[_key(m, "dir")]
    unit = lex.units[_key(m, "u")]
    if unit == DAY:
        return published + dt.timedelta(days=n), DAY
    if unit == WEEK:
        return _monday(published + dt.timedelta(weeks=n)), WEEK
    if unit == MONTH:
        return _shift_month(published.year, published.month, n), MONTH
    return dt.date(published.year + n, 1, 1), YEAR


def _period(m: re.Match[str], published: dt.date, lex: Lexicon) -> tuple[dt.date, str] | None:
    by = lex.period_mods[_key(m, "mod")]
    unit = lex.units[_key(m, "u")]
    if unit == WEEK:
        return _monday(published) + dt.timedelta(weeks=by), WEEK
    if unit == MONTH:
        return _shift_month(published.year, published.month, by), MONTH
    if unit == YEAR:
        return dt.date(published.year + by, 1, 1), YEAR
    return None


def _weekday(m: re.Match[str], published: dt.date, lex: Lexicon) -> tuple[dt.date, str] | None:
    target = lex.weekdays[_key(m, "wd")]
    mode = lex.weekday_mods[_key(m, "mod")] if m["mod"] else "on_or_before"
    today = published.weekday()
    if mode == "same_week":
        return _monday(published) + dt.timedelta(days=target), DAY
    if mode == "after":
        return published + dt.timedelta(days=(target - today) % 7 or 7), DAY
    back = (today - target) % 7
    if mode == "before" and back == 0:
        back = 7
    return published - dt.timedelta(days=back), DAY


@cache
def _rules(lex: Lexicon) -> tuple[_Rule, ...]:
    months = _alternation(lex.months, names=True)
    weekdays = _alternation(lex.weekdays, names=True)
    numbers = _alternation(lex.numbers)
    dayparts = _alternation(lex.dayparts)
    year_preps = _alternation(lex.year_prepositions)
    month_preps = _alternation(lex.month_prepositions)
    periods = _alternation(k for k, v in lex.units.items() if v in (WEEK, MONTH, YEAR))
    ordinal = "(?:st|nd|rd|th)?"
    year = rf"(?:,?\s+(?P<y>{_NUM}{{4}}))?"
    specs: list[tuple[str, Callable[[re.Match[str], dt.date, Lexicon], tuple[dt.date, str] | None]]] = [
        (rf"(?<![\w-])(?P<y>{_NUM}{{4}})-(?P<m>{_NUM}{{2}})-(?P<d>{_NUM}{{2}})(?![\w-])", _iso),
        (
            rf"{_START}(?P<mon>{months})\s*(?<=[.\s])(?P<d>{_NUM}{{1,2}}){ordinal}{year}{_END}",
            _named_month_day,
        ),
        (
            rf"{_START}(?P<d>{_NUM}{{1,2}}){ordinal}\s+(?:of\s+)?(?P<mon>{months}){year}{_END}",
            _named_month_day,
        ),
        (rf"{_START}(?P<mon>{months}),?\s+(?P<y>{_NUM}{{4}}){_END}", _month_year),
        (rf"{_START}{month_preps}(?:\s+|-)(?P<mon>{months}){_END}(?!,?\s*{_NUM})", _prep_month),
        (rf"{_START}{year_preps}(?:\s+|-)(?P<y>[12]{_NUM}{{3}}){_END}", _prep_year),
        (rf"{_START}(?P<w>{_alternation(lex.days)})(?:\s+{dayparts})?{_END}", _day_word),
        (
            rf"{_START}(?P<n>{_NUM}{{1,3}}|{numbers})\s+(?P<u>{_alternation(lex.units)})"
            rf"\s+(?P<dir>{_alternation(lex.directions)}){_END}",
            _count,
        ),
        (rf"{_START}(?P<mod>{_alternation(lex.period_mods)})\s+(?P<u>{periods}){_END}", _period),
        (
            rf"{_START}(?:(?P<mod>{_alternation(lex.weekday_mods)})\s+)?(?P<wd>{weekdays})"
            rf"(?:\s+{dayparts})?{_END}",
            _weekday,
        ),
    ]
    return tuple(_Rule(re.compile(p, re.IGNORECASE), f) for p, f in specs)


# --- public API ---------------------------------------------------------------------------------------


def find_dates(text: str, published: dt.date, lexicon: Lexicon | None = None) -> list[DateRef]:
    """Every date expression in ``text``, in order and non-overlapping (the longest wins), resolved against
    ``published``. Expressions whose date cannot exist ("Feb. 30", year 0) are skipped; never raises."""
    if isinstance(published, dt.datetime):
        published = published.date()
    lex = lexicon if lexicon is not None else default_lexicon()
    candidates: list[DateRef] = []
    for rule in _rules(lex):
        for match in rule.pattern.finditer(text):
            try:
                resolved = rule.resolve(match, published, lex)
            except (ValueError, OverflowError, KeyError):
                resolved = None
            if resolved is not None:
                start, end = match.span()
                candidates.append(DateRef(start, end, text[start:end], resolved[0], resolved[1]))
    if not candidates:
        return []
    candidates.sort(key=lambda r: (r.start - r.end, r.start))
    taken = bytearray(len(text))
    chosen: list[DateRef] = []
    for ref in candidates:
        if taken.find(1, ref.start, ref.end) == -1:
            taken[ref.start : ref.end] = b"\x01" * (ref.end - ref.start)
            chosen.append(ref)
    chosen.sort(key=lambda r: r.start)
    return chosen


def resolve_phrase(
    phrase: str, published: dt.date, lexicon: Lexicon | None = None
) -> tuple[dt.date, str] | None:
    """The date and precision of ``phrase`` when the whole phrase (give or take surrounding white space and
    final punctuation) is one date expression; ``None`` otherwise."""
    for candidate in (phrase.strip(), phrase.strip().rstrip(".,;:!?").strip()):
        refs = find_dates(candidate, published, lexicon)
        if len(refs) == 1 and refs[0].start == 0 and refs[0].end == len(candidate):
            return refs[0].date, refs[0].precision
    return None
