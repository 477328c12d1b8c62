"""Shared fixtures. Tests never touch the network; gold-data tests need ../shared/data."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

REPO = Path(__file__).resolve().parent.parent


def gold_data_dir() -> Path:
    return Path(os.environ.get("SITREP_DATA") or REPO.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def gold_data() -> Path:
    """The shared gold data; skipped on a user's clone without it, required in CI."""
    folder = gold_data_dir()
    if not (folder / "ud-english-ewt").is_dir():
        reason = f"gold data not found at {folder} (set SITREP_DATA to the shared/data folder)"
        if os.environ.get("CI"):
            pytest.fail("CI must run the gold gates: " + reason)
        pytest.skip(reason)
    return folder


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The shipped model as the default Extractor loads it: with the shipped dictionaries' entity ruler."""
    from sitrep.actors.entities import default_entity_patterns
    from sitrep.nlp.model import load_model

    return load_model(entity_patterns=default_entity_patterns())


@pytest.fixture
def no_model_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("SITREP_MODEL", raising=False)
    yield


# -- PostgreSQL: a real server, started by the test session ------------------------------------------------


def _postgres_bin() -> Path | None:
    """The folder with Debian's PostgreSQL server programs (initdb, pg_ctl), newest version first."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A URL for a PostgreSQL server this test session starts (initdb into a temporary folder, then pg_ctl).

    ``SITREP_TEST_POSTGRES_URL`` points the tests at a server of your own instead. Without either, the
    PostgreSQL tests skip on a user's machine and fail in CI (``make install`` installs Debian's postgresql).
    """
    import socket
    import subprocess
    import tempfile

    own = os.environ.get("SITREP_TEST_POSTGRES_URL")
    if own:
        yield own
        return
    bindir = _postgres_bin()
    if bindir is None:
        reason = (
            "PostgreSQL server programs not found under /usr/lib/postgresql (Debian's postgresql package)"
        )
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests: " + reason)
        pytest.skip(reason + "; `make install` installs it, or set SITREP_TEST_POSTGRES_URL")
    folder = Path(tempfile.mkdtemp(prefix="sitrep-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: run it as the package's postgres user
        shutil.chown(folder, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = folder / "data"

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    run(str(bindir / "initdb"), "-D", str(data), "-U", "sitrep", "-A", "trust", "--no-sync", "-E", "UTF8")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start")
    try:
        yield f"postgresql://sitrep@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the session's PostgreSQL server, dropped after the test."""
    import uuid

    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    admin = postgres_server.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test against a SQLite file and a real PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "sitrep.db")
    return str(request.getfixturevalue("postgres_url"))
