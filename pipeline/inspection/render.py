"""`mrplans inspect` as text (rich): the outline as a tree, then every box, or one box with its grid.

Every numeric cell that landed in no record is marked ‼ and shown in red, in the
box's list and, with --box, in place on the grid (header rows marked * and in bold).
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from pipeline.inspection.view import BoxView, Fit, PlanView

UNPLACED = "‼"
HEADER = "*"
_UNPLACED_STYLE = "bold red"
_WARNING_STYLE = "yellow"
_RECORD_KEYS_FIRST = ("type", "row", "col")


def render(view: PlanView, console: Console, box: int | None = None) -> None:
    """The whole document (outline, plan diagnostics, every box), or only box `box` with its grid."""
    console.print(_heading(view))
    if box is None:
        console.print(_outline(view), soft_wrap=False)  # long lines wrap at spaces, under their branch
        for message in view.diagnostics:
            console.print(_warning(message))
    for b in view.boxes:
        if box is None or b.number == box:
            console.print(_box(b, with_grid=box is not None))


def _heading(view: PlanView) -> Text:
    facts = [view.file, view.reader, view.region or "region unknown", view.years]
    facts.append(f"profile {view.profile}" if view.profile else "no profile")
    reading = [
        f"outline {' > '.join(view.outline_styles) or '-'}",
        f"captions {', '.join(view.caption_words) or 'none'}",
    ]
    if view.contents_lines:
        reading.append(f"table of contents skipped ({view.contents_lines} lines)")
    return Text.assemble((view.title, "bold"), "\n", " · ".join(facts), "\n", " · ".join(reading))


def _box_name(b: BoxView) -> str:
    """How a box is named on screen: its printed label, else its number."""
    return b.label or f"#{b.number}"


def _fit(fit: Fit | None) -> str:
    return f"{fit.interpreter} {fit.score:.2f}" if fit else "-"


def _outline(view: PlanView) -> Tree:
    tree = Tree("outline")
    nodes: dict[int | None, Tree] = {None: tree}
    for s in view.sections:
        label = f"{s.label} {s.title}" if s.label else s.title
        nodes[s.ordinal] = nodes[s.parent].add(label)
    for b in view.boxes:
        read = f"{b.kind} ({_fit(b.fit)})" + (" ⚠" if b.diagnostics else "")
        nodes[b.section].add(Text(f"{_box_name(b)} {b.title} — {read}", style="cyan"))
    return tree


def _warning(message: str) -> Text:
    return Text(f"⚠ {message}", style=_WARNING_STYLE)


def _box(b: BoxView, with_grid: bool) -> Group:
    parts: list[RenderableType] = [
        Text(f"\n{_box_name(b)} {b.title}", style="bold cyan"),
        Text(
            f"kind {b.kind} · interpreter {b.interpreter or '-'} · fit {_fit(b.fit)} · "
            f"runner-up {_fit(b.runner_up)} · header rows {b.header_rows}"
        ),
        *(_warning(message) for message in b.diagnostics),
        _columns(b),
    ]
    if with_grid:
        parts.append(_grid(b))
    parts.extend(Text(_record_line(r)) for r in b.records)
    if not b.records:
        parts.append(Text("no records"))
    parts.extend(
        Text(f"{UNPLACED} not placed: row {c.row} col {c.col}: {c.text}", style=_UNPLACED_STYLE)
        for c in b.unplaced
    )
    return Group(*parts)


def _columns(b: BoxView) -> Table:
    table = Table("col", "label", "role", box=None, padding=(0, 1), show_edge=False)
    for c in b.columns:
        table.add_row(str(c.index), Text(c.label), c.role or "-")
    return table


def _grid(b: BoxView) -> Table:
    table = Table(caption=f"{HEADER} header row · {UNPLACED} numeric cell in no record", show_lines=True)
    for name in ("row", *(str(i) for i in range(len(b.columns)))):
        table.add_column(name, overflow="fold")
    marked = {(c.row, c.col) for c in b.unplaced}
    for r, row in enumerate(b.grid):
        header = r < b.header_rows
        cells = [
            Text(f"{UNPLACED}{text}", style=_UNPLACED_STYLE)
            if (r, c) in marked
            else Text(text, style="bold" if header else "")
            for c, text in enumerate(row)
        ]
        table.add_row(f"{r}{HEADER * header}", *cells)
    return table


def _record_line(record: dict[str, Any]) -> str:
    head = f"{record['type']} r{record['row']}" + (f" c{record['col']}" if "col" in record else "")
    rest = (f"{k}={_value(v)}" for k, v in record.items() if k not in _RECORD_KEYS_FIRST)
    return " ".join((head, *rest))


def _value(value: Any) -> str:
    """One field as printed on a record line: a list of sub-records as a/b, c/d."""
    if isinstance(value, list):
        return ", ".join("/".join(str(v) for v in item.values() if v is not None) for item in value)
    return " ".join(str(value).split())
