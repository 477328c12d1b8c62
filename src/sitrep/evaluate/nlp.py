"""Scoring a pipeline against gold treebank and NER annotation.

The pipeline reads each gold document as running text (its own tokenizer, its own sentence splitting), and
its output is aligned to the gold words by characters, CoNLL 2018 style. Scores:

* ``upos``, ``xpos``, ``lemma``: share of gold words whose aligned predicted token has the gold value;
* ``uas``, ``las``: share of gold words whose predicted head is the gold head (and whose relation is the gold
  one: ``las`` compares the universal relation, ``las_exact`` the full label with subtype such as
  ``nmod:poss``); punctuation included. A gold word without a one-to-one aligned token counts as wrong;
* ``sent_p/r/f``: sentences whose first and last word match exactly;
* ``ents``: exact-span P/R/F per label (PER/ORG/LOC), on sentences that carry entity annotation;
* ``spacy_uas``, ``spacy_las``: the same documents scored by spaCy's own ``Scorer`` (as ``spacy train``
  reports: punctuation left out, full labels), for comparison with figures published for spaCy pipelines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc
from spacy.training import Example

from sitrep.datafile import read_table
from sitrep.nlp.conllu import Sentence, raw_text, to_doc
from sitrep.nlp.model import entity_kind


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def add(
        self,
        gold: set[tuple[int, int]] | set[tuple[int, int, str]],
        pred: set[tuple[int, int]] | set[tuple[int, int, str]],
    ) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)


@dataclass
class Scores:
    words: int = 0
    correct: Counter[str] = field(default_factory=Counter)
    sentences: PRF = field(default_factory=PRF)
    entities: dict[str, PRF] = field(default_factory=dict)
    spacy_scores: dict[str, float] = field(default_factory=dict)
    relations: Counter[str] = field(default_factory=Counter)  # gold words by universal relation
    relations_correct: Counter[str] = field(default_factory=Counter)  # ... with head and relation right

    def relation_las(self, relation: str) -> float:
        """LAS on the gold words of one universal relation (``obj``, ``obl``, ``ccomp``, ...)."""
        total = self.relations[relation]
        return self.relations_correct[relation] / total if total else 0.0

    def accuracy(self, key: str) -> float:
        return self.correct[key] / self.words if self.words else 0.0

    def entities_total(self) -> PRF:
        total = PRF()
        for prf in self.entities.values():
            total.tp, total.fp, total.fn = total.tp + prf.tp, total.fp + prf.fp, total.fn + prf.fn
        return total

    def as_dict(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {"words": self.words}
        for key in ("upos", "xpos", "lemma", "uas", "las", "las_exact"):
            out[key] = round(self.accuracy(key), 4)
        out.update(
            sent_p=round(self.sentences.p, 4),
            sent_r=round(self.sentences.r, 4),
            sent_f=round(self.sentences.f, 4),
        )
        if self.entities:
            total = self.entities_total()
            out.update(ents_p=round(total.p, 4), ents_r=round(total.r, 4), ents_f=round(total.f, 4))
            for label, prf in sorted(self.entities.items()):
                out.update(
                    {
                        f"{label}_p": round(prf.p, 4),
                        f"{label}_r": round(prf.r, 4),
                        f"{label}_f": round(prf.f, 4),
                    }
                )
        for key, value in self.spacy_scores.items():
            out[f"spacy_{key}"] = round(value, 4)
        return out


def evaluate(nlp: Language, documents: Iterable[Sequence[Sentence]], *, batch_size: int = 32) -> Scores:
    """Run ``nlp`` over each gold document's running text and score it against the gold annotation."""
    scores = Scores()
    docs = [list(d) for d in documents]
    texts = [raw_text(d) for d in docs]
    examples: list[Example] = []
    for group, predicted in zip(docs, nlp.pipe(texts, batch_size=batch_size), strict=True):
        reference = to_doc(nlp.vocab, group, with_ents=True)
        score_doc(scores, predicted, reference, group)
        examples.append(Example(predicted, reference))
    deps = Scorer.score_deps(
        examples, "dep", head_attr="head", has_annotation=lambda t: bool(t.dep_), ignore_labels=("p", "punct")
    )
    scores.spacy_scores = {"uas": float(deps["dep_uas"] or 0.0), "las": float(deps["dep_las"] or 0.0)}
    return scores


def _universal(dep: str) -> str:
    return "root" if dep == "ROOT" else dep.split(":", 1)[0]


