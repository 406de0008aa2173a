"""A Datasette plugin for `mrplans browse`: id columns of the contract views link to what they name.

The contract names are views (the latest version of each plan), and Datasette draws
foreign-key links only for tables, so this plugin draws them: a box_id leads to the
box's cells (canned query box_cells), a plan_id, zone_id or section_id to that row of
its view.  Real tables keep Datasette's own foreign-key links.
"""

from __future__ import annotations

from urllib.parse import urlencode

from datasette import hookimpl
from datasette.app import Datasette
from markupsafe import Markup, escape

from pipeline.datasette_metadata import BOX_CELLS_QUERY
from pipeline.views import VIEWS

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
