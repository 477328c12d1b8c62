"""``sitrep serve`` as a user starts it: refusals are one line and exit 2; it binds to localhost."""

from __future__ import annotations

from pathlib import Path
from urllib.request import urlopen

import pytest
from serve.browser import running_server

from sitrep.cli import main


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "--port 70000"),
        (["--token", "short"], "--token"),
        (["--log-level", "loud"], "--log-level"),
    ],
)
def test_bad_options_are_exit_2(
    served_db: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--db", str(served_db), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) <= 2


def test_a_missing_database_is_not_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--db", str(tmp_path / "none.db")]) == 2
    assert "no such database" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_the_server_answers_on_localhost(served_db: Path) -> None:
    with running_server(served_db) as base:
        assert base.startswith("http://127.0.0.1:")
        with urlopen(base + "/api/v1/summary", timeout=10) as response:
            assert response.headers["content-type"] == "application/json"
            assert b'"articles":6' in response.read().replace(b" ", b"")
