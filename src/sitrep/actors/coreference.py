"""Antecedents: what a pronoun, a role phrase without a country or a surname alone stands for.

Every search here runs over the **earlier** mentions of the article only (a ``history`` in text order, most
recent last) and walks it backwards, at most ``lookback`` sentences (``settings.tsv``). A mention never takes
its coding from one that comes after it in the text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from sitrep.actors.words import ActorWords
from sitrep.records import Actor

PronounKind = Literal["person", "thing", "plural"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One coded mention: the actor record, the index of its head token, and what a pronoun needs to know."""

    actor: Actor
    head: int
    person: bool
    plural: bool
    extra: tuple[Actor, ...] = ()
    """Further codes of a compound phrase ("Russian and Belarusian troops")."""

    @property
    def actors(self) -> tuple[Actor, ...]:
        return (self.actor, *self.extra)


def recent(history: Sequence[Mention], sentence: int, lookback: int) -> Iterator[Mention]:
    """Earlier mentions, most recent first, from at most ``lookback`` sentences before ``sentence``."""
    for earlier in reversed(history):
        if sentence - earlier.actor.sentence > lookback:
            return
        yield earlier


def pronoun_kind(word: str, words: ActorWords) -> PronounKind | None:
    """What a third-person pronoun can stand for: one person, a thing (organisation, country) or a plural."""
    if word in words.pronoun_person:
        return "person"
    if word in words.pronoun_thing:
        return "thing"
    if word in words.pronoun_plural:
        return "plural"
    return None


def pronoun_antecedent(
    history: Sequence[Mention], kind: PronounKind, start: int, sentence: int, lookback: int
) -> Mention | None:
    """The most recent earlier mention a pronoun of ``kind`` at character ``start`` can stand for: "he" a
    single person; "it" a single organisation or country; "they" a group, or a country or organisation."""
    for earlier in recent(history, sentence, lookback):
        a = earlier.actor
        if a.start >= start:
            continue
        if kind == "person" and (not earlier.person or earlier.plural):
            continue
        if kind == "thing" and (earlier.person or earlier.plural):
            continue
        if kind == "plural" and (
            earlier.person or not (earlier.plural or a.kind in ("country", "organisation"))
        ):
            continue
        return earlier
    return None


def role_antecedent(
    history: Sequence[Mention], sector: str | None, person: bool, sentence: int, lookback: int
) -> Mention | None:
    """The most recent earlier coded mention with the same sector and the same person-ness: what "the
    minister", "the ministry" or "his counterpart" stands for."""
    for earlier in recent(history, sentence, lookback):
        a = earlier.actor
        if a.sector == sector and earlier.person == person and a.code is not None:
            return earlier
    return None


def group_antecedent(
    history: Sequence[Mention], countries: Sequence[str], sentence: int, lookback: int
) -> Mention | None:
    """The most recent earlier named organisation or group of one of ``countries``, coded more narrowly
    than the country itself: what "the Lebanese group" or "the Iran-backed movement" stands for."""
    for earlier in recent(history, sentence, lookback):
        a = earlier.actor
        if a.kind in ("organisation", "group") and a.country in countries and a.code and a.code != a.country:
            return earlier
    return None


def same_person(history: Sequence[Mention], surname: str, sentence: int, lookback: int) -> Mention | None:
    """An earlier person whose known name ends with ``surname`` ("John Smith … Smith said")."""
    last = surname.lower()
    for earlier in recent(history, sentence, lookback):
        a = earlier.actor
        if earlier.person and a.name and a.name.split()[-1].lower() == last:
            return earlier
    return None
