"""The `mrplans` command line: data on stdout, progress and errors on stderr.

Exit codes: 0 every document loaded or skipped; 1 finished, but some documents
were rejected; 2 usage error.
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import re
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from parsers.words.text import printable
from pipeline.defaults import DEFAULT_PORT, DEFAULT_URL
from pipeline.store.contract import ExportFormat, Language

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from pipeline.run.ingest import Outcome

EXIT_REJECTED = 1
EXIT_USAGE = 2

# At exit the interpreter's teardown runs the cycle collector over every object the command built
# (SQLAlchemy's metadata and mappers, the vocabularies): half a second after the work is done.
# Frozen objects are skipped by it; their memory goes back with the process.
atexit.register(gc.freeze)

app = typer.Typer(
    help="Mineral-resource master plans (矿产资源总体规划) into a relational database.", no_args_is_help=True
)
out = Console(soft_wrap=True)

DbOption = Annotated[
    str, typer.Option("--db", help="Database URL: sqlite:///file.db or postgresql+psycopg://…")
]
ProfilesOption = Annotated[
    Path | None,
    typer.Option(
        "--profiles",
        help="Folder of reading profiles (*.yaml); default $MRPLANS_PROFILES, else profiles/ in the repo",
        exists=True,
        file_okay=False,
    ),
]


db_app = typer.Typer(help="Database schema management (alembic migrations).", no_args_is_help=True)
app.add_typer(db_app, name="db")


@app.callback()
def main() -> None:
    """mrplans: ingest plan documents and compare them."""


@db_app.command("upgrade")
def db_upgrade(db: DbOption = DEFAULT_URL) -> None:
    """Migrate the database to the current schema (mrplans db upgrade); ingest does this too."""
    from pipeline.store.db import create_schema, engine_for, fold_log, safe_url

    engine = engine_for(db)
    create_schema(engine)
    fold_log(engine)
    engine.dispose()
    out.print(f"{safe_url(db)} is at the current schema", highlight=False)


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (searched recursively); default raw/")
    ] = None,
    db: DbOption = DEFAULT_URL,
    runner: Annotated[
        str,
        typer.Option(
            "--runner",
            help="local (in this process, no Prefect), prefect (a Prefect flow run), dask (a flow run on "
            "a local Dask cluster of 2 workers) or dask=ADDRESS (on a Dask scheduler)",
        ),
    ] = "local",
    file_timeout: Annotated[
        float, typer.Option("--file-timeout", help="Seconds one file may take before it is rejected")
    ] = 300.0,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print no progress, only errors (on stderr)")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the outcomes as JSON on stdout instead of the table")
    ] = False,
    profiles: ProfilesOption = None,
    follow_links: Annotated[
        bool, typer.Option("--follow-links", help="Follow symbolic links out of the folder holding them")
    ] = False,
    reprocess: Annotated[
        bool,
        typer.Option(
            "--reprocess",
            help="Read files already loaded again (after a parser fix or a new profile): a new version "
            "where the reading changed, nothing where it did not",
        ),
    ] = False,
) -> None:
    """Parse plan files and load them into the database (one transaction per plan)."""
    if runner not in ("local", "prefect", "dask") and not runner.startswith("dask="):
        raise typer.BadParameter(
            f"unknown runner {runner!r}: use local, prefect, dask or dask=ADDRESS", param_hint="--runner"
        )
    if runner == "local":
        from pipeline.run.deadline import start_workers

        start_workers()  # the parse workers' fork server imports the parsers while this process starts
    folder = _checked_profiles(profiles)
    if follow_links:
        os.environ["MRPLANS_FOLLOW_LINKS"] = "1"  # read where each file is checked (pipeline/run/entries.py)
    from pipeline.run.ingest import discover
    from pipeline.run.progress import ingest_progress

    files = [str(p) for p in discover(paths or [Path("raw")])]
    with ingest_progress(len(files), quiet):
        if runner == "local":
            from pipeline.run.steps import ingest_in_process

            outcomes = ingest_in_process(files, db, file_timeout, str(folder), reprocess)
        else:
            outcomes = _flow_run(files, db, runner, file_timeout, folder, quiet, reprocess)
    for o in outcomes:
        if o.status == "rejected":
            typer.echo(f"error: {printable(o.path)}: {printable(o.reason or '')}", err=True)
        for warning in [] if quiet else o.warnings:
            typer.echo(f"warning: {printable(o.path)}: {printable(warning)} (see mrplans inspect)", err=True)
    if as_json:
        text = json.dumps([asdict(o) for o in outcomes], ensure_ascii=False, indent=2)
        typer.echo(text.encode("utf-8", "backslashreplace").decode())  # a bad file name's bytes as \udcXX
    else:
        out.print(_summary(outcomes))
    if not outcomes:
        typer.echo("no plan files found", err=True)
    if any(o.status == "rejected" for o in outcomes):
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def serve(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Folders or files to watch; default raw/")
    ] = None,
    db: DbOption = DEFAULT_URL,
    cron: Annotated[str | None, typer.Option("--cron", help="Cron schedule, e.g. '0 2 * * *'")] = None,
    interval: Annotated[float | None, typer.Option("--interval", help="Seconds between runs")] = None,
    profiles: ProfilesOption = None,
) -> None:
    """Serve the ingest flow as a scheduled Prefect deployment (needs a Prefect server, PREFECT_API_URL)."""
    if (cron is None) == (interval is None):
        raise typer.BadParameter("give exactly one of --cron and --interval")
    folder = _checked_profiles(profiles)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from pipeline.run.flows import serve as serve_flow

    serve_flow([str(p) for p in (paths or [Path("raw")])], db, cron, interval, str(folder))


@app.command()
def coverage(db: DbOption = DEFAULT_URL) -> None:
    """Per plan: boxes by kind and the share of numeric cells that landed in a typed record."""
    from pipeline.inspection.coverage import coverage as plan_coverage

    for plan in plan_coverage(_existing(db)):
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(plan.kinds.items()))
        out.print(
            f"[bold]{plan.region}[/bold] (plan {plan.plan_id}): {plan.placed}/{plan.numeric} numeric cells "
            f"placed ({plan.share:.1%}); boxes: {kinds}",
            highlight=False,
        )
        for cell in plan.unplaced:
            out.print(
                f"  not placed: 专栏{cell.box} row {cell.row} col {cell.col}: {cell.text}", highlight=False
            )


@app.command()
def check(
    db: Annotated[str, typer.Argument(help="Database URL to check")] = DEFAULT_URL,
    checks: Annotated[
        Path | None,
        typer.Option("--checks", help="Checks file (JSON); default tests/golden/contract_checks.json"),
    ] = None,
) -> None:
    """Hold a database to the hand-checked contract facts; exit 1 when any falls short."""
    from pipeline.inspection.golden import GOLDEN_CHECKS, load_checks, run_checks

    results = run_checks(_existing(db), load_checks(checks or GOLDEN_CHECKS))
    for result in results:
        if not result.held:
            out.print(f"short: {result.id}: got {result.got[:200]}", highlight=False, markup=False)
    held = sum(result.held for result in results)
    out.print(f"{held}/{len(results)} contract checks hold", highlight=False)
    if held < len(results):
        raise typer.Exit(EXIT_REJECTED)


@app.command("inspect")
def inspect_file(
    file: Annotated[Path, typer.Argument(help="A plan file", exists=True, dir_okay=False)],
    box: Annotated[int | None, typer.Option("--box", help="Only 专栏N, with its grid")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the reading as JSON on stdout")] = False,
    profiles: ProfilesOption = None,
) -> None:
    """How a file was read (no database): outline, boxes, interpreters and fits, records, cells left out."""
    from parsers.interpret.profiles import ProfileError, load_profiles
    from parsers.read.base import DocumentError
    from pipeline.inspection.render import render
    from pipeline.inspection.view import inspect_file as read

    folder = _checked_profiles(profiles)
    try:
        view = read(file, load_profiles(folder))
    except DocumentError as err:
        typer.echo(f"error: {printable(str(file))}: {printable(err.reason)}", err=True)
        raise typer.Exit(EXIT_REJECTED) from None
    except ProfileError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    if box is not None and box not in {b.number for b in view.boxes}:
        raise typer.BadParameter(f"{file} has no 专栏{box}", param_hint="--box")
    if as_json:
        typer.echo(json.dumps(view.as_json(box), ensure_ascii=False, indent=2))
    else:
        render(view, out, box)


@app.command()
def compare(
    db: DbOption = DEFAULT_URL,
    everything: Annotated[
        bool, typer.Option("--all", help="Recompute every zone link and finding, not only what is stale")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Processes comparing at once (default: one a core, at most 8; $MRPLANS_COMPARE_WORKERS)",
        ),
    ] = None,
) -> None:
    """Bring the zone links and findings up to date with the plans loaded (ingest does this too)."""
    from pipeline.compare.run import refresh
    from pipeline.store.db import create_schema, engine_for, fold_log

    _existing(db).dispose()  # compare never makes a database
    engine = engine_for(db)
    create_schema(engine)
    done = refresh(engine, full=everything, workers=workers)
    fold_log(engine)
    engine.dispose()
    how = "all compared anew" if done.full else f"{done.compared} compared anew, {done.dropped} superseded"
    out.print(
        f"{done.plans} plans up to date ({how}; {done.pairs} related pairs compared): "
        f"{done.links} zone links, {done.findings} findings",
        highlight=False,
    )


@app.command()
def report(
    db: DbOption = DEFAULT_URL,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for report.html and findings.csv")] = Path(
        "output"
    ),
) -> None:
    """Write output/report.html (findings, comparisons, charts; opens offline) and output/findings.csv."""
    from pipeline.outputs.report import write_report

    files = write_report(_existing(db), out_dir)
    out.print(f"{files.findings} findings → {files.html} and {files.csv}", highlight=False)


@app.command()
def diff(
    region: Annotated[str, typer.Argument(help="Region as in plan.region, e.g. 洛浦县")],
    db: DbOption = DEFAULT_URL,
    old: Annotated[
        int | None, typer.Option("--from", help="Older version (default: the one before --to)")
    ] = None,
    new: Annotated[int | None, typer.Option("--to", help="Newer version (default: the latest)")] = None,
) -> None:
    """What changed between two versions of a region's plan: boxes added or removed, cells changed."""
    from pipeline.inspection.diff import DiffError, OneVersion, diff_versions

    try:
        changes = diff_versions(_existing(db), region, old, new)
    except OneVersion as only:
        typer.echo(str(only), err=True)
        changes = []
    except DiffError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_REJECTED) from None
    for change in changes:
        out.print(str(change), highlight=False)
    typer.echo(f"{len(changes)} changes", err=True)


