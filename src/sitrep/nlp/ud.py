"""The UD adapter: parses in spaCy's ClearNLP scheme rewritten into Universal Dependencies.

sitrep's coders read UD relations and UD tree shapes. spaCy's own English pipelines
(``en_core_web_*``, trained on OntoNotes 5 converted with ClearNLP) use another scheme: ``dobj``,
``nsubjpass``, ``poss``, ``prt``, and prepositions as the heads of their objects (``prep`` → ``pobj``).
The ``sitrep_ud`` component, added by :func:`~sitrep.nlp.load_model` after such a pipeline, rewrites each
sentence:

* **prepositions** become the ``case`` of their object, which hangs from the preposition's head as ``obl``
  (from a verb, adjective or adverb), ``nmod`` (from a nominal) or ``obl:agent`` (passive "by"); two-word
  prepositions ("according to", "because of") become ``case`` + ``fixed``; a preposition before a clause
  ("after leaving") becomes its ``mark`` and the clause an ``advcl``/``acl``;
* **copula**: "be" with a predicate noun or adjective (``attr``, ``acomp``), or else with a prepositional
  phrase ("was in Geneva"), hands the head over to the predicate and becomes its ``cop``, with its subject,
  auxiliaries and modifiers; after "there is" the ``attr`` is the subject;
* **coordination**: conjunct chains (A → B → C) become a fan from the first conjunct, and ``cc`` hangs from
  the conjunct after it;
* **names**: a person's name ("Sergei Lavrov", compounds hung from the last word) is headed by its first word,
  the others ``flat``; infinitival "to" is a ``mark``, not an ``aux``, and an infinitive on a noun ("ways to
  end the war") an ``acl``, not a relative clause;
* every other label is renamed by the table in ``nlp/data/clearnlp-ud.tsv`` (``dobj`` → ``obj``,
  ``nsubjpass`` → ``nsubj:pass``, ``poss`` → ``nmod:poss``, ``prt`` → ``compound:prt``, ``neg`` → ``advmod``).

A sentence whose rewrite is not a tree with the same number of roots keeps its original parse (and labels):
the adapter never makes a parse worse than a ClearNLP one. :func:`parser_scheme` tells the schemes apart from
a parser's labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.datafile import check_unique, read_table
from sitrep.errors import DataFileError

Scheme = Literal["ud", "clearnlp"]

_UD_SIGNS = frozenset({"obj", "obl", "nsubj:pass", "aux:pass", "nmod:poss"})
_CLEARNLP_SIGNS = frozenset({"dobj", "pobj", "nsubjpass", "auxpass", "poss", "prep"})

_NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
_NOMINAL_TAGS = ("NN", "PRP", "CD", "WP", "EX")
_PREPOSITIONS = frozenset({"prep", "agent", "dative"})
_COPULA = "be"

COLUMNS = ("label", "ud", "ud_nominal", "note")


def parser_scheme(labels: Iterable[str]) -> Scheme | None:
    """``"ud"`` or ``"clearnlp"`` for a parser's label set, ``None`` when it looks like neither."""
    found = set(labels)
    ud, clear = len(found & _UD_SIGNS), len(found & _CLEARNLP_SIGNS)
    if ud >= 2 and ud >= clear:
        return "ud"
    if clear >= 2:
        return "clearnlp"
    return None


@dataclass(frozen=True, slots=True)
class Relabel:
    """The UD relation of a ClearNLP label, by what its head is."""

    ud: str
    ud_nominal: str


def relabel_table_path() -> Path:
    return Path(str(resources.files("sitrep.nlp") / "data" / "clearnlp-ud.tsv"))


def read_relabels(path: Path) -> dict[str, Relabel]:
    """The ClearNLP → UD label table (``file:line`` errors as :class:`~sitrep.errors.DataFileError`)."""
    rows = list(read_table(path, COLUMNS))
    check_unique([(row, row.required("label")) for row in rows], "label")
    table: dict[str, Relabel] = {}
    for row in rows:
        ud = row.required("ud")
        nominal = row.required("ud_nominal")
        for value in (ud, nominal):
            if value != "-" and (" " in value or value != value.strip()):
                raise row.error(f"a relation is one word, got {value!r}")
        if ud == "-":
            raise row.error("column 'ud' must name a relation")
        table[row.get("label")] = Relabel(ud, ud if nominal == "-" else nominal)
    for needed in ("pobj", "prep", "pcomp", "attr", "acomp"):
        if needed not in table:
            raise DataFileError(path, 0, f"the table must say what a left-over {needed!r} becomes")
    return table


@cache
def default_relabels() -> dict[str, Relabel]:
    return read_relabels(relabel_table_path())


