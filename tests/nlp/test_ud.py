"""The UD adapter: each rewrite on a hand-built ClearNLP parse, the label table, the output always a tree."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc
from support import hand_parse

from sitrep.errors import DataFileError, ModelError
from sitrep.nlp import model as model_module
from sitrep.nlp import ud
from sitrep.nlp.model import add_ud_adapter, entity_kind
from sitrep.nlp.ud import parser_scheme, read_relabels, relabel_table_path, to_ud


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


def converted(blank: Language, text: str, table: str) -> list[tuple[str, str, str]]:
    """(word, relation, head word) of every token after the adapter."""
    doc = to_ud(hand_parse(blank.vocab, text, table))
    return [(t.text, t.dep_, t.head.text) for t in doc]


def test_labels_are_renamed_by_the_table(blank: Language) -> None:
    out = converted(
        blank,
        "Rebels were not called off",
        """
        Rebels rebel NOUN nsubjpass 4 tag=NNS
        were be AUX auxpass 4 tag=VBD
        not not PART neg 4 tag=RB
        called call VERB ROOT 0 tag=VBN
        off off ADP prt 4 tag=RP
        """,
    )
    assert out == [
        ("Rebels", "nsubj:pass", "called"),
        ("were", "aux:pass", "called"),
        ("not", "advmod", "called"),
        ("called", "ROOT", "called"),
        ("off", "compound:prt", "called"),
    ]


def test_a_preposition_becomes_the_case_of_its_object(blank: Language) -> None:
    out = converted(
        blank,
        "Troops shelled the town in the north",
        """
        Troops troop NOUN nsubj 2 tag=NNS
        shelled shell VERB ROOT 0 tag=VBD
        the the DET det 4
        town town NOUN dobj 2 tag=NN
        in in ADP prep 2 tag=IN
        the the DET det 7
        north north NOUN pobj 5 tag=NN
        """,
    )
    assert ("town", "obj", "shelled") in out
    assert ("north", "obl", "shelled") in out  # from a verb: obl
    assert ("in", "case", "north") in out


def test_a_prepositional_phrase_on_a_noun_is_nmod(blank: Language) -> None:
    out = converted(
        blank,
        "the president of Ukraine",
        """
        the the DET det 2
        president president NOUN ROOT 0 tag=NN
        of of ADP prep 2 tag=IN
        Ukraine Ukraine PROPN pobj 3 tag=NNP
        """,
    )
    assert ("Ukraine", "nmod", "president") in out
    assert ("of", "case", "Ukraine") in out


def test_a_particle_with_an_object_is_a_preposition(blank: Language) -> None:
    out = converted(
        blank,
        "They called on rivals",
        """
        They they PRON nsubj 2 tag=PRP
        called call VERB ROOT 0 tag=VBD
        on on ADP prt 2 tag=RP
        rivals rival NOUN pobj 3 tag=NNS
        """,
    )
    assert ("rivals", "obl", "called") in out and ("on", "case", "rivals") in out


def test_the_passive_agent_is_obl_agent(blank: Language) -> None:
    out = converted(
        blank,
        "The envoy was received by the king",
        """
        The the DET det 2
        envoy envoy NOUN nsubjpass 4 tag=NN
        was be AUX auxpass 4 tag=VBD
        received receive VERB ROOT 0 tag=VBN
        by by ADP agent 4 tag=IN
        the the DET det 7
        king king NOUN pobj 5 tag=NN
        """,
    )
    assert ("king", "obl:agent", "received") in out
    assert ("by", "case", "king") in out


def test_according_to_becomes_case_and_fixed(blank: Language) -> None:
    out = converted(
        blank,
        "Talks ended according to aides",
        """
        Talks talk NOUN nsubj 2 tag=NNS
        ended end VERB ROOT 0 tag=VBD
        according accord VERB prep 2 tag=VBG
        to to ADP prep 3 tag=IN
        aides aide NOUN pobj 4 tag=NNS
        """,
    )
    assert out[2:] == [
        ("according", "case", "aides"),
        ("to", "fixed", "according"),
        ("aides", "obl", "ended"),
    ]


def test_because_of_with_the_object_on_the_first_word(blank: Language) -> None:
    out = converted(
        blank,
        "Flights stopped because of fog",
        """
        Flights flight NOUN nsubj 2 tag=NNS
        stopped stop VERB ROOT 0 tag=VBD
        because because SCONJ prep 2 tag=IN
        of of ADP pcomp 3 tag=IN
        fog fog NOUN pobj 3 tag=NN
        """,
    )
    assert out[2:] == [("because", "case", "fog"), ("of", "fixed", "because"), ("fog", "obl", "stopped")]


def test_a_preposition_before_a_clause_becomes_its_mark(blank: Language) -> None:
    out = converted(
        blank,
        "He spoke after meeting aides",
        """
        He he PRON nsubj 2 tag=PRP
        spoke speak VERB ROOT 0 tag=VBD
        after after ADP prep 2 tag=IN
        meeting meet VERB pcomp 3 tag=VBG
        aides aide NOUN dobj 4 tag=NNS
        """,
    )
    assert ("meeting", "advcl", "spoke") in out
    assert ("after", "mark", "meeting") in out
    assert ("aides", "obj", "meeting") in out


def test_be_with_a_predicate_noun_becomes_its_copula(blank: Language) -> None:
    out = converted(
        blank,
        "She is not the envoy",
        """
        She she PRON nsubj 2 tag=PRP
        is be AUX ROOT 0 tag=VBZ
        not not PART neg 2 tag=RB
        the the DET det 5
        envoy envoy NOUN attr 2 tag=NN
        """,
    )
    assert out == [
        ("She", "nsubj", "envoy"),
        ("is", "cop", "envoy"),
        ("not", "advmod", "envoy"),
        ("the", "det", "envoy"),
        ("envoy", "ROOT", "envoy"),
    ]


def test_be_with_an_adjective_and_a_prepositional_phrase(blank: Language) -> None:
    out = converted(
        blank,
        "Kyiv is ready for talks",
        """
        Kyiv Kyiv PROPN nsubj 2 tag=NNP
        is be AUX ROOT 0 tag=VBZ
        ready ready ADJ acomp 2 tag=JJ
        for for ADP prep 3 tag=IN
        talks talk NOUN pobj 4 tag=NNS
        """,
    )
    assert ("ready", "ROOT", "ready") in out
    assert ("is", "cop", "ready") in out
    assert ("talks", "obl", "ready") in out


def test_be_with_only_a_prepositional_phrase_hands_it_the_head(blank: Language) -> None:
    out = converted(
        blank,
        "The talks were in Geneva on Monday",
        """
        The the DET det 2
        talks talk NOUN nsubj 3 tag=NNS
        were be AUX ROOT 0 tag=VBD
        in in ADP prep 3 tag=IN
        Geneva Geneva PROPN pobj 4 tag=NNP
        on on ADP prep 3 tag=IN
        Monday Monday PROPN pobj 6 tag=NNP
        """,
    )
    assert ("Geneva", "ROOT", "Geneva") in out
    assert ("were", "cop", "Geneva") in out
    assert ("Monday", "obl", "Geneva") in out  # a dependent of a predicate is obl, not nmod


def test_there_is_keeps_be_as_head_and_the_noun_as_subject(blank: Language) -> None:
    out = converted(
        blank,
        "There were clashes",
        """
        There there PRON expl 2 tag=EX
        were be VERB ROOT 0 tag=VBD
        clashes clash NOUN attr 2 tag=NNS
        """,
    )
    assert out == [("There", "expl", "were"), ("were", "ROOT", "were"), ("clashes", "nsubj", "were")]


def test_a_predicate_noun_of_another_verb_is_xcomp(blank: Language) -> None:
    out = converted(
        blank,
        "He became envoy",
        """
        He he PRON nsubj 2 tag=PRP
        became become VERB ROOT 0 tag=VBD
        envoy envoy NOUN attr 2 tag=NN
        """,
    )
    assert ("envoy", "xcomp", "became") in out


def test_conjunct_chains_fan_out_and_cc_moves_to_the_next_conjunct(blank: Language) -> None:
    out = converted(
        blank,
        "Paris , Bonn and Rome",
        """
        Paris Paris PROPN ROOT 0 tag=NNP
        , , PUNCT punct 1 tag=,
        Bonn Bonn PROPN conj 1 tag=NNP
        and and CCONJ cc 3 tag=CC
        Rome Rome PROPN conj 3 tag=NNP
        """,
    )
    assert ("Bonn", "conj", "Paris") in out
    assert ("Rome", "conj", "Paris") in out
    assert ("and", "cc", "Rome") in out


def test_a_persons_name_is_headed_by_its_first_word(blank: Language) -> None:
    out = converted(
        blank,
        "Minister Anna Berg resigned",
        """
        Minister minister PROPN compound 3 tag=NNP
        Anna Anna PROPN compound 3 tag=NNP ent=PERSON+
        Berg Berg PROPN nsubj 4 tag=NNP ent=PERSON
        resigned resign VERB ROOT 0 tag=VBD
        """,
    )
    assert out == [
        ("Minister", "compound", "Anna"),
        ("Anna", "nsubj", "resigned"),
        ("Berg", "flat", "Anna"),
        ("resigned", "ROOT", "resigned"),
    ]


def test_infinitival_to_is_a_mark(blank: Language) -> None:
    out = converted(
        blank,
        "They agreed to talk",
        """
        They they PRON nsubj 2 tag=PRP
        agreed agree VERB ROOT 0 tag=VBD
        to to PART aux 4 tag=TO
        talk talk VERB xcomp 2 tag=VB
        """,
    )
    assert ("to", "mark", "talk") in out


def test_an_infinitive_on_a_noun_is_acl_not_a_relative_clause(blank: Language) -> None:
    out = converted(
        blank,
        "They sought ways to end it",
        """
        They they PRON nsubj 2 tag=PRP
        sought seek VERB ROOT 0 tag=VBD
        ways way NOUN dobj 2 tag=NNS
        to to PART aux 5 tag=TO
        end end VERB relcl 3 tag=VB
        it it PRON dobj 5 tag=PRP
        """,
    )
    assert ("end", "acl", "ways") in out and ("to", "mark", "end") in out


def test_a_bare_noun_phrase_adverbial_is_unmarked(blank: Language) -> None:
    out = converted(
        blank,
        "Talks resumed Monday",
        """
        Talks talk NOUN nsubj 2 tag=NNS
        resumed resume VERB ROOT 0 tag=VBD
        Monday Monday PROPN npadvmod 2 tag=NNP
        """,
    )
    assert ("Monday", "obl:unmarked", "resumed") in out


def test_a_rewrite_that_is_not_a_tree_keeps_the_original_parse(
    blank: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cycle(s: ud._Sentence) -> None:  # a broken rewrite: tokens 0 and 1 head each other
        s.heads[0], s.heads[1] = 1, 0

    monkeypatch.setattr(ud, "_copulas", cycle)
    out = converted(
        blank,
        "Rebels shelled towns",
        """
        Rebels rebel NOUN nsubj 2 tag=NNS
        shelled shell VERB ROOT 0 tag=VBD
        towns town NOUN dobj 2 tag=NNS
        """,
    )
    assert out == [
        ("Rebels", "nsubj", "shelled"),
        ("shelled", "ROOT", "shelled"),
        ("towns", "dobj", "shelled"),
    ]


# -- the output is always a tree ----------------------------------------------------------------------------

_LABELS = [
    "nsubj", "dobj", "prep", "pobj", "pcomp", "agent", "dative", "attr", "acomp", "cc", "conj", "compound",
    "amod", "det", "aux", "auxpass", "neg", "poss", "case", "prt", "advmod", "npadvmod", "relcl", "acl",
    "ccomp", "xcomp", "expl", "punct", "appos", "dep",
]  # fmt: skip
_WORDS = [
    ("be", "AUX", "VBZ"), ("attack", "VERB", "VBD"), ("town", "NOUN", "NN"), ("in", "ADP", "IN"),
    ("of", "ADP", "IN"), ("to", "PART", "TO"), ("Anna", "PROPN", "NNP"), ("and", "CCONJ", "CC"),
    ("ready", "ADJ", "JJ"), ("there", "PRON", "EX"), ("according", "VERB", "VBG"), (",", "PUNCT", ","),
]  # fmt: skip


@st.composite
def clearnlp_sentences(draw: st.DrawFn) -> tuple[list[int], list[str], list[int], list[bool]]:
    n = draw(st.integers(min_value=1, max_value=14))
    root = draw(st.integers(min_value=0, max_value=n - 1))
    order = draw(st.permutations([i for i in range(n) if i != root]))
    placed, heads = [root], [0] * n
    heads[root] = root
    for i in order:  # each token hangs from one placed before it: always a tree
        heads[i] = draw(st.sampled_from(placed))
        placed.append(i)
    deps = [draw(st.sampled_from(_LABELS)) if heads[i] != i else "ROOT" for i in range(n)]
    words = [draw(st.integers(min_value=0, max_value=len(_WORDS) - 1)) for _ in range(n)]
    person = [draw(st.booleans()) for _ in range(n)]
    return heads, deps, words, person


@settings(max_examples=300, deadline=None)
@given(clearnlp_sentences())
def test_the_adapter_always_returns_a_tree(
    sentence: tuple[list[int], list[str], list[int], list[bool]],
) -> None:
    heads, deps, words, person = sentence
    vocab = spacy.blank("en").vocab
    doc = Doc(
        vocab,
        words=[_WORDS[w][0] for w in words],
        lemmas=[_WORDS[w][0].lower() for w in words],
        pos=[_WORDS[w][1] for w in words],
        tags=[_WORDS[w][2] for w in words],
        heads=heads,
        deps=deps,
        ents=["B-PERSON" if p else "O" for p in person],
    )
    before = [t.is_sent_start for t in doc]
    to_ud(doc)
    roots = [t for t in doc if t.head.i == t.i]
    assert len(roots) == 1
    for token in doc:
        seen: set[int] = set()
        node = token
        while node.head.i != node.i:
            assert node.i not in seen, "a cycle"
            seen.add(node.i)
            node = node.head
    assert [t.is_sent_start for t in doc] == before


# -- schemes, the table, the model ---------------------------------------------------------------------------


def test_the_scheme_is_told_from_the_parsers_labels() -> None:
    assert parser_scheme(["ROOT", "nsubj", "obj", "obl", "case", "nsubj:pass"]) == "ud"
    assert parser_scheme(["ROOT", "nsubj", "dobj", "prep", "pobj", "nsubjpass"]) == "clearnlp"
    assert parser_scheme(["ROOT", "SBJ", "OBJ", "NMOD"]) is None


def test_a_parser_with_neither_scheme_is_refused(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    parser = nlp.add_pipe("parser")
    for label in ("SBJ", "OBJ", "NMOD"):
        parser.add_label(label)  # type: ignore[attr-defined]
    nlp.initialize()
    with pytest.raises(ModelError, match="neither Universal Dependencies nor spaCy's ClearNLP"):
        add_ud_adapter(nlp, "odd")
    nlp.to_disk(tmp_path / "odd")
    model_module._load.cache_clear()
    with pytest.raises(ModelError, match="neither Universal Dependencies"):
        model_module.load_model(str(tmp_path / "odd"))


def test_the_shipped_table_reads_and_a_bad_row_names_its_line(tmp_path: Path) -> None:
    table = read_relabels(relabel_table_path())
    assert table["dobj"].ud == "obj" and table["pobj"].ud_nominal == "nmod"
    bad = tmp_path / "table.tsv"
    bad.write_text("label\tud\tud_nominal\tnote\npobj\tobl\tnmod\tfine\nprep\tdep\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"table\.tsv:3"):
        read_relabels(bad)
    short = tmp_path / "short.tsv"
    short.write_text("label\tud\tud_nominal\tnote\ndobj\tobj\t-\tfine\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="left-over 'pobj'"):
        read_relabels(short)


def test_norp_is_not_an_organisation() -> None:
    assert entity_kind("NORP") is None
    assert entity_kind("GPE") == "LOC" and entity_kind("PERSON") == "PER"
