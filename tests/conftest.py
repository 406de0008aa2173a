"""Shared fixtures: the bundled plans in raw/ parsed once per test session, and the PostgreSQL test
databases.

PostgreSQL comes from MRPLANS_TEST_PG_URL (default: the local server's mrplans_test).  When the
server answers and a test database is missing, the suite creates it (through the server's
`postgres` database) and drops it at the end of the session; when it cannot, the tests skip saying
the server's own reason (no server, authentication failed, no right to create the database), and in
CI (CI=true) they fail instead.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from models.document import ParsedPlan

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
PLAN_FILES = {
    "洛浦县": RAW / "luopu-county-2021-2025.tika.txt",
    "和田地区": RAW / "hotan-prefecture-2021-2025.tika.txt",
    "喀什地区": RAW / "kashgar-prefecture-2021-2025.tika.txt",
}


PG_URL = os.environ.get("MRPLANS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/mrplans_test")
_CREATED: list[URL] = []  # test databases this session created, dropped when it ends


def postgres_url(database: str | None = None) -> str:
    """The URL of a PostgreSQL test database on the server of MRPLANS_TEST_PG_URL (default: its own
    database), created when missing; skip (in CI: fail) with the real reason when there is none."""
    url = make_url(PG_URL).set(drivername="postgresql+psycopg")
    url = url.set(database=database) if database else url
    problem = _connect_problem(url)
    if problem and "does not exist" in problem and f'"{url.database}"' in problem:
        problem = _create(url)
    if problem:
        reason = f"PostgreSQL test database {url.render_as_string()}: {problem} (set MRPLANS_TEST_PG_URL)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return url.render_as_string(hide_password=False)


def _connect_problem(url: URL) -> str | None:
    """None when `url` answers, else the server's (or the network's) reason in one line."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect():
            return None
    except Exception as err:  # the reason is reported, whatever it is
        cause = getattr(err, "orig", None) or err
        return " ".join(re.sub(r"^connection failed: ", "", str(cause)).split())
    finally:
        engine.dispose()


def _create(url: URL) -> str | None:
    """Create the database of `url` through the server's `postgres` database; None, or why not."""
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as con:
            con.execute(text(f'CREATE DATABASE "{url.database}"'))
    except Exception as err:  # the reason is reported, whatever it is
        cause = " ".join(str(getattr(err, "orig", None) or err).split())
        return f"database {url.database!r} does not exist and cannot be created ({cause})"
    finally:
        admin.dispose()
    _CREATED.append(url)
    return None


@pytest.fixture(scope="session", autouse=True)
def _drop_created_databases() -> Iterator[None]:
    yield
    for url in _CREATED:
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as con:  # WITH (FORCE): engines of the session may still hold connections
            con.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        admin.dispose()


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
    from pipeline.run.ingest import ingest_file
    from pipeline.store.db import create_schema

    create_schema(engine)
    for path in files:
        assert ingest_file(path, engine).status == "loaded"
    refresh(engine)
    return engine


@pytest.fixture(scope="session")
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A SQLite database holding the three bundled plans, compared."""
    from pipeline.store.db import engine_for

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
