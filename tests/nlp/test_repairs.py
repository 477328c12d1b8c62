"""Parser repairs (nlp/data/repairs.tsv): each repair on a hand-built misparse, the file's errors, the tree
check, and the shipped model where it shows the misparse."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab
from support import hand_parse

from sitrep.errors import DataFileError
from sitrep.nlp.model import SHIPPED_MODEL, load_model
from sitrep.nlp.repairs import REPAIR_COLUMNS, read_repairs, repair_doc, shipped_repairs

VOCAB = Vocab()


def repaired(text: str, table: str) -> Doc:
    return repair_doc(hand_parse(VOCAB, text, table), shipped_repairs())


def arcs(doc: Doc) -> dict[str, tuple[str, str]]:
    """Each word's relation and head (``ROOT`` and itself for the root)."""
    return {t.text: (t.dep_, t.head.text) for t in doc if not t.is_punct}


def test_a_final_attribution_hung_from_a_noun_becomes_parataxis_of_the_main_verb() -> None:
    doc = repaired(
        "Rebels shelled two villages near the river, the army said.",
        """
        Rebels rebel NOUN nsubj 2
        shelled shell VERB ROOT 0 tag=VBD
        two two NUM nummod 4
        villages village NOUN obj 2
        near near ADP case 7
        the the DET det 7
        river river NOUN obl 2
        , , PUNCT punct 7
        the the DET det 10
        army army NOUN nsubj 11
        said say VERB acl:relcl 7 tag=VBD
        . . PUNCT punct 2
        """,
    )
    assert arcs(doc)["said"] == ("parataxis", "shelled")
    assert arcs(doc)["army"] == ("nsubj", "said")
    assert doc[7].head.text == "said"


def test_a_speaker_taken_for_an_argument_of_the_report_becomes_the_subject_of_said() -> None:
    doc = repaired(
        '"Troops opened fire on the convoy," local officials told reporters.',
        """
        " " PUNCT punct 3
        Troops troop NOUN nsubj 3
        opened open VERB ROOT 0 tag=VBD
        fire fire NOUN obj 3
        on on ADP case 7
        the the DET det 7
        convoy convoy NOUN obl 3
        , , PUNCT punct 3
        " " PUNCT punct 3
        local local ADJ amod 11
        officials official NOUN obj 3
        told tell VERB acl 11 tag=VBD
        reporters reporter NOUN iobj 12
        . . PUNCT punct 3
        """,
    )
    assert arcs(doc)["officials"] == ("nsubj", "told")
    assert arcs(doc)["told"] == ("parataxis", "opened")
    assert arcs(doc)["reporters"] == ("iobj", "told")


def test_a_speaker_hung_inside_the_report_becomes_the_subject_and_the_report_the_root() -> None:
    doc = repaired(
        "Gunmen attacked a police post on Friday, South Sudan said.",
        """
        Gunmen gunman NOUN nsubj 2
        attacked attack VERB ccomp 11 tag=VBD
        a a DET det 5
        police police NOUN compound 5
        post post NOUN obj 2
        on on ADP case 7
        Friday Friday PROPN obl 2
        , , PUNCT punct 10
        South South PROPN compound 10
        Sudan Sudan PROPN appos 7
        said say VERB ROOT 0 tag=VBD
        . . PUNCT punct 11
        """,
    )
    assert arcs(doc)["Sudan"] == ("nsubj", "said")
    assert arcs(doc)["attacked"] == ("ROOT", "attacked")
    assert arcs(doc)["said"] == ("parataxis", "attacked")


