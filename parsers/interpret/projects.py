"""Key projects (重点工程, 重点项目; kind project): one Project per table row or per numbered prose item.

Two shapes.  A table with a project-name column (项目名称) and a period column (工作周期,
时间安排) gives one Project per row: "2022-2024" → 2022..2024, "2025" → 2025..2025, the
mineral from a 矿种 column, else the first mineral the name names.  A prose box (no
header; its title names 工程 or 项目) lists projects as ①②… items, several in one line
("①…勘查、②…勘查") or each followed by description paragraphs: the item's first line,
without its numeral and trailing punctuation, is the project name; descriptions are skipped.
The category (survey, exploration, development, restoration, green_mine) comes from the words
of models/vocab/project_categories.csv in the box title, else in the project's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from models.codes import BoxKind, ColumnRole
from models.records import Project, Records
from models.vocabulary import word_lists
from parsers.interpret import fit
from parsers.interpret.common import cell_text, mineral_of, title_names
from parsers.interpret.layout import Layout
from parsers.interpret.registry import PlanContext
from parsers.words.lexicon import is_total
from parsers.words.minerals import find_mineral
from parsers.words.text import CIRCLED, ITEM_NUMERAL, compact

_ITEM_START = re.compile(rf"(?=[{CIRCLED}])")
_NAME_END = "、，,；;。 \t\u3000"
_NOT_A_NAME = re.compile(r"[。；;：:]")
_MAX_NAME = 60
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _categories() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return word_lists("project_categories.csv", "category")


def category_of(*texts: str) -> str | None:
    """The category named by the first text that names one (in file order within a text), else None."""
    for text in texts:
        words = compact(text)
        found = next((category for category, names in _categories() if any(n in words for n in names)), None)
        if found:
            return found
    return None


def years(period: str) -> tuple[int | None, int | None]:
    """(start, end) of a printed period: "2022-2024" → (2022, 2024), "2025年" → (2025, 2025)."""
    found = _YEAR.findall(period)
    return (int(found[0]), int(found[-1])) if found else (None, None)


def _project(layout: Layout, i: int, name: str, mineral_text: str | None = None, period: str = "") -> Project:
    start, end = years(period)
    return Project(
        box=layout.box.number,
        row=layout.box_row(i),
        name=name,
        mineral=mineral_of(mineral_text)[0] if mineral_text else find_mineral(name),
        mineral_text=mineral_text,
        start_year=start,
        end_year=end,
        period_text=period or None,
        category=category_of(layout.box.title, name),
    )


class TableProjects:
    """项目名称 | 工作周期 | 矿种 tables."""

    name = "project_table"
    kind = BoxKind.PROJECT

    def fit(self, layout: Layout, ctx: PlanContext) -> float:
        if layout.first(ColumnRole.NAME) is None or layout.first(ColumnRole.PERIOD) is None:
            return fit.NO_FIT
        return fit.TITLE_AND_COLUMNS if title_names(layout, self.kind) else fit.COLUMNS_ONLY

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        return Records(projects=list(self._projects(layout)))

    def _projects(self, layout: Layout) -> Iterator[Project]:
        name_col, period_col, mineral_col = (
            layout.first(role) for role in (ColumnRole.NAME, ColumnRole.PERIOD, ColumnRole.MINERAL)
        )
        for i in range(len(layout.body)):
            name = cell_text(layout, i, name_col)
            if name and not is_total(name):
                mineral_text = cell_text(layout, i, mineral_col) or None
                yield _project(layout, i, name, mineral_text, cell_text(layout, i, period_col))


def _item_names(layout: Layout) -> Iterator[tuple[int, str]]:
    """(body row, name) of every ①②… item of a prose box whose first line is a name."""
    for i in range(len(layout.body)):
        for cell in layout.printed(i):
            for part in _ITEM_START.split(cell.text):
                if ITEM_NUMERAL.match(part):
                    name = ITEM_NUMERAL.sub("", part).partition("\n")[0].strip().rstrip(_NAME_END)
                    if name and len(name) <= _MAX_NAME and not _NOT_A_NAME.search(name):
                        yield i, name


class ProseProjects:
    """Boxes without a header whose title names 工程/项目 and whose cells number the projects ①②…."""

    name = "project_prose"
    kind = BoxKind.PROJECT

    def fit(self, layout: Layout, ctx: PlanContext) -> float:
        if any(column.role for column in layout.columns) or not title_names(layout, self.kind):
            return fit.NO_FIT
        return fit.TITLE_AND_COLUMNS if next(_item_names(layout), None) else fit.NO_FIT

    def emit(self, layout: Layout, ctx: PlanContext) -> Records:
        return Records(projects=[_project(layout, i, name) for i, name in _item_names(layout)])


PROJECT_TABLE = TableProjects()
PROJECT_PROSE = ProseProjects()
