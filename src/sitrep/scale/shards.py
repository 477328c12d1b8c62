"""Inputs → shards: the unit of work of ``sitrep spark`` (one Spark task each) and of its output partitions.

* A file (JSONL, CSV/TSV, Parquet, WARC, or any file ``sitrep ingest`` reads) is one shard. Local paths
  are made absolute (the tasks may run in another folder, or on other machines sharing the file system).
* A folder is read as ``sitrep ingest`` reads it (:func:`sitrep.ingest.readers.folder_files`): its archives
  and tables (WARC, JSONL, CSV/TSV, Parquet) are one shard each; its other files (saved pages, texts) are
  grouped, in order, ``files_per_shard`` to a shard.
* A glob (``crawl/*.warc.gz``) is each file it matches; a path or glob that matches nothing is a shard
  whose only row is the ``unreadable`` failure saying so.
* A URI (``hdfs://``, ``s3a://``, ``gs://``, ``abfs://``, ``file://`` — any file system Spark's Hadoop
  configuration knows) is listed by Spark on the driver (:func:`hadoop_shards`: a file, a folder's files, or
  a glob) and read by Spark (``binaryFiles``): each file is one shard, handed to its task whole and written
  to a local temporary file there, where sitrep's readers read it.

A shard's id (the partition name, ``shard=ID``) is the file's or first file's name, made safe, and a hash
of every path in it: the same inputs give the same shards, so a re-run finds what it finished.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sitrep.article import Failure, path_name
from sitrep.errors import ConfigError, InputError
from sitrep.ingest.readers import folder_files, reader_for

TABLE_KINDS = frozenset({"warc", "jsonl", "csv", "parquet"})
"""Reader kinds whose files are shards of their own (the rest of a folder is grouped)."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Shard:
    """One unit of work: the files a Spark task reads, codes and writes out as one partition."""

    id: str
    paths: tuple[str, ...]
    """Local paths, or URIs read through ``pyarrow.fs``."""
    size: int = 0
    """Bytes (0 when unknown): the biggest shards are started first."""
    failures: tuple[Failure, ...] = ()
    """What planning found wrong (a path that matches nothing, a folder that cannot be listed)."""
    hadoop: bool = False
    """Its one path is a URI that Spark reads (``binaryFiles``), not a local path."""


Lister = Callable[[str], list[tuple[str, int]]]
"""URI → ``(file URI, bytes)`` of every file it names (a file, a folder's files, a glob's matches)."""


def plan(
    inputs: Sequence[str],
    *,
    files_per_shard: int = 200,
    lister: Lister | None = None,
    exclude: str | None = None,
) -> list[Shard]:
    """The shards of ``inputs``, each once, biggest first. URIs are listed by ``lister`` (Spark's, in
    :mod:`sitrep.scale.spark`). Files in the local folder ``exclude`` (the output folder, when it sits in
    an input folder) are left out.

    :raises ConfigError: ``files_per_shard`` is below 1; a URI and no ``lister``.
    """
    if files_per_shard < 1:
        raise ConfigError("--files-per-shard must be at least 1")
    shards: dict[str, Shard] = {}
    for source in inputs:
        if is_uri(source):
            if lister is None:
                raise ConfigError(f"{source}: a URI, which only Spark can list")
            found = hadoop_shards(source, lister)
        else:
            found = _shards_of(source, files_per_shard, _inside(exclude))
        for shard in found:
            shards.setdefault(shard.id, shard)
    return sorted(shards.values(), key=lambda s: (-s.size, s.id))


def is_uri(source: str) -> bool:
    """True for a URI with a scheme (``hdfs://``, ``s3a://``, ``file://``; not a Windows drive letter)."""
    return len(urlsplit(source).scheme) > 1


def hadoop_shards(source: str, lister: Lister) -> Iterator[Shard]:
    """One shard per file the URI ``source`` names, as ``lister`` lists them; hidden files (``.``, ``_``)
    left out."""
    try:
        files = [
            (uri, size)
            for uri, size in lister(source)
            if not Path(urlsplit(uri).path).name.startswith((".", "_"))
        ]
    except Exception as error:  # a file system Spark does not know, a host it cannot reach
        yield _missing(source, f"cannot be listed ({_one_line(error)})")
        return
    if not files:
        yield _missing(
            source, "no file matches this pattern" if glob.has_magic(source) else "no such file or folder"
        )
    for uri, size in files:
        yield Shard(shard_id([uri]), (uri,), size, hadoop=True)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:300] or type(error).__name__


