"""What one Spark task runs: read one shard, code its articles, write its partitions and its manifest entry.

This module is imported by Spark's Python workers (it must be importable: a function defined in a driver
script would be shipped, and its model loaded, with every task). The coding is ``sitrep ingest``'s own:
:func:`sitrep.ingest.runner.code_articles` in its chunks (:func:`~sitrep.ingest.runner.chunks`), with one
Extractor per worker process, loaded by its first task and kept (Spark reuses its Python workers), so a
document coded here is the one ``sitrep ingest`` and ``sitrep extract`` make. Nothing here imports pyspark.

A task never fails for an input: a bad file, record or article is a ``failures`` row with its reason, as in
``sitrep ingest``; an error outside them (a bug) is one ``failures`` row for the shard, after the rows
already written.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sitrep._version import __version__
from sitrep.article import Article, Failure, path_name
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.readers import read_sources
from sitrep.ingest.runner import CoderSettings, chunks, code_articles, model_loaded, worker_stamp
from sitrep.scale.output import Output
from sitrep.scale.shards import Shard
from sitrep.scale.tables import TABLES, rows_of, schemas
from sitrep.store.rows import Coded, NotCoded, article_id

FLUSH = 256
"""Rows of one table held before they are written as a Parquet record batch."""


@dataclass(frozen=True, slots=True)
class Job:
    """What every task of a run needs (picklable: it travels to the workers)."""

    out: str
    read: ReadOptions = field(default_factory=ReadOptions)
    coder: CoderSettings = field(default_factory=CoderSettings)


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What a task did with one shard: also its manifest entry (:meth:`to_dict`)."""

    shard: str
    sources: tuple[str, ...]
    articles: int
    """Articles read (each text once: a repeat within the shard is counted in ``duplicates``)."""
    coded: int
    not_coded: int
    duplicates: int
    events: int
    failures: int
    coder: str
    seconds: float
    nlp_seconds: float
    pid: int
    """The Python worker process that coded it."""
    loaded_model: bool
    """Whether this task loaded the model (the worker's first task), or found it loaded."""
    peak_rss_mb: float
    """The worker process's peak resident memory so far, in MiB."""
    finished_at: str
    cpu_seconds: float = 0.0
    """CPU time the worker process spent on the shard (user and system), whatever else ran beside it."""
    sitrep: str = __version__

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "sources": list(self.sources)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ShardResult:
        names = set(cls.__dataclass_fields__)
        values: dict[str, Any] = {k: v for k, v in data.items() if k in names}
        values["sources"] = tuple(values.get("sources", ()))
        return cls(**values)


def code_copy(item: tuple[str, bytes], *, shards: dict[str, Shard], job: Job) -> ShardResult:
    """:func:`code_shard` for a file Spark read (``binaryFiles``: its URI and its bytes): the bytes are
    written to a local temporary file, which sitrep's readers read under the file's URI."""
    uri, data = item
    shard = shards[uri]
    with tempfile.TemporaryDirectory(prefix="sitrep-shard-") as folder:
        local = Path(folder) / (Path(urlsplit(uri).path).name or "input")
        local.write_bytes(data)
        del data
        return code_shard(shard, job, copies={uri: str(local)})


