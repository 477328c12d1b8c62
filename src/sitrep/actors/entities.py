"""The names of an actor dictionary as entity patterns, for the NLP layer's entity ruler.

Countries, their capitals and alternative names become ``LOC``; organisations ``ORG``; people ``PER``;
seat-of-power metonyms ("the Kremlin", "the White House") ``ORG``, as Universal NER annotates them.
Adjectives ("Russian") are not named entities in the PER/ORG/LOC scheme the model is trained on, so they are
left to the actor coder.
"""

from __future__ import annotations

from sitrep.actors.dictionary import ActorDictionary, default_dictionary
from sitrep.nlp.entities import EntityPattern


def entity_patterns(dictionary: ActorDictionary) -> tuple[EntityPattern, ...]:
    """One pattern per distinct (label, name) of ``dictionary``, in file order."""
    seen: set[tuple[str, str]] = set()
    patterns: list[EntityPattern] = []

    def add(label: str, text: str, ident: str) -> None:
        text = text.strip()
        if len(text) < 2 or (label, text) in seen:
            return
        seen.add((label, text))
        patterns.append(EntityPattern(label, text, ident))

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
    return tuple(patterns)


def default_entity_patterns() -> tuple[EntityPattern, ...]:
    """The names of the shipped dictionaries (``sitrep parse`` and ``sitrep model`` feed the ruler these)."""
    return entity_patterns(default_dictionary())


def _drop_article(name: str) -> str:
    """ "the United States" -> "United States": UNER entity spans do not include the article."""
    return name[4:] if name.lower().startswith("the ") else name
