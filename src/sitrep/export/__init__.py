"""``sitrep export``: stored events and documents out of the database, in standard formats.

Formats (:data:`FORMATS`; docs/export.md describes every column):

* ``gdelt`` — the GDELT 2.0 event table: 61 tab-separated columns, one row per event (reports merged);
* ``gdelt-mentions`` — the GDELT 2.0 mentions table: 16 columns, one row per stored event mention;
* ``plover`` — PLOVER JSON Lines, one record per event mention PLOVER can express;
* ``csv`` / ``parquet`` — one row per stored event mention with its article's outlet, URL, title and date;
* ``jsonl`` — one stored ``sitrep.document/1`` document per line, with its text.

The GDELT and PLOVER formats leave out, by default, events with no coded actor (neither the source nor the
target has a code or a country): such a row says that something happened between nobody in particular.
``uncoded=True`` (``--uncoded``) keeps them; the result counts what was left out, by reason.

Everything is read through :class:`~sitrep.store.Store` methods (:meth:`~sitrep.store.Store.events`,
:meth:`~sitrep.store.Store.documents`, :meth:`~sitrep.store.Store.event_article_ids`); nothing here runs SQL.

::

    from sitrep.export import ExportFilter, export
    from sitrep.store import Store

    with Store("sitrep.db") as store:
        result = export(store, "gdelt", ExportFilter.from_options(countries="UKR"), Path("events.tsv"))
"""

from __future__ import annotations

import contextlib
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sitrep.errors import ConfigError
from sitrep.export.countries import Country, default_countries, load_countries
from sitrep.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS, write_events, write_mentions
from sitrep.export.merged import merged_ids
from sitrep.export.plover import write_plover
from sitrep.export.query import ExportFilter, select_events
from sitrep.export.tables import TABLE_COLUMNS, write_csv, write_jsonl, write_parquet
from sitrep.store import Store

__all__ = [
    "EVENT_COLUMNS",
    "FORMATS",
    "MENTION_COLUMNS",
    "NO_ACTOR",
    "TABLE_COLUMNS",
    "Country",
    "ExportFilter",
    "ExportResult",
    "default_countries",
    "export",
    "load_countries",
    "select_events",
]

FORMATS: tuple[str, ...] = ("gdelt", "gdelt-mentions", "plover", "csv", "jsonl", "parquet")
"""The formats :func:`export` writes."""
ACTOR_FORMATS = frozenset({"gdelt", "gdelt-mentions", "plover"})
"""The formats that leave out events with no coded actor unless asked not to."""
NO_ACTOR = "no coded actor"
"""The reason counted for an event left out because neither of its actors is coded."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: ``rows`` lines or records (GDELT events count merged events, ``jsonl``
    documents) and ``skipped`` stored events left out, by reason: events the format cannot express (PLOVER)
    and, in the GDELT and PLOVER formats, events with no coded actor (unless asked for)."""

    rows: int
    skipped: int
    format: str
    skipped_by: tuple[tuple[str, int], ...] = ()
    """``(reason, count)`` pairs adding up to ``skipped``."""


def export(
    store: Store,
    fmt: str,
    filter: ExportFilter | None = None,
    out: TextIO | Path | None = None,
    *,
    header: bool = False,
    uncoded: bool = False,
) -> ExportResult:
    """Export the stored events (or documents) matching ``filter`` in format ``fmt`` to ``out``.

    ``out`` is a text stream (default ``sys.stdout``) or a file path; a file is written whole or not at all
    (to ``FILE.part``, renamed at the end; a symbolic link is followed first, so it stays a link; a path that
    is not a regular file, such as a FIFO or ``/dev/null``, is written to directly and never replaced).
    ``parquet`` needs a path. ``header`` adds a header line to the GDELT formats (GDELT's own files have
    none). ``uncoded`` keeps, in the GDELT and PLOVER formats, events
    with no coded actor (left out and counted by default). Raises :class:`~sitrep.errors.ConfigError` for an
    unknown format or unusable output, :class:`~sitrep.errors.StoreError` when the database cannot be read.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    flt = filter if filter is not None else ExportFilter()
    if out is None:
        out = sys.stdout
    if fmt == "parquet" and not isinstance(out, Path):
        raise ConfigError("parquet needs -o FILE: it cannot be written to standard output")
    coded_only = fmt in ACTOR_FORMATS and not uncoded
    if isinstance(out, Path):
        return _to_file(store, fmt, flt, out, header, coded_only)
    return _write(store, fmt, flt, out, header, coded_only)


def has_coded_actor(row: Mapping[str, Any]) -> bool:
    """Whether a stored event row's source or target has a code or a country."""
    return any(row[key] for key in ("source_code", "source_country", "target_code", "target_country"))


