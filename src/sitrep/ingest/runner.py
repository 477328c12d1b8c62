"""``sitrep ingest``: read sources, code articles across worker processes, store everything.

The main process reads the sources (files, folders, URLs, feeds, archives), checks which articles are
already stored, and writes to the database: it is the only writer. Worker processes identify each
article's language and code the English ones. Outcomes are written in batches, each batch in one
transaction, so a run killed at any moment can be run again: articles already stored by the same coder are
not coded again (only their metadata is refreshed) and every article ends up stored exactly once (its id is
the hash of its text; a JSONL/CSV record's own ``id`` is kept as its ``external_id``).
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep._version import __version__
from sitrep.article import SLICE_CHARS, TIME_BUDGET, Article, Failure
from sitrep.errors import ConfigError, ModelError, TimeBudgetError
from sitrep.ingest.base import ReadOptions
from sitrep.records import Document
from sitrep.store import Coded, NotCoded, Outcome, Refreshed, RunCounts, Store, article_id
from sitrep.store.db import WriteResult

if TYPE_CHECKING:
    from sitrep.pipeline import Extractor  # imported when the first Extractor is built: spaCy comes with it

CHUNK = 8
"""Articles sent to a worker at a time, at most."""
CHUNK_CHARS = 100_000
"""Characters of text sent to a worker at a time, at most (a longer article goes alone). News articles
fill chunks of :data:`CHUNK`; long texts do not pile up, so the documents a worker sends back, and the main
process holds until it writes them, stay few whatever the articles' lengths: eight 2,000,000-character
articles in one chunk would be eight documents of some 30 MB each in memory at once, and one worker coding
all of them while the other waits."""


def chunks(articles: Iterable[Article]) -> Iterator[list[Article]]:
    """``articles`` in order, in chunks of at most :data:`CHUNK` articles and :data:`CHUNK_CHARS`
    characters; an article longer than that is a chunk of its own."""
    chunk: list[Article] = []
    chars = 0
    for article in articles:
        if chunk and (len(chunk) >= CHUNK or chars + len(article.text) > CHUNK_CHARS):
            yield chunk
            chunk, chars = [], 0
        chunk.append(article)
        chars += len(article.text)
    if chunk:
        yield chunk


@dataclass(frozen=True, slots=True)
class CoderSettings:
    """What a worker needs to build its :class:`~sitrep.pipeline.Extractor` (picklable)."""

    model: str | None = None
    dictionaries: Path | None = None
    patterns: Path | None = None
    lexicon: Path | None = None
    time_budget: float | None = TIME_BUDGET
    """Seconds an article's coding may take (plus one per 4,000 characters) before it is quarantined as a
    ``coding`` failure (:func:`sitrep.pipeline.time_budget`); ``None``: no limit."""
    slice_chars: int = SLICE_CHARS
    """Longest text parsed in one piece (:data:`sitrep.article.SLICE_CHARS`)."""


@dataclass(frozen=True, slots=True)
class IngestOptions:
    workers: int = 1
    """Processes that code articles (each loads the model once)."""
    read: ReadOptions = field(default_factory=ReadOptions)
    coder: CoderSettings = field(default_factory=CoderSettings)
    recode: bool = False
    """Code every article again, even those already stored by the same coder."""
    commit_every: int = 32
    """Articles per transaction (also committed at least every 2 seconds)."""

    def __post_init__(self) -> None:
        if not 1 <= self.workers <= 64:
            raise ConfigError("--workers must be between 1 and 64")
        if self.commit_every < 1:
            raise ConfigError("--commit-every must be at least 1")


@dataclass
class IngestReport:
    """What a run did. ``failures`` lists every quarantined input (also stored in the ``failures`` table)."""

    run_id: int
    counts: RunCounts
    failures: list[Failure]
    seconds: float
    nlp_seconds: float
    """Time the workers spent coding, language identification included (summed over workers)."""
    read_seconds: float = 0.0
    """Time the main process spent reading sources (files, fetches, HTML and archive parsing)."""
    write_seconds: float = 0.0
    """Time the main process spent writing to the database."""
    status: str = "finished"


ProgressCallback = Callable[[RunCounts, Outcome | None], None]


def coder_stamp(settings: CoderSettings, extractor: Extractor | None = None) -> str:
    """A short label of what codes the articles: sitrep's version, the model, and any data of the user's."""
    nlp = extractor.nlp if extractor is not None else None
    model = (
        f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}" if nlp is not None else settings.model
    )
    digest = hashlib.sha256()
    for folder in (settings.dictionaries, settings.patterns, settings.lexicon):
        if folder is not None:
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    digest.update(path.name.encode() + b"\0" + path.read_bytes())
    custom = "" if digest.digest() == hashlib.sha256().digest() else f"+data:{digest.hexdigest()[:10]}"
    return f"sitrep-{__version__}/{model or 'default'}{custom}"


# -- the worker side ---------------------------------------------------------------------------------------

_EXTRACTOR: Extractor | None = None
_EXTRACTOR_SETTINGS: CoderSettings | None = None
"""What this process's Extractor was built from: a process that lives on (a Spark Python worker, which
serves every job of a session) builds a new one when a job asks for other settings."""


def _extractor(settings: CoderSettings) -> Extractor:
    global _EXTRACTOR, _EXTRACTOR_SETTINGS
    if _EXTRACTOR is None or settings != _EXTRACTOR_SETTINGS:
        from sitrep.pipeline import Extractor

        _EXTRACTOR = None  # the old one is freed before the new one loads
        _EXTRACTOR_SETTINGS = settings
        _EXTRACTOR = Extractor(
            settings.model,
            dictionaries=settings.dictionaries,
            patterns=settings.patterns,
            lexicon=settings.lexicon,
            time_budget=settings.time_budget,
            slice_chars=settings.slice_chars,
        )
    return _EXTRACTOR


def _init_worker(settings: CoderSettings, parent: int) -> None:
    _die_with_parent(parent)
    # Ctrl-C and SIGTERM are the main process's to handle (it flushes and stops the pool); a worker killed
    # with it would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _extractor(settings)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when the main process dies (``PR_SET_PDEATHSIG``), so a killed run
    leaves no orphans holding its pipes open; elsewhere a thread watches the parent's pid."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL, 0, 0, 0) != 0:  # 1 = PR_SET_PDEATHSIG
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):
        import threading

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def code_articles(
    articles: Sequence[Article], settings: CoderSettings, coder: str
) -> tuple[list[Outcome], float]:
    """Code a chunk of articles; returns the outcomes and the seconds spent.

    The Extractor identifies each text's language: an article it does not code (not English) is
    :class:`NotCoded`, with the language and the Extractor's note saying why."""
    started = time.perf_counter()
    extractor = _extractor(settings)
    outcomes: list[Outcome] = []
    try:
        for article, coded in extractor.pipe_budgeted(articles):
            if isinstance(coded, TimeBudgetError):  # quarantined alone; the chunk is coded on
                outcomes.append(
                    Failure(article.origin or article.url or article_id(article), str(coded), "coding")
                )
            else:
                outcomes.append(_outcome(article, coded, coder))
    except Exception:
        # An article broke the coder: the rest of the chunk is coded one by one, so only it is quarantined.
        outcomes += _one_by_one(extractor, articles[len(outcomes) :], coder)
    return outcomes, time.perf_counter() - started


