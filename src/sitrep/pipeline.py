"""The extraction pipeline: article text and metadata → :class:`~sitrep.records.Document`.

``Extractor`` loads the model, dictionaries and patterns once; ``extract()`` is the one-call convenience that
keeps a shared default extractor.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.actors.coder import ActorCoder
from sitrep.actors.dictionary import default_dictionary, load_dictionary
from sitrep.article import MAX_CHARS, Article, content_id, parse_published
from sitrep.dates.resolve import find_dates
from sitrep.events.coder import EventCoder
from sitrep.events.patterns import default_patterns, load_patterns
from sitrep.framing.lexicon import default_lexicon, load_lexicon
from sitrep.framing.matcher import FramingMatcher
from sitrep.nlp.language import identify
from sitrep.nlp.model import load_model
from sitrep.ontology import default_ontology
from sitrep.quotes import QuoteFinder, attribute
from sitrep.records import Document, FramingCue, Sentence

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Extractor:
    """Codes articles into documents. Build once (it loads the model), then call or ``pipe``.

    ``model`` is a pipeline name or folder (default: the shipped model, or ``SITREP_MODEL``);
    ``dictionaries``, ``patterns`` and ``lexicon`` are folders with your own copies of the data files.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        dictionaries: Path | None = None,
        patterns: Path | None = None,
        lexicon: Path | None = None,
        batch_size: int = 32,
    ) -> None:
        self.nlp: Language = load_model(model)
        # spaCy refuses texts over nlp.max_length (1,000,000 by default); sitrep's own limit decides.
        self.nlp.max_length = max(self.nlp.max_length, MAX_CHARS)
        self.ontology = default_ontology()
        dictionary = load_dictionary(dictionaries) if dictionaries else default_dictionary()
        self.actor_coder = ActorCoder(dictionary)
        pattern_set = load_patterns(patterns, self.ontology) if patterns else default_patterns()
        self.event_coder = EventCoder(pattern_set, self.ontology)
        self.quote_finder = QuoteFinder(pattern_set)
        self.framing = FramingMatcher(
            load_lexicon(lexicon) if lexicon else default_lexicon(), self.nlp.make_doc
        )
        self.batch_size = batch_size

    def __call__(
        self,
        text: str,
        *,
        published: dt.date | str | None = None,
        source: str | None = None,
        url: str | None = None,
        title: str | None = None,
        id: str | None = None,
    ) -> Document:
        article = Article(text, parse_published(published), source, url, title, id)
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article]) -> Iterator[Document]:
        """Documents for ``articles``, in order, parsed in batches through ``nlp.pipe``."""
        prepared = (self._prepare(a) for a in articles)
        pending: list[tuple[Article, str, list[str]]] = []
        for item in prepared:
            pending.append(item)
            if len(pending) >= self.batch_size:
                yield from self._run(pending)
                pending = []
        if pending:
            yield from self._run(pending)

    def _prepare(self, article: Article) -> tuple[Article, str, list[str]]:
        text = article.text
        notes: list[str] = []
        if _CONTROL.search(text):
            notes.append("the text holds control characters (kept as they are; offsets count them)")
        return article, text, notes

    def _run(self, batch: list[tuple[Article, str, list[str]]]) -> Iterator[Document]:
        guesses = [identify(text) for _, text, _ in batch]
        english = [bool(text.strip()) and g.codable for (_, text, _), g in zip(batch, guesses, strict=True)]
        to_parse = [text for (_, text, _), ok in zip(batch, english, strict=True) if ok]
        docs = iter(self.nlp.pipe(to_parse, batch_size=self.batch_size))
        for (article, text, notes), ok, guess in zip(batch, english, guesses, strict=True):
            if ok:
                yield self._document(article, text, next(docs), notes)
            elif not text.strip():
                yield self._document(article, text, None, [*notes, "empty text"])
            else:
                yield self._document(article, text, None, [*notes, guess.reason], language=guess.language)

    def _document(
        self, article: Article, text: str, doc: Doc | None, notes: list[str], language: str = "en"
    ) -> Document:
        ident = article.id or content_id(text)
        if doc is None:
            return Document(
                ident,
                text,
                article.published,
                article.title,
                article.source,
                article.url,
                language=language,
                notes=tuple(notes),
            )
        dated = article.published is not None
        base = article.published or dt.date.today()
        if not dated:
            notes.append(
                f"no publication date: relative dates resolved against the run date {base.isoformat()}"
            )
        actors = self.actor_coder.analyse(doc, base)
        found = self.quote_finder.find(doc, actors)
        for quote in found.quotes:
            if quote.kind == "direct" and quote.speaker is not None:
                actors.voice(quote.start, quote.end, quote.speaker)
        dates = find_dates(text, base)
        events = self.event_coder.code(doc, actors, dates, base, dated)
        events = attribute([replace(e, id=f"e{n}") for n, e in enumerate(events, 1)], found.quotes)
        framing = self.framing(doc, (a.country for a in actors.actors)) + [
            FramingCue(
                s.start, s.end, s.text, s.text, "scare_quotes", (), ("outlet",), _SCARE, None, "quotes"
            )
            for s in found.scare_quotes
        ]
        framing.sort(key=lambda f: (f.start, f.end))
        sentences = tuple(Sentence(i, s.start_char, s.end_char) for i, s in enumerate(doc.sents))
        return Document(
            id=ident,
            text=text,
            published=article.published,
            title=article.title,
            source=article.source,
            url=article.url,
            language=language,
            sentences=sentences,
            actors=actors.actors,
            events=tuple(events),
            quotes=found.quotes,
            framing=tuple(framing),
            notes=tuple(notes),
        )


_SCARE = "Words in quote marks that nobody in the sentence is said to say: the outlet keeps its distance."


@cache
def default_extractor() -> Extractor:
    return Extractor()


def extract(
    text: str,
    *,
    published: dt.date | str | None = None,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Document:
    """Code one article with the default extractor (loaded on first use)."""
    return default_extractor()(text, published=published, source=source, url=url, title=title)
