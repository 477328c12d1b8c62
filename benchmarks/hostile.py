"""Hostile inputs through ``sitrep ingest`` and ``sitrep extract --jsonl``: crashes, hangs, memory, losses.

    python benchmarks/hostile.py [--inputs 10000] [--seed 17] [--workers 2] [--limit 900]
                                 [--kill-trials 16] [--kill-articles 600] [--postgres URL]
                                 [--only hostile extract kill long]

Four trials, each running sitrep as a child process with a time limit (``--limit`` seconds, else "hung"):

``hostile``
    ``--inputs`` generated files of every format (text, HTML, JSONL, CSV/TSV, RSS, WARC, gzipped or not,
    and names with odd bytes, escape sequences and newlines), built from the pieces that broke sitrep
    before (NUL, lone surrogates, bad character references, deep nesting, zero-width text, gzip headers,
    random bytes); every tenth input is instead a planted good article (a distinct invented report) in one
    of the formats, which must come out stored and coded exactly once: ``sitrep ingest FOLDER --workers N``.
``extract``
    ``sitrep extract --jsonl`` on a file of ``--inputs / 10`` hostile lines, every tenth a planted good one.
``kill``
    ``--kill-trials`` runs of ``sitrep ingest --workers N`` on a folder of ``--kill-articles`` planted
    articles and as many hostile files, each stopped at a random moment (uniform over a clean run's
    length) by one of: ``kill -9`` of the main process, SIGTERM, SIGINT (Ctrl-C), ``kill -9`` of a worker;
    then ``ingest`` run again to the end on the same database. Checked: the exit code (143 for SIGTERM,
    130 for SIGINT), the run recorded as ``interrupted``, no worker left alive 3 s after the main process
    ended (orphans), no traceback, and after the re-run every planted article stored once and coded, with
    the same events as a clean run.
``long``
    Inputs at the maximum size (2,000,000 characters; ``sitrep.article.MAX_CHARS``) in the shapes that
    cost the parser most: English text, another as an HTML page and another as one JSONL line, a run-on
    text with no sentence end, one 2,000,000-letter word, 200,000 emoji, CJK text, each followed by seven
    small planted articles; then three more English texts in a row.

Every ingest runs on a new database: an SQLite file, or with ``--postgres URL`` a new database created on
that server (the user in the URL may create databases; they are dropped at the end). Reported: exit codes,
crashes (a traceback on stderr), hangs, **peak RSS of each process** (the main process, and the largest
worker: ``VmHWM`` of every process in the run's tree, read from /proc while it runs), losses (planted
articles not stored or not coded) and duplicates. Targets: 0 crashes, 0 hangs, ≤ 1 GB per worker, 0
losses. Results go to benchmarks/results/hostile.json (``hostile-postgres.json`` with ``--postgres``).
Nothing here touches the network (feed links point at ``.invalid``).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import ROOT, make_parser
from memory import english_text
from sqlalchemy import create_engine, make_url, text

from sitrep.article import MAX_CHARS, content_id
from sitrep.store.url import database_url

SUFFIXES = [".txt", ".html", ".jsonl", ".csv", ".tsv", ".rss", ".xml", ".warc", ".jsonl.gz", ".warc.gz", ""]
PIECES: list[bytes] = [
    b"\x00",
    b"\xff\xfe",
    b"\xed\xa0\x80",
    b"&#xD800;",
    b"&#1114112;",
    b"&#99999999999;",
    b"&#0;",
    b"\\ud800",
    b"\x1b[2J",
    "\u200b\u200d\ufeff".encode(),
    b"[" * 200,
    b"{" * 50,
    b"<",
    b'"' * 30,
    b"\r\n",
    b"\n\n\n",
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n",
    b"<?xml version='1.0'?><rss version='2.0'><channel><item><link>http://news.invalid/a</link><description>",
    b"<!doctype html><html><body><article><p>",
    b'{"text": "',
    b'{"id": 1, "text": "',
    b"id,text\n",
    b"\x1f\x8b\x08\x00",
    b"<a " + b"x=1 " * 200 + b">",
]
NAMES = ["plain", "odd\udcff", "esc\x1b[31m", "new\nline", "tab\tname", "zw\u200bname", "quote'\"name"]


def report(n: int) -> str:
    """The n-th planted good article: English, distinct, codable."""
    return (
        f"Government forces shelled rebel positions near the northern border on Monday, officials said in "
        f"statement {n}. The army said {n} soldiers were wounded in the fighting."
    )


def hostile(rng: random.Random) -> bytes:
    data = b"".join(rng.choice(PIECES) for _ in range(rng.randint(1, 60)))
    if rng.random() < 0.15:
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000)))
    if rng.random() < 0.15:
        data = gzip.compress(data)
    return data


def planted(n: int, suffix: str) -> bytes:
    text = report(n)
    if suffix.startswith(".jsonl"):
        data = (json.dumps({"id": n, "text": text}) + "\n").encode()
        return gzip.compress(data) if suffix.endswith(".gz") else data
    if suffix == ".csv":
        return f'id,text\n{n},"{text}"\n'.encode()
    if suffix == ".html":
        return (
            f"<!doctype html><html><body><article><p>{text}</p><p>{text}</p></article></body></html>".encode()
        )
    return text.encode()


def generate(folder: Path, inputs: int, seed: int) -> list[str]:
    """The hostile folder; returns the planted texts."""
    rng = random.Random(seed)
    texts = []
    for i in range(inputs):
        name = f"{i:05d}-{rng.choice(NAMES)}"
        if i % 10 == 0:
            suffix = rng.choice([".txt", ".jsonl", ".jsonl.gz", ".csv", ".html"])
            data = planted(i, suffix)
            texts.append(report(i))
        else:
            suffix = rng.choice(SUFFIXES)
            data = hostile(rng)
        (folder / os.fsdecode(os.fsencode(name + suffix))).write_bytes(data)
    return texts


# -- the process tree of one run -----------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(child) for child in found]


def _hwm_kb(pid: int) -> int:
    """Peak resident memory of ``pid`` so far (``VmHWM``, kB); 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


