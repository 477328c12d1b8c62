"""Where each event happened: one of the article's places, chosen by what the text says about the act.

The place of the act itself, never where it was reported from or the actors' home unless the text names it
for the act (the rules of ``realnews-dev``'s event locations, docs/places.md):

* a **material** act (QuadClass 2 or 4: an attack, an aid delivery, a visit) is placed at the most specific
  place its own sentence names — a city before a division, a division before a region or sea, those before
  a country — leaving out the words of its source and speaker ("Kyiv said"), and of its target unless the act
  is force (CAMEO 18–20: "shelled Kharkiv" is in Kharkiv, "severed ties with Moscow" is not in Moscow); with
  no place there, a non-country place of the sentence before (the same act told on); else the country its
  target is named by ("Afghan border posts"), or for an act with no other party its source's ("North Korea
  launched"); the dateline's city when that country is the dateline's or none is named;
* a **verbal** act (QuadClass 1 or 3: a statement, an appeal, a threat) only at a city the text says it was
  made in ("said in Geneva"), else in the dateline's city when the speaker's country is the dateline's; a
  domestic act of verbal conflict by a named country's body with no city given ("Egypt's electoral
  commission rejected") in that country; else nowhere;
* places inside the dateline ("NAIROBI, Kenya (AP) —") place the reporter, and are used only as the
  dateline.
"""

from __future__ import annotations

from typing import ClassVar, Final

from sitrep.places.gazetteer import PRECISION
from sitrep.places.words import WORDS
from sitrep.records import ActorRef, Event, Location, LocationFrom, Place
from sitrep.stages import ArticleState

FORCE: Final = frozenset({"18", "19", "20"})
"""CAMEO roots of force (assault, fight, mass violence): the only acts whose target place is where they
happened ("shelled Kharkiv"); for others the target named by a place is a government ("sanctioned Moscow")."""

SPECIFIC: Final = {"city": 0, "adm1": 1, "region": 2, "sea": 2, "country": 3}
"""Most specific first."""


def locate(
    event: Event,
    places: tuple[Place, ...],
    text: str,
    datelines: tuple[Place, ...] = (),
    dateline_end: int = 0,
) -> Location | None:
    """The location of ``event`` among the document's ``places`` (``datelines``: the places of the dateline
    opening the article, when it has one)."""
    material = event.quad_class in (2, 4)
    # The names that are the act's source or speaker are not where it happened ("Kyiv said"); its target may
    # be ("shelled Pokrovsk"), when the act is material.
    held = [r for r in (event.source, event.attribution.speaker) if r is not None]
    if event.target is not None and event.cameo_root not in FORCE:
        held.append(event.target)  # "severed ties with Moscow": Moscow is a government, not a place here

    def usable(place: Place) -> bool:
        if place.lat is None or place.rule == "demonym" or place in datelines or place.start < dateline_end:
            return False
        return not any(_inside(place, r.start, r.end) for r in held)

    dateline = next((p for p in datelines if p.lat is not None and p.kind in ("city", "capital")), None)
    in_sentence = [p for p in places if p.sentence == event.sentence and usable(p)]
    source_country = _named_country(places, event.source)
    target_country = _named_country(places, event.target)
    if material:
        if in_sentence:
            specific = _most_specific(in_sentence, event)
            if (
                PRECISION.get(specific.kind or "") != "country"
                or not target_country
                or _after_preposition(text, specific)
            ):
                return _location(specific, "sentence", "sentence")
        before = [p for p in places if p.sentence == event.sentence - 1 and usable(p) and p.kind != "country"]
        if before and not target_country:
            return _location(_most_specific(before, event), "article", "previous-sentence")
        # the country the act's target is named by ("Afghan border posts"), else — for an act with no other
        # party, or within one country — its source's ("North Korea launched", "the Congolese army fled")
        named = target_country
        if named is None and (event.target is None or _same_country(event)):
            named = source_country
        if dateline is not None and (named is None or named.country == dateline.country):
            return _location(dateline, "dateline", "dateline")
        if named is not None:
            rule = "target-country" if named is target_country else "source-country"
            return _location(named, "sentence", rule)
        return None
    said = [p for p in in_sentence if _after_preposition(text, p) and PRECISION.get(p.kind or "") == "city"]
    if said:
        return _location(_most_specific(said, event), "sentence", "said-in")
    if dateline is not None and (source_country is None or source_country.country == dateline.country):
        return _location(dateline, "dateline", "dateline")
    if (
        source_country is not None
        and event.quad_class == 3
        and (event.target is None or _same_country(event))
    ):
        # a domestic act of a national body with no city given ("Egypt's electoral commission rejected")
        return _location(source_country, "sentence", "domestic")
    return None


def _inside(place: Place, start: int, end: int) -> bool:
    return start <= place.start < end or place.start <= start < place.end


def _named_country(places: tuple[Place, ...], ref: ActorRef | None) -> Place | None:
    """The country a mention of an actor names: "North Korea", "Egypt's electoral commission", "the Congolese
    army" (a country or a demonym inside the mention's words)."""
    if ref is None:
        return None
    for place in places:
        if _inside(place, ref.start, ref.end) and place.kind == "country" and place.country:
            return place
    return None


def _same_country(event: Event) -> bool:
    source = event.source.country if event.source else None
    target = event.target.country if event.target else None
    return bool(source) and source == target


def _after_preposition(text: str, place: Place) -> bool:
    before = text[max(0, place.start - 12) : place.start].split()
    words = [w.lower() for w in before[-2:]]
    return bool(words) and (words[-1] in WORDS().said_in or (len(words) == 2 and words[0] in WORDS().said_in))


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
        self.requires = frozenset({"events", "places", "text", "actors"})
        self.assigns = frozenset({"locations"})

    def __call__(self, state: ArticleState) -> None:
        dateline = state.actors.dateline if state.actors else None
        spans = dateline.places if dateline else ()
        datelines = tuple(p for p in state.places if (p.start, p.end) in spans)
        end = dateline.end if dateline else 0
        by_sentence: dict[int, list[Place]] = {}
        for place in state.places:
            by_sentence.setdefault(place.sentence, []).append(place)
        found = {}
        for event in state.events:
            # the rules read the event's sentence and the one before: only their places are handed on, so a
            # long article's thousands of events each look at a few places, not all of them
            near = (*by_sentence.get(event.sentence - 1, ()), *by_sentence.get(event.sentence, ()))
            found[event.id] = locate(event, near, state.text, datelines, end)
        state.locations = {eid: loc for eid, loc in found.items() if loc is not None}
