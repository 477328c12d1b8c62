"""Mentions: every actor mention of a parsed article, found and coded once, in text order.

A mention is coded from what it contains, in this order:

1. a named entity the dictionaries know: a person (by the role held on the article's date), an organisation,
   a seat-of-power metonym ("the Kremlin" → RUSGOV) or a country or its capital ("Kyiv" → UKR);
2. otherwise a country (an adjective "Russian", a possessive "Russia's", "of Russia") plus a role word from
   ``agents.tsv`` giving the sector ("troops" → MIL): "Russian troops" → RUSMIL;
3. otherwise, for pronouns and role phrases without a country ("he", "the minister", "the ministry"), the
   most recent compatible **earlier** mention (:mod:`sitrep.actors.coreference`; ``refers_to`` links them).

Two passes, both in text order. The first codes the head of every noun phrase (*phrase mentions*); each is
resolved against the phrase mentions before it, and joins them as a possible antecedent. The second codes
every other token (*inner mentions*: "Russian" in "Russian strikes", "ministry" in "the ministry's
criticism"), each against the phrase mentions before it; inner mentions are never antecedents. Ids number
phrase mentions first, then inner mentions, each in text order. Named people and organisations no dictionary
knows are kept with ``code=None``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from sitrep.actors.context import Dateline, article_country, dateline_pattern, find_dateline
from sitrep.actors.coreference import (
    Mention,
    group_antecedent,
    pronoun_antecedent,
    pronoun_kind,
    role_antecedent,
    same_person,
)
from sitrep.actors.lookup import Coding, Lookup
from sitrep.actors.view import ArticleView, bare_modifier, is_phrase_head, make_actor
from sitrep.actors.words import ActorWords
from sitrep.nlp.model import entity_kind
from sitrep.records import Actor


@dataclass(frozen=True, slots=True)
class Found:
    """Every mention of an article: by head token, the heads in listing order, and the next free id."""

    mentions: Mapping[int, Mention]
    order: tuple[int, ...]
    """Heads of phrase mentions in text order, then heads of inner mentions in text order."""
    inner: frozenset[int]
    """Heads of inner mentions (listed only where an event or quote uses them)."""
    next_id: int
    dateline: Dateline | None = None
    """The article's dateline, if it opens with one (:func:`~sitrep.actors.context.find_dateline`)."""


def find_mentions(view: ArticleView, lookup: Lookup, words: ActorWords, day: dt.date) -> Found:
    """Code every mention of the article against the dictionaries, ``day`` deciding who held which office."""
    dateline = find_dateline(view.doc.text, dateline_pattern(words.dateline_agency), lookup)
    context = article_country(view, lookup, dateline)
    coder = _MentionCoder(view, lookup, words, day, context)
    mentions: dict[int, Mention] = {}
    history: list[Mention] = []
    history_heads: list[int] = []
    order: list[int] = []
    heads: set[int] = set()
    for sent in view.sentences:
        for token in sent:
            if not is_phrase_head(token) or (dateline is not None and dateline.holds(token.idx)):
                continue
            heads.add(token.i)
            mention = coder.code(token, history)
            if mention is not None:
                mentions[token.i] = mention
                order.append(token.i)
                history.append(mention)
                history_heads.append(token.i)
    inner: list[int] = []
    for token in view.doc:
        if token.i in heads or (dateline is not None and dateline.holds(token.idx)):
            continue
        earlier = history[: bisect.bisect_left(history_heads, token.i)]
        mention = coder.code(token, earlier)
        if mention is not None:
            mentions[token.i] = mention
            inner.append(token.i)
    return Found(mentions, (*order, *inner), frozenset(inner), coder.next_id, dateline)


_TITLE_WORDS = 5
"""How many words before a name :meth:`_MentionCoder.title_before` reads (a UD-independent window)."""


SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass"})
RECENT_MENTIONS = 80
"""How many of the last mentions a subject pronoun looks through for the subject of the sentence before."""


