"""Scoring quotes against span-annotated data, and the commands that show quotes and framing."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from support import EXAMPLES, REPO

from sitrep import ActorRef, Document, Quote, Span
from sitrep.article import Article
from sitrep.cli import main
from sitrep.errors import InputError
from sitrep.evaluate.quotes import evaluate_quotes, read_quote_gold

TEXT = '"We are ready," the minister said. Officials said the talks had failed.'


def gold_line(attributions: list[dict[str, object]], text: str = TEXT) -> str:
    return json.dumps({"id": "t1", "text": text, "published": "2022-02-25", "attributions": attributions})


class Canned:
    """An extractor that returns documents with the given quotes, to test the scoring alone."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes

    def pipe(self, articles: Iterable[Article]) -> Iterator[Document]:
        for article in articles:
            yield Document(id=article.id or "x", text=article.text, published=None, quotes=tuple(self.quotes))


def quote(start: int, end: int, speaker: tuple[int, int] | None, kind: str = "direct") -> Quote:
    ref = (
        ActorRef(speaker[0], speaker[1], TEXT[speaker[0] : speaker[1]], None, None, None, None)
        if speaker
        else None
    )
    return Quote(f"q{start}", kind, start, end, TEXT[start:end], ref, Span(0, 1, '"'), 0)  # type: ignore[arg-type]


def score(tmp_path: Path, attributions: list[dict[str, object]], found: list[Quote]) -> dict[str, object]:
    path = tmp_path / "gold.jsonl"
    path.write_text(gold_line(attributions) + "\n", encoding="utf-8")
    return evaluate_quotes(read_quote_gold(path), Canned(found)).to_dict()


MINISTER: dict[str, object] = {
    "content": [[1, 13]],
    "source": [[16, 28]],
    "cue": [[29, 33]],
    "kind": "direct",
}
OFFICIALS: dict[str, object] = {
    "content": [[50, 71]],
    "source": [[35, 44]],
    "cue": [[45, 49]],
    "kind": "indirect",
}


def test_exact_and_overlap_scores(tmp_path: Path) -> None:
    assert (TEXT[1:13], TEXT[16:28], TEXT[35:44]) == ("We are ready", "the minister", "Officials")
    assert TEXT[50:71] == "the talks had failed."
    found = [
        quote(1, 14, (16, 28)),  # the trailing comma is trimmed: an exact match, speaker right
        quote(54, 70, (35, 44), "indirect"),  # overlaps only: "talks had failed"
        quote(35, 44, None),  # a false quote
    ]
    scores = score(tmp_path, [MINISTER, OFFICIALS], found)
    assert scores["exact"] == {"precision": round(1 / 3, 4), "recall": 0.5, "f1": 0.4}
    assert scores["overlap"] == {"precision": round(2 / 3, 4), "recall": 1.0, "f1": 0.8}
    assert scores["speaker_accuracy"] == 1.0 and scores["speaker_judged"] == 2
    assert scores["recall_by_kind"] == {"direct": 1.0, "indirect": 1.0}


def test_wrong_speaker_and_misses_are_counted(tmp_path: Path) -> None:
    scores = score(tmp_path, [MINISTER, OFFICIALS], [quote(1, 13, (35, 44))])
    assert scores["speaker_accuracy"] == 0.0
    assert scores["overlap"] == {"precision": 1.0, "recall": 0.5, "f1": round(2 / 3, 4)}
    assert scores["misses"] == [{"article": "t1", "text": "the talks had failed"}]


