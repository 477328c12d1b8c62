"""The database schema, in SQLAlchemy Core: one definition for SQLite and PostgreSQL.

Every span is stored as ``*_start`` / ``*_end`` character offsets into ``articles.text``. An article's id is
its own (a JSONL/CSV ``id``) else the hash of its text (:func:`sitrep.store.rows.article_id`), so the same
text ingested twice is one row.
Child rows (actors, events, quotes, framing) are replaced together with their article, in one transaction.
Changing a table here needs a migration in :mod:`sitrep.store.migrations` (see docs/store.md).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()


def _article_fk() -> Column[str]:
    return Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


schema_version = Table(
    "sitrep_schema",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("description", Text, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
    Column("sitrep_version", String(32), nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False),  # running | finished | interrupted | failed
    Column("sources", Text, nullable=False),  # JSON list of the SOURCE arguments
    Column("workers", Integer, nullable=False),
    Column("coder", String(128), nullable=False),  # sitrep version + model: see Store.coder
    Column("articles_read", Integer, nullable=False, default=0),
    Column("articles_coded", Integer, nullable=False, default=0),
    Column("articles_unchanged", Integer, nullable=False, default=0),
    Column("articles_not_coded", Integer, nullable=False, default=0),
    Column("events", Integer, nullable=False, default=0),
    Column("failures", Integer, nullable=False, default=0),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),  # the hash of its text (content_id)
    Column("url", Text),
    Column("source", Text),  # the outlet
    Column("title", Text),
    Column("published", Date),
    Column("language", String(16), nullable=False),
    Column("status", String(16), nullable=False),  # coded | not-coded
    Column("reason", Text),  # why not coded
    Column("origin", Text),  # where it was read from: path, path:line, URL, archive#offset
    Column("chars", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("document", Text),  # the sitrep.document/1 JSON without "text"
    Column("notes", Text),  # JSON list of the document's notes
    Column("n_events", Integer, nullable=False, default=0),
    Column("n_quotes", Integer, nullable=False, default=0),
    Column("n_framing", Integer, nullable=False, default=0),
    Column("coder", String(128)),  # what coded it; a different coder recodes on re-ingest
    Column("first_run", Integer, ForeignKey("runs.id")),
    Column("last_run", Integer, ForeignKey("runs.id")),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("external_id", Text),  # schema 4: the record's own id (a JSONL/CSV `id`), as given
)
Index("ix_articles_published", articles.c.published)
Index("ix_articles_external_id", articles.c.external_id)  # schema 4
Index("ix_articles_source", articles.c.source)
Index("ix_articles_url", articles.c.url)
Index("ix_articles_order", articles.c.published, articles.c.id)  # schema 3: `sitrep serve`'s article list

actors = Table(
    "actors",
    metadata,
    _article_fk(),
    Column("actor_id", String(16), primary_key=True),  # a1, a2, … within the article
    Column("sentence", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("code", String(32)),
    Column("country", String(3)),
    Column("sector", String(8)),
    Column("name", Text),
    Column("kind", String(16), nullable=False),
    Column("refers_to", String(16)),
)

LOCATION_COLUMNS = (
    Column("location_place", String(16)),  # the place's id in the article (p1, p2, …)
    Column("location_name", Text),
    Column("location_country", String(3)),  # ISO 3166-1 alpha-3
    Column("location_fips", String(2)),  # FIPS 10-4, as GDELT writes countries
    Column("location_adm1", String(24)),  # GeoNames first-level code (UA.05)
    Column("location_lat", Float),
    Column("location_lon", Float),
    Column("location_geonameid", Integer),
    Column("location_precision", String(8)),  # city | adm1 | country | region | sea
    Column("location_from", String(8)),  # sentence | article | dateline
)
"""The event's location (schema 5)."""

