"""Scanned and mixed PDFs: pages without a text layer read by OCR (parsers/read/ocr), the rest as before.

The scans are made at test time from the PDF fixture of 洛浦县 by tests/fixtures/render_fixtures.py
(`render_scanned`: pdftoppm at 200 dpi, wrapped again as an image-only PDF; the noisy variant turned
0.8° and speckled).  OCR takes seconds a page, so the tests read few pages: 洛浦县's pages 6 and 7
(专栏5-8) scanned inside the real PDF (a mixed PDF: its records must equal the Tika text's, its text
pages read as before), page 7 alone by Tesseract and as a noisy scan.  OCR cannot see a typed space
between two CJK words (a quarter em, where the engines place characters a few points off), so OCR'd
records are compared with the spaces in their texts left out (`without_spaces`).  Outside CI a test
of an engine that is not installed skips, saying why; in CI (CI=true) it fails.  bench/bench_ocr.py
reads whole plans.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import fields, replace
from functools import cache
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from conftest import PLAN_FILES
from sqlalchemy import create_engine, text

from models.document import ParsedPlan, RawDocument, Table
from models.records import Records
from parsers.parse import parse_document
from parsers.read.base import DocumentError
from parsers.read.ocr import engines
from parsers.read.ocr.progress import page_listener
from parsers.read.ocr.scan import find_rules, straightened
from parsers.read.readers import read_document
from parsers.words.text import compact
from pipeline.store.db import create_schema
from pipeline.store.load import load_plan

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from render_fixtures import PDF_DIR, render_scanned
from test_format_invariance import record_differences

PLAN = PDF_DIR / "luopu-county-2021-2025.pdf"
SCANNED = (6, 7)  # 1-based pages of 洛浦县 scanned in the mixed PDF: 专栏5 and 6, 专栏7 and 8
BOXES = {5, 6, 7, 8}


def need(engine: str) -> None:
    """Skip (fail in CI) when an OCR engine is not installed."""
    try:
        engines.engine(engine)
    except engines.OcrUnavailable as err:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(err))


@pytest.fixture(autouse=True)
def default_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MRPLANS_OCR_ENGINE", raising=False)


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the scans, which pdftoppm makes (poppler-utils: skip without it, fail in CI)."""
    if shutil.which("pdftoppm") is None and not os.environ.get("CI"):
        pytest.skip("pdftoppm is not installed (apt-get install poppler-utils)")
    return tmp_path_factory.mktemp("scans")


@pytest.fixture(scope="module")
def mixed_path(scans: Path) -> Path:
    """洛浦县's PDF with pages 6 and 7 replaced by their scans (images only)."""
    scan = pdfium.PdfDocument(render_scanned(PLAN, scans, pages=SCANNED))
    original = pdfium.PdfDocument(PLAN)
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(original, list(range(SCANNED[0] - 1)))
    mixed.import_pages(scan)
    mixed.import_pages(original, list(range(SCANNED[1], len(original))))
    buffer = io.BytesIO()
    mixed.save(buffer)
    path = scans / "luopu-mixed.pdf"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture(scope="module")
def mixed(mixed_path: Path) -> tuple[ParsedPlan, list[tuple[str, int, int]]]:
    """The mixed PDF parsed with the default engine, and the pages it reported as it read them."""
    need(engines.DEFAULT_ENGINE)
    reported: list[tuple[str, int, int]] = []
    with page_listener(lambda path, done, total: reported.append((path, done, total))):
        plan = parse_document(mixed_path)
    return plan, reported


def without_spaces(records: Records) -> Records:
    """The records with every space left out of their texts (names, units, values as printed)."""

    def bare(record: object) -> object:
        texts = {f.name: compact(v) for f in fields(record) if isinstance(v := getattr(record, f.name), str)}
        return replace(record, **texts)

    return Records(**{f.name: [bare(r) for r in getattr(records, f.name)] for f in fields(records)})


@cache
def tika() -> ParsedPlan:
    return parse_document(PLAN_FILES["洛浦县"])


def grid(plan: ParsedPlan | RawDocument, number: int) -> list[tuple[int, int, int, str]]:
    box = next(b for b in plan.boxes if b.number == number)
    return [(c.row, c.col, c.col_span, compact(c.text)) for c in box.cells]


def blocks(document: RawDocument, pages: set[int]) -> list[tuple]:
    """The blocks on `pages` as text: paragraphs by page and text, tables by page and cells."""
    return [
        (b.page, [(c.row, c.col, c.col_span, c.text) for row in b.rows for c in row])
        if isinstance(b, Table)
        else (b.page, b.text)
        for b in document.blocks
        if b.page in pages
    ]


def test_a_mixed_pdf_gives_every_record_of_the_tika_text(mixed: tuple[ParsedPlan, list]) -> None:
    plan, _ = mixed
    assert record_differences(without_spaces(tika().records), without_spaces(plan.records)) == []
    for number in sorted(BOXES):
        assert grid(plan, number) == grid(tika(), number), number