def score_doc(scores: Scores, predicted: Doc, reference: Doc, group: Sequence[Sentence]) -> None:
    example = Example(predicted, reference)
    y2x = example.alignment.y2x
    x2y = example.alignment.x2y
    lengths_y2x = y2x.lengths
    lengths_x2y = x2y.lengths
    # Gold word -> predicted token, only where the alignment is one-to-one.
    one_to_one: dict[int, int] = {}
    starts = y2x.data
    pos = 0
    for gold_i, n in enumerate(lengths_y2x):
        if n == 1:
            first = int(starts[pos])
            if lengths_x2y[first] == 1:
                one_to_one[gold_i] = first
        pos += int(n)
    pred_to_gold = {p: g for g, p in one_to_one.items()}
    for gold in reference:
        scores.words += 1
        relation = _universal(gold.dep_)
        scores.relations[relation] += 1
        pred_i = one_to_one.get(gold.i)
        if pred_i is None:
            continue
        pred = predicted[pred_i]
        scores.correct["upos"] += pred.pos_ == gold.pos_
        scores.correct["xpos"] += pred.tag_ == gold.tag_
        scores.correct["lemma"] += pred.lemma_ == gold.lemma_
        head_ok = pred_to_gold.get(pred.head.i) == gold.head.i
        scores.correct["uas"] += head_ok
        labelled = head_ok and _universal(pred.dep_) == relation
        scores.correct["las"] += labelled
        scores.relations_correct[relation] += labelled
        scores.correct["las_exact"] += head_ok and pred.dep_.lower() == gold.dep_.lower()
    # Offsets are compared in non-whitespace characters: the gold text and the running text differ in spacing.
    gold_ns, pred_ns = _non_space_index(reference.text), _non_space_index(predicted.text)
    scores.sentences.add(_sentence_spans(reference, gold_ns), _sentence_spans(predicted, pred_ns))
    # Entities: only inside sentences with annotation.
    annotated = [
        (gold_ns[s.start_char], gold_ns[s.end_char])
        for s, src in zip(reference.sents, group, strict=True)
        if src.ents is not None
    ]

    def inside(start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in annotated)

    gold_ents = {
        (gold_ns[e.start_char], gold_ns[e.end_char], e.label_)
        for e in reference.ents
        if inside(gold_ns[e.start_char], gold_ns[e.end_char])
    }
    pred_ents = {
        (pred_ns[e.start_char], pred_ns[e.end_char], entity_kind(e.label_) or e.label_)
        for e in predicted.ents
        if inside(pred_ns[e.start_char], pred_ns[e.end_char]) and entity_kind(e.label_)
    }
    for label in {lab for *_, lab in gold_ents | pred_ents}:
        prf = scores.entities.setdefault(label, PRF())
        prf.add({e for e in gold_ents if e[2] == label}, {e for e in pred_ents if e[2] == label})


def _non_space_index(text: str) -> list[int]:
    """``index[i]`` = how many non-whitespace characters precede character ``i`` (for ``i`` up to ``len``)."""
    index = [0] * (len(text) + 1)
    count = 0
    for i, char in enumerate(text):
        index[i] = count
        if not char.isspace():
            count += 1
    index[len(text)] = count
    return index


def _sentence_spans(doc: Doc, ns: list[int]) -> set[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if words:
            spans.add((ns[words[0].idx], ns[words[-1].idx + len(words[-1])]))
    return spans


@dataclass(frozen=True, slots=True)
class ClauseResult:
    text: str
    ok: bool
    found: str  # what the parser made of the verb, for the report


_SUBJECT = ("nsubj",)
_OBJECT = ("obj", "dobj")


def check_clauses(nlp: Language, path: Path) -> list[ClauseResult]:
    """Parse each simple news clause of a ``text/verb/subject/object`` data file and check that the verb is
    the root with that subject (``nsubj``) and object (``obj``, or ClearNLP's ``dobj``)."""
    rows = list(read_table(path, ("text", "verb", "subject", "object")))
    results: list[ClauseResult] = []
    for row, doc in zip(rows, nlp.pipe(r.get("text") for r in rows), strict=True):
        verb = next((t for t in doc if t.text == row.get("verb")), None)
        if verb is None:
            raise row.error(f"verb {row.get('verb')!r} is not a token of the text")
        deps = {(c.dep_, c.text) for c in verb.children}
        ok = (
            verb.dep_ == "ROOT"
            and any((d, row.get("subject")) in deps for d in _SUBJECT)
            and any((d, row.get("object")) in deps for d in _OBJECT)
        )
        found = f"{verb.text}/{verb.tag_}/{verb.dep_} " + " ".join(f"{d}:{w}" for d, w in sorted(deps))
        results.append(ClauseResult(row.get("text"), ok, found))
    return results
