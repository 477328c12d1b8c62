"""A ``sitrep spark`` output folder: the tables, one partition per shard, and the manifest of finished shards.

::

    OUT/documents/shard=ID/part-0.parquet     (and events, actors, quotes, framing, failures)
    OUT/_manifest/shard=ID.json               written last, when every table of the shard is written

A shard is finished when its manifest entry exists, and only then: a re-run skips it. A shard with table
files but no entry was half-written by a run that was killed; its partitions are removed and it is coded
again (:meth:`Output.clean`). Spark and pyarrow leave folders starting with ``_`` out when they read a
table folder, so ``spark.read.parquet("OUT/events")`` reads the events, partitioned by ``shard``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sitrep.errors import InputError
from sitrep.scale.shards import filesystem
from sitrep.scale.tables import PARTITION, TABLES

MANIFEST = "_manifest"
PART = "part-0.parquet"


class Output:
    """The output folder ``out`` (a local path or a URI ``pyarrow.fs`` writes)."""

    def __init__(self, out: str) -> None:
        import pyarrow.fs as pafs

        self.uri = out
        fs, base = filesystem(out)
        assert isinstance(fs, pafs.FileSystem)
        self.fs = fs
        self.base = base.rstrip("/")

    def partition(self, table: str, shard: str) -> str:
        return f"{self.base}/{table}/{PARTITION}={shard}"

    def part(self, table: str, shard: str) -> str:
        return f"{self.partition(table, shard)}/{PART}"

    def entry(self, shard: str) -> str:
        return f"{self.base}/{MANIFEST}/{PARTITION}={shard}.json"

    def finished(self) -> dict[str, dict[str, Any]]:
        """Shard id → its manifest entry, for every finished shard."""
        found: dict[str, dict[str, Any]] = {}
        for shard in self.finished_ids():
            entry = self.entry_of(shard)
            if entry is not None:
                found[shard] = entry
        return found

    def finished_ids(self) -> set[str]:
        """The ids of the shards with a manifest entry (not read: see :meth:`entry_of`)."""
        import pyarrow.fs as pafs

        folder = f"{self.base}/{MANIFEST}"
        if self.fs.get_file_info(folder).type != pafs.FileType.Directory:
            return set()
        return {
            name[len(PARTITION) + 1 : -len(".json")]
            for name in (info.base_name for info in self.fs.get_file_info(pafs.FileSelector(folder)))
            if name.startswith(f"{PARTITION}=") and name.endswith(".json")
        }

    def entry_of(self, shard: str) -> dict[str, Any] | None:
        """The manifest entry of ``shard``; None when it has none, or one cut short."""
        try:
            with self.fs.open_input_stream(self.entry(shard)) as stream:
                entry = json.loads(stream.read().decode("utf-8"))
        except FileNotFoundError:
            return None
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None  # cut short by a kill: not finished
        return entry if isinstance(entry, dict) else None

    def shards_written(self) -> Iterator[tuple[str, str]]:
        """``(table, shard id)`` for every partition folder in the tables."""
        import pyarrow.fs as pafs

        for table in TABLES:
            folder = f"{self.base}/{table}"
            if self.fs.get_file_info(folder).type != pafs.FileType.Directory:
                continue
            for info in self.fs.get_file_info(pafs.FileSelector(folder)):
                if info.type == pafs.FileType.Directory and info.base_name.startswith(f"{PARTITION}="):
                    yield table, info.base_name[len(PARTITION) + 1 :]

    def clean(self, finished: dict[str, dict[str, Any]]) -> set[str]:
        """Remove the partitions of every shard that is not finished (half-written by a killed run); return
        those shards."""
        removed: set[str] = set()
        for table, shard in list(self.shards_written()):
            if shard not in finished:
                self.fs.delete_dir(self.partition(table, shard))
                removed.add(shard)
        return removed

    def start_shard(self, shard: str) -> None:
        """Before a shard is written: remove whatever an earlier try left of it."""
        import pyarrow.fs as pafs

        entry = self.entry(shard)
        if self.fs.get_file_info(entry).type != pafs.FileType.NotFound:
            self.fs.delete_file(entry)
        for table in TABLES:
            folder = self.partition(table, shard)
            if self.fs.get_file_info(folder).type != pafs.FileType.NotFound:
                self.fs.delete_dir(folder)
            self.fs.create_dir(folder)
        self.fs.create_dir(f"{self.base}/{MANIFEST}")

    def finish_shard(self, shard: str, entry: dict[str, Any]) -> None:
        """Write the shard's manifest entry (written whole, then moved into place)."""
        final = self.entry(shard)
        temporary = f"{self.base}/{MANIFEST}/.{PARTITION}={shard}.json.tmp"
        with self.fs.open_output_stream(temporary) as stream:
            stream.write(json.dumps(entry, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        self.fs.move(temporary, final)

    def check(self) -> dict[str, dict[str, Any]]:
        """The finished shards of an existing output folder.

        :raises InputError: ``out`` holds no ``sitrep spark`` output."""
        finished = self.finished()
        if not finished:
            raise InputError(f"{self.uri}: no finished shards here (not a 'sitrep spark --out' folder?)")
        return finished
