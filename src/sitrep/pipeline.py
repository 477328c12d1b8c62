"""The extraction pipeline: article text and metadata → :class:`~sitrep.records.Document`.

``Extractor`` loads the model, dictionaries and patterns once; ``extract()`` is the one-call convenience that
keeps a shared default extractor.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.actors.coder import ActorCoder
from sitrep.actors.dictionary import default_dictionary, load_dictionary
from sitrep.actors.entities import entity_patterns
from sitrep.actors.stage import ActorStage, VoiceStage
from sitrep.article import (
    BUDGET_CHARS_PER_SECOND,
    MAX_CHARS,
    MAX_RUN,
    SLICE_CHARS,
    TIME_BUDGET,
    Article,
    cap_runs,
    content_id,
    parse_published,
)
from sitrep.dates.stage import DateStage
from sitrep.errors import ConfigError, TimeBudgetError
from sitrep.events.coder import EventCoder
from sitrep.events.patterns import default_patterns, load_patterns
from sitrep.events.stage import EventStage
from sitrep.framing.lexicon import default_lexicon, load_lexicon
from sitrep.framing.matcher import FramingMatcher
from sitrep.framing.stage import FramingStage
from sitrep.nlp.language import identify
from sitrep.nlp.model import load_model
from sitrep.ontology import default_ontology
from sitrep.places.locate import LocationStage
from sitrep.places.resolve import PlaceResolver, PlaceStage
from sitrep.quotes.finder import QuoteFinder
from sitrep.quotes.stage import QuoteStage
from sitrep.records import Document, Sentence
from sitrep.stages import ArticleState, Stage, check_order

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_NO_TENSOR = numpy.zeros((0, 0), dtype="float32")

_CUTS = ("\n\n", "\n", ". ", " ")
"""Where a slice may end, best first: after a blank line, else a line break, else a sentence-ish ``". "``,
else a space; with none of them in the slice's second half, it is cut hard at :data:`SLICE_CHARS`."""


