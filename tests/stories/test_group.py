"""Story grouping: similar reports join, different ones do not, windows hold, settings load with file:line."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from sitrep.errors import DataFileError
from sitrep.stories.group import (
    DATA,
    Grouper,
    StoryInput,
    default_settings,
    group,
    load_settings,
    term_counts,
)

DAY = dt.date(2025, 5, 12)

# Three outlets report one strike on a bridge; two report a flood elsewhere; one reports an election.
STRIKE = [
    "Drones hit the Varnel river bridge near Ostrava Nova overnight, cutting the main supply road, "
    "regional governor Ilka Marsh said. Two trucks burned on the Varnel bridge.",
    "The Varnel bridge outside Ostrava Nova was struck by drones before dawn, governor Ilka Marsh said, "
    "and the supply road is closed while engineers inspect the damage.",
    "Governor Ilka Marsh said a drone strike damaged the Varnel river bridge by Ostrava Nova; trucks on "
    "the bridge caught fire and the road to the front is shut.",
]
FLOOD = [
    "Floodwater from the Pellar dam covered farms around Quimby Falls, and the mayor Dara Venn ordered "
    "families to leave the low streets by the Pellar river.",
    "Mayor Dara Venn told residents of Quimby Falls to leave as the Pellar river burst its banks below the "
    "dam, flooding farms and streets.",
]
ELECTION = [
    "Voters in Calder Province chose a new assembly on Sunday; the Harbour Party of Tomas Reyl won most "
    "seats, turnout was high and counting ended at midnight."
]


def _articles() -> list[StoryInput]:
    texts = [STRIKE[0], FLOOD[0], STRIKE[1], ELECTION[0], FLOOD[1], STRIKE[2]]
    return [StoryInput(f"a{i}", text, published=DAY) for i, text in enumerate(texts)]


def test_reports_of_one_story_are_grouped_and_others_kept_apart() -> None:
    labels = group(_articles())
    strike, flood, election = {labels[0], labels[2], labels[5]}, {labels[1], labels[4]}, {labels[3]}
    assert len(strike) == len(flood) == len(election) == 1
    assert len(strike | flood | election) == 3
    assert labels[0] == 1  # stories are numbered by their first article


def test_grouping_is_deterministic() -> None:
    assert group(_articles()) == group(_articles())


def test_a_dated_article_outside_the_window_opens_a_new_story() -> None:
    settings = dataclasses.replace(default_settings(), window_days=3)
    far = StoryInput("late", STRIKE[1], published=DAY + dt.timedelta(days=10))
    near = StoryInput("near", STRIKE[2], published=DAY + dt.timedelta(days=2))
    undated = StoryInput("undated", STRIKE[2])
    labels = group([StoryInput("first", STRIKE[0], published=DAY), far, near, undated], settings)
    assert labels[0] != labels[1]
    assert labels[2] in (labels[0], labels[1])
    assert labels[3] in (labels[0], labels[1])  # an undated article may join any story


def test_a_high_threshold_keeps_every_article_apart() -> None:
    settings = dataclasses.replace(default_settings(), threshold=1.0)
    assert len(set(group(_articles(), settings))) == 6


def test_names_title_and_headline_weigh_more() -> None:
    settings = default_settings()
    counts = term_counts(
        StoryInput("x", "Storm warning\nThe storm hit Port Adley, the storm did.", "Storm"), settings
    )
    assert counts["storm"] == pytest.approx(settings.title_weight + settings.lead_weight + 2)
    assert counts["adley"] == pytest.approx(settings.name_weight)
    assert "the" not in counts  # a stop word


def test_actors_count_only_when_their_weight_is_set() -> None:
    article = StoryInput("x", "A quiet day.", actors=("UKRMIL",))
    assert "@ukrmil" not in term_counts(article, default_settings())
    weighted = dataclasses.replace(default_settings(), actor_weight=2.0)
    assert term_counts(article, weighted)["@ukrmil"] == 2.0


def test_restored_stories_take_new_articles_without_regrouping() -> None:
    first = Grouper()
    for article in _articles()[:3]:
        first.add(article)
    placed = first.refine()
    second = Grouper()
    for story in first.stories:
        second.restore(story, first.centroid(story), first.size(story), first.dates(story))
    second.restore_frequencies(first.df, first.docs)
    second.add(StoryInput("late", STRIKE[2], published=DAY))
    second.add(StoryInput("new", ELECTION[0], published=DAY))
    again = second.refine()
    assert again["late"] == placed["a0"]
    assert again["new"] == max(first.stories) + 1
    assert {s for s in second.changed} == {placed["a0"], again["new"]}


def test_refinement_moves_an_article_to_the_story_that_fits_it_better() -> None:
    # The mixed report comes when only the strike story exists, so the single pass puts it there and the
    # flood reports chain on to it; refinement moves the flood reports (the mixed one too) to a story of
    # their own.
    mixed = (
        FLOOD[1] + " Governor Ilka Marsh said the Varnel bridge was hit by drones, cutting the supply road."
    )
    articles = [
        StoryInput("strike", STRIKE[0], published=DAY),
        StoryInput("mixed", mixed, published=DAY),
        StoryInput("flood", FLOOD[0], published=DAY),
        StoryInput("flood2", FLOOD[1], published=DAY),
    ]
    settings = dataclasses.replace(default_settings(), threshold=0.25)
    assert group(articles, dataclasses.replace(settings, refine_rounds=0)) == [1, 1, 1, 1]
    assert group(articles, settings) == [1, 2, 2, 2]


def test_the_shipped_settings_load() -> None:
    settings = load_settings()
    assert 0 < settings.threshold < 1 and settings.window_days > 0 and "the" in settings.stopwords


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("settings.tsv", "stopwords.tsv"):
        (folder / name).write_text((DATA / name).read_text("utf-8"), "utf-8")
    return folder


def test_a_bad_setting_is_reported_with_file_and_line(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "settings.tsv"
    lines = path.read_text("utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("threshold\t"))
    lines[number - 1] = "threshold\t1.7\ttoo high"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(
        DataFileError, match=rf"settings.tsv:{number}: .*threshold|settings.tsv:{number}:.*value"
    ):
        load_settings(folder)


def test_a_missing_setting_is_reported(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "settings.tsv"
    path.write_text(
        "\n".join(line for line in path.read_text("utf-8").splitlines() if not line.startswith("window_days"))
        + "\n",
        "utf-8",
    )
    with pytest.raises(DataFileError, match="missing setting window_days"):
        load_settings(folder)
