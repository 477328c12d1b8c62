"""Peak memory and wall time of ``sitrep extract`` on long and pathological texts, each in its own process.

    python benchmarks/memory.py [--only NAME ...] [--cap-gb 10] [--limit 900]

Generated inputs (nothing read from data files):

- ``english``: an ordinary English text of 2,000,000 characters (the documented maximum,
  :data:`sitrep.article.MAX_CHARS`): paragraphs of varied news-like sentences built from templates;
- ``emoji``: 200,000 emoji;
- ``dots``: ``Russia attacked Ukraine`` followed by 900,000 ``". "``;
- ``brackets``: 100 KB of nested brackets (``[[[…]]]`` around a sentence);
- ``run-on``: ``Russia attacked Ukraine`` and then ``and the talks went on`` 86,000 times (about
  1,900,000 characters with no sentence end, no line break: no run cap applies, every slice is cut hard).

Each runs as ``python -m sitrep extract FILE`` (JSON to /dev/null) in a child process; reported are wall time
and peak RSS (``ru_maxrss`` of that child from ``wait4``). A child whose resident memory passes ``--cap-gb``
is killed and reported as over the cap. The target is ≤ 1 GB each. Results go to
benchmarks/results/memory.json. ``PYTHONPATH`` decides which sitrep is measured (point it at another
checkout's ``src`` for a before figure).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, make_parser

SUBJECTS = [
    "The defence ministry",
    "Government forces",
    "Rebel fighters",
    "The prime minister",
    "Police in the capital",
    "A United Nations envoy",
    "Opposition leaders",
    "The central bank",
    "Protesters",
    "The foreign minister",
    "Local officials",
    "Aid agencies",
]
VERBS = [
    "said on Monday that talks would resume",
    "accused the neighbouring government of violating the ceasefire",
    "met union representatives to discuss the strike",
    "announced new sanctions against three companies",
    "shelled villages near the border overnight",
    "called for calm after the disputed election",
    "arrested dozens of demonstrators outside parliament",
    "signed an agreement on grain exports",
    "warned that fuel shortages could worsen this winter",
    "rejected the proposal as unacceptable",
    "promised to investigate the deaths of two journalists",
    "delivered food and medicine to the besieged city",
]
TAILS = [
    "",
    " in the north of the country",
    " last week",
    ", according to state media",
    " despite international pressure",
    ", witnesses said",
    " for the second time this month",
]
QUOTES = [
    '"We will not accept these conditions," a spokesman told reporters.',
    '"The situation remains extremely difficult," said an official who asked not to be named.',
    'The minister said the country was "ready to defend itself".',
]


def english_text(chars: int, seed: int = 17) -> str:
    """Paragraphs of three to seven news-like sentences, cut to ``chars`` characters at a sentence end."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while size < chars:
        sentences = []
        for _ in range(rng.randint(3, 7)):
            if rng.random() < 0.15:
                sentences.append(rng.choice(QUOTES))
            else:
                sentences.append(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)}{rng.choice(TAILS)}.")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    text = "\n\n".join(paragraphs)[:chars]
    return text[: text.rfind(".") + 1]


def inputs() -> dict[str, str]:
    emoji = "".join(chr(0x1F600 + i % 80) for i in range(200_000))
    inner = "Russia attacked Ukraine."
    depth = (100_000 - len(inner)) // 2
    return {
        "english": english_text(2_000_000),
        "emoji": emoji,
        "dots": "Russia attacked Ukraine" + ". " * 900_000,
        "brackets": "[" * depth + inner + "]" * depth,
        "run-on": "Russia attacked Ukraine " + "and the talks went on " * 86_000,
    }


def measure(path: Path, cap_bytes: int, limit: float) -> dict[str, object]:
    """Run ``sitrep extract`` on ``path`` in a child; its wall time and peak RSS."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "sitrep", "extract", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    killed: list[str] = []

    def watch() -> None:
        status = Path(f"/proc/{child.pid}/status")
        while child.poll() is None:
            try:
                rss = next(
                    int(line.split()[1]) * 1024
                    for line in status.read_text().splitlines()
                    if line.startswith("VmRSS:")
                )
            except (OSError, StopIteration):
                return
            if rss > cap_bytes:
                killed.append("memory")
                child.send_signal(signal.SIGKILL)
                return
            if time.perf_counter() - start > limit:
                killed.append("time")
                child.send_signal(signal.SIGKILL)
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    watcher.join()
    wall = time.perf_counter() - start
    stderr = child.stderr.read().decode(errors="replace") if child.stderr else ""
    return {
        "exit": child.returncode,
        "killed": killed[0] if killed else None,
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "stderr_tail": stderr[-300:],
    }


def main() -> None:
    parser = make_parser(__doc__)
    parser.add_argument("--only", nargs="*", help="input names to run (default: all)")
    parser.add_argument("--cap-gb", type=float, default=10.0, help="kill a child whose RSS passes this")
    parser.add_argument("--limit", type=float, default=900.0, help="kill a child running longer (s)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/memory.json")
    args = parser.parse_args()
    texts = inputs()
    names = args.only or list(texts)
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            path = Path(folder) / f"{name}.txt"
            path.write_text(texts[name], encoding="utf-8")
            result = measure(path, int(args.cap_gb * 2**30), args.limit)
            result["chars"] = len(texts[name])
            results[name] = result
            over = f" (killed: {result['killed']})" if result["killed"] else ""
            print(
                f"{name:10} {len(texts[name]):>9,} chars  exit {result['exit']:>3}  "
                f"{result['wall_s']:>7.1f} s  peak RSS {result['peak_rss_mb']:>6,} MB{over}",
                flush=True,
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
