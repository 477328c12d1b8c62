"""Framing cues: loaded wording, euphemisms, contested names and scare quotes, from an editable lexicon."""

from sitrep.framing.lexicon import Lexicon, default_lexicon, load_lexicon

__all__ = ["Lexicon", "default_lexicon", "load_lexicon"]
