"""Inputs → shards: the unit of work of ``sitrep spark`` (one Spark task each) and of its output partitions.

* A file (JSONL, CSV/TSV, Parquet, WARC, or any file ``sitrep ingest`` reads) is one shard.
* A folder is read as ``sitrep ingest`` reads it (:func:`sitrep.ingest.readers.folder_files`): its archives
  and tables (WARC, JSONL, CSV/TSV, Parquet) are one shard each; its other files (saved pages, texts) are
  grouped, in order, ``files_per_shard`` to a shard.
* A glob (``crawl/*.warc.gz``) is each file it matches; a path or glob that matches nothing is a shard
  whose only row is the ``unreadable`` failure saying so.
* A URI with a scheme other than ``file://`` (``s3://``, ``gs://``, ``hdfs://``, ``abfs://``; ``s3a://``
  is read as ``s3://``) is listed and read through ``pyarrow.fs``: a file, a folder (every file under it)
  or a glob in its last part; each file is one shard, copied to a local temporary file by the task that
  reads it.

A shard's id (the partition name, ``shard=ID``) is the file's or first file's name, made safe, and a hash
of every path in it: the same inputs give the same shards, so a re-run finds what it finished.
"""

from __future__ import annotations

import contextlib
import fnmatch
import glob
import hashlib
import re
from collections.abc import Iterator, Sequence
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


def plan(inputs: Sequence[str], *, files_per_shard: int = 200) -> list[Shard]:
    """The shards of ``inputs``, each once, biggest first.

    :raises ConfigError: ``files_per_shard`` is below 1, or a URI's file system is not one pyarrow knows.
    """
    if files_per_shard < 1:
        raise ConfigError("--files-per-shard must be at least 1")
    shards: dict[str, Shard] = {}
    for source in inputs:
        for shard in _shards_of(source, files_per_shard):
            shards.setdefault(shard.id, shard)
    return sorted(shards.values(), key=lambda s: (-s.size, s.id))


def is_remote(source: str) -> bool:
    """True for a URI that is read through ``pyarrow.fs`` (any scheme but ``file``; not a Windows drive)."""
    scheme = urlsplit(source).scheme
    return len(scheme) > 1 and scheme != "file"


def local_path(source: str) -> str:
    """``source`` without a ``file://`` scheme."""
    return urlsplit(source).path if source.startswith("file:") else source


def shard_id(paths: Sequence[str]) -> str:
    """A partition-safe id for the shard of ``paths``: the first file's name and a hash of all of them."""
    name = _UNSAFE.sub("_", Path(urlsplit(paths[0]).path or paths[0]).name)[:48].strip("._") or "shard"
    digest = hashlib.sha1("\0".join(paths).encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return f"{name}-{digest}"


def _shards_of(source: str, files_per_shard: int) -> Iterator[Shard]:
    if is_remote(source):
        yield from _remote_shards(source)
        return
    path = local_path(source)
    if glob.has_magic(path):
        matches = sorted(glob.glob(path, recursive=True))  # noqa: PTH207 (absolute patterns)
        if not matches:
            yield _missing(source, "no file matches this pattern")
        for match in matches:
            yield from _local_shards(match, files_per_shard)
        return
    if not Path(path).exists() and not Path(path).is_symlink():
        yield _missing(source, "no such file or folder")
        return
    yield from _local_shards(path, files_per_shard)


def _missing(source: str, reason: str) -> Shard:
    return Shard(shard_id([source]), (), 0, (Failure(path_name(source), reason, "unreadable"),))


def _local_shards(path: str, files_per_shard: int) -> Iterator[Shard]:
    if not Path(path).is_dir():
        yield _file_shard([path])
        return
    group: list[str] = []
    failures: list[Failure] = []
    for item in folder_files(path):
        if isinstance(item, Failure):
            failures.append(item)
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


# -- URIs through pyarrow.fs -----------------------------------------------------------------------------


def filesystem(uri: str) -> tuple[object, str]:
    """``(pyarrow FileSystem, path in it)`` for a URI or local path.

    :raises ConfigError: pyarrow does not know the URI's file system."""
    import pyarrow as pa
    import pyarrow.fs as pafs

    if not is_remote(uri):
        return pafs.LocalFileSystem(), str(Path(local_path(uri)).absolute())
    if uri.startswith("s3a://") or uri.startswith("s3n://"):
        uri = "s3://" + uri[6:]
    try:
        return pafs.FileSystem.from_uri(uri)  # type: ignore[no-any-return]
    except (pa.ArrowException, OSError, ValueError) as err:
        raise ConfigError(f"{uri}: not a file system sitrep can read or write ({err})") from None


def _remote_shards(source: str) -> Iterator[Shard]:
    import pyarrow.fs as pafs

    fs, path = filesystem(source)
    assert isinstance(fs, pafs.FileSystem)
    prefix = source[: len(source) - len(path)] if source.endswith(path) else source.split("://")[0] + "://"
    pattern = None
    if glob.has_magic(path):
        path, pattern = path.rsplit("/", 1)
    info = fs.get_file_info(path)
    if info.type == pafs.FileType.NotFound:
        yield _missing(source, "no such file or folder")
        return
    if info.type == pafs.FileType.File:
        yield Shard(shard_id([source]), (source,), info.size or 0)
        return
    selector = pafs.FileSelector(path, recursive=pattern is None)
    found = False
    for entry in sorted(fs.get_file_info(selector), key=lambda e: e.path):
        name = entry.base_name
        if entry.type != pafs.FileType.File or name.startswith((".", "_")):
            continue
        if pattern is not None and not fnmatch.fnmatch(name, pattern):
            continue
        found = True
        uri = prefix + entry.path
        yield Shard(shard_id([uri]), (uri,), entry.size or 0)
    if not found:
        yield _missing(source, "no file matches this pattern" if pattern else "the folder holds no files")
