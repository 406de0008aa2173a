"""A newcomer's first hour: the README's commands from a fresh folder meet no trap.

`mrplans ingest` runs in process without Prefect and leaves a database file that
holds everything (the write-ahead log folded in); plan ids follow file order
whatever parse finishes first; reading commands on a missing database say so in
one line and create nothing; the documented `mrplans diff 洛浦县` works on the
bundled plans; a missing path, a mistyped $MRPLANS_PROFILES and 80 columns are
handled; the suite makes its own PostgreSQL test database.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import conftest
import pytest
from conftest import PLAN_FILES, RAW, ROOT, postgres_url
from sqlalchemy import create_engine, text
from test_cli import _mrplans

import parsers.parse
from parsers.parse import parse_document
from pipeline.run.steps import ingest_in_process
from pipeline.store.contract import header

READERS = ("coverage", "report", "diff 洛浦县", "export --format csv", "browse")


def test_ingest_runs_in_process_without_prefect(tmp_path: Path) -> None:
    probe = (
        "import sys; from pipeline.cli import app\n"
        "try:\n"
        f"    app(['ingest', '-q', '--db', 'sqlite:///{tmp_path / 'p.db'}'], standalone_mode=False)\n"
        "finally:\n"
        "    print(sorted(m for m in sys.modules if m.split('.')[0] in ('prefect', 'aiosqlite')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert result.stderr == ""


def test_the_database_file_alone_holds_the_data_after_ingest(tmp_path: Path) -> None:
    db = tmp_path / "plans.db"
    assert _mrplans("ingest", "--db", f"sqlite:///{db}", cwd=ROOT).returncode == 0
    shutil.copy(db, tmp_path / "colleague.db")  # the file only, as one copies it to a colleague
    con = sqlite3.connect(tmp_path / "colleague.db")
    assert con.execute("SELECT count(*) FROM plan").fetchone() == (3,)
    assert not (tmp_path / "plans.db-wal").exists() or (tmp_path / "plans.db-wal").stat().st_size == 0


def test_plan_ids_follow_file_order_whichever_parse_finishes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted(PLAN_FILES.values())
    last_parsed = threading.Event()

    def first_file_finishes_last(path: Path, data: bytes | None = None, profiles=None, sha256=None):  # type: ignore[no-untyped-def]
        plan = parse_document(path, data, profiles, sha256)
        if path == files[0]:
            assert last_parsed.wait(120), "the last file was never parsed"
        elif path == files[-1]:
            last_parsed.set()
        return plan

    monkeypatch.setattr(parsers.parse, "parse_document", first_file_finishes_last)  # read at each call
    outcomes = ingest_in_process(files, f"sqlite:///{tmp_path / 'p.db'}", file_timeout=None)
    assert [o.path for o in outcomes] == [str(f) for f in files]
    assert [o.plan_id for o in outcomes] == [1, 2, 3]
    con = sqlite3.connect(tmp_path / "p.db")
    assert [path for (path,) in con.execute("SELECT source_path FROM plan ORDER BY plan_id")] == [
        str(f) for f in files
    ]


@pytest.mark.parametrize("command", READERS)
def test_reading_commands_on_a_missing_database_create_nothing(tmp_path: Path, command: str) -> None:
    url = f"sqlite:///{tmp_path / 'nowhere' / 'x.db'}"
    result = _mrplans(*command.split(), "--db", url, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"error: no database at {url}: run `mrplans ingest` first\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", READERS)
def test_reading_commands_on_a_file_without_tables_say_so(tmp_path: Path, command: str) -> None:
    (tmp_path / "empty.db").touch()
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = _mrplans(*command.split(), "--db", url, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"error: no plan database at {url} (no tables): run `mrplans ingest` first\n"


def test_a_reading_command_on_a_missing_postgresql_database_gives_the_servers_reason(tmp_path: Path) -> None:
    server = postgres_url()
    missing = re.sub(r"/[^/]*$", "/mrplans_no_such_database", server)
    result = _mrplans("coverage", "--db", missing, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert 'database "mrplans_no_such_database" does not exist' in result.stderr


def test_ingest_outside_the_repository_says_no_such_file_or_folder(tmp_path: Path) -> None:
    result = _mrplans("ingest", cwd=tmp_path)
    assert result.returncode == 1
    assert "error: raw: no such file or folder\n" in result.stderr


def test_the_readme_diff_example_works_on_the_bundled_plans(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    result = _mrplans("diff", "洛浦县", "--db", f"sqlite:///{sqlite_db.url.database}", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "洛浦县: one version in the database (version 1" in result.stderr
    assert result.stderr.endswith("0 changes\n")
    unknown = _mrplans("diff", "某某县", "--db", f"sqlite:///{sqlite_db.url.database}", cwd=ROOT)
    assert unknown.returncode == 1 and "某某县: no plan of this region" in unknown.stderr


def test_a_mistyped_profiles_folder_exits_2_as_the_option_does(tmp_path: Path) -> None:
    for command in (["ingest"], ["inspect", str(PLAN_FILES["洛浦县"])]):
        by_env = _mrplans(*command, cwd=tmp_path, MRPLANS_PROFILES="/nonexistent")
        assert by_env.returncode == 2
        assert by_env.stderr == "error: MRPLANS_PROFILES=/nonexistent: no such folder\n"
        by_option = _mrplans(*command, "--profiles", "/nonexistent", cwd=tmp_path)
        assert by_option.returncode == 2


def test_quiet_help_and_chinese_labels_say_what_they_mean() -> None:
    help_text = " ".join(_mrplans("ingest", "--help", cwd=ROOT, COLUMNS="80").stdout.split())
    assert "Print no progress, only errors (on stderr)" in re.sub(r" ?│ ?", " ", help_text).replace("  ", " ")
    assert header("indicator", "measure", "zh") == "数值类别"  # target / actual / baseline
    assert header("indicator", "attribute", "zh") == "指标属性"  # 约束性 / 预期性


def test_at_80_columns_file_names_wrap_at_their_hyphens(tmp_path: Path) -> None:
    result = _mrplans("ingest", str(RAW), "--db", f"sqlite:///{tmp_path / 'p.db'}", cwd=ROOT, COLUMNS="80")
    assert result.returncode == 0, result.stderr
    rows = [line.split("│")[1].strip() for line in result.stdout.splitlines() if line.startswith("│")]
    pieces = "".join(rows)
    for path in RAW.glob("*.tika.txt"):
        assert path.name in pieces
    names = iter(rows)
    for piece in names:
        while not piece.endswith(".txt"):
            assert piece.endswith(("-", ".", "_")), piece  # cut after a hyphen or dot, not mid-word
            piece = next(names)
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


def test_at_80_columns_the_outline_keeps_every_word() -> None:
    wide = _mrplans("inspect", str(PLAN_FILES["洛浦县"]), cwd=ROOT).stdout
    narrow = _mrplans("inspect", str(PLAN_FILES["洛浦县"]), cwd=ROOT, COLUMNS="80").stdout
    words = re.compile(r"[A-Za-z_]+|\d+\.\d+")
    assert sorted(words.findall(narrow)) == sorted(words.findall(wide))


def test_the_suite_creates_a_missing_test_database() -> None:
    name = "mrplans_test_created_by_the_suite"
    url = postgres_url(name)  # created now, dropped when the session ends
    engine = create_engine(url)
    with engine.connect() as con:
        assert con.scalar(text("SELECT current_database()")) == name
    engine.dispose()


def test_without_a_test_database_the_suite_says_the_servers_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    postgres_url()  # a server answers (else this skips, or fails in CI, for that reason)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(conftest, "PG_URL", "postgresql+psycopg://nobody_i15@127.0.0.1:5432/mrplans_test")
    with pytest.raises(pytest.skip.Exception, match='role "nobody_i15" does not exist'):
        postgres_url()


def test_a_quiet_ingest_into_postgresql_prints_nothing_after_its_summary(tmp_path: Path) -> None:
    url = postgres_url("mrplans_test_quiet_ingest")
    engine = create_engine(url)
    with engine.begin() as con:  # a run before may have left its tables
        con.execute(text("DROP SCHEMA public CASCADE"))
        con.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    result = _mrplans("ingest", str(RAW), "--quiet", "--db", url, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == ""  # no progress, and no traceback of a pool or event loop at exit
    assert result.stdout.rstrip().endswith("┘")  # the summary table is the last thing printed


def test_what_to_try_after_the_first_command_works_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    after_the_two_commands = readme.split("```bash")[3].split("```")[0]
    lines = [line.split("#")[0].split() for line in after_the_two_commands.splitlines() if line.strip()]
    commands = [words[1:] for words in lines if words[0] == ".venv/bin/mrplans"]
    assert {c[0] for c in commands} >= {"report", "browse", "export", "coverage", "inspect"}
    (tmp_path / "raw").symlink_to(RAW)
    assert _mrplans("ingest", cwd=tmp_path).returncode == 0  # the README's first command, in a fresh folder
    for command in commands:
        if command[0] == "browse":  # serves until stopped: tests/test_browse.py runs it
            continue
        result = _mrplans(*command, cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
    assert (tmp_path / "output" / "report.html").is_file()
    assert (tmp_path / "output" / "export" / "plans.xlsx").is_file()


def test_three_questions_print_what_the_readme_shows_after_the_readme_ingest(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'plans.db'}"
    assert _mrplans("ingest", "--db", db, cwd=ROOT).returncode == 0
    script = ROOT / "examples" / "three_questions.py"
    result = subprocess.run(
        [sys.executable, str(script), db], capture_output=True, text=True, timeout=300, check=True, cwd=ROOT
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("Its answers:\n\n```text\n", 1)[1].split("```", 1)[0]
    assert result.stdout == shown
