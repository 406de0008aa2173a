"""Format invariance: a plan gives the same parse from its Tika text, its .docx, its PDF, its web page
and its .doc; PDF pages and bad PDFs.

tests/fixtures/docx/<stem>.docx, tests/fixtures/pdf/<stem>.pdf and tests/fixtures/html/<stem>.html are
renderings of raw/<stem>.tika.txt (tests/fixtures/render_fixtures.py), and the .doc files are the
.docx saved by LibreOffice for the session (conftest.py `doc_fixtures`): what the readers give for
them must lead to the same typed records, value for value, the same boxes and the same outline.  A PDF
cannot tell a line that wrapped from a paragraph that ended at the edge of its cell, so box cells and
section text are compared without whitespace (three header cells of 喀什 keep their "\\n" in the Tika
text only).
"""

from __future__ import annotations

import ctypes
import difflib
import hashlib
import zipfile
from collections.abc import Callable
from dataclasses import fields
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from conftest import PLAN_FILES
from matplotlib.figure import Figure

from models.document import ParsedPlan, Table
from models.records import Records
from parsers.parse import parse_document
from parsers.read.readers import read_document
from parsers.words.text import compact

FIXTURES = Path(__file__).parent / "fixtures"
REGIONS = list(PLAN_FILES)
FORMATS = ("docx", "pdf", "html", "doc")
RENDERED = ("doc",)  # formats rendered for the session (conftest.py `doc_fixtures`), not committed


def fixture_path(region: str, fmt: str, folder: Path = FIXTURES) -> Path:
    return folder / fmt / f"{PLAN_FILES[region].name.removesuffix('.tika.txt')}.{fmt}"


def fixtures_folder(fmt: str, request: pytest.FixtureRequest) -> Path:
    """Where a format's fixtures are: committed in tests/fixtures, or rendered for the session."""
    return request.getfixturevalue("doc_fixtures") if fmt in RENDERED else FIXTURES


@cache
def parsed(region: str, fmt: str, folder: Path = FIXTURES) -> ParsedPlan:
    path = PLAN_FILES[region] if fmt == "tika_text" else fixture_path(region, fmt, folder)
    return parse_document(path)


# -- the same plan in three formats ------------------------------------------------------------------


