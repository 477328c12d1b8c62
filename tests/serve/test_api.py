"""The JSON API over a database written by the real pipeline: envelope, errors, pagination, filters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from sitrep.serve import ServeSettings, create_app, open_readonly
from sitrep.serve.filters import FILTER_NAMES

LISTS = ["/api/v1/events", "/api/v1/articles", "/api/v1/quotes", "/api/v1/framing", "/api/v1/stories"]


@pytest.fixture(scope="module")
def client(served_db: Path) -> Iterator[TestClient]:
    engine, name = open_readonly(served_db)
    app = create_app(engine, ServeSettings(db=str(served_db), name=name))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    engine.dispose()


def _walk(client: TestClient, path: str) -> list[dict[str, Any]]:
    """Every row of a list endpoint, following ``links.next``."""
    rows: list[dict[str, Any]] = []
    url: str | None = path
    while url:
        body = client.get(url).json()
        rows += body["data"]
        url = body["links"]["next"]
        assert len(rows) < 10_000
    return rows


@pytest.mark.parametrize("path", LISTS)
def test_every_list_has_the_envelope_even_when_empty(client: TestClient, path: str) -> None:
    for query in ("", "?since=2031-01-01"):
        response = client.get(path + query)
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"data", "meta", "links"}
        assert set(body["meta"]) == {"count", "limit", "next", "filters"}
        assert body["meta"]["count"] == len(body["data"])
        assert set(body["links"]) == {"self", "next"}
    assert body["data"] == [] and body["meta"]["next"] is None and body["links"]["next"] is None
    assert body["meta"]["filters"] == {"since": "2031-01-01"}


def test_events_carry_codes_offsets_and_attribution(client: TestClient) -> None:
    events = client.get("/api/v1/events?limit=500").json()["data"]
    assert events
    for event in events:
        for key in (
            "article_id",
            "event_id",
            "cameo",
            "quad_class",
            "goldstein",
            "trigger_start",
            "trigger_end",
            "attribution",
            "modality",
            "confidence",
            "rule",
            "outlet",
        ):
            assert key in event
    shelled = [e for e in events if e["external_id"] == "wire-1" and e["trigger_text"] == "shelled"]
    assert shelled and shelled[0]["source_country"] == "RUS"


def test_pagination_is_stable_and_complete(client: TestClient) -> None:
    everything = client.get("/api/v1/events?limit=1000").json()["data"]
    walked = _walk(client, "/api/v1/events?limit=3")
    keys = [(e["article_id"], e["event_id"]) for e in walked]
    assert keys == [(e["article_id"], e["event_id"]) for e in everything]
    assert len(set(keys)) == len(keys) > 3
    dates = [e["date"] for e in walked]
    assert dates == sorted(dates, reverse=True)
    assert len(_walk(client, "/api/v1/articles?limit=2")) == 6
    for path in ("/api/v1/quotes", "/api/v1/framing", "/api/v1/stories"):
        whole = client.get(path + "?limit=1000").json()["data"]
        assert _walk(client, path + "?limit=1") == whole


def test_export_streams_every_matching_event(client: TestClient) -> None:
    everything = client.get("/api/v1/events?limit=1000").json()["data"]
    lines = client.get("/api/v1/events/export.jsonl").text.splitlines()
    assert [json.loads(line)["event_id"] for line in lines] == [e["event_id"] for e in everything]
    csv_text = client.get("/api/v1/events/export.csv?country=RUS").text
    assert csv_text.startswith("article_id,") and "RUS" in csv_text
    assert "\n=" not in csv_text and ",=" not in csv_text


def test_filters_narrow_and_combine(client: TestClient) -> None:
    def ids(query: str) -> set[tuple[str, str]]:
        rows = client.get("/api/v1/events?limit=1000&" + query).json()["data"]
        return {(e["external_id"], e["event_id"]) for e in rows}

    everything = ids("")
    russian = ids("source_country=RUS")
    assert russian and russian < everything
    assert ids("country=RUS") >= russian
    assert ids("source_country=RUS&root=19") <= russian
    assert ids("outlet=State%20Daily") == {k for k in everything if k[0] == "state-1"}
    assert ids("since=2025-03-01&until=2025-03-31") == {
        (e["external_id"], e["event_id"])
        for e in client.get("/api/v1/events?limit=1000").json()["data"]
        if "2025-03-01" <= e["date"] <= "2025-03-31"
    }
    assert client.get("/api/v1/events?min_confidence=1.01").status_code == 422
    assert ids("min_confidence=0.99") < everything
    assert ids("q=shelled")
    assert ids("attribution=speaker") | ids("attribution=outlet") == everything


@pytest.mark.parametrize("name", FILTER_NAMES)
@pytest.mark.parametrize(
    "value",
    [
        "' OR '1'='1",
        "x'; DROP TABLE events; --",
        '"); DELETE FROM articles; --',
        "Ünïcödé ✓ 🇺🇦",
        "%_\\",
        "\x00",
    ],
)
def test_hostile_filter_values_are_data_not_sql(client: TestClient, name: str, value: str) -> None:
    for path in ("/api/v1/events", "/api/v1/articles", "/api/v1/facets", "/api/v1/timeline", "/events"):
        response = client.get(path, params={name: value})
        assert response.status_code in (200, 422), (path, response.text)
        if response.status_code == 422:
            assert path == "/events" or response.json()["error"]["parameter"] == name
        elif path == "/api/v1/events":
            assert response.json()["data"] == [] or name in ("q",)
    assert client.get("/api/v1/summary").json()["data"]["events"] > 0


def test_facets_and_timeline(client: TestClient) -> None:
    body = client.get("/api/v1/facets?facet=root,outlet,country_pair,modality,attribution,day").json()
    facets = body["data"]
    total = len(client.get("/api/v1/events?limit=1000").json()["data"])
    assert sum(r["events"] for r in facets["root"]) == total
    assert sum(r["events"] for r in facets["attribution"]) == total
    assert {r["value"] for r in facets["outlet"]} >= {"Wire Agency", "State Daily", "Evening Paper"}
    # a facet leaves its own filter out (pick several outlets), and obeys the others
    by_outlet = client.get("/api/v1/facets?facet=outlet,root&outlet=Wire%20Agency").json()["data"]
    assert {r["value"] for r in by_outlet["outlet"]} == {r["value"] for r in facets["outlet"]}
    wire = len(client.get("/api/v1/events?limit=1000&outlet=Wire%20Agency").json()["data"])
    assert sum(r["events"] for r in by_outlet["root"]) == wire < total
    series = client.get("/api/v1/timeline?by=root&interval=month").json()
    assert sum(r["events"] for r in series["data"]) == total
    assert {r["period"] for r in series["data"]} <= {"2025-01-01", "2025-02-01", "2025-03-01"}


def test_actor_and_story_endpoints(client: TestClient) -> None:
    actors = client.get("/api/v1/actors").json()["data"]
    assert actors and actors[0]["events"] >= actors[-1]["events"]
    top = client.get(f"/api/v1/actors/{actors[0]['code']}").json()["data"]
    assert top["events"] == actors[0]["events"]
    assert top["series"] and "counterparts" in top
    stories = _walk(client, "/api/v1/stories?limit=2")
    assert sum(s["articles"] for s in stories) == 6
    strike = next(s for s in stories if s["articles"] >= 2)
    story = client.get(f"/api/v1/stories/{strike['id']}").json()["data"]
    assert len(story["outlets"]) >= 2 and story["merged_events"]


# -- errors: one shape, whatever raised them ----------------------------------------------------------------


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "parameter"}
    assert body["error"]["status"] == status
    return dict(body["error"])


def test_every_error_has_one_shape(client: TestClient, served_db: Path) -> None:
    assert _error(client.get("/api/v1/nowhere"), 404)["code"] == "not_found"
    assert _error(client.get("/api/v1/articles/nope"), 404)["code"] == "not_found"
    assert _error(client.get("/api/v1/stories/999999"), 404)["code"] == "not_found"
    assert _error(client.get("/api/v1/actors/NOBODY"), 404)["code"] == "not_found"
    assert _error(client.delete("/api/v1/events"), 405)["code"] == "method_not_allowed"
    assert _error(client.get("/api/v1/events?limit=abc"), 422)["parameter"] == "limit"
    assert _error(client.get("/api/v1/events?limit=0"), 422)["parameter"] == "limit"
    assert _error(client.get("/api/v1/events?since=2025-13-01"), 422)["parameter"] == "since"
    assert _error(client.get("/api/v1/events?cursor=garbage"), 422)["parameter"] == "cursor"
    assert _error(client.get("/api/v1/facets?facet=nope"), 422)["parameter"] == "facet"
    assert _error(client.get("/api/v1/timeline?interval=year"), 422)["parameter"] == "interval"
    assert _error(client.get("/api/v1/events/export.xml"), 404)["code"] == "not_found"
    assert _error(client.post("/api/v1/articles", json={"text": "x"}), 403)["code"] == "forbidden"
    # the same shape as JSON from a page's twin, and as a page for a browser
    assert _error(client.get("/nowhere.json"), 404)["code"] == "not_found"
    page = client.get("/nowhere", headers={"accept": "text/html"})
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "no such page" in page.text


def test_a_server_error_keeps_the_shape(served_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.serve.cube import Cube

    engine, name = open_readonly(served_db)
    app = create_app(engine, ServeSettings(db=str(served_db), name=name))

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("a secret detail")

    with TestClient(app, raise_server_exceptions=False) as client:
        monkeypatch.setattr(Cube, "totals", broken)
        error = _error(client.get("/api/v1/summary"), 500)
    assert error["code"] == "server_error" and "secret" not in error["message"]
    engine.dispose()


def test_openapi_lists_the_api_and_docs_are_self_hosted(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/events", "/api/v1/facets", "/api/v1/timeline", "/api/v1/stories/{story}"} <= set(
        spec["paths"]
    )
    docs = client.get("/api/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert "http://" not in docs and "https://" not in docs


# -- security ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/events",
        "/articles",
        "/articles/hostile-1",
        "/stories",
        "/actors",
        "/api/v1/events",
        "/nowhere",
        "/static/app.css",
    ],
)
def test_every_response_sends_the_strict_policy(client: TestClient, path: str) -> None:
    response = client.get(path)
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/articles/hostile-1", "/articles", "/events", "/stories", "/"])
def test_hostile_text_is_escaped_on_every_page(client: TestClient, path: str) -> None:
    page = client.get(path).text
    assert "<script>alert" not in page
    assert "<img src=x" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert 'href="javascript:' not in page
    if path in ("/articles/hostile-1", "/articles"):
        assert "&lt;script&gt;alert(" in page


def test_story_page_escapes_hostile_outlets(client: TestClient) -> None:
    stories = _walk(client, "/api/v1/stories")
    hostile = next(s for s in stories if any("<script>" in o for o in s["outlets"]))
    page = client.get(f"/stories/{hostile['id']}").text
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_the_database_is_read_only(served_db: Path) -> None:
    from sqlalchemy.exc import OperationalError

    engine, _ = open_readonly(served_db)
    with engine.connect() as conn, pytest.raises(OperationalError):
        conn.execute(text("DELETE FROM events"))
    engine.dispose()


def test_a_missing_database_is_refused(tmp_path: Path) -> None:
    from sitrep.errors import ConfigError

    with pytest.raises(ConfigError, match="no such database"):
        open_readonly(tmp_path / "absent.db")
    assert not (tmp_path / "absent.db").exists()


# -- the one write: off without a token, then only with it ------------------------------------------------


@pytest.fixture(scope="module")
def writable(served_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    import shutil

    copy = tmp_path_factory.mktemp("writable") / "news.db"
    shutil.copy(served_db, copy)
    engine, name = open_readonly(copy)
    app = create_app(engine, ServeSettings(db=str(copy), name=name, token="s3cret-token-for-tests"))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    engine.dispose()


def test_writes_need_the_token(writable: TestClient) -> None:
    body = {
        "text": "Egypt's foreign minister met Qatar's prime minister in Cairo on Sunday.",
        "source": "Cairo Desk",
    }
    assert _error(writable.post("/api/v1/articles", json=body), 401)["code"] == "unauthorized"
    wrong = {"authorization": "Bearer not-the-token"}
    assert _error(writable.post("/api/v1/articles", json=body, headers=wrong), 401)["code"] == "unauthorized"
    right = {"authorization": "Bearer s3cret-token-for-tests"}
    response = writable.post("/api/v1/articles", json=body, headers=right)
    assert response.status_code == 201, response.text
    assert response.json()["data"]["articles_coded"] == 1
    outlets = {r["value"] for r in writable.get("/api/v1/facets?facet=outlet").json()["data"]["outlet"]}
    assert "Cairo Desk" in outlets  # the cube saw the write


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/x", "http://127.0.0.1:9/", "http://[::1]/", "http://10.0.0.8/"],
)
def test_the_server_refuses_to_fetch_local_or_odd_urls(writable: TestClient, url: str) -> None:
    right = {"authorization": "Bearer s3cret-token-for-tests"}
    error = _error(writable.post("/api/v1/articles", json={"fetch": url}, headers=right), 400)
    assert error["code"] == "bad_request"


def test_bad_write_bodies_are_400(writable: TestClient) -> None:
    right = {"authorization": "Bearer s3cret-token-for-tests"}
    assert _error(writable.post("/api/v1/articles", content=b"not json", headers=right), 400)
    assert _error(writable.post("/api/v1/articles", json={"text": "a", "fetch": "b"}, headers=right), 400)
    assert _error(writable.post("/api/v1/articles", json={"text": 5}, headers=right), 400)
    assert _error(writable.post("/api/v1/articles", json={"nope": "x"}, headers=right), 400)


# -- every page has a JSON twin ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page", ["/events", "/articles", "/actors", "/stories", "/articles/wire-1", "/stories/1"]
)
def test_json_twins_by_suffix_and_by_accept(client: TestClient, page: str) -> None:
    by_suffix = client.get(page + ".json")
    by_accept = client.get(page, headers={"accept": "application/json"})
    assert by_suffix.status_code == by_accept.status_code == 200
    assert by_suffix.json() == json.loads(by_accept.text.replace(page + "?", page + ".json?")) or (
        by_suffix.json()["data"] == by_accept.json()["data"]
    )
    html = client.get(page, headers={"accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html")


def test_the_events_twin_is_the_api(client: TestClient) -> None:
    assert (
        client.get("/events.json?country=RUS").json()["data"]
        == client.get("/api/v1/events?country=RUS").json()["data"]
    )
    dashboard = client.get("/index.json").json()["data"]
    assert dashboard["summary"]["events"] == len(client.get("/api/v1/events?limit=1000").json()["data"])


@pytest.mark.parametrize(
    "query",
    [
        "",
        "country=RUS",
        "root=19,11&since=2025-03-01",
        "outlet=Evening%20Paper&attribution=speaker",
        "min_confidence=0.5",
        "modality=asserted&quad=4",
        "actor=RUSMIL&until=2025-03-03",
    ],
)
def test_the_memory_cube_agrees_with_sql(served_db: Path, query: str) -> None:
    from urllib.parse import parse_qs

    from sitrep.serve import parse_filters, queries
    from sitrep.serve.cube import Cube

    engine, _ = open_readonly(served_db)
    f = parse_filters(parse_qs(query))
    cube = Cube(engine)
    with engine.connect() as conn:
        for name in queries.FACETS:
            for top in (1, 2, 50):  # ties cut at the same place: by count, then by value as text
                assert cube.facet(f, name, top=top) == queries.facet_sql(conn, f, name, top=top), name
            assert cube.last_source == "memory"
        for by in ("root", "plover", "quad", ""):
            for interval in ("day", "week", "month"):
                assert cube.timeline(f, by, interval) == queries.timeline_sql(conn, f, by, interval)
    engine.dispose()


def test_the_cube_totals_are_the_databases(served_db: Path) -> None:
    from sitrep.serve import queries
    from sitrep.serve.cube import Cube

    engine, _ = open_readonly(served_db)
    with engine.connect() as conn:
        assert Cube(engine).totals() == queries.totals(conn)
    engine.dispose()


def test_the_cube_follows_another_writer(served_db: Path, tmp_path: Path) -> None:
    import shutil
    import time

    from sitrep.cli import main
    from sitrep.serve.cube import Cube

    copy = tmp_path / "news.db"
    shutil.copy(served_db, copy)
    engine, _ = open_readonly(copy)
    cube = Cube(engine)
    before = cube.totals()
    source = tmp_path / "more.jsonl"
    source.write_text(
        json.dumps({"id": "late-1", "text": "Kenyan police arrested two journalists in Nairobi on Friday."})
        + "\n",
        encoding="utf-8",
    )
    assert main(["ingest", str(source), "--db", str(copy)]) == 0
    deadline = time.monotonic() + 30
    while cube.totals()["articles"] == before["articles"] and time.monotonic() < deadline:
        time.sleep(0.2)  # the old figures answer while the new ones are read in the background
    assert cube.totals()["articles"] == before["articles"] + 1
    engine.dispose()


def test_a_storys_merged_events_list_their_mentions(client: TestClient) -> None:
    stories = _walk(client, "/api/v1/stories")
    strike = max(stories, key=lambda s: s["articles"])
    merged = client.get(f"/api/v1/stories/{strike['id']}/events").json()
    assert merged["meta"]["count"] == len(merged["data"]) > 0
    shared = [m for m in merged["data"] if m["num_sources"] > 1]
    assert shared, "one strike reported by two outlets is one merged event"
    ours = {a["id"]: a["external_id"] for a in _walk(client, "/api/v1/articles")}
    for event in merged["data"]:
        assert event["num_mentions"] == len(event["mentions"])
        assert {ours[m["article"]] for m in event["mentions"]} <= {"wire-1", "paper-1", "state-1"}
    _error(client.get("/api/v1/stories/999999/events"), 404)


def test_head_is_get_without_the_body(client: TestClient) -> None:
    for path in ("/", "/api/v1/events", "/articles/wire-1"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        assert "content-security-policy" in head.headers
    assert client.head("/nowhere").status_code == 404


def test_csv_cells_are_never_formulas() -> None:
    from sitrep.serve.app import _cell

    assert _cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert [_cell(v) for v in ("+1+1", "@SUM(A1)", "\t=1", "-2+3")] == [
        "'+1+1",
        "'@SUM(A1)",
        "'\t=1",
        "'-2+3",
    ]
    assert [_cell(v) for v in ("-3.5", "+7", "plain", 4, None)] == ["-3.5", "+7", "plain", 4, None]


def test_places_lists_where_the_events_happened(client: TestClient) -> None:
    body = client.get("/api/v1/places").json()
    rows = body["data"]
    assert rows, "the shelling of Kharkiv is located"
    assert [r["events"] for r in rows] == sorted((r["events"] for r in rows), reverse=True)
    kharkiv = next(r for r in rows if r["name"] == "Kharkiv")
    assert kharkiv["country"] == "UKR" and kharkiv["precision"] == "city"
    assert kharkiv["lat"] == pytest.approx(49.98, abs=0.01)
    events = client.get("/api/v1/events?limit=1000").json()["data"]
    located = [e for e in events if e["location_name"] == "Kharkiv"]
    assert kharkiv["events"] == len(located)
    only_france = client.get("/api/v1/places?country=FRA").json()["data"]
    assert all(r["name"] != "Kharkiv" for r in only_france)
    assert client.get("/api/v1/places?top=0").status_code == 422  # a bad parameter, as for facets
