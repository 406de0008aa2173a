"""The .docx reader: rendered plans parse exactly like their Tika text, Word-only shapes are read,
and bad files end as a DocumentError with a one-line reason.

tests/fixtures/docx/<stem>.docx are the plans in raw/ rendered by
tests/fixtures/render_fixtures.py, with real merged cells (gridSpan, vMerge).
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from conftest import PLAN_FILES
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml

from models.document import Block, Paragraph, ParsedPlan, Table
from parsers.parse import parse_document
from parsers.read.readers import read_document
from parsers.structure.outline import classify_heading, levels
from parsers.words.text import clean_text

DOCX_DIR = Path(__file__).parent / "fixtures" / "docx"
REGIONS = list(PLAN_FILES)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TEXT_BOX_RUN = f"""<w:r {W}
    xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
    xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>
      <w:p><w:r><w:t>框内文字</w:t></w:r></w:p>
    </w:txbxContent></wps:txbx></w:drawing></mc:Choice>
    <mc:Fallback><w:pict><v:textbox><w:txbxContent>
      <w:p><w:r><w:t>框内文字</w:t></w:r></w:p>
    </w:txbxContent></v:textbox></w:pict></mc:Fallback>
  </mc:AlternateContent>
</w:r>"""
XXE_DOCUMENT = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE w:document [<!ENTITY leak SYSTEM "file:///etc/passwd">]>
<w:document {W}><w:body><w:p><w:r><w:t>&leak;</w:t></w:r></w:p></w:body></w:document>""".encode()


def fixture_path(region: str) -> Path:
    return DOCX_DIR / f"{PLAN_FILES[region].name.removesuffix('.tika.txt')}.docx"


@pytest.fixture(scope="module")
def docx_plans() -> dict[str, ParsedPlan]:
    return {region: parse_document(fixture_path(region)) for region in REGIONS}


def _boxes(plan: ParsedPlan) -> list[tuple]:
    return [
        (b.number, b.title, b.note, b.section, [(c.row, c.col, c.text, c.col_span) for c in b.cells])
        for b in plan.boxes
    ]


def _sections(plan: ParsedPlan) -> list[tuple]:
    return [(s.title, s.level, s.label, s.parent, s.paragraphs) for s in plan.sections]


# -- the rendered plans against their Tika text ------------------------------------------------


@pytest.mark.parametrize("region", REGIONS)
def test_boxes_match_the_tika_parse(region: str, plans: dict, docx_plans: dict) -> None:
    assert _boxes(docx_plans[region]) == _boxes(plans[region])


@pytest.mark.parametrize("region", REGIONS)
def test_sections_match_the_tika_parse(region: str, plans: dict, docx_plans: dict) -> None:
    assert _sections(docx_plans[region]) == _sections(plans[region])


@pytest.mark.parametrize("region", REGIONS)
def test_metadata_matches_the_tika_parse(region: str, plans: dict, docx_plans: dict) -> None:
    assert docx_plans[region].meta == plans[region].meta


@pytest.mark.parametrize("region", REGIONS)
def test_records_match_the_tika_parse(region: str, plans: dict, docx_plans: dict) -> None:
    assert docx_plans[region].records == plans[region].records


def test_source_names_the_docx_reader(docx_plans: dict) -> None:
    source = docx_plans["洛浦县"].source
    assert (source.format, source.reader) == ("docx", "docx/1")


def test_vertically_merged_header_cell_spans_its_rows_over_empty_cells(docx_plans: dict) -> None:
    # 洛浦 专栏11: 矿种 merged down over the two header rows below it
    grid = next(b for b in docx_plans["洛浦县"].boxes if b.number == 11).grid()
    assert [(c.text, c.row_span, c.col_span) for c in grid[0]] == [("矿种", 3, 1), ("勘查区块类型", 1, 4)]
    assert [(c.text, c.col) for c in (grid[1][0], grid[2][0])] == [("", 0), ("", 0)]


def test_merged_header_row_keeps_grid_columns(docx_plans: dict) -> None:
    # 和田 专栏4: 序号 | 矿种名称 | 资源储量单位 merged down; 截至2020年底资源储量 across three columns
    grid = next(b for b in docx_plans["和田地区"].boxes if b.number == 4).grid()
    assert [(c.col, c.row_span, c.col_span) for c in grid[0]] == [(0, 2, 1), (1, 2, 1), (2, 2, 1), (3, 1, 3)]
    assert [c.text for c in grid[1]] == ["", "", "", "矿区数", "保有资源量", "累计查明资源量"]


