"""The command line as a whole (``sitrep.cli``): the version, what it imports, and one test per exit code.

Every exit code documented in ``src/sitrep/errors.py`` and ``docs/cli.md`` is provoked here, and each test
checks that standard error is one clear line (``error: ...``, or ``interrupted``) with no traceback.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import EXAMPLES, REPO, append_line, copy_folder

from sitrep._version import __version__
from sitrep.cli import main
from sitrep.errors import (
    EXIT_CODES,
    ConfigError,
    DataFileError,
    InputError,
    ModelError,
    SitrepError,
    StoreError,
)

SRC = REPO / "src"

# Runs the command with the package's own __init__ left out, so that what is measured is the CLI alone.
CLI_ONLY = """
import importlib.util, sys, types
spec = importlib.util.find_spec("sitrep")
package = types.ModuleType("sitrep")
package.__path__ = list(spec.submodule_search_locations)
sys.modules["sitrep"] = package
from sitrep.cli import main
code = main(sys.argv[1:])
print(sorted(m for m in ("spacy", "thinc", "torch", "sqlalchemy", "trafilatura") if m in sys.modules))
raise SystemExit(code)
"""


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m sitrep ARGS`` in the repository root, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "sitrep", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
        timeout=300,
    )


def one_error_line(stderr: str, *, starts: str = "error: ") -> str:
    """The one line on standard error (fails when there are more, or a traceback)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith(starts), stderr
    return lines[0]


# --- the version, and what the command imports ------------------------------------------------------------


def test_version_via_python_m() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout == f"sitrep {__version__}\n"
    assert done.stderr == ""


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["extract", "--help"], ["eval", "--help"]])
def test_version_and_help_load_no_spacy(args: list[str]) -> None:
    """The CLI imports the library inside its commands: --version and --help load no spaCy, coder or store."""
    done = subprocess.run(
        [sys.executable, "-c", CLI_ONLY, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


def test_python_m_sitrep_version_loads_no_spacy() -> None:
    code = "import runpy, sys; sys.argv = ['sitrep', '--version']\ntry:\n    runpy.run_module('sitrep', "
    code += "run_name='__main__')\nexcept SystemExit:\n    pass\nprint('spacy' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        check=False,
    )
    assert done.stdout.splitlines() == [f"sitrep {__version__}", "False"]


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    shown = capsys.readouterr().out
    for command in ("parse", "model", "extract", "show", "ingest", "export", "stats", "eval"):
        assert f" {command} " in shown


def test_no_command_shows_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "Usage: sitrep" in capsys.readouterr().out


# --- one test per exit code -------------------------------------------------------------------------------


def test_every_documented_exit_code_is_tested() -> None:
    tested = {0, 1, 2, 3, 4, 5, 130}
    assert set(EXIT_CODES.values()) | {0, 130} == tested
    documented = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for code in tested:
        assert f"\n| {code} |" in documented


def test_exit_0_success(tmp_path: Path) -> None:
    done = run("extract", str(EXAMPLES / "kyiv-talks.txt"), "--published", "2022-02-25")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["events"]
    assert "error" not in done.stderr


def test_exit_1_unexpected_sitrep_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No input provokes a bare SitrepError (every error sitrep raises on purpose has its own class), so the
    text reader is made to raise one: what is tested is how the command reports it."""
    from sitrep import textio

    def broken(path: str) -> str:
        raise SitrepError(f"{path}: something went wrong\nwith a second line")

    monkeypatch.setattr(textio, "read_text", broken)
    assert main(["parse", "article.txt"]) == 1 == SitrepError.exit_code
    line = one_error_line(capsys.readouterr().err)
    assert line == "error: article.txt: something went wrong with a second line"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["parse", "--format", "xml", "a.txt"], "'xml' is not one of 'table', 'json', 'conllu'"),
        (["nosuch"], "No such command 'nosuch'. (see 'sitrep --help')"),
        (["export"], "Missing option '--format' / '-f'. Choose from: gdelt, gdelt-mentions,"),
        (["stats", "--top", "many"], "Invalid value for '--top'"),
    ],
)
def test_exit_2_usage_error(args: list[str], message: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert message in one_error_line(done.stderr)
    assert done.stdout == ""


def test_exit_2_config_error(tmp_path: Path) -> None:
    done = run("export", "--format", "parquet", "--db", str(tmp_path / "x.db"))
    assert done.returncode == 2 == ConfigError.exit_code
    assert one_error_line(done.stderr) == (
        "error: --format parquet needs -o FILE (Parquet is not written to a terminal)"
    )


def test_exit_2_data_file_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_folder(REPO / "src" / "sitrep" / "actors" / "data", tmp_path)
    line = append_line(folder / "people.tsv", "Ada Example\tnot a code")
    article = tmp_path / "a.txt"
    article.write_text("The minister met reporters.", encoding="utf-8")
    assert main(["extract", str(article), "--dictionaries", str(folder)]) == 2 == DataFileError.exit_code
    assert one_error_line(capsys.readouterr().err).startswith(f"error: {folder / 'people.tsv'}:{line}: ")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "missing.txt: no such file"),
        ("empty.txt", b"  \n", "empty.txt: is empty"),
        ("binary.txt", b"\x00\x01\x02abc", "binary.txt: looks like a binary file"),
        ("latin1.txt", "Kiev, café".encode("latin-1"), "latin1.txt: not UTF-8 text"),
    ],
)
def test_exit_3_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["parse", str(path)]) == 3 == InputError.exit_code
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith(f"error: {tmp_path}") and message in line


def test_exit_4_model_error(no_model_env: None) -> None:
    done = run("parse", str(EXAMPLES / "kyiv-talks.txt"), "--model", "en_no_such_model")
    assert done.returncode == 4 == ModelError.exit_code
    assert "en_no_such_model" in one_error_line(done.stderr)


def test_exit_5_store_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.db"
    path.write_text("a text file, not a database\n" * 100, encoding="utf-8")
    assert main(["stats", "--db", str(path)]) == 5 == StoreError.exit_code
    line = one_error_line(capsys.readouterr().err)
    assert line == f"error: sqlite:///{path}: cannot open the database: file is not a database"


def test_exit_130_interrupted() -> None:
    """Ctrl-C while the command waits for its input on stdin."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sitrep", "parse", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        _wait_for_stdin_read(process.pid)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    assert one_error_line(stderr, starts="interrupted") == "interrupted"


def _wait_for_stdin_read(pid: int) -> None:
    """Until the process ``pid`` sleeps reading a pipe (Linux names the wait in /proc/PID/wchan)."""
    wchan = Path(f"/proc/{pid}/wchan")
    if not wchan.exists():
        pytest.skip("needs Linux's /proc/PID/wchan to know when the command waits for its input")
    deadline = time.monotonic() + 120
    while "pipe" not in wchan.read_text():
        assert time.monotonic() < deadline, "the command never read its standard input"
        time.sleep(0.05)
