"""``sitrep spark``: code many articles on Apache Spark, writing Parquet tables that mirror the store.

The driver plans the shards (:mod:`~sitrep.scale.shards`), skips those the output's manifest lists as
finished, removes the partitions of half-written ones (a killed run's), and runs one Spark task per shard
(:func:`sitrep.scale.worker.code_shard`). pyspark is imported here only, when a run starts: ``import
sitrep`` never needs it. Java and pyspark are checked first, with one clear line when either is missing.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError, SitrepError
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.runner import CoderSettings
from sitrep.scale.output import Output
from sitrep.scale.shards import Lister, Shard, is_uri, plan
from sitrep.scale.worker import Job, ShardResult, code_copy, code_shard

JAVA_MIN = 17
"""The oldest Java that Spark 4 runs on."""

POLL = 1.0
"""Seconds between looks at the manifest while a job runs (for progress)."""


@dataclass(frozen=True, slots=True)
class SparkOptions:
    master: str | None = None
    """``local[2]``, ``spark://host:7077``, ``yarn``…; None: what ``spark-submit`` says, else ``local[*]``."""
    partitions: int | None = None
    """Spark tasks (each runs one or more whole shards); None: one task per shard."""
    files_per_shard: int = 200
    """Saved pages or text files of a folder grouped into one shard."""
    read: ReadOptions = field(default_factory=ReadOptions)
    coder: CoderSettings = field(default_factory=CoderSettings)
    conf: tuple[tuple[str, str], ...] = ()
    """Extra Spark settings (``spark.executor.memory``, …)."""

    def __post_init__(self) -> None:
        if self.partitions is not None and self.partitions < 1:
            raise ConfigError("--partitions must be at least 1")


@dataclass(frozen=True, slots=True)
class SparkReport:
    """What a run did."""

    out: str
    shards: int
    """Shards of the inputs."""
    skipped: int
    """Shards finished by an earlier run, not coded again."""
    replaced: int
    """Half-written shards (of a killed run) whose partitions were removed before they were coded again."""
    results: tuple[ShardResult, ...]
    """The shards this run coded."""
    seconds: float

    @property
    def articles(self) -> int:
        return sum(r.articles for r in self.results)

    @property
    def events(self) -> int:
        return sum(r.events for r in self.results)

    @property
    def failures(self) -> int:
        return sum(r.failures for r in self.results)

    @property
    def model_loads(self) -> int:
        return sum(r.loaded_model for r in self.results)


def check_java() -> str:
    """The Java version Spark will use (``17.0.15``).

    :raises ConfigError: no Java, or one older than :data:`JAVA_MIN`."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not java or not Path(java).exists():
        raise ConfigError(
            f"sitrep spark needs Java {JAVA_MIN} or newer, and found none (no 'java' on PATH"
            f"{', and none in JAVA_HOME' if home else ''}); install it, e.g. apt-get install openjdk-17-jre"
        )
    try:
        shown = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
    except (OSError, subprocess.SubprocessError) as error:
        raise ConfigError(f"sitrep spark needs Java: {java} does not run ({error})") from None
    match = re.search(r'version "(\d+)(?:\.(\d+))?([^"]*)"', shown)
    if not match:
        raise ConfigError(f"sitrep spark needs Java: cannot tell the version of {java}")
    major = int(match.group(1))
    if major == 1 and match.group(2):  # 1.8 is Java 8
        major = int(match.group(2))
    if major < JAVA_MIN:
        raise ConfigError(f"sitrep spark needs Java {JAVA_MIN} or newer; {java} is Java {major}")
    return "".join(g or "" for g in match.groups()) if major else match.group(0)


def check_pyspark() -> None:
    """:raises ConfigError: pyspark is not installed."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise ConfigError(
            "sitrep spark needs pyspark: pip install 'sitrep[spark]' (or pip install pyspark==4.3.0)"
        ) from None


