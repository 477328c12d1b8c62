"""Which short quoted words are scare quotes: the outlet's distance from a word, not someone's words or a
name.

The quote finder hands over the short quoted stretches in narrative that no verb of saying or naming governs
directly. Many are still not the outlet's distance. :func:`not_scare` tells them apart, with the words of
``scare-quotes.tsv`` and the number in ``scare-quote-settings.tsv`` (format in ``docs/framing.md``):

* **distancing** words before the marks (so-called "…", self-proclaimed "…") keep the cue, whatever follows;
* **whole** words, alone in the marks, are a mention or a name wherever they stand (a "yes", a "no");
* **name**: every word capitalised but the ``title_word`` ones ("Meet the Press", William "Mo" Cowan, with a
  possessive ending too), words between a given name and a surname (Vincent "the Chin" Smith), or a ``before``
  word just before the marks (the show "…", Operation "…") or an ``after`` noun just after them ("don't ask,
  don't tell" policy);
* **mention**: a ``before`` word such as "the word", "vote", "as" (the word as a word, a characterisation);
* **attributed**: the quoted words hang, at any depth, from a verb of saying (a report of the quote stage)
  or an ``attribution`` verb (accused them of "collusion", blamed "progressivism"), or within two steps from
  an ``attribution`` noun (calls to prevent a "catastrophe"), or sit in a clause whose subject is an
  ``attribution`` noun (the statement would permit "limited" exports), or hang at any depth from a clause
  below a ``document`` noun (a strategy whose goal was to confront "hostile" powers; not its topic: an audit
  of the "ghost" payrolls), or sit in a clause with "…, he said" or
  "according to X" beside it; not as the verb's subject ("'Birthers' have demanded …"), nor across "and"
  into a clause with a subject of its own. A verb of saying or attribution a few words before them in their
  sentence (``saying_before``), or an attribution noun nearer still (``noun_before``), does as well, whatever
  the parse. So do: a quoted verb phrase of several words (``verb_phrase_words``: "lost his temper"); a
  longer quote in the same sentence (``quote_in_sentence_words``: the short words are the same source's);
  and a sentence whose subject is a personal pronoun right after a report, or after more such sentences
  back to one (``report_sentences``: "It set out …" after "The agency noted …").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from spacy.tokens import Doc, Token

from sitrep.datafile import Row, check_unique, read_settings, read_table
from sitrep.nlp.forms import base_forms
from sitrep.records import Span

SCARE_FILE = "scare-quotes.tsv"
SETTINGS_FILE = "scare-quote-settings.tsv"
SETTINGS = (
    "saying_before",
    "noun_before",
    "report_sentences",
    "verb_phrase_words",
    "quote_in_sentence_words",
)
SCARE_COLUMNS = ("word", "kind", "note")
KINDS = ("attribution", "document", "before", "after", "whole", "distancing", "title_word")
Reason = Literal["attributed", "name", "mention"]

_WORD = re.compile(r"^[a-z0-9][a-z0-9'.\-]*(?: [a-z0-9'.\-]+)*$")
_SKIPPED_BEFORE = frozenset({"a", "an", "the", "of", "being"})
"""Words passed over on the way back to a ``before`` word: the word "…", definition of "…", as a "…"."""
_SUBJECTS = frozenset({"nsubj", "nsubj:pass", "csubj", "csubj:pass", "expl"})
_ENDS_SENTENCE = frozenset(".!?:;\n")
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
"""A possessive ending inside a capitalised name ("Chin's")."""


@dataclass(frozen=True, slots=True, eq=False)
class ScareRules:
    """The words that tell scare quotes from attributed fragments, names and mentions."""

    attribution: frozenset[str]
    """Lemmas of verbs and nouns whose complement carries someone's words (accuse, blame, claim, call)."""
    documents: frozenset[str]
    """Lemmas of nouns of written texts (report, letter, strategy): quoted words in a clause below one, at any
    depth, are its words."""
    before: Mapping[str, Reason]
    """Lemmas just before the marks that make the quoted words a name (show, operation) or a mention (word,
    vote, as)."""
    after: frozenset[str]
    """Lemmas of nouns just after the marks that make the quoted words a name (policy, show, plan)."""
    distancing: tuple[str, ...]
    """Words just before the marks that keep the cue whatever else holds (so-called, self-proclaimed)."""
    title_words: frozenset[str]
    """Words that stay lower case inside a capitalised name ("Face the Nation")."""
    whole: Mapping[str, Reason] = dataclass_field(default_factory=dict)
    """Quoted words that, alone in the marks, are a mention or a name whatever surrounds them (a "yes", a
    "no")."""
    saying_before: int = 0
    """A verb of saying or attribution this many words before the quoted words, in their sentence, makes them
    attributed whatever the parse (0: off)."""
    noun_before: int = 0
    """An attribution noun at most this many words before the quoted words, in their sentence, makes them
    attributed whatever the parse (0: off)."""
    report_sentences: int = 0
    """A sentence whose subject is a personal pronoun continues the report of a sentence at most this many
    sentences before it, through sentences with a pronoun subject (0: off)."""
    verb_phrase_words: int = 0
    """Quoted words of at least this many words headed by a verb are a fragment of someone's account (0:
    off)."""
    quote_in_sentence_words: int = 0
    """Another quoted stretch of at least this many words in the sentence makes the short quoted words the
    same source's (0: off)."""


