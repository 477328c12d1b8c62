"""Ingest: read articles from files, folders, URLs, feeds and WARC archives, code them, store them."""