def slices(text: str, limit: int = SLICE_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` of the slices ``text`` is parsed in: consecutive, covering all of ``text``, each at
    most ``limit`` characters. A slice ends just after the last separator of :data:`_CUTS` (with the white
    space after it) found in its second half, so paragraphs stay whole wherever the text has them."""
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        for cut in _CUTS:
            found = text.rfind(cut, start + limit // 2, end)
            if found >= 0:
                end = found + len(cut)
                while end < start + limit and text[end].isspace():
                    end += 1
                break
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


class Extractor:
    """Codes articles into documents. Build once (it loads the model and data files), then call or ``pipe``.

    ``model`` is a pipeline name or folder (default: ``SITREP_MODEL``, else
    :data:`~sitrep.nlp.DEFAULT_MODEL`);
    ``dictionaries``, ``patterns`` and ``lexicon`` are folders with your own copies of the data files.
    ``slice_chars``: a longer text is parsed in slices (:data:`SLICE_CHARS`, :meth:`parse`).
    ``stages`` replaces the default stages (:meth:`default_stages`) with your own list; their order is checked
    here, and every problem is reported at once as a :class:`~sitrep.errors.ConfigError`.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        dictionaries: Path | None = None,
        patterns: Path | None = None,
        lexicon: Path | None = None,
        batch_size: int = 32,
        stages: Sequence[Stage] | None = None,
        slice_chars: int = SLICE_CHARS,
        time_budget: float | None = TIME_BUDGET,
    ) -> None:
        self.dictionary = load_dictionary(dictionaries) if dictionaries else default_dictionary()
        # The entity ruler knows this Extractor's names: a person added to a --dictionaries copy is an entity.
        self.nlp: Language = load_model(model, entity_patterns=entity_patterns(self.dictionary))
        # spaCy refuses texts over nlp.max_length (1,000,000 by default); sitrep's own limit decides.
        self.nlp.max_length = max(self.nlp.max_length, MAX_CHARS)
        self.ontology = default_ontology()
        self.patterns = load_patterns(patterns, self.ontology) if patterns else default_patterns()
        self.lexicon = load_lexicon(lexicon) if lexicon else default_lexicon()
        self.stages: tuple[Stage, ...] = tuple(stages) if stages is not None else self.default_stages()
        check_order(self.stages)
        self.batch_size = batch_size
        if not 1 <= slice_chars <= MAX_CHARS:
            raise ConfigError(f"the slice size must be from 1 to {MAX_CHARS:,} characters")
        self.slice_chars = slice_chars
        if time_budget is not None and not 0 < time_budget < 1e6:
            raise ConfigError("the time budget must be a number of seconds above 0")
        self.time_budget = time_budget

    def default_stages(self) -> tuple[Stage, ...]:
        """actors → quotes → voices → dates → events → framing → places → event locations, built from this
        Extractor's data."""
        return (
            ActorStage(ActorCoder(self.dictionary)),
            QuoteStage(QuoteFinder(self.patterns.speech)),
            VoiceStage(),
            DateStage(),
            EventStage(EventCoder(self.patterns, self.ontology)),
            FramingStage(FramingMatcher(self.lexicon, self.nlp.make_doc)),
            PlaceStage(PlaceResolver(self.dictionary.countries)),
            LocationStage(),
        )

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
        pending: list[Article] = []
        for article in articles:
            pending.append(article)
            if len(pending) >= self.batch_size:
                yield from self._run(pending)
                pending = []
        if pending:
            yield from self._run(pending)

    def pipe_budgeted(
        self, articles: Sequence[Article]
    ) -> Iterator[tuple[Article, Document | TimeBudgetError]]:
        """``(article, document)`` for each of ``articles``, in order, as :meth:`pipe` codes them; an article
        whose coding ran over its time budget comes with the :class:`~sitrep.errors.TimeBudgetError` instead
        of a document, and the articles after it are coded on (it is not coded a second time)."""
        pending = list(articles)
        while pending:
            done = 0
            try:
                for article, document in zip(pending, self.pipe(pending), strict=True):
                    done += 1
                    yield article, document
            except TimeBudgetError as error:  # documents come in order: the late article is the next one
                yield pending[done], error
                pending = pending[done + 1 :]
                continue
            return

    def _run(self, batch: list[Article]) -> Iterator[Document]:
        capped = [cap_runs(a.text) for a in batch]
        cut = [text != a.text for a, text in zip(batch, capped, strict=True)]
        batch = [
            dataclasses.replace(a, text=text) if changed else a
            for a, text, changed in zip(batch, capped, cut, strict=True)
        ]
        guesses = [identify(a.text) for a in batch]
        english = [bool(a.text.strip()) and g.codable for a, g in zip(batch, guesses, strict=True)]
        to_parse = [a.text for a, ok in zip(batch, english, strict=True) if ok]
        docs = self._parse_all(to_parse)
        for article, ok, guess, changed in zip(batch, english, guesses, cut, strict=True):
            notes = []
            if changed:
                notes.append(
                    f"runs of one punctuation or symbol character (or of one and a space) over {MAX_RUN} "
                    f"were cut to {MAX_RUN} (offsets count the cut text)"
                )
            if _CONTROL.search(article.text):
                notes.append("the text holds control characters (kept as they are; offsets count them)")
            if ok:
                yield self._code(article, next(docs), notes)
                continue
            empty = not article.text.strip()
            notes.append("empty text" if empty else guess.reason)
            yield Document(
                article.id or content_id(article.text),
                article.text,
                article.published,
                article.title,
                article.source,
                article.url,
                language="en" if empty else guess.language,
                notes=tuple(notes),
            )

    def _parse_all(self, texts: list[str]) -> Iterator[Doc | str]:
        """The parse of each of ``texts``, in order: the short ones through ``nlp.pipe`` in batches, as
        always; a long one (over ``slice_chars``) comes back as it is, to be parsed alone by
        :meth:`parse` within its article's time budget (:meth:`_code`)."""
        short = iter(
            self.nlp.pipe((t for t in texts if len(t) <= self.slice_chars), batch_size=self.batch_size)
        )
        for text in texts:
            yield next(short) if len(text) <= self.slice_chars else text

    def parse(self, text: str) -> Doc:
        """The spaCy parse of ``text``; over ``slice_chars`` characters, parsed slice by slice
        (:func:`slices`) and joined with ``Doc.from_docs``, so the joined ``Doc`` has exactly ``text`` and
        every offset the stages read is an offset into the whole text. The stages run once, on the whole
        ``Doc``: events, quotes, actors, dates and framing cues get ids numbered over the whole article,
        actors are resolved across all of it and dates against the one publication date.

        What slicing loses is the parser's and tagger's view across a cut: a sentence never spans two
        slices (each slice starts a sentence), no dependency arc or named entity crosses a cut, and the
        statistical models see no context from the neighbouring slice (seen in tests: the parser attaches
        a sentence's final "." or an opening quote mark next to a cut differently, so an event's evidence
        span there may gain or lose that one character). Cuts fall after a blank line where the text has
        one in the slice's second half, so in ordinary prose little else is lost; a text with no
        paragraph breaks is cut at a line break, ``". "`` or a space, and only a text with none of these
        for ``slice_chars / 2`` characters is cut mid-word. The joined ``Doc`` has no ``tensor`` (sitrep's
        stages do not read it, and it is the largest part of a long parse)."""
        if len(text) <= self.slice_chars:
            return self.nlp(text)
        parts = []
        for start, end in slices(text, self.slice_chars):
            part = self.nlp(text[start:end])
            part.tensor = _NO_TENSOR  # no stage reads it; kept, it would be held twice (parts and join)
            parts.append(part)
        doc = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]
        if doc.text != text:  # pragma: no cover - from_docs keeps every character; a guard, not a path
            raise AssertionError("the joined parse does not reproduce the text")
        return doc

    def _code(self, article: Article, parsed: Doc | str, notes: list[str]) -> Document:
        """Run the stages on the article's parse; a long text (``parsed`` is the text) is parsed here, so
        its time budget counts the parse as well as the stages."""
        dated = article.published is not None
        base = article.published or dt.date.today()
        if not dated:
            notes.append(
                f"no publication date: relative dates resolved against the run date {base.isoformat()}"
            )
        with time_budget(self.time_budget, len(article.text)):
            doc = self.parse(parsed) if isinstance(parsed, str) else parsed
            state = ArticleState(
                article=article, text=article.text, doc=doc, base=base, dated=dated, notes=notes
            )
            for stage in self.stages:
                stage(state)
        return document(state)


@contextmanager
def time_budget(seconds: float | None, chars: int) -> Iterator[None]:
    """Raise :class:`~sitrep.errors.TimeBudgetError` in the block once it has run longer than ``seconds``
    plus one second per :data:`BUDGET_CHARS_PER_SECOND` characters of the article (a long article is
    allowed proportionally more). It works by ``SIGALRM``, so only in the main thread of a process on a
    system that has it (every process of ``sitrep ingest`` and ``sitrep extract``); elsewhere — a thread of a
    web server, Windows — the block runs unbounded."""
    if (
        seconds is None
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    allowed = seconds + chars / BUDGET_CHARS_PER_SECOND

    def expired(signum: int, frame: object) -> None:
        raise TimeBudgetError(
            f"coding took longer than its time budget of {allowed:.0f} s "
            f"({chars:,} characters; --time-budget)"
        )

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, allowed)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def document(state: ArticleState) -> Document:
    """The :class:`~sitrep.records.Document` of an article whose stages have run."""
    article = state.article
    return Document(
        id=article.id or content_id(state.text),
        text=state.text,
        published=article.published,
        title=article.title,
        source=article.source,
        url=article.url,
        language="en",
        sentences=tuple(Sentence(i, s.start_char, s.end_char) for i, s in enumerate(state.doc.sents)),
        actors=state.actors.listed(state.events, state.quotes) if state.actors is not None else (),
        events=tuple(
            dataclasses.replace(e, location=state.locations[e.id]) if e.id in state.locations else e
            for e in state.events
        ),
        quotes=state.quotes,
        framing=state.framing,
        places=state.places,
        notes=tuple(state.notes),
    )


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
