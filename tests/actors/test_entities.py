"""The dictionary's names as entity patterns, and the Extractor's ruler fed from its own dictionary."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from support import append_line, copy_folder

from sitrep.actors.dictionary import default_dictionary, load_dictionary
from sitrep.actors.entities import default_entity_patterns, entity_patterns
from sitrep.nlp.entities import EntityPattern
from sitrep.nlp.model import entity_kind
from sitrep.pipeline import Extractor

DATA = Path(str(resources.files("sitrep.actors") / "data"))


def test_entity_patterns_cover_names_capitals_metonyms() -> None:
    patterns = {(p.label, p.text) for p in entity_patterns(default_dictionary())}
    assert {
        ("LOC", "Kyiv"),
        ("LOC", "Kiev"),
        ("LOC", "United States"),
        ("ORG", "Kremlin"),
        ("ORG", "NATO"),
        ("PER", "Sergei Lavrov"),
    } <= patterns
    assert not any(label == "LOC" and text == "Russian" for label, text in patterns)  # adjectives are not
    assert EntityPattern("PER", "Sergei Lavrov", "RUSGOV") in default_entity_patterns()


NEW_PERSON = "Kestrel Wyn"
SENTENCE = f"{NEW_PERSON} condemned the shelling of Kharkiv on Monday."


def test_a_person_added_to_a_dictionaries_copy_is_an_entity_and_coded(tmp_path: Path) -> None:
    folder = copy_folder(DATA, tmp_path)
    append_line(folder / "people.tsv", f"{NEW_PERSON}\tWyn\tUKRGOV\tdefence minister\t2025-01-10\t")
    assert any(p.text == NEW_PERSON for p in entity_patterns(load_dictionary(folder)))
    shipped, own = Extractor(), Extractor(dictionaries=folder)

    ents = {(e.text, entity_kind(e.label_)) for e in own.nlp(SENTENCE).ents}
    assert (NEW_PERSON, "PER") in ents
    doc = own(SENTENCE, published=dt.date(2025, 3, 3))
    assert [(a.text, a.code, a.name) for a in doc.actors if a.start == 0] == [
        (NEW_PERSON, "UKRGOV", NEW_PERSON)
    ]
    # The shipped Extractor knows nothing of the person: its model is another one, with its own ruler.
    assert own.nlp is not shipped.nlp
    ruler = shipped.nlp.get_pipe("sitrep_entity_ruler")
    assert NEW_PERSON not in {p["pattern"] for p in getattr(ruler, "patterns", [])}
    assert not any(a.code == "UKRGOV" for a in shipped(SENTENCE, published=dt.date(2025, 3, 3)).actors)


def test_extractors_with_the_same_dictionary_share_the_model(tmp_path: Path) -> None:
    copy = copy_folder(DATA, tmp_path)
    assert Extractor(dictionaries=copy).nlp is Extractor().nlp
