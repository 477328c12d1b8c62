"""The event-pattern files: the shipped ones load, a bad entry is reported at its file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import assert_bad_entry_reported, copy_folder

from sitrep.errors import DataFileError
from sitrep.events.patterns import CUE_KINDS, default_patterns, load_patterns
from sitrep.quotes.cues import default_speech_cues

DATA = Path(__file__).resolve().parents[2] / "src" / "sitrep" / "events" / "data"


def load(folder: Path) -> object:
    return load_patterns(folder, speech=default_speech_cues())


def test_shipped_patterns_load() -> None:
    patterns = default_patterns()
    assert patterns.verbs["attack"] and patterns.nouns["offensive"] and patterns.complements["threaten"]
    assert set(patterns.cue_words("particle")) == {"off", "up", "out", "down"}
    assert set(patterns.cue_words("owner")) == {"by", "from", "of"}
    assert patterns.settings.trigger_gap == 4 and "bias" in patterns.confidence.weights
    assert patterns.speech is default_speech_cues()


def test_no_speech_cues_among_the_event_cues() -> None:
    kinds = {c.kind for c in default_patterns().cues}
    assert kinds == set(CUE_KINDS)
    assert not kinds & {"speech", "source", "naming"}


@pytest.mark.parametrize(
    ("file", "line", "message"),
    [
        ("verbs.tsv", "attack\tbad-condition\t190\tobj\t", "bad condition"),
        ("verbs.tsv", "attack\t\t999\tobj\t", "'999' is not a CAMEO code"),
        ("nouns.tsv", "strike\t\t190\tnowhere!\t\t", "source 'nowhere!' must be"),
        ("complements.tsv", "vow\t19\t138\tsometimes\tsubject\t", "modality must be one of"),
        (
            "cues.tsv",
            "declare\tspeech\tasserted\t",
            "speech cues are the quote finder's: they belong in speech.tsv",
        ),
        ("cues.tsv", "maybe\tsmell\t\t", "kind must be one of aux, negation, condition, particle, owner"),
        ("cues.tsv", "away\tparticle\tintended\t", "a particle cue has no value"),
        ("cues.tsv", "because of\treason\t\t", "a reason is one word"),
        ("cues.tsv", "will\taux\tsoon\t", "an aux cue's value must be one of"),
        ("event-settings.tsv", "trigger_gap\t5\t", "duplicate setting 'trigger_gap'"),
        ("confidence.tsv", "bias\t0.1\t", "duplicate feature 'bias'"),
        ("event-settings.tsv", "mood\t3\t", "unknown setting 'mood'"),
    ],
)
def test_bad_entries_name_file_and_line(tmp_path: Path, file: str, line: str, message: str) -> None:
    assert_bad_entry_reported(load, DATA, tmp_path, file, line, message)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("trigger_gap", "-1", "column 'value' must be a whole number from 0 to 100, got '-1'"),
        ("trigger_gap", "2.5", "column 'value' must be a whole number from 0 to 100"),
        ("modality_order", "negated|asserted", "modality_order must list asserted, negated"),
    ],
)
def test_bad_settings_name_their_line(tmp_path: Path, name: str, value: str, message: str) -> None:
    folder = copy_folder(DATA, tmp_path)
    path = folder / "event-settings.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, text in enumerate(lines, 1) if text.startswith(name + "\t"))
    lines[number - 1] = f"{name}\t{value}\t"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as info:
        load(folder)
    assert (info.value.path, info.value.line) == (path, number)


def test_a_missing_setting_is_reported(tmp_path: Path) -> None:
    folder = copy_folder(DATA, tmp_path)
    path = folder / "event-settings.tsv"
    lines = [
        text for text in path.read_text(encoding="utf-8").splitlines() if not text.startswith("trigger_gap\t")
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="missing setting trigger_gap"):
        load(folder)


def test_a_patterns_folder_holds_the_speech_cues_too(tmp_path: Path) -> None:
    folder = copy_folder(DATA, tmp_path)
    with pytest.raises(DataFileError, match=r"speech\.tsv"):
        load_patterns(folder)


def test_speaker_is_a_place_of_verbs_only(tmp_path: Path) -> None:
    assert_bad_entry_reported(
        load, DATA, tmp_path, "nouns.tsv", "blame\t\t112\t\tspeaker\t", "places of verbs.tsv only"
    )


def test_a_reciprocal_cue_is_one_word(tmp_path: Path) -> None:
    line = "hold talks\treciprocal\t\t"
    assert_bad_entry_reported(load_patterns, DATA, tmp_path, "cues.tsv", line, "one word")


@pytest.mark.parametrize("value", ["", "jud", "JUDGE"])
def test_a_doer_cue_names_a_sector(tmp_path: Path, value: str) -> None:
    line = f"sentence\tdoer\t{value}\t"
    assert_bad_entry_reported(load_patterns, DATA, tmp_path, "cues.tsv", line, "sector code")
