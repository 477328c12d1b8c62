"""Bad option values are refused with exit 2 and one clear line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_support import Run


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "IN", "--timeout", "-1"], "--timeout must be a number of seconds above 0"),
        (["ingest", "IN", "--timeout", "nan"], "--timeout must be a number of seconds above 0"),
        (["ingest", "IN", "--timeout", "inf"], "--timeout must be a number of seconds above 0"),
        (["ingest", "IN", "--timeout", "0"], "--timeout must be a number of seconds above 0"),
        (["stats", "--top", "0"], "--top must be between 1 and 10,000"),
        (["stats", "--top", "-5"], "--top must be between 1 and 10,000"),
        (["stats", "--top", "99999999999999999999999"], "--top must be between 1 and 10,000"),
        (["export", "-f", "csv", "--since", "2024-01-01garbage"], "--since must be a date YYYY-MM-DD"),
        (["export", "-f", "csv", "--until", "2024-01-01T00:00"], "--until must be a date YYYY-MM-DD"),
        (["export", "-f", "csv", "--since", "20240101"], "--since must be a date YYYY-MM-DD"),
        (["stories", "--since", "2024-01-01 and more"], "--since must be a date YYYY-MM-DD"),
    ],
)
def test_bad_options_exit_2_with_one_line(sitrep: Run, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "IN").mkdir()
    args = [str(tmp_path / "IN") if a == "IN" else a for a in args]
    ran = sitrep(*args, "--db", str(tmp_path / "s.db"))
    assert ran.code == 2
    assert message in ran.err and ran.err.count("\n") == 1, ran.err