class _Sentence:
    """One sentence's tree as plain lists (sentence-relative heads), rewritten in place."""

    def __init__(self, sent: Span) -> None:
        self.offset = sent.start
        tokens = list(sent)
        self.n = len(tokens)
        self.heads = [t.head.i - self.offset for t in tokens]
        self.deps = [t.dep_ for t in tokens]
        self.pos = [t.pos_ for t in tokens]
        self.tags = [t.tag_ for t in tokens]
        self.lemmas = [(t.lemma_ or t.text).lower() for t in tokens]
        self.person = [t.ent_type_ in ("PERSON", "PER") for t in tokens]
        self.entity = [t.ent_iob_ == "B" for t in tokens]  # an entity starts here

    def root(self, i: int) -> bool:
        return self.heads[i] == i

    def children(self, i: int, *deps: str) -> list[int]:
        return [
            j for j in range(self.n) if self.heads[j] == i and j != i and (not deps or self.deps[j] in deps)
        ]

    def nominal(self, i: int) -> bool:
        return self.pos[i] in _NOMINAL_POS or (not self.pos[i] and self.tags[i].startswith(_NOMINAL_TAGS))

    def adposition(self, i: int) -> bool:
        return self.pos[i] in ("ADP", "SCONJ") or self.tags[i] in ("IN", "TO", "RP")

    def move_children(self, source: int, target: int, keep: Iterable[int] = ()) -> None:
        kept = set(keep) | {target}
        for j in self.children(source):
            if j not in kept:
                self.heads[j] = target

    def attach(self, i: int, head: int, dep: str) -> None:
        """Hang ``i`` from ``head`` (``head == i`` makes it a root)."""
        self.heads[i] = head
        self.deps[i] = dep

    def take_place(self, new: int, old: int) -> None:
        """``new`` takes ``old``'s head and relation (the root's, when ``old`` is a root)."""
        if self.root(old):
            self.attach(new, new, self.deps[old])
        else:
            self.attach(new, self.heads[old], self.deps[old])

    def roots(self) -> int:
        return sum(1 for i in range(self.n) if self.root(i))


def _prepositions(s: _Sentence) -> None:
    """Prepositions become the case of their objects (or the mark of their clauses)."""
    for p in range(s.n):
        if s.deps[p] == "prt" and s.children(p, "pobj"):  # "called on all parties": a particle with an object
            s.deps[p] = "prep"
        if s.deps[p] not in _PREPOSITIONS or (s.deps[p] == "dative" and not s.adposition(p)):
            continue
        agent = s.deps[p] == "agent"
        if objects := s.children(p, "pobj"):
            obj = objects[0]
            s.take_place(obj, p)
            s.deps[obj] = "obl:agent" if agent else "pobj"
            words = [c for c in s.children(p, "prep", "pcomp") if s.adposition(c) and not s.children(c)]
            s.move_children(p, obj, keep=words)
            s.attach(p, obj, "case")
            for word in words:  # "because of the war" with "war" hung from "because"
                s.attach(word, *((p, "fixed") if word == p + 1 else (obj, "case")))
            continue
        inner = [c for c in s.children(p, "prep", "pcomp") if s.adposition(c) and s.children(c, "pobj")]
        if inner:  # "because of the war", "according to officials", "from behind the wall"
            second = inner[0]
            obj = s.children(second, "pobj")[0]
            s.take_place(obj, p)
            s.deps[obj] = "obl:agent" if agent else "pobj"
            s.move_children(second, obj)
            s.move_children(p, obj, keep=[second])
            s.attach(p, obj, "case")
            if second == p + 1:
                s.attach(second, p, "fixed")
            else:
                s.attach(second, obj, "case")
            continue
        if clauses := s.children(p, "pcomp"):  # "after leaving the capital"
            clause = clauses[0]
            s.take_place(clause, p)
            s.deps[clause] = "pcomp"
            s.move_children(p, clause)
            s.attach(p, clause, "mark")


def _conjuncts(s: _Sentence) -> None:
    """Conjunct chains become a fan from the first conjunct; ``cc`` hangs from the conjunct after it."""
    for c in range(s.n):
        if s.deps[c] != "cc" or s.root(c):
            continue
        following = [k for k in s.children(s.heads[c], "conj") if k > c]
        if following:
            s.heads[c] = min(following)
    for j in range(s.n):
        if s.deps[j] != "conj":
            continue
        first = s.heads[j]
        seen = {j}
        while s.deps[first] == "conj" and not s.root(first) and first not in seen:
            seen.add(first)
            first = s.heads[first]
        s.heads[j] = first


def _copulas(s: _Sentence) -> None:
    """ "be" with a predicate noun or adjective becomes the predicate's ``cop``."""
    for be in range(s.n):
        if s.lemmas[be] != _COPULA or s.deps[be] in ("aux", "auxpass", "aux:pass"):
            continue
        predicates = s.children(be, "attr", "acomp")
        if not predicates and not s.children(be, "dobj", "ccomp", "xcomp", "expl", "pcomp"):
            # "the meeting was in Geneva": the prepositional phrase is the predicate
            predicates = [k for k in s.children(be, "pobj") if k > be][:1]
        if not predicates:
            continue
        if s.children(be, "expl"):  # "there were clashes": the noun is the subject
            for attr in s.children(be, "attr"):
                s.deps[attr] = "nsubj"
            continue
        predicate = predicates[0]
        s.take_place(predicate, be)
        s.move_children(be, predicate)
        s.attach(be, predicate, "cop")