@app.command()
def browse(
    db: DbOption = DEFAULT_URL,
    port: Annotated[int, typer.Option("--port", help="Port to serve on")] = DEFAULT_PORT,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only)")
    ] = "127.0.0.1",
) -> None:
    """Open the SQLite database in Datasette, read-only: 中文/English labels, facets, canned queries."""
    from pipeline.outputs.browse import BrowseError, browse, database_file

    try:
        path = database_file(db)
    except (BrowseError, FileNotFoundError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    _existing(db).dispose()  # a file without the schema is no plan database either
    typer.echo(f"Datasette: http://{host}:{port}/{path.stem} (read-only; Ctrl-C stops)", err=True)
    browse(path, host, port)


@app.command()
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", help="csv (file per view, UTF-8 with BOM), xlsx (sheet per view), parquet"),
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the files")] = Path("output/export"),
    labels: Annotated[
        Language | None, typer.Option("--labels", help="Headers: zh 中文 or en English labels with units")
    ] = None,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Write every contract view (plan, box, indicator, zone, finding …) to CSV, Excel or Parquet."""
    from pipeline.outputs.api import PlanDB
    from pipeline.outputs.export import export_views

    for path in export_views(PlanDB(_existing(db)), fmt, out_dir, labels):
        typer.echo(str(path))


def _existing(db: str) -> Engine:
    """A read-only engine on the plan database at `db`; exit 2 saying why when there is none (nothing
    is created: reading commands never make a database)."""
    from pipeline.store.db import NoDatabase, existing_database

    try:
        return existing_database(db)
    except NoDatabase as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_USAGE) from None


def _flow_run(
    files: list[str], db: str, runner: str, file_timeout: float, folder: Path, quiet: bool, reprocess: bool
) -> list[Outcome]:
    """The ingest as a Prefect flow run (its temporary server, unless PREFECT_API_URL names one)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # the temporary server can take more than Prefect's default 20 s on a loaded machine
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    # Prefect's INFO lines: the progress bar tells what they told; --quiet: errors only
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR" if quiet else "WARNING")
    from pipeline.run.flows import run_ingest

    return run_ingest(files, db, runner, file_timeout, str(folder), reprocess)


def _checked_profiles(folder: Path | None) -> Path:
    """The profiles folder (`--profiles`, else $MRPLANS_PROFILES, else profiles/), every profile in it
    valid; exit 2 when one is not.  The folder is passed on explicitly, to workers too."""
    from parsers.interpret.profiles import ENV, ProfileError, load_profiles, profiles_dir

    if folder is None and os.environ.get(ENV) and not Path(os.environ[ENV]).is_dir():
        # as `--profiles` does (typer checks it exists): a mistyped folder is no silent "no profiles"
        typer.echo(f"error: {ENV}={os.environ[ENV]}: no such folder", err=True)
        raise typer.Exit(EXIT_USAGE)
    folder = (folder or profiles_dir()).resolve()
    try:
        load_profiles(folder)
    except ProfileError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    return folder


SUMMARY_COLUMNS = ("file", "plan", "status", "sections", "boxes", "cells", "seconds")


def _summary(outcomes: list[Outcome]) -> Table:
    rows = [
        [
            Path(o.path).name,
            o.region or "-",
            o.status,
            str(o.sections),
            str(o.boxes),
            str(o.cells),
            f"{o.seconds:.2f}",
        ]
        for o in outcomes
    ]
    # what the other columns take (their widest cell, padding and rules); a file name longer than the
    # room left wraps after a hyphen or dot of its own, not in the middle of a word
    widest = [max(cell_len(row[i]) for row in [SUMMARY_COLUMNS, *rows]) for i in range(len(SUMMARY_COLUMNS))]
    others = sum(widest[1:])
    room = max(12, out.width - others - 3 * len(SUMMARY_COLUMNS) - 1)
    table = Table(title="mrplans ingest")
    for name in SUMMARY_COLUMNS:
        numeric = name in {"sections", "boxes", "cells", "seconds"}
        table.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for file, *rest in rows:
        table.add_row("\n".join(_name_lines(file, room)), *rest)
    return table


def _name_lines(name: str, width: int) -> list[str]:
    """A file name cut into lines of at most `width` after its hyphens, dots and underscores."""
    lines: list[str] = []
    for piece in re.findall(r"[^-._]*[-._]?", name)[:-1]:
        if lines and cell_len(lines[-1]) + cell_len(piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines or [name]
