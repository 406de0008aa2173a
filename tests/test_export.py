"""`mrplans export`: every contract view round-trips through CSV, Excel and Parquet (read back with pandas).

CSV and Excel cells do not tell an empty text from NULL, and Excel keeps timestamps to
the millisecond without a zone; apart from that what comes back equals the database,
and numbers come back as numbers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from pipeline.outputs.api import PlanDB, open_db
from pipeline.outputs.export import SHEET_NAME_MAX, WORKBOOK, export_views
from pipeline.store.contract import contract_names


@pytest.fixture(scope="module")
def db(sqlite_db: Engine) -> PlanDB:
    return open_db(f"sqlite:///{sqlite_db.url.database}")


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Values as Python objects with NULL and empty text both None: what any file format can hold."""
    frame = frame.astype(object)
    return frame.where(frame.notna() & (frame != ""), None)


def _assert_numbers_stay_numbers(back: pd.DataFrame, database: pd.DataFrame) -> None:
    for column in database.columns:
        if pd.api.types.is_numeric_dtype(database[column]) and database[column].notna().any():
            assert pd.api.types.is_numeric_dtype(back[column]), column


def _text_columns(database: pd.DataFrame) -> dict[str, str]:
    """Text columns are read back as text: a code like 001 or a count as printed stays text."""
    return dict.fromkeys([c for c in database.columns if pd.api.types.is_string_dtype(database[c])], "string")


def _stamps(database: pd.DataFrame) -> list[str]:
    return [c for c in database.columns if isinstance(database[c].dtype, pd.DatetimeTZDtype)]


def _read_csv(path: Path, database: pd.DataFrame) -> pd.DataFrame:
    return pd.read_csv(
        path,
        encoding="utf-8-sig",
        dtype=_text_columns(database),
        keep_default_na=False,
        na_values=[""],
        parse_dates=_stamps(database),
    )


def _as_excel_keeps_it(database: pd.DataFrame) -> pd.DataFrame:
    return database.assign(**{c: database[c].dt.tz_convert(None).dt.round("ms") for c in _stamps(database)})


def _excel_cell_types(path: Path, sheet: str) -> dict[str, set[str]]:
    """Cell types per column as Excel stores them (n number, s text, b boolean, d date); empty aside."""
    sheet_rows = load_workbook(path, read_only=True)[sheet].iter_rows(values_only=False)
    names = [cell.value for cell in next(sheet_rows)]
    types: dict[str, set[str]] = {name: set() for name in names}
    for row in sheet_rows:
        for name, cell in zip(names, row, strict=True):
            if cell.value is not None:
                types[name].add(cell.data_type)
    return types


def test_csv_round_trips_with_a_bom_for_excel(db: PlanDB, tmp_path: Path) -> None:
    paths = export_views(db, "csv", tmp_path)
    assert [p.name for p in paths] == [f"{name}.csv" for name in contract_names()]
    for name, path in zip(contract_names(), paths, strict=True):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        database = db.view(name)
        back = _read_csv(path, database)
        _assert_numbers_stay_numbers(back, database)
        pd.testing.assert_frame_equal(_cells(back), _cells(database), obj=name)


def test_xlsx_has_a_sheet_per_view_with_numbers_as_numbers(db: PlanDB, tmp_path: Path) -> None:
    [path] = export_views(db, "xlsx", tmp_path)
    assert path.name == WORKBOOK
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == list(contract_names())
    assert all(len(name) <= SHEET_NAME_MAX for name in sheets)
    for name in sheets:
        database = db.view(name)
        back = pd.read_excel(path, sheet_name=name, dtype=_text_columns(database))
        pd.testing.assert_frame_equal(_cells(back), _cells(_as_excel_keeps_it(database)), obj=name)
        for column, types in _excel_cell_types(path, name).items():
            numeric = pd.api.types.is_numeric_dtype(database[column])
            assert types <= ({"n", "b"} if numeric else {"s", "d"}), (name, column, types)


def test_parquet_round_trips_exactly(db: PlanDB, tmp_path: Path) -> None:
    for name, path in zip(contract_names(), export_views(db, "parquet", tmp_path), strict=True):
        pd.testing.assert_frame_equal(pd.read_parquet(path), db.view(name), obj=name)


def test_chinese_and_english_headers_with_units(db: PlanDB, tmp_path: Path) -> None:
    [zh] = export_views(db, "xlsx", tmp_path / "zh", labels="zh")
    zone = pd.read_excel(zh, sheet_name="zone")
    assert {"分区名称", "分区类型", "面积（km²）", "专栏ID"} <= set(zone.columns)
    assert pd.api.types.is_float_dtype(zone["面积（km²）"])
    en = export_views(db, "csv", tmp_path / "en", labels="en")
    finding = pd.read_csv(en[contract_names().index("finding")], encoding="utf-8-sig")
    assert {"Finding kind", "Expected", "Actual", "Box ID"} <= set(finding.columns)