class Tree(threading.Thread):
    """Watches the process ``root`` and every process below it: each one's peak RSS, as last seen."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peaks: dict[int, int] = {}
        self.stop = threading.Event()

    def below(self) -> list[int]:
        found, todo = [], [self.root]
        while todo:
            for child in _children(todo.pop()):
                found.append(child)
                todo.append(child)
        return found

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in [self.root, *self.below()]:
                kb = _hwm_kb(pid)
                if kb:
                    self.peaks[pid] = max(kb, self.peaks.get(pid, 0))
            self.stop.wait(0.1)

    def workers(self) -> list[int]:
        """The processes below the root seen so far, largest first (the coding workers load the model)."""
        return sorted((p for p in self.peaks if p != self.root), key=lambda p: -self.peaks[p])

    def figures(self) -> dict[str, int]:
        workers = self.workers()
        return {
            "main_peak_rss_mb": round(self.peaks.get(self.root, 0) / 1024),
            "worker_peak_rss_mb": round(self.peaks[workers[0]] / 1024) if workers else 0,
        }


@dataclass
class Run:
    """One ``sitrep`` child process: started, watched, and its outcome."""

    command: list[str]
    folder: Path
    limit: float
    code: int | None = None
    hung: bool = False
    seconds: float = 0.0
    stderr: str = ""
    tree: Tree | None = None
    process: subprocess.Popen[bytes] | None = None
    started: float = field(default_factory=time.perf_counter)

    def start(self) -> Run:
        env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
        self._err = (self.folder / f"stderr-{id(self)}").open("wb")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            self.command,
            stdout=subprocess.DEVNULL,
            stderr=self._err,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # a hung run's whole group can be killed
        )
        self.tree = Tree(self.process.pid)
        self.tree.start()
        return self

    def wait(self, limit: float | None = None) -> Run:
        assert self.process is not None and self.tree is not None
        try:
            self.code = self.process.wait(timeout=limit if limit is not None else self.limit)
        except subprocess.TimeoutExpired:
            self.hung = True
            os.killpg(self.process.pid, signal.SIGKILL)
            self.code = self.process.wait()
        self.seconds = round(time.perf_counter() - self.started, 1)
        self.tree.stop.set()
        self.tree.join()
        self._err.close()
        self.stderr = Path(self._err.name).read_text(encoding="utf-8", errors="replace")
        return self

    @property
    def crashed(self) -> bool:
        return "Traceback" in self.stderr

    def summary(self) -> dict[str, Any]:
        assert self.tree is not None
        return {
            "exit": self.code,
            "seconds": self.seconds,
            "hung": self.hung,
            "crashed": self.crashed,
            **self.tree.figures(),
            "stderr_tail": self.stderr[-600:] if self.crashed else "",
        }


# -- databases -----------------------------------------------------------------------------------------------


class Databases:
    """A new, empty database for each run: an SQLite file under ``folder``, or a database created on the
    ``--postgres`` server (dropped by :meth:`drop`)."""

    def __init__(self, folder: Path, server: str | None) -> None:
        self.folder = folder
        self.server = server
        self.made: list[str] = []

    def new(self, name: str) -> str:
        if self.server is None:
            return str(self.folder / f"{name}.db")
        database = f"sitrep_hostile_{os.getpid()}_{name.replace('-', '_')}"
        self._admin(f'DROP DATABASE IF EXISTS "{database}"', f'CREATE DATABASE "{database}"')
        self.made.append(database)
        url = make_url(database_url(self.server)).set(database=database)
        return url.render_as_string(hide_password=False)

    def drop(self) -> None:
        if self.made:
            self._admin(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in self.made))

    def _admin(self, *statements: str) -> None:
        assert self.server is not None
        engine = create_engine(database_url(self.server), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
        engine.dispose()


@dataclass
class Contents:
    """What a run left in its database."""

    articles: dict[str, tuple[str, int]]
    """id → (status, n_events)."""
    events: Counter[str]
    """id → event rows stored."""
    failures: dict[str, int]
    runs: list[tuple[str, int]]
    """(status, articles_read) of each run, first first."""


def contents(db: str) -> Contents:
    engine = create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            articles = {
                str(i): (str(s), int(n))
                for i, s, n in conn.execute(text("SELECT id, status, n_events FROM articles"))
            }
            events = Counter(
                {
                    str(i): int(n)
                    for i, n in conn.execute(
                        text("SELECT article_id, COUNT(*) FROM events GROUP BY article_id")
                    )
                }
            )
            failures = {
                str(k): int(n)
                for k, n in conn.execute(text("SELECT kind, COUNT(*) FROM failures GROUP BY kind"))
            }
            runs = [
                (str(s), int(n))
                for s, n in conn.execute(text("SELECT status, articles_read FROM runs ORDER BY id"))
            ]
    finally:
        engine.dispose()
    return Contents(articles, events, failures, runs)


def losses(planted: list[str], found: Contents) -> dict[str, int]:
    """Planted texts not stored, stored but not coded, and articles whose event rows disagree with their
    own count (a batch written twice or half)."""
    wanted = {content_id(t) for t in planted}
    return {
        "planted": len(wanted),
        "lost": len(wanted - set(found.articles)),
        "not_coded": sum(found.articles[i][0] != "coded" for i in wanted if i in found.articles),
        "duplicated": sum(found.events[i] != n for i, (_s, n) in found.articles.items()),
    }


# -- the trials ----------------------------------------------------------------------------------------------


def ingest_command(folder: Path, db: str, workers: int, model: list[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sitrep",
        "ingest",
        str(folder),
        "--db",
        db,
        "--workers",
        str(workers),
        *model,
    ]


def trial_hostile(tmp: Path, dbs: Databases, args: Any, model: list[str]) -> dict[str, Any]:
    folder = tmp / "hostile"
    folder.mkdir()
    texts = generate(folder, args.inputs, args.seed)
    db = dbs.new("hostile")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    run = Run(ingest_command(folder, db, args.workers, model), tmp, args.limit).start().wait()
    result = run.summary()
    result["largest_child_rss_mb"] = round(
        max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    )
    found = contents(db)
    return result | losses(texts, found) | {"articles": len(found.articles), "failures": found.failures}


def trial_extract(tmp: Path, args: Any, model: list[str]) -> dict[str, Any]:
    rng = random.Random(args.seed + 1)
    lines = []
    good = 0
    for i in range(max(10, args.inputs // 10)):
        if i % 10 == 0:
            lines.append(json.dumps({"id": f"g{i}", "text": report(i)}).encode())
            good += 1
        else:
            lines.append(hostile(rng).replace(b"\n", b" "))
    jsonl = tmp / "hostile.jsonl"
    jsonl.write_bytes(b"\n".join(lines) + b"\n")
    env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "sitrep", "extract", "--jsonl", str(jsonl), *model],
            capture_output=True,
            timeout=args.limit,
            env=env,
        )
        out = done.stdout.decode(errors="replace").splitlines()
        err = done.stderr.decode(errors="replace")
        ids = [json.loads(line)["id"] for line in out]
        extract: dict[str, Any] = {
            "exit": done.returncode,
            "hung": False,
            "crashed": "Traceback" in err,
            "lines": len(lines),
            "planted": good,
            "lost": good - sum(1 for i in ids if str(i).startswith("g")),
        }
    except subprocess.TimeoutExpired:
        extract = {"exit": -1, "hung": True, "crashed": False, "lines": len(lines), "planted": good}
    extract["seconds"] = round(time.perf_counter() - started, 1)
    return extract


def kill_folder(folder: Path, seed: int, planted_articles: int) -> list[str]:
    """``planted_articles`` planted articles (one to a file, in four formats) among as many hostile files."""
    rng = random.Random(seed)
    folder.mkdir()
    texts = []
    for i in range(2 * planted_articles):
        if i % 2 == 0:
            suffix = (".txt", ".jsonl", ".html", ".csv")[i // 2 % 4]
            (folder / f"{i:03d}{suffix}").write_bytes(planted(50_000 + i, suffix))
            texts.append(report(50_000 + i))
        else:
            (folder / f"{i:03d}{rng.choice(SUFFIXES)}").write_bytes(hostile(rng))
    return texts


MODES: dict[str, tuple[str, int]] = {
    "kill -9 main": ("main", signal.SIGKILL),
    "SIGTERM": ("main", signal.SIGTERM),
    "SIGINT": ("main", signal.SIGINT),
    "kill -9 worker": ("worker", signal.SIGKILL),
}
EXPECTED_EXIT = {"SIGTERM": 143, "SIGINT": 130}


def trial_kill(tmp: Path, dbs: Databases, args: Any, model: list[str]) -> dict[str, Any]:
    folder = tmp / "kill"
    texts = kill_folder(folder, args.seed + 2, args.kill_articles)
    wanted = [content_id(t) for t in texts]
    reference_db = dbs.new("kill-reference")
    clean = Run(ingest_command(folder, reference_db, args.workers, model), tmp, args.limit).start().wait()
    reference = contents(reference_db)
    expected_events = {i: reference.articles[i][1] for i in wanted if i in reference.articles}
    rng = random.Random(args.seed + 3)
    per_mode: dict[str, Counter[str]] = {mode: Counter() for mode in MODES}
    trials = []
    for n in range(args.kill_trials):
        mode = list(MODES)[n % len(MODES)]
        target, sig = MODES[mode]
        db = dbs.new(f"kill-{n}")
        delay = rng.uniform(0.5, max(1.0, clean.seconds))
        run = Run(ingest_command(folder, db, args.workers, model), tmp, args.limit).start()
        assert run.process is not None and run.tree is not None
        time.sleep(delay)
        signalled = run.process.poll() is None
        if signalled:
            victim = run.process.pid
            if target == "worker":
                workers = [p for p in run.tree.workers() if _alive(p)]
                victim = workers[0] if workers else -1
            if victim > 0:
                os.kill(victim, sig)
            else:
                signalled = False
        run.wait(60)
        time.sleep(3)
        orphans = [p for p in run.tree.peaks if p != run.process.pid and _alive(p)]
        for pid in orphans:
            os.kill(pid, signal.SIGKILL)
        after_kill = contents(db)
        again = Run(ingest_command(folder, db, args.workers, model), tmp, args.limit).start().wait()
        found = contents(db)
        lost = losses(texts, found)
        changed = sum(
            found.articles.get(i, ("", -1))[1] != n_events for i, n_events in expected_events.items()
        )
        # No run row: stopped while the workers loaded the model, before anything was read. A finished
        # row: the signal came as the process was ending, after the run.
        status = after_kill.runs[0][0] if after_kill.runs else "not begun"
        too_late = target == "main" and status == "finished"  # a killed worker's run does finish
        wrong_exit = signalled and not too_late and mode in EXPECTED_EXIT and run.code != EXPECTED_EXIT[mode]
        wrong_status = signalled and mode in EXPECTED_EXIT and status not in ("interrupted", "not begun")
        wrong_status = wrong_status and not too_late
        counts = per_mode[mode]
        counts["trials"] += 1
        counts["signalled"] += signalled and not too_late
        counts["before_the_run_began"] += status == "not begun"
        counts["hung"] += run.hung or again.hung
        counts["crashed"] += run.crashed or again.crashed
        counts["orphans"] += len(orphans)
        counts["wrong_exit"] += wrong_exit
        counts["wrong_status"] += wrong_status
        counts["rerun_failed"] += again.code not in (0, 3)
        counts["lost"] += lost["lost"] + lost["not_coded"]
        counts["duplicated"] += lost["duplicated"]
        counts["events_changed"] += changed
        trials.append(
            {
                "mode": mode,
                "delay_s": round(delay, 1),
                "signalled": signalled,
                "exit": run.code,
                "status": status,
                "read_before_kill": after_kill.runs[0][1] if after_kill.runs else 0,
                "rerun_exit": again.code,
                "orphans": len(orphans),
                **lost,
                "events_changed": changed,
                "stderr_tail": (run.stderr + again.stderr)[-600:] if run.crashed or again.crashed else "",
            }
        )
        print(f"  kill trial {n + 1}/{args.kill_trials}: {trials[-1]}", flush=True)
    return {
        "clean_run": clean.summary() | {"articles": len(reference.articles)},
        "by_mode": {mode: dict(counts) for mode, counts in per_mode.items()},
        "trials": trials,
    }


def long_inputs(seed: int) -> dict[str, bytes]:
    """The maximum-size inputs, by file name."""
    english = english_text(MAX_CHARS, seed)
    paragraphs = english_text(MAX_CHARS, seed + 2).split("\n\n")  # not english.txt's text: a new article
    html = "<!doctype html><html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs)
    html += "</article></body></html>"
    cjk = "".join(chr(0x4E00 + (i * 7919) % 20000) + ("。" if i % 40 == 39 else "") for i in range(1_300_000))
    return {
        "english.txt": english.encode(),
        "page.html": html.encode(),
        "line.jsonl": (json.dumps({"text": english_text(MAX_CHARS - 2_000, seed + 1)}) + "\n").encode(),
        "run-on.txt": ("Russia attacked Ukraine " + "and the talks went on " * 86_000).encode(),
        "word.txt": ("x" * MAX_CHARS).encode(),
        "emoji.txt": "".join(chr(0x1F600 + i % 80) for i in range(200_000)).encode(),
        "cjk.txt": cjk[:MAX_CHARS].encode(),
        # three more in a row, with nothing between them: long texts must not pile up in one chunk
        **{f"more-{n}.txt": english_text(MAX_CHARS, seed + 10 + n).encode() for n in range(3)},
    }


def trial_long(tmp: Path, dbs: Databases, args: Any, model: list[str]) -> dict[str, Any]:
    folder = tmp / "long"
    folder.mkdir()
    texts = []
    sizes = {}
    for n, (name, data) in enumerate(long_inputs(args.seed).items()):
        (folder / f"{n:02d}-0-{name}").write_bytes(data)
        sizes[name] = len(data)
        for k in range(1, 1 if name.startswith("more-") else 8):
            (folder / f"{n:02d}-{k}-small.txt").write_text(report(90_000 + n * 10 + k), encoding="utf-8")
            texts.append(report(90_000 + n * 10 + k))
    db = dbs.new("long")
    run = Run(ingest_command(folder, db, args.workers, model), tmp, args.limit).start().wait()
    found = contents(db)
    engine = create_engine(database_url(db))
    with engine.connect() as conn:
        long_articles = [
            {"chars": chars, "status": status, "events": events, "language": language}
            for chars, status, events, language in conn.execute(
                text(
                    "SELECT chars, status, n_events, language FROM articles WHERE chars > 100000 "
                    "ORDER BY chars DESC"
                )
            )
        ]
    engine.dispose()
    return (
        run.summary()
        | losses(texts, found)
        | {"input_bytes": sizes, "long_articles": long_articles, "failures": found.failures}
    )


def main() -> None:
    parser = make_parser(__doc__)
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=float, default=900.0, help="seconds before a run counts as hung")
    parser.add_argument("--kill-trials", type=int, default=16)
    parser.add_argument("--kill-articles", type=int, default=600, help="planted articles in a kill trial")
    parser.add_argument("--postgres", help="a PostgreSQL server URL whose user may create databases")
    parser.add_argument(
        "--only",
        nargs="*",
        choices=["hostile", "extract", "kill", "long"],
        help="trials to run (default: all)",
    )
    args = parser.parse_args()
    # Started in the background by a shell, this process ignores SIGINT, and so would its children (an
    # ignored signal stays ignored across exec): handled here, the children get the default.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    model = ["--model", args.model] if args.model else []
    only = set(args.only or ["hostile", "extract", "kill", "long"])
    results: dict[str, Any] = {
        "inputs": args.inputs,
        "seed": args.seed,
        "workers": args.workers,
        "database": "postgresql" if args.postgres else "sqlite",
    }
    trials: dict[str, Callable[[Path, Databases], dict[str, Any]]] = {
        "hostile": lambda tmp, dbs: trial_hostile(tmp, dbs, args, model),
        "extract": lambda tmp, dbs: trial_extract(tmp, args, model),
        "kill": lambda tmp, dbs: trial_kill(tmp, dbs, args, model),
        "long": lambda tmp, dbs: trial_long(tmp, dbs, args, model),
    }
    with tempfile.TemporaryDirectory(prefix="sitrep-hostile-") as name:
        tmp = Path(name)
        dbs = Databases(tmp, args.postgres)
        try:
            for trial, go in trials.items():
                if trial in only:
                    print(f"{trial} …", flush=True)
                    results[trial] = go(tmp, dbs)
                    shown = {k: v for k, v in results[trial].items() if k != "trials"}
                    print(json.dumps(shown, indent=2), flush=True)
        finally:
            dbs.drop()
    out_dir = ROOT / "benchmarks" / "results"
    out_dir.mkdir(exist_ok=True)
    path = out_dir / ("hostile-postgres.json" if args.postgres else "hostile.json")
    if path.exists() and args.only:  # a partial run updates the trials it ran
        results = json.loads(path.read_text(encoding="utf-8")) | results
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
