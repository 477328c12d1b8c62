"""Scoring event merging against gold cross-document events (stories-dev ``event_mentions.jsonl``, ECB+).

Two modes (docs/merging.md):

* ``gold``: the gold mentions themselves are merged by sitrep's rule (:class:`~sitrep.stories.merge.Merger`),
  their features read from a spaCy parse of each article (head lemma: the mention's first word that is not an
  auxiliary; context: the content lemmas of its sentence). This measures merging alone.
* ``sitrep``: sitrep's own events are extracted and merged; each gold mention takes the event of its article
  whose trigger overlaps it most, one-to-one; an unmatched gold mention stays an event of its own. The matched
  share and the scores on the matched mentions alone are reported too.

Scores are MUC, B-cubed, CEAF-e and CoNLL F1 (:mod:`sitrep.evaluate.coref`) over the gold mentions, and merged
events per gold event (distinct predicted labels on the gold mentions / gold events).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sitrep.article import Article, parse_published
from sitrep.errors import InputError
from sitrep.evaluate.coref import CorefScores, score
from sitrep.records import Document
from sitrep.stories.merge import Mention, Merger, MergeSettings, document_mentions, stem

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from sitrep.pipeline import Extractor

Mode = Literal["gold", "sitrep"]
_CONTENT = frozenset({"NOUN", "PROPN", "NUM", "VERB", "ADJ"})


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    published: str | None
    source: str | None
    url: str | None
    title: str | None
    story: str


@dataclass(frozen=True, slots=True)
class GoldMention:
    article: str
    start: int
    end: int
    text: str
    event: str


@dataclass(frozen=True, slots=True)
class MergingScores:
    mode: Mode
    articles: int
    gold_mentions: int
    gold_events: int
    predicted_events: int
    """Distinct predicted labels on the gold mentions."""
    scores: CorefScores
    matched: int
    """Gold mentions matched by a predicted mention (all of them in ``gold`` mode)."""
    matched_scores: CorefScores | None
    """The scores on the matched gold mentions alone (``sitrep`` mode)."""

    @property
    def events_per_gold_event(self) -> float:
        return self.predicted_events / self.gold_events if self.gold_events else 0.0

    @property
    def matched_share(self) -> float:
        return self.matched / self.gold_mentions if self.gold_mentions else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "articles": self.articles,
            "gold_mentions": self.gold_mentions,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "events_per_gold_event": self.events_per_gold_event,
            "matched_share": self.matched_share,
            "scores": self.scores.to_dict(),
            "matched_scores": self.matched_scores.to_dict() if self.matched_scores else None,
        }


def _lines(path: Path) -> Iterable[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as err:
                        raise InputError(f"{path}:{number}: not JSON ({err.msg})") from err
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from err


def read_articles(path: Path) -> list[GoldArticle]:
    """The articles of a stories-dev ``articles.jsonl``, in stream order."""
    return [
        GoldArticle(
            a["id"], a["text"], a.get("published"), a.get("source"), a.get("url"), a.get("title"), a["story"]
        )
        for a in _lines(path)
    ]


def read_event_mentions(path: Path) -> list[GoldMention]:
    return [GoldMention(m["id"], m["start"], m["end"], m["text"], m["event"]) for m in _lines(path)]


def gold_mentions_of(
    doc: Doc, article: GoldArticle, gold: Iterable[GoldMention], story: str
) -> list[Mention]:
    """Merge candidates for gold mentions, their features read from the parse of their article."""
    found = []
    sentence_index = {sent.start: i for i, sent in enumerate(doc.sents)}
    for g in gold:
        span = doc.char_span(g.start, g.end, alignment_mode="expand")
        tokens = list(span) if span is not None else []
        head = next((t for t in tokens if t.pos_ != "AUX"), tokens[0] if tokens else None)
        lemma = stem(head.lemma_ if head is not None else g.text.split()[0])
        sentence = head.sent if head is not None else None
        context = frozenset(
            stem(t.lemma_)
            for t in (sentence or ())
            if t.pos_ in _CONTENT and not t.is_stop and t.i not in {x.i for x in tokens}
        )
        found.append(
            Mention(
                article=g.article,
                start=g.start,
                end=g.end,
                text=g.text,
                sentence=sentence_index[sentence.start] if sentence is not None else -1,
                story=story,
                outlet=article.source,
                lemma=lemma,
                context=context - {lemma},
            )
        )
    return found


def _match(gold: list[GoldMention], predicted: list[Mention]) -> dict[int, int]:
    """Gold index → predicted index: largest overlaps first, one-to-one, within an article."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if p.article == g.article and overlap > 0:
                pairs.append((-overlap, i, j))
    pairs.sort()
    taken_g: dict[int, int] = {}
    taken_p: set[int] = set()
    for _, i, j in pairs:
        if i not in taken_g and j not in taken_p:
            taken_g[i] = j
            taken_p.add(j)
    return taken_g


