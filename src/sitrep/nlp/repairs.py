"""Parser repairs: dependency patterns, read from ``nlp/data/repairs.tsv``, that fix known misparses of news.

The statistical parser (trained on UD English-EWT, mostly web text) misreads a few constructions that are
frequent in news, such as the sentence-final attribution "…, the ministry said." The ``sitrep_repairs``
component runs after the parser and rewrites the trees those patterns describe. Each repair is one row of
the data file (the format is documented in ``docs/nlp.md``, "Parser repairs", and at the top of the file):

* ``sentence``: conditions on the whole sentence (``max_words=N``, ``no_pos=VERB,AUX``), or ``-``;
* ``tokens``: the tokens to find, ``|``-separated, each a name and constraints: ``V lemma=say,tell
  dep=acl,acl:relcl nochild=obj``. Attributes: ``word`` (lower-cased text), ``lemma``, ``pos``, ``tag``,
  ``dep``; ``attr!=…`` negates; ``child=…``/``nochild=…`` ask for a dependent with (no) such relation;
* ``relations``: how the tokens relate, ``|``-separated ``A OP B``: ``head-of``, ``child-of``,
  ``just-before``, ``before``, ``just-before-phrase`` (A right before B's phrase, its subtree),
  ``phrase-just-before`` (A's phrase right before B);
* ``rewrite``: ``|``-separated changes: ``X nsubj of V`` (new head and relation), ``X obl`` (new relation
  only), ``V ROOT``, ``pos=VERB``/``tag=VBZ`` after any of those (or alone after the name), and
  ``before V to S`` (the words before V that hung from V or from a word after it now hang from S).
  A head may be a token name, ``root`` (the sentence's root) or ``head(X)`` (X's head before the rewrite).

A rewrite that would not leave each sentence a tree (one root, no cycle) is skipped and the parse kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.datafile import Row, check_unique, read_table
from sitrep.nlp.ud import is_tree, write_parse

REPAIR_COLUMNS = ("name", "sentence", "tokens", "relations", "rewrite", "example", "note")
ATTRIBUTES = ("word", "lemma", "pos", "tag", "dep", "child", "nochild")
RELATIONS = ("head-of", "child-of", "just-before", "before", "just-before-phrase", "phrase-just-before")
SENTENCE_CONDITIONS = ("max_words", "no_pos")


@dataclass(frozen=True, slots=True)
class Constraint:
    attribute: str
    values: frozenset[str]
    negated: bool


@dataclass(frozen=True, slots=True)
class TokenPattern:
    name: str
    constraints: tuple[Constraint, ...]


@dataclass(frozen=True, slots=True)
class Relation:
    left: str
    op: str
    right: str


@dataclass(frozen=True, slots=True)
class Change:
    """One change of a rewrite: ``token`` gets ``label`` (``None``: kept) under ``head`` (``None``: kept;
    ``"ROOT"``: made the root), and optionally a new ``pos``/``tag``. ``gather``: the words before ``token``
    that hang from it or from a word after it move to ``head``."""

    token: str
    label: str | None = None
    head: str | None = None
    pos: str | None = None
    tag: str | None = None
    gather: bool = False


@dataclass(frozen=True, slots=True)
class Repair:
    name: str
    line: int
    max_words: int | None
    no_pos: frozenset[str]
    tokens: tuple[TokenPattern, ...]
    relations: tuple[Relation, ...]
    changes: tuple[Change, ...]


# --- reading the file ---------------------------------------------------------------------------------------


def _sentence(row: Row) -> tuple[int | None, frozenset[str]]:
    text = row.required("sentence")
    max_words: int | None = None
    no_pos: frozenset[str] = frozenset()
    if text == "-":
        return max_words, no_pos
    for item in text.split():
        key, _, value = item.partition("=")
        if key not in SENTENCE_CONDITIONS or not value:
            raise row.error(f"sentence condition {item!r}: use {'=…, '.join(SENTENCE_CONDITIONS)}=… or '-'")
        if key == "max_words":
            if not value.isdigit():
                raise row.error(f"max_words must be a whole number, got {value!r}")
            max_words = int(value)
        else:
            no_pos = frozenset(value.split(","))
    return max_words, no_pos


def _tokens(row: Row) -> tuple[TokenPattern, ...]:
    tokens: list[TokenPattern] = []
    for spec in row.values("tokens"):
        name, *items = spec.split()
        if not name.isidentifier() or name in ("root", "before"):
            raise row.error(f"token name {name!r} must be a word (not 'root' or 'before')")
        constraints = []
        for item in items:
            negated = "!=" in item
            key, _, value = item.partition("!=" if negated else "=")
            if key not in ATTRIBUTES or not value:
                raise row.error(f"token {name}: {item!r} is not attribute=value ({', '.join(ATTRIBUTES)})")
            constraints.append(Constraint(key, frozenset(value.split(",")), negated))
        tokens.append(TokenPattern(name, tuple(constraints)))
    if not tokens:
        raise row.error("column 'tokens' names no token")
    check_unique([(row, t.name) for t in tokens], "token name")
    return tuple(tokens)


def _relations(row: Row, names: set[str]) -> tuple[Relation, ...]:
    relations: list[Relation] = []
    if row.get("relations") == "-":
        return ()
    for spec in row.values("relations"):
        parts = spec.split()
        if len(parts) != 3 or parts[1] not in RELATIONS:
            raise row.error(f"relation {spec!r} must be 'A OP B' with OP one of {', '.join(RELATIONS)}")
        for name in (parts[0], parts[2]):
            if name not in names:
                raise row.error(f"relation {spec!r}: no token named {name!r}")
        relations.append(Relation(parts[0], parts[1], parts[2]))
    return tuple(relations)


def _head_name(row: Row, target: str, names: set[str]) -> str:
    inner = target[5:-1] if target.startswith("head(") and target.endswith(")") else target
    if inner != "root" and inner not in names:
        raise row.error(f"rewrite: no token named {inner!r}")
    return target


def _changes(row: Row, names: set[str]) -> tuple[Change, ...]:
    changes = []
    for spec in row.values("rewrite"):
        words = spec.split()
        if len(words) == 4 and words[0] == "before" and words[2] == "to":
            for name in (words[1], words[3]):
                if name not in names:
                    raise row.error(f"rewrite {spec!r}: no token named {name!r}")
            changes.append(Change(words[1], head=words[3], gather=True))
            continue
        if not words or words[0] not in names:
            raise row.error(f"rewrite {spec!r} must start with a token name")
        name, rest = words[0], words[1:]
        attrs = {w.split("=", 1)[0]: w.split("=", 1)[1] for w in rest if "=" in w}
        rest = [w for w in rest if "=" not in w]
        if set(attrs) - {"pos", "tag"}:
            raise row.error(f"rewrite {spec!r}: only pos= and tag= may be set")
        label: str | None = None
        head: str | None = None
        if rest == ["ROOT"]:
            label, head = "ROOT", "ROOT"
        elif len(rest) == 3 and rest[1] == "of":
            label, head = rest[0], _head_name(row, rest[2], names)
        elif len(rest) == 1:
            label = rest[0]
        elif rest:
            raise row.error(f"rewrite {spec!r} must be 'X label of HEAD', 'X label', 'X ROOT' or 'X pos=…'")
        changes.append(Change(name, label, head, attrs.get("pos"), attrs.get("tag")))
    if not changes:
        raise row.error("column 'rewrite' changes nothing")
    return tuple(changes)


def read_repairs(path: Path) -> tuple[Repair, ...]:
    """The repairs of a data file (columns :data:`REPAIR_COLUMNS`); ``file:line`` errors on a bad row."""
    repairs = []
    keys = []
    for row in read_table(path, REPAIR_COLUMNS):
        name = row.required("name")
        row.required("example")
        max_words, no_pos = _sentence(row)
        tokens = _tokens(row)
        names = {t.name for t in tokens}
        repairs.append(
            Repair(name, row.line, max_words, no_pos, tokens, _relations(row, names), _changes(row, names))
        )
        keys.append((row, name))
    check_unique(keys, "repair")
    return tuple(repairs)


@cache
def shipped_repairs() -> tuple[Repair, ...]:
    with resources.as_file(resources.files("sitrep.nlp") / "data") as folder:
        return read_repairs(folder / "repairs.tsv")


# --- matching on a working copy of the tree -----------------------------------------------------------------


class _Tree:
    """The parse of one doc as arrays that the repairs change; written back to the doc at the end."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.heads = [t.head.i for t in doc]
        self.deps = [t.dep_ for t in doc]
        self.pos = [t.pos_ for t in doc]
        self.tags = [t.tag_ for t in doc]
        self.words = [t.text.lower() for t in doc]
        self.lemmas = [(t.lemma_ or "").lower() for t in doc]
        self.changed = False
        self._edges: dict[int, tuple[int, int]] = {}  # phrase edges of the current tree, by token
        self._kids: list[list[int]] | None = None  # dependents of each token in the current tree

    def children(self, i: int) -> Iterator[int]:
        if self._kids is None:
            self._kids = [[] for _ in self.heads]
            for j, h in enumerate(self.heads):
                if h != j:
                    self._kids[h].append(j)
        return iter(self._kids[i])

    def edges(self, i: int, start: int, end: int) -> tuple[int, int]:
        """The first and last token of ``i``'s phrase (its subtree) within the sentence ``start..end``,
        leaving out punctuation and spaces at its ends (the parser hangs a comma from either side)."""
        if i not in self._edges:
            inside = [j for j in range(start, end) if self._dominates(i, j)]
            words = [j for j in inside if j == i or self.pos[j] not in ("PUNCT", "SPACE")]
            self._edges[i] = (min(words), max(words))
        return self._edges[i]

    def forget_edges(self) -> None:
        self._edges.clear()
        self._kids = None

    def _dominates(self, i: int, j: int) -> bool:
        for _ in range(len(self.heads)):
            if j == i:
                return True
            if self.heads[j] == j:
                return False
            j = self.heads[j]
        return False

    def value(self, i: int, attribute: str) -> str:
        if attribute == "word":
            return self.words[i]
        if attribute == "lemma":
            return self.lemmas[i]
        if attribute == "pos":
            return self.pos[i]
        if attribute == "tag":
            return self.tags[i]
        return self.deps[i]


