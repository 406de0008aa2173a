"""The closed sets of codes that tie modules, vocabulary files and the database together.

Each is a ``StrEnum`` (a :class:`Code`) whose values are the strings stored in the
database and listed as enumerated values in docs/schema.md, so a member compares equal to
its stored string (``ColumnRole.TARGET == "target"``).  Where a vocabulary file (models/vocab/*.csv) holds
the words for the codes, the loader (models/vocabulary.py, ``vocab_rows``) checks the file
against the enum when it loads: a value with no member, or a member that needs a row and
has none, stops the load with the file and the row.
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    """A stored code: equal to, hashed and printed as its string, and its repr is the string's.

    The repr matters: a record's repr is what pipeline/store/load.py's reading digest hashes (stored with
    every plan, compared by ``ingest --reprocess``), so a record holding a code reads as before.
    """

    def __repr__(self) -> str:
        return repr(self.value)


class ColumnRole(Code):
    """The role a table column's header words give it (models/vocab/column_roles.csv, one row each)."""

    SEQ = "seq"
    TOTAL = "total"
    UNIT = "unit"
    COMPLETION_RATE = "completion_rate"
    SERVICE_YEARS = "service_years"
    LARGE = "large"
    MEDIUM = "medium"
    SMALL = "small"
    MIN_SCALE = "min_scale"
    DEPOSITS = "deposits"
    RETAINED = "retained"
    CUMULATIVE = "cumulative"
    ATTRIBUTE = "attribute"
    REMARK = "remark"
    CODE = "code"
    REGION = "region"
    LEVEL = "level"
    ZONE_TYPE = "zone_type"
    AREA = "area"
    EXISTING_RIGHTS = "existing_rights"
    PLANNED_BLOCKS = "planned_blocks"
    PERIOD = "period"
    ACTUAL = "actual"
    TARGET = "target"
    RESERVE_AMOUNT = "reserve_amount"
    COUNT = "count"
    MINERAL = "mineral"
    NAME = "name"
    EXISTING = "existing"
    PLANNED = "planned"


# the roles of columns that say what a row or a value is, never a figure of the row
LABEL_ROLES = frozenset(
    {
        *(ColumnRole.SEQ, ColumnRole.TOTAL, ColumnRole.UNIT, ColumnRole.ATTRIBUTE, ColumnRole.REMARK),
        *(ColumnRole.CODE, ColumnRole.REGION, ColumnRole.LEVEL, ColumnRole.ZONE_TYPE, ColumnRole.PERIOD),
        *(ColumnRole.MINERAL, ColumnRole.NAME),
    }
)


class BoxKind(Code):
    """What a box holds (box.kind): the kind its interpreter assigns, else ``other``."""

    INDICATOR = "indicator"
    ZONE = "zone"
    BLOCK_SUMMARY = "block_summary"
    RIGHTS_COUNT = "rights_count"
    MIN_SCALE = "min_scale"
    RESERVE = "reserve"
    PROJECT = "project"
    INVENTORY = "inventory"
    DESCRIPTIVE = "descriptive"
    OTHER = "other"


class Side(Code):
    """The side of a planning block or a right (block_type, right_type), named by box_kinds.csv words."""

    EXPLORATION = "exploration"
    MINING = "mining"


class BlockStatus(Code):
    """Whether planning blocks exist or are planned (block_summary.status), from the column's role."""

    EXISTING = "existing"
    PLANNED = "planned"


class ZoneType(Code):
    """What a planning zone is (zone.zone_type), named by the words of zone_types.csv."""

    KEY_EXPLORATION = "key_exploration"
    KEY_MINING = "key_mining"
    CONCENTRATED_MINING = "concentrated_mining"
    NATIONAL_PLANNING_AREA = "national_planning_area"
    STRATEGIC_RESERVE = "strategic_reserve"
    ENERGY_BASE = "energy_base"
    DEVELOPMENT_AREA = "development_area"
    ECONOMIC_ZONE = "economic_zone"


class UnitWordKind(Code):
    """What a word of a printed unit is (units.csv ``kind``): a part of the grammar of parsers/units.py."""

    SCALE = "scale"  # 万, 亿
    UNIT = "unit"  # 吨, 立方米, 平方千米
    BASIS = "basis"  # 矿石, 金属量: what a mass is a mass of
    SUBSTANCE = "substance"  # 铜, Li2O: an element or oxide, which implies a basis
    QUALIFIER = "qualifier"  # 矿山, 大型: a neutral word


class Measure(Code):
    """What an indicator value measures (indicator.measure)."""

    TARGET = "target"
    ACTUAL = "actual"
    BASELINE = "baseline"
    COMPLETION_RATE = "completion_rate"


class DiagnosticCode(Code):
    """Why a plan's reading needs a maintainer's look (Diagnostic.code, shown by `mrplans inspect`)."""

    LOW_FIT = "low_fit"  # no interpreter fits a box well enough: it stays kind other
    TIE = "tie"  # two interpreters fit a box almost equally
    SKIPPED = "skipped"  # a profile skips the box
    PROFILE = "profile"  # a profile chose the interpreter, or names a box or column the plan lacks
    CAPTION = "caption"  # a table's caption could not be read
    REGION = "region"  # the title names a region the vocabulary does not place
    READER = "reader"  # the reader read part of the file only as it could (parsers/read/reader_warnings.py)


class FindingKind(Code):
    """The kinds of inconsistency comparison finds (finding.kind; docs/schema.md, "Finding kinds")."""

    TOTAL_MISMATCH = "total_mismatch"
    TEXT_TABLE_MISMATCH = "text_table_mismatch"
    UNIT_CONFLICT = "unit_conflict"
    VALUE_CONFLICT = "value_conflict"
    TEXT_SUM_MISMATCH = "text_sum_mismatch"
    TEXT_BREAKDOWN_MISMATCH = "text_breakdown_mismatch"
    TEXT_COLUMN_MISMATCH = "text_column_mismatch"
    ZONE_SUMMARY_MISMATCH = "zone_summary_mismatch"
    UNIT_MAGNITUDE_CONFLICT = "unit_magnitude_conflict"
    RATE_MISMATCH = "rate_mismatch"
    CROSS_PLAN_MISMATCH = "cross_plan_mismatch"
    MIN_SCALE_BELOW_UPPER = "min_scale_below_upper"
    UPPER_ZONE_MISSING = "upper_zone_missing"
    ALLOTMENT_EXCEEDED = "allotment_exceeded"