def _rule(row: Row) -> tuple[str, str, Reason | None]:
    word = row.required("word")
    if not _WORD.match(word):
        raise row.error(f"word {word!r} must be lower-case words separated by single spaces")
    kind = row.required("kind")
    if kind not in KINDS:
        raise row.error(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if kind not in ("distancing", "whole") and " " in word:
        raise row.error(f"a {kind} word is one word (a lemma), got {word!r}")
    note = row.required("note")
    reason: Reason | None = None
    if kind in ("before", "whole"):
        if note.startswith("name:"):
            reason = "name"
        elif note.startswith("mention:"):
            reason = "mention"
        else:
            raise row.error(
                f"the note of a {kind} word starts with 'name:' or 'mention:' (what it makes them)"
            )
    return word, kind, reason


def load_scare_rules(folder: Path) -> ScareRules:
    """Load and check ``scare-quotes.tsv`` and ``scare-quote-settings.tsv`` in ``folder``."""
    rows = list(read_table(folder / SCARE_FILE, SCARE_COLUMNS))
    rules = [_rule(row) for row in rows]
    check_unique([(row, f"{w} {k}") for row, (w, k, _) in zip(rows, rules, strict=True)], "word and kind")

    settings = read_settings(folder / SETTINGS_FILE, SETTINGS)

    def words(kind: str) -> list[str]:
        return [w for w, k, _ in rules if k == kind]

    return ScareRules(
        attribution=frozenset(words("attribution")),
        documents=frozenset(words("document")),
        before={w: r for w, k, r in rules if k == "before" and r is not None},
        after=frozenset(words("after")),
        distancing=tuple(words("distancing")),
        title_words=frozenset(words("title_word")),
        whole={w: r for w, k, r in rules if k == "whole" and r is not None},
        saying_before=settings["saying_before"].whole("value", 0, 100),
        noun_before=settings["noun_before"].whole("value", 0, 100),
        report_sentences=settings["report_sentences"].whole("value", 0, 10),
        verb_phrase_words=settings["verb_phrase_words"].whole("value", 0, 100),
        quote_in_sentence_words=settings["quote_in_sentence_words"].whole("value", 0, 1000),
    )


@cache
def default_scare_rules() -> ScareRules:
    """The rules shipped with sitrep (loaded once)."""
    with resources.as_file(resources.files("sitrep.framing") / "data") as folder:
        return load_scare_rules(folder)


def not_scare(doc: Doc, quoted: Span, rules: ScareRules, reports: Mapping[int, str]) -> Reason | None:
    """Why the quoted words ``quoted`` are not the outlet's scare quotes, or ``None`` where they are.
    ``reports`` maps where each report's cue starts (the quote stage's verbs of saying and "according to"
    phrases) to its kind, ``speech`` or ``source``."""
    found = doc.char_span(quoted.start, quoted.end, alignment_mode="expand")
    tokens = [t for t in found if not (t.is_space or t.is_punct)] if found is not None else []
    if not tokens:
        return None
    text = doc.text
    said = " ".join(t.lower_ for t in tokens)
    if said in rules.whole:
        return rules.whole[said]
    opening = text[max(0, quoted.start - 40) : quoted.start].rstrip("\"'“”‘’«»„ \u00a0").lower()
    if any(opening.endswith(word) and not opening[: -len(word)][-1:].isalnum() for word in rules.distancing):
        return None
    before = _before(doc, tokens[0])
    if before is not None:
        for form in (before.lemma_.lower(), *base_forms(before.lower_)):
            if form in rules.before:
                return rules.before[form]
    after = _after(doc, tokens[-1], quoted.end)
    if after is not None and after.pos_ in ("NOUN", "PROPN") and _lemma_in(after, rules.after):
        return "name"
    if _capitalised(tokens, rules.title_words) and not _opens_sentence(doc, tokens[0], quoted.start):
        return "name"
    if _nickname(doc, tokens[0], after):
        return "name"
    if (
        _attributed(tokens, rules, reports)
        or _said_before(tokens[0], rules, reports)
        or _verb_phrase(tokens, rules.verb_phrase_words)
        or _quote_in_sentence(doc, quoted, tokens[0], rules.quote_in_sentence_words)
        or _continues_report(tokens[0], rules.report_sentences, reports)
    ):
        return "attributed"
    return None


def _before(doc: Doc, first: Token) -> Token | None:
    """The word before the opening mark, passing over articles, "of" and "being" (the word "…", definition of
    "…", as a "…")."""
    i = first.i - 1
    while i >= 0 and (doc[i].is_punct or doc[i].is_space):
        i -= 1
    while i > 0 and doc[i].lower_ in _SKIPPED_BEFORE and first.i - i < 4:
        i -= 1
    return doc[i] if i >= 0 and not doc[i].is_punct else None


def _after(doc: Doc, last: Token, end: int) -> Token | None:
    """The word just after the closing mark (no comma or full stop between)."""
    i = last.i + 1
    while i < len(doc) and (doc[i].is_space or doc[i].idx < end or doc[i].text in "\"'“”‘’»"):
        i += 1
    return doc[i] if i < len(doc) and not doc[i].is_punct else None


def _capitalised(tokens: Iterable[Token], title_words: frozenset[str]) -> bool:
    """Whether every word is capitalised, but for small words inside ("Face the Nation", "Mo")."""
    words = [t.text for t in tokens if any(c.isalpha() for c in t.text) and t.lower_ not in _POSSESSIVE]
    if not words or not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in title_words for w in words)