def code_shard(shard: Shard, job: Job, *, copies: Mapping[str, str] | None = None) -> ShardResult:
    """Read, code and write one shard; return what was done (also written as its manifest entry).
    ``copies`` maps a URI of the shard to the local file that holds its bytes."""
    started = time.perf_counter()
    cpu = time.process_time()
    loaded = not model_loaded(job.coder)
    coder = worker_stamp(job.coder)  # loads the model on the worker's first task
    output = Output(job.out)
    output.start_shard(shard.id)
    counts: dict[str, Any] = {
        "articles": 0,
        "coded": 0,
        "not_coded": 0,
        "duplicates": 0,
        "events": 0,
        "failures": 0,
    }
    nlp_seconds = 0.0
    with _Tables(output, shard.id) as tables:

        def put(outcome: Coded | NotCoded | Failure) -> None:
            if isinstance(outcome, Failure):
                counts["failures"] += 1
            elif isinstance(outcome, Coded):
                counts["coded"] += 1
                counts["events"] += len(outcome.document.events)
            else:
                counts["not_coded"] += 1
            for table, row in rows_of(outcome):
                tables.add(table, row)

        seen: set[str] = set()

        def fresh() -> Iterator[Article]:
            """The shard's articles, each once; its failures go straight to the table."""
            for item in _read(shard, job.read, copies or {}):
                if isinstance(item, Failure):
                    put(item)
                    continue
                ident = article_id(item)
                if ident in seen:
                    counts["duplicates"] += 1
                    continue
                seen.add(ident)
                counts["articles"] += 1
                yield replace(item, id=ident)

        try:
            for chunk in chunks(fresh()):
                nlp_seconds += _code(chunk, job, coder, put)
        except Exception as error:  # a bug outside the per-record guards: this shard's failure, not the job's
            put(Failure(shard.id, f"the shard broke off: {type(error).__name__}: {error}", "malformed"))
    result = ShardResult(
        shard=shard.id,
        sources=shard.paths or tuple(f.source for f in shard.failures),
        coder=coder,
        seconds=round(time.perf_counter() - started, 3),
        nlp_seconds=round(nlp_seconds, 3),
        cpu_seconds=round(time.process_time() - cpu, 3),
        pid=os.getpid(),
        loaded_model=loaded,
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        finished_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **counts,
    )
    output.finish_shard(shard.id, result.to_dict())
    return result


def _code(chunk: list[Article], job: Job, coder: str, put: Any) -> float:
    outcomes, seconds = code_articles(chunk, job.coder, coder)
    for outcome in outcomes:
        assert isinstance(outcome, Coded | NotCoded | Failure)
        put(outcome)
    return seconds


def _read(shard: Shard, options: ReadOptions, copies: Mapping[str, str]) -> Iterator[Article | Failure]:
    """Everything the shard's files hold, as ``sitrep ingest`` reads them; a URI is read from its local
    copy, and named by the URI in origins and failures."""
    yield from shard.failures
    for path in shard.paths:
        local = copies.get(path)
        if local is None:
            if shard.hadoop:
                yield Failure(path_name(path), "Spark did not hand this file to the task", "unreadable")
            else:
                yield from read_sources([path], options)
            continue
        for item in read_sources([local], options):
            yield _renamed(item, local, path)


def _renamed(item: Article | Failure, old: str, new: str) -> Article | Failure:
    """``item`` with the file name ``old`` at the start of its origin replaced by ``new``."""
    if isinstance(item, Failure):
        return replace(item, source=new + item.source.removeprefix(old))
    if item.origin is None:
        return item
    return replace(item, origin=new + item.origin.removeprefix(old))


class _Tables:
    """The shard's Parquet files, one per table, written in record batches."""

    def __init__(self, output: Output, shard: str) -> None:
        import pyarrow.parquet as pq

        self.schemas = schemas()
        self.pending: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
        self.writers = {
            table: pq.ParquetWriter(
                output.part(table, shard),
                self.schemas[table],
                filesystem=output.fs,
                compression="zstd",
            )
            for table in TABLES
        }

    def __enter__(self) -> _Tables:
        return self

    def add(self, table: str, row: dict[str, Any]) -> None:
        rows = self.pending[table]
        rows.append(row)
        if len(rows) >= FLUSH:
            self._flush(table)

    def _flush(self, table: str) -> None:
        import pyarrow as pa

        rows = self.pending[table]
        if rows:
            self.writers[table].write_batch(pa.RecordBatch.from_pylist(rows, schema=self.schemas[table]))
            self.pending[table] = []

    def __exit__(self, kind: object, *_: object) -> None:
        try:
            if kind is None:
                for table in TABLES:
                    self._flush(table)
        finally:
            for writer in self.writers.values():
                writer.close()
