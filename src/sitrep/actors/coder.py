"""Actor coding: noun phrases of a parsed article → actor mentions with CAMEO-style codes.

A mention is coded from what it contains, in this order:

1. a named entity the dictionaries know: a person (by the role held on the article's date), an organisation,
   a seat-of-power metonym ("the Kremlin" → RUSGOV) or a country or its capital ("Kyiv" → UKR);
2. otherwise a country (an adjective "Russian", a possessive "Russia's", "of Russia") plus a role word from
   ``agents.tsv`` giving the sector ("troops" → MIL): "Russian troops" → RUSMIL;
3. otherwise, for pronouns and definite role phrases without a country ("he", "the minister", "the
   ministry"), the most recent compatible mention in the article (``refers_to`` links them).

Named people and organisations no dictionary knows are kept with ``code=None``. "Russian and Belarusian
troops" is one phrase with two codes: :meth:`ArticleActors.refs` returns one reference per code.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from sitrep.actors.dictionary import ActorDictionary, Agent, PersonRole, default_dictionary
from sitrep.nlp.forms import base_forms
from sitrep.nlp.model import entity_kind
from sitrep.records import Actor, ActorRef

_HEAD_POS = frozenset({"NOUN", "PROPN", "PRON"})
_NOT_HEAD_DEPS = frozenset(
    {"compound", "flat", "flat:name", "fixed", "amod", "det", "case", "nmod:desc", "goeswith"}
)
_LEFT_DEPS = frozenset(
    {
        "det",
        "amod",
        "compound",
        "nmod:desc",
        "nmod:poss",
        "nummod",
        "flat",
        "flat:name",
        "det:poss",
        "case",
        "cc",
        "conj",
    }
)
LOOKBACK = 3
"""How many sentences back pronouns and short mentions ("he", "the ministry") look for what they mean."""
LONG_LOOKBACK = 40
"""A surname alone ("Smith said") looks this many sentences back for the full name."""
_COUNTRY_HEADS = frozenset({"side", "delegation", "leadership", "national", "negotiator", "state"})
_LOCATIVE = frozenset({"in", "at", "near", "inside", "outside", "within", "throughout", "around", "across"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_THING_PRONOUNS = frozenset({"it"})
_PLURAL_PRONOUNS = frozenset({"they", "them"})
_FIRST_SINGULAR = frozenset({"i", "me", "myself"})
_FIRST_PLURAL = frozenset({"we", "us", "ourselves"})


@dataclass(frozen=True, slots=True)
class Coding:
    code: str | None
    country: str | None
    sector: str | None
    name: str | None
    kind: str
    person: bool


class ActorCoder:
    """Codes noun phrases against an :class:`ActorDictionary`. Build once, reuse for every article."""

    def __init__(self, dictionary: ActorDictionary | None = None) -> None:
        d = dictionary if dictionary is not None else default_dictionary()
        self.dictionary = d
        self.adjectives: dict[str, str] = {}
        self.countries: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        self.metonyms: dict[str, str] = {}
        for c in d.countries:
            for name in c.names:
                self.countries.setdefault(_key(name), c.iso3)
            for adj in c.adjectives:
                self.adjectives.setdefault(adj.lower(), c.iso3)
            for cap in c.capitals:
                self.capitals.setdefault(_key(cap), c.iso3)
            for met in c.metonyms:
                self.metonyms.setdefault(_key(met), c.iso3)
        self.organisations: dict[str, tuple[str, str | None, str]] = {}
        for o in d.organisations:
            for name in o.names:
                self.organisations.setdefault(_key(name), (o.code, o.country, o.name))
        self.people: dict[str, list[PersonRole]] = defaultdict(list)
        for p in d.people:
            for name in p.names:
                self.people[_key(name)].append(p)
        self.agents: dict[tuple[str, ...], Agent] = {a.words: a for a in d.agents}
        self.max_agent_words = max((len(a.words) for a in d.agents), default=1)

    def analyse(self, doc: Doc, day: dt.date) -> ArticleActors:
        """Find and code the actor mentions of a parsed article (``day`` decides who held which office)."""
        return ArticleActors(self, doc, day)

    # --- coding one phrase ----------------------------------------------------------------------------

    def person(self, name: str, day: dt.date) -> Coding | None:
        roles = self.people.get(_key(name))
        if not roles:
            return None
        holding = [r for r in roles if r.holds_on(day)]
        if holding:
            role = holding[0]
            return Coding(
                role.code, _country_part(role.code), _sector_part(role.code), role.name, "person", True
            )
        # Out of office on that day: the person is known, the office is not theirs.
        role = roles[0]
        return Coding(role.code[:3], _country_part(role.code), None, role.name, "person", True)

    def office_holder(self, country: str, sector: str, term: str, day: dt.date) -> PersonRole | None:
        """The person holding ``term`` ("president", "foreign minister") for ``country`` on ``day``."""
        code = country + sector
        for role in self.dictionary.people:
            if role.code == code and role.role == term and role.holds_on(day):
                return role
        return None

    def agent(self, words: list[Token]) -> tuple[Agent, int] | None:
        """The longest role term ending with the last of ``words`` (its lemma or its form)."""
        if not words:
            return None
        last = words[-1]
        lasts = {last.lemma_.lower(), *base_forms(last.lower_)}
        for n in range(min(self.max_agent_words, len(words)), 0, -1):
            before = tuple(t.lower_ for t in words[len(words) - n : -1])
            for final in lasts:
                agent = self.agents.get((*before, final))
                if agent is not None:
                    return agent, n
        return None

    def place(self, text: str) -> tuple[str, str] | None:
        """(iso3, how) for a country name, capital or metonym."""
        key = _key(text)
        if key in self.countries:
            return self.countries[key], "country"
        if key in self.metonyms:
            return self.metonyms[key], "metonym"
        if key in self.capitals:
            return self.capitals[key], "capital"
        return None


_BREAKS = frozenset('"“”„«»‹›')


def _pieces(entity: Span) -> list[Span]:
    """An entity cut at quote marks and line breaks, which no name crosses: the model sometimes runs one
    over a closing quote ('Russia," Ukrainian President Volodymyr Zelensky')."""
    if not any(t.text in _BREAKS or "\n" in t.text for t in entity):
        return [entity]
    pieces, start = [], entity.start
    doc = entity.doc
    for i in range(entity.start, entity.end + 1):
        if i == entity.end or doc[i].text in _BREAKS or "\n" in doc[i].text:
            first, last = start, i
            while first < last and (doc[first].is_punct or doc[first].is_space):
                first += 1
            while last > first and (doc[last - 1].is_punct or doc[last - 1].is_space):
                last -= 1
            if last > first:
                pieces.append(Span(doc, first, last, label=entity.label))
            start = i + 1
    return pieces


def _key(text: str) -> str:
    text = " ".join(text.split()).lower()
    return text[4:] if text.startswith("the ") else text


def _country_part(code: str) -> str | None:
    return code[:3] if code[:3].isalpha() and not code.startswith(("IGO", "NGO", "MNC")) else None


def _sector_part(code: str) -> str | None:
    return code[3:6] if len(code) >= 6 else None


@dataclass(frozen=True, slots=True)
class _Mention:
    actor: Actor
    head: int
    person: bool
    plural: bool
    extra: tuple[Actor, ...] = ()
    """Further codes of a compound phrase ("Russian and Belarusian troops")."""


class ArticleActors:
    """The actor mentions of one article, found head by head and resolved against earlier mentions."""

    def __init__(self, coder: ActorCoder, doc: Doc, day: dt.date) -> None:
        self.coder = coder
        self.doc = doc
        self.day = day
        self._by_head: dict[int, _Mention | None] = {}
        self._history: list[_Mention] = []
        self._next_id = 1
        self._sentence_of: dict[int, int] = {}
        self._sentences = list(doc.sents)
        for index, sent in enumerate(self._sentences):
            for token in sent:
                self._sentence_of[token.i] = index
        self._used: set[int] = set()
        self._ent_at: dict[int, Span] = {
            i: piece for ent in doc.ents for piece in _pieces(ent) for i in range(piece.start, piece.end)
        }
        for sent in self._sentences:
            for token in sent:
                if token.pos_ in _HEAD_POS and token.dep_ not in _NOT_HEAD_DEPS and token.dep_ != "nmod:poss":
                    self.at(token)

    # --- public ---------------------------------------------------------------------------------------

    @property
    def actors(self) -> tuple[Actor, ...]:
        seen: set[str] = set()
        out: list[Actor] = []
        mentions = [m for m in self._by_head.values() if m is not None]
        for mention in sorted(mentions, key=lambda m: m.actor.start):
            if mention.head not in self._used and self._locative(self.doc[mention.head]):
                continue
            for actor in (mention.actor, *mention.extra):
                if actor.id not in seen:
                    seen.add(actor.id)
                    out.append(actor)
        return tuple(out)

    def refs(self, token: Token | None) -> list[ActorRef]:
        """Actor references for the phrase headed by ``token`` and its conjuncts ("the US and Jordan")."""
        if token is None:
            return []
        out: list[ActorRef] = []
        for head in (token, *[c for c in token.children if c.dep_ == "conj" and c.pos_ in _HEAD_POS]):
            mention = self.at(head)
            if mention is None or (out and mention.actor.code is None):
                # "Israeli helicopters and tanks": an uncoded conjunct adds nothing to a coded first one.
                continue
            self._used.add(head.i)
            out.extend(a.ref() for a in (mention.actor, *mention.extra))
        return out

    def speaker_ref(self, token: Token) -> ActorRef:
        """The first actor of the phrase headed by ``token``, else a code-less reference to the phrase: who a
        speaker is, coded or not ("the ministry", "a witness")."""
        refs = self.refs(token)
        return refs[0] if refs else self.uncoded_ref(token)

    def uncoded_ref(self, token: Token) -> ActorRef:
        """A code-less reference to the phrase headed by ``token`` ("the two breakaway republics")."""
        span = self._phrase(token)
        return ActorRef(span.start_char, span.end_char, span.text, None, None, None, None, None)

    def voice(self, start: int, end: int, speaker: ActorRef) -> None:
        """Inside a quote, "I" and "we" are the speaker: "I" the speaker, "we" the speaker's country for a
        government (Ukraine's president: "we" → UKR) and the speaker's organisation otherwise; "our troops"
        gets the country too."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or speaker.code is None:
            return
        said_by = next(
            (m for m in self._by_head.values() if m is not None and m.actor.id == speaker.actor), None
        )
        person = said_by.person if said_by is not None else speaker.name is not None
        kind = said_by.actor.kind if said_by is not None else ("person" if person else "organisation")
        speaker_coding = Coding(speaker.code, speaker.country, speaker.sector, speaker.name, kind, person)
        if speaker.country and speaker.sector in (None, "GOV"):
            group = Coding(speaker.country, speaker.country, None, None, "country", False)
        else:
            group = replace(speaker_coding, kind="organisation" if not person else "group", person=False)
        for token in span:
            word = token.lower_
            if token.pos_ == "PRON" and word in _FIRST_SINGULAR:
                coding, plural = speaker_coding, False
            elif token.pos_ == "PRON" and word in _FIRST_PLURAL:
                coding, plural = group, True
            elif word == "our" and token.dep_ == "nmod:poss" and group.country:
                self._our(token, group.country, speaker.actor)
                continue
            else:
                continue
            actor = self._new(self.doc[token.i : token.i + 1], token, coding, speaker.actor)
            self._by_head[token.i] = _Mention(actor, token.i, coding.person, plural)

    def _our(self, token: Token, country: str, speaker: str | None) -> None:
        """ "our troops" said by a Ukrainian official → UKRMIL."""
        head = token.head
        span = self._phrase(head)
        words = [
            t for t in span if t.i <= head.i and t.i != token.i and t.dep_ not in ("det", "case", "punct")
        ]
        found = self.coder.agent(words)
        if found is None:
            return
        agent = found[0]
        kind = "person" if agent.person else "group"
        coding = Coding(country + agent.sector, country, agent.sector, None, kind, agent.person)
        plural = "Plur" in head.morph.get("Number", [])
        self._by_head[head.i] = _Mention(self._new(span, head, coding, speaker), head.i, agent.person, plural)

    def at(self, token: Token) -> _Mention | None:
        if token.i not in self._by_head:
            self._by_head[token.i] = self._code(token)
        return self._by_head[token.i]

    # --- internals ------------------------------------------------------------------------------------

    def _locative(self, token: Token) -> bool:
        return any(c.dep_ == "case" and c.lower_ in _LOCATIVE for c in token.children)

    def _phrase(self, head: Token) -> Span:
        start = head.i
        for child in head.lefts:
            if child.dep_ in _LEFT_DEPS and child.i < start:
                start = min(start, child.left_edge.i)
        end = head.i + 1
        for child in head.rights:
            between = self.doc[head.i + 1 : child.i]
            if (
                child.dep_ in ("flat", "flat:name", "fixed")
                and child.i + 1 > end
                and not any(t.is_punct for t in between)
            ):
                end = child.right_edge.i + 1
            else:
                break
        ent = self._ent_at.get(head.i)
        if ent is not None:
            start, end = min(start, ent.start), max(end, ent.end)
        while start < head.i and self.doc[start].dep_ in ("cc", "case", "fixed", "punct", "mark"):
            start += 1
        return self.doc[start:end]

    def _new(self, span: Span, head: Token, coding: Coding, refers_to: str | None = None) -> Actor:
        actor = Actor(
            id=f"a{self._next_id}",
            start=span.start_char,
            end=span.end_char,
            text=span.text,
            sentence=self._sentence_of.get(head.i, 0),
            code=coding.code,
            country=coding.country,
            sector=coding.sector,
            name=coding.name,
            kind=coding.kind,
            refers_to=refers_to,
        )
        self._next_id += 1
        return actor

    def _remember(self, mention: _Mention) -> _Mention:
        self._history.append(mention)
        return mention

    def _code(self, head: Token) -> _Mention | None:
        if head.pos_ == "PRON" and not head.text.isupper():  # "US" is sometimes tagged as "us"
            return self._pronoun(head)
        span = self._phrase(head)
        plural = "Plur" in head.morph.get("Number", [])
        entity = self._entity(head)
        if entity is not None:
            coding = self._entity_coding(entity, span)
            if coding is not None:
                return self._remember(_Mention(self._new(span, head, coding), head.i, coding.person, plural))
        demonym = self._demonym(head) if not self._countries(span, head) else None
        if demonym is not None:
            # "Australian" (as in "an Australian ultimatum") or "Palestinians": the country itself.
            kind = "group" if head.pos_ != "ADJ" else "country"
            coding = Coding(demonym, demonym, None, None, kind, False)
            return self._remember(
                _Mention(self._new(span, head, coding), head.i, False, plural or kind == "group")
            )
        words = [t for t in span if t.i <= head.i and t.dep_ not in ("det", "case", "nummod", "punct")]
        found = self.coder.agent(words)
        member = self._organisation_in(span, head)
        if member is not None:
            # "Taliban fighters", "NATO troops": members of a known organisation are coded as it.
            person = bool(found and found[0].person)
            sector = found[0].sector if found else None
            coding = Coding(member[0], member[1], sector, member[2], "group", person)
            return self._remember(_Mention(self._new(span, head, coding), head.i, person, plural))
        countries = self._countries(span, head)
        agent = found[0] if found else None
        if agent is None and not countries:
            return None
        if agent is None and not (head.pos_ == "PROPN" or plural or head.lemma_.lower() in _COUNTRY_HEADS):
            return None
        sector = agent.sector if agent else None
        person = bool(agent and agent.person)
        kind = "person" if person else "group"
        if not countries:
            return self._definite(span, head, sector, person, plural, kind, agent)
        codings = []
        for iso3 in countries:
            name = None
            code = iso3 + (sector or "")
            if agent is not None and sector is not None and person:
                holder = self.coder.office_holder(iso3, sector, agent.term, self.day)
                if holder is not None:
                    name, code = holder.name, holder.code
            codings.append(Coding(code, iso3, sector, name, kind, person))
        first = self._new(span, head, codings[0])
        extra = tuple(self._new(span, head, c) for c in codings[1:])
        return self._remember(_Mention(first, head.i, person, plural or len(codings) > 1, extra))

    def _recent(self, head: Token, sentences: int = LOOKBACK) -> Iterator[_Mention]:
        """Earlier mentions, most recent first, from at most ``sentences`` sentences back."""
        here = self._sentence_of.get(head.i, 0)
        for earlier in reversed(self._history):
            if here - earlier.actor.sentence > sentences:
                return
            yield earlier

    def _organisation_in(self, span: Span, head: Token) -> tuple[str, str | None, str] | None:
        for token in span:
            entity = self._entity(token) if token.i != head.i else None
            if entity is not None and entity.end <= head.i:
                found = self.coder.organisations.get(_key(entity.text))
                if found is not None:
                    return found
        return None

    def _demonym(self, head: Token) -> str | None:
        if head.pos_ == "ADJ":
            return self.coder.adjectives.get(head.lower_)
        if head.pos_ in ("NOUN", "PROPN") and head.lower_.endswith("s"):
            return self.coder.adjectives.get(head.lower_[:-1])
        return None

    def _definite(
        self,
        span: Span,
        head: Token,
        sector: str | None,
        person: bool,
        plural: bool,
        kind: str,
        agent: Agent | None,
    ) -> _Mention | None:
        """A role phrase without a country: "the minister", "the ministry", "his counterpart"."""
        if agent is not None:
            for earlier in self._recent(head):
                a = earlier.actor
                if a.sector == sector and earlier.person == person and a.code is not None:
                    coding = Coding(a.code, a.country, a.sector, a.name, a.kind, person)
                    return self._remember(
                        _Mention(self._new(span, head, coding, a.id), head.i, person, plural)
                    )
        coding = Coding(None, None, sector, None, kind, person)
        return self._remember(_Mention(self._new(span, head, coding), head.i, person, plural))

    def _pronoun(self, head: Token) -> _Mention | None:
        word = head.lower_
        if word in _PERSON_PRONOUNS:
            want = "person"
        elif word in _THING_PRONOUNS:
            want = "thing"
        elif word in _PLURAL_PRONOUNS:
            want = "plural"
        else:
            return None
        for earlier in self._recent(head):
            a = earlier.actor
            if a.start >= head.idx:
                continue
            if want == "person" and (not earlier.person or earlier.plural):
                continue
            if want == "thing" and (earlier.person or earlier.plural):
                continue
            if want == "plural" and (
                earlier.person or not (earlier.plural or a.kind in ("country", "organisation"))
            ):
                continue
            span = self.doc[head.i : head.i + 1]
            coding = Coding(a.code, a.country, a.sector, a.name, a.kind, earlier.person)
            mention = _Mention(
                self._new(span, head, coding, a.refers_to or a.id), head.i, earlier.person, earlier.plural
            )
            # Remembered, so a chain of pronouns ("Zelensky … He said … he added") stays in focus.
            return self._remember(mention)
        return None

    def _entity(self, head: Token) -> Span | None:
        return self._ent_at.get(head.i)

    def _entity_coding(self, entity: Span, span: Span) -> Coding | None:
        kind = entity_kind(entity.label_)
        text = entity.text
        if kind == "PER":
            # "President Bush": try the name without the leading words too.
            words = text.split()
            for n in range(len(words)):
                coding = self.coder.person(" ".join(words[n:]), self.day)
                if coding is not None:
                    return coding
            earlier = self._same_person(entity)
            if earlier is not None:
                return earlier
            # An unknown person: a title in the phrase may still give country and sector.
            titled = self._titled(span, entity)
            return titled or Coding(None, None, None, text, "person", True)
        org = self.coder.organisations.get(_key(text))
        if org is not None:
            code, country, name = org
            return Coding(code, country, None, name, "organisation", False)
        place = self.coder.place(text)
        if place is not None:
            iso3, how = place
            if how == "metonym":
                return Coding(iso3 + "GOV", iso3, "GOV", text, "organisation", False)
            return Coding(iso3, iso3, None, text, "country", False)
        if kind == "ORG":
            titled = self._titled(span, entity)
            if titled is not None:
                return replace(titled, kind="organisation", person=False)
            return Coding(None, None, None, text, "organisation", False)
        return None

    def _titled(self, span: Span, entity: Span) -> Coding | None:
        words = [t for t in span if t.i < entity.start and t.dep_ not in ("det", "case", "punct")]
        found = self.coder.agent(words)
        countries = self._countries(span, entity.root)
        if not countries:
            return None
        sector = found[0].sector if found else None
        return Coding(countries[0] + (sector or ""), countries[0], sector, entity.text, "person", True)

    def _same_person(self, entity: Span) -> Coding | None:
        """A surname after a full name ("John Smith … Smith said") takes the earlier mention's coding."""
        last = entity.text.split()[-1].lower()
        for earlier in self._recent(entity.root, LONG_LOOKBACK):
            a = earlier.actor
            if earlier.person and a.name and a.name.split()[-1].lower() == last:
                return Coding(a.code, a.country, a.sector, a.name, "person", True)
        return None

    def _countries(self, span: Span, head: Token) -> list[str]:
        """Countries named inside the phrase (adjectives and their conjuncts, possessives, compounds, names
        of places), or after it ("of Russia", "rebels in the Ivory Coast")."""
        found: list[str] = []
        head_entity = self._entity(head)
        for token in span:
            if token.i == head.i or (
                head_entity is not None and head_entity.start <= token.i < head_entity.end
            ):
                continue
            iso3 = None
            entity = self._entity(token)
            if entity is not None:
                place = self.coder.place(entity.text)
                iso3 = place[0] if place else None
            if (
                iso3 is None
                and token.pos_ in ("ADJ", "PROPN", "NOUN")
                and token.dep_
                in (
                    "amod",
                    "conj",
                    "compound",
                    "nmod:desc",
                )
            ):
                iso3 = self.coder.adjectives.get(token.lower_) or self.coder.countries.get(token.lower_)
            elif token.dep_ == "nmod:poss":
                place = self.coder.place(token.text)
                iso3 = place[0] if place else None
            if iso3 is not None and iso3 not in found:
                found.append(iso3)
        if found:
            return found
        for child in head.rights:
            cases = {c.lower_ for c in child.children if c.dep_ == "case"}
            if child.dep_.startswith("nmod") and cases & {"of", "in", "from"}:
                place = self.coder.place(self._entity_text(child))
                if place and place[0] not in found:
                    found.append(place[0])
        return found

    def _entity_text(self, token: Token) -> str:
        entity = self._entity(token)
        return entity.text if entity is not None else token.text