class _MentionCoder:
    """Codes the tokens of one article, one at a time, each against the earlier mentions it is given. Used
    by :func:`find_mentions` for one article, then dropped; only the id counter moves."""

    def __init__(
        self,
        view: ArticleView,
        lookup: Lookup,
        words: ActorWords,
        day: dt.date,
        context: tuple[str, str] | None = None,
    ) -> None:
        self.view = view
        self.lookup = lookup
        self.words = words
        self.day = day
        self.context = context
        self.next_id = 1

    def in_context(self, coding: Coding) -> Coding:
        """``coding`` (no country of its own) given the article's context country, where it has one."""
        if self.context is None or coding.country is not None or coding.code is not None:
            return coding
        country, how = self.context
        code = country + (coding.sector or "")
        return replace(coding, code=code, country=country, actor_from=how)

    def new(self, span: Span, head: Token, coding: Coding, refers_to: str | None = None) -> Actor:
        actor = make_actor(self.view, self.next_id, span, head, coding, refers_to)
        self.next_id += 1
        return actor

    def code(self, head: Token, history: Sequence[Mention]) -> Mention | None:
        """The mention headed by ``head``, resolved against ``history`` (earlier mentions, in text order)."""
        if head.pos_ == "PRON" and not head.text.isupper():  # "US" is sometimes tagged as "us"
            return self.pronoun(head, history)
        view = self.view
        span = view.phrase(head)
        plural = "Plur" in head.morph.get("Number", [])
        entity = view.entity(head)
        if entity is not None:
            coding = self.entity_coding(entity, span, history)
            if coding is not None:
                return Mention(self.new(span, head, coding), head.i, coding.person, plural)
        demonym = self.demonym(head) if not self.countries(span, head) else None
        if demonym is not None:
            # "Australian" (as in "an Australian ultimatum") or "Palestinians": the country itself.
            kind = "group" if head.pos_ != "ADJ" else "country"
            coding = Coding(demonym, demonym, None, None, kind, False)
            return Mention(self.new(span, head, coding), head.i, False, plural or kind == "group")
        words = [t for t in span if t.i <= head.i and t.dep_ not in ("det", "case", "nummod", "punct")]
        found = self.lookup.agent(words)
        member = self.organisation_in(span, head)
        if member is not None:
            # "Taliban fighters", "NATO troops": members of a known organisation are coded as it.
            person = bool(found and found[0].person)
            sector = found[0].sector if found else None
            coding = Coding(member[0], member[1], sector, member[2], "group", person)
            return Mention(self.new(span, head, coding), head.i, person, plural)
        countries = self.countries(span, head)
        agent = found[0] if found else None
        if agent is None and countries and not plural and head.lemma_.lower() in self.words.group_head:
            # "the Lebanese group", "the Iran-backed movement": the group of that country named before.
            earlier = group_antecedent(history, countries, view.sentence(head), self.words.lookback)
            if earlier is not None:
                a = earlier.actor
                coding = Coding(a.code, a.country, a.sector, a.name, a.kind, False)
                return Mention(self.new(span, head, coding, a.refers_to or a.id), head.i, False, plural)
        if agent is None and not countries:
            return None
        if agent is None and not (
            head.pos_ == "PROPN" or plural or head.lemma_.lower() in self.words.country_head
        ):
            return None
        sector = agent.sector if agent else None
        person = bool(agent and agent.person)
        kind = "person" if person else "group"
        if not countries:
            # A role phrase without a country: "the minister", "the ministry", "his counterpart".
            # "a witness", "another official": an indefinite phrase brings someone new, never an antecedent.
            indefinite = any(t.lower_ in self.words.indefinite for t in span if t.dep_ == "det")
            weapon = agent is not None and agent.term in self.words.weapon
            if weapon:
                # "four drones were shot down": either side's; no earlier actor, no article country.
                coding = Coding(None, None, sector, None, kind, person)
                return Mention(self.new(span, head, coding), head.i, person, plural)
            if agent is not None and not indefinite:
                here = view.sentence(head)
                earlier = role_antecedent(history, sector, person, here, self.words.lookback)
                if earlier is not None:
                    a = earlier.actor
                    coding = Coding(a.code, a.country, a.sector, a.name, a.kind, person)
                    return Mention(self.new(span, head, coding, a.id), head.i, person, plural)
            coding = self.in_context(Coding(None, None, sector, None, kind, person))
            return Mention(self.new(span, head, coding), head.i, person, plural)
        codings = []
        for iso3 in countries:
            name = None
            code = iso3 + (sector or "")
            if agent is not None and sector is not None and person:
                holder = self.lookup.office_holder(iso3, sector, agent.term, self.day)
                if holder is not None:
                    name, code = holder.name, holder.code
            codings.append(Coding(code, iso3, sector, name, kind, person))
        first = self.new(span, head, codings[0])
        extra = tuple(self.new(span, head, c) for c in codings[1:])
        return Mention(first, head.i, person, plural or len(codings) > 1, extra)

    def pronoun(self, head: Token, history: Sequence[Mention]) -> Mention | None:
        kind = pronoun_kind(head.lower_, self.words)
        if kind is None:
            return None
        here = self.view.sentence(head)
        earlier = None
        if head.dep_ in SUBJECT_DEPS:
            # A subject pronoun keeps the subject of the sentence before in focus: "Beijing said it does not
            # seek to replace the United States. It also called on Washington …" is Beijing.
            # (The sentence before holds a few dozen mentions at most: look at the last ones only.)
            subjects = [m for m in history[-RECENT_MENTIONS:] if self.view.doc[m.head].dep_ in SUBJECT_DEPS]
            earlier = pronoun_antecedent(subjects, kind, head.idx, here, min(1, self.words.lookback))
        if earlier is None:
            earlier = pronoun_antecedent(history, kind, head.idx, here, self.words.lookback)
        if earlier is None:
            return None
        a = earlier.actor
        span = self.view.doc[head.i : head.i + 1]
        coding = Coding(a.code, a.country, a.sector, a.name, a.kind, earlier.person)
        # A pronoun joins the history, so a chain ("Zelensky … He said … he added") stays in focus.
        return Mention(
            self.new(span, head, coding, a.refers_to or a.id), head.i, earlier.person, earlier.plural
        )

    def organisation_in(self, span: Span, head: Token) -> tuple[str, str | None, str] | None:
        for token in span:
            entity = self.view.entity(token) if token.i != head.i else None
            if entity is not None and entity.end <= head.i:
                found = self.lookup.organisation(entity.text)
                if found is not None:
                    return found
        return None

    def demonym(self, head: Token) -> str | None:
        if head.pos_ == "ADJ":
            return self.lookup.adjectives.get(head.lower_)
        if head.pos_ in ("NOUN", "PROPN") and head.lower_.endswith("s"):
            return self.lookup.adjectives.get(head.lower_[:-1])
        return None

    def entity_coding(self, entity: Span, span: Span, history: Sequence[Mention]) -> Coding | None:
        kind = entity_kind(entity.label_)
        text = entity.text
        if kind == "PER":
            # "President Bush": try the name without the leading words too.
            words = text.split()
            for n in range(len(words)):
                coding = self.lookup.person(" ".join(words[n:]), self.day)
                if coding is not None:
                    return coding
            here = self.view.sentence(entity.root)
            earlier = same_person(history, words[-1], here, self.words.long_lookback)
            if earlier is not None:
                a = earlier.actor
                return Coding(a.code, a.country, a.sector, a.name, "person", True)
            # An unknown person: a title in the phrase, or just before the name, may still give country and
            # sector, or an organisation ("Houthi military spokesman X", "PDP chairman X").
            titled = self.titled(span, entity) or self.title_before(entity)
            if titled is not None:
                return titled
            sector = self.title_sector(span, entity)
            return self.in_context(Coding(None, None, sector, text, "person", True))
        org = self.lookup.organisation(text)
        if org is not None:
            code, country, name = org
            return Coding(code, country, None, name, "organisation", False)
        place = self.lookup.place(text)
        if place is not None:
            iso3, how = place
            if how == "metonym":
                return Coding(iso3 + "GOV", iso3, "GOV", text, "organisation", False)
            return Coding(iso3, iso3, None, text, "country", False)
        if kind == "ORG":
            titled = self.titled(span, entity)
            if titled is not None:
                return replace(titled, kind="organisation", person=False)
            # An organisation no dictionary knows ("the electoral commission"): the article's country.
            return self.in_context(Coding(None, None, None, text, "organisation", False))
        return None

    def title_before(self, entity: Span) -> Coding | None:
        """The coding a title written just before a person's name gives ("Houthi military spokesperson Yahya
        Saree", "Ukrainian Deputy Foreign Minister X"), whatever the parse made of it: the nouns, adjectives
        and names right before the name, in its sentence, back to the first other word."""
        doc, first = self.view.doc, entity.start
        sentence = self.view.sentence(entity.root)
        while (
            first > 0
            and entity.start - first < _TITLE_WORDS
            and self.view.sentence(doc[first - 1]) == sentence
            and self._title_word(doc[first - 1])
        ):
            first -= 1
        words = list(doc[first : entity.start])
        if not words:
            return None
        found = self.lookup.agent(words)
        if found is None:
            return None
        sector = found[0].sector
        for token in words:
            named = self.view.entity(token)
            org = self.lookup.organisation(named.text if named is not None else token.text)
            if org is not None:
                return Coding(org[0], org[1], None, entity.text, "person", True)
        for token in words:
            iso3 = self.lookup.adjectives.get(token.lower_) or self.lookup.countries.get(token.lower_)
            if iso3 is not None:
                return Coding(iso3 + sector, iso3, sector, entity.text, "person", True)
        return None

    def _title_word(self, token: Token) -> bool:
        """A word a title before a name is made of: a noun, adjective or name, or part of a non-person entity
        (the tagger sometimes reads "Houthi" as a verb)."""
        entity = self.view.entity(token)
        if entity is not None:
            return entity_kind(entity.label_) != "PER"
        return token.pos_ in ("NOUN", "PROPN", "ADJ")

    def title_sector(self, span: Span, entity: Span) -> str | None:
        """The sector of a title before a name ("spokesman Ali Bakr" → GOV), if any."""
        words = [t for t in span if t.i < entity.start and t.dep_ not in ("det", "case", "punct")]
        found = self.lookup.agent(words)
        return found[0].sector if found else None

    def titled(self, span: Span, entity: Span) -> Coding | None:
        words = [t for t in span if t.i < entity.start and t.dep_ not in ("det", "case", "punct")]
        found = self.lookup.agent(words)
        countries = self.countries(span, entity.root)
        if not countries:
            return None
        sector = found[0].sector if found else None
        return Coding(countries[0] + (sector or ""), countries[0], sector, entity.text, "person", True)

    def countries(self, span: Span, head: Token) -> list[str]:
        """Countries named inside the phrase (adjectives and their conjuncts, possessives, compounds, names
        of places), or after it ("of Russia", "rebels in the Ivory Coast")."""
        view, lookup = self.view, self.lookup
        found: list[str] = []
        head_entity = view.entity(head)
        for token in span:
            if token.i == head.i or (
                head_entity is not None and head_entity.start <= token.i < head_entity.end
            ):
                continue
            iso3 = None
            entity = view.entity(token)
            if entity is not None:
                place = lookup.place(entity.text)
                iso3 = place[0] if place else None
            if (
                iso3 is None
                and token.pos_ in ("ADJ", "PROPN", "NOUN")
                and (token.dep_ in ("amod", "conj", "compound", "nmod:desc") or bare_modifier(token))
            ):
                iso3 = lookup.adjectives.get(token.lower_) or lookup.countries.get(token.lower_)
            elif token.dep_ == "nmod:poss":
                place = lookup.place(token.text)
                iso3 = place[0] if place else None
            if iso3 is not None and iso3 not in found:
                found.append(iso3)
        if found:
            return found
        for child in head.rights:
            cases = {c.lower_ for c in child.children if c.dep_ == "case"}
            if child.dep_.startswith("nmod") and cases & self.words.place_after:
                place = lookup.place(view.entity_text(child))
                if place and place[0] not in found:
                    found.append(place[0])
        return found
