"""The HTML reader: the bundled plans as web pages (tests/fixtures/html*, render_fixtures.py --html) read
to the .docx reader's grid, inside a portal's chrome, in the GB family of encodings, and as another
writer's pages (LibreOffice's HTML export); chrome, layout, white space and merged cells; bad pages
rejected with one line.

Records, boxes and outline of the plain pages equal the Tika text's in tests/test_format_invariance.py.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from conftest import PLAN_FILES, require_soffice
from test_format_invariance import FIXTURES, fixture_path, parsed, record_differences

from models.document import Block, Paragraph, Table
from models.records import Records
from parsers.parse import parse_document
from parsers.read.base import DocumentError
from parsers.read.html_encoding import declared_charset, decode_page
from parsers.read.html_reader import collapse_spaces, read_blocks
from parsers.read.readers import read_document
from parsers.words.text import CAPTION

REGIONS = list(PLAN_FILES)
SITE_PAGE = FIXTURES / "html_site" / "luopu-county-2021-2025.html"
GBK_PAGE = FIXTURES / "html_gbk" / "hotan-prefecture-2021-2025.html"
GBK_META = b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'


def _without_positions(blocks: list[Block]) -> list[Block]:
    """The blocks with every source line zeroed: what a page says, not where."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = [[dataclasses.replace(c, line=None) for c in row] for row in block.rows]
            out.append(Table(rows=rows, line=0))
        else:
            out.append(dataclasses.replace(block, line=0))
    return out


def _blocks(path: Path, data: bytes | None = None) -> list[Block]:
    return _without_positions(read_document(path, data).blocks)


def _page(body: str) -> list[Block]:
    return read_blocks(lxml.html.document_fromstring(f"<html><body>{body}</body></html>"))


# -- the bundled plans -------------------------------------------------------------------------------


@pytest.mark.parametrize("region", REGIONS)
def test_every_table_has_the_docx_readers_grid(region: str) -> None:
    def grids(fmt: str) -> list[list[tuple]]:
        tables = [b for b in read_document(fixture_path(region, fmt)).blocks if isinstance(b, Table)]
        return [
            [(c.row, c.col, c.row_span, c.col_span, c.text) for row in t.rows for c in row] for t in tables
        ]

    assert grids("html") == grids("docx")


def test_the_portal_chrome_around_a_plan_is_dropped() -> None:
    # header with a search form, nav, breadcrumb, sidebar, footers, scripts, a hidden box, a layout table
    plain = fixture_path("洛浦县", "html")
    assert _blocks(SITE_PAGE) == _blocks(plain)
    assert parse_document(SITE_PAGE).records == parsed("洛浦县", "html").records


def test_a_page_labelled_gb2312_is_decoded_as_gb18030() -> None:
    data = GBK_PAGE.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")  # it holds characters GB2312 lacks (⑪ and up), as such pages do
    assert declared_charset(data[:4096]) == "gb2312"
    assert decode_page(data, str(GBK_PAGE))[1] == "gb18030"
    assert _blocks(GBK_PAGE) == _blocks(fixture_path("和田地区", "html"))


def test_an_undeclared_gb_page_is_decoded_by_detection(tmp_path: Path) -> None:
    data = GBK_PAGE.read_bytes()
    assert GBK_META in data
    page = tmp_path / "undeclared.html"
    page.write_bytes(data.replace(GBK_META, b""))
    assert decode_page(page.read_bytes(), str(page))[1] == "gb18030"
    assert _blocks(page) == _blocks(fixture_path("和田地区", "html"))