def _fits(tree: _Tree, i: int, pattern: TokenPattern) -> bool:
    for c in pattern.constraints:
        if c.attribute in ("child", "nochild"):
            found = any(tree.deps[j] in c.values for j in tree.children(i))
            ok = found if c.attribute == "child" else not found
        else:
            ok = tree.value(i, c.attribute) in c.values
        if ok == c.negated:
            return False
    return True


def _holds(tree: _Tree, relation: Relation, a: int, b: int, start: int, end: int) -> bool:
    op = relation.op
    if op == "head-of":
        return tree.heads[b] == a and a != b
    if op == "child-of":
        return tree.heads[a] == b and a != b
    if op == "just-before":
        return a + 1 == b
    if op == "before":
        return a < b
    if op == "just-before-phrase":
        return a + 1 == tree.edges(b, start, end)[0]
    return tree.edges(a, start, end)[1] + 1 == b  # phrase-just-before


_SELECTIVE = {"word": 0, "lemma": 0, "tag": 1, "dep": 2, "pos": 3}


def _selectivity(pattern: TokenPattern) -> int:
    """How few tokens a pattern is likely to fit: one naming words or lemmas least, one with no condition on
    its own attributes most."""
    ranks = [
        _SELECTIVE[c.attribute] for c in pattern.constraints if not c.negated and c.attribute in _SELECTIVE
    ]
    return min(ranks, default=len(_SELECTIVE))


