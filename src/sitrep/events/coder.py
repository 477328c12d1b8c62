"""Event coding: rules over the dependency parse, read from the pattern files (``docs/patterns.md``).

For every predicate of a sentence the coder finds a candidate event (:mod:`.matching`: verb and noun
patterns, verb + verb), with its source and target (:mod:`.arguments`) and modality (:mod:`.modality`), and
attributes it from what the quote stage found (:mod:`.attribution`): "X said Y attacked Z" is coded as the
attack Y → Z, attributed to X; the saying itself is not an event.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from sitrep.dates.resolve import DateRef, default_lexicon
from sitrep.events.arguments import Arguments, has_subject, passive
from sitrep.events.attribution import Reports, attribution
from sitrep.events.matching import PREDICATE_POS, Candidate, Matcher
from sitrep.events.modality import ModalityRules
from sitrep.events.patterns import Patterns
from sitrep.ontology import Ontology
from sitrep.records import ActorRef, Event, Quote, Report, Span

if TYPE_CHECKING:
    from sitrep.actors.index import ActorIndex


def calendar_words() -> frozenset[str]:
    """The month and weekday names of the dates lexicon, lower-cased."""
    lexicon = default_lexicon()
    return frozenset(lexicon.months) | frozenset(lexicon.weekdays)


def time_words() -> frozenset[str]:
    """The time units, one-word day names ("today") and parts of the day of the dates lexicon."""
    lexicon = default_lexicon()
    words = [*lexicon.units, *lexicon.dayparts, *(d for d in lexicon.days if " " not in d)]
    return frozenset(w.lower() for w in words)


class EventCoder:
    """Codes the events of a parsed article. Build once with the patterns; nothing per article is kept."""

    def __init__(self, patterns: Patterns, ontology: Ontology) -> None:
        self.patterns = patterns
        self.ontology = ontology
        self.settings = patterns.settings
        self.arguments = Arguments(
            frozenset(patterns.cue_words("particle")),
            frozenset(patterns.cue_words("owner")),
            frozenset(patterns.cue_words("reason")),
            calendar_words(),
            time_words(),
        )
        self.modality = ModalityRules(patterns)
        self.matcher = Matcher(patterns, self.arguments, self.modality)
        self.doers = {lemma: cue.value for lemma, cue in patterns.cue_words("doer").items()}

    def code(
        self,
        doc: Doc,
        actors: ActorIndex,
        dates: Sequence[DateRef],
        base: dt.date,
        dated: bool,
        *,
        quotes: Sequence[Quote] = (),
        reports: Sequence[Report] = (),
    ) -> list[Event]:
        """The events of the article, in text order, numbered ``e1, e2, …``; ``quotes`` and ``reports`` are
        the quote stage's (events take their attribution from them)."""
        index = Reports.of(reports)
        events: list[Event] = []
        seen: set[tuple[object, ...]] = set()
        for number, sent in enumerate(doc.sents):
            owner: dict[int, int] = {}
            candidates: list[Candidate] = []
            for token in sent:
                if token.i in owner or token.pos_ not in PREDICATE_POS:
                    continue
                found = self.matcher.predicate(token, actors)
                if found is None:
                    continue
                for t in found.consumed:
                    owner.setdefault(t.i, len(candidates))
                candidates.append(found)
            _share_targets(candidates, self.settings.shared_target_roots)
            absorbed = {t.i for cand in candidates for t in cand.absorbs}
            for n, cand in enumerate(candidates):
                if owner.get(cand.trigger[0].i, n) != n or self._consequence(cand, candidates):
                    continue
                if cand.trigger[0].i in absorbed:
                    continue
                cand.sources, cand.targets = _apart(cand.sources, cand.targets, actors)
                for event in self._events(
                    cand,
                    number,
                    (sent.start_char, sent.end_char),
                    dates,
                    base,
                    dated,
                    quotes,
                    index,
                    events,
                ):
                    if (event.source is not None) + (event.target is not None) < self.settings.min_actors:
                        continue
                    key = (
                        event.cameo,
                        event.trigger.start,
                        event.source and (event.source.start, event.source.code),
                        event.target and (event.target.start, event.target.code),
                    )
                    if key not in seen:
                        seen.add(key)
                        events.append(event)
        # Confidence reads the whole article's events (events/confidence.py), so it is set last.
        return self.patterns.confidence.scored(events)

    def _last_attacker(self, earlier: Sequence[Event], targets: Sequence[ActorRef]) -> list[ActorRef]:
        """The coded source of the article's last attack (``consequence_roots``) before this one, as the doer
        of an act that names none ("the strikes hit a truck"), marked ``actor_from="event"``; none where it
        is the target's side (the last attacker does not hit its own)."""
        roots = self.settings.consequence_roots
        for event in reversed(earlier):
            if event.source is not None and event.source.code and event.cameo[:2] in roots:
                if any(t.code and t.code[:3] == event.source.code[:3] for t in targets):
                    return []
                return [replace(event.source, actor_from=event.source.actor_from or "event")]
        return []

    def _implied_doer(self, head: Token, targets: Sequence[ActorRef]) -> list[ActorRef]:
        """The doer an agentless passive implies (``doer`` cues): "she was sentenced" → the courts of her
        country, "30 protesters were arrested" → its police; an empty reference at the trigger, marked
        ``actor_from="implied"``. None where the target has no single country."""
        sector = self.doers.get(self.matcher.lemma(head))
        countries = {t.country for t in targets if t.country}
        if sector is None or len(countries) != 1:
            return []
        [country] = countries
        return [ActorRef(head.idx, head.idx, "", country + sector, country, sector, None, None, "implied")]

    def _consequence(self, cand: Candidate, candidates: Sequence[Candidate]) -> bool:
        """Whether the candidate is the consequence of another act of the sentence, joined to it without a
        subject of its own: "airstrikes killed 25 people **and wounded** 40", "struck the town, **killing**
        25" are one attack (``consequence_roots`` in event-settings.tsv)."""
        roots = self.settings.consequence_roots
        head = cand.trigger[0]
        if cand.code[:2] not in roots or has_subject(head):
            return False
        bare = not any(c.dep_ == "mark" for c in head.children)  # "…, killing 25", not "after overrunning X"
        if not (head.dep_ == "conj" or (head.dep_ == "advcl" and head.tag_ == "VBG" and bare)):
            return False
        return any(
            other is not cand and other.trigger[0] == head.head and other.code[:2] in roots
            for other in candidates
        )

    def _events(
        self,
        cand: Candidate,
        sentence: int,
        bounds: tuple[int, int],
        dates: Sequence[DateRef],
        base: dt.date,
        dated: bool,
        quotes: Sequence[Quote],
        reports: Reports,
        earlier: Sequence[Event],
    ) -> list[Event]:
        counter = len(earlier)
        head = cand.trigger[0]
        modality_rules = self.modality
        report = reports.reporting(head)
        modality = cand.modality
        if report is not None and report.negated:
            modality = modality_rules.stronger(modality, "negated")
        if modality_rules.embedded(head, reports.speech):
            modality = modality_rules.stronger(modality, "hypothetical")
        code, sources, targets, rule = cand.code, cand.sources, cand.targets, cand.rule
        must = modality_rules.obligation(cand.trigger[-1]) or modality_rules.obligation(head)
        if must and report is not None and report.speaker is not None:
            # "X said Y must …": a demand by X of Y.
            demand = modality_rules.demand(must, code)
            if demand is not None:
                code, rule = demand.code if demand.code != "=" else code, f"{demand.rule}+{rule}"
                targets, sources = sources, [report.speaker]
                modality = demand.modality
        elif must:
            modality = modality_rules.stronger(modality, "hypothetical")
        trigger = self._trigger(cand.trigger)
        evidence = _evidence(head, cand.trigger, bounds)
        date = _date(trigger, dates, bounds)
        if date is not None:
            day, date_text, precision = date.date, date.text, date.precision
        else:
            day, date_text, precision = base, None, "article" if dated else "unknown"
        said = attribution(trigger.start, report, quotes)
        if cand.by_speaker:
            # "The other side bears all responsibility", the ministry said: the ministry blames.
            sources = [said.speaker] if said.speaker is not None else []
        if cand.act_doer and not any(s.code for s in sources):
            sources = self._last_attacker(earlier, targets) or sources
        if not any(s.code for s in sources) and passive(head):
            sources = self._implied_doer(head, targets) or sources
        entry = self.ontology.cameo(code)
        plover = self.ontology.plover_for(code)
        out: list[Event] = []
        source_list: list[ActorRef | None] = [*sources] or [None]
        target_list: list[ActorRef | None] = [*targets] or [None]
        for source in source_list:
            for target in target_list:
                if (
                    source is not None
                    and target is not None
                    and (source.start, source.end) == (target.start, target.end)
                    and source.code == target.code
                ):
                    continue
                out.append(
                    Event(
                        id=f"e{counter + len(out) + 1}",
                        sentence=sentence,
                        source=source,
                        target=target,
                        cameo=entry.code,
                        cameo_root=entry.root,
                        cameo_name=entry.name,
                        plover=plover.type if plover else None,
                        plover_mode=(plover.mode or None) if plover else None,
                        plover_context=plover.context if plover else (),
                        goldstein=entry.goldstein,
                        quad_class=entry.quad_class,
                        trigger=trigger,
                        date=day,
                        date_text=date_text,
                        date_precision=precision,
                        modality=modality,
                        attribution=said,
                        confidence=0.0,  # set by code(), once the article's events are all known
                        rule=rule,
                        evidence=evidence,
                    )
                )
        return out

    def _trigger(self, tokens: Sequence[Token]) -> Span:
        """The trigger's words; a trigger whose words lie far apart is its first word."""
        ordered = sorted(tokens, key=lambda t: t.i)
        if len(ordered) > 1 and ordered[-1].i - ordered[0].i > self.settings.trigger_gap:
            return _span(ordered[:1])
        return _span(ordered)


