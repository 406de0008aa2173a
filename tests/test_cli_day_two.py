"""An on-call data engineer's day two: re-reading loaded plans, and migrating a database in use.

`mrplans ingest --reprocess` reads files already loaded again: a reading that changed
(here, a new reading profile) becomes a new version from the same bytes, recorded
with its reader and the digest of the reading; an unchanged reading adds nothing.
The migration that allows it copies plan_all on SQLite without losing a row.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from conftest import PLAN_FILES, ROOT
from sqlalchemy import text
from test_cli import _mrplans

from pipeline.store.db import create_schema, engine_for
from pipeline.store.migrate import alembic_config

LUOPU = PLAN_FILES["洛浦县"]
SKIP_BOX = """match:
  region: 洛浦县
note: a test profile that changes the reading
boxes:
  2:
    skip: read by hand for this test
"""


def _versions(db: Path) -> list[tuple]:
    query = "SELECT version, is_latest, source_sha256, reader, reading_sha256 FROM plan_all ORDER BY version"
    return sqlite3.connect(db).execute(query).fetchall()


def test_reprocess_makes_a_version_only_when_the_reading_changed(tmp_path: Path) -> None:
    db, profiles = tmp_path / "plans.db", tmp_path / "profiles"
    profiles.mkdir()
    url = f"sqlite:///{db}"
    assert _mrplans("ingest", str(LUOPU), "--db", url, "--profiles", str(profiles), cwd=ROOT).returncode == 0
    same = _mrplans("ingest", str(LUOPU), "--db", url, "--reprocess", "--json", cwd=ROOT)
    assert same.returncode == 0, same.stderr
    assert '"status": "skipped"' in same.stdout and len(_versions(db)) == 1  # read the same: nothing

    (profiles / "luopu.yaml").write_text(SKIP_BOX, encoding="utf-8")
    plain = _mrplans("ingest", str(LUOPU), "--db", url, "--profiles", str(profiles), cwd=ROOT)
    assert plain.returncode == 0 and len(_versions(db)) == 1  # without --reprocess: skipped by its hash
    reprocess = ("ingest", str(LUOPU), "--db", url, "--profiles", str(profiles), "--reprocess")
    changed = _mrplans(*reprocess, cwd=ROOT)
    assert changed.returncode == 0, changed.stderr
    first, second = _versions(db)
    assert (first[0], first[1], second[0], second[1]) == (1, 0, 2, 1)  # version 2 is the latest
    assert first[2] == second[2]  # from the same bytes
    assert first[3] == second[3] == "tika_text/1"  # with its reader
    assert first[4] != second[4]  # and another reading
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM box WHERE number = 2 AND kind = 'other'").fetchone() == (1,)

    again = _mrplans(*reprocess, cwd=ROOT)
    assert again.returncode == 0 and len(_versions(db)) == 2  # read as the latest: nothing
    diff = _mrplans("diff", "洛浦县", "--db", url, cwd=ROOT)
    assert diff.returncode == 0, diff.stderr


def test_the_migration_to_versions_of_the_same_bytes_keeps_every_row(tmp_path: Path) -> None:
    engine = engine_for(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as con:  # a database of the first schema, with a plan and a section
        command.upgrade(alembic_config(con), "0001")
        con.execute(
            text(
                "INSERT INTO plan_all (plan_id, title, source_path, source_format, source_sha256, reader, "
                "ingested_at, version, is_latest) VALUES (1, 't', 'p', 'tika_text', 'abc', 'tika_text/1', "
                "'2026-01-01', 1, 1)"
            )
        )
        con.execute(
            text(
                "INSERT INTO section_all (section_id, plan_id, level, title, ordinal, text) "
                "VALUES (1, 1, 1, '总则', 0, '')"
            )
        )
    create_schema(engine)  # plan_all is copied to drop its unique hash: its sections must stay
    with engine.connect() as con:
        assert con.scalar(text("SELECT count(*) FROM section_all")) == 1
        assert con.scalar(text("SELECT reading_sha256 FROM plan_all")) is None
        assert con.scalar(text("PRAGMA foreign_keys")) == 1
    engine.dispose()
