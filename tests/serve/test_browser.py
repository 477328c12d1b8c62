"""The web UI in real Chromium (Debian's, driven by Playwright): every page renders with no console error
and no request leaving the server; filters, facets and "More events" work; highlights sit on the right
characters; hostile text stays text."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest
from playwright.sync_api import expect
from serve.browser import Watch, browser, chromium_path, running_server


def _need_chromium() -> None:
    reason = None
    if chromium_path() is None:
        reason = "Chromium not found (Debian's chromium package; `make install` installs it)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright is not installed (pip install -e '.[dev]')"
    if reason:
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: " + reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def base(served_db: Path) -> Iterator[str]:
    _need_chromium()
    with running_server(served_db) as url:
        yield url


@pytest.fixture(scope="module")
def chromium(base: str) -> Iterator[Any]:
    with browser() as launched:
        yield launched


@pytest.fixture
def page(chromium: Any, base: str) -> Iterator[tuple[Any, Watch]]:
    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    tab = context.new_page()
    watch = Watch(base)
    watch.attach(tab)
    dialogs: list[str] = []

    def dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    tab.on("dialog", dialog)
    yield tab, watch
    context.close()
    assert dialogs == [], f"a script ran from the data: {dialogs}"


def _api(base: str, path: str) -> Any:
    with urlopen(base + path, timeout=10) as response:
        return json.loads(response.read())


def _strike_story(base: str) -> int:
    stories = _api(base, "/api/v1/stories?limit=100")["data"]
    return int(max(stories, key=lambda s: s["articles"])["id"])


PAGES = [
    "/",
    "/events",
    "/articles",
    "/articles/wire-1",
    "/articles/hostile-1",
    "/actors",
    "/actors/RUSMIL",
    "/stories",
    "/api/docs",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_no_errors_and_nothing_external(
    page: tuple[Any, Watch], base: str, path: str
) -> None:
    tab, watch = page
    response = tab.goto(base + path, wait_until="networkidle")
    assert response.status == 200
    expect(tab.locator("[aria-busy=true]")).to_have_count(0, timeout=15_000)
    assert watch.problems() == []
    expect(tab.locator("h1, #swagger-ui .title").first).to_be_visible(timeout=15_000)


def test_an_unknown_page_is_a_page(page: tuple[Any, Watch], base: str) -> None:
    tab, watch = page
    response = tab.goto(base + "/nowhere", wait_until="networkidle")
    assert response.status == 404
    assert "no such page" in tab.locator("main").inner_text()
    # the browser reports the page's own 404 status; nothing else may go wrong
    assert [p for p in watch.problems() if "status of 404" not in p] == []


def test_story_page_sets_outlets_side_by_side(page: tuple[Any, Watch], base: str) -> None:
    tab, watch = page
    tab.goto(f"{base}/stories/{_strike_story(base)}", wait_until="networkidle")
    headers = tab.locator("table.side-by-side thead th").all_inner_texts()
    assert any("WIRE AGENCY" in h.upper() for h in headers)
    assert any("EVENING PAPER" in h.upper() for h in headers)
    assert tab.locator(".outlets .card").count() >= 2
    assert watch.problems() == []


def test_dashboard_draws_its_charts_and_map(page: tuple[Any, Watch], base: str) -> None:
    tab, watch = page
    tab.goto(base + "/", wait_until="networkidle")
    tab.wait_for_selector("#timeline svg .mark-rect path, #timeline svg .mark-rect", timeout=15_000)
    tab.wait_for_selector("#roots svg", timeout=15_000)
    tab.wait_for_selector("#map path.leaflet-interactive", timeout=15_000)
    # Russia is coloured (events come from there); the map needs no tiles
    assert tab.locator("#map path.leaflet-interactive").count() > 150
    assert tab.locator("#map img.leaflet-tile").count() == 0
    tab.click("p.switch a:has-text('CAMEO root')")
    tab.wait_for_load_state("networkidle")
    assert "by=root" in tab.url
    tab.wait_for_selector("#timeline svg", timeout=15_000)
    assert "by CAMEO root" in tab.locator("section.card.wide h2").first.inner_text()
    assert watch.problems() == []


def test_actor_page_draws_the_network(page: tuple[Any, Watch], base: str) -> None:
    tab, watch = page
    tab.goto(base + "/actors/RUSMIL", wait_until="networkidle")
    tab.wait_for_selector("#network canvas", timeout=15_000)
    tab.wait_for_selector("#actor-series svg", timeout=15_000)
    assert watch.problems() == []


def test_filters_and_facets_narrow_the_table(page: tuple[Any, Watch], base: str) -> None:
    tab, watch = page
    tab.goto(base + "/events", wait_until="networkidle")
    everything = tab.locator("#events-table tbody tr:not(.more)").count()
    tab.fill("input[name=country]", "RUS")
    tab.click("form.filters button[type=submit]")
    tab.wait_for_load_state("networkidle")
    assert "country=RUS" in tab.url and "since=" not in tab.url  # empty fields are left out
    rows = tab.locator("#events-table tbody tr:not(.more)").count()
    expected = len(_api(base, "/api/v1/events?country=RUS&limit=1000")["data"])
    assert 0 < rows == min(expected, 50) < everything
    tab.locator("aside.facets a.facet", has_text="Wire Agency").click()
    tab.wait_for_load_state("networkidle")
    assert "outlet=Wire+Agency" in tab.url and "country=RUS" in tab.url
    shown = tab.locator("#events-table tbody tr:not(.more)").count()
    assert shown == len(_api(base, "/api/v1/events?country=RUS&outlet=Wire%20Agency&limit=1000")["data"])
    assert watch.problems() == []


def test_more_events_loads_the_next_page_in_place(page: tuple[Any, Watch], base: str) -> None:
    tab, watch = page
    tab.goto(base + "/events?limit=5", wait_until="networkidle")
    assert tab.locator("#events-table tbody tr:not(.more)").count() == 5
    tab.click("tr.more a")
    expect(tab.locator("#events-table tbody tr:not(.more)")).to_have_count(10)
    ids = tab.locator("#events-table tbody tr:not(.more) td:last-child a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    expected = [
        f"/articles/{e['article_id']}#{e['event_id']}" for e in _api(base, "/api/v1/events?limit=10")["data"]
    ]
    assert ids == expected
    assert watch.problems() == []


def test_highlights_sit_on_the_right_characters(page: tuple[Any, Watch], base: str) -> None:
    tab, watch = page
    article = _api(base, "/api/v1/articles/wire-1")["data"]
    tab.goto(base + "/articles/wire-1", wait_until="networkidle")
    marks = tab.locator("#article-text .hl").evaluate_all(
        "els => els.map(e => ({start: +e.dataset.start, text: e.textContent, kinds: e.className, "
        "ids: e.dataset.ids, title: e.title}))"
    )
    assert marks
    text = article["text"]
    for mark in marks:
        assert text[mark["start"] : mark["start"] + len(mark["text"])] == mark["text"]
    # the rendered text is the article's text, character for character
    assert tab.locator("#article-text").inner_text().replace("\r", "") == text
    for event in article["events"]:
        covered = "".join(
            m["text"] for m in marks if "trigger" in m["kinds"] and event["event_id"] in m["ids"].split()
        )
        assert covered == text[event["trigger_start"] : event["trigger_end"]] == event["trigger_text"]
        titled = [
            m["title"] for m in marks if event["event_id"] in m["ids"].split() and "trigger" in m["kinds"]
        ]
        assert all("rule " in t and "confidence " in t for t in titled)
    for quote in article["quotes"]:
        covered = "".join(m["text"] for m in marks if quote["quote_id"] in m["ids"].split())
        assert covered == text[quote["char_start"] : quote["char_end"]]
    tab.hover("#article-text .hl.trigger >> nth=0")
    assert tab.locator("#article-text .hl.lit").count() >= 1
    assert watch.problems() == []


def test_hostile_text_stays_text(page: tuple[Any, Watch], base: str) -> None:
    tab, watch = page
    tab.goto(base + "/articles/hostile-1", wait_until="networkidle")
    assert tab.locator("h1").inner_text() == '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert tab.locator("main img, main script").count() == 0
    source = tab.locator("article.doc .meta a", has_text="source")
    assert source.get_attribute("href") == "#"  # the javascript: URL is not linked
    tab.goto(base + "/articles", wait_until="networkidle")
    assert tab.locator("main img, main script").count() == 0
    assert watch.problems() == []


@pytest.mark.parametrize("path", ["/events", "/articles", "/actors", "/stories", "/articles/wire-1"])
def test_the_json_link_is_the_pages_twin(page: tuple[Any, Watch], base: str, path: str) -> None:
    tab, _ = page
    tab.goto(base + path + "?since=2025-01-01" if "/articles/" not in path else base + path)
    href = tab.locator("footer a.twin").get_attribute("href")
    twin = _api(base, href)
    same = _api(base, path + ".json" + ("?since=2025-01-01" if "/articles/" not in path else ""))
    assert twin == same and "data" in twin


@pytest.mark.parametrize("path", ["/", "/events", "/articles/wire-1", "/actors/RUSMIL", "/stories"])
def test_a_phone_width_needs_no_sideways_scrolling(chromium: Any, base: str, path: str) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    watch = Watch(base)
    watch.attach(tab)
    tab.goto(base + path, wait_until="networkidle")
    width = tab.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 390
    assert watch.problems() == []