def test_a_discontinuous_quote_is_two_pieces(tmp_path: Path) -> None:
    text = '"We are ready," he said, "but not at any price."'
    path = tmp_path / "gold.jsonl"
    line = gold_line([{"content": [[1, 13], [26, 46]], "source": [[16, 18]], "cue": [[19, 23]]}], text)
    path.write_text(line + "\n", encoding="utf-8")
    (record,) = read_quote_gold(path)
    assert [text[s:e] for s, e in record.attributions[0].content] == ["We are ready", "but not at any price"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        (json.dumps({"text": 3, "attributions": []}), "string 'text'"),
        (json.dumps({"text": "abc", "attributions": [{"content": []}]}), "at least one [start, end] piece"),
        (json.dumps({"text": "abc", "attributions": [{"content": [[0, 9]]}]}), "outside the text"),
        (json.dumps({"text": "abc", "attributions": [{"content": [[0, "2"]]}]}), "two integers"),
        (
            json.dumps({"text": "abc", "attributions": [{"content": [[0, 2]], "kind": "free"}]}),
            "kind must be",
        ),
        (json.dumps({"text": "abc", "published": "soon", "attributions": []}), "YYYY-MM-DD"),
    ],
)
def test_bad_gold_is_reported_with_its_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(gold_line([MINISTER]) + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_quote_gold(path)
    assert str(info.value).startswith(f"{path}:3: ")
    assert message in str(info.value)


# --- the commands -----------------------------------------------------------------------------------------


def test_eval_quotes_command(capsys: pytest.CaptureFixture[str], no_model_env: None) -> None:
    assert main(["eval", "quotes", str(EXAMPLES / "quotes-gold.jsonl"), "--format", "json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["articles"] == 8 and scores["gold_pieces"] == 17
    # The example file is small and was written alongside the finder: a smoke floor, not a measurement.
    assert scores["overlap"]["f1"] >= 0.8
    assert scores["speaker_accuracy"] >= 0.8


def test_held_out_floors(capsys: pytest.CaptureFixture[str], no_model_env: None) -> None:
    """Floors under the figures measured on the held-out set (docs/quotes.md): a regression gate."""
    heldout = REPO / "benchmarks" / "data" / "quotes-heldout.jsonl"
    assert main(["eval", "quotes", str(heldout), "--format", "json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["gold_pieces"] == 105
    assert scores["exact"]["f1"] >= 0.86
    assert scores["overlap"]["f1"] >= 0.94
    assert scores["speaker_accuracy"] >= 0.89
    assert scores["cue_accuracy"] >= 0.92


def test_eval_quotes_table(capsys: pytest.CaptureFixture[str], no_model_env: None) -> None:
    assert main(["eval", "quotes", str(EXAMPLES / "quotes-gold.jsonl")]) == 0
    shown = capsys.readouterr().out
    assert "exact" in shown and "overlap" in shown and "speaker accuracy" in shown


def test_eval_quotes_bad_file_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("[1, 2]\n", encoding="utf-8")
    assert main(["eval", "quotes", str(path)]) == 3
    assert f"{path}:1:" in capsys.readouterr().err


def test_extract_table_shows_quotes_and_framing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_model_env: None
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        '"Our forces will liberate every town," the Russian defence minister said of the special military '
        "operation in Kiev.",
        encoding="utf-8",
    )
    assert main(["extract", str(article), "--published", "2022-03-01", "--format", "table"]) == 0
    shown = capsys.readouterr().out
    assert "Quotes" in shown and "Framing cues" in shown
    assert "Kiev" in shown and "pro-russia" in shown and "euphemism" in shown


def test_show_highlights_a_text_and_a_saved_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_model_env: None
) -> None:
    example = EXAMPLES / "kyiv-talks.txt"
    assert main(["show", str(example), "--published", "2022-02-25"]) == 0
    shown = capsys.readouterr().out
    assert "severed" in shown and "key:" in shown and "scare quotes" in shown
    assert main(["extract", str(example), "--published", "2022-02-25"]) == 0
    saved = tmp_path / "doc.json"
    saved.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["show", str(saved)]) == 0
    assert capsys.readouterr().out == shown


def test_show_refuses_a_broken_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "doc.json"
    saved.write_text(json.dumps({"schema": "sitrep.document/1", "text": "x"}), encoding="utf-8")
    assert main(["show", str(saved)]) == 3
    assert "does not match sitrep.document/1" in capsys.readouterr().err
