"""`mrplans report`: the HTML opens offline in headless Chromium with its numbers; the CSV has all findings.

Chromium comes from Debian's `chromium` package (.ci/run installs it).  Outside CI
the browser test skips, saying why, when it is missing; in CI it fails instead.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import Engine

from pipeline.outputs.report import write_report

BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def report(sqlite_db: Engine, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return write_report(sqlite_db, tmp_path_factory.mktemp("report"))


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def _dump_dom(html: Path, profile: Path) -> str:
    command = [_chromium(), *BROWSER_FLAGS, f"--user-data-dir={profile}", "--dump-dom", html.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout


def test_report_renders_from_disk_with_its_key_numbers(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dom = _dump_dom(report.html, tmp_path / "profile")
    key_numbers = ("208.395", "42.41", "445", "393", "51.83", "51.82", "1605.9")
    for text in ("mrplans audit report", "total_mismatch", *key_numbers):
        assert text in dom, text
    assert dom.count("<svg") >= 2  # the target and minimum-scale charts
    page = report.html.read_text(encoding="utf-8")
    assert not any(ref in page for ref in ('src="http', "<link", "url(http", "<script"))  # nothing to fetch


def test_findings_csv_has_every_finding_for_excel(report) -> None:  # type: ignore[no-untyped-def]
    raw = report.csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so Excel reads the Chinese text
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == report.findings
    assert {r["kind"] for r in rows} == {
        "total_mismatch",
        "text_table_mismatch",
        "value_conflict",
        "unit_conflict",
        "cross_plan_mismatch",
        "text_sum_mismatch",
        "text_breakdown_mismatch",
        "text_column_mismatch",
        "zone_summary_mismatch",
        "unit_magnitude_conflict",
        "rate_mismatch",
    }


def test_review_section_reads_for_a_planner(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dom = _dump_dom(report.html, tmp_path / "profile")
    review = dom[dom.index('id="review"') :]
    review = review[: review.index("</section>")]
    for title in ("新疆维吾尔自治区洛浦县矿产资源总体规划", "喀什地区矿产资源总体规划"):
        assert title in review, title
    # kinds said in words, each finding with the printed text of both places
    assert "正文分项与总数不符" in review and "单位数量级错误" in review and "完成率计算不符" in review
    assert "喀什地区现有有效采矿权77家" in review  # the sentence stating the total
    assert "非金属矿山81家" in review  # the sentence listing the parts
    assert "镓矿 534.8 金属量 万吨" in review and "镓矿 534.8 金属量 吨" in review
    # compliance: the county against its prefecture, the prefectures without their province's plan
    luopu = review[review.index("洛浦县矿产资源总体规划") :]
    assert "与上级规划衔接" in luopu and "和田地区 专栏5 row 14 gives 50" in luopu
    assert "The plan of 新疆维吾尔自治区 is not in the database" in review
    assert "SELECT" not in review