def test_heading_styles_give_the_heading_levels() -> None:
    paragraphs = [b for b in read_document(fixture_path("洛浦县")).blocks if isinstance(b, Paragraph)]
    expected = levels([classify_heading(p.text) for p in paragraphs])  # as the renderer styled them
    assert [p.heading_level for p in paragraphs] == expected


# -- Word shapes the renderer does not produce -------------------------------------------------


def _read(document: Document, tmp_path: Path) -> list[Block]:
    path = tmp_path / "made.docx"
    document.save(path)
    return read_document(path).blocks


def _grid(table: Table) -> list[list[tuple[int, int, str]]]:
    return [[(c.col, c.col_span, c.text) for c in row] for row in table.rows]


def test_paragraph_text_is_python_docx_paragraph_text(tmp_path: Path) -> None:
    document = docx.Document(str(fixture_path("和田地区")))
    paragraph = document.add_paragraph("甲\t乙")
    paragraph.add_run().add_break()
    paragraph.add_run("丙")
    paragraph._p.append(
        parse_xml(f'<w:hyperlink {W} xmlns:r="{RELS}" r:id="rId99"><w:r><w:t>链接</w:t></w:r></w:hyperlink>')
    )
    read = [block.text for block in _read(document, tmp_path) if isinstance(block, Paragraph)]
    expected = [clean_text(p.text) for p in document.paragraphs]
    assert read == [text for text in expected if text]
    assert read[-1] == "甲\t乙\n丙链接"


def test_grid_before_and_after_keep_cells_in_their_columns(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("甲", "乙", "丙"), strict=True):
        cell.text = text
    tr = table.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    tr.remove(tr.tc_lst[-1])
    tr.tc_lst[0].grid_span = 1
    table.rows[1].cells[0].text = "中"
    tr.get_or_add_trPr().extend(
        parse_xml(f'<w:trPr {W}><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>')
    )
    [read] = _read(document, tmp_path)
    assert _grid(read) == [[(0, 1, "甲"), (1, 1, "乙"), (2, 1, "丙")], [(1, 1, "中")]]


def test_horizontally_merged_cell_is_one_cell_with_a_span(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 1).merge(table.cell(0, 2)).text = "已设探矿权"
    for cell, text in zip(table.rows[1].cells, ("矿种", "个数", "面积"), strict=True):
        cell.text = text
    [read] = _read(document, tmp_path)
    assert _grid(read)[0] == [(0, 1, ""), (1, 2, "已设探矿权")]


def test_nested_table_text_stays_in_its_cell_one_row_per_line(tmp_path: Path) -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "矿种"
    cell = outer.cell(0, 1)
    cell.text = "明细"
    inner = cell.add_table(rows=2, cols=2)
    for row, texts in zip(inner.rows, (("金", "3"), ("铜", "")), strict=True):
        for inner_cell, text in zip(row.cells, texts, strict=True):
            inner_cell.text = text
    [read] = _read(document, tmp_path)
    assert read.rows[0][1].text == "明细\n金 3\n铜"