def evaluate_merging(
    folder: Path,
    *,
    mode: Mode = "gold",
    stories: Mapping[str, str] | None = None,
    articles: Collection[str] | None = None,
    settings: MergeSettings | None = None,
    nlp: Language | None = None,
    extractor: Extractor | None = None,
    documents: Mapping[str, Document] | None = None,
) -> MergingScores:
    """Score merging on a stories-dev folder (``articles.jsonl``, ``event_mentions.jsonl``).

    ``stories`` maps article ids to story ids (default: the gold stories); ``articles`` restricts the run to
    those article ids. ``gold`` mode parses with ``nlp`` (default: the Extractor's model); ``sitrep`` mode
    codes with ``extractor`` (default: a new :class:`~sitrep.pipeline.Extractor`), or takes ``documents``
    already coded (by article id).
    """
    every = read_articles(folder / "articles.jsonl")
    gold = read_event_mentions(folder / "event_mentions.jsonl")
    with_gold = {g.article for g in gold}
    chosen = [a for a in every if a.id in with_gold and (articles is None or a.id in articles)]
    ids = {a.id for a in chosen}
    gold = [g for g in gold if g.article in ids]
    story_of = dict(stories) if stories is not None else {a.id: a.story for a in chosen}
    by_article: dict[str, list[GoldMention]] = {}
    for g in gold:
        by_article.setdefault(g.article, []).append(g)
    merger = Merger(settings)
    if mode == "gold":
        if nlp is None:
            from sitrep.actors.entities import default_entity_patterns
            from sitrep.nlp.model import load_model

            nlp = load_model(entity_patterns=default_entity_patterns())
        candidates: list[Mention] = []
        for article, doc in zip(chosen, nlp.pipe(a.text for a in chosen), strict=True):
            story = story_of.get(article.id, f"article:{article.id}")
            candidates += gold_mentions_of(doc, article, by_article[article.id], story)
        merger.add(candidates)
    else:
        if documents is None:
            if extractor is None:
                from sitrep.pipeline import Extractor

                extractor = Extractor()
            coded = extractor.pipe(
                Article(a.text, parse_published(a.published), a.source, a.url, a.title, a.id) for a in chosen
            )
            documents = {d.id: d for d in coded}
        for article in chosen:
            coded_doc = documents[article.id]
            merger.add(document_mentions(coded_doc, story_of.get(article.id, f"article:{article.id}")))
    label: dict[tuple[str, int, int], str] = {}
    predicted: list[Mention] = []
    for event in merger.merged():
        for m in event.mentions:
            label[m.key] = event.id
            predicted.append(m)
    key = {(g.article, g.start, g.end): g.event for g in gold}
    if mode == "gold":
        response = {k: label[k] for k in key}
        matched = len(key)
        matched_scores = None
    else:
        pairs = _match(gold, predicted)
        response = {}
        for i, g in enumerate(gold):
            k = (g.article, g.start, g.end)
            response[k] = label[predicted[pairs[i]].key] if i in pairs else f"unmatched:{k}"
        matched = len(pairs)
        on = {(gold[i].article, gold[i].start, gold[i].end) for i in pairs}
        matched_scores = score({k: v for k, v in key.items() if k in on}, {k: response[k] for k in on})
    return MergingScores(
        mode=mode,
        articles=len(chosen),
        gold_mentions=len(key),
        gold_events=len(set(key.values())),
        predicted_events=len(set(response.values())),
        scores=score(key, response),
        matched=matched,
        matched_scores=matched_scores,
    )
