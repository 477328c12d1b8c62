"""Every ``sitrep ...`` command shown in a code block of README.md and docs/cli.md runs, and exits 0.

The commands of one page run in order, in one folder, so that ``stats`` and ``export`` read the database an
``ingest`` above them wrote. Inputs that a page only names (``articles.jsonl``, ``saved-pages/``, the PLOVER
gold file in ../shared/data) are small fixture files written here; ``examples/`` is the repository's own.

A command that needs the network (a URL among its arguments) is run as ``sitrep COMMAND --help`` instead:
that checks the command and its options exist, not what it fetches. Tests never touch the network.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import REPO, TEST_DATA

from sitrep.cli import main

PAGES = ("README.md", "docs/cli.md")

_BLOCK = re.compile(r"^```(?:bash|sh|shell|console)?\n(.*?)^```", re.MULTILINE | re.DOTALL)

ARTICLES = [
    {
        "id": "d1",
        "text": "Russian troops attacked Kharkiv on Tuesday.",
        "published": "2022-03-04",
        "source": "Wire",
    },
    {
        "id": "d2",
        "text": "Iran threatened Israel with retaliation.",
        "published": "2022-03-05",
        "source": "Post",
    },
]

PAGE_HTML = (
    "<!doctype html><html><head><title>Talks in Geneva</title></head><body><article><h1>Talks in Geneva</h1>"
    "<p>The foreign ministers of Armenia and Azerbaijan met in Geneva on Monday and agreed to meet again "
    "next month, diplomats from both delegations told reporters after the talks.</p></article></body></html>"
)

SUBSTITUTES = {
    "../shared/data/plover/gsr_dev.json": str(TEST_DATA / "plover_gold.json"),
    "../shared/data/places-dev": str(TEST_DATA / "places-gold"),
}
"""Arguments that name files outside the repository → the fixtures used instead."""


@dataclass(frozen=True)
class Command:
    page: str
    line: int
    argv: list[str]
    """The arguments after ``sitrep``; output redirections (``> FILE``) are dropped."""

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: sitrep {shlex.join(self.argv)}"


def commands(page: str) -> list[Command]:
    """The ``sitrep`` commands in the code blocks of ``page`` (``sitrep`` or ``.venv/bin/sitrep``)."""
    text = (REPO / page).read_text(encoding="utf-8")
    found = []
    for block in _BLOCK.finditer(text):
        first = text.count("\n", 0, block.start(1)) + 1
        for offset, raw in enumerate(block.group(1).replace("\\\n", " ").splitlines()):
            words = shlex.split(raw, comments=True)
            if not words or Path(words[0]).name != "sitrep":
                continue
            if ">" in words:
                words = words[: words.index(">")]
            found.append(Command(page, first + offset, words[1:]))
    return found


def write_fixtures(folder: Path) -> None:
    """The inputs the pages name, and the repository's examples."""
    (folder / "examples").symlink_to(REPO / "examples")
    (folder / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    renamed = [{"body": a["text"], "date": a["published"]} for a in ARTICLES]
    (folder / "dump.jsonl").write_text("".join(json.dumps(a) + "\n" for a in renamed), encoding="utf-8")
    (folder / "saved-pages").mkdir()
    (folder / "saved-pages" / "geneva.html").write_text(PAGE_HTML, encoding="utf-8")
    (folder / "article.txt").write_text(ARTICLES[0]["text"], encoding="utf-8")


def runnable(command: Command) -> list[str]:
    """The arguments to run: fixtures substituted; ``COMMAND --help`` for a command that needs the network,
    runs until stopped (``serve``: tests/serve starts the real server) or needs Java and a JVM (``spark``, and
    ``load`` of its output: tests/scale runs them)."""
    argv = [SUBSTITUTES.get(word, word) for word in command.argv]
    if argv[:1] in (["serve"], ["spark"], ["load"]) or any(
        word.startswith(("http://", "https://")) for word in argv
    ):
        return [argv[0], "--help"]
    return argv


@pytest.mark.parametrize("page", PAGES)
def test_every_command_on_the_page_runs(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    found = commands(page)
    assert found, f"no sitrep commands found in the code blocks of {page}"
    write_fixtures(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITREP_MODEL", raising=False)
    monkeypatch.delenv("SITREP_DB", raising=False)
    failed = []
    for command in found:
        code = main(runnable(command))
        captured = capsys.readouterr()
        if code != 0:
            failed.append(f"{command} → exit {code}: {captured.err.strip()[-300:]}")
    assert not failed, "\n".join(failed)


def test_the_commands_are_found() -> None:
    """The parser sees the commands the pages show (so the test above cannot pass on nothing)."""
    readme = [c.argv[0] for c in commands("README.md")]
    assert readme[:2] == ["extract", "show"] and {"ingest", "stats", "export", "eval", "model"} <= set(readme)
    cli = {c.argv[0] for c in commands("docs/cli.md")}
    assert cli == {
        "--version",
        "parse",
        "extract",
        "show",
        "ingest",
        "spark",
        "load",
        "stories",
        "compare",
        "stats",
        "serve",
        "export",
        "eval",
        "model",
    }
    assert runnable(next(c for c in commands("docs/cli.md") if c.argv[0] == "serve")) == ["serve", "--help"]
    network = [c for c in commands("README.md") if c.argv[0] == "ingest"]
    assert runnable(network[0]) == ["ingest", "--help"]
    assert ["extract", "--jsonl", "articles.jsonl"] in [
        c.argv for c in commands("docs/cli.md")
    ]  # "> FILE" dropped
