"""Hostile inputs through ``sitrep ingest`` and ``sitrep extract --jsonl``: crashes, hangs, memory, losses.

    python benchmarks/hostile.py [--inputs 10000] [--seed 17] [--workers 2] [--limit 900]

Generates ``--inputs`` hostile files of every format (text, HTML, JSONL, CSV/TSV, RSS, WARC, gzipped or
not, and names with odd bytes, escape sequences and newlines), built from the pieces that broke sitrep
before (NUL, lone surrogates, bad character references, deep nesting, zero-width text, gzip headers, random
bytes); every tenth input is instead a planted good article (a distinct invented report) in one of the
formats, which must come out stored exactly once. Then, each as a child process with a time limit:

1. ``sitrep ingest FOLDER --db NEW.db --workers N``;
2. ``sitrep extract --jsonl FILE`` on one JSONL file of hostile lines with planted good ones.

Reported: exit codes, crashes (a traceback on stderr), hangs (over ``--limit`` seconds), peak RSS of the
child processes (the main process and its workers: ``getrusage(RUSAGE_CHILDREN)``), losses (planted
articles not stored or not coded) and duplicates. Targets: 0 crashes, 0 hangs, 0 losses. Results go to
benchmarks/results/hostile.json. Nothing here touches the network (feed links point at ``.invalid``).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, make_parser

from sitrep.article import content_id

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


def run(command: list[str], limit: float) -> dict[str, object]:
    env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=limit, env=env, errors="replace"
        )
        code, err, hung = done.returncode, done.stderr, False
    except subprocess.TimeoutExpired as expired:
        code, hung = -1, True
        err = expired.stderr.decode(errors="replace") if isinstance(expired.stderr, bytes) else ""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "exit": code,
        "seconds": round(time.perf_counter() - started, 1),
        "hung": hung,
        "crashed": "Traceback" in err,
        "peak_rss_mb": round(max(peak, before) / 1024),
        "stderr_tail": err[-600:] if "Traceback" in err else "",
    }


def main() -> None:
    parser = make_parser(__doc__)
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=float, default=900.0, help="seconds before a run counts as hung")
    args = parser.parse_args()
    sitrep = [sys.executable, "-m", "sitrep"]
    model = ["--model", args.model] if args.model else []
    results: dict[str, object] = {"inputs": args.inputs, "seed": args.seed, "workers": args.workers}
    with tempfile.TemporaryDirectory(prefix="sitrep-hostile-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        texts = generate(folder, args.inputs, args.seed)
        db = Path(tmp) / "hostile.db"
        command = [*sitrep, "ingest", str(folder), "--db", str(db), "--workers", str(args.workers), *model]
        ingest = run(command, args.limit)
        with sqlite3.connect(db) as conn:
            stored = {str(i): str(s) for i, s in conn.execute("SELECT id, status FROM articles")}
            failures = dict(conn.execute("SELECT kind, COUNT(*) FROM failures GROUP BY kind").fetchall())
        wanted = {content_id(t) for t in texts}
        ingest |= {
            "planted": len(texts),
            "lost": len(wanted - set(stored)),
            "not_coded": sum(stored.get(i) != "coded" for i in wanted if i in stored),
            "articles": len(stored),
            "failures": failures,
        }
        results["ingest"] = ingest

        rng = random.Random(args.seed + 1)
        lines = []
        good = 0
        for i in range(max(10, args.inputs // 10)):
            if i % 10 == 0:
                lines.append(json.dumps({"id": f"g{i}", "text": report(i)}).encode())
                good += 1
            else:
                lines.append(hostile(rng).replace(b"\n", b" "))
        jsonl = Path(tmp) / "hostile.jsonl"
        jsonl.write_bytes(b"\n".join(lines) + b"\n")
        env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [*sitrep, "extract", "--jsonl", str(jsonl), *model],
                capture_output=True,
                timeout=args.limit,
                env=env,
            )
            out = done.stdout.decode(errors="replace").splitlines()
            err = done.stderr.decode(errors="replace")
            ids = [json.loads(line)["id"] for line in out]
            extract: dict[str, object] = {
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
        results["extract"] = extract
    out_dir = ROOT / "benchmarks" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "hostile.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
