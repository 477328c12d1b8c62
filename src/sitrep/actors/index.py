"""The actor index of one article: every mention, coded once, immutable.

:meth:`ActorIndex.build` finds and codes every mention (:mod:`sitrep.actors.mentions`), resolving pronouns
and role phrases against earlier mentions only (:mod:`sitrep.actors.coreference`). After that nothing
changes it: the quote and event stages ask it for references (:meth:`~ActorIndex.refs`,
:meth:`~ActorIndex.speaker_ref`, :meth:`~ActorIndex.uncoded_ref`) in any order and get the same answers;
:meth:`~ActorIndex.voiced` makes a *new* index with "I", "we" and "our …" in direct quotes bound to their
speakers; and :meth:`~ActorIndex.listed` computes the document's actor list from the index and the
references the events and quotes hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from types import MappingProxyType

from spacy.tokens import Doc, Token

from sitrep.actors.context import Dateline
from sitrep.actors.coreference import Mention
from sitrep.actors.lookup import Coding, Lookup
from sitrep.actors.mentions import Found, find_mentions
from sitrep.actors.view import HEAD_POS, ArticleView, make_actor
from sitrep.actors.words import ActorWords
from sitrep.records import Actor, ActorRef, Event, Quote


class ActorIndex:
    """The coded actor mentions of one article, by head token; made by :meth:`build` or :meth:`voiced`."""

    __slots__ = ("_found", "_lookup", "_view", "_words")

    def __init__(self, view: ArticleView, lookup: Lookup, words: ActorWords, found: Found) -> None:
        self._view = view
        self._lookup = lookup
        self._words = words
        self._found = replace(found, mentions=MappingProxyType(dict(found.mentions)))

    @classmethod
    def build(cls, doc: Doc, day: dt.date, lookup: Lookup, words: ActorWords) -> ActorIndex:
        """Find and code the actor mentions of a parsed article (``day`` decides who held which office)."""
        view = ArticleView(doc, words)
        return cls(view, lookup, words, find_mentions(view, lookup, words, day))

    @property
    def doc(self) -> Doc:
        return self._view.doc

    @property
    def mentions(self) -> Mapping[int, Mention]:
        """Every coded mention, by the index of its head token."""
        return self._found.mentions

    @property
    def dateline(self) -> Dateline | None:
        """The article's dateline, if it opens with one: metadata, never an actor (nor an event's place)."""
        return self._found.dateline

    def mention(self, token: Token) -> Mention | None:
        """The mention headed by ``token``, if it codes as one."""
        return self._found.mentions.get(token.i)

    # --- what the quote and event stages ask --------------------------------------------------------------

    def refs(self, token: Token | None) -> list[ActorRef]:
        """Actor references for the phrase headed by ``token`` and its conjuncts ("the US and Jordan")."""
        if token is None:
            return []
        out: list[ActorRef] = []
        for head in (token, *[c for c in token.children if c.dep_ == "conj" and c.pos_ in HEAD_POS]):
            mention = self.mention(head)
            if mention is None or (out and mention.actor.code is None):
                # "Israeli helicopters and tanks": an uncoded conjunct adds nothing to a coded first one.
                continue
            out.extend(a.ref() for a in mention.actors)
        return out

    def weapon(self, token: Token | None) -> bool:
        """Whether the phrase headed by ``token`` is a weapon or war machine no words give an owner ("the
        missiles hit the ship"; ``weapon`` in words.tsv)."""
        if token is None:
            return False
        mention = self.mention(token)
        uncoded = mention is None or mention.actor.code is None
        return uncoded and token.lemma_.lower() in self._words.weapon

    def inferred(self, ref: ActorRef) -> bool:
        """Whether the reference's coding came from outside its own words: from the context (``actor_from``)
        or from an earlier mention (a pronoun, "the ministry" after "Russia's foreign ministry")."""
        if ref.actor_from:
            return True
        for mention in self._found.mentions.values():
            for actor in mention.actors:
                if actor.id == ref.actor:
                    return actor.refers_to is not None
        return False

    def speaker_ref(self, token: Token) -> ActorRef:
        """The first actor of the phrase headed by ``token``, else a code-less reference to the phrase: who a
        speaker is, coded or not ("the ministry", "a witness")."""
        refs = self.refs(token)
        return refs[0] if refs else self.uncoded_ref(token)

    def uncoded_ref(self, token: Token) -> ActorRef:
        """A code-less reference to the phrase headed by ``token`` ("the two breakaway republics")."""
        span = self._view.phrase(token)
        return ActorRef(span.start_char, span.end_char, span.text, None, None, None, None, None)

    # --- the document's actors --------------------------------------------------------------------------

    def listed(self, events: Iterable[Event] = (), quotes: Iterable[Quote] = ()) -> tuple[Actor, ...]:
        """The document's actor list, in text order: every phrase mention except a place ("in Georgia") that
        no event or quote refers to, plus the inner mentions ("Israeli" in "Israeli strikes") that one
        does. It depends only on the index and the references ``events`` and ``quotes`` hold, never on
        which stage asked the index what, or when."""
        held = {ref.actor for ref in _held_refs(events, quotes) if ref.actor is not None}
        found = self._found
        mentions = [found.mentions[head] for head in found.order]
        seen: set[str] = set()
        out: list[Actor] = []
        for mention in sorted(mentions, key=lambda m: m.actor.start):
            used = any(a.id in held for a in mention.actors)
            if not used and (
                mention.head in found.inner or self._view.locative(self._view.doc[mention.head], self._words)
            ):
                continue
            for actor in mention.actors:
                if actor.id not in seen:
                    seen.add(actor.id)
                    out.append(actor)
        return tuple(out)

    # --- "I" and "we" in quotes -------------------------------------------------------------------------

    def voiced(self, quotes: Iterable[Quote]) -> ActorIndex:
        """A new index in which, inside each direct quote with a speaker, "I" is the speaker and "we" the
        speaker's country (for a government's speaker: Ukraine's president's "we" → UKR) or organisation;
        "our troops" gets the country too. This index is unchanged."""
        voicing = _Voicing(self._view, self._lookup, self._words, self._found)
        for quote in quotes:
            if quote.kind == "direct" and quote.speaker is not None:
                voicing.quote(quote.start, quote.end, quote.speaker)
        return ActorIndex(self._view, self._lookup, self._words, voicing.found())


def _held_refs(events: Iterable[Event], quotes: Iterable[Quote]) -> Iterator[ActorRef]:
    for event in events:
        for ref in (event.source, event.target, event.attribution.speaker):
            if ref is not None:
                yield ref
    for quote in quotes:
        if quote.speaker is not None:
            yield quote.speaker


class _Voicing:
    """Binds first-person words in quotes to speakers, on a copy of an index's mentions."""

    def __init__(self, view: ArticleView, lookup: Lookup, words: ActorWords, found: Found) -> None:
        self.view = view
        self.lookup = lookup
        self.words = words
        self.base = found
        self.mentions: dict[int, Mention] = dict(found.mentions)
        self.voiced: list[int] = []
        self.next_id = found.next_id

    def found(self) -> Found:
        added = (h for h in self.voiced if h not in self.base.mentions)
        inner = self.base.inner - set(self.voiced)
        return Found(self.mentions, (*self.base.order, *added), inner, self.next_id, self.base.dateline)

    def set(self, head: int, mention: Mention) -> None:
        if head not in self.voiced:
            self.voiced.append(head)
        self.mentions[head] = mention

    def new(self, head: Token, coding: Coding, refers_to: str | None, whole: bool = False) -> Actor:
        span = self.view.phrase(head) if whole else self.view.doc[head.i : head.i + 1]
        actor = make_actor(self.view, self.next_id, span, head, coding, refers_to)
        self.next_id += 1
        return actor

    def quote(self, start: int, end: int, speaker: ActorRef) -> None:
        span = self.view.doc.char_span(start, end, alignment_mode="expand")
        if span is None or speaker.code is None:
            return
        said_by = next((m for m in self.mentions.values() if m.actor.id == speaker.actor), None)
        person = said_by.person if said_by is not None else speaker.name is not None
        kind = said_by.actor.kind if said_by is not None else ("person" if person else "organisation")
        speaker_coding = Coding(speaker.code, speaker.country, speaker.sector, speaker.name, kind, person)
        if speaker.country and speaker.sector in (None, "GOV"):
            group = Coding(speaker.country, speaker.country, None, None, "country", False)
        else:
            group = replace(speaker_coding, kind="organisation" if not person else "group", person=False)
        words = self.words
        for token in span:
            word = token.lower_
            if token.pos_ == "PRON" and word in words.pronoun_i:
                coding, plural = speaker_coding, False
            elif token.pos_ == "PRON" and word in words.pronoun_we:
                coding, plural = group, True
            elif word in words.possessive_we and token.dep_ == "nmod:poss" and group.country:
                self.our(token, group.country, speaker.actor)
                continue
            else:
                continue
            actor = self.new(token, coding, speaker.actor)
            self.set(token.i, Mention(actor, token.i, coding.person, plural))

    def our(self, token: Token, country: str, speaker: str | None) -> None:
        """ "our troops" said by a Ukrainian official → UKRMIL."""
        head = token.head
        span = self.view.phrase(head)
        words = [
            t for t in span if t.i <= head.i and t.i != token.i and t.dep_ not in ("det", "case", "punct")
        ]
        found = self.lookup.agent(words)
        if found is None:
            return
        agent = found[0]
        kind = "person" if agent.person else "group"
        coding = Coding(country + agent.sector, country, agent.sector, None, kind, agent.person)
        plural = "Plur" in head.morph.get("Number", [])
        actor = self.new(head, coding, speaker, whole=True)
        self.set(head.i, Mention(actor, head.i, agent.person, plural))
