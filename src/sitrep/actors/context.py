"""The article's context: its dateline, and the country an actor without a country word belongs to.

A **dateline** ("KYIV, Ukraine (AP) —", "YEREVAN, May 3. /TASS/.", "(Reuters) –", "BEIRUT -") is metadata:
the place a story was filed from and the agency that filed it. It is never a source, a target or a speaker.
It is found at the start of one of the article's first lines, by its shape: capitalised place names (with a
date after a comma), then an agency in brackets or slashes (the agencies are data: ``words.tsv``,
``dateline_agency``) and/or a dash or colon. Without an agency, the place must be written in capitals or be
a country or capital the dictionary knows followed by a dash (a title "Mali: …" is no dateline), so an
ordinary first sentence is never taken for one.

The **context country** is what "the army", "police", "the government" or a named official no dictionary
knows belong to when their own words name no country: the dateline's place (``dateline``), else the country
the article names most often (``article``). Mentions coded from it say so in ``actor_from``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sitrep.actors.lookup import Lookup
from sitrep.actors.view import ArticleView

_PLACE = r"[A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*){0,3}"
_DATE = r"[A-Z][a-z]{2,8}\.? \d{1,2}\.?"
_FIRST_LINES = 4
"""How many non-empty lines from the top a dateline may start (a title, a byline, then the story)."""
_LONGEST = 80
"""A dateline is short: at most this many characters."""


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline's character span, the country of its place (``None`` for "(Reuters) –"), and the spans of
    its place names ("KYIV", "Ukraine" in "KYIV, Ukraine (AP) —")."""

    start: int
    end: int
    country: str | None
    places: tuple[tuple[int, int], ...] = ()

    def holds(self, offset: int) -> bool:
        return self.start <= offset < self.end


def dateline_pattern(agencies: frozenset[str]) -> re.Pattern[str]:
    """The shape of a dateline, with the agencies of ``words.tsv``."""
    names = "|".join(sorted((re.escape(a) for a in agencies), key=len, reverse=True)) or r"(?!x)x"
    agency = rf"(?:\(\s*(?i:{names})\s*\)|/\s*(?i:{names})\s*/\.?)"
    dash = r"(?:[-–—]{1,2}|:)(?=\s)"
    return re.compile(
        rf"(?P<places>{_PLACE}(?:(?:, | and ){_PLACE})*)?(?:,? {_DATE})?[ \t]*"
        rf"(?:(?P<agency>{agency})(?:[ \t]*{dash})?|(?P<dash>{dash}))"
    )


def find_dateline(text: str, pattern: re.Pattern[str], lookup: Lookup) -> Dateline | None:
    """The dateline at the start of one of the first lines of ``text``, if there is one."""
    at, lines = 0, 0
    while at < len(text) and lines < _FIRST_LINES:
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[at:end]
        stripped = len(line) - len(line.lstrip())
        if line.strip():
            lines += 1
            found = _dateline_at(line, stripped, pattern, lookup)
            if found is not None:
                start, stop, country, places = found
                spans = tuple((at + a, at + b) for a, b in places)
                return Dateline(at + start, at + stop, country, spans)
        at = end + 1
    return None


def _dateline_at(
    line: str, start: int, pattern: re.Pattern[str], lookup: Lookup
) -> tuple[int, int, str | None, list[tuple[int, int]]] | None:
    match = pattern.match(line, start)
    if match is None:
        return None
    end = match.end()
    if end - start > _LONGEST or not line[end:].strip():
        return None
    spans = _names(match)
    places = [line[a:b] for a, b in spans]
    countries = [found[0] for p in places if (found := lookup.place(p)) is not None]
    if not match.group("agency"):
        # Without an agency: a place in capitals, or a known place before a dash ("Mali: …" is a title).
        colon = match.group("dash") == ":"
        if not places or not (places[0].isupper() or (countries and not colon)):
            return None
    return start, end, countries[0] if countries else None, spans


def _names(match: re.Match[str]) -> list[tuple[int, int]]:
    """The spans of the place names in a dateline's ``places`` ("RALEIGH", "N.C." in "RALEIGH, N.C.")."""
    names = match.group("places")
    if not names:
        return []
    base, at, spans = match.start("places"), 0, []
    for separator in re.finditer(r", | and ", names):
        spans.append((base + at, base + separator.start()))
        at = separator.end()
    spans.append((base + at, base + len(names)))
    return [(a, b) for a, b in spans if b > a]


def article_country(view: ArticleView, lookup: Lookup, dateline: Dateline | None) -> tuple[str, str] | None:
    """The country the article names most often (places, country adjectives, home countries of known
    organisations), with ``article``; the dateline's country breaks a tie (then ``dateline``), else the
    first named wins."""
    counts: Counter[str] = Counter()
    for token in view.doc:
        if dateline is not None and dateline.holds(token.idx):
            continue
        entity = view.entity(token)
        iso3: str | None = None
        if entity is not None:
            if token.i != entity.start:
                continue
            place = lookup.place(entity.text)
            org = lookup.organisation(entity.text) if place is None else None
            iso3 = place[0] if place else (org[1] if org else None)
        elif token.pos_ in ("ADJ", "PROPN", "NOUN"):
            iso3 = lookup.adjectives.get(token.lower_) or lookup.countries.get(token.lower_)
        if iso3 is not None:
            counts[iso3] += 1
    here = dateline.country if dateline is not None else None
    if not counts:
        return (here, "dateline") if here is not None else None
    top = max(counts.values())
    leaders = [c for c, n in counts.items() if n == top]
    if here is not None and here in leaders:
        return here, "dateline" if len(leaders) > 1 else "article"
    return leaders[0], "article"
