"""The input readers of ``sitrep ingest``: every kind of source, every kind of bad input.

Nothing here touches the internet: URLs are served by a local ``http.server`` on 127.0.0.1, and WARC
archives are written by the tests with warcio.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import io
import json
import socket
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitrep.article import Article, Failure, FailureKind
from sitrep.errors import ConfigError
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.decoding import DecodeError, decode_bytes, decode_http, parse_content_type
from sitrep.ingest.readers import READERS, read_sources, reader_for, tabular, text, url, warc
from sitrep.ingest.readers import feed as feed_reader
from sitrep.ingest.readers import html as html_reader
from sitrep.ingest.readers.html import article_from_html

# --- invented fixtures -------------------------------------------------------------------------------------

PARAGRAPHS = [
    "Dock workers in the northern port of Calverton returned to work on Tuesday after union leaders "
    "accepted a new wage offer from the harbour authority.",
    "The union said the agreement raised pay by six percent over two years and restored overtime rules "
    "that had been suspended in January.",
    '"This is a fair deal for the people who keep this port running," the union secretary told reporters '
    "outside the container terminal.",
]
ARTICLE_TEXT = "\n\n".join(PARAGRAPHS)


def article_html(
    title: str = "Port strike ends after nine days",
    paragraphs: Iterable[str] = PARAGRAPHS,
    *,
    site: str | None = "The Harbour Gazette",
    date: str | None = "2024-03-05",
    charset: str = "utf-8",
) -> str:
    meta = f'<meta charset="{charset}">'
    if site:
        meta += f'<meta property="og:site_name" content="{site}">'
    if date:
        meta += f'<meta property="article:published_time" content="{date}T10:00:00Z">'
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{body}</article><footer>All rights reserved</footer></body></html>"
    )


NO_ARTICLE_HTML = (
    "<!DOCTYPE html><html><head><title>Index</title></head><body>"
    '<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav><p>Sign in.</p></body></html>'
)

RUSSIAN = (
    "Министр иностранных дел заявил во вторник, что переговоры с соседними государствами продолжатся на "
    "следующей неделе. Представитель ООН сообщил журналистам, что гуманитарная помощь будет доставлена в "
    "пострадавшие районы в ближайшие дни, а «дорожная карта» будет опубликована позже."
)
UKRAINIAN = (
    "Міністр закордонних справ України заявив у вівторок, що Київ готовий до переговорів. «Ми відкриті до "
    "діалогу», — сказав він журналістам у Вінниці. Міністерство оборони повідомило, що ситуація на "
    "сході залишається напруженою."
)
FRENCH = (
    "Le ministre des Affaires étrangères a déclaré mardi que les négociations reprendraient à Genève la "
    "semaine prochaine. « Nous sommes prêts », a-t-il ajouté, selon l'agence, après une réunion à huis clos."
)
GERMAN = (
    "Der Außenminister sagte am Dienstag, die Gespräche würden in München fortgesetzt. Die Öffentlichkeit "
    "sei „besorgt“, erklärte ein Sprecher der Regierung nach der Sitzung."
)


def articles(items: Iterable[Article | Failure]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def failures(items: Iterable[Article | Failure]) -> list[Failure]:
    return [item for item in items if isinstance(item, Failure)]


def only_failure(items: Iterable[Article | Failure]) -> Failure:
    found = list(items)
    assert len(found) == 1 and isinstance(found[0], Failure), found
    return found[0]


def only_article(items: Iterable[Article | Failure]) -> Article:
    found = list(items)
    assert len(found) == 1 and isinstance(found[0], Article), found
    return found[0]


OPTIONS = ReadOptions(allow_private=True)

# --- decoding ----------------------------------------------------------------------------------------------


def test_utf8_and_boms() -> None:
    assert decode_bytes("Kyiv — Київ".encode(), "x") == ("Kyiv — Київ", "utf-8")
    assert decode_bytes(codecs.BOM_UTF8 + b"Kyiv", "x") == ("Kyiv", "utf-8-sig")
    assert decode_bytes("Київ said".encode("utf-16"), "x")[0] == "Київ said"
    assert decode_bytes(codecs.BOM_UTF16_BE + "Київ said".encode("utf-16-be"), "x")[0] == "Київ said"
    assert decode_bytes(b"", "x") == ("", "utf-8")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(RUSSIAN, "cp1251"), (UKRAINIAN, "cp1251"), (FRENCH, "latin-1"), (GERMAN, "cp1252")],
)
def test_a_legacy_encoding_is_detected_and_decoded(text: str, encoding: str) -> None:
    decoded, used = decode_bytes(text.encode(encoding), "x")
    assert decoded == text
    if encoding == "cp1251":
        assert used == "cp1251"  # not mac_cyrillic, koi8 or cp1125
    else:
        assert used in ("cp1252", "iso8859-1", "latin_1")


def test_short_cp1251_with_accidental_utf8_pairs_is_not_mixed() -> None:
    # "Мі" in cp1251 is CC B3, a valid UTF-8 pair; a few such pairs do not make a text mixed.
    text = UKRAINIAN + " Міністр і Вінниця."
    assert decode_bytes(text.encode("cp1251"), "x") == (text, "cp1251")


def test_mixed_encodings_are_rejected_with_the_position() -> None:
    utf8 = "Le café de la gare a rouvert, a annoncé la mairie. ".encode()
    latin1 = "Le café du port reste fermé.".encode("latin-1")
    with pytest.raises(DecodeError) as info:
        decode_bytes(utf8 + latin1, "mixed.txt")
    position = len(utf8) + latin1.index(b"\xe9")
    assert info.value.kind == "encoding"
    assert (
        info.value.reason == f"mixed encodings: valid UTF-8 in places, invalid bytes at position {position}"
    )
    assert str(info.value).startswith("mixed.txt: mixed encodings")


def test_utf8_punctuation_in_a_legacy_text_is_mixed() -> None:
    data = FRENCH.encode("latin-1") + " — fin".encode()
    with pytest.raises(DecodeError, match="mixed encodings") as info:
        decode_bytes(data, "x")
    assert info.value.kind == "encoding"


def test_binary_and_undecodable() -> None:
    with pytest.raises(DecodeError, match="looks like a binary file") as info:
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x")
    assert info.value.kind == "binary"
    with pytest.raises(DecodeError, match="not UTF-8 and no other encoding fits") as info:
        decode_bytes(bytes(range(0x80, 0x100)) * 3, "x")
    assert info.value.kind == "encoding"
    with pytest.raises(DecodeError, match="byte-order mark but is not valid") as info:
        decode_bytes(codecs.BOM_UTF8 + b"caf\xe9", "x")
    assert info.value.kind == "encoding"


def test_decode_http_prefers_a_declared_charset_that_fits() -> None:
    data = RUSSIAN.encode("cp1251")
    assert decode_http(data, "windows-1251", "x") == (RUSSIAN, "cp1251")
    assert decode_http(data, "utf-8", "x") == (RUSSIAN, "cp1251")  # wrong declaration: detected instead
    assert decode_http(data, "no-such-charset", "x") == (RUSSIAN, "cp1251")
    assert decode_http(FRENCH.encode(), "ISO-8859-1", "x") == (FRENCH, "utf-8")  # a server's default label
    assert decode_http(FRENCH.encode("latin-1"), "ISO-8859-1", "x")[0] == FRENCH
    assert decode_http("Київ".encode("koi8-u"), "koi8-u", "x") == ("Київ", "koi8-u")
    with pytest.raises(DecodeError) as info:
        decode_http(b"GIF89a\x00\x00", "utf-8", "x")
    assert info.value.kind == "binary"


def test_parse_content_type() -> None:
    assert parse_content_type('Text/HTML; Charset="UTF-8"') == ("text/html", "UTF-8")
    assert parse_content_type("application/rss+xml") == ("application/rss+xml", None)
    assert parse_content_type(None) == ("", None)


# --- text files --------------------------------------------------------------------------------------------


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE_TEXT, encoding="utf-8")
    article = only_article(text.read(str(path), OPTIONS))
    assert article.text == ARTICLE_TEXT
    assert article.origin == str(path)
    assert (article.title, article.source, article.url, article.published) == (None, None, None, None)


@pytest.mark.parametrize(
    ("name", "body", "encoding"),
    [
        ("russian.txt", RUSSIAN, "cp1251"),
        ("french.txt", FRENCH, "latin-1"),
        ("utf16.txt", ARTICLE_TEXT, "utf-16"),
    ],
)
def test_text_files_in_other_encodings(tmp_path: Path, name: str, body: str, encoding: str) -> None:
    path = tmp_path / name
    path.write_bytes(body.encode(encoding))
    assert only_article(text.read(str(path), OPTIONS)).text == body


@pytest.mark.parametrize(
    ("data", "kind", "reason"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20,
            "binary",
            "looks like a binary file (NUL bytes), not text",
        ),
        (
            "Le café a rouvert. ".encode() + "Le café est fermé.".encode("latin-1"),
            "encoding",
            "mixed encodings",
        ),
        (b"", "empty", "no text (empty or only white space)"),
        (b"  \n\t\n", "empty", "no text (empty or only white space)"),
    ],
)
def test_bad_text_files(tmp_path: Path, data: bytes, kind: FailureKind, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    failure = only_failure(text.read(str(path), OPTIONS))
    assert (failure.source, failure.kind) == (str(path), kind)
    assert failure.reason.startswith(reason)


def test_a_50_mb_file_is_too_large_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: nothing is written
    started = time.perf_counter()
    failure = only_failure(text.read(str(path), OPTIONS))
    assert time.perf_counter() - started < 1.0
    assert (failure.source, failure.kind) == (str(path), "too-large")
    assert failure.reason == "file is 52,428,800 bytes, over the limit of 10,485,760"


def test_text_over_the_character_cap(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Talks went on. " * 100, encoding="utf-8")
    failure = only_failure(text.read(str(path), ReadOptions(allow_private=True, max_chars=1000)))
    assert failure.kind == "too-large" and "over the size cap of 1,000" in failure.reason


# --- HTML files --------------------------------------------------------------------------------------------


def test_html_file(tmp_path: Path) -> None:
    path = tmp_path / "port.html"
    path.write_text(article_html(), encoding="utf-8")
    article = only_article(html_reader.read(str(path), OPTIONS))
    assert article.text == ARTICLE_TEXT  # paragraphs joined by blank lines, headline not repeated
    assert article.title == "Port strike ends after nine days"
    assert article.source == "The Harbour Gazette"
    assert article.published == dt.date(2024, 3, 5)
    assert article.origin == str(path)


def test_html_in_cp1251_with_a_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "ru.html"
    page = article_html("Переговоры продолжатся", [RUSSIAN], charset="windows-1251")
    path.write_bytes(page.encode("cp1251"))
    article = only_article(html_reader.read(str(path), OPTIONS))
    assert article.text == RUSSIAN
    assert article.title == "Переговоры продолжатся"


def test_html_without_an_article(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    path.write_text(NO_ARTICLE_HTML, encoding="utf-8")
    failure = only_failure(html_reader.read(str(path), OPTIONS))
    assert failure == Failure(str(path), "no article text found in the HTML", "no-article")


def test_article_from_html_uses_the_url_and_a_fallback_date() -> None:
    page = article_html(site=None, date=None)
    article = article_from_html(
        page,
        origin="x",
        url="https://news.example.org/a/1",
        options=OPTIONS,
        fetched_date=dt.date(2024, 1, 2),
    )
    assert isinstance(article, Article)
    assert article.source == "news.example.org"
    assert article.url == "https://news.example.org/a/1"
    assert article.published == dt.date(2024, 1, 2)


# --- a local web server ------------------------------------------------------------------------------------

SLOW_SECONDS = 2.0


def rss_feed(base: str, entries: list[dict[str, str]], title: str = "Harbour Gazette: World") -> bytes:
    items = []
    for entry in entries:
        parts = [f"<title>{entry['title']}</title>"]
        if "link" in entry:
            parts.append(f"<link>{entry['link']}</link>")
        parts.append(f"<pubDate>{entry.get('date', 'Tue, 05 Mar 2024 10:00:00 GMT')}</pubDate>")
        if "summary" in entry:
            parts.append(f"<description>{entry['summary']}</description>")
        if "content" in entry:
            parts.append(f"<content:encoded><![CDATA[{entry['content']}]]></content:encoded>")
        items.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{title}</title><link>{base}/</link><description>News</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


FULL_CONTENT = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 2)  # over 500 characters of text
BREAKWATER = [
    "Engineers began repairs on the Calverton breakwater on Monday after winter storms opened a gap "
    "in the outer wall.",
    "The harbour authority said the work would take four months and cost about two million pounds.",
]
FERRY = [
    "The ferry service between Calverton and the islands resumed on Wednesday after a two-week pause "
    "caused by a shortage of crew.",
    "Passengers queued from early morning, and the operator added an extra crossing in the evening.",
]


def atom_feed(base: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>Island Times</title><link href="{base}/"/><id>urn:x</id>'
        "<updated>2024-03-06T00:00:00Z</updated>"
        '<entry><title>Ferries sail again</title><link href="/news/ferry"/><id>urn:x:1</id>'
        "<updated>2024-03-06T08:00:00Z</updated></entry></feed>"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send(
        self, status: int, content_type: str | None, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send(302, "text/plain", b"moved", {"Location": location})

    def do_GET(self) -> None:
        base = self.server.base
        path = self.path
        html = "text/html; charset=utf-8"
        if path == "/article":
            self.send(200, html, article_html().encode())
        elif path == "/news/breakwater":
            self.send(200, html, article_html("Breakwater repairs begin", BREAKWATER, date=None).encode())
        elif path == "/news/ferry":
            self.send(200, html, article_html("Ferries sail again", FERRY, site="Island Times").encode())
        elif path == "/news/ru":
            page = article_html("Переговоры", [RUSSIAN], charset="windows-1251")
            self.send(200, "text/html; charset=windows-1251", page.encode("cp1251"))
        elif path == "/index":
            self.send(200, html, NO_ARTICLE_HTML.encode())
        elif path == "/plain":
            self.send(200, "text/plain; charset=utf-8", ARTICLE_TEXT.encode())
        elif path == "/empty":
            self.send(200, "text/plain", b"")
        elif path in ("/r1", "/r2", "/r3"):
            self.redirect({"/r1": "/r2", "/r2": f"{base}/r3", "/r3": "/article"}[path])
        elif path == "/loop":
            self.redirect("/loop")
        elif path == "/big":
            self.send(200, html, b"<p>" + b"x" * 50_000 + b"</p>")
        elif path == "/big-stream":  # no Content-Length: the body ends when the connection closes
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"y" * 1000)
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.send(200, "text/plain", ARTICLE_TEXT.encode())
        elif path == "/report.pdf":
            self.send(200, "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        elif path == "/feed.rss":
            self.send(200, "application/rss+xml; charset=utf-8", rss_feed(base, self.server.rss_entries()))
        elif path == "/feed-as-xml":  # served as text/xml: the content says it is a feed
            entries = [{"title": "Breakwater repairs begin", "link": f"{base}/news/breakwater"}]
            self.send(200, "text/xml", rss_feed(base, entries))
        elif path == "/feed.atom":
            self.send(200, "application/atom+xml", atom_feed(base))
        elif path == "/broken.xml":
            self.send(
                200, "application/xml", b'<?xml version="1.0"?><rss version="2.0"><channel><title>B</titl>'
            )
        else:
            self.send(404, "text/html", b"<html><body>Not here</body></html>")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def rss_entries(self) -> list[dict[str, str]]:
        base = self.base
        return [
            {"title": "Port strike ends", "link": f"{base}/article", "date": "Wed, 06 Mar 2024 09:00:00 GMT"},
            {"title": "Breakwater repairs begin", "link": "/news/breakwater"},  # relative: resolved
            {"title": "Gone, but complete in the feed", "link": f"{base}/gone", "content": FULL_CONTENT},
            {"title": "Gone, and only a teaser", "link": f"{base}/gone-too", "summary": "Short teaser."},
        ]

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the slow handler writes to a client that has given up


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.base
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture
def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/article"


# --- URLs --------------------------------------------------------------------------------------------------


def test_url_html_page(server: str) -> None:
    article = only_article(url.read(f"{server}/article", OPTIONS))
    assert article.text == ARTICLE_TEXT
    assert article.title == "Port strike ends after nine days"
    assert article.source == "The Harbour Gazette"
    assert article.published == dt.date(2024, 3, 5)
    assert article.url == article.origin == f"{server}/article"


def test_url_cp1251_page_declared_by_the_server(server: str) -> None:
    assert only_article(url.read(f"{server}/news/ru", OPTIONS)).text == RUSSIAN


def test_url_plain_text(server: str) -> None:
    article = only_article(url.read(f"{server}/plain", OPTIONS))
    assert article.text == ARTICLE_TEXT
    assert article.source == "127.0.0.1" and article.title is None


def test_url_follows_a_redirect_chain(server: str) -> None:
    article = only_article(url.read(f"{server}/r1", OPTIONS))
    assert article.origin == f"{server}/r1"
    assert article.url == f"{server}/article"
    assert article.text == ARTICLE_TEXT


@pytest.mark.parametrize(
    ("path", "kind", "reason"),
    [
        ("/missing", "http", "HTTP 404 Not Found"),
        ("/loop", "http", "too many redirects (more than 5)"),
        ("/big", "too-large", "body is 50,007 bytes, over the limit of 10,000"),
        ("/big-stream", "too-large", "body is over the limit of 10,000 bytes"),
        ("/index", "no-article", "no article text found in the HTML"),
        ("/report.pdf", "unsupported", "content type application/pdf is not HTML, plain text or a feed"),
        ("/empty", "empty", "empty response"),
    ],
)
def test_url_failures(server: str, path: str, kind: FailureKind, reason: str) -> None:
    failure = only_failure(url.read(server + path, ReadOptions(allow_private=True, max_bytes=10_000)))
    assert failure == Failure(server + path, reason, kind)


def test_url_timeout(server: str) -> None:
    started = time.perf_counter()
    failure = only_failure(url.read(f"{server}/slow", ReadOptions(allow_private=True, timeout=0.5)))
    assert time.perf_counter() - started < SLOW_SECONDS
    assert failure == Failure(f"{server}/slow", "timed out after 0.5s", "unreachable")


def test_unreachable_url(closed_port_url: str) -> None:
    failure = only_failure(url.read(closed_port_url, OPTIONS))
    assert (failure.source, failure.kind) == (closed_port_url, "unreachable")
    assert failure.reason.startswith("cannot connect: ")


def test_not_a_valid_url() -> None:
    failure = only_failure(url.read("http://", OPTIONS))
    assert failure.kind == "unreadable"


# --- feeds -------------------------------------------------------------------------------------------------


def test_rss_feed_url_fetches_each_entry(server: str) -> None:
    found = list(url.read(f"{server}/feed.rss", OPTIONS))
    assert len(found) == 4
    strike, breakwater, gone, teaser = found
    assert isinstance(strike, Article) and isinstance(breakwater, Article) and isinstance(gone, Article)
    assert strike.text == ARTICLE_TEXT
    assert strike.title == "Port strike ends"  # the entry's title
    assert strike.source == "Harbour Gazette: World"  # the feed's title
    assert strike.published == dt.date(2024, 3, 6)  # the entry's date before the page's
    assert strike.url == strike.origin == f"{server}/article"
    assert breakwater.text == "\n\n".join(BREAKWATER)
    assert breakwater.url == f"{server}/news/breakwater"
    assert breakwater.published == dt.date(2024, 3, 5)
    # the page is gone, but the entry holds the whole article
    assert gone.text == "\n\n".join(PARAGRAPHS * 2)
    assert gone.origin == f"{server}/gone" and gone.title == "Gone, but complete in the feed"
    # the page is gone and the entry holds only a teaser: the fetch failure, naming the entry's link
    assert teaser == Failure(f"{server}/gone-too", "HTTP 404 Not Found", "http")


def test_atom_feed_url(server: str) -> None:
    article = only_article(url.read(f"{server}/feed.atom", OPTIONS))
    assert article.text == "\n\n".join(FERRY)
    assert (article.source, article.title) == ("Island Times", "Ferries sail again")
    assert article.published == dt.date(2024, 3, 6)
    assert article.url == f"{server}/news/ferry"


def test_feed_served_as_text_xml(server: str) -> None:
    article = only_article(url.read(f"{server}/feed-as-xml", OPTIONS))
    assert article.text == "\n\n".join(BREAKWATER)


def test_broken_feed_url(server: str) -> None:
    failure = only_failure(url.read(f"{server}/broken.xml", OPTIONS))
    assert (failure.source, failure.kind) == (f"{server}/broken.xml", "malformed")
    assert failure.reason.startswith("not a well-formed feed: mismatched tag at line 1")


def test_local_feed_file(server: str, tmp_path: Path) -> None:
    path = tmp_path / "world.rss"
    entries = [
        {"title": "Breakwater repairs begin", "link": f"{server}/news/breakwater"},
        {"title": "No page, full content", "content": FULL_CONTENT},
        {"title": "No page, no content", "summary": "Nothing more."},
    ]
    path.write_bytes(rss_feed("https://gazette.example", entries))
    found = list(feed_reader.read(str(path), OPTIONS))
    assert len(found) == 3
    assert isinstance(found[0], Article) and found[0].text == "\n\n".join(BREAKWATER)
    assert isinstance(found[1], Article) and found[1].origin == f"{path}#entry-2"
    assert found[1].source == "Harbour Gazette: World"
    assert found[2] == Failure(f"{path}#entry-3", "feed entry has no link and no full content", "no-article")


def test_local_feed_entry_unreachable_falls_back_to_its_content(closed_port_url: str, tmp_path: Path) -> None:
    path = tmp_path / "world.rss"
    entries = [
        {"title": "Full", "link": closed_port_url, "content": FULL_CONTENT},
        {"title": "Teaser", "link": closed_port_url, "summary": "Short."},
    ]
    path.write_bytes(rss_feed("https://gazette.example", entries))
    full, teaser = feed_reader.read(str(path), ReadOptions(allow_private=True, timeout=2))
    assert isinstance(full, Article) and full.text == "\n\n".join(PARAGRAPHS * 2)
    assert isinstance(teaser, Failure) and (teaser.source, teaser.kind) == (closed_port_url, "unreachable")


@pytest.mark.parametrize(
    ("data", "kind", "reason"),
    [
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>B</titl>',
            "malformed",
            "not a well-formed feed",
        ),
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>',
            "empty",
            "the feed has no entries",
        ),
        (NO_ARTICLE_HTML.encode(), "malformed", "not an RSS or Atom feed"),
    ],
)
def test_bad_feed_files(tmp_path: Path, data: bytes, kind: str, reason: str) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(data)
    failure = only_failure(feed_reader.read(str(path), OPTIONS))
    assert (failure.source, failure.kind) == (str(path), kind)
    assert failure.reason.startswith(reason)


def test_a_slightly_broken_feed_with_entries_is_read(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Loose & Co</title><item><title>One</title>'
        + f"<description><![CDATA[{FULL_CONTENT}]]></description></item></channel></rss>".encode()
    )
    article = only_article(feed_reader.read(str(path), OPTIONS))
    assert article.text == "\n\n".join(PARAGRAPHS * 2)


# --- WARC archives -----------------------------------------------------------------------------------------

WARC_DATE = "2023-11-20T08:30:00Z"


def warc_records(base: str) -> list[tuple[str, str, bytes, dict[str, str]]]:
    """(uri, status line, body, extra HTTP headers) of the response records of the test archive."""
    return [
        (f"{base}/port", "200 OK", article_html().encode(), {"Content-Type": "text/html; charset=utf-8"}),
        (f"{base}/logo.png", "200 OK", b"\x89PNG\r\n\x1a\n\x00\x00", {"Content-Type": "image/png"}),
        (f"{base}/missing", "404 Not Found", NO_ARTICLE_HTML.encode(), {"Content-Type": "text/html"}),
        (f"{base}/index", "200 OK", NO_ARTICLE_HTML.encode(), {"Content-Type": "text/html"}),
        (
            f"{base}/ferry",
            "200 OK",
            gzip.compress(article_html("Ferries sail again", FERRY, site=None, date=None).encode()),
            {"Content-Type": "text/html", "Content-Encoding": "gzip"},
        ),
        (
            f"{base}/breakwater",
            "200 OK",
            article_html("Breakwater repairs begin", BREAKWATER * 3, site=None, date=None).encode("cp1251"),
            {"Content-Type": "text/html; charset=windows-1251"},
        ),
    ]


def write_warc(path: Path, *, compress: bool) -> list[int]:
    """Write the test archive; return each record's offset (the warcinfo record first)."""
    offsets = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        info = b"software: sitrep tests\r\n"
        offsets.append(handle.tell())
        writer.write_record(
            writer.create_warc_record(
                "",
                "warcinfo",
                payload=io.BytesIO(info),
                length=len(info),
                warc_content_type="application/warc-fields",
            )
        )
        for uri, status, body, headers in warc_records("https://gazette.example"):
            http = StatusAndHeaders(status, list(headers.items()), protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": WARC_DATE},
            )
            offsets.append(handle.tell())
            writer.write_record(record)
    return offsets


