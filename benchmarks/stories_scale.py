"""Story grouping at scale: time and memory per 10,000 articles, up to 100,000 (no gold data needed).

    python benchmarks/stories_scale.py [--articles 100000] [--step 10000] [--seed 0]

Generates invented wire reports from templates: stories of 1–12 reports each, about 90 new stories a day
over the stream's days, every story with its own invented names, places and figures drawn from a large
made-up vocabulary, and some undated reports (10%). They are grouped in stream order (text only), in batches
of ``--step`` articles as ``sitrep ingest`` would (each batch placed, then refined; earlier batches never
move). Reported per batch: seconds, articles/s, the process's peak resident memory, and B-cubed F1 of the
grouping so far against the generated stories (a sanity check, not a quality figure). Results go to
benchmarks/results/stories_scale.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import time
from pathlib import Path

from sitrep.evaluate.stories import score_clusters
from sitrep.stories.group import Grouper, StoryInput

ROOT = Path(__file__).resolve().parent.parent
START = dt.date(2024, 1, 1)
VERBS = ["struck", "hit", "shelled", "raided", "visited", "closed", "opened", "seized", "flooded", "signed"]
NOUNS = ["bridge", "depot", "port", "school", "market", "border post", "plant", "airfield", "dam", "office"]
MOODS = ["chaotic", "calm", "tense", "grim"]
FILLER = [
    "officials said on the day",
    "according to a statement",
    "witnesses told reporters",
    "the ministry confirmed later",
    "local media reported",
]


def _word(rng: random.Random) -> str:
    syllables = ["ka", "lo", "mer", "van", "tis", "dra", "pel", "qui", "ron", "sa", "bel", "tor", "min", "ux"]
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()


def _story(rng: random.Random) -> dict[str, object]:
    return {
        "who": f"{_word(rng)} {_word(rng)}",
        "place": _word(rng),
        "region": _word(rng),
        "verb": rng.choice(VERBS),
        "noun": rng.choice(NOUNS),
        "count": rng.randint(2, 400),
        "group": f"{_word(rng)} {rng.choice(['Front', 'Party', 'Brigade', 'Council'])}",
    }


def _report(story: dict[str, object], rng: random.Random) -> str:
    s = story
    sentences = [
        f"{s['group']} forces {s['verb']} the {s['noun']} near {s['place']} in {s['region']}, "
        f"{rng.choice(FILLER)}.",
        f"{s['who']} said {s['count']} people were affected around {s['place']}.",
        f"The {s['noun']} at {s['place']} was {s['verb']} again, {rng.choice(FILLER)}.",
        f"Residents of {s['region']} described the scene as {rng.choice(MOODS)}.",
        f"{s['who']} of the {s['group']} promised an inquiry into what happened at {s['place']}.",
    ]
    rng.shuffle(sentences)
    return f"{s['group']} {s['verb']} {s['noun']} near {s['place']}\n" + " ".join(
        sentences[: rng.randint(3, 5)]
    )


def generate(total: int, seed: int) -> tuple[list[StoryInput], list[int]]:
    rng = random.Random(seed)
    articles: list[StoryInput] = []
    labels: list[int] = []
    story_id = 0
    day = 0
    while len(articles) < total:
        todays: list[tuple[int, str]] = []
        for _ in range(90):
            story_id += 1
            story = _story(rng)
            todays += [(story_id, _report(story, rng)) for _ in range(rng.randint(1, 12))]
        rng.shuffle(todays)
        for label, text in todays[: total - len(articles)]:
            published = None if rng.random() < 0.1 else START + dt.timedelta(days=day + rng.randint(0, 1))
            articles.append(StoryInput(f"b{len(articles)}", text, published=published))
            labels.append(label)
        day += 1
    return articles, labels


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--step", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    articles, labels = generate(args.articles, args.seed)
    grouper = Grouper()
    placed: dict[str, int] = {}
    rows = []
    started = time.perf_counter()
    for start in range(0, len(articles), args.step):
        batch = articles[start : start + args.step]
        began = time.perf_counter()
        for article in batch:
            grouper.add(article)
        placed.update(grouper.refine())
        grouper.stored.update(grouper.stories)  # the batch is stored: later batches never move it
        grouper.batch.clear()
        seconds = time.perf_counter() - began
        done = start + len(batch)
        f1 = score_clusters([placed[a.id] for a in articles[:done]], labels[:done]).f1
        row = {
            "articles": done,
            "batch_seconds": round(seconds, 2),
            "articles_per_second": round(len(batch) / seconds, 1),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "stories": len(grouper.stories),
            "bcubed_f1": round(f1, 3),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
        result = {
            "date": dt.date.today().isoformat(),
            "articles": done,
            "seconds": round(time.perf_counter() - started, 1),
            "batches": rows,
        }
        out = ROOT / "benchmarks" / "results"
        out.mkdir(parents=True, exist_ok=True)
        (out / "stories_scale.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
