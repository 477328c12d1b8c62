"""The scorer itself, on a tiny treebank written for this test."""

from __future__ import annotations

from pathlib import Path

import spacy

from sitrep.evaluate.nlp import Scores, score_doc
from sitrep.nlp.conllu import (
    Sentence,
    attach_entities,
    group_sentences,
    raw_text,
    read_conllu,
    read_iob2,
    to_doc,
)

CONLLU = """# newdoc id = d1
# sent_id = d1-1
# newpar id = d1-p1
# text = Kyiv didn't sign.
1	Kyiv	Kyiv	PROPN	NNP	Number=Sing	4	nsubj	_	_
2-3	didn't	_	_	_	_	_	_	_	_
2	did	do	AUX	VBD	_	4	aux	_	_
3	n't	not	PART	RB	_	4	advmod	_	_
4	sign	sign	VERB	VB	VerbForm=Inf	0	root	_	SpaceAfter=No
5	.	.	PUNCT	.	_	4	punct	_	_

# sent_id = d1-2
# newpar id = d1-p2
# text = Moscow left.
1	Moscow	Moscow	PROPN	NNP	Number=Sing	2	nsubj	_	_
2	left	leave	VERB	VBD	_	0	root	_	SpaceAfter=No
3	.	.	PUNCT	.	_	2	punct	_	_

"""

IOB2 = """# sent_id = d1-1
1	Kyiv	B-LOC	-	-
2	did	O	-	-
3	n't	O	-	-
4	sign	O	-	-
5	.	O	-	-

# sent_id = d1-2
1	Moscow	B-OTH	-	-
2	left	O	-	-
3	.	O	-	-
"""


def load(tmp_path: Path) -> list[Sentence]:
    (tmp_path / "t.conllu").write_text(CONLLU, encoding="utf-8")
    (tmp_path / "t.iob2").write_text(IOB2, encoding="utf-8")
    sentences = list(read_conllu(tmp_path / "t.conllu"))
    assert attach_entities(sentences, read_iob2(tmp_path / "t.iob2")) == 0
    return sentences


def test_reader_handles_multiword_tokens_and_paragraphs(tmp_path: Path) -> None:
    sentences = load(tmp_path)
    assert sentences[0].words == ["Kyiv", "did", "n't", "sign", "."]
    assert sentences[0].heads == [3, 3, 3, 3, 3]
    assert sentences[0].deps[3] == "ROOT"
    assert sentences[1].ents == ["O", "O", "O"]  # OTH is not one of PER/ORG/LOC
    group = next(group_sentences(sentences, max_sentences=None))
    assert raw_text(group) == "Kyiv didn't sign.\n\nMoscow left."


def test_gold_against_itself_is_perfect(tmp_path: Path) -> None:
    group = next(group_sentences(load(tmp_path), max_sentences=None))
    vocab = spacy.blank("en").vocab
    scores = Scores()
    score_doc(scores, to_doc(vocab, group, with_ents=True), to_doc(vocab, group, with_ents=True), group)
    result = scores.as_dict()
    assert result["words"] == 8
    assert all(result[k] == 1.0 for k in ("upos", "xpos", "lemma", "uas", "las", "sent_f", "ents_f"))


def test_one_wrong_head_and_one_wrong_boundary(tmp_path: Path) -> None:
    group = next(group_sentences(load(tmp_path), max_sentences=None))
    vocab = spacy.blank("en").vocab
    predicted = to_doc(vocab, group, with_ents=True)
    gold = to_doc(vocab, group, with_ents=True)
    # Re-attach "n't" (word 2) to "did" instead of "sign" (the sentence stays a tree).
    heads = [t.head.i for t in predicted]
    heads[2] = 1
    deps = [t.dep_ for t in predicted]
    predicted = spacy.tokens.Doc(
        vocab,
        words=[t.text for t in predicted],
        spaces=[bool(t.whitespace_) for t in predicted],
        heads=heads,
        deps=deps,
        pos=[t.pos_ for t in predicted],
        tags=[t.tag_ for t in predicted],
        lemmas=[t.lemma_ for t in predicted],
        sent_starts=[t.is_sent_start for t in predicted],
    )
    scores = Scores()
    score_doc(scores, predicted, gold, group)
    result = scores.as_dict()
    assert result["uas"] == 7 / 8
    assert result["sent_f"] == 1.0
    assert result["ents_f"] == 0.0  # the prediction has no entities
