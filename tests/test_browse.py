"""`mrplans browse`: Datasette serves the plans read-only with bilingual metadata, facets and canned queries.

The server runs as a user starts it (the `mrplans` command on a free port of 127.0.0.1)
and its pages are loaded in headless Chromium (Debian's `chromium`; outside CI the test
skips, saying why, when it is missing).  Every wait is bounded; the server is stopped
at the end.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import Engine
from test_report import BROWSER_FLAGS, _chromium

from pipeline.outputs.datasette_metadata import BOX_CELLS_QUERY, CANNED_QUERIES, datasette_metadata
from pipeline.store.contract import contract_names, contract_views

START_SECONDS = 60


class _Rows(HTMLParser):
    """Rows of Datasette's results table: {column: text}, and each cell's link as {column: href}."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self.links: list[dict[str, str]] = []
        self._column: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr":
            self.rows.append({})
            self.links.append({})
        elif tag == "td" and (found.get("class") or "").startswith("col-"):
            self._column = (found["class"] or "").split()[0].removeprefix("col-")  # col-box_id type-int
            self.rows[-1][self._column] = ""
        elif tag == "a" and self._column is not None:
            self.links[-1][self._column] = found.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._column = None

    def handle_data(self, data: str) -> None:
        if self._column is not None:
            self.rows[-1][self._column] += data.strip()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(sqlite_db: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`mrplans browse` on the three compared plans; yields the database's base URL."""
    database = Path(sqlite_db.url.database or "")
    port = _free_port()
    log = tmp_path_factory.mktemp("browse") / "browse.log"
    cli = Path(sys.executable).parent / "mrplans"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [str(cli), "browse", "--db", f"sqlite:///{database}", "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}/{database.stem}"
    try:
        _wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"mrplans browse exited with {process.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}.json", timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"mrplans browse did not answer within {START_SECONDS} s: {log.read_text()}")


def _page(url: str, profile: Path) -> _Rows:
    command = [_chromium(), *BROWSER_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout
    rows = _Rows()
    rows.feed(dom)
    return rows


def _url(base: str, page: str, **params: object) -> str:
    return f"{base}/{page}?{urllib.parse.urlencode(params)}"


def test_canned_query_in_chromium_gives_one_minerals_targets_and_links_back_to_boxes(
    server: str, tmp_path: Path
) -> None:
    page = _page(_url(server, "mineral_across_plans", mineral="石灰岩"), tmp_path / "profile")
    targets = {
        (row["region"], row["period"], row["value_text"])
        for row in page.rows
        if row.get("measure") == "target" and row.get("family") == "mining"
    }
    expected = {("洛浦县", "2025", "100"), ("和田地区", "2025", "500"), ("和田地区", "2025", "300")}
    assert expected <= targets
    assert all(row["region"] in {"洛浦县", "和田地区", "喀什地区"} for row in page.rows if row)
    box_links = {links["box_id"] for links in page.links if "box_id" in links}
    assert box_links and all(f"/{BOX_CELLS_QUERY}?box_id=" in link for link in box_links)


def test_a_typed_row_leads_to_its_box_cells(server: str, tmp_path: Path) -> None:
    page = _page(_url(server, "min_scale", mineral="建筑用砂"), tmp_path / "profile")
    link = next(links["box_id"] for links in page.links if "box_id" in links)
    cells = [row for row in _page(urllib.parse.urljoin(server, link), tmp_path / "profile").rows if row]
    assert "建筑用砂" in {row["text"] for row in cells}
    assert len({row["box_title"] for row in cells}) == 1 and "最低开采" in cells[0]["box_title"]


def test_canned_queries_answer_with_parameters(server: str) -> None:
    zones = _json(_url(server, "zones_larger_than.json", min_area=600, _shape="array"))
    assert all(z["area_km2"] > 600 for z in zones)
    concentrated = [(z["name"], z["area_km2"]) for z in zones if z["zone_type"] == "concentrated_mining"]
    assert concentrated == [("莎车县砂石料矿集中开采区", 620.7006)]
    assert [z["zone_type"] for z in zones] == sorted(z["zone_type"] for z in zones)
    county = _json(_url(server, "county_vs_prefecture.json", region="洛浦", _shape="array"))
    assert county and {row["parent_region"] for row in county} == {"和田地区"}
    findings = _json(_url(server, "plan_findings.json", region="和田", _shape="array"))
    assert findings and {row["region"] for row in findings} == {"和田地区"}


def test_views_show_titles_units_and_facets_and_the_versions_tables_are_hidden(server: str) -> None:
    zone = _text(_url(server, "zone"))
    assert "规划分区 · Planning zones" in zone and "面积 · Area (km²)" in zone
    assert 'data-column="zone_type"' in zone  # a facet
    listing = _text(server)
    assert f'href="{_path(server)}/indicator"' in listing
    assert f'href="{_path(server)}/indicator_all"' not in listing


def _text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _json(url: str) -> list[dict[str, object]]:
    return json.loads(_text(url))


def _path(url: str) -> str:
    return urllib.parse.urlsplit(url).path


def test_metadata_labels_every_column_in_both_languages_with_units(sqlite_db: Engine) -> None:
    from sqlalchemy import inspect

    inspector = inspect(sqlite_db)
    columns = {name: [c["name"] for c in inspector.get_columns(name)] for name in contract_names()}
    tables = datasette_metadata("plans", columns, ["indicator_all"])["databases"]["plans"]["tables"]
    for name in contract_names():
        meta = tables[name]
        assert meta["title"] == f"{contract_views()[name].zh} · {contract_views()[name].en}"
        assert set(meta["columns"]) == set(columns[name]), name
        assert all(" · " in description for description in meta["columns"].values())
    assert tables["zone"]["columns"]["area_km2"] == "面积 · Area (km²)"
    assert tables["zone"]["facets"] == ["plan_id", "region", "zone_type"]
    assert {"plan_id", "mineral"} <= set(tables["indicator"]["facets"])
    assert "kind" in tables["box"]["facets"] and "kind" in tables["finding"]["facets"]
    assert tables["indicator_all"] == {"hidden": True}


def test_canned_queries_cover_the_common_questions() -> None:
    parameters = {name: query["sql"].split("WHERE", 1)[1] for name, query in CANNED_QUERIES.items()}
    assert ":mineral" in parameters["mineral_across_plans"]
    assert ":region" in parameters["county_vs_prefecture"] and ":region" in parameters["plan_findings"]
    assert ":min_area" in parameters["zones_larger_than"]
    assert ":box_id" in parameters[BOX_CELLS_QUERY]
    assert all(" · " in query["title"] for query in CANNED_QUERIES.values())


def test_plan_facets_show_each_plans_region(server: str) -> None:
    facets = json.loads(_text(_url(server, "zone.json", _size=1)))["facet_results"]
    labels = {r["value"]: r["label"] for r in facets["plan_id"]["results"]}
    assert sorted(labels.values()) == ["和田地区", "喀什地区", "洛浦县"]


def test_column_descriptions_fold_above_the_rows(server: str, tmp_path: Path) -> None:
    command = [_chromium(), *BROWSER_FLAGS, f"--user-data-dir={tmp_path}", "--dump-dom", _url(server, "zone")]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout
    assert "<details><summary>列说明 · Column descriptions (" in dom  # closed: one line above the rows
    assert '<dl class="column-descriptions"' in dom.split("<details><summary>", 1)[1].split("</details>")[0]
    assert 'title="面积 · Area (km²)"' in dom  # and on the column's header
