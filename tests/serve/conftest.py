"""A small database for the server's tests: articles written for them, ingested with the real pipeline.

Three outlets report one strike (with a quote, a framing cue and a contested name); two other stories give
the facets and the timeline something to count; one article carries hostile markup in every field the pages
show (title, outlet, text, quote).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'

ARTICLES = [
    {
        "id": "wire-1",
        "source": "Wire Agency",
        "url": "https://wire.example/strike",
        "published": "2025-03-03",
        "title": "Russian forces shelled Kharkiv",
        "text": (
            "KHARKIV, Ukraine (Wire) - Russian forces shelled the city of Kharkiv on Monday, killing three "
            "civilians, Ukrainian officials said.\n\n"
            'Mayor Ihor Terekhov said: "The shelling hit a school and two houses."\n\n'
            "Ukraine's foreign ministry condemned the attack and called for new sanctions against Russia."
        ),
    },
    {
        "id": "state-1",
        "source": "State Daily",
        "url": "https://state.example/operation",
        "published": "2025-03-03",
        "title": "Special military operation continues",
        "text": (
            "Russia's defence ministry said its troops struck military targets near Kharkov on Monday as "
            "part of the special military operation.\n\n"
            'Defence Minister Andrei Belousov said: "Our forces hit only military sites."\n\n'
            "Russia accused Ukraine of shelling a village in the Belgorod region."
        ),
    },
    {
        "id": "paper-1",
        "source": "Evening Paper",
        "url": "https://paper.example/kharkiv",
        "published": "2025-03-04",
        "title": "Kharkiv mourns after strike",
        "text": (
            "Russian artillery shelled Kharkiv on Monday, Ukrainian officials said, and the city buried "
            "three civilians on Tuesday.\n\n"
            "President Volodymyr Zelensky condemned the attack and urged allies to send air defence systems."
        ),
    },
    {
        "id": "talks-1",
        "source": "Wire Agency",
        "url": "https://wire.example/talks",
        "published": "2025-02-10",
        "title": "Ministers meet in Geneva",
        "text": (
            "The foreign ministers of France and Germany met in Geneva on Friday to discuss aid to Sudan.\n\n"
            "France promised humanitarian aid to Sudan, and Germany pledged 20 million euros."
        ),
    },
    {
        "id": "protest-1",
        "source": "Evening Paper",
        "url": "https://paper.example/protest",
        "published": "2025-01-20",
        "title": "Farmers protest in Paris",
        "text": (
            "Thousands of farmers demonstrated in Paris on Monday against the government's fuel taxes.\n\n"
            "Police arrested twelve protesters near the National Assembly."
        ),
    },
    {
        "id": "hostile-1",
        "source": HOSTILE,
        "url": "javascript:alert(1)",
        "published": "2025-03-05",
        "title": HOSTILE,
        "text": (
            "Israeli troops raided a camp near Jenin on Wednesday, Palestinian officials said.\n\n"
            f'A witness said: "{HOSTILE} they came at dawn."\n\n'
            "The army said it arrested five suspects."
        ),
    },
]


@pytest.fixture(scope="session")
def served_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database with :data:`ARTICLES` ingested (stories grouped) by the real ``sitrep ingest``."""
    from sitrep.cli import main

    folder = tmp_path_factory.mktemp("serve")
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    path = folder / "news.db"
    assert main(["ingest", str(source), "--db", str(path)]) == 0
    return path
