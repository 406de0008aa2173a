"""Python access for analysts: every contract view of the plan database as a pandas DataFrame.

    from pipeline import open_db

    db = open_db("sqlite:///output/plans.db")      # or a postgresql+psycopg:// URL
    db.plan()                                       # one row per plan
    db.indicator(mineral="石灰岩", measure="target") # keyword filters: column = value
    db.finding(kind="total_mismatch")
    db.view("mineral_targets")                      # the comparison views too (pipeline/store/views.py)
    db.sql("SELECT * FROM zone WHERE area_km2 > :km2", km2=100)

Rows come in a stable order (each view's key in pipeline/store/contract.yaml).  Numbers stay
numbers: integer columns with NULLs are pandas' nullable Int64, NULL is <NA>.  A SQLite
database is opened read-only, so reading never changes or creates the file.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pandas as pd
from sqlalchemy import Engine, column, inspect, literal_column, select, table, text

from pipeline.store.contract import contract_names, contract_views
from pipeline.store.db import DEFAULT_URL, read_only_engine
from pipeline.store.views import VIEWS

VIEW_NAMES: tuple[str, ...] = tuple(dict.fromkeys([*contract_names(), *VIEWS]))
_DTYPES: dict[type, str] = {int: "Int64", float: "Float64", Decimal: "Float64", bool: "boolean"}


class PlanDB:
    """The plan database: one method per contract view (docs/schema.md), each a DataFrame.

    Every method takes keyword filters `column=value` (equality; `None` means any value).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def view(self, name: str, **where: object) -> pd.DataFrame:
        """Rows of any contract or comparison view, filtered by `column=value` keywords."""
        if name not in VIEW_NAMES:
            raise ValueError(f"unknown view {name!r}; known: {', '.join(VIEW_NAMES)}")
        query = select(literal_column("*")).select_from(table(name))
        for name_of_column, value in where.items():
            if value is not None:
                query = query.where(column(name_of_column) == value)
        if name in contract_views():
            query = query.order_by(*map(column, contract_views()[name].key))
        return self._declared_types(name, self._frame(query))

    def sql(self, query: str, **params: object) -> pd.DataFrame:
        """Any SQL over the database, with `:name` parameters."""
        return self._frame(text(query).bindparams(**params))

    def _frame(self, query: object) -> pd.DataFrame:
        with self.engine.connect() as con:
            return pd.read_sql_query(query, con, dtype_backend="numpy_nullable")  # type: ignore[arg-type]

    def _declared_types(self, name: str, frame: pd.DataFrame) -> pd.DataFrame:
        """Columns as the database declares them, also when every value is NULL, alike on SQLite and
        PostgreSQL: integers Int64, reals Float64, booleans boolean, timestamps UTC datetimes."""
        for reflected in inspect(self.engine).get_columns(name):
            try:
                python_type = reflected["type"].python_type
            except NotImplementedError:  # an expression column of a view: keep what the values say
                continue
            if python_type is datetime:
                frame[reflected["name"]] = pd.to_datetime(frame[reflected["name"]], utc=True)
            elif python_type in _DTYPES:
                frame[reflected["name"]] = frame[reflected["name"]].astype(_DTYPES[python_type])
        return frame

    def plan(self, **where: object) -> pd.DataFrame:
        """Plans (规划): title, region, level, parent region, years, source file; one row per plan."""
        return self.view("plan", **where)

    def section(self, **where: object) -> pd.DataFrame:
        """Sections (章节): the numbered outline of each plan with the text under each heading."""
        return self.view("section", **where)

    def box(self, **where: object) -> pd.DataFrame:
        """Boxes (专栏): one row per 专栏 table with its number, caption, kind and size."""
        return self.view("box", **where)

    def box_cell(self, **where: object) -> pd.DataFrame:
        """Box cells (专栏单元格): every table cell as printed, 0-based row and col."""
        return self.view("box_cell", **where)

    def indicator(self, **where: object) -> pd.DataFrame:
        """Indicators (规划指标): one row per value cell, with measure, period, value, unit and SI value."""
        return self.view("indicator", **where)

    def zone(self, **where: object) -> pd.DataFrame:
        """Planning zones (规划分区): code, name, zone_type, level, region, area_km2, rights and blocks."""
        return self.view("zone", **where)

    def zone_mineral(self, **where: object) -> pd.DataFrame:
        """Zone minerals (分区矿种): one row per mineral of a zone."""
        return self.view("zone_mineral", **where)

    def record_mineral(self, **where: object) -> pd.DataFrame:
        """Record minerals (记录矿种): the minerals of a record naming several (its mineral is NULL)."""
        return self.view("record_mineral", **where)

    def block_summary(self, **where: object) -> pd.DataFrame:
        """Planning block summary (规划区块): existing and planned blocks by mineral, count and area."""
        return self.view("block_summary", **where)

    def rights_count(self, **where: object) -> pd.DataFrame:
        """Mining rights counts (矿业权): existing exploration and mining rights by mineral and region."""
        return self.view("rights_count", **where)

    def min_scale(self, **where: object) -> pd.DataFrame:
        """Minimum mining scale (最低开采规模): large, medium, small thresholds by mineral and variant."""
        return self.view("min_scale", **where)

    def reserve(self, **where: object) -> pd.DataFrame:
        """Resources and reserves (资源储量): deposits, retained and cumulative amounts by mineral."""
        return self.view("reserve", **where)

    def project(self, **where: object) -> pd.DataFrame:
        """Key projects (重点项目): name, mineral, start and end year, category."""
        return self.view("project", **where)

    def mineral(self, **where: object) -> pd.DataFrame:
        """The mineral vocabulary (矿种): canonical name, category, aliases."""
        return self.view("mineral", **where)

    def region(self, **where: object) -> pd.DataFrame:
        """Regions (行政区): name, level, parent, six-digit code."""
        return self.view("region", **where)

    def zone_link(self, **where: object) -> pd.DataFrame:
        """Zone links (分区对应): the same zone in two plans, with method, score and area difference."""
        return self.view("zone_link", **where)

    def finding(self, kind: str | None = None, **where: object) -> pd.DataFrame:
        """Findings (问题清单): every inconsistency, optionally of one kind (total_mismatch …)."""
        return self.view("finding", kind=kind, **where)


def open_db(url: str = DEFAULT_URL) -> PlanDB:
    """The plan database at `url` (default sqlite:///output/plans.db), read-only for SQLite files."""
    return PlanDB(read_only_engine(url))