def _coded(rows: Iterable[Mapping[str, Any]], skipped: Counter[str]) -> Iterator[Mapping[str, Any]]:
    for row in rows:
        if has_coded_actor(row):
            yield row
        else:
            skipped[NO_ACTOR] += 1


def _to_file(
    store: Store, fmt: str, flt: ExportFilter, path: Path, header: bool, coded_only: bool
) -> ExportResult:
    """Write to ``path``: a regular file (or a new one) whole or not at all, through ``FILE.part`` renamed
    at the end; a link is followed first, so the link stays and its target is replaced; anything else (a
    FIFO, a device such as ``/dev/null``) is written to directly, never replaced."""
    if path.is_dir():
        raise ConfigError(f"-o {path}: is a folder; give a file name")
    target = path.resolve() if path.is_symlink() else path
    if not target.parent.exists():
        raise ConfigError(f"-o {path}: the folder {target.parent} does not exist")
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        return _through(store, fmt, flt, path, target, header, coded_only)
    part = target.with_name(target.name + ".part")
    try:
        if fmt == "parquet":
            with closing(select_events(store, flt)) as events:
                result = ExportResult(write_parquet(events, part), 0, fmt)
        else:
            with part.open("w", encoding="utf-8", newline="") as handle:
                result = _write(store, fmt, flt, handle, header, coded_only)
        part.replace(target)
    except OSError as error:
        with contextlib.suppress(OSError):
            part.unlink()
        raise ConfigError(f"-o {path}: cannot write: {error.strerror or error}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise
    return result


def _through(
    store: Store, fmt: str, flt: ExportFilter, path: Path, target: Path, header: bool, coded_only: bool
) -> ExportResult:
    """Write straight into ``target``, which is not a regular file (a FIFO, a character device)."""
    try:
        if fmt == "parquet":
            with closing(select_events(store, flt)) as events:
                return ExportResult(write_parquet(events, target), 0, fmt)
        with target.open("w", encoding="utf-8", newline="") as handle:
            return _write(store, fmt, flt, handle, header, coded_only)
    except OSError as error:
        raise ConfigError(f"-o {path}: cannot write: {error.strerror or error}") from None


def _write(
    store: Store, fmt: str, flt: ExportFilter, out: TextIO, header: bool, coded_only: bool
) -> ExportResult:
    if fmt == "jsonl":
        return ExportResult(write_jsonl(store, flt, out, merged_ids(store, _articles(store, flt))), 0, fmt)
    left_out: Counter[str] = Counter()
    merged = merged_ids(store, _articles(store, flt)) if fmt in ("gdelt", "gdelt-mentions") else None
    with closing(select_events(store, flt, with_text=fmt == "plover")) as selected:
        rows: Iterable[Mapping[str, Any]] = _coded(selected, left_out) if coded_only else selected
        if fmt == "gdelt":
            written = write_events(rows, out, header=header, merged=merged)
        elif fmt == "gdelt-mentions":
            written = write_mentions(rows, out, header=header, merged=merged)
        elif fmt == "plover":
            written, skipped = write_plover(rows, out)
            left_out.update(skipped)
        else:
            assert fmt == "csv", fmt
            written = write_csv(rows, out)
    return ExportResult(written, left_out.total(), fmt, _pairs(left_out))


def _articles(store: Store, flt: ExportFilter) -> list[str] | None:
    """The articles an export reads events of (``None``: all)."""
    return None if flt.empty else store.event_article_ids(flt)


def _pairs(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items()))
