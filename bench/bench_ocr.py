"""Benchmark: the bundled plans scanned (image-only PDFs), read by each OCR engine, against the Tika text.

Usage: .venv/bin/python bench/bench_ocr.py [--engines rapidocr tesseract] [--plans STEM ...] [--noisy]

Each plan's PDF fixture is rasterised at 200 dpi by tests/fixtures/render_fixtures.py (`render_scanned`,
pdftoppm) and wrapped again as an image-only PDF; with --noisy the turned, speckled variant too.  For
every engine, the scan is parsed end to end (OCR, tables, typed records: parsers.parse.parse_document)
and the report gives per plan: pages, the share of the Tika text's typed records that the scan gives
equal, value for value (in order, type by type: tests/test_pdf_borderless.py's `equal_records`), the
same share with the spaces in their texts left out (OCR does not see a typed space between CJK
words: tests/test_pdf_ocr.py's `without_spaces`), the share of OCR'd box cells whose text equals
the Tika text's cell at the same place, pages per second (wall clock) and CPU seconds per page of
this process (steadier on a shared machine; onnxruntime's and Tesseract's threads count in it).
Slow: minutes per plan and engine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "fixtures")]

from render_fixtures import PDF_DIR, render_scanned  # noqa: E402
from test_pdf_borderless import equal_records  # noqa: E402
from test_pdf_ocr import without_spaces  # noqa: E402

from models.document import ParsedPlan  # noqa: E402
from parsers.parse import parse_document  # noqa: E402
from parsers.read.ocr.engines import ENGINES  # noqa: E402
from parsers.words.text import compact  # noqa: E402

RAW = ROOT / "raw"


@dataclass
class Result:
    plan: str
    variant: str
    engine: str
    pages: int
    records: int
    equal: int
    bare: int  # equal once the spaces in their texts are left out
    cells: int
    equal_cells: int
    wall: float
    cpu: float

    def row(self) -> str:
        return (
            f"| {self.plan} | {self.variant} | {self.engine} | {self.pages} "
            f"| {self.equal}/{self.records} ({self.equal / max(self.records, 1):.1%}) "
            f"| {self.bare / max(self.records, 1):.1%} "
            f"| {self.equal_cells / max(self.cells, 1):.1%} "
            f"| {self.pages / self.wall:.3f} | {self.cpu / self.pages:.1f} |"
        )


def count(plan: ParsedPlan) -> int:
    return sum(len(items) for items in vars(plan.records).values())


def same_cells(expected: ParsedPlan, actual: ParsedPlan) -> tuple[int, int]:
    """(OCR'd cells, those equal to the Tika text's cell at the same box, row and column)."""
    want = {(b.number, c.row, c.col): compact(c.text) for b in expected.boxes for c in b.cells}
    got = [((b.number, c.row, c.col), compact(c.text)) for b in actual.boxes for c in b.cells if c.ocr]
    return len(got), sum(want.get(key) == text for key, text in got)


def measure(stem: str, scan: Path, variant: str, engine: str, tika: ParsedPlan) -> Result:
    os.environ["MRPLANS_OCR_ENGINE"] = engine
    wall, cpu = time.perf_counter(), time.process_time()
    plan = parse_document(scan)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    pages = len(pypdfium2.PdfDocument(scan))
    cells, equal_cells = same_cells(tika, plan)
    equal = equal_records(tika.records, plan.records)
    bare = equal_records(without_spaces(tika.records), without_spaces(plan.records))
    return Result(stem, variant, engine, pages, count(tika), equal, bare, cells, equal_cells, wall, cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--plans", nargs="+", default=sorted(p.stem for p in PDF_DIR.glob("*.pdf")))
    parser.add_argument("--noisy", action="store_true", help="also read the turned, speckled scans")
    args = parser.parse_args()
    print(
        "| plan | scan | engine | pages | records = Tika | but spaces | cells = Tika | pages/s | CPU s/page |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for stem in args.plans:
            tika = parse_document(RAW / f"{stem}.tika.txt")
            variants = {"clean": False, **({"noisy": True} if args.noisy else {})}
            for variant, noisy in variants.items():
                scan = render_scanned(PDF_DIR / f"{stem}.pdf", Path(tmp), noisy=noisy)
                for engine in args.engines:
                    print(measure(stem, scan, variant, engine, tika).row(), flush=True)


if __name__ == "__main__":
    main()
