"""`mrplans export`: every contract view to CSV, Excel or Parquet files for analysts' own tools.

* csv — one file per view, UTF-8 with a BOM so Excel reads the Chinese text.
* xlsx — one workbook `plans.xlsx`, one sheet per view (named after it), numbers as numbers;
  timestamps in UTC without a zone (Excel has none).
* parquet — one file per view (pyarrow), column types kept.

`labels` "zh" or "en" writes the column labels of pipeline/store/contract.yaml (with units)
as headers instead of the column names.  CSV and Excel write NULL as an empty cell.

Text from a document is never a formula: Excel cells are written as text (a cell
printed `=HYPERLINK(…)` stays those characters), and a CSV text cell that starts
with =, +, -, @, a TAB or a carriage return (and goes on after it) gets an
apostrophe first, which spreadsheets read as "this is text".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.outputs.api import PlanDB
from pipeline.store.contract import ExportFormat, Language, contract_names, header

WORKBOOK = "plans.xlsx"
SHEET_NAME_MAX = 31  # Excel's limit
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a CSV cell as a formula


def export_views(db: PlanDB, fmt: ExportFormat, out_dir: Path, labels: Language | None = None) -> list[Path]:
    """Write every contract view in `fmt` under `out_dir`; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = {name: _labelled(name, db.view(name), labels) for name in contract_names()}
    if fmt == "xlsx":
        return [_workbook(frames, out_dir / WORKBOOK)]
    paths = []
    for name, frame in frames.items():
        path = out_dir / f"{name}.{fmt}"
        if fmt == "csv":
            _inert(frame).to_csv(path, index=False, encoding="utf-8-sig")
        else:
            frame.to_parquet(path, index=False, engine="pyarrow")
        paths.append(path)
    return paths


def _labelled(view: str, frame: pd.DataFrame, labels: Language | None) -> pd.DataFrame:
    return frame.rename(columns={column: header(view, column, labels) for column in frame.columns})


def _workbook(frames: dict[str, pd.DataFrame], path: Path) -> Path:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in frames.items():
            _for_excel(frame).to_excel(writer, sheet_name=name[:SHEET_NAME_MAX], index=False)
        for sheet in writer.sheets.values():
            _text_as_text(sheet)
    return path


def _text_as_text(sheet: Worksheet) -> None:
    """Text cells as text: openpyxl stores a string starting with "=" as a live formula."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _inert(frame: pd.DataFrame) -> pd.DataFrame:
    """Text a spreadsheet would run as a formula (=, +, -, @ and more after it), with an apostrophe first,
    which Excel and LibreOffice take as "this is text" (CSV injection)."""
    text = [c for c, kind in frame.dtypes.items() if pd.api.types.is_object_dtype(kind) or kind == "string"]
    return frame.assign(**{c: frame[c].map(_quoted) for c in text})


def _quoted(value: object) -> object:
    if isinstance(value, str) and len(value) > 1 and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _for_excel(frame: pd.DataFrame) -> pd.DataFrame:
    """Timestamps as UTC without a time zone, which Excel cannot store."""
    zoned = [column for column in frame.columns if isinstance(frame[column].dtype, pd.DatetimeTZDtype)]
    return frame.assign(**{column: frame[column].dt.tz_convert(None) for column in zoned})