def shard_id(paths: Sequence[str]) -> str:
    """A partition-safe id for the shard of ``paths``: the first file's name and a hash of all of them."""
    name = _UNSAFE.sub("_", Path(urlsplit(paths[0]).path or paths[0]).name)[:48].strip("._") or "shard"
    digest = hashlib.sha1("\0".join(paths).encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return f"{name}-{digest}"


def _inside(folder: str | None) -> Callable[[str], bool]:
    """Whether a local path is in ``folder`` (never, for None)."""
    if folder is None:
        return lambda path: False
    prefix = os.path.join(os.path.abspath(folder), "")  # noqa: PTH100, PTH118 (plain string prefixes)
    return lambda path: os.path.join(path, "").startswith(prefix)  # noqa: PTH118


def _shards_of(source: str, files_per_shard: int, excluded: Callable[[str], bool]) -> Iterator[Shard]:
    # Absolute: the tasks may run in another folder (or on another machine, on a shared file system), and a
    # re-run from another folder must find the same shard ids.
    path = os.path.abspath(source)  # noqa: PTH100 (keeps a link's name, as the readers do)
    if glob.has_magic(path):
        matches = sorted(glob.glob(path, recursive=True))  # noqa: PTH207 (absolute patterns)
        if not matches:
            yield _missing(source, "no file matches this pattern")
        for match in matches:
            if not excluded(match):
                yield from _local_shards(match, files_per_shard, excluded)
        return
    if not Path(path).exists() and not Path(path).is_symlink():
        yield _missing(source, "no such file or folder")
        return
    yield from _local_shards(path, files_per_shard, excluded)


def _missing(source: str, reason: str) -> Shard:
    return Shard(shard_id([source]), (), 0, (Failure(path_name(source), reason, "unreadable"),))


def _local_shards(path: str, files_per_shard: int, excluded: Callable[[str], bool]) -> Iterator[Shard]:
    if not Path(path).is_dir():
        yield _file_shard([path])
        return
    group: list[str] = []
    failures: list[Failure] = []
    for item in folder_files(path):
        if isinstance(item, Failure):
            failures.append(item)
            continue
        if excluded(str(item)):
            continue
        try:
            kind, _ = reader_for(str(item))
        except InputError:
            kind = "text"  # gone since it was listed: its reader says so
        if kind in TABLE_KINDS:
            yield _file_shard([str(item)])
            continue
        group.append(str(item))
        if len(group) >= files_per_shard:
            yield _file_shard(group)
            group = []
    if group:
        yield _file_shard(group)
    for failure in failures:
        yield Shard(shard_id([failure.source]), (), 0, (failure,))


def _file_shard(paths: list[str]) -> Shard:
    size = 0
    for path in paths:
        with contextlib.suppress(OSError):
            size += Path(path).stat().st_size
    return Shard(shard_id(paths), tuple(paths), size)


# -- output URIs through pyarrow.fs ----------------------------------------------------------------------


def filesystem(uri: str) -> tuple[object, str]:
    """``(pyarrow FileSystem, path in it)`` for a local path or a URI pyarrow writes (``file://``, ``s3://``,
    ``gs://``, ``hdfs://`` with libhdfs; ``s3a://`` is taken as ``s3://``).

    :raises ConfigError: pyarrow does not know the URI's file system."""
    import pyarrow as pa
    import pyarrow.fs as pafs

    if not is_uri(uri):
        return pafs.LocalFileSystem(), str(Path(uri).absolute())
    if uri.startswith(("s3a://", "s3n://")):
        uri = "s3://" + uri[6:]
    try:
        return pafs.FileSystem.from_uri(uri)  # type: ignore[no-any-return]
    except (pa.ArrowException, OSError, ValueError) as err:
        raise ConfigError(f"{uri}: not a file system sitrep can write to ({_one_line(err)})") from None