def _evidence(head: Token, trigger: Sequence[Token], bounds: tuple[int, int]) -> Span:
    """The predicate's clause, cut to its sentence."""
    doc = head.doc
    ordered = sorted(trigger, key=lambda t: t.i)
    sent_start, sent_end = bounds
    first = min(head.left_edge.i, ordered[0].i)
    last = max(head.right_edge.i, ordered[-1].i)
    while first < last and (doc[first].idx < sent_start or doc[first].is_space):
        first += 1
    while last > first and (doc[last].idx >= sent_end or doc[last].is_space):
        last -= 1
    return _span([doc[first], doc[last]])


def _date(trigger: Span, dates: Sequence[DateRef], bounds: tuple[int, int]) -> DateRef | None:
    """The date phrase of the sentence nearest the trigger (the earlier one on a tie)."""
    start, end = bounds
    first = bisect.bisect_left(dates, start, key=lambda d: d.start)
    inside = []
    for d in dates[first:]:
        if d.start >= end:
            break
        if d.end <= end:
            inside.append(d)
    if not inside:
        return None
    return min(inside, key=lambda d: (abs(d.start - trigger.start), d.start > trigger.start))


def _span(tokens: Sequence[Token]) -> Span:
    first, last = tokens[0], tokens[-1]
    start, end = first.idx, last.idx + len(last.text)
    # A slice of the Doc, not of doc.text: spaCy rebuilds doc.text on every access.
    return Span(start, end, first.doc[first.i : last.i + 1].text)