events = Table(
    "events",
    metadata,
    _article_fk(),
    Column("event_id", String(16), primary_key=True),  # e1, e2, … within the article
    Column("sentence", Integer, nullable=False),
    Column("date", Date, nullable=False),
    Column("date_text", Text),
    Column("date_precision", String(8), nullable=False),
    Column("cameo", String(8), nullable=False),
    Column("cameo_root", String(4), nullable=False),
    Column("cameo_name", Text, nullable=False),
    Column("quad_class", Integer, nullable=False),
    Column("goldstein", Float, nullable=False),
    Column("plover", String(32)),
    Column("plover_mode", String(32)),
    Column("plover_context", Text),  # ';'-joined
    Column("source_actor", String(16)),  # actor id in the article
    Column("source_text", Text),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("source_code", String(32)),
    Column("source_country", String(3)),
    Column("source_sector", String(8)),
    Column("source_name", Text),
    Column("target_actor", String(16)),
    Column("target_text", Text),
    Column("target_start", Integer),
    Column("target_end", Integer),
    Column("target_code", String(32)),
    Column("target_country", String(3)),
    Column("target_sector", String(8)),
    Column("target_name", Text),
    Column("trigger_text", Text, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("modality", String(16), nullable=False),
    Column("attribution", String(8), nullable=False),  # outlet | speaker
    Column("speaker_text", Text),
    Column("speaker_code", String(32)),
    Column("speaker_country", String(3)),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("cue_text", Text),
    Column("quote_id", String(16)),
    Column("confidence", Float, nullable=False),
    Column("rule", Text, nullable=False),
    # schema 5: where the act happened (sitrep.places.locate); all NULL when the text does not say
    *LOCATION_COLUMNS,
)
Index("ix_events_date", events.c.date)
Index("ix_events_cameo_root", events.c.cameo_root)
Index("ix_events_countries", events.c.source_country, events.c.target_country)
# Schema 3: what `sitrep serve` pages and filters by, newest first (keyset pagination; docs/api.md). Each
# filter index ends with the page order, so a filtered page is read in order and stops at its last row.
_PAGE_ORDER = (events.c.date, events.c.article_id, events.c.event_id)
Index("ix_events_order", *_PAGE_ORDER)
Index("ix_events_source_country_order", events.c.source_country, *_PAGE_ORDER)
Index("ix_events_target_country_order", events.c.target_country, *_PAGE_ORDER)
Index("ix_events_source_code_order", events.c.source_code, *_PAGE_ORDER)
Index("ix_events_target_code_order", events.c.target_code, *_PAGE_ORDER)
Index("ix_events_root_order", events.c.cameo_root, *_PAGE_ORDER)
Index("ix_events_plover_order", events.c.plover, *_PAGE_ORDER)
Index("ix_events_location_country", events.c.location_country)

quotes = Table(
    "quotes",
    metadata,
    _article_fk(),
    Column("quote_id", String(16), primary_key=True),  # q1, q2, … within the article
    Column("kind", String(8), nullable=False),  # direct | indirect | mixed
    Column("sentence", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("speaker_text", Text),
    Column("speaker_code", String(32)),
    Column("speaker_country", String(3)),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("cue_text", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
)

framing = Table(
    "framing",
    metadata,
    _article_fk(),
    Column("cue_index", Integer, primary_key=True),  # 1, 2, … in text order within the article
    Column("text", Text, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("term", Text, nullable=False),
    Column("category", String(32), nullable=False),
    Column("alternatives", Text),  # ';'-joined
    Column("signals", Text),  # ';'-joined
    Column("conflict", String(64)),
    Column("rule", String(32), nullable=False),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("source", Text, nullable=False),  # path, path:line, URL or archive#offset
    Column("kind", String(16), nullable=False),  # see sitrep.article.FailureKind
    Column("reason", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("ix_failures_run", failures.c.run_id)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # 1, 2, … in the order stories open
    Column("articles", Integer, nullable=False),
    Column("first_published", Date),  # earliest and latest publication date of its dated articles
    Column("last_published", Date),
    Column("dates", Text, nullable=False),  # JSON {publication date: articles of that date}
    Column("centroid", Text, nullable=False),  # JSON {term: weight}: the sum of its articles' vectors
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_stories_last_published", stories.c.last_published)

story_articles = Table(
    "story_articles",
    metadata,
    _article_fk(),  # every stored article belongs to exactly one story (once grouped)
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # the order in which articles were grouped
)
Index("ix_story_articles_story", story_articles.c.story_id)

story_terms = Table(
    "story_terms",
    metadata,
    Column("term", String(128), primary_key=True),
    Column("df", Integer, nullable=False),  # grouped articles with the term (the IDF of story grouping)
)

TABLES = (
    schema_version,
    runs,
    articles,
    actors,
    events,
    quotes,
    framing,
    failures,
    stories,
    story_articles,
    story_terms,
)