def test_two_speakers_joined_to_a_noun_of_the_report_become_the_subjects_of_said() -> None:
    doc = repaired(
        "Rebels shelled the port, Kenya and Uganda said",
        """
        Rebels rebel NOUN nsubj 2
        shelled shell VERB ccomp 9 tag=VBD
        the the DET det 4
        port port NOUN obj 2
        , , PUNCT punct 4
        Kenya Kenya PROPN conj 4
        and and CCONJ cc 8
        Uganda Uganda PROPN conj 4
        said say VERB ROOT 0 tag=VBD
        """,
    )
    assert arcs(doc)["Kenya"] == ("nsubj", "said")
    assert arcs(doc)["Uganda"] == ("conj", "Kenya")
    assert arcs(doc)["shelled"] == ("ROOT", "shelled")
    assert arcs(doc)["said"] == ("parataxis", "shelled")
    assert doc[4].head.text == "said"


def test_an_inverted_speaker_is_the_subject_not_the_object() -> None:
    doc = repaired(
        "Nobody was hurt in the fire, said the police.",
        """
        Nobody nobody PRON nsubj:pass 3
        was be AUX aux:pass 3
        hurt hurt VERB ROOT 0 tag=VBN
        in in ADP case 6
        the the DET det 6
        fire fire NOUN obl 3
        , , PUNCT punct 8
        said say VERB parataxis 3 tag=VBD
        the the DET det 10
        police police NOUN obj 8
        . . PUNCT punct 3
        """,
    )
    assert arcs(doc)["police"] == ("nsubj", "said")


def test_a_reporting_verb_taken_for_an_adverbial_clause_becomes_parataxis() -> None:
    doc = repaired(
        "Two guards died in the raid, the agency reported on Monday.",
        """
        Two two NUM nummod 2
        guards guard NOUN nsubj 3
        died die VERB ROOT 0 tag=VBD
        in in ADP case 6
        the the DET det 6
        raid raid NOUN obl 3
        , , PUNCT punct 3
        the the DET det 9
        agency agency NOUN nsubj 10
        reported report VERB advcl 3 tag=VBD
        on on ADP case 12
        Monday Monday PROPN obl 10
        . . PUNCT punct 3
        """,
    )
    assert arcs(doc)["reported"] == ("parataxis", "died")
    assert doc[6].head.text == "reported"


def test_a_headline_verb_read_as_a_noun_becomes_the_root_verb() -> None:
    doc = repaired(
        "Kenya's army shells border town",
        """
        Kenya Kenya PROPN nmod:poss 6
        's 's PART case 1
        army army NOUN compound 4
        shells shell NOUN compound 6 tag=NNS
        border border NOUN compound 6
        town town NOUN ROOT 0
        """,
    )
    assert arcs(doc)["shells"] == ("ROOT", "shells")
    assert doc[3].pos_ == "VERB"
    assert arcs(doc)["army"] == ("nsubj", "shells")
    assert arcs(doc)["town"] == ("obj", "shells")
    assert arcs(doc)["Kenya"] == ("nmod:poss", "army")  # the words before the verb go with its subject


def test_a_headline_verb_tagged_right_but_hung_as_a_compound_becomes_the_root() -> None:
    doc = repaired(
        "Kenya's high court backs ruling on land",
        """
        Kenya Kenya PROPN nmod:poss 5
        's 's PART case 1
        high high ADJ amod 4
        court court NOUN compound 6
        backs back VERB compound 6 tag=VBZ
        ruling ruling NOUN ROOT 0
        on on ADP case 8
        land land NOUN nmod 6
        """,
    )
    assert arcs(doc)["backs"] == ("ROOT", "backs")
    assert arcs(doc)["court"] == ("nsubj", "backs")
    assert arcs(doc)["ruling"] == ("obj", "backs")
    assert arcs(doc)["Kenya"] == ("nmod:poss", "court")


def test_a_sentence_with_a_verb_is_no_headline() -> None:
    doc = repaired(
        "Army shells border town that burned",
        """
        Army army NOUN compound 2
        shells shell NOUN compound 4 tag=NNS
        border border NOUN compound 4
        town town NOUN ROOT 0
        that that PRON nsubj 6
        burned burn VERB acl:relcl 4 tag=VBD
        """,
    )
    assert arcs(doc)["town"] == ("ROOT", "town")


