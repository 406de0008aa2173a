"""`mrplans browse`: the SQLite plan database in Datasette, read-only, with bilingual metadata.

Datasette reads SQLite files only: a PostgreSQL URL is refused (BrowseError), `mrplans
export` serves those analysts.  Before serving, SQLite's write-ahead log is checkpointed
into the database file (the data does not change), so Datasette can open the file
`--immutable` and still see every committed row; while a writer holds the log the file is
served read-only instead (Datasette's mode=ro), which reads the log itself.  Datasette
runs in this process until Ctrl-C or SIGTERM: one process to stop, and the generated
metadata file is removed when it stops.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy import inspect

from pipeline.defaults import DEFAULT_PORT
from pipeline.outputs.datasette_metadata import datasette_metadata
from pipeline.store.contract import contract_names
from pipeline.store.db import read_only_engine, safe_url, sqlite_file


class BrowseError(Exception):
    """The database cannot be browsed (not a SQLite file)."""


def database_file(url: str) -> Path:
    """The SQLite file behind `url`; BrowseError for other databases, FileNotFoundError when missing."""
    path = sqlite_file(url)
    if path is None:
        raise BrowseError(
            f"Datasette reads SQLite files, not {safe_url(url)}: "
            "use `mrplans export --format xlsx|csv|parquet --db URL` instead"
        )
    return path


def browse(path: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
    """Serve `path` read-only in Datasette at http://host:port/ until Ctrl-C or SIGTERM."""
    views, hidden = _contents(path)
    metadata = datasette_metadata(path.stem, views, hidden)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # uvicorn re-raises it once it has shut down
    try:
        with tempfile.TemporaryDirectory(prefix="mrplans-browse-") as folder:
            metadata_file = Path(folder) / "metadata.json"
            metadata_file.write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
            mode = ["--immutable", str(path)] if checkpoint(path) else [str(path)]
            _datasette(
                ["serve", *mode, "--metadata", str(metadata_file), "--host", host, "--port", str(port)]
            )
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def checkpoint(path: Path) -> bool:
    """Fold SQLite's write-ahead log into the database file; True when nothing is left in the log."""
    con = sqlite3.connect(path)
    try:
        busy, _log_frames, _checkpointed = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        con.close()
    return busy == 0


def _contents(path: Path) -> tuple[dict[str, list[str]], list[str]]:
    """The columns of each contract view in the file, and its other tables (versions, migrations)."""
    engine = read_only_engine(f"sqlite:///{path}")
    try:
        inspector = inspect(engine)
        tables = inspector.get_table_names()
        present = set(inspector.get_view_names()) | set(tables)
        columns = {
            name: [column["name"] for column in inspector.get_columns(name)]
            for name in contract_names()
            if name in present
        }
        return columns, [name for name in tables if name not in contract_names()]
    finally:
        engine.dispose()


def _datasette(args: list[str]) -> None:
    """Run `datasette <args>` in this process with the mrplans link plugin registered."""
    from datasette.cli import cli
    from datasette.plugins import pm

    from pipeline.outputs import datasette_links

    if not pm.is_registered(datasette_links):
        pm.register(datasette_links, name="mrplans-links")
    cli.main(args, prog_name="datasette", standalone_mode=False)
