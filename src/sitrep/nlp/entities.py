"""Entity patterns from the actor dictionaries, for an entity ruler placed ahead of the statistical NER.

Countries, their capitals and alternative names become ``LOC``; organisations ``ORG``; people ``PER``;
seat-of-power metonyms ("the Kremlin", "the White House") ``ORG``, as Universal NER annotates them.
Adjectives ("Russian") are not named entities in the PER/ORG/LOC scheme the model is trained on, so they are
left to the actor coder. Matching is on exact spelling (``ORTH``), so "US"
matches the country and "us" does not.
"""

from __future__ import annotations

from typing import Any

from sitrep.actors.dictionary import ActorDictionary

Pattern = dict[str, Any]


def entity_patterns(dictionary: ActorDictionary) -> list[Pattern]:
    """Phrase patterns ``{"label", "pattern", "id"}`` for spaCy's ``entity_ruler``; one per distinct name."""
    seen: set[tuple[str, str]] = set()
    patterns: list[Pattern] = []

    def add(label: str, text: str, ident: str) -> None:
        text = text.strip()
        if len(text) < 2 or (label, text) in seen:
            return
        seen.add((label, text))
        patterns.append({"label": label, "pattern": text, "id": ident})

    for country in dictionary.countries:
        for name in (*country.names, *country.capitals):
            add("LOC", _drop_article(name), country.iso3)
        for name in country.metonyms:
            add("ORG", _drop_article(name), country.iso3 + "GOV")
    for org in dictionary.organisations:
        for name in org.names:
            add("ORG", _drop_article(name), org.code)
    for person in dictionary.people:
        for name in person.names:
            add("PER", name, person.code)
    return patterns


def _drop_article(name: str) -> str:
    """ "the United States" -> "United States": UNER entity spans do not include the article."""
    return name[4:] if name.lower().startswith("the ") else name
