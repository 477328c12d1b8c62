"""Helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from sitrep.pipeline import Extractor
    from sitrep.stages import ArticleState, Stage

REPO = Path(__file__).resolve().parent.parent
"""The repository root."""
EXAMPLES = REPO / "examples"
TEST_DATA = Path(__file__).resolve().parent / "data"
"""Fixture files written for the tests (tests/data)."""


def copy_folder(source: Path, tmp_path: Path) -> Path:
    """A writable copy of a shipped data folder, for tests that break an entry."""
    folder = tmp_path / "data"
    shutil.copytree(source, folder)
    return folder


def append_line(path: Path, line: str) -> int:
    """Append one line to a data file; return its line number."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def assert_bad_entry_reported(
    load: Callable[[Path], object], source: Path, tmp_path: Path, file: str, line: str, message: str
) -> None:
    """Append a bad ``line`` to ``file`` in a copy of ``source``: loading must fail at that file:line."""
    from sitrep.errors import DataFileError

    folder = copy_folder(source, tmp_path)
    line_no = append_line(folder / file, line)
    with pytest.raises(DataFileError) as info:
        load(folder)
    assert info.value.path == folder / file
    assert info.value.line == line_no
    assert message in str(info.value)
    assert str(info.value).startswith(f"{folder / file}:{line_no}: ")


def hand_parse(vocab: Vocab, text: str, table: str) -> Doc:
    """A parsed Doc built by hand, so that a rule is tested independently of the statistical model.

    ``table`` has one token per line, in the order of ``text``: ``word lemma POS dep head`` (``head`` is the
    1-based number of the head token, 0 for the root), then optional ``tag=VBD``, ``ent=GPE`` (a one-token
    entity, or ``ent=GPE+`` to go on into the next token's) and ``morph=Number=Plur``. Spaces come from
    ``text``.
    """
    from spacy.tokens import Doc

    rows = [line.split() for line in table.strip().splitlines() if line.strip()]
    _check_tree([int(row[4]) for row in rows])
    words = [row[0] for row in rows]
    spaces, at = [], 0
    for word in words:
        at = text.index(word, at) + len(word)
        spaces.append(text[at : at + 1] == " ")
    extra = [dict(item.split("=", 1) for item in row[5:]) for row in rows]
    ents, inside = [], False
    for options in extra:
        label = options.get("ent", "")
        ents.append(("I-" if inside else "B-") + label.rstrip("+") if label else "O")
        inside = label.endswith("+")
    doc = Doc(
        vocab,
        words=words,
        spaces=spaces,
        lemmas=[row[1] for row in rows],
        pos=[row[2] for row in rows],
        deps=[row[3] for row in rows],
        heads=[int(row[4]) - 1 if row[4] != "0" else n for n, row in enumerate(rows)],
        tags=[options.get("tag", row[2]) for row, options in zip(rows, extra, strict=True)],
        morphs=[options.get("morph", "") for options in extra],
        ents=ents,
    )
    assert doc.text == text, (doc.text, text)
    return doc


def _check_tree(heads: list[int]) -> None:
    """A table's heads (1-based, 0 for a root) must make a tree: a cycle makes spaCy's subtree walks loop."""
    for start in range(1, len(heads) + 1):
        seen: set[int] = set()
        node = start
        while node != 0:
            assert 1 <= node <= len(heads), f"token {start}: head {node} is not a token of the table"
            assert node not in seen, f"token {start}: its heads run in a cycle through token {node}"
            seen.add(node)
            node = heads[node - 1]


def run_stages(stages: Sequence[Stage], doc: Doc, published: dt.date) -> ArticleState:
    """The state of an article whose (hand-built) parse ``doc`` went through ``stages``."""
    from sitrep.article import Article
    from sitrep.stages import ArticleState

    state = ArticleState(
        article=Article(doc.text, published), text=doc.text, doc=doc, base=published, dated=True
    )
    for stage in stages:
        stage(state)
    return state


def code_parse(extractor: Extractor, text: str, table: str, published: dt.date) -> ArticleState:
    """Run ``extractor``'s stages on the parse of ``text`` that ``table`` builds (see :func:`hand_parse`)."""
    return run_stages(extractor.stages, hand_parse(extractor.nlp.vocab, text, table), published)
