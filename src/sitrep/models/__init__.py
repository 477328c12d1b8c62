"""Shipped NLP pipelines (package data). See ``training/README.md`` for how they are built."""
