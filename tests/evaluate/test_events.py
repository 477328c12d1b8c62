"""The real-news event scorer (``sitrep.evaluate.events``) on a gold folder written for the tests
(examples/realnews: two short articles in the realnews format), and its building blocks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support import EXAMPLES

from sitrep.errors import InputError
from sitrep.evaluate.events import (
    EventScores,
    GoldActor,
    evaluate_events,
    hint_in,
    max_matching,
    read_gold,
)
from sitrep.pipeline import Extractor

GOLD = EXAMPLES / "realnews"


@pytest.fixture(scope="module")
def scores() -> EventScores:
    return evaluate_events(read_gold(GOLD), Extractor())


def test_the_gold_folder_is_read_whole() -> None:
    gold = read_gold(GOLD / "gold_events.jsonl")  # any file of the folder names the folder
    assert [a.id for a in gold.articles] == ["w01_wire_kharkiv", "w02_wire_cairo"]
    assert [e.id for e in gold.events["w01_wire_kharkiv"]] == ["w01.01", "w01.02"]
    assert [e.required for e in gold.events["w01_wire_kharkiv"]] == [True, False]
    assert gold.events["w02_wire_cairo"][0].symmetric
    assert len(gold.quotes["w01_wire_kharkiv"]) == 3
    [(start, end)] = gold.datelines["w01_wire_kharkiv"]
    assert gold.articles[0].text[start:end] == "KHARKIV, Ukraine (Wire) —"


def test_a_bad_gold_line_is_reported_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "gold"
    shutil.copytree(GOLD, folder)
    lines = (folder / "gold_events.jsonl").read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[2])
    broken["source"]["accept"] = "EGY"
    lines[2] = json.dumps(broken)
    (folder / "gold_events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold_events\.jsonl:3: source: 'accept' must be a list of strings"):
        read_gold(folder)


def test_a_folder_without_articles_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no articles\.jsonl"):
        read_gold(tmp_path)


def test_an_event_outside_its_article_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "gold"
    shutil.copytree(GOLD, folder)
    lines = (folder / "gold_events.jsonl").read_text(encoding="utf-8").splitlines()
    moved = json.loads(lines[0])
    moved["end"] = 10_000
    lines[0] = json.dumps(moved)
    (folder / "gold_events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold_events\.jsonl:1:"):
        read_gold(folder)


def test_hints_match_at_word_starts_and_short_ones_whole() -> None:
    assert hint_in("ukrain", "the Ukrainian defence ministry")
    assert not hint_in("krain", "the Ukrainian defence ministry")
    assert hint_in("un", "the UN said")
    assert not hint_in("un", "an unnamed official")
    assert hint_in("=police", "police") and not hint_in("=police", "the police chief")


def test_the_matching_is_one_to_one_and_maximal() -> None:
    # Prediction 0 may take gold 0 or 1, prediction 1 only gold 0: a greedy pass would pair 0 with 0 and stop;
    # the maximum matching (gold -> prediction) pairs both.
    assert max_matching({0: [0, 1], 1: [0]}) == {1: 0, 0: 1}
    assert max_matching({0: [0], 1: [0]}) in ({0: 0}, {0: 1})


def test_gold_actor_countries_come_from_accept_prefixes() -> None:
    actor = GoldActor("the army", accept=("RUSMIL", "UKR"), hints=("army",))
    assert actor.countries == frozenset({"RUS", "UKR"})


def test_scores_count_every_article_and_gold_event(scores: EventScores) -> None:
    total = scores.total
    assert total.articles == 2 and total.required == 3  # w01.02 is an acceptable extra
    assert total.quotes == 3
    assert sum(total.verdicts.values()) == total.predicted
    assert 0 <= total.strict_precision <= total.lenient_precision <= 1
    assert 0 <= total.strict_recall <= total.lenient_recall <= 1


def test_a_symmetric_meeting_is_right_either_way(scores: EventScores) -> None:
    [cairo] = [a for a in scores.articles if a.id == "w02_wire_cairo"]
    meetings = [j for j in cairo.judged if j.gold is not None and j.gold.id == "w02.01"]
    assert meetings and meetings[0].verdict == "C"


def test_quotes_and_their_speakers(scores: EventScores) -> None:
    # Three quotes with clear speakers: the finder gets all of them on sentences this plain.
    assert scores.total.quotes_found == 3
    assert scores.total.speaker_right == 3


def test_a_prediction_in_a_dateline_or_an_unlisted_sentence_is_wrong(scores: EventScores) -> None:
    [kharkiv] = [a for a in scores.articles if a.id == "w01_wire_kharkiv"]
    weather = kharkiv.text.index("The weather")
    assert all(j.gold is None for j in kharkiv.judged if j.event.trigger.start >= weather)
    assert kharkiv.sentence_at(weather).startswith("The weather stayed cold")


def test_json_details_list_wrong_and_missed(scores: EventScores) -> None:
    data = scores.to_dict(details=True)
    assert set(data) >= {"strict_precision", "lenient_precision", "by_article", "wrong", "missed", "modality"}
    assert len(data["missed"]) == 3 - scores.total.recalled_lenient
    assert {w["verdict"] for w in data["wrong"]} <= {"P", "T", "W"}


def test_precision_by_the_output_modality_adds_up(scores: EventScores) -> None:
    by = scores.to_dict()["by_output_modality"]
    assert sum(m["predicted"] for m in by.values()) == scores.total.predicted
    assert sum(m["verdicts"]["C"] for m in by.values()) == scores.total.verdicts["C"]
    for m in by.values():
        assert m["strict_precision"] == round(m["verdicts"]["C"] / m["predicted"], 4)
