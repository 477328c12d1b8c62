"""The NLP layer: the shipped spaCy pipeline, syntok sentence starts, dictionary-fed entity ruler."""

from sitrep.nlp.model import DEFAULT_MODEL, SHIPPED_MODEL, ModelChoice, choose_model, entity_kind, load_model

__all__ = ["DEFAULT_MODEL", "SHIPPED_MODEL", "ModelChoice", "choose_model", "entity_kind", "load_model"]
