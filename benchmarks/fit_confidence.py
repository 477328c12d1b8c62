"""Fit the event confidence model (src/sitrep/events/data/confidence.tsv) on events we annotated ourselves.

The labels (benchmarks/data/confidence/labels.jsonl; README.md there says how they were made) judge the
events sitrep coded in a sample of stories-dev articles (../shared/data/stories-dev: not the realnews-dev
articles the coder is tuned on). This script codes those articles again, pairs each event with its label by
article, trigger start and CAMEO code (labels whose event the coder no longer produces are reported and drop
out; new events are reported as unlabelled and not used: judge them by the rules of the labels' README), fits
an L2-regularised logistic regression of "right" (the lenient verdict) on the features of
:mod:`sitrep.events.confidence` (the ``article:`` ones from all the events of the event's article), reports
ECE, Brier score and the reliability table from 5 folds that hold out whole articles, and with ``--write``
replaces the weights in confidence.tsv. ``--with-realnews`` adds the realnews-dev predictions, judged by their
gold, and reports the held-out figures for each set.

    .venv/bin/python benchmarks/fit_confidence.py --with-realnews            # fit and report
    .venv/bin/python benchmarks/fit_confidence.py --with-realnews --write    # ... and write confidence.tsv
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
from sitrep.events.confidence import FEATURES, ArticleProfile, event_features
from sitrep.pipeline import Extractor
from sitrep.records import Event
from sitrep.render import reliability_table

LABELS = ROOT / "benchmarks" / "data" / "confidence" / "labels.jsonl"
TARGET = ROOT / "src" / "sitrep" / "events" / "data" / "confidence.tsv"
NAMES = tuple(FEATURES)
SHARES = tuple(name for name in NAMES if name.startswith("article:"))


def feature_row(event: Event, article: ArticleProfile) -> list[float]:
    """The event's feature values in the order of ``NAMES`` (0 for a feature it lacks)."""
    values = event_features(event, article)
    return [values.get(name, 0.0) for name in NAMES]


