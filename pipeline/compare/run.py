"""Bring the zone links and findings up to date with the latest plans: incrementally, or all anew.

What the comparison computes depends only on its inputs: a plan's findings on that
plan alone, a related pair's zone links and findings on its two plans alone (whether
two plans are related, too: pipeline/compare/links.py `related_pairs`), and a pair's
findings name both plans (plan_id and other_plan_id).  A plan never changes once
loaded: a revision is a new plan, and the version it revises stops being the latest.
So from the latest plans the tables are current for (comparison_state,
pipeline/compare/freshness.py) to the latest plans now, an update

* deletes the findings of every plan compared before and no longer latest (a
  superseded version), and the zone links from or to its zones: the plan's own
  findings and those of every pair it was in go with them;
* computes the new plans' findings, and the links and findings of every related
  pair with a new plan in it (the other plan of the pair is read for it, its own
  findings and its other pairs are not touched);
* leaves every other row as it is (two plans both compared before and both still
  latest: their pair's rows are what a full comparison gives).

`refresh(engine, full=True)` (`mrplans compare --all`) deletes every row and
compares every latest plan; tests/test_incremental.py holds both equal.  Either
writes its rows and the record of the plans they are current for in one
transaction, under the comparison lock (pipeline/store/locks.py).  The work is
split into groups of related pairs (`groups`), compared in worker processes at
once (pipeline/compare/parallel.py) or in this one, with the same rows and ids.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial

from sqlalchemy import Engine, delete, func, or_, select
from sqlalchemy.orm import Session

from models.orm import BoxRow, FindingRow, Plan, ZoneLinkRow, ZoneRow
from pipeline.compare import data as compare_data
from pipeline.compare import freshness, parallel, prose
from pipeline.compare.links import Kin, Link, normalize_name, related_pairs, zone_links
from pipeline.compare.model import Finding, Place
from pipeline.compare.rules import PAIR_RULES, PLAN_RULES
from pipeline.processes import may_have_children
from pipeline.store import locks
from pipeline.store.load import bulk_insert

LINK_COLUMNS = ("zone_id", "other_zone_id", "method", "score", "area_diff_km2")


@dataclass
class Comparison:
    """The rows a group of new plans adds, as the tables' values (plain tuples and dicts, which a worker
    process sends back whole: pipeline/compare/parallel.py), and the related pairs compared."""

    links: list[tuple[object, ...]]  # zone_link rows (LINK_COLUMNS)
    findings: list[dict[str, object]]  # finding rows (Finding.row)
    pairs: int


Pair = tuple[int, int, str]  # lower plan, other plan (ids), relation (related_pairs)
# What the refresh holds of every latest plan: the columns related_pairs reads (links.Kin), not the
# plan's whole row (a group reads its own plans whole: `group_rows`); 3,000 plans as ORM objects took
# 6.6 MB.
KIN_COLUMNS = (Plan.plan_id, Plan.region, Plan.parent_region, Plan.target_year)
GROUP_PLANS = 64  # plans a group of the comparison loads at most, but for a family larger alone
# Box cells (most of what a group holds: pipeline/compare/data.py) a group loads at most, but for a
# family larger alone, counted as its plans' boxes print them (rows × columns): a plan-count bound alone
# let a group of prefecture plans, each two or three times a county plan's tables, hold 85,000 cells
# against 32,000 in a group of 64 county plans (bench/make_corpus.py's national corpus), and set the
# comparison's peak memory.  20,000 is what the largest group holds when a few hundred plans are split
# MIN_GROUPS ways (19,700 at 300 plans of that corpus), so a worker holds about as much at 3,000 plans
# as at 300 (74-81 MB PSS against 67-76; with 32,000, 82-90); the plans read stay the same (whole
# families to a group).
GROUP_CELLS = 20_000
IDS_A_QUERY = 10_000  # plan ids one statement of _box_cells names
# A comparison of fewer plans than GROUP_PLANS × MIN_GROUPS is split into groups of fewer plans, at
# least a quarter of GROUP_PLANS (a plan is read once by each group it is in), so that processes
# comparing groups at once (pipeline/compare/parallel.py) end together rather than one comparing the
# last large group alone.  The groups depend on the plans alone, not on the processes: the rows and
# their ids are the same however many compare them.
MIN_GROUPS = 8
# The memo caches keyed by a group's own texts (its zone names, its plans' paragraphs), emptied after each
# group, so that a process comparing group after group holds one group's answers, not every group's:
# kept, normalize_name's cache alone grew a worker by 4 MB over its 61 groups of 3,000 plans.  What a
# name normalized in an earlier group would have saved is a few thousand calls of microseconds.
GROUP_CACHES = (normalize_name, prose.depths, prose.figures)


@dataclass
class Group:
    """A share of a comparison: the new plans whose own findings it computes and the related pairs it
    compares (pairs of one family or several)."""

    checked: list[int]  # plan ids
    pairs: list[Pair]

    def plan_ids(self) -> set[int]:
        """The plans the group reads."""
        return {*self.checked, *(plan_id for a, b, _ in self.pairs for plan_id in (a, b))}


@dataclass(frozen=True)
class Refresh:
    """What one refresh did, and the tables after it."""

    full: bool
    plans: int  # latest plans, which the links and findings are now current for
    compared: int  # plans compared anew
    dropped: int  # plans compared before that are no longer latest
    pairs: int  # related pairs compared anew
    links: int  # zone_link rows after the refresh
    findings: int  # finding rows after the refresh


def compare(
    session: Session, latest: dict[int, Kin], new: set[int], workers: int = 1
) -> Iterator[Comparison]:
    """The rows the `new` plans among the `latest` add, one group after another (`groups`): their
    findings, and the links and findings of every related pair with one of them.  Each group's plans
    are loaded for it alone, so what is held at once is bounded by the largest group, not the corpus.
    With several `workers` and groups, the groups are compared in that many processes at once
    (pipeline/compare/parallel.py), their rows given in the same order; in this process where it may
    not start others (a daemonic Dask worker) or they cannot open the database (SQLite in memory)."""
    url = parallel.reader_url(session.get_bind())
    work = list(groups(latest, new, _group_plans(len(new)), lambda ids: _box_cells(session, ids)))
    here = partial(group_rows, session)  # a group compared in this process
    if workers > 1 and len(work) > 1 and url is not None and may_have_children():
        yield from parallel.compare_groups(url, work, workers, group_rows, here)
    else:
        yield from map(here, work)


def _group_plans(new: int) -> int:
    """The plans a group loads at most, comparing `new` plans (MIN_GROUPS)."""
    return min(GROUP_PLANS, max(GROUP_PLANS // 4, -(-new // MIN_GROUPS)))


def _box_cells(session: Session, plan_ids: set[int]) -> dict[int, int]:
    """The box cells of each of the plans as its boxes print them (rows × columns; merged cells count
    once per grid position): what a group of plans will hold, known before any is read.  The ids go
    IDS_A_QUERY to a statement (SQLite takes at most 32,766 parameters in one)."""
    boxes = BoxRow.__table__.c
    query = select(boxes.plan_id, func.sum(boxes.n_rows * boxes.n_cols)).group_by(boxes.plan_id)
    ids, found = sorted(plan_ids), dict[int, int]()
    for start in range(0, len(ids), IDS_A_QUERY):
        chunk = ids[start : start + IDS_A_QUERY]
        found.update(session.execute(query.where(boxes.plan_id.in_(chunk))).tuples().all())
    return found


def groups(
    latest: dict[int, Kin], new: set[int], limit: int, cells_of: Callable[[set[int]], Mapping[int, int]]
) -> Iterator[Group]:
    """The comparison's work in groups of at most `limit` plans and GROUP_CELLS box cells (`cells_of`
    the plans it reads, asked once: by plan id; a larger family is a group of its own): the related
    pairs with a new plan by family (a plan's pairs are with its parent's plan and its siblings:
    related_pairs), whole families to a group, each new plan's own findings in the first group that
    reads it, the new plans in no pair after."""
    families: dict[tuple[str | None, int | None], list[Pair]] = defaultdict(list)
    for a, b, relation in related_pairs(latest.values()):
        if {a.plan_id, b.plan_id} & new:
            families[a.parent_region, a.target_year].append((a.plan_id, b.plan_id, relation))
    # the cells of just the plans the groups read: an update's work stays bounded by its new plans' kin
    cells = cells_of(Group(list(new), [pair for family in families.values() for pair in family]).plan_ids())

    def too_large(plan_ids: set[int]) -> bool:
        return len(plan_ids) > limit or sum(cells.get(plan_id, 0) for plan_id in plan_ids) > GROUP_CELLS

    unchecked = set(new)

    def by_family() -> Iterator[tuple[list[Pair], list[int]]]:
        for family in families.values():
            family_plans = {plan_id for a, b, _ in family for plan_id in (a, b)}
            yield family, sorted(family_plans & unchecked)
            unchecked.difference_update(family_plans)

    yield from _packed(by_family(), too_large)
    yield from _packed((([], [plan_id]) for plan_id in sorted(unchecked)), too_large)  # in no pair


def _packed(
    shares: Iterable[tuple[list[Pair], list[int]]], too_large: Callable[[set[int]], bool]
) -> Iterator[Group]:
    """The shares (pairs, plans to check) in order, as many to a group as are not `too_large` together
    (a share too large alone is a group of its own)."""
    group = Group([], [])
    for pairs, checked in shares:
        if (group.pairs or group.checked) and too_large(group.plan_ids() | Group(checked, pairs).plan_ids()):
            yield group
            group = Group([], [])
        group.pairs.extend(pairs)
        group.checked.extend(checked)
    if group.pairs or group.checked:
        yield group


def group_rows(session: Session, group: Group) -> Comparison:
    """A group's rows: its plans read, its new plans' findings, its pairs' links and findings."""
    with _no_cycle_collection():
        try:
            return _group_rows(session, group)
        finally:
            for memo in GROUP_CACHES:
                memo.cache_clear()


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector off: a group's records and findings are hundreds of thousands of new objects,
    whose allocation would run it again and again (a sixth of the comparison's time) to find no cycle
    (what a group makes is freed by reference counting once its rows are written)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _group_rows(session: Session, group: Group) -> Comparison:
    chosen = select(Plan).where(Plan.plan_id.in_(sorted(group.plan_ids()))).order_by(Plan.plan_id)
    plans = compare_data.load(session, list(session.scalars(chosen)))
    links: list[Link] = []
    findings: list[Finding] = []
    for plan_id in group.checked:
        for rule in PLAN_RULES:
            findings.extend(rule.check(plans[plan_id]))
    for a, b, relation in group.pairs:
        lower, other = plans[a], plans[b]
        pair_links = zone_links(lower, other)
        links.extend(pair_links)
        if relation == "parent":
            for pair_rule in PAIR_RULES:
                findings.extend(_in_pair(pair_rule.check(lower, other, pair_links)))
    return Comparison(
        [(k.zone.zone_id, k.other.zone_id, k.method, k.score, k.area_diff) for k in links],
        [_quoted(f, plans).row() for f in findings],
        len(group.pairs),
    )


def _in_pair(findings: Iterable[Finding]) -> Iterable[Finding]:
    """A pair rule's findings, each naming both plans (an update finds them by either: see above)."""
    for finding in findings:
        if finding.other is None or finding.other.plan_id == finding.place.plan_id:
            raise ValueError(f"a {finding.kind} finding does not name both plans of its pair")
        yield finding


def _quoted(finding: Finding, plans: dict[int, compare_data.PlanData]) -> Finding:
    """The finding with the box rows it names quoted where its rule quoted nothing there."""

    def row_text(place: Place | None) -> str | None:
        plan = plans.get(place.plan_id) if place else None
        return plan.row_text(place.box_id, place.row) if plan and place else None

    return replace(
        finding,
        quote=finding.quote or row_text(finding.place),
        other_quote=finding.other_quote or row_text(finding.other),
    )


def refresh(engine: Engine, full: bool = False, workers: int | None = None) -> Refresh:
    """Bring the zone links and findings up to date with the latest plans (see above); `full` (or a
    database never compared) recomputes them all.  `workers`: the processes that compare groups at
    once (`compare`), by default parallel.default_workers()."""
    workers = parallel.default_workers() if workers is None else workers
    with Session(engine, expire_on_commit=False) as session, session.begin():
        locks.hold(session, locks.COMPARISON)  # a concurrent run's comparison finishes first
        latest = {plan.plan_id: plan for plan in session.execute(select(*KIN_COLUMNS).where(Plan.is_latest))}
        compared = None if full else freshness.compared_plan_ids(session)
        if compared is None:
            new, dropped = set(latest), set[int]()
            _delete(session, ZoneLinkRow, FindingRow)
        else:
            new, dropped = set(latest) - compared, compared - set(latest)
            _delete_rows_of(session, new | dropped)  # rows of a new plan: left by a run recorded before it
        pairs = 0
        for result in compare(session, latest, new, workers):  # each group's rows written as it comes
            _insert(session, result)
            pairs += result.pairs
        freshness.record(session, latest)
        return Refresh(
            full=compared is None,
            plans=len(latest),
            compared=len(new),
            dropped=len(dropped),
            pairs=pairs,
            links=_count(session, ZoneLinkRow),
            findings=_count(session, FindingRow),
        )


def _delete(session: Session, *tables: type[ZoneLinkRow] | type[FindingRow]) -> None:
    for table in tables:
        session.execute(delete(table).execution_options(synchronize_session=False))


def _delete_rows_of(session: Session, plan_ids: set[int]) -> None:
    """Delete the findings naming any of the plans, and the zone links from or to their zones."""
    if not plan_ids:
        return
    ids = sorted(plan_ids)
    zones = select(ZoneRow.zone_id).where(ZoneRow.plan_id.in_(ids))
    links = or_(ZoneLinkRow.zone_id.in_(zones), ZoneLinkRow.other_zone_id.in_(zones))
    findings = or_(FindingRow.plan_id.in_(ids), FindingRow.other_plan_id.in_(ids))
    for table, where in ((ZoneLinkRow, links), (FindingRow, findings)):
        session.execute(delete(table).where(where).execution_options(synchronize_session=False))


def _insert(session: Session, result: Comparison) -> None:
    """The group's rows, a bulk statement a table on the driver (COPY on PostgreSQL, whose executemany
    sends a statement a row: pipeline/store/load.py)."""
    connection = session.connection()
    bulk_insert(connection, ZoneLinkRow.__table__, LINK_COLUMNS, result.links)
    findings = result.findings
    if findings:
        bulk_insert(
            connection, FindingRow.__table__, tuple(findings[0]), [tuple(f.values()) for f in findings]
        )


def _count(session: Session, table: type[ZoneLinkRow] | type[FindingRow]) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0
