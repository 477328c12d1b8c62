"""The event tests' shared Extractor (built once: loading the model and the pattern files is slow)."""

from __future__ import annotations

import pytest

from sitrep import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()
