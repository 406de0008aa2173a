"""The comparison brought up to date after each ingest equals the comparison computed anew (`mrplans
compare --all`), row for row (ids aside), on a corpus made by bench/make_corpus.py and loaded in three
batches: counties before their prefecture's plan and after it, then second versions of two plans."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

import pytest
from conftest import PG_URL, ROOT
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from test_concurrency import _empty_postgres, _empty_sqlite
from typer.testing import CliRunner

from models.orm import FindingRow, Plan, ZoneLinkRow
from models.vocabulary import regions
from pipeline.cli import app
from pipeline.compare import run
from pipeline.compare.freshness import is_stale
from pipeline.compare.run import Refresh, refresh
from pipeline.run.ingest import ingest_file

PG_DATABASE = f"{make_url(PG_URL).database}_incremental"
SEED = 2021
PERIOD, OTHER_PERIOD = 2021, 2016
HOTAN, KASHGAR = "和田地区", "喀什地区"


def _make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> list[list[Path]]:
    """Three batches of plan files (Tika text) of 和田 and 喀什, 2021-2025 and a few of 2016-2020:

    1. 和田地区 and all but one of its counties; every 喀什 county, without their prefecture;
    2. 喀什地区 (its counties are loaded), the 和田 county left out (its prefecture is loaded), and
       和田地区 with two counties for 2016-2020;
    3. a second version of 和田地区 2021-2025 and of one 喀什 county (superseding linked plans).
    """
    corpus = _make_corpus()
    folder = tmp_path_factory.mktemp("corpus")
    vocabulary = regions()
    plans = {
        (spec.region.name, spec.start): spec
        for group, (name, _) in enumerate(corpus.PREFECTURE_TEMPLATES)  # each prefecture from its own text
        for spec in corpus.group_members(vocabulary, vocabulary.get(name), group)
    }
    hotan = sorted({name for (name, _), spec in plans.items() if spec.region.parent == HOTAN})
    kashgar = sorted({name for (name, _), spec in plans.items() if spec.region.parent == KASHGAR})
    first = [(HOTAN, PERIOD), *((name, PERIOD) for name in hotan[1:]), *((name, PERIOD) for name in kashgar)]
    second = [(KASHGAR, PERIOD), (hotan[0], PERIOD), (HOTAN, OTHER_PERIOD)]
    second += [(name, OTHER_PERIOD) for name in hotan[:2]]
    specs = [[plans[key] for key in first], [plans[key] for key in second]]
    specs.append([replace(plans[key], revision=2) for key in ((HOTAN, PERIOD), (kashgar[0], PERIOD))])
    corpus.write_corpus([spec for batch in specs for spec in batch], folder, SEED)
    return [[folder / f"{spec.stem}{corpus.TIKA}" for spec in batch] for batch in specs]


Rows = tuple[Counter[tuple[object, ...]], Counter[tuple[object, ...]]]


def comparison_rows(engine: Engine) -> Rows:
    """The zone_link rows and the finding rows (every column but finding_id), counted."""
    finding_columns = [c for c in FindingRow.__table__.c if c.name != "finding_id"]
    with engine.connect() as con:
        links = Counter(tuple(row) for row in con.execute(select(*ZoneLinkRow.__table__.c)))
        findings = Counter(tuple(row) for row in con.execute(select(*finding_columns)))
    return links, findings


@dataclass
class Loaded:
    engine: Engine
    refreshes: list[Refresh]  # the refresh after each batch
    incremental: Rows  # the rows after the last one
    full: Rows  # the rows of `mrplans compare --all` then


@contextmanager
def _database(kind: str, folder: Path) -> Iterator[Engine]:
    with _empty_postgres(PG_DATABASE) if kind == "postgresql" else _empty_sqlite(folder) as engine:
        yield engine


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(
    request: pytest.FixtureRequest, batches: list[list[Path]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Loaded]:
    with _database(request.param, tmp_path_factory.mktemp("db")) as engine:
        refreshes = []
        for batch in batches:  # as `mrplans ingest` does: load, then bring the comparison up to date
            assert [ingest_file(path, engine).status for path in batch] == ["loaded"] * len(batch)
            refreshes.append(refresh(engine))
        incremental = comparison_rows(engine)
        refresh(engine, full=True)
        yield Loaded(engine, refreshes, incremental, comparison_rows(engine))


def test_the_incremental_comparison_equals_the_full_one(loaded: Loaded) -> None:
    links, _ = loaded.full
    assert loaded.incremental == loaded.full
    assert sum(links.values()) > 100 and max(links.values()) == 1
    with loaded.engine.connect() as con:
        kinds = set(con.scalars(select(FindingRow.kind)))
    assert {"cross_plan_mismatch", "total_mismatch"} <= kinds  # pair findings and plan findings


def test_each_update_compares_only_the_new_plans_and_drops_the_superseded(
    loaded: Loaded, batches: list[list[Path]]
) -> None:
    first, second, third = loaded.refreshes
    assert (first.full, first.compared, first.plans) == (True, len(batches[0]), len(batches[0]))
    assert (second.full, second.compared, second.dropped) == (False, len(batches[1]), 0)
    assert (third.full, third.compared, third.dropped) == (False, 2, 2)
    assert third.plans == second.plans == len(batches[0]) + len(batches[1])
    assert 0 < third.pairs < second.pairs  # only the pairs of the two new versions


def test_no_row_names_a_superseded_version(loaded: Loaded) -> None:
    with loaded.engine.connect() as con:
        superseded = set(con.scalars(select(Plan.plan_id).where(Plan.is_latest.is_(False))))
        named = {
            plan_id
            for row in con.execute(select(FindingRow.plan_id, FindingRow.other_plan_id))
            for plan_id in row
        }
    assert len(superseded) == 2 and not superseded & named


def test_an_up_to_date_comparison_computes_nothing(loaded: Loaded) -> None:
    again = refresh(loaded.engine)
    assert (again.compared, again.dropped, again.pairs) == (0, 0, 0)
    assert comparison_rows(loaded.engine) == loaded.full


def test_an_interrupted_update_is_redone_by_the_next(
    batches: list[list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _database("sqlite", tmp_path) as engine:
        for path in batches[0]:
            ingest_file(path, engine)
        refresh(engine)
        before = comparison_rows(engine)
        for path in batches[1]:
            ingest_file(path, engine)

        def crash(*_: object) -> None:
            raise KeyboardInterrupt

        with monkeypatch.context() as patched:
            patched.setattr(run, "zone_links", crash)
            with pytest.raises(KeyboardInterrupt):
                refresh(engine, workers=1)  # zone_links patched in this process
        assert is_stale(engine) and comparison_rows(engine) == before  # nothing half-written
        assert refresh(engine).compared == len(batches[1])
        updated = comparison_rows(engine)
        refresh(engine, full=True)
        assert comparison_rows(engine) == updated and not is_stale(engine)


def test_mrplans_compare_brings_the_comparison_up_to_date_or_recomputes_it(
    batches: list[list[Path]], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    missing = CliRunner().invoke(app, ["compare", "--db", url])
    assert (missing.exit_code, missing.output) == (
        2,
        f"error: no database at {url}: run `mrplans ingest` first\n",
    )
    assert list(tmp_path.iterdir()) == []  # nothing created
    with _database("sqlite", tmp_path) as engine:
        for path in batches[0][:3]:
            ingest_file(path, engine)
    stale = CliRunner().invoke(app, ["compare", "--db", url])
    assert stale.exit_code == 0, stale.output
    assert stale.output.startswith("3 plans up to date (all compared anew; ")
    _, counts = stale.output.split(": ")
    links, findings = (sum(rows.values()) for rows in comparison_rows(engine))
    assert counts == f"{links} zone links, {findings} findings\n" and links > 0
    again = CliRunner().invoke(app, ["compare", "--db", url, "--all"])
    assert again.exit_code == 0 and again.output == stale.output
    two = CliRunner().invoke(app, ["compare", "--db", url, "--all", "--workers", "2"])
    assert two.exit_code == 0 and two.output == stale.output
    none = CliRunner().invoke(app, ["compare", "--db", url, "--workers", "0"])
    assert none.exit_code == 2 and "--workers" in none.output
