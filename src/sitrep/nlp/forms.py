"""Candidate base forms of an inflected word, for looking words up in the analyst tables.

The shipped model's lemmatizer leaves some plurals as they are ("troops") and mangles some past forms
("shelled" → "shelle", "blamed" → "blam"). Tables are keyed by base form, so the coders try the model's lemma
first and then these forms made from the word itself; a form only counts if a table has it.
"""

from __future__ import annotations


def base_forms(word: str) -> list[str]:
    """``word`` (lower case) and the base forms it may be inflected from: "troops" → troop, "policemen" →
    policeman, "shelled" → shell, "taking" → take, "militias" → militia, "countries" → country."""
    forms = [word]
    if word.endswith("men"):
        forms.append(word[:-3] + "man")
    if word.endswith("people"):
        forms.append(word[:-6] + "person")
    for suffix in ("ies", "ied"):
        if word.endswith(suffix):
            forms.append(word[:-3] + "y")
    for suffix in ("ed", "ing", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            forms += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # "expelled" → expel
    if word.endswith("d") and len(word) > 3:
        forms.append(word[:-1])
    return forms
