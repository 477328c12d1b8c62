"""Modality: whether an event is asserted, negated, intended, conditional or hypothetical, and when it is a
demand.

The cue words are data (``cues.tsv``: ``aux``, ``negation``, ``condition``), the order in which modalities
win over each other too (``event-settings.tsv``); what a verb of saying adds (a "deny"-type cue negates what
it reports; "X said Y must ..." is a demand by X) comes from the quote stage's reports.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import cast

from spacy.tokens import Token

from sitrep.events.patterns import ComplementRule, Patterns
from sitrep.records import Modality


class ModalityRules:
    """Reads modality off the parse. Build once with the patterns."""

    def __init__(self, patterns: Patterns) -> None:
        self.patterns = patterns
        self.aux = patterns.cue_words("aux")
        self.negation = patterns.cue_words("negation")
        self.purpose = patterns.cue_words("purpose")
        self.conditions = [c.words for c in patterns.cues if c.kind == "condition"]
        order = patterns.settings.modality_order
        self._strength = {modality: len(order) - n for n, modality in enumerate(order)}

    def stronger(self, a: Modality, b: Modality) -> Modality:
        """The modality that wins when cues give both (``modality_order`` in event-settings.tsv)."""
        return a if self._strength[a] >= self._strength[b] else b

    def of(self, token: Token) -> Modality:
        """The modality the predicate's own dependents give: negation, a modal, a condition clause on it; a
        condition clause itself is hypothetical."""
        modality: Modality = "asserted"
        for child in token.children:
            lemma = child.lemma_.lower()
            if child.dep_ in ("advmod", "neg", "det", "aux") and (
                lemma in self.negation or child.lower_ in self.negation
            ):
                modality = self.stronger(modality, "negated")
            elif child.dep_ == "aux" and lemma in self.aux:
                value = self.aux[lemma].value
                if value in ("intended", "hypothetical", "conditional"):
                    modality = self.stronger(modality, value)  # type: ignore[arg-type]
            elif child.dep_ in ("advcl", "advmod", "obl") and self.starts_condition(child):
                modality = self.stronger(modality, "conditional")
            elif child.dep_ in ("nsubj", "nsubj:pass", "obj") and self.negated_subject(child):
                modality = self.stronger(modality, "negated")
        if token.dep_ == "xcomp" and any(
            c.dep_ in ("nsubj", "nsubj:pass") and self.negated_subject(c) for c in token.head.children
        ):
            # "no one is going to attack them": the subject of the governing verb denies the act.
            modality = self.stronger(modality, "negated")
        if token.dep_ == "advcl" and self.starts_condition(token):
            modality = self.stronger(modality, "hypothetical")
        purpose = self.purpose_of(token)
        if purpose is not None:
            modality = self.stronger(modality, purpose)
        return modality

    def purpose_of(self, token: Token) -> Modality | None:
        """An infinitive on a noun of purpose ("efforts **to resume** talks", "ways **to protect** civilians",
        and a second one joined to it) or on an adjective of judgement ("it is dangerous **to hold** such
        meetings"): what is sought or weighed, not what happened (``purpose`` cues in cues.tsv)."""
        clause = token.head if token.dep_ == "conj" and token.head.dep_ in ("acl", "xcomp") else token
        # "efforts to resume talks" (an infinitive on a noun); "it is dangerous to hold meetings",
        # "unlikely to concede" (an infinitive on an adjective).
        on_adjective = clause.dep_ == "xcomp" and clause.head.pos_ == "ADJ"
        if not (clause.dep_ == "acl" or on_adjective):
            return None
        if not any(c.dep_ == "mark" and c.lower_ == "to" for c in clause.children):
            return None
        cue = self.purpose.get(clause.head.lemma_.lower())
        return cast(Modality, cue.value) if cue is not None else None

    def negated_subject(self, subject: Token) -> bool:
        """A subject (or object) that denies the act: "**nobody** was hurt", "**no** soldiers were killed",
        "**no one** is going to attack them", "killed **no** civilians" (negation cues in cues.tsv)."""
        if subject.lemma_.lower() in self.negation or subject.lower_ in self.negation:
            return True
        return any(
            c.dep_ == "det" and (c.lemma_.lower() in self.negation or c.lower_ in self.negation)
            for c in subject.children
        )

    def embedded(self, token: Token, speech: Collection[int]) -> bool:
        """Whether the clause is the content of another event ("demanded that the US *cancel* the sale"): it
        is then asked for, not reported as done. ``speech`` holds where the article's verbs of saying start
        (the quote stage's reports): what they govern is reported, not asked for."""
        current = token
        for _ in range(6):
            head = current.head
            if head is current or current.dep_ not in ("ccomp", "xcomp", "csubj"):
                return False
            if head.idx in speech:
                return False
            lemma = head.lemma_.lower()
            if lemma in self.patterns.verbs or lemma in self.patterns.complements:
                return True
            current = head
        return False

    def obligation(self, token: Token) -> str | None:
        """The obligation auxiliary ("must", "should") on the predicate, if any."""
        for child in token.children:
            lemma = child.lemma_.lower()
            if child.dep_ == "aux" and lemma in self.aux and self.aux[lemma].value == "obligation":
                return lemma
        return None

    def demand(self, must: str, code: str) -> ComplementRule | None:
        """The ``actors=speaker`` entry of ``complements.tsv``: "X said Y must ..." is a demand by X."""
        return choose(self.patterns.complements.get(must, ()), code, "speaker")

    def starts_condition(self, token: Token) -> bool:
        words = [t.lower_ for t in token.subtree if not t.is_punct][:4]
        return any(tuple(words[: len(cue)]) == cue for cue in self.conditions)


def choose(
    rules: Iterable[ComplementRule], code: str, actors: str | tuple[str, ...]
) -> ComplementRule | None:
    """The complement entry for a complement event's code: an entry naming its root beats a ``*`` entry.
    ``actors``: the entries' ``actors`` value (or values) to consider."""
    accepted = (actors,) if isinstance(actors, str) else actors
    chosen = None
    for rule in rules:
        fits = rule.actors in accepted and (rule.roots is None or code[:2] in rule.roots)
        if fits and (chosen is None or (chosen.roots is None and rule.roots is not None)):
            chosen = rule
    return chosen