def test_the_text_pages_of_a_mixed_pdf_read_as_before(mixed_path: Path) -> None:
    need(engines.DEFAULT_ENGINE)
    pages = set(range(1, len(pdfium.PdfDocument(PLAN)) + 1))
    # the pages next to the scans too: a paragraph or table that goes on over a scanned page differs
    text_pages = pages - set(range(SCANNED[0] - 1, SCANNED[1] + 2))
    assert blocks(read_document(mixed_path), text_pages) == blocks(read_document(PLAN), text_pages)


def test_ocr_cells_and_their_records_are_marked(mixed: tuple[ParsedPlan, list], tmp_path: Path) -> None:
    plan, _ = mixed
    for box in plan.boxes:
        scanned = box.page in range(SCANNED[0], SCANNED[1] + 1)
        assert all(cell.ocr == scanned for cell in box.cells), box.number
        confidences = [c.ocr_confidence for c in box.cells if c.text]
        assert all(0 < c <= 1 for c in confidences) if scanned else all(c is None for c in confidences)
    engine = create_engine(f"sqlite:///{tmp_path / 'plans.db'}")
    create_schema(engine)
    load_plan(engine, plan)
    with engine.connect() as db:
        cells = db.execute(
            text("SELECT DISTINCT b.number FROM box_cell c JOIN box b USING (box_id) WHERE c.ocr")
        )
        records = db.execute(
            text("SELECT DISTINCT b.number FROM indicator i JOIN box b USING (box_id) WHERE i.ocr")
        )
        plain = db.scalar(text("SELECT count(*) FROM indicator WHERE NOT ocr"))
        assert {n for (n,) in cells} == BOXES
        assert {n for (n,) in records} == BOXES
        assert plain > 0


def test_each_ocr_page_is_reported(mixed: tuple[ParsedPlan, list], mixed_path: Path) -> None:
    _, reported = mixed
    assert reported == [(str(mixed_path), done, 2) for done in range(3)]


@pytest.fixture(scope="module")
def page7(scans: Path) -> Path:
    return render_scanned(PLAN, scans / "page7", pages=(7, 7))


def test_tesseract_reads_a_scanned_page(page7: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    need("tesseract")
    monkeypatch.setenv("MRPLANS_OCR_ENGINE", "tesseract")
    document = read_document(page7)
    table = next(b for b in document.blocks if isinstance(b, Table) and "专栏7" in b.rows[0][0].text)
    values = [compact(row[3].text) for row in table.rows[2:]]
    assert values == [c[3] for c in grid(tika(), 7) if c[1] == 3][1:]  # 50, 100, 200, 400
    assert all(c.ocr for row in table.rows for c in row)


def test_a_turned_speckled_scan_is_straightened_and_read(scans: Path) -> None:
    need(engines.DEFAULT_ENGINE)
    noisy = render_scanned(PLAN, scans / "noisy", noisy=True, pages=(7, 7))
    document = read_document(noisy)
    table = next(b for b in document.blocks if isinstance(b, Table) and "专栏7" in b.rows[0][0].text)
    cells = [(c.row - 1, c.col, c.col_span, compact(c.text)) for row in table.rows[1:] for c in row]
    assert cells == grid(tika(), 7)


def test_a_scan_with_no_engine_installed_is_refused_with_what_to_install(
    page7: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # import rapidocr fails
    monkeypatch.setattr(engines, "_engine", engines._engine.__wrapped__)  # no engine built before
    with pytest.raises(DocumentError) as err:
        read_document(page7)
    assert err.value.reason == (
        "no text layer on any of its 1 pages (scanned?): the OCR engine rapidocr is not installed: "
        "pip install 'mrplans[ocr]' (in a checkout: pip install -e '.[ocr]')"
    )


def test_an_unknown_engine_is_refused(page7: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MRPLANS_OCR_ENGINE", "abbyy")
    with pytest.raises(DocumentError, match=r"unknown OCR engine 'abbyy' \(MRPLANS_OCR_ENGINE: rapidocr, "):
        read_document(page7)


# -- the image steps, on drawn images -----------------------------------------------------------------


def test_ruling_lines_are_found_and_glyph_strokes_are_not() -> None:
    dark = np.zeros((400, 600), dtype=bool)
    dark[100:102, 50:550] = True  # a rule across, 2 px thick
    dark[100:300, 50] = True  # a rule down
    dark[200, 300:310] = True  # a glyph's stroke
    dark[150:170, 200] = True  # another one, down
    dark[300, 50:549:40] = True  # a dotted line is no rule
    rules, mask = find_rules(dark, 200 / 72)
    found = {(r.horizontal, round(r.at * 200 / 72), round(r.start * 200 / 72)) for r in rules}
    assert found == {(True, 101, 50), (False, 50, 100)}
    assert mask[100, 300] and not mask[200, 305]


def test_a_turned_page_is_turned_back() -> None:
    from PIL import Image, ImageDraw

    page = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(page)
    for y in range(200, 1400, 40):
        draw.rectangle((100, y, 1100, y + 12), fill=0)  # lines of text
    _, skew = straightened(page.rotate(1.0, fillcolor=255))
    assert skew == pytest.approx(-1.0, abs=0.1)
    _, skew = straightened(page)
    assert skew == 0.0


@pytest.fixture(scope="module", autouse=True)
def no_engine_cache() -> Iterator[None]:
    yield
    engines._engine.cache_clear()
