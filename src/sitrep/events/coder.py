"""Event coding: rules over the dependency parse, read from the pattern files (``docs/patterns.md``).

For every predicate of a sentence the coder finds the best matching ``verbs.tsv`` entry (light verbs take
their code from the object noun through ``nouns.tsv``), combines verb + verb through ``complements.tsv``,
takes source and target from the subject, object and prepositional complements (the passive swaps them),
and reads modality and attribution from the cue words of ``cues.tsv``. "X said Y attacked Z" is coded as the
attack Y → Z, attributed to X; the saying itself is not an event.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from spacy.tokens import Doc, Token

from sitrep.actors.coder import ArticleActors
from sitrep.dates.resolve import DateRef
from sitrep.events.patterns import ComplementRule, Condition, NounPattern, Patterns, VerbPattern
from sitrep.nlp.forms import base_forms
from sitrep.ontology import Ontology
from sitrep.records import OUTLET, ActorRef, Attribution, Event, Modality, Span

_PREDICATE_POS = frozenset({"VERB", "ADJ", "AUX", "NOUN"})
_SUBJECTS = ("nsubj", "csubj")
_PASSIVE_SUBJECTS = ("nsubj:pass", "csubj:pass")
_OBLIQUE = ("obl", "nmod", "obl:agent", "obl:arg", "advcl", "obl:tmod", "obl:npmod")
P = TypeVar("P", VerbPattern, NounPattern)
_PARTICLES = frozenset({"off", "up", "out", "down"})
_STRENGTH: dict[str, int] = {"negated": 5, "conditional": 4, "hypothetical": 3, "intended": 2, "asserted": 1}


@dataclass(slots=True)
class _Candidate:
    code: str
    rule: str
    trigger: list[Token]
    sources: list[ActorRef]
    targets: list[ActorRef]
    modality: Modality = "asserted"
    confidence: float = 0.8
    consumed: list[Token] = field(default_factory=list)


def _stronger(a: Modality, b: Modality) -> Modality:
    return a if _STRENGTH[a] >= _STRENGTH[b] else b


class EventCoder:
    def __init__(self, patterns: Patterns, ontology: Ontology) -> None:
        self.patterns = patterns
        self.ontology = ontology
        self.aux = patterns.cue_words("aux")
        self.negation = patterns.cue_words("negation")
        self.speech = patterns.cue_words("speech")
        self.conditions = [c.words for c in patterns.cues if c.kind == "condition"]
        self.sources = [c.words for c in patterns.cues if c.kind == "source"]

    # --- public ---------------------------------------------------------------------------------------

    def code(
        self, doc: Doc, actors: ArticleActors, dates: Sequence[DateRef], base: dt.date, dated: bool
    ) -> list[Event]:
        events: list[Event] = []
        seen: set[tuple[object, ...]] = set()
        for index, sent in enumerate(doc.sents):
            owner: dict[int, int] = {}
            candidates: list[_Candidate] = []
            for token in sent:
                if token.i in owner or token.pos_ not in _PREDICATE_POS:
                    continue
                found = self._predicate(token, actors)
                if found is None:
                    continue
                for t in found.consumed:
                    owner.setdefault(t.i, len(candidates))
                candidates.append(found)
            for number, cand in enumerate(candidates):
                if owner.get(cand.trigger[0].i, number) != number:
                    continue
                for event in self._events(
                    cand, index, sent.start_char, sent.end_char, actors, dates, base, dated, len(events)
                ):
                    key = (
                        event.cameo,
                        event.trigger.start,
                        event.source and (event.source.start, event.source.code),
                        event.target and (event.target.start, event.target.code),
                    )
                    if key not in seen:
                        seen.add(key)
                        events.append(event)
        return events

    # --- predicates -----------------------------------------------------------------------------------

    def _lemma(self, token: Token) -> str:
        """The token's lemma as the pattern files know it. The model's lemmatizer mangles some past forms
        ("shelled" → "shelle", "blamed" → "blam"), so forms made from the word itself are tried too."""
        lemma = token.lemma_.lower()
        if lemma in self.patterns.verbs or lemma in self.patterns.complements or token.pos_ == "NOUN":
            return lemma
        for form in base_forms(token.lower_):
            if form in self.patterns.verbs or form in self.patterns.complements:
                return form
        return lemma

    def _predicate(self, token: Token, actors: ArticleActors) -> _Candidate | None:
        lemma = self._lemma(token)
        if token.pos_ == "NOUN":
            return self._standalone_noun(token, actors)
        rules = self.patterns.complements.get(lemma)
        if rules:
            complement = self._complement_verb(token)
            if complement is not None:
                inner = self._verb(complement, actors, inherited=self._subject(token))
                if inner is not None:
                    combined = self._combine(token, inner, rules)
                    if combined is not None:
                        return combined
        found = self._verb(token, actors)
        return self._auxiliary(token, found) if found is not None else None

    def _auxiliary(self, token: Token, cand: _Candidate) -> _Candidate:
        """An auxiliary with entries in complements.tsv ("will", "would") recodes its verb the way a matrix
        verb does: "Finland will give Tanzania a grant" is an intent to provide aid (033), not aid given."""
        for child in token.children:
            if child.dep_ != "aux":
                continue
            chosen = _choose(self.patterns.complements.get(child.lemma_.lower(), ()), cand.code, "subject")
            if chosen is not None and chosen.code != "=":
                cand.code = chosen.code
                cand.rule = f"{chosen.rule}+{cand.rule}"
                cand.modality = _stronger(cand.modality, chosen.modality)
        return cand

    def _complement_verb(self, token: Token) -> Token | None:
        for child in token.children:
            if child.dep_ in ("xcomp",) and child.pos_ in ("VERB", "NOUN", "ADJ"):
                return child
            if child.dep_ in ("ccomp", "advcl") and child.tag_ == "VBG" and not self._has_subject(child):
                return child
        return None

    def _combine(
        self, matrix: Token, inner: _Candidate, rules: Iterable[ComplementRule]
    ) -> _Candidate | None:
        chosen = _choose(rules, inner.code, "subject")
        if chosen is None:
            return None
        code = inner.code if chosen.code == "=" else chosen.code
        modality = _stronger(_stronger(chosen.modality, inner.modality), self._modality(matrix))
        return _Candidate(
            code=code,
            rule=f"{chosen.rule}+{inner.rule}",
            trigger=[matrix, *inner.trigger],
            sources=inner.sources,
            targets=inner.targets,
            modality=modality,
            confidence=inner.confidence,
            consumed=[*inner.trigger, matrix],
        )

    def _verb(self, token: Token, actors: ArticleActors, inherited: Token | None = None) -> _Candidate | None:
        patterns = self.patterns.verbs.get(self._lemma(token))
        if not patterns:
            return None
        best = self._best(patterns, token)
        if best is None or best.code == "-":
            return None
        code, rule, trigger = best.code, best.rule, [token]
        targets_from: list[tuple[Token, tuple[str, ...]]] = [(token, best.target)]
        if code == "noun":
            repaired = self._misparsed(token)
            obj = repaired[1] if repaired else (self._child(token, "obj") or self._child(token, "nsubj:pass"))
            noun = self._noun_pattern(obj) if obj is not None else None
            if obj is None or noun is None:
                return None
            code, rule = noun.code, f"{best.rule}+{noun.rule}"
            trigger = [token, obj]
            targets_from.insert(0, (obj, noun.target))
        passive = self._passive(token)
        if passive:
            source_tok = self._prep_child(token, "by", deps=("obl:agent", "obl"))
            subject_tok = self._child(token, "nsubj:pass")
        else:
            source_tok = self._subject(token) or inherited
            subject_tok = source_tok
        sources = actors.refs(source_tok)
        targets: list[ActorRef] = []
        for head, places in targets_from:
            for place in places:
                tok = subject_tok if place == "obj" and passive else self._place(head, place)
                if tok is not None:
                    # An object the entry names ("rejected an Australian ultimatum") is a thing: the
                    # target is whoever it belongs to.
                    thing = place == "obj" and head is token and _names(best.conditions, "obj")
                    targets = self._actor_refs(tok, actors, thing=thing)
                    if targets:
                        break
            if targets:
                break
        return _Candidate(
            code=code,
            rule=rule,
            trigger=trigger,
            sources=sources,
            targets=targets,
            modality=self._modality(token),
            consumed=list(trigger),
        )

    def _standalone_noun(self, token: Token, actors: ArticleActors) -> _Candidate | None:
        noun = self._noun_pattern(token)
        if noun is None or (token.dep_ in ("obj",) and token.head.lemma_.lower() in self.patterns.verbs):
            return None
        sources: list[ActorRef] = []
        for place in noun.source:
            if place == "poss":
                for child in token.children:
                    if child.dep_ in ("nmod:poss", "amod", "compound"):
                        sources = actors.refs(child)
                        if sources:
                            break
            else:
                tok = self._place(token, place)
                sources = actors.refs(tok) if tok is not None else []
            if sources:
                break
        if not sources:
            return None
        targets: list[ActorRef] = []
        for place in noun.target:
            tok = self._place(token, place)
            if tok is not None:
                targets = self._actor_refs(tok, actors)
                if targets:
                    break
        return _Candidate(noun.code, noun.rule, [token], sources, targets, self._modality(token), 0.5)

    def _noun_pattern(self, token: Token) -> NounPattern | None:
        patterns = self.patterns.nouns.get(token.lemma_.lower()) or self.patterns.nouns.get(token.lower_)
        if not patterns:
            return None
        return self._best(patterns, token)

    def _best(self, patterns: Sequence[P], token: Token) -> P | None:
        best: P | None = None
        for pattern in patterns:
            if all(self._holds(c, token) for c in pattern.conditions) and (
                best is None or len(pattern.conditions) > len(best.conditions)
            ):
                best = pattern
        return best

    # --- syntax helpers -------------------------------------------------------------------------------

    def _holds(self, condition: Condition, token: Token) -> bool:
        found = self._slot(condition.slot, token)
        if condition.absent:
            return not found
        if condition.lemmas is None:
            return bool(found)
        return any(t.lemma_.lower() in condition.lemmas or t.lower_ in condition.lemmas for t in found)

    def _slot(self, slot: str, token: Token) -> list[Token]:
        if slot == "prt":
            return [
                c
                for c in token.children
                if c.dep_ == "compound:prt" or (c.dep_ == "advmod" and c.pos_ == "ADP")
            ]
        if slot == "obj":
            deps = ("obj", "nsubj:pass") if self._passive(token) else ("obj",)
            repaired = self._misparsed(token)
            objects = [repaired[1]] if repaired else [c for c in token.children if c.dep_ in deps]
            # "provide 25,000 tons of food aid": the measured thing counts as the object too.
            return objects + [
                c
                for o in objects
                for c in o.children
                if c.dep_ == "nmod" and any(x.lower_ == "of" for x in c.children)
            ]
        if slot == "mod":
            return [c for c in token.children if c.dep_ in ("amod", "compound")]
        if slot == "xcomp":
            # "called the offer a demand for surrender": the parser often makes the predicate an apposition.
            return [c for c in token.children if c.dep_ == slot] + [
                a for o in token.children if o.dep_ == "obj" for a in o.children if a.dep_ == "appos"
            ]
        if slot in ("ccomp", "iobj", "nsubj", "advmod"):
            return [c for c in token.children if c.dep_ == slot]
        return self._prep_children(token, slot)

    def _prep_children(self, token: Token, prep: str, deps: tuple[str, ...] = _OBLIQUE) -> list[Token]:
        repaired = self._misparsed(token)
        objects = [repaired[1]] if repaired else [c for c in token.children if c.dep_ == "obj"]
        # "broke off ties with X", the particle parsed as a preposition: "ties" is an obl, not an object.
        objects += [
            c
            for c in token.children
            if c.dep_ == "obl" and any(x.dep_ == "case" and x.lower_ in _PARTICLES for x in c.children)
        ]
        heads = [token, *objects]
        out = []
        for head in heads:
            for child in head.children:
                if child.dep_ in deps and any(
                    c.dep_ in ("case", "mark") and c.lower_ == prep for c in child.children
                ):
                    out.append(child)
        return out

    def _prep_child(self, token: Token, prep: str, deps: tuple[str, ...] = _OBLIQUE) -> Token | None:
        found = self._prep_children(token, prep, deps)
        return found[0] if found else None

    @staticmethod
    def _child(token: Token, dep: str) -> Token | None:
        for child in token.children:
            if child.dep_ == dep:
                return child
        return None

    def _place(self, token: Token, place: str) -> Token | None:
        if place == "-":
            return None
        if place == "obj" and (repaired := self._misparsed(token)):
            return repaired[1]
        if place in ("obj", "iobj"):
            return self._child(token, place)
        if place == "that":
            clause = self._child(token, "ccomp")
            return self._subject(clause) if clause is not None else None
        if place == "poss":
            return self._child(token, "nmod:poss")
        return self._prep_child(token, place)

    @staticmethod
    def _has_subject(token: Token) -> bool:
        return any(c.dep_ in (*_SUBJECTS, *_PASSIVE_SUBJECTS) for c in token.children)

    @staticmethod
    def _misparsed(token: Token) -> tuple[Token, Token] | None:
        """(subject, object) of a past-tense verb the parser took for an adjective in a clause without a
        verb: "Britain mobilized army reservists" parsed as a noun phrase with "mobilized" as amod."""
        if token.dep_ != "amod" or not token.lower_.endswith("ed") or token.i == token.sent.start:
            return None
        if token.sent.root.pos_ in ("VERB", "AUX") or token.head.i < token.i:
            return None
        subject = token.doc[token.i - 1]
        if subject.pos_ not in ("NOUN", "PROPN"):
            return None
        while subject.dep_ == "conj" and subject.head.i < subject.i:
            subject = subject.head
        return subject, token.head

    def _subject(self, token: Token) -> Token | None:
        repaired = self._misparsed(token)
        if repaired:
            return repaired[0]
        current: Token | None = token
        for _ in range(4):
            if current is None:
                return None
            for child in current.children:
                if child.dep_ in _SUBJECTS:
                    return child
            purpose = current.dep_ == "advcl" and any(c.lower_ == "to" for c in current.children)
            if (current.dep_ in ("xcomp", "conj") or purpose) and current.head is not current:
                current = current.head
            elif current.dep_.startswith("acl") and current.head.pos_ in ("NOUN", "PROPN"):
                return current.head
            else:
                return None
        return None

    @staticmethod
    def _passive(token: Token) -> bool:
        return any(c.dep_ in ("aux:pass", *_PASSIVE_SUBJECTS) for c in token.children)

    def _actor_refs(self, token: Token, actors: ArticleActors, thing: bool = False) -> list[ActorRef]:
        """The actors of a phrase; for a phrase that is no actor ("an Australian ultimatum", "calls by
        Belarus's rulers"), the actor it belongs to; else a code-less reference to a plural or proper noun."""
        refs = [] if thing else actors.refs(token)
        if refs:
            return refs
        for child in token.children:
            cases = {c.lower_ for c in child.children if c.dep_ == "case"}
            if child.dep_ in ("nmod:poss", "amod", "compound") or (
                child.dep_.startswith("nmod") and cases & {"by", "from", "of"}
            ):
                refs = actors.refs(child)
                if refs:
                    return refs
        return [] if thing else self._uncoded(token, actors)

    @staticmethod
    def _uncoded(token: Token, actors: ArticleActors) -> list[ActorRef]:
        if token.pos_ == "PROPN" or (token.pos_ == "NOUN" and "Plur" in token.morph.get("Number", [])):
            return [actors.uncoded_ref(token)]
        return []

    # --- modality and attribution ---------------------------------------------------------------------

    def _modality(self, token: Token) -> Modality:
        modality: Modality = "asserted"
        for child in token.children:
            lemma = child.lemma_.lower()
            if child.dep_ in ("advmod", "neg", "det", "aux") and (
                lemma in self.negation or child.lower_ in self.negation
            ):
                modality = _stronger(modality, "negated")
            elif child.dep_ == "aux" and lemma in self.aux:
                value = self.aux[lemma].value
                if value in ("intended", "hypothetical", "conditional"):
                    modality = _stronger(modality, value)  # type: ignore[arg-type]
            elif child.dep_ in ("advcl", "advmod", "obl") and self._starts_condition(child):
                modality = _stronger(modality, "conditional")
        if token.dep_ == "advcl" and self._starts_condition(token):
            modality = _stronger(modality, "hypothetical")
        return modality

    def _embedded(self, token: Token) -> bool:
        """Whether the clause is the content of another event ("demanded that the US *cancel* the sale"): it
        is then asked for, not reported as done."""
        current = token
        for _ in range(6):
            head = current.head
            if head is current or current.dep_ not in ("ccomp", "xcomp", "csubj"):
                return False
            lemma = head.lemma_.lower()
            if lemma in self.speech:
                return False
            if lemma in self.patterns.verbs or lemma in self.patterns.complements:
                return True
            current = head
        return False

    def _obligation(self, token: Token) -> str | None:
        for child in token.children:
            lemma = child.lemma_.lower()
            if child.dep_ == "aux" and lemma in self.aux and self.aux[lemma].value == "obligation":
                return lemma
        return None

    def _starts_condition(self, token: Token) -> bool:
        words = [t.lower_ for t in token.subtree if not t.is_punct][:4]
        return any(tuple(words[: len(cue)]) == cue for cue in self.conditions)

    def _attribution(self, token: Token, actors: ArticleActors) -> tuple[Attribution, Modality]:
        current = token
        for _ in range(8):
            # "…, the minister said" (parataxis) and "according to X" hang from the clause they report.
            for child in current.children:
                if child.dep_ == "parataxis" and child.lemma_.lower() in self.speech and child is not token:
                    return self._speaker(child, actors)
                if child.dep_.startswith("obl") and self._according(child):
                    cue = [c for c in child.children if c.dep_ == "case"]
                    cue_span = _span(cue) if cue else None
                    return Attribution("speaker", actors.speaker_ref(child), cue_span), "asserted"
            head = current.head
            if head is current:
                break
            if current.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in self.speech:
                return self._speaker(head, actors)
            current = head
        return OUTLET, "asserted"

    def _according(self, token: Token) -> bool:
        words = tuple(t.lower_ for t in token.subtree if not t.is_punct)[:3]
        return any(words[: len(cue)] == cue for cue in self.sources)

    def _speaker(self, verb: Token, actors: ArticleActors) -> tuple[Attribution, Modality]:
        subject = self._subject(verb)
        speaker = actors.speaker_ref(subject) if subject is not None else None
        value = self.speech[verb.lemma_.lower()].value
        modality: Modality = "negated" if value == "negated" else "asserted"
        return Attribution("speaker", speaker, _span([verb])), modality

    # --- events ---------------------------------------------------------------------------------------

    def _events(
        self,
        cand: _Candidate,
        sentence: int,
        sent_start: int,
        sent_end: int,
        actors: ArticleActors,
        dates: Sequence[DateRef],
        base: dt.date,
        dated: bool,
        counter: int,
    ) -> list[Event]:
        head = cand.trigger[0]
        attribution, speech_modality = self._attribution(head, actors)
        modality = _stronger(cand.modality, speech_modality)
        if self._embedded(head):
            modality = _stronger(modality, "hypothetical")
        code, sources, targets, rule = cand.code, cand.sources, cand.targets, cand.rule
        must = self._obligation(cand.trigger[-1]) or self._obligation(head)
        if must and attribution.speaker is not None:
            demand = self._speaker_rule(must, code)
            if demand is not None:
                code, rule = demand.code if demand.code != "=" else code, f"{demand.rule}+{rule}"
                targets, sources = sources, [attribution.speaker]
                modality = demand.modality
        elif must:
            modality = _stronger(modality, "hypothetical")
        entry = self.ontology.cameo(code)
        plover = self.ontology.plover_for(code)
        trigger_tokens = sorted(cand.trigger, key=lambda t: t.i)
        trigger = (
            _span(trigger_tokens[:1])
            if len(trigger_tokens) > 1 and trigger_tokens[-1].i - trigger_tokens[0].i > 4
            else _span(trigger_tokens)
        )
        doc = head.doc
        first = min(head.left_edge.i, trigger_tokens[0].i)
        last = max(head.right_edge.i, trigger_tokens[-1].i)
        while first < last and (doc[first].idx < sent_start or doc[first].is_space):
            first += 1
        while last > first and (doc[last].idx >= sent_end or doc[last].is_space):
            last -= 1
        evidence = _span([doc[first], doc[last]])
        date = self._date(trigger, dates, sent_start, sent_end)
        if date is not None:
            day, date_text, precision = date.date, date.text, date.precision
        else:
            day, date_text, precision = base, None, "article" if dated else "unknown"
        confidence = cand.confidence
        if not sources:
            confidence -= 0.3
        elif sources[0].code is None:
            confidence -= 0.15
        if not targets:
            confidence -= 0.1
        out: list[Event] = []
        source_list: list[ActorRef | None] = [*sources] or [None]
        target_list: list[ActorRef | None] = [*targets] or [None]
        for source in source_list:
            for target in target_list:
                if (
                    source is not None
                    and target is not None
                    and source.start == target.start
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
                        attribution=attribution,
                        confidence=round(max(confidence, 0.05), 2),
                        rule=rule,
                        evidence=evidence,
                    )
                )
        return out

    def _speaker_rule(self, must: str, code: str) -> ComplementRule | None:
        return _choose(self.patterns.complements.get(must, ()), code, "speaker")

    @staticmethod
    def _date(trigger: Span, dates: Sequence[DateRef], start: int, end: int) -> DateRef | None:
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


def _names(conditions: Sequence[Condition], slot: str) -> bool:
    """Whether the conditions name the lemmas of ``slot`` (not just ``slot=*``)."""
    return any(c.slot == slot and c.lemmas is not None for c in conditions)


def _choose(rules: Iterable[ComplementRule], code: str, actors: str) -> ComplementRule | None:
    """The complement entry for a complement event's code: an entry naming its root beats a ``*`` entry."""
    chosen = None
    for rule in rules:
        fits = rule.actors == actors and (rule.roots is None or code[:2] in rule.roots)
        if fits and (chosen is None or (chosen.roots is None and rule.roots is not None)):
            chosen = rule
    return chosen


def _span(tokens: Sequence[Token]) -> Span:
    first, last = tokens[0], tokens[-1]
    start, end = first.idx, last.idx + len(last.text)
    # A slice of the Doc, not of doc.text: spaCy rebuilds doc.text on every access.
    return Span(start, end, first.doc[first.i : last.i + 1].text)
