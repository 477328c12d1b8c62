"""Place names in an article, and the gazetteer entry each one means.

**Recognition.** A place mention is a named entity the model calls a place (GPE, LOC, FAC), a nationality
word (NORP) that sitrep's country table knows as a country's adjective, an entity of another label whose whole
text is a country's name, or a capitalised name the entity model missed that the gazetteer knows well enough
(a country, a capital, a first-level division, a city of 100,000 people) or that follows a place preposition
("in", "near", "outside"…) or opens the article as its dateline.

**Resolution** scores every entry a name may mean and keeps the best, deterministically; ``rule`` says why:

* ``prior`` — population (log scale) and the feature kind (a country before a US state of its name, a
  capital before a province, a division named as such before a city);
* ``coherence`` — entries in the countries (and first-level divisions) the article's other places and actors
  point to;
* ``parent`` — "Long Beach, CA", "Pokrovsk, Donetsk region", "X in Y": the entry inside the named parent;
* ``dateline`` — the place that opens the article, and then the article's other names near it;
* ``demonym`` — "Russian": the country, not a point in it;
* ``unresolved`` — no gazetteer entry: the span stays, with no point.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Final
from urllib.parse import urlsplit

from sitrep.places.gazetteer import Entry, Gazetteer, default_gazetteer, name_key
from sitrep.places.words import WORDS
from sitrep.records import Place
from sitrep.stages import ArticleState

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

    from sitrep.actors.dictionary import Country

PLACE_LABELS: Final = frozenset({"GPE", "LOC", "FAC"})

_PARENT_AFTER: Final = re.compile(r",\s+([A-Z][A-Za-z]*\.?(?:\s?[A-Z][A-Za-z]*\.?){0,2})(?=[\s,;:)\-—–]|$)")

ACTOR_VOTE = 0.0
"""What a coded actor's country counts for, against a place name's vote of 1 or 2. Measured on places-dev
(docs/places.md): at 0.5 every corpus resolved worse (LGL acc@161 0.756 → 0.738, TR-News 0.936 → 0.916),
since the actors' countries mostly echo the place names' own votes and add the home countries of foreign
actors; so they count for nothing until an actor coding that helps is found. The mechanism stays: set it
above 0 to try."""

COHERENCE = 4.0
"""Weight of the share of the article's other names that point to an entry's country."""

KIND_PRIOR: Final = {
    "country": 4.0,
    "capital": 2.5,
    "adm1": -1.0,
    "adm2": -2.0,
    "city": 0.0,
    "region": 6.0,
    "sea": 6.0,
    "river": 5.0,
    "crossing": 5.0,
    "base": 5.0,
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span that may name a place, before resolution."""

    start: int
    end: int
    text: str
    sentence: int
    how: str
    """ner, demonym, country-name, gazetteer, dateline"""
    division: bool = False
    """Followed by "region", "province", "state"…: the name of a division."""
    after_comma: bool = False
    """Right after a comma ("Charleston, W.Va."): where a state's abbreviation means the state."""


