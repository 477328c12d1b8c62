"""Spark speed: articles/s of ``sitrep ingest --workers 2`` against ``sitrep spark`` on local[1] and local[2].

    python benchmarks/spark_speed.py [--articles 800] [--shards 8] [--model NAME]

Generates ``--articles`` invented wire reports (benchmarks/ingest_speed.py's templates; no gold data needed)
as ``--shards`` JSONL files, then codes the same files three ways: ``sitrep ingest --workers 2`` into a fresh
SQLite database, and ``sitrep spark`` into a fresh output folder on local[1] and on local[2] (each in a
fresh Python process with its own JVM, whose start is reported apart: the clock starts once the
SparkSession is up).

Reported per run: wall seconds and articles/s (model loading included: the Spark figure is the job's, from
planning the shards to the last manifest entry), model loads (Python processes that loaded the model),
peak resident memory of each Python worker and of the JVM (local mode: the driver is the executor), and
local[2]'s speed-up over local[1] (the issue's target: at least 1.6 on an idle 2-core machine). From the
local[1] rate (one core) it works out what 300,000 articles a day needs. Results go to
benchmarks/results/spark_speed.json.

On a machine shared with other work the speed-up says little: each run also reports the CPU seconds its
Python workers spent (``worker_cpu_s``) and the CPU seconds the whole machine was busy while it ran
(``machine_busy_s``, from /proc/stat, everything on the machine included), so a run that shared its cores can
be told from one that had them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, make_parser
from ingest_speed import generate

from sitrep.ingest.runner import CoderSettings, IngestOptions, ingest
from sitrep.scale.spark import SparkOptions, SparkReport, run, session
from sitrep.store import Store

DAY_ARTICLES = 300_000
NODES = 10
CORES_PER_NODE = 4


def write_shards(folder: Path, articles: int, shards: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    handles = [(folder / f"part-{n:03d}.jsonl").open("w", encoding="utf-8") for n in range(shards)]
    for n in range(articles):
        title, outlet, date, body = generate(n, rng)
        record = {"text": body, "title": title, "source": outlet, "published": date}
        handles[n % shards].write(json.dumps(record) + "\n")
    for handle in handles:
        handle.close()
    return [str(folder / f"part-{n:03d}.jsonl") for n in range(shards)]


def jvm_peak_mb() -> float | None:
    """Peak resident memory (VmHWM) of the JVM this process started, in MiB."""
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("Name", "").strip() == "java" and int(fields.get("PPid", "0")) == os.getpid():
            return round(int(fields["VmHWM"].split()[0]) / 1024, 1)
    return None


def busy_seconds() -> float:
    """CPU seconds every process on the machine has spent so far (``/proc/stat``: all but idle and iowait)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def spark_run(master: str, sources: list[str], out: Path, model: str | None) -> dict[str, Any]:
    started = time.perf_counter()
    spark = session(master)
    start_s = time.perf_counter() - started
    try:
        busy = busy_seconds()
        began = time.perf_counter()
        report: SparkReport = run(
            sources, str(out), SparkOptions(coder=CoderSettings(model=model)), spark=spark
        )
        wall = time.perf_counter() - began
        busy = busy_seconds() - busy
        jvm = jvm_peak_mb()
    finally:
        spark.stop()
    workers: dict[int, float] = {}
    for result in report.results:
        workers[result.pid] = max(workers.get(result.pid, 0.0), result.peak_rss_mb)
    return {
        "run": f"spark {master}",
        "articles": report.articles,
        "events": report.events,
        "wall_s": round(wall, 2),
        "articles_per_s": round(report.articles / wall, 2),
        "session_start_s": round(start_s, 2),
        "nlp_s": round(sum(r.nlp_seconds for r in report.results), 2),
        "worker_cpu_s": round(sum(r.cpu_seconds for r in report.results), 2),
        "machine_busy_s": round(busy, 2),
        "model_loads": report.model_loads,
        "python_worker_peak_mb": sorted(workers.values()),
        "jvm_peak_mb": jvm,
    }


def spark_in_a_process(master: str, sources: list[str], out: Path, model: str | None) -> dict[str, Any]:
    """:func:`spark_run` in a fresh Python process (a fresh JVM: its peak memory is this run's)."""
    command = [
        sys.executable,
        __file__,
        "--one",
        master,
        "--into",
        str(out),
        *(["--model", model] if model else []),
    ]
    done = subprocess.run([*command, *sources], capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def ingest_run(sources: list[str], db: Path, model: str | None) -> dict[str, Any]:
    with Store(db) as store:
        busy = busy_seconds()
        began = time.perf_counter()
        report = ingest(sources, store, IngestOptions(workers=2, coder=CoderSettings(model=model)))
        wall = time.perf_counter() - began
        busy = busy_seconds() - busy
    return {
        "run": "ingest --workers 2",
        "articles": report.counts.articles_read,
        "events": report.counts.events,
        "wall_s": round(wall, 2),
        "articles_per_s": round(report.counts.articles_read / wall, 2),
        "nlp_s": round(report.nlp_seconds, 2),
        "machine_busy_s": round(busy, 2),
        "model_loads": 2,
    }


def main() -> int:
    parser = make_parser(__doc__)
    parser.add_argument("--articles", type=int, default=800)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "spark_speed.json")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--into", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("sources", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # one Spark run, in the process spark_in_a_process started
        print(json.dumps(spark_run(args.one, args.sources, args.into, args.model)))
        return 0
    work = Path(tempfile.mkdtemp(prefix="sitrep-spark-bench-"))
    try:
        sources = write_shards(work / "in", args.articles, args.shards)
        runs = [ingest_run(sources, work / "ingest.db", args.model)]
        print(f"{runs[-1]['run']}: {runs[-1]['articles_per_s']} articles/s", flush=True)
        for master in ("local[1]", "local[2]"):
            runs.append(spark_in_a_process(master, sources, work / f"out-{master[6]}", args.model))
            print(
                f"{runs[-1]['run']}: {runs[-1]['articles_per_s']} articles/s, "
                f"{runs[-1]['model_loads']} model loads",
                flush=True,
            )
        one, two = runs[1]["articles_per_s"], runs[2]["articles_per_s"]
        per_day = DAY_ARTICLES / 86_400
        cluster = NODES * CORES_PER_NODE * one * (two / one / 2)
        result = {
            "articles": args.articles,
            "shards": args.shards,
            "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
            "load_average_at_end": os.getloadavg(),
            "runs": runs,
            "speedup_local2_over_local1": round(two / one, 2),
            "per_core_articles_per_s": one,
            "per_core_coding_articles_per_s": round(runs[1]["articles"] / runs[1]["nlp_s"], 2),
            "articles_per_worker_cpu_s": [round(r["articles"] / r["worker_cpu_s"], 2) for r in runs[1:]],
            "sizing": {
                "articles_per_day": DAY_ARTICLES,
                "average_articles_per_s": round(per_day, 2),
                "cores_at_the_measured_rate": round(per_day / one, 2),
                "cluster": f"{NODES} nodes x {CORES_PER_NODE} cores, at local[2]'s efficiency per core",
                "cluster_articles_per_s": round(cluster, 1),
                "hours_for_a_day_of_articles": round(DAY_ARTICLES / cluster / 3600, 2),
            },
        }
        print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=2))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
