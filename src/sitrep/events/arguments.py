"""Arguments: where an event's source and target are in the parse.

The source is a predicate's subject (through "xcomp", conjoined and purpose clauses), or in the passive voice
the ``by``-phrase; targets are found at the places a pattern names (``obj``, ``iobj``, ``that``, ``poss`` or
a preposition). The rules read Universal Dependencies labels; the few English words they need (verb particles,
the prepositions that name an owner) come from ``cues.tsv``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from sitrep.records import ActorRef

if TYPE_CHECKING:
    from sitrep.actors.index import ActorIndex

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubj:pass", "csubj:pass")
DATELINE_MARKS = frozenset({"—", "–", "-", "--", ":", "):"})
"""Punctuation that closes a dateline ("NAIROBI, Kenya (AP) —", "Sanaa, Feb 23 (IANS):")."""
DATELINE_WORDS = 10
"""A dateline is at most this many tokens, its closing mark included."""
PEOPLE = ("PER", "PERSON")
"""Entity labels of people ("Theresa May" is no date)."""
OBLIQUE = ("obl", "nmod", "obl:agent", "obl:arg", "advcl", "obl:tmod", "obl:npmod")


class Arguments:
    """Finds subjects, objects and prepositional complements. Build once with the closed-class words."""

    def __init__(
        self,
        particles: frozenset[str],
        owners: frozenset[str],
        reasons: frozenset[str] = frozenset(),
        calendar: frozenset[str] = frozenset(),
        times: frozenset[str] = frozenset(),
    ) -> None:
        self.particles = particles
        """Verb particles the parser may take for prepositions ("broke off ties with X")."""
        self.owners = owners
        """Prepositions that name whose thing a phrase is ("calls by Belarus's rulers")."""
        self.reasons = reasons
        """Prepositions of a gerund whose doer is the object of the verb ("accused X of attacking")."""
        self.calendar = calendar
        """Month and weekday names, lower-cased (the dates lexicon's): "on May 25", "Friday" are no actors."""
        self.times = times
        """Time units and parts of the day (the dates lexicon's): "in recent days", "that night" are none."""

    def subject(self, token: Token) -> Token | None:
        """The subject of the predicate, through "xcomp", conjoined and purpose clauses, or the noun a
        participle modifies."""
        repaired = misparsed(token)
        if repaired:
            return repaired[0]
        current: Token | None = token
        for _ in range(4):
            if current is None:
                return None
            found = own_subject(current)
            if found is not None and found.tag_ in ("WDT", "WP") and current.dep_ == "acl:relcl":
                # "a convoy that was attacking the town": the relative pronoun stands for the noun.
                return current.head
            if found is not None:
                return found
            if self._for_what(current):
                # "accused the rebels of shelling the town": the rebels shell it.
                return child(current.head, "obj")
            purpose = current.dep_ == "advcl" and any(c.lower_ == "to" for c in current.children)
            if (
                current.dep_ in ("xcomp", "conj") or purpose or participle(current)
            ) and current.head is not current:
                current = current.head
            elif purpose_of_object(current):
                # "claimed responsibility for launching attacks", "launched an operation to retake the town":
                # the doer is the subject of the verb whose object the clause completes.
                current = current.head.head
            elif current.dep_.startswith("acl") and current.head.pos_ in ("NOUN", "PROPN"):
                return current.head
            else:
                return None
        return None

    def _for_what(self, token: Token) -> bool:
        """A gerund clause with a reason preposition on a verb with an object ("blamed Kyiv for shelling")."""
        return (
            token.dep_ == "advcl"
            and token.tag_ == "VBG"
            and any(c.dep_ == "mark" and c.lower_ in self.reasons for c in token.children)
            and child(token.head, "obj") is not None
        )

    def prep_children(self, token: Token, prep: str, deps: tuple[str, ...] = OBLIQUE) -> list[Token]:
        """The complements of ``token`` (or of its object) introduced by the preposition ``prep``."""
        repaired = misparsed(token)
        objects = [repaired[1]] if repaired else [c for c in token.children if c.dep_ == "obj"]
        # "broke off ties with X", the particle parsed as a preposition: "ties" is an obl, not an object.
        objects += [
            c
            for c in token.children
            if c.dep_ == "obl" and any(x.dep_ == "case" and x.lower_ in self.particles for x in c.children)
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

    def prep_child(self, token: Token, prep: str, deps: tuple[str, ...] = OBLIQUE) -> Token | None:
        found = self.prep_children(token, prep, deps)
        return found[0] if found else None

    def place(self, token: Token, place: str) -> Token | None:
        """The token at a pattern's place: ``obj``, ``iobj``, ``that`` (the subject of a that-clause),
        ``poss``, ``subject``, ``-`` (nowhere) or a preposition."""
        if place == "-":
            return None
        if place == "obj" and (repaired := misparsed(token)):
            return repaired[1]
        if place in ("obj", "iobj"):
            return child(token, place)
        if place == "that":
            clause = child(token, "ccomp")
            return self.subject(clause) if clause is not None else None
        if place == "poss":
            return child(token, "nmod:poss")
        if place == "subject":
            return self.subject(token)
        return self.prep_child(token, place)

    def actor_refs(self, token: Token, actors: ActorIndex, thing: bool = False) -> list[ActorRef]:
        """The actors of a phrase; for a phrase that is no actor ("an Australian ultimatum", "calls by
        Belarus's rulers"), the actor it belongs to; else a code-less reference to a plural or proper noun."""
        refs = [] if thing else actors.refs(token)
        if any(r.code for r in refs):
            return refs
        # "shot down 18 drones launched by the rebels", "rejected a complaint lodged by X": a thing or weapon
        # no one owns in words is the doer's (not people: "two women kidnapped by the group"). ("18 drones and
        # three missiles launched by …": the participle on the last conjunct is on all.)
        joined = (token, *(c for c in token.children if c.dep_ == "conj"))
        things = [t for t in joined if actors.weapon(t) or not actors.refs(t)]
        for clause in (c for thing_ in things for c in thing_.children):
            if clause.dep_ == "acl" and clause.tag_ == "VBN":
                doer = self.prep_child(clause, "by", deps=("obl:agent", "obl"))
                owners = actors.refs(doer) if doer is not None else []
                if any(o.code for o in owners):
                    return [o for o in owners if o.code]
        if refs:
            return refs
        for dependent in token.children:
            cases = {c.lower_ for c in dependent.children if c.dep_ == "case"}
            if dependent.dep_ in ("nmod:poss", "amod", "compound") or (
                dependent.dep_.startswith("nmod") and cases & self.owners
            ):
                refs = actors.refs(dependent)
                context = all(r.actor_from for r in refs)
                if dependent.dep_ == "compound" and dependent.pos_ == "PROPN" and context:
                    # A name coded only from the article's context ("the Dawa strike", an unknown
                    # village) says where, not whose.
                    continue
                if refs:
                    return refs
        if thing or self.is_date(token):
            return []
        return uncoded(token, actors)

    def is_date(self, token: Token) -> bool:
        """A capitalised month or weekday name heading its phrase ("on May 25", "Friday"), not in a name; or a
        time unit or part of the day ("in recent days", "overnight")."""
        if token.pos_ != "PROPN" and token.lower_ in self.times:
            return True
        return token.text[:1].isupper() and token.lower_ in self.calendar and token.ent_type_ not in PEOPLE


def purpose_of_object(token: Token) -> bool:
    """A clause with "to" or "for" on the object of a verb ("launched an operation to retake the town")."""
    head = token.head
    return (
        token.dep_ == "acl"
        and any(c.dep_ == "mark" for c in token.children)
        and head.dep_ == "obj"
        and head.head.pos_ == "VERB"
    )


def own_subject(token: Token) -> Token | None:
    """The subject dependent of ``token``, passing over a dateline the parser made a subject: "ISLAMABAD — A
    court rejected …" (two subjects: the court), "Abuja, Nigeria – The opposition rejected …" (the opposition,
    parsed as an apposition of the dateline)."""
    subjects = [c for c in token.children if c.dep_ in SUBJECTS]
    if not subjects:
        return None
    end = dateline_end(token.sent)
    if end is None or subjects[0].i >= end:
        return subjects[0]
    for subject in subjects:
        if subject.i >= end:
            return subject
        for inner in subject.subtree:
            if inner.i >= end and inner.dep_ in ("appos", "conj") and inner.head.i < end:
                return inner
    return None


def dateline_end(sent: Span) -> int | None:
    """Where a dateline that opens the sentence ends ("NAIROBI, Kenya (AP) —", "Sanaa, Feb 23 (IANS):",
    "BEIRUT -"): the index after the dash or colon that closes a verbless opening of a few words."""
    for token in sent[:DATELINE_WORDS]:
        if token.pos_ in ("VERB", "AUX"):
            return None
        if token.i > sent.start and token.pos_ == "PUNCT" and token.text in DATELINE_MARKS:
            return token.i + 1
    return None


def uncoded(token: Token, actors: ActorIndex) -> list[ActorRef]:
    """A code-less reference to a proper noun or a plural noun ("the two breakaway republics")."""
    if token.pos_ == "PROPN" or (token.pos_ == "NOUN" and "Plur" in token.morph.get("Number", [])):
        return [actors.uncoded_ref(token)]
    return []


def participle(token: Token) -> bool:
    """A gerund clause that modifies its head's clause ("rejected the results, accusing the commission of
    fraud"): its subject is the subject of the head."""
    head = token.head
    return (
        token.dep_ == "advcl" and token.tag_ == "VBG" and (head.pos_ in ("VERB", "AUX") or has_subject(head))
    )


def child(token: Token, dep: str) -> Token | None:
    """The first dependent of ``token`` with the label ``dep``."""
    for dependent in token.children:
        if dependent.dep_ == dep:
            return dependent
    return None


def has_subject(token: Token) -> bool:
    return any(c.dep_ in (*SUBJECTS, *PASSIVE_SUBJECTS) for c in token.children)


def passive(token: Token) -> bool:
    return any(c.dep_ in ("aux:pass", *PASSIVE_SUBJECTS) for c in token.children) or reduced_passive(token)


def reduced_passive(token: Token) -> bool:
    """A past participle that modifies a noun ("two women kidnapped by the group"): the noun is what the
    act was done to, a ``by``-phrase the doer. Without a ``by``-phrase, a participle on the subject of the
    sentence is more often a verb the parser got wrong ("Albanians demonstrated on Tuesday")."""
    if token.dep_ != "acl" or token.tag_ != "VBN" or token.head.pos_ not in ("NOUN", "PROPN", "PRON"):
        return False
    if child(token, "obj") is not None or child(token, "nsubj:pass") is not None:
        # "the fact that the troops were fired at": a clause with a subject of its own.
        return False
    agent = any(c.dep_ == "obl:agent" for c in token.children)
    return agent or token.head.dep_ not in ("ROOT", *SUBJECTS, *PASSIVE_SUBJECTS)


def passive_subject(token: Token) -> Token | None:
    """The subject of a passive predicate: its ``nsubj:pass``, or the noun a participle modifies."""
    return token.head if reduced_passive(token) else child(token, "nsubj:pass")


def misparsed(token: Token) -> tuple[Token, Token] | None:
    """(subject, object) of a past-tense verb the parser took for an adjective in a clause without a verb:
    "Britain mobilized army reservists" parsed as a noun phrase with "mobilized" as amod."""
    if token.dep_ != "amod" or not token.lower_.endswith("ed") or token.i == token.sent.start:
        return None
    if token.sent.root.pos_ in ("VERB", "AUX") or token.head.i < token.i:
        return None
    doc, at = token.doc, token.i - 1
    # "riot police on Friday fired rubber bullets": the subject is before the prepositional phrase.
    while at - 2 >= token.sent.start and doc[at - 1].pos_ == "ADP" and doc[at - 2].pos_ in ("NOUN", "PROPN"):
        at -= 2
    subject = doc[at]
    if subject.pos_ not in ("NOUN", "PROPN"):
        return None
    while subject.dep_ == "conj" and subject.head.i < subject.i:
        subject = subject.head
    return subject, token.head