def test_bytes_that_contradict_the_declared_charset_win(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    gb_as_utf8 = tmp_path / "gb-labelled-utf8.html"
    gb_as_utf8.write_bytes(GBK_PAGE.read_bytes().replace(GBK_META, b'<meta charset="utf-8">'))
    plain = fixture_path("洛浦县", "html")
    utf8_as_gb = tmp_path / "utf8-labelled-gb2312.html"
    utf8_as_gb.write_bytes(plain.read_bytes().replace(b'<meta charset="utf-8">', GBK_META))
    with caplog.at_level(logging.WARNING, logger="parsers.read.html_encoding"):
        assert _blocks(gb_as_utf8) == _blocks(fixture_path("和田地区", "html"))
        assert _blocks(utf8_as_gb) == _blocks(plain)
    assert "declared utf-8, which its bytes are not; read as gb18030" in caplog.text
    assert "declared gb2312 but is utf-8" in caplog.text


def test_a_caption_after_its_table_names_the_box(tmp_path: Path) -> None:
    # 喀什's page gives captions as <caption>; the first one moved after its table, as a paragraph
    text = fixture_path("喀什地区", "html").read_text(encoding="utf-8")
    start = text.index("<caption>")
    end = text.index("</caption>", start) + len("</caption>")
    caption = text[start + len("<caption>") : end - len("</caption>")]
    table_end = text.index("</table>", end) + len("</table>")
    moved = text[:start] + text[end:table_end] + f"\n<p>{caption}</p>" + text[table_end:]
    page = tmp_path / "caption-after.html"
    page.write_text(moved, encoding="utf-8")
    number = int(CAPTION.match(caption.replace("&nbsp;", " ")).group("num"))
    box = next(b for b in parse_document(page).boxes if b.number == number)
    want = next(b for b in parsed("喀什地区", "html").boxes if b.number == number)
    assert (box.title, [c.text for c in box.cells]) == (want.title, [c.text for c in want.cells])


@pytest.fixture(scope="module")
def libreoffice_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .docx fixtures exported as HTML by LibreOffice: another writer's markup (<p> in every cell,
    <font> runs, source lines wrapped at the text's spaces, CSS)."""
    require_soffice()
    from fixtures.render_fixtures import DOCX_DIR, convert_with_soffice

    folder = tmp_path_factory.mktemp("libreoffice")
    convert_with_soffice(sorted(DOCX_DIR.glob("*.docx")), "html", folder / "html")
    return folder


def _spaces_squeezed(records: Records) -> Records:
    """The records with every run of spaces in a text value as one space, as HTML prints it."""

    def squeezed(record: object) -> object:
        texts = {
            f.name: re.sub(" {2,}", " ", value)
            for f in dataclasses.fields(record)
            if isinstance(value := getattr(record, f.name), str)
        }
        return dataclasses.replace(record, **texts)

    return Records(
        **{f.name: [squeezed(r) for r in getattr(records, f.name)] for f in dataclasses.fields(Records)}
    )


@pytest.mark.parametrize("region", REGIONS)
def test_libreoffice_exported_pages_give_the_tika_records(region: str, libreoffice_pages: Path) -> None:
    # a double space of the Tika text (矿石  亿吨) is one space in HTML, as a browser shows it
    got = parse_document(fixture_path(region, "html", libreoffice_pages)).records
    want = parsed(region, "tika_text").records
    assert not record_differences(_spaces_squeezed(want), _spaces_squeezed(got))


# -- how a page is read --------------------------------------------------------------------------------


def test_headings_paragraphs_and_line_breaks() -> None:
    blocks = _page("<h2>一、现状与形势</h2><p>第一句，<b>加粗</b>。<br>第二行</p><div>块<p>段</p>尾</div>")
    assert [(b.text, b.heading_level) for b in blocks if isinstance(b, Paragraph)] == [
        ("一、现状与形势", 2),
        ("第一句，加粗。", None),
        ("第二行", None),
        ("块", None),
        ("段", None),
        ("尾", None),
    ]


def test_white_space_is_laid_out_as_a_browser_does() -> None:
    assert collapse_spaces("矿石\n\t\t万吨") == "矿石 万吨"  # a source line wrapped at the text's space
    assert collapse_spaces("mineral\n  resources") == "mineral resources"
    assert collapse_spaces("2025 \t 年") == "2025 年"
    assert _page("<p>专栏1 &nbsp;标题</p>")[0].text == "专栏1  标题"  # &nbsp; is kept


def test_chrome_is_dropped_and_content_headers_kept() -> None:
    blocks = _page(
        "<header>站点</header><div role='navigation'>导航</div><div hidden>隐</div>"
        "<div style='display: none'>藏</div><div class='crumbs'>当前位置</div><noscript>无</noscript>"
        "<article><header>规划标题</header><div class='header'>文号</div><p>正文</p></article>"
        "<footer>版权</footer>"
    )
    assert [b.text for b in blocks] == ["规划标题", "文号", "正文"]


def test_main_is_the_content_when_the_page_has_one() -> None:
    blocks = _page("<div>站点公告</div><main><p>正文</p></main><div>页脚文字</div>")
    assert [b.text for b in blocks] == ["正文"]


def test_chrome_words_inside_a_table_cell_are_content() -> None:
    (table,) = _page(
        "<table><tr><td><span class='header'>矿种</span></td><td class='menu'>金</td></tr></table>"
    )
    assert [c.text for c in table.rows[0]] == ["矿种", "金"]


def test_a_page_without_body_is_read_whole() -> None:
    root = lxml.html.fragment_fromstring("<div><p>正文</p><table><tr><td>a</td></tr></table></div>")
    assert [type(b).__name__ for b in read_blocks(root)] == ["Paragraph", "Table"]


def test_a_layout_table_is_read_as_the_page_flow() -> None:
    blocks = _page(
        "<table><tr><td><h1>一、总则</h1><p>文字</p>"
        "<table><tr><td>矿种</td><td>数量</td></tr></table></td></tr></table>"
    )
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Paragraph", "Table"]
    assert [[c.text for c in row] for row in blocks[2].rows] == [["矿种", "数量"]]


def test_rowspan_and_colspan_resolve_to_the_docx_grid() -> None:
    (table,) = _page(
        "<table><tr><th rowspan='2'>矿种</th><th colspan='2'>已有</th><th rowspan='9'>备注</th></tr>"
        "<tr><td>个数</td><td>面积</td></tr>"
        "<tr><td colspan='2x'>金</td><td>3<br>(平方千米)</td></tr></table>"
    )
    assert [[(c.col, c.row_span, c.col_span, c.text) for c in row] for row in table.rows] == [
        [(0, 2, 1, "矿种"), (1, 1, 2, "已有"), (3, 3, 1, "备注")],
        [(0, 1, 1, ""), (1, 1, 1, "个数"), (2, 1, 1, "面积"), (3, 1, 1, "")],
        [(0, 1, 2, "金"), (2, 1, 1, "3\n(平方千米)"), (3, 1, 1, "")],
    ]


def test_a_table_caption_is_a_paragraph_before_it() -> None:
    blocks = _page("<table><caption>专栏2 主要指标</caption><tr><td>a</td></tr></table>")
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table"]
    assert blocks[0].text == "专栏2 主要指标"


# -- bad pages -------------------------------------------------------------------------------------------


def _write(data: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(data)


BAD_PAGES: dict[str, tuple[Callable[[Path], object], str]] = {
    "no table": (
        _write("<html><body><h1>洛浦县矿产资源总体规划</h1><p>正文</p></body></html>".encode()),
        "no <table> in the page (tables drawn as images or by scripts are not read)",
    ),
    "a page linking its attachment": (
        _write(b'<html><body><p><a href="/files/2022/plan.doc?v=1">attachment</a></p></body></html>'),
        "no <table> in the page; it links 1 plan file(s) (plan.doc): ingest those",
    ),
    "binary renamed .html": (_write(bytes(range(256)) * 16), "binary data, not an HTML page"),
    "PDF renamed .html": (
        lambda p: p.write_bytes(fixture_path("洛浦县", "pdf").read_bytes()),
        "a PDF file named .html: rename it .pdf",
    ),
    "Tika text renamed .html": (
        lambda p: p.write_bytes(b"plain text, " * 400),
        "not an HTML page (no markup in its first 4 KB)",
    ),
    "no encoding to tell": (
        _write(b"<p>" + bytes(range(128, 256)) * 10 + b"</p>"),
        "cannot tell the page's text encoding (no <meta charset>, not UTF-8)",
    ),
}


@pytest.mark.parametrize("name", BAD_PAGES)
def test_a_bad_page_is_rejected_with_one_line(name: str, tmp_path: Path) -> None:
    make, reason = BAD_PAGES[name]
    path = tmp_path / "plan.html"
    make(path)
    with pytest.raises(DocumentError) as caught:
        parse_document(path)
    assert reason in caught.value.reason
    assert "\n" not in caught.value.reason