def _may_occur(tree: _Tree, repair: Repair, words: list[int]) -> bool:
    """False when a token the repair needs names words or lemmas none of which is in the sentence."""
    for pattern in repair.tokens:
        for c in pattern.constraints:
            if c.negated or c.attribute not in ("word", "lemma"):
                continue
            values = tree.words if c.attribute == "word" else tree.lemmas
            if not any(values[i] in c.values for i in words):
                return False
    return True


def _matches(tree: _Tree, repair: Repair, start: int, end: int) -> Iterator[dict[str, int]]:
    words = [i for i in range(start, end) if tree.pos[i] != "SPACE"]
    if repair.max_words is not None and len(words) > repair.max_words:
        return
    if repair.no_pos and any(tree.pos[i] in repair.no_pos for i in words):
        return
    if not _may_occur(tree, repair, words):
        return
    found: dict[str, list[int]] = {}
    for p in sorted(repair.tokens, key=_selectivity):  # the rarest first: most sentences stop there
        found[p.name] = [i for i in words if _fits(tree, i, p)]
        if not found[p.name]:
            return
    candidates = [found[p.name] for p in repair.tokens]

    def extend(bound: dict[str, int], k: int) -> Iterator[dict[str, int]]:
        if k == len(repair.tokens):
            yield dict(bound)
            return
        name = repair.tokens[k].name
        for i in candidates[k]:
            if i in bound.values():
                continue
            bound[name] = i
            if all(
                _holds(tree, r, bound[r.left], bound[r.right], start, end)
                for r in repair.relations
                if r.left in bound and r.right in bound
            ):
                yield from extend(bound, k + 1)
            del bound[name]

    yield from extend({}, 0)