def _infinitives(s: _Sentence) -> None:
    """Infinitival "to" is a ``mark``; an infinitive on a noun ("ways to end the war") is its ``acl``."""
    for i in range(s.n):
        if s.deps[i] == "aux" and s.tags[i] == "TO":
            s.deps[i] = "mark"
            if s.deps[s.heads[i]] == "relcl":
                s.deps[s.heads[i]] = "acl"


def _names(s: _Sentence) -> None:
    """A person's name is headed by its first word, the others ``flat``."""
    for last in range(s.n):
        if not s.person[last] or s.pos[last] != "PROPN":
            continue
        parts = [k for k in s.children(last, "compound") if s.person[k] and s.pos[k] == "PROPN" and k < last]
        if not parts or (s.person[last + 1] if last + 1 < s.n else False):
            continue
        # the name's words: the compounds right before the last word, within one entity
        words = [last]
        k = last - 1
        while k >= 0 and k in parts:
            words.insert(0, k)
            if s.entity[k]:
                break
            k -= 1
        if len(words) < 2 or words[0] + len(words) - 1 != last:
            continue
        first = words[0]
        s.take_place(first, last)
        s.move_children(last, first, keep=words)
        for k in words[1:]:
            s.attach(k, first, "flat")


def _relabel(s: _Sentence, table: dict[str, Relabel]) -> None:
    for i in range(s.n):
        rule = table.get(s.deps[i])
        if rule is None:
            continue
        head = s.heads[i]
        nominal = head != i and s.nominal(head) and not s.children(head, "cop")  # not a predicate
        s.deps[i] = rule.ud_nominal if nominal else rule.ud


def rewrite(sent: Span, table: dict[str, Relabel] | None = None) -> tuple[list[int], list[str]] | None:
    """The UD heads (document indices) and relations of one ClearNLP-parsed sentence, or ``None`` when the
    rewrite is not a tree with as many roots as the original (the sentence then keeps its parse)."""
    s = _Sentence(sent)
    roots = s.roots()
    _prepositions(s)
    _conjuncts(s)
    _copulas(s)
    _infinitives(s)
    _names(s)
    _relabel(s, table if table is not None else default_relabels())
    if not is_tree(s.heads, 0, s.n, roots=roots):
        return None
    return [h + s.offset for h in s.heads], s.deps


def to_ud(doc: Doc, table: dict[str, Relabel] | None = None) -> Doc:
    """Rewrite every sentence of a ClearNLP-parsed ``doc`` into UD (in place; returns ``doc``)."""
    if not doc.has_annotation("DEP"):
        return doc
    heads = [t.head.i for t in doc]
    deps = [t.dep_ for t in doc]
    changed = False
    for sent in doc.sents:
        result = rewrite(sent, table)
        if result is None:
            continue
        new_heads, new_deps = result
        for k, (head, dep) in enumerate(zip(new_heads, new_deps, strict=True)):
            i = sent.start + k
            if heads[i] != head or deps[i] != dep:
                heads[i], deps[i] = head, dep
                changed = True
    if changed:
        write_parse(doc, heads, deps)
    return doc


def is_tree(heads: Sequence[int], start: int, end: int, roots: int = 1) -> bool:
    """Whether the tokens ``start..end`` (``heads`` as indices, a root heading itself) have ``roots`` roots
    and every token reaches one of them inside the span without a cycle."""
    if sum(1 for i in range(start, end) if heads[i] == i) != roots:
        return False
    state = dict.fromkeys(range(start, end), 0)  # 0 unknown, 1 on the current path, 2 reaches a root
    for first in range(start, end):
        path: list[int] = []
        i = first
        while state[i] == 0 and heads[i] != i:
            state[i] = 1
            path.append(i)
            i = heads[i]
            if not start <= i < end or state[i] == 1:
                return False
        for j in [*path, i]:
            state[j] = 2
    return True


def write_parse(doc: Doc, heads: list[int], deps: list[str]) -> None:
    """Set every token's head (a document index) and relation at once. Sentence boundaries do not change:
    each sentence stays one tree (the callers check), so its root's left edge is still its first token."""
    strings = doc.vocab.strings
    array = numpy.zeros((len(doc), 2), dtype="uint64")
    for i, (head, dep) in enumerate(zip(heads, deps, strict=True)):
        array[i, 0] = numpy.uint64(numpy.int64(head - i).astype(numpy.uint64))
        array[i, 1] = strings.add(dep)
    doc.from_array([HEAD, DEP], array)  # type: ignore[arg-type]


@Language.factory("sitrep_ud", default_config={})
def make_ud_adapter(nlp: Language, name: str) -> UDAdapter:
    return UDAdapter()


class UDAdapter:
    """Pipeline component: rewrites a ClearNLP parse into UD (see the module's description)."""

    def __init__(self) -> None:
        self.table = default_relabels()

    def __call__(self, doc: Doc) -> Doc:
        return to_ud(doc, self.table)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield to_ud(doc, self.table)