ENGINES = ["fastwarc", "warcio"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("compress", [True, False])
def test_warc(tmp_path: Path, engine: warc.Engine, compress: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    offsets = write_warc(path, compress=compress)
    found = list(warc.read(str(path), OPTIONS, engine=engine))
    assert len(found) == 4  # the port, index, ferry and breakwater pages; the image and the 404 skipped
    port, index, ferry, breakwater = found
    assert isinstance(port, Article)
    assert port.text == ARTICLE_TEXT
    assert port.origin == f"{path}#{offsets[1]}"
    assert port.url == "https://gazette.example/port"
    assert port.source == "The Harbour Gazette"
    assert port.published == dt.date(2024, 3, 5)
    assert index == Failure(f"{path}#{offsets[4]}", "no article text found in the HTML", "no-article")
    assert isinstance(ferry, Article) and ferry.text == "\n\n".join(FERRY)  # gzip content-encoding undone
    assert ferry.source == "gazette.example"  # no site name on the page: the host name
    assert ferry.published == dt.date(2023, 11, 20)  # no date on the page: the WARC-Date
    assert isinstance(breakwater, Article) and breakwater.text == "\n\n".join(BREAKWATER * 3)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("compress", [True, False])
@pytest.mark.parametrize("where", [0.5, 0.1, 0.995])
def test_truncated_warc(tmp_path: Path, engine: warc.Engine, compress: bool, where: float) -> None:
    whole = tmp_path / ("whole.warc.gz" if compress else "whole.warc")
    offsets = write_warc(whole, compress=compress)
    data = whole.read_bytes()
    last = offsets[-1]
    path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    path.write_bytes(data[: last + int((len(data) - last) * where)])  # inside the last (breakwater) record
    found = list(warc.read(str(path), OPTIONS, engine=engine))
    assert [type(item) for item in found] == [Article, Failure, Article, Failure]
    assert found[-1] == Failure(
        str(path), "archive ends in the middle of a record after 6 records", "truncated"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_warc_cut_inside_a_record_that_is_not_an_article(tmp_path: Path, engine: warc.Engine) -> None:
    whole = tmp_path / "whole.warc.gz"
    offsets = write_warc(whole, compress=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(whole.read_bytes()[: offsets[2] + 40])  # inside the image record
    found = list(warc.read(str(path), OPTIONS, engine=engine))
    assert [type(item) for item in found] == [Article, Failure]
    assert found[-1] == Failure(
        str(path), "archive ends in the middle of a record after 2 records", "truncated"
    )


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("name", "data", "kind", "reason"),
    [
        ("notes.warc", b"Just some notes, not an archive.\n", "malformed", "not a WARC archive"),
        (
            "notes.warc.gz",
            gzip.compress(b"Just some notes.\n"),
            "malformed",
            "a gzip file that does not hold",
        ),
        ("empty.warc", b"", "empty", "empty file"),
    ],
)
def test_not_a_warc(
    tmp_path: Path, engine: warc.Engine, name: str, data: bytes, kind: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    failure = only_failure(warc.read(str(path), OPTIONS, engine=engine))
    assert (failure.source, failure.kind) == (str(path), kind)
    assert failure.reason.startswith(reason)


def test_warc_engine_must_be_known(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown WARC engine"):
        list(warc.read(str(tmp_path / "x.warc"), OPTIONS, engine="heritrix"))  # type: ignore[arg-type]


def test_warcio_is_the_fallback_without_fastwarc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, compress=True)
    monkeypatch.setitem(sys.modules, "fastwarc.warc", None)  # import fastwarc.warc now fails
    assert len(articles(warc.read(str(path), OPTIONS))) == 3
    with pytest.raises(ConfigError, match="fastwarc is not installed"):
        list(warc.read(str(path), OPTIONS, engine="fastwarc"))


def test_warc_gzipped_as_one_stream(tmp_path: Path) -> None:
    plain = tmp_path / "crawl.warc"
    write_warc(plain, compress=False)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    found = list(warc.read(str(path), OPTIONS, engine="fastwarc"))
    # offsets in one gzip stream find nothing: records are named by number
    assert [item.origin if isinstance(item, Article) else item.source for item in found] == [
        f"{path}#record-2",
        f"{path}#record-5",
        f"{path}#record-6",
        f"{path}#record-7",
    ]
    failure = only_failure(warc.read(str(path), OPTIONS, engine="warcio"))
    assert failure.kind == "malformed"
    assert failure.reason.startswith("cannot read the archive after 1 record: it is one gzip stream")


# --- JSONL and CSV -----------------------------------------------------------------------------------------


def test_jsonl_with_bad_lines_among_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    lines = [
        json.dumps(
            {"id": 7, "text": PARAGRAPHS[0], "published": "2024-03-05", "source": "Wire", "title": "T"}
        ),
        "",
        "{not json",
        json.dumps({"headline": "no text here"}),
        json.dumps({"text": ["a", "list"]}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": PARAGRAPHS[1], "published": "not a date", "url": "https://x.example/2"}),
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"text": "caf\xe9"}\n')
    found = list(tabular.read_jsonl(str(path), OPTIONS))
    first, *bad, last, undecodable = found
    assert isinstance(first, Article) and isinstance(last, Article)
    assert (first.external_id, first.source, first.title, first.published) == (
        "7",
        "Wire",
        "T",
        dt.date(2024, 3, 5),
    )
    assert first.id is None  # stored under the hash of its text
    assert first.origin == f"{path}:1"
    assert (last.text, last.published, last.url, last.origin) == (
        PARAGRAPHS[1],
        None,
        "https://x.example/2",
        f"{path}:7",
    )
    assert bad == [
        Failure(
            f"{path}:3",
            "not valid JSON (Expecting property name enclosed in double quotes at column 2)",
            "malformed",
        ),
        Failure(f"{path}:4", "no 'text' field for the text", "malformed"),
        Failure(f"{path}:5", "the text field 'text' is a list, not a string", "malformed"),
        Failure(f"{path}:6", "not a JSON object (a list)", "malformed"),
    ]
    assert undecodable == Failure(f"{path}:8", "not UTF-8 (bad byte at position 13)", "encoding")


def test_jsonl_field_mapping_and_gzip(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl.gz"
    rows = [{"body": PARAGRAPHS[0], "date": "2024-03-05", "outlet": "Wire"}, {"text": PARAGRAPHS[1]}]
    path.write_bytes(gzip.compress("\n".join(json.dumps(row) for row in rows).encode()))
    options = ReadOptions(
        allow_private=True, fields={"text": "body", "published": "date", "source": "outlet"}
    )
    good, bad = tabular.read_jsonl(str(path), options)
    assert isinstance(good, Article) and (good.text, good.source) == (PARAGRAPHS[0], "Wire")
    assert bad == Failure(f"{path}:2", "no 'body' field for the text (mapping text → 'body')", "malformed")


def test_truncated_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl.gz"
    data = gzip.compress("\n".join(json.dumps({"text": p}) for p in PARAGRAPHS * 50).encode())
    path.write_bytes(data[: len(data) // 2])
    found = list(tabular.read_jsonl(str(path), OPTIONS))
    assert len(articles(found)) > 0
    failure = found[-1]
    assert isinstance(failure, Failure) and failure.kind == "truncated" and failure.source == str(path)


def test_jsonl_line_over_the_byte_limit(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    lines = [json.dumps({"text": "x" * 5000}), json.dumps({"text": PARAGRAPHS[0]})]
    path.write_text("\n".join(lines), encoding="utf-8")
    big, good = tabular.read_jsonl(str(path), ReadOptions(allow_private=True, max_bytes=1000))
    assert big == Failure(f"{path}:1", "longer than the limit of 1,000 bytes", "too-large")
    assert isinstance(good, Article) and good.origin == f"{path}:2"


def test_csv_with_a_field_mapping(tmp_path: Path) -> None:
    path = tmp_path / "wire.csv"
    path.write_text(
        "\ufeffstory_id,body,date,outlet\n"
        f'a1,"{PARAGRAPHS[0]}",2024-03-05,Wire\n'
        f'a2,"{PARAGRAPHS[1]}\n\nSecond paragraph, on a new line.",2024-03-06,Wire\n'
        'a3,"",2024-03-06,Wire\n'
        "a4\n"
        'a5,"{}",,\n'.format(PARAGRAPHS[2].replace('"', '""')),
        encoding="utf-8",
    )
    options = ReadOptions(
        allow_private=True, fields={"id": "story_id", "text": "body", "published": "date", "source": "outlet"}
    )
    found = list(tabular.read_csv(str(path), options))
    assert [type(item) for item in found] == [Article, Article, Failure, Failure, Article]
    first, second, empty, short, last = found
    assert isinstance(first, Article) and (first.external_id, first.published, first.source) == (
        "a1",
        dt.date(2024, 3, 5),
        "Wire",
    )
    assert (
        isinstance(second, Article)
        and second.text.endswith("on a new line.")
        and second.origin == f"{path}:3"
    )
    assert empty == Failure(f"{path}:6", "no text (empty or only white space)", "empty")
    assert short == Failure(
        f"{path}:7", "no cell for the 'body' column (1 cells, the header has 4)", "malformed"
    )
    assert isinstance(last, Article) and (last.origin, last.source, last.published) == (
        f"{path}:8",
        None,
        None,
    )


def test_csv_without_the_text_column(tmp_path: Path) -> None:
    path = tmp_path / "wire.tsv"
    path.write_text("id\theadline\tdate\n1\tPort strike ends\t2024-03-05\n", encoding="utf-8")
    failure = only_failure(tabular.read_csv(str(path), OPTIONS))
    assert failure == Failure(
        str(path), "no 'text' column for the text; the columns are: 'id', 'headline', 'date'", "malformed"
    )


def test_csv_cells_of_two_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    body = ("Talks went on. " * 133_000)[:1_990_000]
    path.write_text(f'text\n"{body}"\n"{PARAGRAPHS[0]}"\n', encoding="utf-8")
    found = list(tabular.read_csv(str(path), OPTIONS))
    assert [len(item.text) for item in articles(found)] == [len(body), len(PARAGRAPHS[0])]


def test_an_unknown_field_in_the_mapping_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text("{}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown field"):
        list(tabular.read_jsonl(str(path), ReadOptions(allow_private=True, fields={"body": "text"})))


# --- choosing a reader -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.txt", b"text", "text"),
        ("a.HTML", b"x", "html"),
        ("a.htm", b"x", "html"),
        ("a.xhtml", b"x", "html"),
        ("a.warc", b"x", "warc"),
        ("a.warc.gz", b"x", "warc"),
        ("a.jsonl", b"x", "jsonl"),
        ("a.ndjson", b"x", "jsonl"),
        ("a.jsonl.gz", b"x", "jsonl"),
        ("a.csv", b"x", "csv"),
        ("a.tsv", b"x", "csv"),
        ("a.rss", b"x", "feed"),
        ("a.atom", b"x", "feed"),
        ("a.xml", b"x", "feed"),
        ("a.dat", b"\n<!DOCTYPE html><html>", "html"),
        ("a.dat", b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        ("a.dat", b"WARC/1.0\r\n", "warc"),
        ("a.dat", gzip.compress(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n"), "warc"),
        ("a.dat", gzip.compress(b"just text"), "unsupported"),
        ("README", b"Plain words.", "text"),
    ],
)
def test_reader_for_a_file(tmp_path: Path, name: str, data: bytes, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    found, reader = reader_for(str(path))
    assert found == kind and reader is READERS[kind]


def test_reader_for_urls_and_folders(tmp_path: Path) -> None:
    assert reader_for("https://news.example.org/a")[0] == "url"
    assert reader_for("HTTP://news.example.org/a")[0] == "url"
    assert reader_for(str(tmp_path))[0] == "folder"


def test_read_sources_walks_folders_in_order_and_reports_missing_paths(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "b").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "skip.txt").write_text("Hidden folder.", encoding="utf-8")
    (folder / ".skip.txt").write_text("Hidden file.", encoding="utf-8")
    (folder / "b" / "2.txt").write_text(PARAGRAPHS[1], encoding="utf-8")
    (folder / "a.txt").write_text(PARAGRAPHS[0], encoding="utf-8")
    (folder / "c.html").write_text(article_html(), encoding="utf-8")
    (folder / "d.bin").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty").mkdir()
    missing = str(tmp_path / "nowhere.txt")
    found = list(read_sources([str(folder), missing, str(tmp_path / "empty")], OPTIONS))
    assert [item.origin if isinstance(item, Article) else (item.source, item.kind) for item in found] == [
        str(folder / "a.txt"),
        str(folder / "b" / "2.txt"),
        str(folder / "c.html"),
        (str(folder / "d.bin"), "binary"),
        (missing, "unreadable"),
        (str(tmp_path / "empty"), "empty"),
    ]
    assert found[4] == Failure(missing, "no such file or folder", "unreadable")


def test_read_sources_mixes_urls_and_files(server: str, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(PARAGRAPHS[0], encoding="utf-8")
    found = list(read_sources([str(path), f"{server}/article", f"{server}/missing"], OPTIONS))
    assert [type(item) for item in found] == [Article, Article, Failure]


# -- Parquet ------------------------------------------------------------------------------------------------


def test_parquet_rows_are_articles_with_the_field_mapping(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "dump.parquet"
    pq.write_table(
        pa.table(
            {
                "body": ["Russian troops shelled Kharkiv.", "   ", None],
                "date": [dt.date(2024, 3, 4), dt.date(2024, 3, 5), None],
                "id": ["r1", "r2", "r3"],
            }
        ),
        path,
    )
    assert reader_for(str(path))[0] == "parquet"
    found = list(tabular.read_parquet(str(path), ReadOptions(fields={"text": "body", "published": "date"})))
    assert isinstance(found[0], Article)
    assert (found[0].text, found[0].published, found[0].external_id, found[0].origin) == (
        "Russian troops shelled Kharkiv.",
        dt.date(2024, 3, 4),
        "r1",
        f"{path}:row 1",
    )
    assert [(f.kind, f.source) for f in found[1:] if isinstance(f, Failure)] == [
        ("empty", f"{path}:row 2"),
        ("malformed", f"{path}:row 3"),
    ]


def test_a_parquet_file_without_text_or_not_parquet_is_one_failure(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "other.parquet"
    pq.write_table(pa.table({"body": ["x"]}), path)
    found = list(tabular.read_parquet(str(path), OPTIONS))
    assert [(f.kind, f.reason) for f in found if isinstance(f, Failure)] == [
        ("malformed", "no 'text' column for the text; the columns are: 'body'")
    ]
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    [failure] = list(read_sources([str(broken)], OPTIONS))
    assert isinstance(failure, Failure) and failure.kind == "malformed"