def _apart(
    sources: list[ActorRef], targets: list[ActorRef], actors: ActorIndex
) -> tuple[list[ActorRef], list[ActorRef]]:
    """An act's doer and receiver are two actors: where a source and a target of other words code alike and
    one of them, not both, took its code from elsewhere (the context, a pronoun, an earlier mention), that
    one goes (police arresting protesters, both of the article's country, stay):
    "It called on Washington …" with "it" resolved to the US, "The Southern Command downed four drones" with
    both given the dateline's country."""
    sources, targets = list(sources), list(targets)
    for source in list(sources):
        for target in list(targets):
            if not source.code or source.code != target.code:
                continue
            if (source.start, source.end) == (target.start, target.end):
                continue
            from_source, from_target = actors.inferred(source), actors.inferred(target)
            if from_target and not from_source and target in targets:
                targets.remove(target)
            elif from_source and not from_target and source in sources:
                sources.remove(source)
    return sources, targets


def _share_targets(candidates: Sequence[Candidate], roots: frozenset[str]) -> None:
    """An act with no target joined by "and" to one that has one, under the same subject, takes its target:
    "police fired tear gas and detained protesters" (``shared_target_roots``)."""
    for cand in candidates:
        head = cand.trigger[0]
        if cand.targets or cand.code[:2] not in roots:
            continue
        for other in candidates:
            there = other.trigger[0]
            if other is cand or other.code[:2] not in roots:
                continue
            second = there if there.dep_ == "conj" and there.head == head else None
            if second is None and head.dep_ == "conj" and head.head == there:
                second = head
            if second is None or has_subject(second):
                continue
            coded = [t for t in other.targets if t.code]
            if coded:
                cand.targets = coded
                break