def test_text_box_follows_its_paragraph_once(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("框外文字")._p.append(parse_xml(TEXT_BOX_RUN))
    document.add_paragraph("")
    document.add_paragraph("后文")
    blocks = _read(document, tmp_path)
    assert [(b.text, b.line) for b in blocks] == [("框外文字", 1), ("框内文字", 1), ("后文", 3)]


def test_heading_styles_by_name_base_and_numbering_are_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    document = docx.Document()
    custom = document.styles.add_style("一级标题", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 1"]
    document.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("总则", style="一级标题")
    numbered = document.add_paragraph("发展基础", style="Heading 2")
    numbered._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
    )
    document.add_paragraph("矿产资源概况", style="标题 3")
    document.add_paragraph("正文。")
    with caplog.at_level(logging.WARNING, logger="parsers.read.docx_reader"):
        blocks = _read(document, tmp_path)
    assert [(b.text, b.heading_level) for b in blocks if isinstance(b, Paragraph)] == [
        ("总则", 1),
        ("发展基础", 2),
        ("矿产资源概况", 3),
        ("正文。", None),
    ]
    assert "1 headings use Word automatic numbering" in caplog.text


def test_main_document_is_found_by_its_relationship(tmp_path: Path) -> None:
    # 洛浦 with word/document.xml moved to word/main.xml, as the package's relationships and content types say
    with zipfile.ZipFile(fixture_path("洛浦县")) as source:
        rels, types = source.read("_rels/.rels"), source.read("[Content_Types].xml")
        document, document_rels = (
            source.read("word/document.xml"),
            source.read("word/_rels/document.xml.rels"),
        )
    path = tmp_path / "moved.docx"
    _rezipped(
        path,
        {
            "_rels/.rels": rels.replace(b'Target="word/document.xml"', b'Target="word/main.xml"'),
            "[Content_Types].xml": types.replace(b'"/word/document.xml"', b'"/word/main.xml"'),
            "word/document.xml": None,
            "word/_rels/document.xml.rels": None,
            "word/main.xml": document,
            "word/_rels/main.xml.rels": document_rels,
        },
    )
    assert read_document(path).blocks == read_document(fixture_path("洛浦县")).blocks


def test_package_without_styles_part_has_python_docx_default_styles(tmp_path: Path) -> None:
    # python-docx's default styles (Normal, DefaultParagraphFont, TableNormal, NoList) name no heading
    with zipfile.ZipFile(fixture_path("洛浦县")) as source:
        document_rels = source.read("word/_rels/document.xml.rels")
    styles_rel = re.search(rb"<Relationship [^>]*/relationships/styles\"[^>]*/>", document_rels)
    assert styles_rel is not None
    path = tmp_path / "no-styles.docx"
    _rezipped(
        path,
        {
            "word/styles.xml": None,
            "word/_rels/document.xml.rels": document_rels.replace(styles_rel.group(0), b""),
        },
    )
    read = [b for b in read_document(path).blocks if isinstance(b, Paragraph)]
    styled = [b for b in read_document(fixture_path("洛浦县")).blocks if isinstance(b, Paragraph)]
    assert [b.text for b in read] == [b.text for b in styled]
    assert {b.heading_level for b in read} == {None} != {b.heading_level for b in styled}


# -- bad input ---------------------------------------------------------------------------------


def _rezipped(path: Path, replace: dict[str, bytes | None]) -> None:
    """Copy the 洛浦 fixture to path with some members replaced (None: left out) or added."""
    with zipfile.ZipFile(fixture_path("洛浦县")) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = replace.get(info.filename, source.read(info))
            if data is not None:
                target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        for name, added in replace.items():
            if added is not None and name not in source.NameToInfo:
                target.writestr(name, added, compress_type=zipfile.ZIP_DEFLATED)


def _zeros(path: Path, megabytes: int) -> None:
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        chunk = bytes(1024 * 1024)
        for _ in range(megabytes):
            member.write(chunk)


def _corrupt_member(path: Path) -> None:
    data = bytearray(fixture_path("洛浦县").read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    path.write_bytes(bytes(data))


def _edited(member: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    """The 洛浦 fixture with the first `old` of one member replaced by `new` (which must be there)."""

    def make(path: Path) -> None:
        with zipfile.ZipFile(fixture_path("洛浦县")) as source:
            data = source.read(member)
        assert old in data
        _rezipped(path, {member: data.replace(old, new, 1)})

    return make


BAD_INPUTS: dict[str, tuple[Callable[[Path], object], str]] = {
    "truncated": (
        lambda p: p.write_bytes(fixture_path("洛浦县").read_bytes()[:20_000]),
        "corrupt or truncated .docx",
    ),
    "corrupt member": (_corrupt_member, "corrupt or truncated .docx (Bad CRC-32"),
    "old .doc": (
        lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
        "old binary Word .doc: save it as .docx",
    ),
    "text renamed .docx": (
        lambda p: p.write_bytes(PLAN_FILES["洛浦县"].read_bytes()),
        "not a .docx (ZIP) file",
    ),
    "zip bomb (size)": (lambda p: _zeros(p, 300), "zip bomb: 300 MB uncompressed (limit 200 MB)"),
    "zip bomb (ratio)": (lambda p: _zeros(p, 20), "zip bomb: compressed"),
    "DOCTYPE with an external entity": (
        lambda p: _rezipped(p, {"word/document.xml": XXE_DOCUMENT}),
        "'word/document.xml' declares a DOCTYPE",
    ),
    "no word/document.xml": (
        lambda p: _rezipped(p, {"word/document.xml": None}),
        "no item named 'word/document.xml'",
    ),
    "malformed XML": (
        lambda p: _rezipped(p, {"word/document.xml": b"<w:document"}),
        "unreadable .docx",
    ),
    "relationship without target": (
        _edited("_rels/.rels", b' Target="word/document.xml"', b""),
        "unreadable .docx (required 'Target' attribute not present on element Relationship)",
    ),
    "main part not a Word document": (
        _edited("_rels/.rels", b'Target="word/document.xml"', b'Target="docProps/thumbnail.jpeg"'),
        "unreadable .docx (file is not a Word file, content type is 'image/jpeg')",
    ),
    "style name without w:val": (
        _edited("word/styles.xml", b'<w:name w:val="Normal"/>', b"<w:name/>"),
        "unreadable .docx (required 'w:val' attribute not present on element w:name)",
    ),
}
