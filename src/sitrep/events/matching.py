"""Matching: predicates of a sentence → candidate events, through the pattern files.

For a verb, the best matching ``verbs.tsv`` entry (light verbs take their code from the object noun through
``nouns.tsv``); verb + verb through ``complements.tsv`` (the complement first, then the matrix entry for its
CAMEO root); a noun on its own when it has a source. Sources and targets come from :mod:`.arguments`, the
predicate's own modality from :mod:`.modality`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeVar

from spacy.tokens import Token

from sitrep.events.arguments import (
    Arguments,
    child,
    has_subject,
    misparsed,
    own_subject,
    passive,
    passive_subject,
    reduced_passive,
)
from sitrep.events.modality import ModalityRules, choose
from sitrep.events.patterns import (
    SELF_SLOTS,
    SPECIAL_PLACES,
    ComplementRule,
    Condition,
    NounPattern,
    Patterns,
    VerbPattern,
)
from sitrep.nlp.forms import base_forms
from sitrep.records import ActorRef, Modality

if TYPE_CHECKING:
    from sitrep.actors.index import ActorIndex

NOT_PREPOSITIONS = SELF_SLOTS | {"obj", "prt", "mod", "xcomp", "ccomp", "iobj", "nsubj", "advmod"}
"""Condition slots that are not a preposition's complement."""

PREDICATE_POS = frozenset({"VERB", "ADJ", "AUX", "NOUN"})
PHRASE_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM"})
"""The parts of speech of a noun phrase, for headlines the parser could not read."""
SENTENCE_END = frozenset({".", "!", "?"})
P = TypeVar("P", VerbPattern, NounPattern)


@dataclass(slots=True)
class Candidate:
    """A predicate matched by the patterns: what it codes, from which lines, and its actors."""

    code: str
    rule: str
    trigger: list[Token]
    sources: list[ActorRef]
    targets: list[ActorRef]
    modality: Modality
    consumed: list[Token] = field(default_factory=list)
    """The tokens this candidate takes: no other candidate of the sentence may start at them."""
    by_speaker: bool = False
    """The source is whoever says so (the entry's places name ``speaker``): "X bears the responsibility",
    the ministry said."""
    act_doer: bool = False
    """The source is an act with no owner ("the strikes hit a truck", "killed in the strike"): its doer is
    whoever did the last attack the article coded."""
    absorbs: list[Token] = field(default_factory=list)
    """An act noun this candidate reports the result of ("Israeli strikes **hit** the town", "killed **in
    the strike**"): one event, so the noun gives none of its own."""