def _one_by_one(extractor: Extractor, articles: Sequence[Article], coder: str) -> list[Outcome]:
    """Code ``articles`` one at a time, so an article that breaks the coder is quarantined alone."""
    outcomes: list[Outcome] = []
    for article in articles:
        name = article.origin or article.url or article_id(article)
        try:
            outcomes.append(_outcome(article, next(iter(extractor.pipe([article]))), coder))
        except TimeBudgetError as error:
            outcomes.append(Failure(name, str(error), "coding"))
        except Exception as error:  # any coder crash is quarantined, never fatal
            outcomes.append(Failure(name, f"the coder failed: {type(error).__name__}: {error}", "coding"))
    return outcomes


def _outcome(article: Article, document: Document, coder: str) -> Outcome:
    if document.language == "en":
        return Coded(article, document, "en", coder)
    why = next((n for n in document.notes if n.startswith("language:")), f"language: {document.language}")
    return NotCoded(article, document.language, why)


# -- the main side -----------------------------------------------------------------------------------------


class _Coder:
    """Codes chunks of articles in this process (1 worker) or in a process pool (N workers)."""

    def __init__(self, options: IngestOptions) -> None:
        self.settings = options.coder
        self.workers = options.workers
        self.pool: ProcessPoolExecutor | None = None
        if self.workers > 1:
            import multiprocessing

            # fork shares the loaded Python modules; each worker still loads its own model (initializer).
            context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
            self.context = context
            self.pool = self._new_pool()
            self.coder = self._worker_stamp()
        else:
            self.coder = coder_stamp(self.settings, _extractor(self.settings))

    def _worker_stamp(self) -> str:
        """The stamp must name the model the workers load: ask one of them. A worker that dies while it
        loads the model (killed, out of memory) breaks the pool: a new pool is started once.

        :raises ModelError: the workers died again.
        """
        for _attempt in range(2):
            assert self.pool is not None
            try:
                return self.pool.submit(worker_stamp, self.settings).result()
            except BrokenProcessPool:
                self._restart()
        raise ModelError(
            "the worker processes died while loading the model (killed, or out of memory); "
            "try fewer --workers"
        )

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers,
            mp_context=self.context,
            initializer=_init_worker,
            initargs=(self.settings, os.getpid()),
        )

    def map(self, chunks: Iterator[list[Article]]) -> Iterator[tuple[list[Outcome], float]]:
        if self.pool is None:
            for chunk in chunks:
                yield code_articles(chunk, self.settings, self.coder)
            return
        pending: deque[tuple[Future[tuple[list[Outcome], float]], list[Article]]] = deque()
        for chunk in chunks:
            pending.append((self._submit(chunk), chunk))
            while len(pending) >= 2 * self.workers:
                yield self._result(*pending.popleft())
        while pending:
            yield self._result(*pending.popleft())

    def _submit(self, chunk: list[Article]) -> Future[tuple[list[Outcome], float]]:
        assert self.pool is not None
        try:
            return self.pool.submit(code_articles, chunk, self.settings, self.coder)
        except BrokenProcessPool:
            self._restart()
            assert self.pool is not None
            return self.pool.submit(code_articles, chunk, self.settings, self.coder)

    def _result(
        self, future: Future[tuple[list[Outcome], float]], chunk: list[Article]
    ) -> tuple[list[Outcome], float]:
        """The chunk's outcomes. When a worker died (killed, out of memory) the pool breaks and every chunk
        in flight with it: each article of this chunk is then coded again on its own, and the one whose
        worker dies again is a ``coding`` failure; the rest are kept."""
        try:
            return future.result()
        except BrokenProcessPool:
            pass
        outcomes: list[Outcome] = []
        seconds = 0.0
        for article in chunk:
            try:
                found, spent = self._submit([article]).result()
            except BrokenProcessPool:
                self._restart()
                reason = "the worker process coding it died (killed, or out of memory)"
                found, spent = (
                    [Failure(article.origin or article.url or article_id(article), reason, "coding")],
                    0.0,
                )
            outcomes.extend(found)
            seconds += spent
        return outcomes, seconds

    def _restart(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()

    def close(self, *, cancel: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=not cancel, cancel_futures=cancel)


def worker_stamp(settings: CoderSettings) -> str:
    """The coder stamp of this process's Extractor (loaded now if it is not yet): what it stores as
    ``coder``."""
    return coder_stamp(settings, _extractor(settings))


def model_loaded(settings: CoderSettings) -> bool:
    """Whether this process has loaded its Extractor for ``settings`` (one per process: :func:`code_articles`
    loads it on its first call and keeps it)."""
    return _EXTRACTOR is not None and settings == _EXTRACTOR_SETTINGS


def ingest(
    sources: Sequence[str],
    store: Store,
    options: IngestOptions | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Read ``sources``, code their articles and store everything; returns what the run did."""
    options = options or IngestOptions()
    from sitrep.ingest.readers import read_sources

    started = time.perf_counter()
    coder = _Coder(options)
    run_id = store.begin_run(sources, options.workers, coder.coder)
    writer = _Writer(store, run_id, options.commit_every, progress)
    status = "failed"
    try:
        items = _timed(read_sources(sources, options.read), writer)
        for outcomes, seconds in coder.map(writer.to_code(items, coder.coder, options.recode)):
            writer.nlp_seconds += seconds
            writer.add(outcomes)
        writer.flush()
        status = "finished"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        try:
            coder.close(cancel=status != "finished")
            if status != "finished":
                writer.flush()
        finally:
            # Recorded whatever happens above: a Ctrl-C or SIGTERM as the pool shuts down after the last
            # article must not leave the run "running" (it is "finished": everything was stored).
            store.end_run(run_id, status, writer.counts)
    return IngestReport(
        run_id,
        writer.counts,
        writer.failures,
        time.perf_counter() - started,
        writer.nlp_seconds,
        writer.read_seconds,
        writer.write_seconds,
        status,
    )


def _timed(items: Iterator[Article | Failure], writer: _Writer) -> Iterator[Article | Failure]:
    """``items``, adding the time spent producing each to ``writer.read_seconds``."""
    while True:
        started = time.perf_counter()
        try:
            item = next(items)
        except StopIteration:
            writer.read_seconds += time.perf_counter() - started
            return
        writer.read_seconds += time.perf_counter() - started
        yield item


class _Writer:
    """Sorts what the readers yield, and writes outcomes to the store in batched transactions."""

    def __init__(self, store: Store, run_id: int, every: int, progress: ProgressCallback | None) -> None:
        self.store = store
        self.run_id = run_id
        self.every = every
        self.progress = progress
        self.pending: list[Outcome] = []
        self.last_flush = time.monotonic()
        self.counts = RunCounts()
        self.failures: list[Failure] = []
        self.nlp_seconds = 0.0
        self.read_seconds = 0.0
        self.write_seconds = 0.0
        self.seen: set[str] = set()
        self.replacing: set[str] = set()
        """Ids stored before this run that it codes again (another coder's, or ``--recode``)."""

    def to_code(
        self, items: Iterable[Article | Failure], coder: str, recode: bool
    ) -> Iterator[list[Article]]:
        """The articles that need coding, in chunks; everything else goes straight to the store."""
        batch: list[Article] = []
        chars = 0
        for item in items:
            if isinstance(item, Failure):
                self.add([item])
                continue
            batch.append(item)
            chars += len(item.text)
            if len(batch) >= CHUNK * 4 or chars >= CHUNK_CHARS * 4:
                yield from self._sort(batch, coder, recode)
                batch, chars = [], 0
        if batch:
            yield from self._sort(batch, coder, recode)

    def _sort(self, batch: list[Article], coder: str, recode: bool) -> Iterator[list[Article]]:
        stored = {} if recode else self.store.coders(article_id(a) for a in batch)
        fresh: list[Article] = []
        for article in batch:
            ident = article_id(article)
            if ident in self.seen or stored.get(ident) in (coder, ""):
                self.add([Refreshed(article)])  # already stored by this coder (or not English)
            else:
                fresh.append(replace(article, id=ident))
                if recode or ident in stored:
                    self.replacing.add(ident)
            self.seen.add(ident)
        yield from chunks(fresh)

    def add(self, outcomes: list[Outcome]) -> None:
        counts = self.counts
        for outcome in outcomes:
            if isinstance(outcome, Failure):
                self.failures.append(outcome)
                counts = replace(counts, failures=counts.failures + 1)
            elif isinstance(outcome, Refreshed):
                counts = replace(
                    counts,
                    articles_read=counts.articles_read + 1,
                    articles_unchanged=counts.articles_unchanged + 1,
                )
            elif isinstance(outcome, NotCoded):
                counts = replace(
                    counts,
                    articles_read=counts.articles_read + 1,
                    articles_not_coded=counts.articles_not_coded + 1,
                )
            else:
                counts = replace(
                    counts,
                    articles_read=counts.articles_read + 1,
                    articles_coded=counts.articles_coded + 1,
                    events=counts.events + len(outcome.document.events),
                )
            self.pending.append(outcome)
            self.counts = counts
            if self.progress is not None:
                self.progress(counts, outcome)
        if len(self.pending) >= self.every or time.monotonic() - self.last_flush > 2.0:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            started = time.perf_counter()
            result = self.store.write(self.pending, self.run_id, replacing=self.replacing)
            self.write_seconds += time.perf_counter() - started
            self.pending = []
            self._recount(result)
            self.store.update_run(self.run_id, self.counts)  # a killed run's row still says how far it got
        self.last_flush = time.monotonic()

    def _recount(self, result: WriteResult) -> None:
        """Correct the counts for what the store could not write as asked: an article another run stored
        first is already stored; one the database refused is a failure."""
        counts = self.counts
        for kept in result.already:
            counts = replace(counts, articles_unchanged=counts.articles_unchanged + 1)
            counts = _uncount(counts, kept)
        for outcome, failure in result.refused:
            self.failures.append(failure)
            counts = replace(counts, failures=counts.failures + 1)
            if isinstance(outcome, Refreshed):
                counts = replace(
                    counts,
                    articles_read=counts.articles_read - 1,
                    articles_unchanged=counts.articles_unchanged - 1,
                )
            elif not isinstance(outcome, Failure):
                counts = replace(_uncount(counts, outcome), articles_read=counts.articles_read - 1)
            else:
                counts = replace(counts, failures=counts.failures - 1)
            self.counts = counts
            if self.progress is not None:
                self.progress(counts, failure)
        self.counts = counts


def _uncount(counts: RunCounts, outcome: Coded | NotCoded) -> RunCounts:
    """``counts`` without ``outcome`` counted as coded (with its events) or not coded."""
    if isinstance(outcome, Coded):
        return replace(
            counts,
            articles_coded=counts.articles_coded - 1,
            events=counts.events - len(outcome.document.events),
        )
    return replace(counts, articles_not_coded=counts.articles_not_coded - 1)
