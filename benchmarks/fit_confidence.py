"""Fit the event confidence model (src/sitrep/events/data/confidence.tsv) on events we annotated ourselves.

The labels (benchmarks/data/confidence/labels.jsonl; README.md there says how they were made) judge the
events sitrep coded in a sample of stories-dev articles (../shared/data/stories-dev: not the realnews-dev
articles the coder is tuned on). This script codes those articles again, pairs each event with its label by
article, trigger start and CAMEO code (events the coder no longer produces drop out; new ones are unlabelled
and not used), fits an L2-regularised logistic regression of "right" (the lenient verdict) on the features of
:mod:`sitrep.events.confidence`, reports 5-fold cross-validated ECE and Brier score, and with ``--write``
replaces the weights in confidence.tsv. Check the fitted model on realnews-dev with
``sitrep eval events ../shared/data/realnews-dev`` (the reliability table).

    .venv/bin/python benchmarks/fit_confidence.py            # fit and report
    .venv/bin/python benchmarks/fit_confidence.py --write    # ... and write confidence.tsv
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
from common import ROOT, make_parser
from rich.console import Console
from rich.table import Table

from sitrep.article import Article, parse_published
from sitrep.evaluate.calibration import reliability
from sitrep.evaluate.events import evaluate_events, read_gold
from sitrep.events.confidence import FEATURES, event_features
from sitrep.pipeline import Extractor

LABELS = ROOT / "benchmarks" / "data" / "confidence" / "labels.jsonl"
TARGET = ROOT / "src" / "sitrep" / "events" / "data" / "confidence.tsv"
NAMES = tuple(FEATURES)


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """Logistic regression by Newton's method; the bias (column 0) is not penalised."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def main() -> int:
    parser = make_parser(__doc__)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--l2", type=float, default=2.0, help="L2 penalty on the weights (default 2)")
    parser.add_argument("--write", action="store_true", help="write the weights to confidence.tsv")
    parser.add_argument(
        "--with-realnews",
        action="store_true",
        help="also fit on realnews-dev, judged by its gold (lenient verdict); figures then come from folds "
        "that hold out whole articles",
    )
    args = parser.parse_args()
    console = Console()
    labels = [
        json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    judged = {
        (x["article"], x["trigger_start"], x["cameo"]): x["label"]
        for x in labels
        if x["label"] != "statement"
    }
    wanted = {x["article"] for x in labels}
    articles: list[Article] = []
    with (args.data / "stories-dev" / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            if item["id"] in wanted:
                articles.append(
                    Article(
                        item["text"],
                        parse_published(item.get("published")),
                        id=item["id"],
                        source=item.get("source"),
                        url=item.get("url"),
                        title=item.get("title"),
                    )
                )
    extractor = Extractor(args.model)
    rows: list[list[float]] = []
    outcomes: list[float] = []
    groups: list[str] = []
    unlabelled = 0
    matched: set[tuple[str, int, str]] = set()
    for document in extractor.pipe(articles):
        for event in document.events:
            label = judged.get((document.id, event.trigger.start, event.cameo))
            if label is None:
                unlabelled += 1
                continue
            matched.add((document.id, event.trigger.start, event.cameo))
            present = set(event_features(event))
            rows.append([1.0 if name in present else 0.0 for name in NAMES])
            outcomes.append(1.0 if label == "right" else 0.0)
            groups.append(document.id)
    if args.with_realnews:
        scores = evaluate_events(read_gold(args.data / "realnews-dev"), extractor)
        for article in scores.articles:
            for judged_event in article.judged:
                if judged_event.counted:
                    present = set(event_features(judged_event.event))
                    rows.append([1.0 if name in present else 0.0 for name in NAMES])
                    outcomes.append(1.0 if judged_event.verdict in ("C", "P") else 0.0)
                    groups.append(article.id)
    x, y = np.array(rows), np.array(outcomes)
    console.print(
        f"{len(y)} labelled events ({int(y.sum())} right), {unlabelled} coded events without a label, "
        f"{len(judged) - len(matched)} labels whose event is no longer coded"
    )
    # Five folds that hold out whole articles (an article's events are alike).
    names = sorted(set(groups))
    fold_of = {name: i % 5 for i, name in enumerate(names)}
    folds = np.array([fold_of[g] for g in groups])
    held_out = np.zeros(len(y))
    for k in range(5):
        w = fit(x[folds != k], y[folds != k], args.l2)
        held_out[folds == k] = 1.0 / (1.0 + np.exp(-(x[folds == k] @ w)))
    for what, keep in (
        ("all", np.ones(len(y), dtype=bool)),
        ("stories-dev", np.array([g.startswith("sd-") for g in groups])),
        ("realnews-dev", np.array([not g.startswith("sd-") for g in groups])),
    ):
        if keep.any():
            table = reliability(
                zip(np.round(held_out[keep], 2).tolist(), (y[keep] == 1).tolist(), strict=True)
            )
            console.print(
                f"5-fold held-out, {what}: {int(keep.sum())} events, ECE {table.ece:.3f}, "
                f"Brier {table.brier:.3f} (base rate {y[keep].mean():.3f})"
            )
    w = fit(x, y, args.l2)
    weights = Table(title="weights")
    weights.add_column("feature")
    weights.add_column("weight", justify="right")
    weights.add_column("events", justify="right")
    for name, weight, count in zip(NAMES, w, x.sum(axis=0), strict=True):
        weights.add_row(name, f"{weight:+.3f}", str(int(count)))
    console.print(weights)
    if args.write:
        write(TARGET, w, x.sum(axis=0), len(y), int(y.sum()), args.l2, args.with_realnews)
        console.print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


def write(
    path: Path, w: np.ndarray, counts: np.ndarray, events: int, right: int, l2: float, realnews: bool
) -> None:
    labelled = (
        "stories-dev events we annotated and realnews-dev" if realnews else "stories-dev events we annotated"
    )
    lines = [
        "# sitrep event confidence: logistic weights by feature (events/confidence.py lists them).",
        "# confidence = 1 / (1 + exp(-(sum of the weights of the event's features))); 'bias': every event.",
        f"# Fitted by benchmarks/fit_confidence.py on {dt.date.today().isoformat()}: {events} events",
        f"# ({labelled}; {right} right by the lenient verdict), L2 {l2:g}.",
        "# The labels and how they were made: benchmarks/data/confidence/ (stories-dev, not realnews-dev).",
        "# Edit freely (a weight from -20 to 20; a feature left out weighs 0); the loader reports file:line.",
        "feature\tweight\tnote",
    ]
    for name, weight, count in zip(NAMES, w, counts, strict=True):
        lines.append(f"{name}\t{weight:.3f}\t{FEATURES[name]} ({int(count)} labelled events)")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