def record_differences(expected: Records, actual: Records) -> list[str]:
    """Every missing, extra or changed record, named by type, box and row, with the fields that differ."""
    problems = []
    for kind in fields(Records):
        want, got = getattr(expected, kind.name), getattr(actual, kind.name)
        matcher = difflib.SequenceMatcher(a=[repr(r) for r in want], b=[repr(r) for r in got], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            for old, new in zip(want[i1:i2], got[j1:j2], strict=False):
                changed = [f.name for f in fields(old) if getattr(old, f.name) != getattr(new, f.name)]
                values = ", ".join(f"{n}: {getattr(old, n)!r} -> {getattr(new, n)!r}" for n in changed)
                problems.append(f"{kind.name} box {old.box} row {old.row}: {values}")
            problems += [f"{kind.name} box {r.box} row {r.row}: missing" for r in want[i1 + (j2 - j1) : i2]]
            problems += [
                f"{kind.name} box {r.box} row {r.row}: extra {r!r}" for r in got[j1 + (i2 - i1) : j2]
            ]
    return problems


def _boxes(plan: ParsedPlan) -> list[tuple]:
    return [(b.number, b.title, b.kind, b.note, b.section, b.n_rows, b.n_cols) for b in plan.boxes]


def _grids(plan: ParsedPlan) -> list[list[tuple]]:
    return [[(c.row, c.col, c.col_span, compact(c.text)) for c in b.cells] for b in plan.boxes]


def _outline(plan: ParsedPlan) -> list[tuple]:
    return [(s.level, s.label, s.title, s.parent) for s in plan.sections]


def _section_texts(plan: ParsedPlan) -> list[str]:
    return [compact("".join(s.paragraphs)) for s in plan.sections]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("region", REGIONS)
def test_records_match_the_tika_parse(region: str, fmt: str, request: pytest.FixtureRequest) -> None:
    other = parsed(region, fmt, fixtures_folder(fmt, request))
    assert other.source.format == fmt
    problems = record_differences(parsed(region, "tika_text").records, other.records)
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("region", REGIONS)
def test_metadata_boxes_and_outline_match_the_tika_parse(
    region: str, fmt: str, request: pytest.FixtureRequest
) -> None:
    tika, other = parsed(region, "tika_text"), parsed(region, fmt, fixtures_folder(fmt, request))
    assert other.meta == tika.meta
    assert _boxes(other) == _boxes(tika)
    for number, want, got in zip([b.number for b in tika.boxes], _grids(tika), _grids(other), strict=True):
        assert got == want, f"专栏{number} cells differ"
    assert _outline(other) == _outline(tika)
    assert _section_texts(other) == _section_texts(tika)


def test_pdf_cells_differ_from_docx_only_where_a_pdf_cannot_see_a_paragraph_break() -> None:
    def cells(plan: ParsedPlan) -> dict[tuple, tuple]:
        return {
            (b.number, c.row, c.col): (c.text, c.row_span, c.col_span) for b in plan.boxes for c in b.cells
        }

    want, got = cells(parsed("喀什地区", "docx")), cells(parsed("喀什地区", "pdf"))
    assert {key for key in want if want[key] != got[key]} == {(15, 0, 4), (15, 0, 6), (18, 0, 4)}
    assert got[15, 0, 4][0] == "面积(平方千米)"  # "面积\n(平方千米)": the break falls at the cell's edge


# -- PDF provenance and shapes -------------------------------------------------------------------------


@pytest.mark.parametrize("region", REGIONS)
def test_every_pdf_box_cell_and_record_has_a_page(region: str) -> None:
    plan = parsed(region, "pdf")
    assert all(box.page is not None for box in plan.boxes)
    assert all(cell.page is not None for box in plan.boxes for cell in box.cells)
    pages = {(box.number, cell.row): cell.page for box in plan.boxes for cell in box.cells}
    records = [r for kind in fields(Records) for r in getattr(plan.records, kind.name)]
    assert records
    assert all(pages.get((r.box, r.row)) is not None for r in records)


def test_a_table_continued_over_a_page_break_is_one_box_with_both_pages() -> None:
    # 喀什 专栏12 runs from page 17 to page 18, its third row cut by the break
    box = next(b for b in parsed("喀什地区", "pdf").boxes if b.number == 12)
    assert box.page == 17
    assert {c.page for c in box.cells} == {17, 18}
    assert box.grid()[3][5].text.startswith("紧跟新型发展需求") and box.grid()[3][5].text.endswith(
        "经济优势。"
    )


def test_one_cell_boxes_are_tables() -> None:
    # 和田 专栏14 and 专栏19: bordered one-column prose boxes
    boxes = {b.number: b for b in parsed("和田地区", "pdf").boxes}
    assert [(boxes[n].n_rows, boxes[n].n_cols) for n in (14, 19)] == [(1, 1), (1, 1)]
    assert boxes[14].cells[0].text.startswith("①重点勘查开采矿种\n石油、天然气")


def test_paragraphs_and_tables_carry_their_pages() -> None:
    blocks = read_document(fixture_path("洛浦县", "pdf")).blocks
    assert all(block.page is not None for block in blocks)
    first_table = next(block for block in blocks if isinstance(block, Table))
    assert (first_table.page, first_table.rows[0][0].text) == (1, "专栏1  洛浦县已发现矿种一览表")
    assert [block.line for block in blocks] == list(range(1, len(blocks) + 1))


def _add_text(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, text: str, x: float, y: float) -> None:
    font = pdfium_raw.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    obj = pdfium_raw.FPDFPageObj_CreateTextObj(pdf.raw, font, 9.0)
    buffer = ctypes.create_string_buffer(f"{text}\x00".encode("utf-16-le"))
    pdfium_raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(pdfium_raw.FPDF_WCHAR)))
    pdfium_raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    pdfium_raw.FPDFPage_InsertObject(page.raw, obj)


