"""Read Universal Dependencies CoNLL-U and Universal NER IOB2 files into spaCy Docs.

Used by ``training/convert.py`` (builds the training corpora) and by :mod:`sitrep.evaluate.nlp`
(scores a pipeline against gold annotation: ``benchmarks/accuracy.py`` and the gold-gate tests).

The treebank is read at the level of syntactic words (multi-word token lines such as ``1-2 don't`` are
used only for their ``SpaceAfter``), which is the level spaCy's English tokenizer works at. UNER labels are
joined to the treebank by ``sent_id``; only ``PER``, ``ORG`` and ``LOC`` are kept (the draft train file's
``OTH`` and stray ``B-O`` labels become ``O``). A sentence whose UNER tokens differ from the treebank's keeps
its syntax and has its entities marked *missing*, not *absent*.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

ENTITY_LABELS = ("PER", "ORG", "LOC")


@dataclass
class Sentence:
    sent_id: str
    doc_id: str
    new_par: bool
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    upos: list[str] = field(default_factory=list)
    xpos: list[str] = field(default_factory=list)
    feats: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # 0-based within the sentence, self for the root
    deps: list[str] = field(default_factory=list)
    ents: list[str] | None = None


def read_conllu(path: Path) -> Iterator[Sentence]:
    """Yield the sentences of a CoNLL-U file, in order."""
    doc_id = ""
    sent_id = ""
    new_par = False
    rows: list[list[str]] = []
    # Multi-word tokens ("don't" = do + n't): the words inside have no space between them; the
    # last word takes the surface token's SpaceAfter.
    no_space: set[int] = set()
    last_space: dict[int, bool] = {}
    with path.open(encoding="utf-8") as handle:
        for line_no, raw in enumerate(handle, start=1):
            line = raw.rstrip("\n")
            if line.startswith("# newdoc"):
                doc_id = line.split("=", 1)[1].strip() if "=" in line else f"{path.name}:{line_no}"
            elif line.startswith("# newpar"):
                new_par = True
            elif line.startswith("# sent_id"):
                sent_id = line.split("=", 1)[1].strip()
            elif line.startswith("#"):
                continue
            elif not line.strip():
                if rows:
                    yield _sentence(sent_id, doc_id or path.name, new_par, rows, no_space, last_space)
                rows, no_space, last_space, new_par = [], set(), {}, False
            else:
                cols = line.split("\t")
                if len(cols) != 10:
                    raise ValueError(f"{path}:{line_no}: expected 10 tab-separated columns")
                if "-" in cols[0]:
                    first, last = (int(x) for x in cols[0].split("-"))
                    no_space.update(range(first, last))
                    last_space[last] = "SpaceAfter=No" not in cols[9]
                elif "." not in cols[0]:  # skip the empty nodes of the enhanced graph
                    rows.append(cols)
    if rows:
        yield _sentence(sent_id, doc_id or path.name, new_par, rows, no_space, last_space)


def _sentence(
    sent_id: str,
    doc_id: str,
    new_par: bool,
    rows: list[list[str]],
    no_space: set[int],
    last_space: dict[int, bool],
) -> Sentence:
    sent = Sentence(sent_id=sent_id, doc_id=doc_id, new_par=new_par)
    for cols in rows:
        idx = int(cols[0])
        if idx in no_space:
            space = False
        elif idx in last_space:
            space = last_space[idx]
        else:
            space = "SpaceAfter=No" not in cols[9]
        head = int(cols[6])
        sent.words.append(cols[1])
        sent.spaces.append(space)
        sent.lemmas.append(cols[2])
        sent.upos.append(cols[3])
        sent.xpos.append(cols[4])
        sent.feats.append("" if cols[5] == "_" else cols[5])
        sent.heads.append(idx - 1 if head == 0 else head - 1)
        sent.deps.append("ROOT" if cols[7] == "root" else cols[7])
    return sent


def read_iob2(path: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Map ``sent_id`` to (words, IOB2 tags restricted to PER/ORG/LOC)."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    sent_id = ""
    words: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line_no, raw in enumerate(handle, start=1):
            line = raw.rstrip("\n")
            if line.startswith("# sent_id"):
                sent_id = line.split("=", 1)[1].strip()
                words, tags = [], []
            elif line.startswith("#"):
                continue
            elif not line.strip():
                if sent_id:
                    out[sent_id] = (words, _clean_iob(tags))
                sent_id = ""
            else:
                cols = line.split("\t")
                if len(cols) < 3:
                    raise ValueError(f"{path}:{line_no}: expected at least 3 tab-separated columns")
                words.append(cols[1])
                tags.append(cols[2])
    if sent_id:
        out[sent_id] = (words, _clean_iob(tags))
    return out


def _clean_iob(tags: list[str]) -> list[str]:
    """Keep PER/ORG/LOC; repair I- tags that follow O (or another label) into B- tags."""
    clean: list[str] = []
    prev = "O"
    for tag in tags:
        label = tag[2:] if tag[:2] in ("B-", "I-") else ""
        if label not in ENTITY_LABELS:
            clean.append("O")
            prev = "O"
            continue
        if tag.startswith("I-") and prev[2:] != label:
            tag = "B-" + label
        clean.append(tag)
        prev = tag
    return clean


def attach_entities(sentences: list[Sentence], iob: dict[str, tuple[list[str], list[str]]]) -> int:
    """Copy UNER tags onto matching sentences; return how many sentences could not be matched."""
    unmatched = 0
    for sent in sentences:
        found = iob.get(sent.sent_id)
        if found is not None and found[0] == sent.words:
            sent.ents = found[1]
        else:
            unmatched += 1
    return unmatched


def group_sentences(sentences: list[Sentence], *, max_sentences: int | None) -> Iterator[list[Sentence]]:
    """Group consecutive sentences of one source document, at most ``max_sentences`` a group."""
    group: list[Sentence] = []
    for sent in sentences:
        if group and (sent.doc_id != group[-1].doc_id or (max_sentences and len(group) >= max_sentences)):
            yield group
            group = []
        group.append(sent)
    if group:
        yield group


def paragraph_break(sent: Sentence) -> str:
    """The whitespace put before a sentence that opens a paragraph: a blank line, or for some a single
    newline (chosen by ``sent_id``, so reproducible), so that models see both."""
    return "\n" if sum(map(ord, sent.sent_id)) % 3 == 0 else "\n\n"


def to_doc(vocab: Vocab, group: list[Sentence], *, with_ents: bool, whitespace_tokens: bool = False) -> Doc:
    """One gold Doc from consecutive sentences; heads become document-level indices.

    With ``whitespace_tokens`` a paragraph break becomes a whitespace token, annotated as spaCy's English
    pipelines annotate them (tag ``_SP``, POS ``SPACE``, relation ``dep`` to the word before it, part of the
    sentence before it). Running text has such tokens; a parser that never saw one in training may make one
    the head of a sentence.
    """
    words: list[str] = []
    spaces: list[bool] = []
    lemmas: list[str] = []
    pos: list[str] = []
    tags: list[str] = []
    morphs: list[str] = []
    heads: list[int] = []
    deps: list[str] = []
    sent_starts: list[bool | int | None] = []
    ents: list[str | None] = []
    for index, sent in enumerate(group):
        if whitespace_tokens and index and sent.new_par:
            spaces[-1] = False
            heads.append(len(words) - 1)
            words.append(paragraph_break(sent))
            spaces.append(False)
            lemmas.append(words[-1])
            pos.append("SPACE")
            tags.append("_SP")
            morphs.append("")
            deps.append("dep")
            sent_starts.append(False)
            ents.append("O")
        offset = len(words)
        words.extend(sent.words)
        spaces.extend(sent.spaces)
        spaces[-1] = True
        lemmas.extend(sent.lemmas)
        pos.extend(sent.upos)
        tags.extend(sent.xpos)
        morphs.extend(sent.feats)
        heads.extend(h + offset for h in sent.heads)
        deps.extend(sent.deps)
        sent_starts.extend([True] + [False] * (len(sent.words) - 1))
        # None marks a token's entity annotation as missing (not known to be outside an entity).
        ents.extend(sent.ents if sent.ents is not None else [None] * len(sent.words))
    spaces[-1] = False
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        lemmas=lemmas,
        pos=pos,
        tags=tags,
        morphs=morphs,
        heads=heads,
        deps=deps,
        sent_starts=sent_starts,
        ents=ents if with_ents else None,  # type: ignore[arg-type]
    )


def raw_text(group: list[Sentence]) -> str:
    """The running text of a document as a reader would see it: paragraphs separated by line breaks."""
    parts: list[str] = []
    for i, sent in enumerate(group):
        if i:
            parts.append(paragraph_break(sent) if sent.new_par else " ")
        for word, space in zip(sent.words, sent.spaces, strict=True):
            parts.append(word + (" " if space else ""))
        parts[-1] = parts[-1].rstrip(" ")
    return "".join(parts)
