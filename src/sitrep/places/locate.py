"""Where each event happened: one of the article's places, chosen by what the text says about the act.

The place of the act itself, never where it was reported from or the actors' home unless the text says so:

* a **material** act (QuadClass 2 or 4: an attack, an aid delivery, a visit) is placed at the most specific
  place its own sentence names — a city before a division, a division before a region or sea, those before a
  country — leaving out the names that are its actors ("Kyiv said") and its speaker; a country its target
  *is* ("Russia attacked Ukraine") is where it happened; with no place in the sentence, a non-country place of
  the sentence before (the same act told on); else the dateline's city;
* a **verbal** act (QuadClass 1 or 3: a statement, an appeal, a threat) only where the text says it was
  made ("said in Geneva", "at a news conference in Abuja"), else in the dateline's city, else nowhere;
* nothing is guessed from the actors' countries.
"""

from __future__ import annotations

from typing import ClassVar, Final

from sitrep.places.gazetteer import PRECISION
from sitrep.places.resolve import dateline_span
from sitrep.records import Event, Location, LocationFrom, Place
from sitrep.stages import ArticleState

SPECIFIC: Final = {"city": 0, "adm1": 1, "region": 2, "sea": 2, "country": 3}
"""Most specific first."""

_WHERE_SAID: Final = ("in", "at", "from")


def locate(event: Event, places: tuple[Place, ...], text: str, dateline: Place | None) -> Location | None:
    """The location of ``event`` among the document's ``places`` (``dateline``: the place opening the
    article, when it has one)."""
    material = event.quad_class in (2, 4)
    # The names that are the act's source or speaker are not where it happened ("Kyiv said"); its target may
    # be ("shelled Pokrovsk"), when the act is material.
    held = (event.source, event.attribution.speaker) if material else (event.source, event.target)
    actors = [r for r in (*held, event.attribution.speaker) if r is not None]

    def usable(place: Place) -> bool:
        if place.lat is None or place.rule == "demonym" or place is dateline:
            return False
        return not any(r.start <= place.start < r.end or place.start <= r.start < place.end for r in actors)

    in_sentence = [p for p in places if p.sentence == event.sentence and usable(p)]
    if material:
        if in_sentence:
            return _location(_most_specific(in_sentence, event), "sentence", "sentence")
        target = event.target
        if target is not None:
            for place in places:
                if place.start == target.start and place.kind == "country" and place.rule != "demonym":
                    return _location(place, "sentence", "target")
        before = [p for p in places if p.sentence == event.sentence - 1 and usable(p) and p.kind != "country"]
        if before:
            return _location(_most_specific(before, event), "article", "previous-sentence")
    else:
        said = [p for p in in_sentence if _after_preposition(text, p)]
        if said:
            return _location(_most_specific(said, event), "sentence", "said-in")
    if dateline is not None and dateline.lat is not None and dateline.kind in ("city", "capital"):
        return _location(dateline, "dateline", "dateline")
    return None


def _after_preposition(text: str, place: Place) -> bool:
    before = text[max(0, place.start - 12) : place.start].split()
    words = [w.lower() for w in before[-2:]]
    return bool(words) and (words[-1] in _WHERE_SAID or (len(words) == 2 and words[0] in _WHERE_SAID))


def _most_specific(places: list[Place], event: Event) -> Place:
    def rank(place: Place) -> tuple[int, int]:
        precision = PRECISION.get(place.kind or "", "country")
        return SPECIFIC.get(precision, 3), abs(place.start - event.trigger.start)

    return min(places, key=rank)


def _location(place: Place, found: LocationFrom, rule: str) -> Location:
    return Location(
        place=place.id,
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        country=place.country,
        country_fips=place.country_fips,
        adm1=place.adm1,
        geonameid=place.geonameid,
        precision=PRECISION.get(place.kind or "", "country"),
        found=found,
        rule=rule,
    )


class LocationStage:
    """Sets each event's ``location`` from the article's places."""

    name: ClassVar[str] = "locations"

    def __init__(self) -> None:
        self.requires = frozenset({"events", "places", "text"})
        self.assigns = frozenset({"locations"})

    def __call__(self, state: ArticleState) -> None:
        span = dateline_span(state.text)
        dateline = next((p for p in state.places if span and (p.start, p.end) == span), None)
        found = {event.id: locate(event, state.places, state.text, dateline) for event in state.events}
        state.locations = {eid: loc for eid, loc in found.items() if loc is not None}