class Matcher:
    """Turns a predicate into a :class:`Candidate`. Build once with the patterns."""

    def __init__(self, patterns: Patterns, arguments: Arguments, modality: ModalityRules) -> None:
        self.patterns = patterns
        self.arguments = arguments
        self.modality = modality
        self.modifier_deps = patterns.settings.modifier_deps
        self.name_labels = patterns.settings.name_labels
        self.reciprocal = frozenset(patterns.cue_words("reciprocal"))
        self.claims = frozenset(patterns.cue_words("claim"))

    def predicate(self, token: Token, actors: ActorIndex) -> Candidate | None:
        """The candidate event of ``token``, if the patterns code it."""
        if self.in_name(token):
            return None
        lemma = self.lemma(token)
        if token.pos_ == "NOUN":
            return self._headline_verb(token, actors) or self._standalone_noun(token, actors)
        rules = self.patterns.complements.get(lemma)
        if rules:
            complement = self._complement_verb(token)
            if complement is not None:
                inner = self._verb(complement, actors, inherited=self.arguments.subject(token))
                if inner is not None:
                    combined = self._combine(token, inner, rules, actors)
                    if combined is not None:
                        return combined
        found = self._verb(token, actors)
        return self._auxiliary(token, found) if found is not None else None

    def lemma(self, token: Token) -> str:
        """The token's lemma as the pattern files know it. The model's lemmatizer mangles some past forms
        ("shelled" → "shelle", "blamed" → "blam"), so forms made from the word itself are tried too."""
        lemma = token.lemma_.lower()
        if lemma in self.patterns.verbs or lemma in self.patterns.complements or token.pos_ == "NOUN":
            return lemma
        for form in base_forms(token.lower_):
            if form in self.patterns.verbs or form in self.patterns.complements:
                return form
        return lemma

    def in_name(self, token: Token) -> bool:
        """Whether the word is inside a name of several words ("the Rapid Support Forces", "the Defend
        Democracy Act"): a name, not an act (``name_labels`` in event-settings.tsv)."""
        if token.ent_type_ not in self.name_labels:
            return False
        if token.ent_iob_ == "I":
            return True
        following = token.i + 1
        return following < len(token.doc) and token.doc[following].ent_iob_ == "I"

    # --- verbs ----------------------------------------------------------------------------------------

    def _auxiliary(self, token: Token, cand: Candidate) -> Candidate:
        """An auxiliary with entries in complements.tsv ("will", "would") recodes its verb the way a matrix
        verb does: "Finland will give Tanzania a grant" is an intent to provide aid (033), not aid given."""
        for dependent in token.children:
            if dependent.dep_ != "aux":
                continue
            chosen = choose(self.patterns.complements.get(dependent.lemma_.lower(), ()), cand.code, "subject")
            if chosen is not None and chosen.code != "=":
                cand.code = chosen.code
                cand.rule = f"{chosen.rule}+{cand.rule}"
                cand.modality = self.modality.stronger(cand.modality, chosen.modality)
        return cand

    def _complement_verb(self, token: Token) -> Token | None:
        # "forbid any firm from trading", parsed with the gerund on the object, is repaired in the parse
        # (nlp/data/repairs.tsv, prevention-clause-on-the-object).
        for dependent in token.children:
            if dependent.dep_ in ("xcomp",) and dependent.pos_ in ("VERB", "NOUN", "ADJ"):
                return dependent
            if (
                dependent.dep_ in ("ccomp", "advcl")
                and dependent.tag_ == "VBG"
                and not has_subject(dependent)
                and not _set_off(token, dependent)
            ):
                return dependent
        return None

    def _combine(
        self, matrix: Token, inner: Candidate, rules: Iterable[ComplementRule], actors: ActorIndex
    ) -> Candidate | None:
        chosen = choose(rules, inner.code, ("subject", "object"))
        if chosen is None:
            return None
        targets = inner.targets
        if chosen.actors == "object":  # "urged the army to release …": the one urged is the target
            found = (self.arguments.prep_child(matrix, prep) for prep in ("on", "to"))
            addressee = self.arguments.place(matrix, "obj") or next((t for t in found if t is not None), None)
            if addressee is not None and (refs := self.arguments.actor_refs(addressee, actors)):
                targets = refs
        code = inner.code if chosen.code == "=" else chosen.code
        stronger = self.modality.stronger
        modality = stronger(stronger(chosen.modality, inner.modality), self.modality.of(matrix))
        return Candidate(
            code=code,
            rule=f"{chosen.rule}+{inner.rule}",
            trigger=[matrix, *inner.trigger],
            sources=inner.sources,
            targets=targets,
            modality=modality,
            consumed=[*inner.trigger, matrix],
        )

    def _verb(self, token: Token, actors: ActorIndex, inherited: Token | None = None) -> Candidate | None:
        patterns = self.patterns.verbs.get(self.lemma(token))
        if not patterns:
            return None
        best = self._best(patterns, token)
        if best is None or best.code == "-":
            return None
        args = self.arguments
        code, rule, trigger = best.code, best.rule, [token]
        targets_from: list[tuple[Token, tuple[str, ...]]] = [(token, best.target)]
        if code == "noun":
            repaired = misparsed(token)
            obj = repaired[1] if repaired else (child(token, "obj") or child(token, "nsubj:pass"))
            noun = self._noun_pattern(obj) if obj is not None else None
            if obj is None or noun is None:
                return None
            code, rule = noun.code, f"{best.rule}+{noun.rule}"
            trigger = [token, obj]
            targets_from.insert(0, (obj, noun.target))
        is_passive = passive(token)
        if is_passive:
            source_tok = args.prep_child(token, "by", deps=("obl:agent", "obl"))
            subject_tok = passive_subject(token)
        else:
            source_tok = args.subject(token) or inherited
            by = args.prep_child(token, "by", deps=("obl", "obl:agent")) if token.tag_ == "VBG" else None
            named = args.actor_refs(source_tok, actors) if source_tok is not None else []
            if by is not None and not any(r.code for r in named):
                # "the fact of firing on X's positions by Y's army": a gerund's doer after "by".
                source_tok = by
            subject_tok = source_tok
        sources = args.actor_refs(source_tok, actors) if source_tok is not None else []
        act_doer = False
        if is_passive and source_tok is None:
            sources = self._means_owner(token, actors)
            act_doer = not sources and any(
                c.dep_ in ("obl", "nmod") and self._noun_pattern(c) is not None for c in token.children
            )
        elif source_tok is not None and not any(s.code for s in sources):
            # "the strikes hit a truck", "the missiles hit the ship": whoever did the last attack.
            act_doer = self._noun_pattern(source_tok) is not None or actors.weapon(source_tok)
        absorbs: list[Token] = []
        act = source_tok if not is_passive else self._act_in(token)
        roots = self.patterns.settings.consequence_roots
        noun = self._noun_pattern(act) if act is not None and act.pos_ == "NOUN" else None
        if act is not None and noun is not None and noun.code[:2] in roots and code[:2] in roots:
            # One attack: the act noun's own code where the verb's is its root's general one (190 → 195).
            absorbs = [act]
            if noun.code[:2] == code[:2] and code[2:] in ("", "0"):
                code, rule = noun.code, f"{rule}+{noun.rule}"
        # "acted as mediators between X and Y", "engaged in talks with X": the place may hang on the noun
        # the entry names.
        prepositions = tuple(p for p in best.target if p not in SPECIAL_PLACES)
        targets_from += [(noun, prepositions) for noun in self._named_complements(best, token)]
        targets: list[ActorRef] = []
        if is_passive and subject_tok is not None and _stranded(token):
            targets = args.actor_refs(subject_tok, actors)
        for head, places in targets_from if not targets else ():
            for place in places:
                if place == "speaker":
                    continue
                tok = subject_tok if place == "obj" and is_passive else args.place(head, place)
                if tok is not None:
                    # An object the entry names ("rejected an Australian ultimatum") is a thing: the
                    # target is whoever it belongs to.
                    thing = place == "obj" and head is token and _names(best.conditions, "obj")
                    targets = args.actor_refs(tok, actors, thing=thing)
                    if targets:
                        break
            if targets:
                break
        if not targets and not is_passive:
            targets = self._owner_or_purpose(token, best, trigger, actors)
        if not targets and len({s.code for s in sources if s.code}) > 1 and self._reciprocal(trigger):
            # "Egypt and Qatar met": each did it with the other; one event, the first as source.
            coded = [s for s in sources if s.code]
            sources, targets = coded[:1], [t for t in coded[1:] if t.code != coded[0].code]
        by_speaker = "speaker" in best.target
        return Candidate(
            code=code,
            rule=rule,
            trigger=trigger,
            sources=[] if by_speaker else sources,
            targets=targets,
            modality=self.modality.of(token),
            consumed=[*trigger, *self._named_complements(best, token)],
            by_speaker=by_speaker,
            act_doer=act_doer,
            absorbs=absorbs,
        )

    def _claimant(self, token: Token, actors: ActorIndex) -> list[ActorRef]:
        """Who claims the act the noun names, as its doer: "the group claimed the attack", "claimed
        responsibility for the attack" (``claim`` cues in cues.tsv)."""
        head = token.head
        if token.dep_ != "obj" and head.dep_ == "obj":
            head = head.head  # "claimed responsibility for the attack": the noun hangs on "responsibility"
        if self.lemma(head) not in self.claims or token.dep_ not in ("obj", "nmod", "obl"):
            return []
        subject = self.arguments.subject(head)
        return [r for r in actors.refs(subject) if r.code] if subject is not None else []

    def _reciprocal(self, trigger: Sequence[Token]) -> bool:
        """Whether the act is one its joined subjects do to each other (``reciprocal`` in cues.tsv)."""
        return any(self.lemma(t) in self.reciprocal or t.lower_ in self.reciprocal for t in trigger)

    def _act_in(self, token: Token) -> Token | None:
        """The act noun an agentless passive happened in ("were killed in the strike")."""
        for dependent in token.children:
            if dependent.dep_ in ("obl", "nmod") and self._noun_pattern(dependent) is not None:
                return dependent
        return None

    def _named_complements(self, best: VerbPattern, token: Token) -> list[Token]:
        """The nouns a prepositional condition of the entry named ("engaged *in* talks", "… in artillery
        fire"), with their conjuncts: part of the verb's event, not events of their own."""
        found: list[Token] = []
        for condition in best.conditions:
            if condition.lemmas is None or condition.negated or condition.slot in NOT_PREPOSITIONS:
                continue
            for noun in self._slot(condition.slot, token):
                if noun.pos_ == "NOUN":  # a clause ("accused X of attacking Y") is an event of its own
                    found += [noun, *(c for c in noun.children if c.dep_ == "conj" and c.pos_ == "NOUN")]
        return found

    def _means_owner(self, token: Token, actors: ActorIndex) -> list[ActorRef]:
        """The source of an agentless passive: the owner of the coded act it happened in ("villagers were
        killed in a Sudan raid"; ``actor_from="owner"``), else the doer of an asserted event clause on it
        ("were killed when the army shelled the town"; ``actor_from="event"``)."""
        for dependent in token.children:
            if dependent.dep_ not in ("obl", "nmod") or self._noun_pattern(dependent) is None:
                continue
            owners = self.arguments.actor_refs(dependent, actors, thing=True)
            if owners:
                return [replace(o, actor_from=o.actor_from or "owner") for o in owners]
        for clause in token.children:
            # "farmers were killed when the army shelled the town": the clause's doer.
            if (
                clause.dep_ != "advcl"
                or self.patterns.verbs.get(self.lemma(clause)) is None
                or self.modality.of(clause) != "asserted"
            ):
                continue
            subject = own_subject(clause)
            doers = self.arguments.actor_refs(subject, actors) if subject is not None else []
            if any(d.code for d in doers):
                return [replace(d, actor_from=d.actor_from or "event") for d in doers if d.code]
        return []

    def _owner_or_purpose(
        self, token: Token, best: VerbPattern, trigger: list[Token], actors: ActorIndex
    ) -> list[ActorRef]:
        """Targets where the pattern's places found none: the owner of an object the entry names ("requested
        Russia's assistance"), else the object of a purpose clause on the object ("launched an offensive to
        retake Kherson")."""
        obj = trigger[-1] if len(trigger) > 1 else self.arguments.place(token, "obj")
        if obj is None:
            return []
        if _names(best.conditions, "obj") and len(trigger) == 1:
            owners = self.arguments.actor_refs(obj, actors, thing=True)
            if owners:
                return owners
        for clause in obj.children:
            if clause.dep_ == "acl" and any(c.dep_ == "mark" for c in clause.children):
                inner = child(clause, "obj")
                if inner is not None:
                    return self.arguments.actor_refs(inner, actors)
        return []

    # --- headlines ------------------------------------------------------------------------------------

    def _headline_verb(self, token: Token, actors: ActorIndex) -> Candidate | None:
        """A verb of a headline that the parser took for a plural noun ("Iran condemns EU sanctions", "Egypt
        hosts Hamas delegation"): in the article's first line when it has no final punctuation, a "-s" word
        right after an actor and before a noun phrase. The actor before is the source, the phrase after the
        object; only entries without conditions, or with a condition on the object, apply."""
        sent = token.sent
        if sent.start != 0 or token.i == sent.start or token.i + 1 >= sent.end:
            return None
        last = next((t for t in reversed(sent) if not t.is_space), token)
        if last.is_punct and last.text in SENTENCE_END:
            return None
        if not token.lower_.endswith("s") or token.tag_ not in ("NNS", "NN", "VBZ"):
            return None
        before, after = token.doc[token.i - 1], token.doc[token.i + 1]
        if before.pos_ not in ("PROPN", "NOUN") or after.pos_ not in PHRASE_POS:
            return None
        patterns = next(
            (self.patterns.verbs[f] for f in base_forms(token.lower_)[1:] if f in self.patterns.verbs), None
        )
        if not patterns:
            return None
        phrase = []
        for t in token.doc[token.i + 1 : sent.end]:
            if t.pos_ not in PHRASE_POS and not (t.pos_ == "PART" and t.tag_ == "POS"):
                break
            phrase.append(t)
        obj = next((t for t in reversed(phrase) if t.pos_ in ("NOUN", "PROPN")), None)
        best: VerbPattern | None = None
        for pattern in patterns:
            if any(c.slot != "obj" or c.absent for c in pattern.conditions):
                continue
            if pattern.conditions and (
                obj is None
                or not all(c.lemmas is None or _lemma_in(obj, c.lemmas) for c in pattern.conditions)
            ):
                continue
            if best is None or len(pattern.conditions) > len(best.conditions):
                best = pattern
        if best is None or best.code in ("-", "noun"):
            return None
        sources = _covering(actors, before, token)
        if not sources:
            return None
        targets: list[ActorRef] = []
        if "obj" in best.target and not _names(best.conditions, "obj"):
            targets = next((found for t in phrase if (found := _covering(actors, t, token))), [])
        return Candidate(best.code, best.rule, [token], sources, targets, self.modality.of(token))

    # --- nouns ----------------------------------------------------------------------------------------

    def _standalone_noun(self, token: Token, actors: ActorIndex) -> Candidate | None:
        noun = self._noun_pattern(token)
        if noun is None:
            return None
        claimant = self._claimant(token, actors)
        if token.dep_ in ("obj",) and token.head.lemma_.lower() in self.patterns.verbs and not claimant:
            return None
        args = self.arguments
        sources: list[ActorRef] = []
        source_tok: Token | None = None
        for place in noun.source if not claimant else ():
            if place == "poss":
                for dependent in token.children:
                    if dependent.dep_ in ("nmod:poss", "amod", "compound"):
                        sources = actors.refs(dependent)
                        if sources:
                            break
            else:
                source_tok = args.place(token, place)
                if source_tok is None and place not in ("by", "of") and token.dep_ == "nsubj":
                    # "clashes broke out between X and Y": the phrase hangs on the verb of the noun's clause.
                    source_tok = args.place(token.head, place)
                sources = actors.refs(source_tok) if source_tok is not None else []
            if sources:
                break
        sources = sources or claimant
        if not sources:
            return None
        targets: list[ActorRef] = []
        for place in noun.target:
            tok = args.place(token, place)
            if tok is None and source_tok is not None and place in noun.source:
                tok = source_tok
            if tok is not None:
                targets = args.actor_refs(tok, actors)
                if source_tok is not None and tok.i == source_tok.i:
                    # "fighting between X and Y": X is the source, the others the targets.
                    sources, targets = sources[:1], [t for t in targets if t != sources[0]]
                if targets:
                    break
        return Candidate(noun.code, noun.rule, [token], sources, targets, self.modality.of(token))

    def _noun_pattern(self, token: Token) -> NounPattern | None:
        patterns = self.patterns.nouns.get(token.lemma_.lower()) or self.patterns.nouns.get(token.lower_)
        if not patterns:
            return None
        return self._best(patterns, token)

    # --- conditions -----------------------------------------------------------------------------------

    def _best(self, patterns: Sequence[P], token: Token) -> P | None:
        """The entry with the most conditions that all hold; among equals, the first in the file. A modifier
        ("the armed forces": ``modifier_deps`` in event-settings.tsv) takes only an entry that asks for its
        relation (``dep=amod``); a verb the parser took for one ("Britain mobilized army reservists") is not.
        """
        modifier = token.dep_ in self.modifier_deps and misparsed(token) is None and not _after_subject(token)
        best: P | None = None
        for pattern in patterns:
            if modifier and not any(c.slot == "dep" and not c.negated for c in pattern.conditions):
                continue
            if all(self._holds(c, token) for c in pattern.conditions) and (
                best is None or len(pattern.conditions) > len(best.conditions)
            ):
                best = pattern
        return best

    def _holds(self, condition: Condition, token: Token) -> bool:
        if condition.slot in SELF_SLOTS:
            own = token.pos_ if condition.slot == "pos" else token.dep_
            return (own.lower() in (condition.lemmas or ())) != condition.negated
        found = self._slot(condition.slot, token)
        if condition.absent:
            return not found
        if condition.lemmas is None:
            return bool(found)
        if not found and condition.slot == "obj" and token.dep_ == "acl" and token.tag_ == "VBN":
            # "hostages seized in March, who are held ...": a participle on a noun that is not a reduced
            # passive by the parser's reading still names what was seized; only a named object counts.
            found = [token.head]
        named = any(t.lemma_.lower() in condition.lemmas or t.lower_ in condition.lemmas for t in found)
        return named != condition.negated

    def _slot(self, slot: str, token: Token) -> list[Token]:
        if slot == "prt":
            return [
                c
                for c in token.children
                if c.dep_ == "compound:prt" or (c.dep_ == "advmod" and c.pos_ == "ADP")
            ]
        if slot == "obj":
            deps = ("obj", "nsubj:pass") if passive(token) else ("obj",)
            repaired = misparsed(token)
            if repaired:
                objects = [repaired[1]]
            elif reduced_passive(token):
                objects = [token.head]  # "missiles launched by the rebels"
            else:
                objects = [c for c in token.children if c.dep_ in deps] or _relative_object(token)
            # "25,000 tons of food aid", "$5 billion in aid": the measured thing counts as the object too.
            return objects + [
                c
                for o in objects
                for c in o.children
                if c.dep_ == "nmod" and any(x.lower_ in ("of", "in") for x in c.children)
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
        return self.arguments.prep_children(token, slot)


def _relative_object(token: Token) -> list[Token]:
    """The noun a relative clause modifies when it is the clause's gapped object ("a charge the ministry
    denies", "the resolve this shows"): the clause has its own subject, no object and no relative adverb
    or stranded preposition ("the square where they marched", "the city they marched to")."""
    if token.dep_ != "acl:relcl" or token.head.pos_ not in ("NOUN", "PROPN"):
        return []
    kids = list(token.children)
    if not any(c.dep_ == "nsubj" and c.tag_ not in ("WP", "WDT") for c in kids):
        return []
    if any(
        c.dep_ in ("obj", "ccomp", "xcomp")
        or c.tag_ == "WRB"
        or (c.pos_ == "ADP" and c.dep_ != "compound:prt")
        for c in kids
    ):
        return []
    return [token.head]


def _lemma_in(token: Token, lemmas: frozenset[str]) -> bool:
    return token.lemma_.lower() in lemmas or any(f in lemmas for f in base_forms(token.lower_))


def _covering(actors: ActorIndex, token: Token, outside: Token) -> list[ActorRef]:
    """The actors of the smallest mention that holds ``token`` and not ``outside``."""
    best = None
    for mention in actors.mentions.values():
        actor = mention.actor
        holds = actor.start <= token.idx < actor.end and not actor.start <= outside.idx < actor.end
        if holds and (best is None or actor.end - actor.start < best.actor.end - best.actor.start):
            best = mention
    return [a.ref() for a in best.actors] if best is not None else []


def _set_off(matrix: Token, clause: Token) -> bool:
    """Whether a comma or dash stands between a verb and a gerund clause after it ("rejected the results,
    accusing the commission of fraud"): an act of its own, not the verb's complement ("denied attacking")."""
    doc = matrix.doc
    start = min(matrix.i, clause.left_edge.i)
    end = max(matrix.i, clause.left_edge.i)
    return clause.i > matrix.i and any(doc[k].is_punct for k in range(start + 1, end + 1))


def _names(conditions: Sequence[Condition], slot: str) -> bool:
    """Whether the conditions name the lemmas of ``slot`` (not just ``slot=*``)."""
    return any(c.slot == slot and c.lemmas is not None for c in conditions)


def _after_subject(token: Token) -> bool:
    """Whether a past-tense or participle modifier follows a word that is not part of its noun phrase and may
    be its subject: "Israel's military **struck** targets" (the parser made "struck" a modifier of "targets"),
    unlike "the Azerbaijani **armed** forces", "Yemen's **armed** group", "the Iran-**backed** movement"."""
    if token.tag_ not in ("VBD", "VBN") or token.i == token.sent.start or token.head.i < token.i:
        return False
    before = token.doc[token.i - 1]
    if before.pos_ not in ("NOUN", "PROPN", "ADJ", "PRON") or not before.whitespace_:
        return False
    return before.head != token.head


def _stranded(token: Token) -> bool:
    """Whether a preposition with no object of its own follows the passive verb: "troops were fired **at**"
    (the subject is the one fired at)."""
    return any(c.pos_ == "ADP" and c.i == token.i + 1 and not list(c.children) for c in token.children)
