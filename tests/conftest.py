"""Shared fixtures: the bundled plans in raw/ parsed once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from models.document import ParsedPlan

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
PLAN_FILES = {
    "洛浦县": RAW / "luopu-county-2021-2025.tika.txt",
    "和田地区": RAW / "hotan-prefecture-2021-2025.tika.txt",
    "喀什地区": RAW / "kashgar-prefecture-2021-2025.tika.txt",
}


@pytest.fixture(scope="session")
def plans() -> dict[str, ParsedPlan]:
    from parsers.parse import parse_document

    return {region: parse_document(path) for region, path in PLAN_FILES.items()}


def raw_lines(region: str, first: int, last: int) -> list[str]:
    """Lines first..last (1-based, inclusive) of a bundled plan: real snippets for reader tests."""
    return PLAN_FILES[region].read_text(encoding="utf-8").splitlines()[first - 1 : last]


def raw_cells() -> set[str]:
    """Every table cell printed in the bundled Tika text (lines starting with a TAB), as printed."""
    return {
        line[1:]
        for path in PLAN_FILES.values()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("\t")
    }


def load_plans(engine: Engine, files: Iterable[Path] = PLAN_FILES.values()) -> Engine:
    """Create the schema, ingest the plans (default: the three bundled ones) and compare them, as
    `mrplans ingest` does."""
    from pipeline.compare.run import refresh
    from pipeline.db import create_schema
    from pipeline.ingest import ingest_file

    create_schema(engine)
    for path in files:
        assert ingest_file(path, engine).status == "loaded"
    refresh(engine)
    return engine


@pytest.fixture(scope="session")
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A SQLite database holding the three bundled plans, compared."""
    from pipeline.db import engine_for

    return load_plans(engine_for(f"sqlite:///{tmp_path_factory.mktemp('db') / 'plans.db'}"))


def require_soffice() -> None:
    """Skip the test, saying why, when LibreOffice is not installed; in CI (CI=true) fail instead."""
    if shutil.which("soffice") is None:
        reason = "LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def doc_fixtures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose doc/<stem>.doc are the .docx fixtures saved as Word 97 by LibreOffice
    (tests/fixtures/render_fixtures.py), rendered once a session: LibreOffice writes a few seconds'
    worth, not worth committing binaries for."""
    require_soffice()
    from fixtures.render_fixtures import DOCX_DIR, render_docs

    folder = tmp_path_factory.mktemp("rendered")
    render_docs(sorted(DOCX_DIR.glob("*.docx")), folder / "doc")
    return folder
