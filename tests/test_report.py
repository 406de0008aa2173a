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

from pipeline.report import write_report

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
    }