def _nickname(doc: Doc, first: Token, after: Token | None) -> bool:
    """Whether the quoted words stand between a given name and a surname (Vincent "the Chin" Smith): a
    nickname, whatever its case."""
    i = first.i - 1
    while i >= 0 and doc[i].is_punct and doc[i].text in "\"'“”‘’«»„":
        i -= 1
    before = doc[i] if i >= 0 else None
    return before is not None and before.pos_ == "PROPN" and after is not None and after.pos_ == "PROPN"


def _opens_sentence(doc: Doc, first: Token, start: int) -> bool:
    """Whether the quoted words open their sentence (so a capital says nothing)."""
    if first.is_sent_start:
        return True
    before = doc.text[:start].rstrip("\"'“”‘’«»„ \u00a0\t")
    return not before or before[-1] in _ENDS_SENTENCE


def _attributed(tokens: list[Token], rules: ScareRules, reports: Mapping[int, str]) -> bool:
    """Whether the quoted words hang from a verb of saying, an attribution word or a document, or sit in a
    clause with "…, X said" or "according to X" beside it."""
    attribution = rules.attribution
    inside = {t.i for t in tokens}
    child = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])
    node = child
    clause_seen = False
    for steps in range(len(tokens[0].doc)):  # the walk to the root, bounded
        for c in node.children:
            if c.i in inside:
                continue
            kind = reports.get(c.idx)
            if kind == "source" or (kind == "speech" and c.dep_ == "parataxis"):
                return True
        if node.pos_ in ("VERB", "AUX") and not clause_seen:
            clause_seen = True  # the clause the quoted words sit in: its subject a call, claim, statement …
            if any(
                c.dep_ in _SUBJECTS and c.pos_ == "NOUN" and c.i != child.i and _lemma_in(c, attribution)
                for c in node.children
            ):
                return True
        if steps:
            said = reports.get(node.idx) == "speech" or _lemma_in(node, attribution)
            # A noun of saying counts near the quoted words only ("calls to prevent a '…'"), a verb anywhere.
            if said and child.dep_ not in _SUBJECTS and (node.pos_ in ("VERB", "AUX") or steps <= 2):
                return True
            # A document's words: in a clause below it, at any depth ("a strategy whose goal was to confront
            # '…' powers"), not its topic ("an audit of the '…' payrolls").
            clause = child.pos_ in ("VERB", "AUX") or child.dep_.startswith("acl")
            if node.pos_ == "NOUN" and clause and _lemma_in(node, rules.documents):
                return True
        if node.head.i == node.i:
            return False
        if node.dep_ == "conj" and _own_clause(node):
            return False  # "… and the army shelled the 'republics'": a clause of its own
        child, node = node, node.head
    return False


