"""words.tsv and settings.tsv: the actor coder's closed-class words and look-backs, data checked on load."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from spacy.tokens import Doc
from support import assert_bad_entry_reported, copy_folder

from sitrep.actors.coder import ActorCoder
from sitrep.actors.dictionary import load_dictionary
from sitrep.actors.words import load_words
from sitrep.errors import DataFileError

Parse = Callable[..., Doc]  # the ``parse`` fixture (tests/actors/conftest.py)
DATA = Path(str(resources.files("sitrep.actors") / "data"))


def test_shipped_words_load() -> None:
    words = load_words(DATA)
    assert {"he", "she"} <= words.pronoun_person and "it" in words.pronoun_thing
    assert {"in", "near"} <= words.locative and "of" in words.place_after
    assert "side" in words.country_head and "\u201d" in words.name_break
    assert {"drone", "aircraft carrier"} <= words.weapon
    assert (words.lookback, words.long_lookback) == (3, 40)


@pytest.mark.parametrize(
    ("file", "line", "message"),
    [
        ("words.tsv", "him\tpronoun_person\t", "duplicate word 'him (pronoun_person)'"),
        ("words.tsv", "He\tpronoun_person\t", "lower-case"),
        ("words.tsv", "no longer\tlocative\t", "without spaces"),
        ("words.tsv", "Attack  Drone\tweapon\t", "single spaces"),
        ("words.tsv", "their\tpronoun_possessive\t", "class must be one of"),
        ("words.tsv", "amid\tlocative", "expected 3 tab-separated fields"),
        ("settings.tsv", "lookback\t4\t", "duplicate setting 'lookback'"),
        ("settings.tsv", "lookahead\t1\t", "name must be one of"),
        ("settings.tsv", "long_lookback\tforty\t", "must be a whole number"),
    ],
)
def test_bad_entries_name_file_and_line(tmp_path: Path, file: str, line: str, message: str) -> None:
    assert_bad_entry_reported(load_dictionary, DATA, tmp_path, file, line, message)


def test_a_missing_setting_is_reported(tmp_path: Path) -> None:
    folder = copy_folder(DATA, tmp_path)
    path = folder / "settings.tsv"
    path.write_text(
        "".join(line for line in path.read_text().splitlines(keepends=True) if not line.startswith("long_")),
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"missing setting.*long_lookback") as info:
        load_words(folder)
    assert info.value.path == path


def test_the_coder_reads_the_look_back_from_the_data(tmp_path: Path, parse: Parse) -> None:
    folder = copy_folder(DATA, tmp_path)
    path = folder / "settings.tsv"
    path.write_text(path.read_text().replace("lookback\t3\t", "lookback\t0\t"), encoding="utf-8")
    doc = parse(
        "Zelensky spoke. He left.",
        [
            ("Zelensky", "PROPN", "nsubj", 1),
            ("spoke", "VERB", "ROOT", 1),
            (".", "PUNCT", "punct", 1),
            ("He", "PRON", "nsubj", 4),
            ("left", "VERB", "ROOT", 4),
            (".", "PUNCT", "punct", 4),
        ],
        ents=[(0, 1, "PER")],
    )
    day = dt.date(2024, 3, 1)
    assert [r.code for r in ActorCoder().analyse(doc, day).refs(doc[3])] == ["UKRGOV"]
    assert ActorCoder(load_dictionary(folder)).analyse(doc, day).refs(doc[3]) == []


def test_the_coder_reads_pronouns_from_the_data(tmp_path: Path, parse: Parse) -> None:
    folder = copy_folder(DATA, tmp_path)
    path = folder / "words.tsv"
    path.write_text(path.read_text().replace("he\tpronoun_person\t\n", ""), encoding="utf-8")
    doc = parse(
        "Zelensky spoke. he left.",
        [
            ("Zelensky", "PROPN", "nsubj", 1),
            ("spoke", "VERB", "ROOT", 1),
            (".", "PUNCT", "punct", 1),
            ("he", "PRON", "nsubj", 4),
            ("left", "VERB", "ROOT", 4),
            (".", "PUNCT", "punct", 4),
        ],
        ents=[(0, 1, "PER")],
    )
    assert ActorCoder(load_dictionary(folder)).analyse(doc, dt.date(2024, 3, 1)).refs(doc[3]) == []
