"""The input readers of ``sitrep ingest``, and the choice of reader for each source.

Every reader is ``read(source: str, options: ReadOptions) -> Iterator[Article | Failure]`` (see
:mod:`sitrep.ingest.base`). :func:`reader_for` picks one from the source itself:

* ``http://`` and ``https://`` → ``url`` (which tells a page from a feed by what the server sends);
* a folder → ``folder``: every file in it and its subfolders, in sorted order, each by its own kind;
  hidden files and folders (names starting with ``.``) are skipped, and so are links to folders; a
  subfolder that cannot be listed is one ``unreadable`` failure;
* anything that is not a regular file (a FIFO, a socket, a device), in a folder or named directly → one
  ``unsupported`` failure, without opening it;
* by file name: ``.txt`` → ``text``; ``.html``, ``.htm``, ``.xhtml`` → ``html``; ``.warc``, ``.warc.gz``
  → ``warc``; ``.jsonl``, ``.ndjson`` (also gzipped) → ``jsonl``; ``.csv``, ``.tsv`` → ``csv``;
  ``.parquet`` → ``parquet``; ``.rss``,
  ``.atom``, ``.xml`` → ``feed``;
* any other name → by the first bytes: HTML (``<!doctype html``, ``<html``) → ``html``; ``WARC/``, or a
  gzip file with ``WARC/`` inside → ``warc``; an XML document whose root is ``rss``, ``feed`` or
  ``rdf:RDF`` → ``feed``; a gzip file with JSON objects inside → ``jsonl``; another gzip file →
  ``unsupported``; anything else → ``text`` (which rejects binary files).
"""

from __future__ import annotations

import stat
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from sitrep.article import Article, Failure, path_name
from sitrep.errors import ConfigError, InputError, SitrepError
from sitrep.ingest.base import ReadOptions, sniff
from sitrep.ingest.readers import feed, html, tabular, text, url, warc

Reader = Callable[[str, ReadOptions], Iterator[Article | Failure]]


def read_folder(source: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """Every article in the files of the folder ``source`` and its subfolders (see the module docstring)."""
    found = False
    for path in _walk(Path(source)):
        found = True
        if isinstance(path, Failure):
            yield path
            continue
        try:
            _, reader = reader_for(str(path))
        except InputError:  # gone since the folder was listed
            yield Failure(path_name(path), "no such file or folder", "unreadable")
            continue
        yield from guarded(reader, str(path), options)
    if not found:
        yield Failure(path_name(source), "the folder holds no files", "empty")


def read_unsupported(source: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """One ``unsupported`` failure: a gzip file that is not a WARC archive or a gzipped JSONL file."""
    yield Failure(
        source, "a gzip file that is not a WARC archive or JSON Lines; unpack it first", "unsupported"
    )


def read_special(source: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """One ``unsupported`` failure: a FIFO, socket or device, which is never opened (a FIFO would wait
    for a writer forever)."""
    yield Failure(source, f"not a regular file (a {_special_kind(Path(source))}); not opened", "unsupported")


def _special_kind(path: Path) -> str:
    try:
        mode = path.stat().st_mode
    except OSError:
        return "special file"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def is_regular(path: Path) -> bool:
    """True for a regular file (or a link to one); False for FIFOs, sockets, devices, and what is gone."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


READERS: dict[str, Reader] = {
    "text": text.read,
    "html": html.read,
    "url": url.read,
    "feed": feed.read,
    "warc": warc.read,
    "jsonl": tabular.read_jsonl,
    "csv": tabular.read_csv,
    "parquet": tabular.read_parquet,
    "folder": read_folder,
    "unsupported": read_unsupported,
    "special": read_special,
}
"""Reader kind → read function."""

_SUFFIXES: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"),
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".txt", "text"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".warc", "warc"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".csv", "csv"),
    (".tsv", "csv"),
    (".parquet", "parquet"),
    (".rss", "feed"),
    (".atom", "feed"),
    (".xml", "feed"),
)


def reader_for(source: str) -> tuple[str, Reader]:
    """``(kind, read function)`` for ``source`` (see the module docstring).

    :raises InputError: ``source`` is neither a URL nor an existing file or folder.
    """
    if source.lower().startswith(("http://", "https://")):
        return "url", READERS["url"]
    path = Path(source)
    if path.is_dir():
        return "folder", READERS["folder"]
    if not path.exists():
        raise InputError(f"{source}: no such file or folder")
    if not is_regular(path):
        return "special", READERS["special"]
    name = path.name.lower()
    for suffix, kind in _SUFFIXES:
        if name.endswith(suffix):
            return kind, READERS[kind]
    kind = _sniff_file(path)
    return kind, READERS[kind]


def read_sources(sources: Iterable[str], options: ReadOptions) -> Iterator[Article | Failure]:
    """Everything every source yields, source after source; a source that does not exist is one
    ``unreadable`` failure."""
    for source in sources:
        try:
            _, reader = reader_for(source)
        except InputError:
            yield Failure(source, "no such file or folder", "unreadable")
            continue
        yield from guarded(reader, source, options)


def guarded(reader: Reader, source: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """What ``reader`` yields for ``source``; an exception it raises (a parser bug, a recursion limit, a
    reader error sitrep has not foreseen) ends only this source, as one ``malformed`` failure naming the
    error, and the sources after it are still read."""
    try:
        yield from reader(source, options)
    except ConfigError:  # a bad option: the whole call is wrong
        raise
    except SitrepError as err:
        yield Failure(path_name(source), str(err), "unreadable")
    except MemoryError:
        yield Failure(path_name(source), "ran out of memory reading it", "too-large")
    except Exception as err:
        yield Failure(path_name(source), f"cannot be read: {type(err).__name__}: {err}", "malformed")
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as err:  # a Rust library's panic (fastwarc: pyo3 PanicException) is no Exception
        yield Failure(path_name(source), f"the reader failed: {type(err).__name__}: {err}", "malformed")


def folder_files(folder: str | Path) -> Iterator[Path | Failure]:
    """The files :func:`read_folder` reads in ``folder``, in the order it reads them (hidden files and
    folders and links to folders left out); a subfolder that cannot be listed is one ``unreadable``
    failure."""
    return _walk(Path(folder))


def _walk(folder: Path) -> Iterator[Path | Failure]:
    try:
        children = sorted(folder.iterdir(), key=lambda child: child.name)
    except OSError as err:
        yield Failure(path_name(folder), f"the folder cannot be listed ({err.strerror or err})", "unreadable")
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir():
            if not child.is_symlink():
                yield from _walk(child)
        elif child.exists():
            yield child


def _sniff_file(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError:
        return "text"  # the text reader reports why it cannot be read
    kind = sniff(head)
    if kind == "gzip":
        try:
            inner = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 2048)
        except zlib.error:
            return "unsupported"
        if inner.startswith(b"WARC/"):
            return "warc"
        if inner.lstrip()[:1] == b"{":
            return "jsonl"
        return "unsupported"
    return kind or "text"
