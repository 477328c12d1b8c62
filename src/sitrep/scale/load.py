"""``sitrep load``: import a ``sitrep spark`` output folder into the store (SQLite or PostgreSQL).

Only finished shards (those in the manifest) are read. Each ``documents`` row becomes the outcome
``sitrep ingest`` would have written (:func:`sitrep.scale.tables.outcome_of`) and goes through
:meth:`sitrep.store.Store.write`, the store's own save path: ids, child rows, replacing another coder's
article and keeping the same coder's are the store's business, so loading twice stores every article once.
A ``failures`` row is stored unless the store already holds a failure with the same source, kind and reason.
No pyspark is needed: the tables are read with pyarrow. The whole load is one run in the ``runs`` table.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from sitrep.article import Failure
from sitrep.scale.output import Output
from sitrep.scale.tables import failure_of, outcome_of
from sitrep.store import Coded, NotCoded, Outcome, RunCounts, Store
from sitrep.store.db import WriteResult

BATCH = 64
"""Outcomes per transaction."""


@dataclass(frozen=True, slots=True)
class LoadReport:
    run_id: int
    shards: int
    counts: RunCounts
    """``articles_coded`` / ``articles_not_coded``: stored by this load; ``articles_unchanged``: already
    stored by the same coder (only their metadata refreshed); ``failures``: failure rows stored now."""
    seconds: float


def load(
    out: str,
    store: Store,
    *,
    progress: Callable[[RunCounts], None] | None = None,
    shards: Callable[[int], None] | None = None,
) -> LoadReport:
    """Import the finished shards of the output folder ``out`` into ``store``; ``shards(n)`` is told how
    many there are, ``progress`` the counts after each batch.

    :raises InputError: ``out`` holds no finished shard."""
    started = time.perf_counter()
    output = Output(out)
    finished = output.check()
    if shards is not None:
        shards(len(finished))
    coders = sorted({str(e.get("coder", "")) for e in finished.values()})
    run_id = store.begin_run([out], 0, ", ".join(coders)[:128])
    counts = RunCounts()
    status = "failed"
    try:
        for shard in sorted(finished):
            pending: list[Outcome] = []
            for outcome in _outcomes(output, shard):
                pending.append(outcome)
                if len(pending) >= BATCH:
                    counts = _write(store, run_id, pending, counts)
                    pending = []
                    if progress is not None:
                        progress(counts)
            failures = [failure_of(row) for row in _rows(output, "failures", shard)]
            stored = store.failure_keys(f.source for f in failures)
            pending += [f for f in failures if (f.source, f.kind, f.reason) not in stored]
            counts = _write(store, run_id, pending, counts)
            store.update_run(run_id, counts)
            if progress is not None:
                progress(counts)
        status = "finished"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        store.end_run(run_id, status, counts)
    return LoadReport(run_id, len(finished), counts, time.perf_counter() - started)


def _outcomes(output: Output, shard: str) -> Iterator[Coded | NotCoded]:
    for row in _rows(output, "documents", shard):
        yield outcome_of(row)


def _rows(output: Output, table: str, shard: str) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    with pq.ParquetFile(output.part(table, shard), filesystem=output.fs) as parquet:
        for batch in parquet.iter_batches(batch_size=BATCH):
            yield from batch.to_pylist()


def _write(store: Store, run_id: int, outcomes: list[Outcome], counts: RunCounts) -> RunCounts:
    if not outcomes:
        return counts
    result: WriteResult = store.write(outcomes, run_id)
    kept = {id(o) for o in result.already}
    refused = {id(o) for o, _ in result.refused}
    for outcome in outcomes:
        if id(outcome) in refused:
            continue
        if isinstance(outcome, Failure):
            counts = replace(counts, failures=counts.failures + 1)
            continue
        counts = replace(counts, articles_read=counts.articles_read + 1)
        if id(outcome) in kept:
            counts = replace(counts, articles_unchanged=counts.articles_unchanged + 1)
        elif isinstance(outcome, Coded):
            counts = replace(
                counts,
                articles_coded=counts.articles_coded + 1,
                events=counts.events + len(outcome.document.events),
            )
        else:
            counts = replace(counts, articles_not_coded=counts.articles_not_coded + 1)
    return replace(counts, failures=counts.failures + len(result.refused))