def _apply(tree: _Tree, repair: Repair, bound: dict[str, int], start: int, end: int) -> bool:
    """Rewrite the matched tokens; ``False`` (nothing changed) if the sentence would not stay a tree."""
    root = next(i for i in range(start, end) if tree.heads[i] == i)
    heads, deps = list(tree.heads), list(tree.deps)
    pos, tags = list(tree.pos), list(tree.tags)

    def target(name: str) -> int:
        if name == "root":
            return root
        if name.startswith("head("):
            return tree.heads[bound[name[5:-1]]]
        return bound[name]

    for change in repair.changes:
        i = bound[change.token]
        if change.gather:
            to = target(change.head or "")
            for j in range(start, i):
                if j != to and (heads[j] == i or heads[j] > i) and heads[j] != j:
                    heads[j] = to
            continue
        if change.head == "ROOT":
            old = root
            heads[i] = i
            if old != i and heads[old] == old:
                heads[old] = i  # the old root hangs from the new one until a later change says where
        elif change.head is not None:
            heads[i] = target(change.head)
        if change.label is not None:
            deps[i] = change.label
        if change.pos is not None:
            pos[i] = change.pos
        if change.tag is not None:
            tags[i] = change.tag
    if not is_tree(heads, start, end):
        return False
    tree.heads, tree.deps, tree.pos, tree.tags = heads, deps, pos, tags
    tree.changed = True
    tree.forget_edges()
    return True


def repair_doc(doc: Doc, repairs: Sequence[Repair]) -> Doc:
    """Apply ``repairs`` in order to every sentence of a parsed ``doc`` (in place; returned for chaining)."""
    if not doc.has_annotation("DEP") or not repairs:
        return doc
    tree = _Tree(doc)
    for sent in list(doc.sents):
        start, end = sent.start, sent.end
        for repair in repairs:
            done: set[tuple[int, ...]] = set()
            while True:  # after each rewrite look again: the tree has changed
                match = next(
                    (m for m in _matches(tree, repair, start, end) if tuple(m.values()) not in done), None
                )
                if match is None:
                    break
                done.add(tuple(match.values()))
                _apply(tree, repair, match, start, end)
    if tree.changed:
        _write(doc, tree)
    return doc


def _write(doc: Doc, tree: _Tree) -> None:
    write_parse(doc, tree.heads, tree.deps)
    for token, pos, tag in zip(doc, tree.pos, tree.tags, strict=True):
        if token.pos_ != pos:
            token.pos_ = pos
        if token.tag_ != tag:
            token.tag_ = tag


class ParserRepairs:
    """The ``sitrep_repairs`` pipeline component."""

    def __init__(self, repairs: Sequence[Repair]) -> None:
        self.repairs = tuple(repairs)

    def __call__(self, doc: Doc) -> Doc:
        return repair_doc(doc, self.repairs)


@Language.factory("sitrep_repairs", assigns=["token.head", "token.dep", "token.pos", "token.tag"])
def make_parser_repairs(nlp: Language, name: str) -> ParserRepairs:
    return ParserRepairs(shipped_repairs())
