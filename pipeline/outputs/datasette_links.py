"""A Datasette plugin for `mrplans browse`: id columns of the contract views link to what they name.

The contract names are views (the latest version of each plan), and Datasette draws
foreign-key links and labels only for tables, so this plugin draws them: a box_id
leads to the box's cells (canned query box_cells), a plan_id, zone_id or section_id to
that row of its view; a plan facet shows each plan's region (和田地区), not its id.
Real tables keep Datasette's own foreign-key links.  The column descriptions of a
view fold into one line above its rows (they are on the column headers too), so the
rows start on the first screen.
"""

from __future__ import annotations

from urllib.parse import urlencode

from datasette import hookimpl
from datasette.app import Datasette
from markupsafe import Markup, escape

from pipeline.outputs.datasette_metadata import BOX_CELLS_QUERY
from pipeline.store.views import VIEWS

LINKS: dict[str, tuple[str, str]] = {  # column → (view or canned query, its parameter)
    "box_id": (BOX_CELLS_QUERY, "box_id"),
    "other_box_id": (BOX_CELLS_QUERY, "box_id"),
    "plan_id": ("plan", "plan_id"),
    "other_plan_id": ("plan", "plan_id"),
    "parent_plan_id": ("plan", "plan_id"),
    "zone_id": ("zone", "zone_id"),
    "other_zone_id": ("zone", "zone_id"),
    "section_id": ("section", "section_id"),
    "parent_id": ("section", "section_id"),
}


PLAN_COLUMNS = ("plan_id", "other_plan_id", "parent_plan_id")
# the description list Datasette prints above a table's rows, folded; each description on its header
FOLD_DESCRIPTIONS = """
document.querySelectorAll("dl.column-descriptions").forEach(function (list) {
  var fold = document.createElement("details");
  var summary = document.createElement("summary");
  summary.textContent = "列说明 · Column descriptions (" + list.querySelectorAll("dt").length + ")";
  list.parentNode.insertBefore(fold, list);
  fold.appendChild(summary);
  fold.appendChild(list);
});
document.querySelectorAll("th[data-column-description]").forEach(function (th) {
  th.title = th.getAttribute("data-column-description");
});
"""


@hookimpl
def startup(datasette: Datasette) -> None:
    """Label plan ids by their plan's region wherever Datasette labels values (facets)."""
    expand = datasette.expand_foreign_keys

    async def with_plans(database: str, table: str, column: str, values: list[object]) -> dict:
        if column not in PLAN_COLUMNS or table not in VIEWS:
            return await expand(database, table, column, values)
        ids = [value for value in values if isinstance(value, int)]
        marks = ", ".join("?" for _ in ids)
        rows = await datasette.get_database(database).execute(
            f"SELECT plan_id, region, version FROM plan_all WHERE plan_id IN ({marks})", ids
        )
        return {(column, r["plan_id"]): _plan_label(r["region"], r["version"]) for r in rows}

    datasette.expand_foreign_keys = with_plans  # type: ignore[method-assign]


def _plan_label(region: str | None, version: int) -> str:
    name = region or "region unknown"
    return name if version == 1 else f"{name} (version {version})"


@hookimpl
def extra_body_script(template: str) -> str | None:
    return FOLD_DESCRIPTIONS if template == "table.html" else None


@hookimpl
def render_cell(
    value: object, column: str, table: str | None, database: str, datasette: Datasette
) -> Markup | None:
    """A link for an id in a contract or comparison view or a query result; None leaves the cell as is."""
    if column not in LINKS or not isinstance(value, int) or (table is not None and table not in VIEWS):
        return None
    target, parameter = LINKS[column]
    url = f"{datasette.urls.table(database, target)}?{urlencode({parameter: value})}"
    return Markup(f'<a href="{escape(url)}">{value}</a>')