def session(master: str | None = None, conf: Sequence[tuple[str, str]] = ()) -> Any:
    """A SparkSession (the running one under ``spark-submit``), after checking Java and pyspark.

    Spark's Python workers run this Python (``PYSPARK_PYTHON``, unless set) and are reused across tasks,
    so each loads the model once."""
    check_java()
    check_pyspark()
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if os.environ.get("PYTHONPATH"):  # the workers start elsewhere: relative entries would not be found
        os.environ["PYTHONPATH"] = os.pathsep.join(
            str(Path(p).absolute()) for p in os.environ["PYTHONPATH"].split(os.pathsep) if p
        )
    builder = SparkSession.builder.appName("sitrep")
    if not any(key == "spark.driver.extraJavaOptions" for key, _ in conf):
        # Spark's own log lines (WARN and INFO at start) would bury sitrep's one-line messages
        quiet = Path(__file__).with_name("log4j2.properties")
        builder = builder.config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={quiet}")
    if master:
        builder = builder.master(master)
    builder = builder.config("spark.python.worker.reuse", "true").config(
        "spark.ui.showConsoleProgress", "false"
    )
    for key, value in conf:
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as error:
        raise ConfigError(f"cannot start Spark ({_one_line(error)})") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run(
    inputs: Sequence[str],
    out: str,
    options: SparkOptions | None = None,
    *,
    spark: Any = None,
    progress: Callable[[ShardResult], None] | None = None,
    planned: Callable[[int, int], None] | None = None,
) -> SparkReport:
    """Code ``inputs`` on Spark into the output folder ``out``; return what was done.

    ``spark`` is the session to use (else one is started, and stopped at the end); ``planned(todo, done)``
    is told how many shards there are to code and how many were finished before; ``progress`` is called
    with each shard as it finishes."""
    options = options or SparkOptions()
    started = time.perf_counter()
    output = Output(out)
    own = False

    def spark_session() -> Any:
        nonlocal spark, own
        if spark is None:
            spark = _active()  # a session found running (a notebook's, a test's) is left running
            if spark is None:
                spark = session(options.master, options.conf)
                own = True
        return spark

    try:
        uris = any(is_uri(source) for source in inputs)
        lister = _lister(spark_session()) if uris else None
        shards = plan(
            inputs,
            files_per_shard=options.files_per_shard,
            lister=lister,
            exclude=None if is_uri(out) else out,
        )
        finished = output.finished()
        replaced = output.clean(finished)
        todo = [s for s in shards if s.id not in finished]
        if planned is not None:
            planned(len(todo), len(shards) - len(todo))
        results: list[ShardResult] = []
        if todo:
            job = Job(out, options.read, _absolute(options.coder))
            results = _run_job(spark_session(), todo, job, options, output, progress)
    finally:
        if own:
            spark.stop()
    return SparkReport(
        out,
        len(shards),
        len(shards) - len(todo),
        len(replaced & {s.id for s in todo}),
        tuple(results),
        time.perf_counter() - started,
    )


def _absolute(coder: CoderSettings) -> CoderSettings:
    """``coder`` with its data folders absolute: the tasks run elsewhere (the coder stamp hashes the files,
    not their paths, so it does not change)."""

    def absolute(folder: Path | None) -> Path | None:
        return None if folder is None else Path(folder).absolute()

    return dataclasses.replace(
        coder,
        dictionaries=absolute(coder.dictionaries),
        patterns=absolute(coder.patterns),
        lexicon=absolute(coder.lexicon),
    )


def _lister(spark: Any) -> Lister:
    """Lists a URI with Spark's Hadoop file systems: ``(file URI, bytes)`` of a file, of every file under a
    folder, or of every match of a glob."""
    context = spark.sparkContext
    jvm = context._jvm
    conf = context._jsc.hadoopConfiguration()

    def lister(uri: str) -> list[tuple[str, int]]:
        path = jvm.org.apache.hadoop.fs.Path(uri)
        fs = path.getFileSystem(conf)
        found: list[tuple[str, int]] = []
        for status in fs.globStatus(path) or []:
            if status.isDirectory():
                files = fs.listFiles(status.getPath(), True)
                while files.hasNext():
                    file = files.next()
                    found.append((str(file.getPath().toString()), int(file.getLen())))
            else:
                found.append((str(status.getPath().toString()), int(status.getLen())))
        return sorted(found)

    return lister


def _active() -> Any:
    """The SparkSession already running in this process (a notebook's, a test's), or None."""
    check_pyspark()
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession()


def _run_job(
    spark: Any,
    todo: list[Shard],
    job: Job,
    options: SparkOptions,
    output: Output,
    progress: Callable[[ShardResult], None] | None,
) -> list[ShardResult]:
    context = spark.sparkContext
    local = [s for s in todo if not s.hadoop]
    copied = {s.paths[0]: s for s in todo if s.hadoop}
    parts = []
    if local:
        slices = min(options.partitions or len(local), len(local))
        parts.append(context.parallelize(local, slices).map(functools.partial(code_shard, job=job)))
    if copied:
        if any("," in uri for uri in copied):
            raise ConfigError("a URI with a comma in it cannot be read through Spark's binaryFiles")
        files = context.binaryFiles(",".join(copied), minPartitions=options.partitions or len(copied))
        parts.append(files.map(functools.partial(code_copy, shards=copied, job=job)))
    rdd = parts[0] if len(parts) == 1 else context.union(parts)
    done: dict[str, Any] = {}

    def collect() -> None:
        try:
            done["results"] = rdd.collect()
        except BaseException as error:
            done["error"] = error

    worker = threading.Thread(target=collect, name="sitrep-spark-job", daemon=True)
    context.setJobDescription(f"sitrep: {len(todo)} shards")
    worker.start()
    reported: set[str] = set()
    wanted = {s.id for s in todo}
    try:
        while worker.is_alive():
            worker.join(POLL)
            if progress is not None:
                _report(output, wanted, reported, progress)
    except KeyboardInterrupt:
        context.cancelAllJobs()
        raise
    if "error" in done:
        raise SitrepError(f"the Spark job failed: {_one_line(done['error'])}") from None
    results: list[ShardResult] = done["results"]
    if progress is not None:
        for result in results:
            if result.shard not in reported:
                progress(result)
    return results


def _report(
    output: Output, wanted: set[str], reported: set[str], progress: Callable[[ShardResult], None]
) -> None:
    """Report the shards finished since the last look (only their entries are read)."""
    for shard in sorted((output.finished_ids() & wanted) - reported):
        entry = output.entry_of(shard)
        if entry is not None:
            reported.add(shard)
            progress(ShardResult.from_dict(entry))


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    for marker in (" at org.", " JVM stacktrace:", " Traceback"):
        text = text.split(marker)[0]
    return text[:400] or type(error).__name__