def _said_before(first: Token, rules: ScareRules, reports: Mapping[int, str]) -> bool:
    """Whether a verb of saying or attribution stands a few words before the quoted words in their sentence
    (the parse often hangs a long reported clause elsewhere), or an attribution noun even nearer ("calls to
    prevent a humanitarian '…'")."""
    start = max(first.sent.start, first.i - rules.saying_before)
    if any(
        t.pos_ in ("VERB", "AUX") and (reports.get(t.idx) == "speech" or _lemma_in(t, rules.attribution))
        for t in first.doc[start : first.i]
    ):
        return True
    words = [t for t in first.doc[first.sent.start : first.i] if not (t.is_punct or t.is_space)]
    near = words[len(words) - rules.noun_before :] if rules.noun_before else []
    return any(t.pos_ == "NOUN" and _lemma_in(t, rules.attribution) for t in near)


def _lemma_in(token: Token, words: frozenset[str]) -> bool:
    """Whether the token's lemma, or a base form of its word, is one of ``words`` ("blamed" → blame where the
    model's lemma is "blam")."""
    return token.lemma_.lower() in words or any(form in words for form in base_forms(token.lower_))


def _own_clause(verb: Token) -> bool:
    """Whether a conjoined verb heads a clause of its own: a subject of its own, and no "that" or "if" making
    it one more reported clause ("said jobs are going and that Obama has given …")."""
    return any(c.dep_ in _SUBJECTS for c in verb.children) and not any(
        c.dep_ == "mark" for c in verb.children
    )


def _verb_phrase(tokens: list[Token], least: int) -> bool:
    """Whether the quoted words are a verb phrase of at least ``least`` words ("started mouthing off"): a
    fragment of someone's account, where a single quoted verb ("liberated") may be the outlet's distance."""
    words = [t for t in tokens if any(c.isalnum() for c in t.text)]
    if not least or len(words) < least:
        return False
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])
    return head.pos_ == "VERB"


_QUOTED = re.compile(r"[“\"]([^“”\"]+)[”\"]")


def _quote_in_sentence(doc: Doc, quoted: Span, first: Token, least: int) -> bool:
    """Whether the sentence quotes someone at length beside the quoted words (a stretch of at least ``least``
    words in quote marks): the short ones are the same source's."""
    if not least:
        return False
    sent = first.sent
    start = sent.start_char
    return any(
        (found.end() <= quoted.start or found.start() >= quoted.end) and len(found.group(1).split()) >= least
        for found in _QUOTED.finditer(doc.text, start, sent.end_char)
    )


def _continues_report(first: Token, sentences: int, reports: Mapping[int, str]) -> bool:
    """Whether the quoted words' sentence carries on a report: its subject a personal pronoun ("He made clear
    …", "It laid out …"), and a verb of saying in the sentence before, or further back through sentences
    that also have a pronoun subject, at most ``sentences`` back."""
    sent = first.sent
    doc = first.doc
    for _ in range(sentences):
        if not any(
            c.dep_ in ("nsubj", "nsubj:pass") and "Prs" in c.morph.get("PronType", [])
            for c in sent.root.children
        ):
            return False
        if sent.start == 0:
            return False
        sent = doc[sent.start - 1].sent
        if any(reports.get(t.idx) == "speech" for t in sent):
            return True
    return False