def fit(x: np.ndarray, y: np.ndarray, l2: float, weight: np.ndarray | None = None) -> np.ndarray:
    """Weighted logistic regression by Newton's method (each event counts ``weight``, default 1); the bias
    (column 0) is not penalised."""
    sw = np.ones(len(y)) if weight is None else weight
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (sw * (p - y)) + penalty * w
        hessian = (x * (sw * p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def main() -> int:
    parser = make_parser(__doc__)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty on the weights (default 1)")
    parser.add_argument("--write", action="store_true", help="write the weights to confidence.tsv")
    parser.add_argument(
        "--with-realnews",
        action="store_true",
        help="also fit on realnews-dev, judged by its gold (lenient verdict); figures then come from folds "
        "that hold out whole articles",
    )
    parser.add_argument(
        "--no-balance",
        action="store_true",
        help="with --with-realnews, count every event once (by default the realnews-dev events are "
        "weighted so that the two sets weigh the same in the fit)",
    )
    args = parser.parse_args()
    console = Console()
    labels = [
        json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    judged = {(x["article"], x["trigger_start"], x["cameo"]): x["label"] for x in labels}
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
    unlabelled: list[str] = []
    statements = 0
    matched: set[tuple[str, int, str]] = set()
    for document in extractor.pipe(articles):
        profile = ArticleProfile.of(document.events)
        for event in document.events:
            key = (document.id, event.trigger.start, event.cameo)
            label = judged.get(key)
            if label is None:
                unlabelled.append(
                    f"{document.id} {event.id} {event.trigger.start}-{event.trigger.end} {event.cameo}"
                )
                continue
            matched.add(key)
            if label == "statement":
                statements += 1
                continue
            rows.append(feature_row(event, profile))
            outcomes.append(1.0 if label == "right" else 0.0)
            groups.append(document.id)
    if args.with_realnews:
        scores = evaluate_events(read_gold(args.data / "realnews-dev"), extractor)
        for article in scores.articles:
            # Every event of the document is judged, in order: the profile is the article's.
            profile = ArticleProfile.of([j.event for j in article.judged])
            for judged_event in article.judged:
                if judged_event.counted:
                    rows.append(feature_row(judged_event.event, profile))
                    outcomes.append(1.0 if judged_event.verdict in ("C", "P") else 0.0)
                    groups.append(article.id)
    x, y = np.array(rows), np.array(outcomes)
    stale = sorted(set(judged) - matched)
    console.print(
        f"{len(y)} labelled events ({int(y.sum())} right; {statements} statements left out), "
        f"{len(unlabelled)} coded events without a label, {len(stale)} labels whose event is no longer coded"
    )
    for line in unlabelled:
        console.print(f"  without a label: {line}")
    for article_id, start, cameo in stale:
        console.print(f"  no longer coded: {article_id} {start} {cameo}")
    realnews = np.array([not g.startswith("sd-") for g in groups])
    event_weight = np.ones(len(y))
    if realnews.any() and not args.no_balance:
        # Conflict news is a third of the events but the coder's main use: each set weighs the same.
        event_weight[realnews] = (~realnews).sum() / realnews.sum()
        console.print(
            f"each realnews-dev event weighs {event_weight[realnews][0]:.2f} in the fit (--no-balance: 1)"
        )
    # Five folds that hold out whole articles (an article's events are alike).
    names = sorted(set(groups))
    fold_of = {name: i % 5 for i, name in enumerate(names)}
    folds = np.array([fold_of[g] for g in groups])
    held_out = np.zeros(len(y))
    for k in range(5):
        w = fit(x[folds != k], y[folds != k], args.l2, event_weight[folds != k])
        held_out[folds == k] = 1.0 / (1.0 + np.exp(-(x[folds == k] @ w)))
    checks: list[str] = []
    for what, keep in (
        ("all", np.ones(len(y), dtype=bool)),
        ("stories-dev", np.array([g.startswith("sd-") for g in groups])),
        ("realnews-dev", np.array([not g.startswith("sd-") for g in groups])),
    ):
        if keep.any():
            table = reliability(
                zip(np.round(held_out[keep], 2).tolist(), (y[keep] == 1).tolist(), strict=True)
            )
            console.print(reliability_table(table, f"article-held-out, {what}"))
            console.print(
                f"5-fold held-out, {what}: {int(keep.sum())} events, ECE {table.ece:.3f}, "
                f"Brier {table.brier:.3f} (base rate {y[keep].mean():.3f})"
            )
            checks.append(f"{what} {int(keep.sum())} events ECE {table.ece:.3f} Brier {table.brier:.3f}")
    w = fit(x, y, args.l2, event_weight)
    weights = Table(title="weights")
    weights.add_column("feature")
    weights.add_column("weight", justify="right")
    weights.add_column("events", justify="right")
    for name, weight, count in zip(NAMES, w, x.sum(axis=0), strict=True):
        weights.add_row(name, f"{weight:+.3f}", f"{count:.0f}")
    console.print(weights)
    if args.write:
        balance = None if args.no_balance or not realnews.any() else float(event_weight[realnews][0])
        write(TARGET, w, x, int(y.sum()), args.l2, args.with_realnews, checks, balance)
        console.print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


def write(
    path: Path,
    w: np.ndarray,
    x: np.ndarray,
    right: int,
    l2: float,
    realnews: bool,
    checks: list[str],
    balance: float | None,
) -> None:
    labelled = (
        "stories-dev events we annotated and realnews-dev" if realnews else "stories-dev events we annotated"
    )
    lines = [
        "# sitrep event confidence: logistic weights by feature (events/confidence.py lists them).",
        "# confidence = 1 / (1 + exp(-(sum of weight x value over the event's features))); 'bias': all.",
        f"# Fitted by benchmarks/fit_confidence.py on {dt.date.today().isoformat()}: {len(x)} events",
        f"# ({labelled}; {right} right by the lenient verdict), L2 {l2:g}.",
        *(
            [f"# Each realnews-dev event weighted {balance:.2f}: the two sets weigh the same in the fit."]
            if balance
            else []
        ),
        "# The labels and how they were made: benchmarks/data/confidence/ (stories-dev, not realnews-dev).",
        f"# Article-held-out check (5 folds): {'; '.join(checks)}.",
        "# An indicator feature counts its weight once; an 'article:' share counts weight x share (0 to 1).",
        "# Edit freely (a weight from -20 to 20; a feature left out weighs 0); the loader reports file:line.",
        "feature\tweight\tnote",
    ]
    for i, name in enumerate(NAMES):
        column = x[:, i]
        seen = (
            f"mean {column.mean():.2f} over {len(x)} labelled events"
            if name in SHARES
            else f"{int(column.sum())} labelled events"
        )
        lines.append(f"{name}\t{w[i]:.3f}\t{FEATURES[name]} ({seen})")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