class PlaceResolver:
    """Finds and resolves an article's place names. Holds only what it loaded; per-article work is local."""

    def __init__(self, countries: Sequence[Country], gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        self.demonyms: dict[str, str] = {}
        self.country_names: dict[str, str] = {}
        for country in countries:
            iso = self.gazetteer.iso2(country.iso3)
            if iso is None:
                continue
            for word in country.adjectives:
                self.demonyms.setdefault(name_key(word), iso)
            for word in country.names:
                self.country_names.setdefault(name_key(word), iso)
        self.iso2_of = {c.iso3: c.iso for c in self.gazetteer.countries.values()}

    def home(self, url: str | None) -> str | None:
        """The country (ISO alpha-2) of the outlet's country-code domain: ``cbc.ca`` → CA, ``bbc.co.uk`` →
        GB; ``None`` for generic and vanity domains (``.com``, ``.co``, ``.tv`` — words.tsv's
        ``generic-domain``)."""
        if not url:
            return None
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            return None
        tld = host.rsplit(".", 1)[-1].lower()
        if len(tld) != 2 or tld in WORDS().generic_domain:
            return None
        iso = "GB" if tld == "uk" else tld.upper()
        return iso if iso in self.gazetteer.countries else None

    # -- recognition ---------------------------------------------------------------------------------

    def candidates(
        self, doc: Doc, whole: str | None = None, dateline: Sequence[tuple[int, int]] = ()
    ) -> list[Candidate]:
        """The article's place-name spans, in text order (``whole``: ``doc.text``, when the caller has it;
        ``dateline``: the spans of the place names in the article's dateline, which the actor stage found)."""
        whole = doc.text if whole is None else whole  # built from the tokens on every access: read once
        taken = [False] * (len(whole) + 1)
        sentence_of = _sentence_index(doc)
        found: list[Candidate] = []

        def add(start: int, end: int, how: str) -> None:
            if any(taken[start:end]):
                return
            text = whole[start:end]
            division = _division_after(whole, end)
            comma = whole[max(0, start - 2) : start].startswith(",")
            found.append(Candidate(start, end, text, sentence_of(start), how, division, comma))
            for i in range(start, end):
                taken[i] = True

        for start, end in dateline:
            if self.gazetteer.lookup(whole[start:end]):
                add(start, end, "dateline")
        for ent in doc.ents:
            start, end = _trim(ent)
            if start >= end:
                continue
            if ent.label_ in PLACE_LABELS or ent.label_ == "NORP":
                start, end = self._widen(doc, ent, start, end, whole)
            key = name_key(whole[start:end])
            if ent.label_ in PLACE_LABELS:
                if key in self.demonyms and key not in self.country_names:
                    add(start, end, "demonym")
                else:
                    add(start, end, "ner")
            elif ent.label_ == "NORP" and key in self.demonyms:
                add(start, end, "demonym")
            elif ent.label_ in ("PERSON", "PER", "ORG") and self._misread_person(doc, whole, ent, start, end):
                add(start, end, "ner-person")
            elif key in self.country_names:
                add(start, end, "country-name")
        # "Long Beach, CA", "Charleston, W.Va.": the state or country after a place and a comma, whatever
        # label the entity model gave it
        for cand in list(found):
            after = _PARENT_AFTER.match(whole, cand.end)
            if after:
                entries = self.gazetteer.lookup(after.group(1))
                if any(e.kind in ("adm1", "country") for e in entries[:3]):
                    add(after.start(1), after.end(1), "parent")
        blocked = [False] * (len(whole) + 1)
        for ent in doc.ents:
            if ent.label_ not in PLACE_LABELS:
                for i in range(ent.start_char, ent.end_char):
                    blocked[i] = True
        for start, end, how in self._gazetteer_spans(doc, whole):
            if not any(blocked[start:end]):
                add(start, end, how)
        found.sort(key=lambda c: c.start)
        return found

    def _widen(self, doc: Doc, ent: SpacySpan, start: int, end: int, whole: str) -> tuple[int, int]:
        """The entity with the capitalised word before or after it, where the gazetteer knows the longer
        name as a place of its own: "New Mexico" (the model marked "Mexico"), "Indian Ocean" and "Korean
        Peninsula" (it marked a nationality word)."""
        if ent.start > 0 and ent.start_char == start:
            before = doc[ent.start - 1]
            capital = _capitalised(before.text) and (not before.is_sent_start or before.text == "New")
            if capital and _known(self.gazetteer.lookup(whole[before.idx : end])):
                start = before.idx
        if ent.end < len(doc) and ent.end_char == end:
            after = doc[ent.end]
            if _capitalised(after.text) and _known(
                self.gazetteer.lookup(whole[start : after.idx + len(after)])
            ):
                end = after.idx + len(after)
        return start, end

    def _misread_person(self, doc: Doc, whole: str, ent: SpacySpan, start: int, end: int) -> bool:
        """A "person" the entity model found where the words around it say place: after "in", "into",
        "city of"…, or before "Oblast", "region"…, and known to the gazetteer as a town of 10,000 or a
        division ("into Goma", "western Chernivtsi Oblast")."""
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        words = whole[start:end].split()
        division = words[-1].lower() in WORDS().division or _division_after(whole, end)
        weak = before in WORDS().weak  # "residents of Kharkov", "left Al Fashir": only for a large city
        if before not in WORDS().before and not weak and not division and not _city_of(doc, ent):
            return False
        entries = self.gazetteer.lookup(whole[start:end])
        if not entries and division and len(words) > 1:
            entries = self.gazetteer.lookup(" ".join(words[:-1]))
        least = 100_000 if weak and not division and not _city_of(doc, ent) else 10_000
        return any(
            e.kind in ("adm1", "adm2", "country") or e.population >= least for e in entries[:5] if not e.short
        )

    def _gazetteer_spans(self, doc: Doc, whole: str) -> Iterable[tuple[int, int, str]]:
        """Capitalised names the entity model missed that the gazetteer knows well, or that follow a place
        preposition."""
        tokens = list(doc)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if (
                not _capitalised(token.text)
                or token.lower_ in WORDS().direction  # "Western countries" is not Uganda's Western region
                or (token.is_sent_start and token.lower_ in _SENTENCE_WORDS)
                or (i > 0 and tokens[i - 1].text == "-" and not tokens[i - 1].whitespace_)
            ):
                i += 1  # "anti-Western" is not a place
                continue
            run = i
            while run + 1 < len(tokens) and run - i < 3 and _capitalised(tokens[run + 1].text):
                run += 1
            matched = False
            for last in range(run, i - 1, -1):
                start, end = token.idx, tokens[last].idx + len(tokens[last].text)
                entries = self.gazetteer.lookup(whole[start:end])
                if not entries:
                    continue
                prev = tokens[i - 1].lower_ if i > 0 else ""
                if _strong(entries, _division_after(whole, end)) or (
                    prev in WORDS().before | WORDS().weak and not token.is_sent_start
                ):
                    yield start, end, "gazetteer"
                    i = last + 1
                    matched = True
                break
            if not matched:
                i += 1

    # -- resolution ----------------------------------------------------------------------------------

    def __call__(
        self,
        doc: Doc,
        actors: Iterable[tuple[int, int, str | None]] = (),
        url: str | None = None,
        dateline: Sequence[tuple[int, int]] = (),
    ) -> tuple[Place, ...]:
        """The article's places. ``actors``: ``(start, end, country)`` of its coded actors, whose countries
        count toward coherence where their words are not a place name themselves; ``url``: the article's
        address, whose country-code domain (``.ca``, ``.co.uk``) is the outlet's home and counts once;
        ``dateline``: the spans of the place names in its dateline."""
        whole = doc.text
        found = [self._shrink(c) for c in self.candidates(doc, whole, dateline)]
        options = [self._options(c) for c in found]
        context: Counter[str] = Counter()
        home = self.home(url)
        if home:
            context[home] += 1
        for start, end, iso3 in actors:
            iso = self.iso2_of.get(iso3 or "")
            if ACTOR_VOTE and iso and not any(c.start < end and start < c.end for c in found):
                context[iso] += ACTOR_VOTE  # type: ignore[assignment]
        # Every name votes for the country its most likely entry lies in: twice when it is unambiguous (one
        # entry, or a country), once otherwise; a nationality word once. Each name is then scored against the
        # votes of the others.
        votes: list[str | None] = []
        sure_votes: list[int] = []
        voted: dict[str, int] = {}
        for cand, entries in zip(found, options, strict=True):
            best = _best(entries, cand, _PRIOR) if entries else None
            country = best.country if best else None
            votes.append(country)
            key = name_key(cand.text)
            if country and key not in voted:  # a name votes once, however often it is repeated
                rivals = {e.country for e in entries[:5] if e.population * 10 >= entries[0].population}
                sure = len(entries) == 1 or (entries[0].kind == "country" and len(rivals) == 1)
                voted[key] = 2 if sure and cand.how != "demonym" else 1
                context[country] += voted[key]
            sure_votes.append(voted.get(key, 0) if country else 0)  # what to take back when scoring it
        dateline_country = None
        for cand, entries in zip(found, options, strict=True):
            if cand.how == "dateline" and entries:
                dateline_country = _best(entries, cand, _Scoring(context)).country
        adm1s: Counter[str] = Counter()
        chosen: list[Entry | None] = []
        scorings: list[_Scoring] = []
        chosen_before: list[Entry | None] = [None] * len(found)
        # Two passes: the first settles each name by prior and country coherence; the second adds the
        # divisions the first pass found.
        for pass_ in (0, 1):
            chosen, scorings = [], []
            for index, (cand, entries) in enumerate(zip(found, options, strict=True)):
                parent = self._parent(whole, found, options, index)
                others = context.copy()
                own = votes[index]
                if own:
                    others[own] -= min(others[own], sure_votes[index])
                near = adm1s.copy() if pass_ else None
                mine = chosen_before[index]
                if near is not None and mine is not None and mine.adm1:
                    near[mine.adm1] -= 1  # its own division does not count for it
                scoring = _Scoring(others, parent, near, dateline_country)
                scorings.append(scoring)
                chosen.append(_best(entries, cand, scoring) if entries else None)
            if pass_ == 0:
                chosen_before = list(chosen)
                for entry in chosen:
                    if entry is not None and entry.adm1 and entry.kind not in ("country",):
                        adm1s[entry.adm1] += 1
        return tuple(
            self._place(f"p{number}", cand, entries, entry, scoring)
            for number, (cand, entries, entry, scoring) in enumerate(
                zip(found, options, chosen, scorings, strict=True), start=1
            )
        )

    def _shrink(self, cand: Candidate) -> Candidate:
        """A span the gazetteer does not know as a whole ("West Virginia Democratic Party"), cut to its
        longest leading run of words it knows ("West Virginia")."""
        if self.gazetteer.lookup(cand.text) or cand.how == "demonym":
            return cand
        words = cand.text.split(" ")
        if len(words) > 1 and words[0].lower() in WORDS().direction:
            return cand  # "Northern Europe": resolved by its head (_options), never cut to "Northern"
        if words[-1].lower() in WORDS().feature:
            return cand  # "Durand Line" is not Durand
        for n in range(len(words) - 1, 0, -1):
            head = " ".join(words[:n])
            if self.gazetteer.lookup(head):
                return Candidate(
                    cand.start, cand.start + len(head), head, cand.sentence, cand.how, False, cand.after_comma
                )
        return cand

    def _options(self, cand: Candidate) -> list[Entry]:
        key = name_key(cand.text)
        if cand.how == "demonym":
            iso = self.demonyms.get(key)
            entry = self.gazetteer.country(iso) if iso else None
            return [entry] if entry else []
        entries = self.gazetteer.lookup(cand.text)
        words = cand.text.split(" ")
        if not entries and len(words) > 1 and words[-1].lower() in WORDS().division:
            head = " ".join(words[:-1])  # "Chernivtsi Oblast": the division named Chernivtsi
            entries = [e for e in self.gazetteer.lookup(head) if e.kind in ("adm1", "adm2")]
            entries = entries or self.gazetteer.lookup(head)
        if not entries and len(words) > 1 and words[0].lower() in WORDS().direction:
            entries = self.gazetteer.lookup(" ".join(words[1:]))  # "North Africa", "eastern Ghouta"
        if key in self.country_names:
            entry = self.gazetteer.country(self.country_names[key])
            if entry is not None:
                entries = [entry, *(e for e in entries if e.index != entry.index)]
        if not cand.after_comma and key not in self.country_names:
            # a short form (a US state's code, "W.Va.") only right after a place and a comma
            entries = [e for e in entries if not e.short]
        return entries

    def _parent(
        self, whole: str, found: list[Candidate], options: list[list[Entry]], index: int
    ) -> list[Entry] | None:
        """The entries of the place that names this one's parent: "X, Y" or "X in Y" (Y right after)."""
        if index + 1 >= len(found):
            return None
        here, after = found[index], found[index + 1]
        between = whole[here.end : after.start].strip().lower()
        if between not in (",", "in", ", in", "in the") or not options[index + 1] or not options[index]:
            return None
        top = options[index][0]
        if top.kind in ("country", "adm1") and not top.alternate and top.index >= 0:
            return None  # "Oklahoma, Pennsylvania, Wisconsin": a list, not a place and its parent
        return options[index + 1]

    def _place(
        self,
        pid: str,
        cand: Candidate,
        entries: list[Entry],
        entry: Entry | None,
        scoring: _Scoring,
    ) -> Place:
        """The record of one name; ``score`` is the chosen entry's share of the softmax of its candidates'
        scores, scored as they were for the choice."""
        if entry is None:
            return Place(
                pid, cand.start, cand.end, cand.text, cand.sentence, None, None, None, None, None, None, None,
                None, None, None, 0.0, "unresolved",
            )  # fmt: skip
        scores = [_score(e, cand, scoring) for e in entries[:20]]
        own = _score(entry, cand, scoring)
        top = max(own, *scores)  # shifted, so exp() cannot overflow
        total = sum(math.exp(x - top) for x in scores)
        if entry not in entries[:20]:
            total += math.exp(own - top)
        confidence = round(math.exp(own - top) / total, 3)
        return Place(
            id=pid,
            start=cand.start,
            end=cand.end,
            text=cand.text,
            sentence=cand.sentence,
            name=entry.name,
            geonameid=entry.geonameid,
            lat=round(entry.lat, 5),
            lon=round(entry.lon, 5),
            country=self.gazetteer.iso3(entry.country),
            country_fips=self.gazetteer.fips(entry.country, entry.adm1),
            adm1=entry.adm1,
            adm1_name=self.gazetteer.adm1_names.get(entry.adm1) if entry.adm1 else None,
            kind=entry.kind,
            population=entry.population or None,
            score=min(1.0, max(0.0, confidence)),
            rule=_rule(entry, entries, cand, scoring),
        )


_SENTENCE_WORDS: Final = frozenset(
    {"the", "a", "an", "in", "on", "at", "but", "and", "he", "she", "it", "they"}
)


def _capitalised(text: str) -> bool:
    return len(text) > 1 and text[0].isupper() and any(c.isalpha() for c in text)


def _known(entries: list[Entry]) -> bool:
    """A name that is a place of its own: an analyst entry, or by its own name a country, a division or a
    city of 10,000."""
    return any(
        (e.analyst and not e.short)
        or (
            not e.alternate
            and not e.short
            and (e.kind in ("country", "adm1", "adm2") or e.population >= 10_000)
        )
        for e in entries[:8]
    )


def _strong(entries: list[Entry], division: bool = False) -> bool:
    """A name the gazetteer knows well enough to be taken without the entity model: an analyst entry, or by
    its own name (not an alternate) a country, a capital, a first-level division or a city of 100,000 — or
    any division when a word like "region" follows."""
    for entry in entries[:8]:
        if entry.analyst and not entry.short:
            return True
        if entry.alternate or entry.short:
            continue
        if entry.kind in ("country", "capital", "adm1") or entry.population >= 100_000:
            return True
        if division and entry.kind in ("adm1", "adm2"):
            return True
    return False


def _city_of(doc: Doc, ent: SpacySpan) -> bool:
    """ "the city of X", "the town of X", "the village of X"."""
    if ent.start < 2:
        return False
    return doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_ in WORDS().city_of


def _trim(ent: SpacySpan) -> tuple[int, int]:
    """The entity's characters without a leading "the" and trailing possessive."""
    text = ent.text
    start, end = ent.start_char, ent.end_char
    if text.lower().startswith("the "):
        start += 4
    if text.endswith("'s") or text.endswith("’s"):
        end -= 2
    return start, end


def _division_after(text: str, end: int) -> bool:
    words = text[end : end + 16].split()
    return bool(words) and words[0].lower().strip(".,;") in WORDS().division


def _sentence_index(doc: Doc) -> Callable[[int], int]:
    """The index of the sentence a character offset falls in."""
    starts = [s.start_char for s in doc.sents]
    return lambda char: max(0, bisect.bisect_right(starts, char) - 1)


@dataclass(frozen=True, slots=True)
class _Scoring:
    """What a name is scored against besides its own entries: the other names' country votes, the entries
    of its parent ("X, Y"), the divisions the other names fell in, the dateline's country."""

    countries: Counter[str] = field(default_factory=Counter)
    parent: list[Entry] | None = None
    adm1s: Counter[str] | None = None
    dateline_country: str | None = None


_PRIOR: Final = _Scoring()
"""Population and kind alone."""


def _score(entry: Entry, cand: Candidate, scoring: _Scoring) -> float:
    context, parent, adm1s = scoring.countries, scoring.parent, scoring.adm1s
    score = math.log10(entry.population + 1) + KIND_PRIOR.get(entry.kind, 0.0)
    if entry.analyst and not entry.short:
        score += 2.0
    elif entry.alternate:
        score -= 1.5
    if entry.short:
        score -= 3.0
    if cand.division and entry.kind in ("adm1", "adm2"):
        score += 4.0
    elif cand.division and entry.kind == "city":
        score -= 1.0
    total = sum(context.values())
    if entry.country and total:
        share = context[entry.country] / total
        score += COHERENCE * share
    if scoring.dateline_country and entry.country == scoring.dateline_country:
        score += 1.0
    if adm1s and entry.adm1 and adm1s[entry.adm1] > 0:
        score += 1.5 * min(adm1s[entry.adm1], 3)
    if parent and any(_inside(entry, p) for p in parent[:5]):
        score += 10.0
    return score


def _inside(entry: Entry, parent: Entry) -> bool:
    if parent.kind == "country":
        return entry.country == parent.country and entry.kind != "country"
    if parent.kind in ("adm1", "adm2"):
        return entry.adm1 == parent.adm1 and entry.index != parent.index
    return False


def _best(entries: list[Entry], cand: Candidate, scoring: _Scoring) -> Entry:
    """The best of a name's (non-empty) entries; ties go to the larger place, then the lower GeoNames id."""
    return max(entries[:50], key=lambda e: (_score(e, cand, scoring), e.population, -(e.geonameid or 0)))


def _rule(entry: Entry, entries: list[Entry], cand: Candidate, scoring: _Scoring) -> str:
    """Why ``entry`` was chosen among ``entries``: what made it differ from the population-and-kind prior."""
    if cand.how == "demonym":
        return "demonym"
    if entry.index < 0:
        return "analyst"
    if len(entries) == 1:
        return "only"
    if _best(entries, cand, _PRIOR).index == entry.index:
        return "dateline" if cand.how == "dateline" else "prior"
    if scoring.parent and any(_inside(entry, p) for p in scoring.parent[:5]):
        return "parent"
    return "coherence"


class PlaceStage:
    """Finds and resolves the article's place names (``places``)."""

    name: ClassVar[str] = "places"

    def __init__(self, resolver: PlaceResolver) -> None:
        self.resolver = resolver
        self.requires = frozenset({"doc", "actors"})
        self.assigns = frozenset({"places"})

    def __call__(self, state: ArticleState) -> None:
        actors = [(a.start, a.end, a.country) for a in state.actors.listed()] if state.actors else []
        dateline = state.actors.dateline if state.actors else None
        spans = dateline.places if dateline else ()
        state.places = self.resolver(state.doc, actors, state.article.url, spans)
