"""Scorers against gold-standard data: the event coder on PLOVER records (:mod:`~sitrep.evaluate.plover`),
quotes on span-annotated attribution data (:mod:`~sitrep.evaluate.quotes`), and an NLP pipeline on gold
treebank and NER annotation (:mod:`~sitrep.evaluate.nlp`).

This layer sits above the pipeline, the store and ingest, and below the command line: the coders never
import it.
"""
