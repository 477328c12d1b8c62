"""Dictionary lookup: a name, a word or a role phrase → what the dictionaries say it codes as.

:class:`Lookup` indexes an :class:`~sitrep.actors.dictionary.ActorDictionary` once (names folded to lower
case, a leading "the" dropped) and answers the questions the mention coder asks: which country a name,
capital or metonym is; which organisation a name is; which person, in which role on a given day; which role
word ends a phrase. It knows nothing about parses beyond tokens' forms and lemmas.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Token

from sitrep.actors.dictionary import ActorDictionary, Agent, PersonRole
from sitrep.nlp.forms import base_forms

NON_STATE_PREFIXES = ("IGO", "NGO", "MNC")
"""Code prefixes that name no country: international, non-governmental and multinational bodies."""


@dataclass(frozen=True, slots=True)
class Coding:
    """What one phrase codes as: the code and its parts, the known name, the kind, and whether it is one
    person (only a person can be "he" or "she")."""

    code: str | None
    country: str | None
    sector: str | None
    name: str | None
    kind: str
    person: bool
    actor_from: str | None = None
    """``dateline`` or ``article`` where the country came from the article's context, not the words."""


def key(text: str) -> str:
    """A name as the tables hold it: spaces collapsed, lower case, a leading "the" dropped."""
    text = " ".join(text.split()).lower()
    return text[4:] if text.startswith("the ") else text


def country_part(code: str) -> str | None:
    return code[:3] if code[:3].isalpha() and not code.startswith(NON_STATE_PREFIXES) else None


def sector_part(code: str) -> str | None:
    return code[3:6] if len(code) >= 6 else None


class Lookup:
    """The dictionaries indexed for lookup. Built once per dictionary; holds nothing about any article."""

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary
        self.adjectives: dict[str, str] = {}
        self.countries: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        self.metonyms: dict[str, str] = {}
        for c in dictionary.countries:
            for name in c.names:
                self.countries.setdefault(key(name), c.iso3)
            for adj in c.adjectives:
                self.adjectives.setdefault(adj.lower(), c.iso3)
            for cap in c.capitals:
                self.capitals.setdefault(key(cap), c.iso3)
            for met in c.metonyms:
                self.metonyms.setdefault(key(met), c.iso3)
        self.organisations: dict[str, tuple[str, str | None, str]] = {}
        for o in dictionary.organisations:
            for name in o.names:
                self.organisations.setdefault(key(name), (o.code, o.country, o.name))
        self.people: dict[str, list[PersonRole]] = defaultdict(list)
        for p in dictionary.people:
            for name in p.names:
                self.people[key(name)].append(p)
        self.agents: dict[tuple[str, ...], Agent] = {a.words: a for a in dictionary.agents}
        self.max_agent_words = max((len(a.words) for a in dictionary.agents), default=1)

    def person(self, name: str, day: dt.date) -> Coding | None:
        """A known person by the role held on ``day``; out of office, by name and country only."""
        roles = self.people.get(key(name))
        if not roles:
            return None
        holding = [r for r in roles if r.holds_on(day)]
        if holding:
            role = holding[0]
            return Coding(
                role.code, country_part(role.code), sector_part(role.code), role.name, "person", True
            )
        # Out of office on that day: the person is known, the office is not theirs.
        role = roles[0]
        return Coding(role.code[:3], country_part(role.code), None, role.name, "person", True)

    def office_holder(self, country: str, sector: str, term: str, day: dt.date) -> PersonRole | None:
        """The person holding ``term`` ("president", "foreign minister") for ``country`` on ``day``."""
        code = country + sector
        for role in self.dictionary.people:
            if role.code == code and role.role == term and role.holds_on(day):
                return role
        return None

    def agent(self, words: list[Token]) -> tuple[Agent, int] | None:
        """The longest role term ending with the last of ``words`` (its lemma or its form), and its length."""
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
        """(iso3, how) for a country name, capital or metonym; ``how`` is country, metonym or capital."""
        folded = key(text)
        if folded in self.countries:
            return self.countries[folded], "country"
        if folded in self.metonyms:
            return self.metonyms[folded], "metonym"
        if folded in self.capitals:
            return self.capitals[folded], "capital"
        return None

    def organisation(self, text: str) -> tuple[str, str | None, str] | None:
        """(code, home country, name) of a known organisation."""
        return self.organisations.get(key(text))
