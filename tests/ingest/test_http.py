"""HTTP for the web readers: what a fetched body is, and one fetch's failures (in process: no network)."""

from __future__ import annotations

import httpx
import pytest

from sitrep.article import Failure
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.http import MAX_REDIRECTS, Fetched, body_kind, fetch, make_client
from sitrep.ingest.readers.page import fetch_article

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title></channel></rss>'
HTML = b"<!doctype html><html><head><title>A page</title></head><body><p>Text.</p></body></html>"


@pytest.mark.parametrize(
    ("media_type", "body", "kind"),
    [
        ("text/html", RSS, "feed"),  # a feed served as HTML is a feed
        ("application/rss+xml", b"", "feed"),
        ("text/html", b"plain words", "html"),
        ("application/xhtml+xml", HTML, "html"),
        ("text/plain", HTML, "text"),
        ("", HTML, "html"),
        ("application/octet-stream", b"plain words", "text"),
        ("text/xml", HTML, "html"),
        ("text/xml", b"<data/>", "unsupported"),
        ("application/pdf", b"%PDF-1.7", "unsupported"),
    ],
)
def test_what_a_body_is(media_type: str, body: bytes, kind: str) -> None:
    assert body_kind(Fetched("https://x.example/", media_type, None, body)) == kind


def _client(handler: httpx.MockTransport, options: ReadOptions) -> httpx.Client:
    return make_client(options, transport=handler)


def test_a_fetch_sends_the_user_agent_and_follows_redirects() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["user-agent"])
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, content=HTML)

    options = ReadOptions(user_agent="tester/1")
    with _client(httpx.MockTransport(answer), options) as client:
        fetched = fetch("https://x.example/old", options, client)
    assert fetched == Fetched("https://x.example/new", "text/html", "utf-8", HTML)
    assert seen == ["tester/1", "tester/1"]


def test_fetch_failures_say_why() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/loop":
            return httpx.Response(302, headers={"location": "/loop"})
        if request.url.path == "/gone":
            return httpx.Response(404)
        if request.url.path == "/down":
            raise httpx.ConnectError("connection refused")
        return httpx.Response(200, content=b"x" * 2_000)

    options = ReadOptions(max_bytes=1_000)
    with _client(httpx.MockTransport(answer), options) as client:
        results = {
            path: fetch(f"https://x.example{path}", options, client)
            for path in ("/loop", "/gone", "/down", "/big")
        }
    assert all(isinstance(result, Failure) for result in results.values())
    assert {path: (r.kind, r.reason) for path, r in results.items() if isinstance(r, Failure)} == {
        "/loop": ("http", f"too many redirects (more than {MAX_REDIRECTS})"),
        "/gone": ("http", "HTTP 404 Not Found"),
        "/down": ("unreachable", "cannot connect: connection refused"),
        "/big": ("too-large", "body is 2,000 bytes, over the limit of 1,000"),
    }


def test_a_feed_entry_that_links_to_a_feed_is_not_an_article() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "application/xml"}, content=RSS)

    options = ReadOptions()
    with _client(httpx.MockTransport(answer), options) as client:
        failure = fetch_article("https://x.example/feed", options, client)
    assert failure == Failure(
        "https://x.example/feed", "the link leads to a feed, not to an article page", "unsupported"
    )