def _add_frame(page: pdfium.PdfPage, x: float, y: float, width: float, height: float) -> None:
    obj = pdfium_raw.FPDFPageObj_CreateNewRect(x, y, width, height)
    pdfium_raw.FPDFPath_SetDrawMode(obj, pdfium_raw.FPDF_FILLMODE_NONE, True)
    pdfium_raw.FPDFPageObj_SetStrokeColor(obj, 0, 0, 0, 255)
    pdfium_raw.FPDFPage_InsertObject(page.raw, obj)


def test_running_header_page_numbers_and_page_frame_are_dropped(tmp_path: Path) -> None:
    pdf = pdfium.PdfDocument(fixture_path("洛浦县", "pdf"))
    for index in range(len(pdf)):
        page = pdf[index]
        _add_text(pdf, page, "Luopu County Mineral Resources Plan 2021-2025", 90, 750)
        _add_text(pdf, page, f"- {index + 1} -", 300, 40)
        _add_frame(page, 40, 25, 532, 742)
        pdfium_raw.FPDFPage_GenerateContent(page.raw)
    decorated = tmp_path / "decorated.pdf"
    pdf.save(decorated)
    plain, read = parsed("洛浦县", "pdf"), parse_document(decorated)
    assert [s.paragraphs for s in read.sections] == [s.paragraphs for s in plain.sections]
    assert [b.cells for b in read.boxes] == [b.cells for b in plain.boxes]
    assert read.records == plain.records


# -- bad PDFs --------------------------------------------------------------------------------------------


def pdf_file(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF made of numbered objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def _page_objects(font: bytes, content: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 5 0 R >>",
        font,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]


def _font_without_unicode_map(path: Path) -> None:
    font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Unmapped /Encoding /Identity-H /DescendantFonts"
        b" [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unmapped /DW 1000"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>] >>"
    )
    path.write_bytes(pdf_file(_page_objects(font, b"BT /F1 12 Tf 72 700 Td <01230456> Tj ET")))


_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0cb0fe6453697a")


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _encrypted(path: Path) -> None:
    """A one-page PDF under the standard security handler (RC4, 40 bits) with the user password 'secret'."""
    file_id, permissions = b"0123456789abcdef", (-4).to_bytes(4, "little", signed=True)
    owner = _rc4(hashlib.md5(_PAD).digest()[:5], (b"secret" + _PAD)[:32])
    user = _rc4(hashlib.md5((b"secret" + _PAD)[:32] + owner + permissions + file_id).digest()[:5], _PAD)
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (
        owner.hex().encode(),
        user.hex().encode(),
    )
    objects = [*_page_objects(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", b""), encrypt]
    trailer = b"/Encrypt 6 0 R /ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
    path.write_bytes(pdf_file(objects, trailer))


def _scanned(path: Path) -> None:
    """A page that is only a picture of text: what a scanner gives."""
    figure = Figure(figsize=(8.27, 11.69))
    figure.figimage([[(x * y) % 7 / 7 for x in range(200)] for y in range(280)], cmap="gray")
    figure.savefig(path, format="pdf")


def _renamed_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("plan.txt", "洛浦县矿产资源总体规划")


BAD_PDFS: dict[str, tuple[Callable[[Path], object], str]] = {
    "encrypted": (_encrypted, "encrypted: remove the password and retry"),
    "scanned": (_scanned, "no text on any of its 1 pages, not even by OCR"),
    "font without a Unicode map": (
        _font_without_unicode_map,
        "page 1 has text in a font without a Unicode map",
    ),
    "truncated": (
        lambda p: p.write_bytes(fixture_path("洛浦县", "pdf").read_bytes()[:60_000]),
        "truncated PDF (no end-of-file marker)",
    ),
    "not parseable": (
        lambda p: p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"),
        "unreadable PDF",
    ),
    "zip renamed .pdf": (_renamed_zip, "not a PDF file"),
    "text renamed .pdf": (lambda p: p.write_bytes(PLAN_FILES["洛浦县"].read_bytes()), "not a PDF file"),
}