def test_a_past_verb_read_as_a_participle_of_its_object_becomes_the_root() -> None:
    doc = repaired(
        "On Monday, Ghana renewed calls for talks.",
        """
        On on ADP case 2
        Monday Monday PROPN obl 5
        , , PUNCT punct 2
        Ghana Ghana PROPN nsubj 5
        renewed renew VERB amod 6 tag=VBN
        calls call NOUN ROOT 0 tag=NNS
        for for ADP case 8
        talks talk NOUN nmod 6
        . . PUNCT punct 6
        """,
    )
    assert (doc[4].dep_, doc[4].pos_, doc[4].tag_) == ("ROOT", "VERB", "VBD")
    assert arcs(doc)["calls"] == ("obj", "renewed")
    assert arcs(doc)["Ghana"] == ("nsubj", "renewed")


def test_a_noun_with_a_copula_is_left_alone() -> None:
    doc = repaired(
        "Ghana is a renewed force.",
        """
        Ghana Ghana PROPN nsubj 5
        is be AUX cop 5
        a a DET det 5
        renewed renew VERB amod 5 tag=VBN
        force force NOUN ROOT 0
        . . PUNCT punct 5
        """,
    )
    assert arcs(doc)["force"] == ("ROOT", "force")


HEADER = "\t".join(REPAIR_COLUMNS)


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "repairs.tsv"
    path.write_text("# my repairs\n" + HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_plural_noun_read_as_the_root_verb_of_a_title_becomes_the_subject() -> None:
    doc = repaired(
        "Police raids on farms kill three suspects",
        """
        Police police PROPN nsubj 2
        raids raid VERB ROOT 0 tag=VBZ
        on on ADP case 4
        farms farm NOUN obl 2
        kill kill VERB advcl 2 tag=VBP
        three three NUM nummod 7
        suspects suspect NOUN obj 5
        """,
    )
    assert arcs(doc)["kill"] == ("ROOT", "kill")
    assert arcs(doc)["raids"] == ("nsubj", "kill")
    assert (doc[1].pos_, doc[1].tag_) == ("NOUN", "NNS")
    assert arcs(doc)["Police"] == ("compound", "raids")
    assert arcs(doc)["suspects"] == ("obj", "kill")


def test_a_title_verb_in_the_singular_is_no_plural_subject() -> None:
    doc = repaired(
        "Police raids farm, kills three suspects",
        """
        Police police PROPN nsubj 2
        raids raid VERB ROOT 0 tag=VBZ
        farm farm NOUN obj 2
        , , PUNCT punct 2
        kills kill VERB conj 2 tag=VBZ
        three three NUM nummod 7
        suspects suspect NOUN obj 5
        """,
    )
    assert arcs(doc)["raids"] == ("ROOT", "raids")


def test_a_title_clause_after_a_colon_becomes_the_root() -> None:
    doc = repaired(
        "Kenya floods: Government sends troops",
        """
        Kenya Kenya PROPN compound 2
        floods flood NOUN ROOT 0
        : : PUNCT punct 2
        Government government NOUN nsubj 5
        sends send VERB acl 2 tag=VBZ
        troops troop NOUN obj 5
        """,
    )
    assert arcs(doc)["sends"] == ("ROOT", "sends")
    assert arcs(doc)["floods"] == ("dep", "sends")
    assert arcs(doc)["Government"] == ("nsubj", "sends")


def test_a_participle_phrase_that_took_the_subject_gives_it_back_to_the_main_verb() -> None:
    doc = repaired(
        "The guerrillas, camped along the border, have fired rockets.",
        """
        The the DET det 2
        guerrillas guerrilla NOUN nsubj 4
        , , PUNCT punct 2
        camped camp VERB advcl 10 tag=VBN
        along along ADP case 7
        the the DET det 7
        border border NOUN obl 4
        , , PUNCT punct 10
        have have AUX aux 10
        fired fire VERB ROOT 0 tag=VBN
        rockets rocket NOUN obj 10
        . . PUNCT punct 10
        """,
    )
    assert arcs(doc)["guerrillas"] == ("nsubj", "fired")
    assert arcs(doc)["camped"] == ("acl", "guerrillas")


def test_a_participle_right_after_a_noun_that_took_the_subject_modifies_that_noun() -> None:
    doc = repaired(
        "The envoys, part of a team based in Accra, have visited camps.",
        """
        The the DET det 2
        envoys envoy NOUN nsubj 8
        , , PUNCT punct 2
        part part NOUN appos 2
        of of ADP case 7
        a a DET det 7
        team team NOUN nmod 4
        based base VERB advcl 13 tag=VBN
        in in ADP case 10
        Accra Accra PROPN obl 8
        , , PUNCT punct 13
        have have AUX aux 13
        visited visit VERB ROOT 0 tag=VBN
        camps camp NOUN obj 13
        . . PUNCT punct 13
        """,
    )
    assert arcs(doc)["envoys"] == ("nsubj", "visited")
    assert arcs(doc)["based"] == ("acl", "team")


def test_a_participle_phrase_with_its_own_aux_is_left_alone() -> None:
    doc = repaired(
        "Having camped along the border, the guerrillas fired rockets.",
        """
        Having have AUX aux 2
        camped camp VERB advcl 9 tag=VBN
        along along ADP case 5
        the the DET det 5
        border border NOUN obl 2
        , , PUNCT punct 9
        the the DET det 8
        guerrillas guerrilla NOUN nsubj 2
        fired fire VERB ROOT 0 tag=VBD
        rockets rocket NOUN obj 9
        . . PUNCT punct 9
        """,
    )
    assert arcs(doc)["guerrillas"] == ("nsubj", "camped")


def test_a_predicate_participle_after_the_object_of_call_becomes_its_xcomp() -> None:
    doc = repaired(
        "They called the vote deeply flawed.",
        """
        They they PRON nsubj 2
        called call VERB ROOT 0 tag=VBD
        the the DET det 4
        vote vote NOUN obj 2
        deeply deeply ADV advmod 6
        flawed flaw VERB acl 4 tag=VBN
        . . PUNCT punct 2
        """,
    )
    assert arcs(doc)["flawed"] == ("xcomp", "called")


def test_a_participle_with_its_own_phrase_after_the_object_of_call_is_left_alone() -> None:
    doc = repaired(
        "They called the troops stationed in the north.",
        """
        They they PRON nsubj 2
        called call VERB ROOT 0 tag=VBD
        the the DET det 4
        troops troop NOUN obj 2
        stationed station VERB acl 4 tag=VBN
        in in ADP case 8
        the the DET det 8
        north north NOUN obl 5
        . . PUNCT punct 2
        """,
    )
    assert arcs(doc)["stationed"] == ("acl", "troops")


def test_committed_to_is_a_state_and_committed_crimes_a_passive() -> None:
    state = repaired(
        "The party was committed to the reforms.",
        """
        The the DET det 2
        party party NOUN nsubj:pass 4
        was be AUX aux:pass 4
        committed commit VERB ROOT 0 tag=VBN
        to to ADP case 7
        the the DET det 7
        reforms reform NOUN obl 4 tag=NNS
        . . PUNCT punct 4
        """,
    )
    assert (arcs(state)["was"], arcs(state)["party"]) == (("cop", "committed"), ("nsubj", "committed"))
    assert state[3].pos_ == "ADJ"
    purpose = repaired(
        "The killings were committed to terrorise villagers.",
        """
        The the DET det 2
        killings killing NOUN nsubj:pass 4
        were be AUX aux:pass 4
        committed commit VERB ROOT 0 tag=VBN
        to to PART mark 6
        terrorise terrorise VERB advcl 4 tag=VB
        villagers villager NOUN obj 6
        . . PUNCT punct 4
        """,
    )
    assert arcs(purpose)["were"] == ("aux:pass", "committed")


def test_an_adjective_read_as_the_head_of_a_conjoined_name_becomes_its_modifier() -> None:
    doc = repaired(
        "Troops fought the army and the separatist Eastern Front (EF) near the river.",
        """
        Troops troop NOUN nsubj 2
        fought fight VERB ROOT 0 tag=VBD
        the the DET det 4
        army army NOUN obj 2
        and and CCONJ cc 7
        the the DET det 7
        separatist separatist ADJ conj 4 tag=JJ
        Eastern Eastern PROPN compound 9
        Front Front PROPN appos 7
        ( ( PUNCT punct 11
        EF EF PROPN appos 9
        ) ) PUNCT punct 11
        near near ADP case 15
        the the DET det 15
        river river NOUN obl 2
        . . PUNCT punct 2
        """,
    )
    assert arcs(doc)["Front"] == ("conj", "army")
    assert arcs(doc)["separatist"] == ("amod", "Front")
    assert doc[5].head.text == "Front" and doc[4].head.text == "Front"
    assert arcs(doc)["EF"] == ("appos", "Front")


def test_a_bad_row_names_the_file_and_line(tmp_path: Path) -> None:
    good = "relabel\t-\tV lemma=say dep=advcl\t-\tV parataxis\tHe left, she said.\tnote"
    bad = "broken\t-\tV lemma=say | X dep=nsubj\tX under V\tX nsubj of V\tShe said.\tnote"
    path = write(tmp_path, good, bad)
    with pytest.raises(DataFileError) as caught:
        read_repairs(path)
    assert caught.value.path == path and caught.value.line == 4
    assert "relation 'X under V'" in str(caught.value)
    unknown = write(tmp_path, "x\t-\tV lemma=say\t-\tY nsubj of V\tShe said.\tnote")
    with pytest.raises(DataFileError, match=r"repairs\.tsv:3: .*token name"):
        read_repairs(unknown)


def test_a_rewrite_that_would_break_the_tree_is_skipped(tmp_path: Path) -> None:
    # "said" under its own subject: a cycle, so the parse is kept as it was
    path = write(
        tmp_path,
        "cycle\t-\tV lemma=say | X dep=nsubj\tX child-of V\tV ccomp of X\tThe army said so.\tnote",
        "fine\t-\tV lemma=say | X dep=nsubj\tX child-of V\tX expl\tThe army said so.\tnote",
    )
    doc = hand_parse(
        VOCAB,
        "The army said so.",
        """
        The the DET det 2
        army army NOUN nsubj 3
        said say VERB ROOT 0 tag=VBD
        so so ADV advmod 3
        . . PUNCT punct 3
        """,
    )
    repair_doc(doc, read_repairs(path))
    assert (doc[2].dep_, doc[2].head.i) == ("ROOT", 2)
    assert (doc[1].dep_, doc[1].head.i) == ("expl", 2)  # the next repair still applies


def test_the_shipped_repairs_load() -> None:
    names = [r.name for r in shipped_repairs()]
    assert "report-verb-as-relative-clause" in names and "headline-verb-read-as-noun" in names


# --- the shipped model --------------------------------------------------------------------------------------


def test_load_model_adds_the_repairs_last(nlp: Language) -> None:
    assert nlp.pipe_names[-1] == "sitrep_repairs"


@pytest.fixture(scope="module")
def shipped() -> Language:
    return load_model(SHIPPED_MODEL)


def test_the_shipped_model_reads_a_headline_verb_after_the_repair(shipped: Language) -> None:
    nlp = shipped
    doc = nlp("Army shells border town")
    with nlp.select_pipes(disable=["sitrep_repairs"]):
        raw = nlp("Army shells border town")
    assert raw[1].pos_ == "NOUN"  # the misparse the repair is for
    assert (doc[1].pos_, doc[1].dep_) == ("VERB", "ROOT")
    assert (doc[0].dep_, doc[3].dep_) == ("nsubj", "obj")


def test_the_shipped_model_reads_an_inverted_speaker_after_the_repair(shipped: Language) -> None:
    nlp = shipped
    text = "No one was hurt in the blast, said the police."
    with nlp.select_pipes(disable=["sitrep_repairs"]):
        raw = nlp(text)
    assert raw[10].dep_ == "obj"  # the misparse the repair is for
    doc = nlp(text)
    assert (doc[10].dep_, doc[10].head.text) == ("nsubj", "said")


# -- repairs of the default model's (en_core_web_sm through the UD adapter) misparses -----------------------


@pytest.mark.parametrize(
    ("text", "word", "dep", "head"),
    [
        ("The court barred the company from selling the land.", "selling", "advcl", "barred"),
        ('The mayor called the new tax "plainly unfair".', "unfair", "xcomp", "called"),
        ("The council branded the militia a criminal gang.", "militia", "obj", "branded"),
        ("The council branded the militia a criminal gang.", "gang", "xcomp", "branded"),
        ("The guards at the gate were not armed.", "were", "cop", "armed"),
        ("Aid workers and foreign staff have been evacuated.", "workers", "nsubj:pass", "evacuated"),
        ("Aid workers and foreign staff have been evacuated.", "Aid", "compound", "workers"),
        ("Army strikes on rebel camps kill dozens, officials say", "kill", "ccomp", "say"),
        ("Army strikes on rebel camps kill dozens, officials say", "strikes", "nsubj", "kill"),
        ("Ghana was committed to the talks, the minister said.", "was", "cop", "committed"),
    ],
)
def test_the_default_model_reads_these_after_the_repairs(
    nlp: Language, text: str, word: str, dep: str, head: str
) -> None:
    token = next(t for t in nlp(text) if t.text == word)
    assert (token.dep_, token.head.text) == (dep, head)


def test_a_bare_verb_read_as_the_subject_becomes_a_noun_modifier() -> None:
    doc = repaired(
        "Aid teams left",
        """
        Aid aid VERB nsubj 3 tag=VB
        teams team NOUN obj 1 tag=NNS
        left leave VERB ROOT 0 tag=VBD
        """,
    )
    assert arcs(doc)["teams"] == ("nsubj", "left")
    assert arcs(doc)["Aid"] == ("compound", "teams")
    assert (doc[0].pos_, doc[0].tag_) == ("NOUN", "NN")


def test_the_noun_of_a_with_absolute_participle_is_its_passive_subject() -> None:
    doc = repaired(
        "Fighting flared , with two guards wounded",
        """
        Fighting fighting NOUN nsubj 2
        flared flare VERB ROOT 0 tag=VBD
        , , PUNCT punct 2
        with with ADP mark 7
        two two NUM nummod 6
        guards guard NOUN nsubj 7 tag=NNS
        wounded wound VERB advcl 2 tag=VBN
        """,
    )
    assert arcs(doc)["guards"] == ("nsubj:pass", "wounded")


def test_fighting_that_broke_out_with_soldiers_killed_has_them_as_target(nlp: Language) -> None:
    from sitrep import Extractor

    document = Extractor()("Heavy fighting has broken out near the border, with several soldiers killed.")
    assert [(e.cameo, e.source, e.target and e.target.text) for e in document.events] == [
        ("190", None, "several soldiers")
    ]


def test_a_from_clause_hung_on_the_object_of_forbid_goes_to_the_verb() -> None:
    doc = repaired(
        "Rules forbid firms from trading",
        """
        Rules rule NOUN nsubj 2 tag=NNS
        forbid forbid VERB ROOT 0 tag=VBP
        firms firm NOUN obj 2 tag=NNS
        from from SCONJ mark 5
        trading trade VERB acl 3 tag=VBG
        """,
    )
    assert arcs(doc)["trading"] == ("advcl", "forbid")
