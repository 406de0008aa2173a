"""Hardening: files made to hurt a run, each refused on one line beside two good plans, on both backends.

Every hostile file below is made by its test (nothing committed).  They sit in one
folder with copies of two good plans (洛浦, 喀什) and are ingested by the real
`mrplans ingest` into a database already holding a third plan (和田), on SQLite
and on PostgreSQL.  Each hostile file must end as exactly one `error: PATH: reason`
line on stderr, the path printed safely (a newline or bad bytes in a name cannot
forge a line), the reason one a user can act on (no SQL, no raw exception); both
good plans load; and the database equals a clean run's (the three plans only).

As root, the command runs without the capability to read any file whatever its
permissions (setpriv), so that a file of mode 000 is really unreadable.
Then: a crash between the last plan's commit and the comparison heals on the next
run; a plan with two tables captioned alike loads with a warning; a box of items
with nothing after its numeral reads; many boxes place in linear time.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from conftest import PG_URL, PLAN_FILES, ROOT
from openpyxl import load_workbook
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from test_concurrency import _empty_postgres, _empty_sqlite, row_counts
from test_format_invariance import pdf_file
from test_hostile_inputs import Hostile, hostile_folder

from models.document import Block, Cell, Paragraph, RawDocument, Source, Table
from parsers.parse import parse_document
from parsers.read.base import MB, DocumentError
from parsers.read.pdf.streams import MAX_INFLATED
from parsers.read.tika_text import parse_lines
from parsers.structure.plan import build_plan
from parsers.words.text import printable
from pipeline.compare.freshness import is_stale
from pipeline.compare.run import refresh
from pipeline.outputs.api import open_db
from pipeline.outputs.export import export_views
from pipeline.run import deadline
from pipeline.run.deadline import parse_within
from pipeline.run.entries import FOLLOW_LINKS
from pipeline.run.ingest import ingest_file

LUOPU, HOTAN, KASHGAR = PLAN_FILES["洛浦县"], PLAN_FILES["和田地区"], PLAN_FILES["喀什地区"]
DOCX_FIXTURE = ROOT / "tests" / "fixtures" / "docx" / "luopu-county-2021-2025.docx"
PG_DATABASE = f"{make_url(PG_URL).database}_hardening"
AS_ROOT = os.geteuid() == 0
NO_READ_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
SQL_WORDS = re.compile(
    r"\b(SELECT|INSERT|UPDATE|VALUES)\b|\[SQL|psycopg|sqlite3\.|Traceback|failed while ingesting"
)


# -- making hostile files -----------------------------------------------------------------------------


def _luopu_lines() -> list[str]:
    return LUOPU.read_text(encoding="utf-8").splitlines()


def _tika(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines), encoding="utf-8")


def _with_caption(number: str) -> Callable[[Path], None]:
    """洛浦's plan with its first 专栏 caption numbered `number`."""

    def make(path: Path) -> None:
        lines = _luopu_lines()
        i = next(i for i, line in enumerate(lines) if re.match(r"\t?专栏\s*\d", line))
        lines[i] = re.sub(r"专栏\s*\d+", f"专栏{number}", lines[i], count=1)
        _tika(path, lines)

    return make


def _huge_count(path: Path) -> None:
    """洛浦's 专栏11 with its first block count (2, the 油页岩 row) printed as twenty full-width 9s."""
    lines = _luopu_lines()
    box = next(i for i, line in enumerate(lines) if line.strip().startswith("专栏11"))
    shale = next(i for i in range(box, len(lines)) if lines[i] == "\t油页岩")
    count = next(i for i in range(shale + 1, len(lines)) if lines[i] == "\t2")
    lines[count] = "\t" + "９" * 20
    _tika(path, lines)


def _nul(path: Path) -> None:
    """洛浦's plan with NUL bytes in a paragraph far past the first 4 KB (which the reader sniffs)."""
    lines = _luopu_lines()
    i = next(i for i in range(200, len(lines)) if lines[i] and not lines[i].startswith("\t"))
    lines[i] = lines[i][:4] + "\x00\x00" + lines[i][4:]
    _tika(path, lines)


def _long_numeral(path: Path) -> None:
    """洛浦's plan with a heading numbered by 20 Chinese numerals (the section label column holds 16)."""
    lines = _luopu_lines()
    i = next(
        i for i, line in enumerate(lines) if re.sub(r"\[bookmark: [^\]]*\]", "", line).startswith("二、")
    )
    lines.insert(i, "一二三四五六七八九十" * 2 + "、附则")
    _tika(path, lines)


def _huge_grid(path: Path) -> None:
    """A box of one row of 600 cells over 500 one-cell rows: 300,000 grid cells from 1,100 printed ones."""
    rows = ["\t专栏1  表", "", *["\t宽"] * 600] + [line for _ in range(500) for line in ("", "\t长")]
    _tika(path, [*_luopu_lines()[:10], *rows])


def _docx_with(
    path: Path, replace: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None
) -> None:
    """The 洛浦 .docx fixture with each member's bytes passed through `replace` (None drops it)."""
    with zipfile.ZipFile(DOCX_FIXTURE) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = replace(info.filename, source.read(info))
            if data is not None:
                target.writestr(info, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)


def _document_xml(edit: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        _docx_with(path, lambda name, data: edit(data) if name == "word/document.xml" else data)

    return make


def _grid_span(value: str) -> Callable[[Path], None]:
    return _document_xml(
        lambda xml: re.sub(
            rb'<w:gridSpan w:val="\d+"/>', b'<w:gridSpan w:val="%s"/>' % value.encode(), xml, count=1
        )
    )


NEGATIVE_GRID_BEFORE = _document_xml(
    lambda xml: xml.replace(b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="-1"/></w:trPr>', 1)
)


# (signature, where the name starts, offset of the flag bits, offset of the method) of both zip headers
_ZIP_HEADERS = ((b"PK\x03\x04", 30, 6, 8), (b"PK\x01\x02", 46, 8, 10))


def _patched_member(member: str, field: str, value: int) -> Callable[[Path], None]:
    """The fixture with one member's flag bits or compression method set to `value` in both its headers."""

    def make(path: Path) -> None:
        _docx_with(path, lambda _name, data: data)
        whole = bytearray(path.read_bytes())
        name = member.encode()
        for signature, name_at, flags_at, method_at in _ZIP_HEADERS:
            at = 0
            while (at := whole.find(signature, at)) >= 0:
                if whole[at + name_at : at + name_at + len(name)] == name:
                    offset = at + (flags_at if field == "flags" else method_at)
                    whole[offset : offset + 2] = value.to_bytes(2, "little")
                at += len(signature)
        path.write_bytes(bytes(whole))

    return make


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE w:styles [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>"""


def _utf32_doctype(path: Path) -> None:
    utf32 = (
        XXE.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-32"?>')
        .decode()
        .encode("utf-32")
    )
    _docx_with(path, lambda name, data: utf32 if name == "word/styles.xml" else data)


def _upper_case_part(path: Path) -> None:
    _docx_with(path, lambda name, data: data, {"word/extra.XML": XXE})


def _flate_pdf(inflated: int) -> Callable[[Path], None]:
    """A one-page PDF whose content stream inflates to `inflated` bytes of spaces."""

    def make(path: Path) -> None:
        deflate = zlib.compressobj(1)
        chunk = b" " * MB
        stream = b"".join(deflate.compress(chunk) for _ in range(inflated // MB)) + deflate.flush()
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
        ]
        path.write_bytes(pdf_file(objects))

    return make


def _absurd_media_box(path: Path) -> None:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1e308 1e308] >>",
    ]
    path.write_bytes(pdf_file(objects))


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\x01 not a plan")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _outside(path: Path) -> None:
    path.symlink_to(HOTAN)  # a real plan, outside the folder: it would load if the link were followed


def _pagemap(path: Path) -> None:
    path.symlink_to("/proc/self/pagemap")


def _unreadable(path: Path) -> None:
    shutil.copy(HOTAN, path)
    path.chmod(0)


BAD_NAME = os.fsdecode(b"\xff\xfe plan.tika.txt")  # bytes that are not UTF-8: surrogates in Python
FORGED_NAME = "forged\nerror: FORGED.tika.txt: fake reason\n.tika.txt"
HOSTILE = [
    Hostile(
        "gridspan-billion.docx", _grid_span("1000000000"), "w:gridSpan=1000000000 in the table at position"
    ),
    Hostile("gridspan-zero.docx", _grid_span("0"), "w:gridSpan=0 in the table at position"),
    Hostile("gridbefore-negative.docx", NEGATIVE_GRID_BEFORE, "w:gridBefore=-1 in the table at position"),
    Hostile(
        "zip-method.docx",
        _patched_member("word/styles.xml", "method", 99),
        "compressed with zip method 99, which Word never writes",
    ),
    Hostile(
        "zip-encrypted.docx", _patched_member("word/styles.xml", "flags", 1), "'word/styles.xml' is encrypted"
    ),
    Hostile("doctype-utf32.docx", _utf32_doctype, "'word/styles.xml' declares a DOCTYPE"),
    Hostile("doctype-upper-case.docx", _upper_case_part, "'word/extra.XML' declares a DOCTYPE"),
    Hostile("bomb.pdf", _flate_pdf(MAX_INFLATED + 64 * MB), "refused as a possible decompression bomb"),
    Hostile("media-box.pdf", _absurd_media_box, "unreadable PDF"),
    Hostile("caption-20-digits.tika.txt", _with_caption("9" * 20), "a 专栏 caption numbered with 20 digits"),
    Hostile(
        "caption-5000-digits.tika.txt", _with_caption("9" * 5000), "a 专栏 caption numbered with 5000 digits"
    ),
    Hostile(
        "count-fullwidth.tika.txt",
        _huge_count,
        "专栏11 (row 4): its count (1e+20) is a larger number than the database holds",
    ),
    Hostile("nul.tika.txt", _nul, "a NUL character in its"),
    Hostile("huge-grid.tika.txt", _huge_grid, "专栏1 is a grid of 500 rows × 600 columns, more than"),
    Hostile(
        "long-numeral.tika.txt",
        _long_numeral,
        "its label '一二三四五六七八九十一二三四五六七八九十' is 20 characters",
    ),
    Hostile("fifo.tika.txt", _fifo, "a named pipe (FIFO), not a file"),
    Hostile("loop.tika.txt", _loop, "a symbolic link that loops back on itself"),
    Hostile("outside.tika.txt", _outside, f"a symbolic link to {HOTAN}, outside its folder: not followed"),
    Hostile("pagemap.tika.txt", _pagemap, "outside its folder: not followed"),
    Hostile("unreadable.tika.txt", _unreadable, "cannot be read (permission denied): check its permissions"),
    Hostile(BAD_NAME, _garbage, "its name is not valid UTF-8 text: rename the file and retry"),
    Hostile(FORGED_NAME, _garbage, "binary data, not a Tika text export"),
]


# -- the run ------------------------------------------------------------------------------------------


def _mrplans(*args: str) -> subprocess.CompletedProcess[str]:
    """`mrplans ARGS` as a user would run it; as root, without the power to read unreadable files."""
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "COLUMNS": "200"}
    cli = [str(Path(sys.executable).parent / "mrplans"), *args]
    command = [*NO_READ_OVERRIDE, *cli] if AS_ROOT else cli
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, errors="replace"
    )


@pytest.fixture(scope="module")
def incoming(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_folder(tmp_path_factory.mktemp("incoming"), HOSTILE)


@contextmanager
def _database(kind: str, folder: Path) -> Iterator[Engine]:
    """An empty database: SQLite in `folder`, or this suite's PostgreSQL database emptied."""
    with _empty_postgres(PG_DATABASE) if kind == "postgresql" else _empty_sqlite(folder) as engine:
        yield engine


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


State = tuple[dict[str, int], list[tuple[object, ...]], list[tuple[object, ...]]]


def _state(engine: Engine) -> State:
    """Row counts of every table, the plans (region, content, version, latest) and the findings."""
    with engine.connect() as con:
        plans = con.execute(text("SELECT region, source_sha256, version, is_latest FROM plan_all")).all()
        findings = con.execute(text("SELECT kind, subject, expected, actual FROM finding")).all()
    return row_counts(engine), sorted(map(tuple, plans)), sorted(map(tuple, findings))


@dataclass
class Run:
    incoming: Path
    result: subprocess.CompletedProcess[str]
    errors: list[str]  # the `error:` lines on stderr
    state: State
    clean: State  # the database of a clean run: the third plan, then the two good ones


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def run(request: pytest.FixtureRequest, incoming: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    with _database(request.param, tmp_path_factory.mktemp("clean")) as engine:
        for path in (HOTAN, LUOPU, KASHGAR):
            assert ingest_file(path, engine).status == "loaded"
        refresh(engine)
        clean = _state(engine)
    with _database(request.param, tmp_path_factory.mktemp("hostile")) as engine:
        assert ingest_file(HOTAN, engine).status == "loaded"
        refresh(engine)
        result = _mrplans("ingest", str(incoming), "/proc/self/pagemap", "--db", _url(engine))
        state = _state(engine)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    return Run(incoming, result, errors, state, clean)


@pytest.mark.parametrize("case", HOSTILE, ids=[printable(case.name) for case in HOSTILE])
def test_hostile_file_ends_in_one_line_naming_it_with_a_reason(case: Hostile, run: Run) -> None:
    prefix = f"error: {printable(str(run.incoming / case.name))}: "
    lines = [line for line in run.errors if line.startswith(prefix)]
    assert len(lines) == 1, run.result.stderr
    reason = lines[0].removeprefix(prefix)
    assert case.reason in reason
    assert not SQL_WORDS.search(reason)


def test_a_proc_file_named_on_the_command_line_is_refused(run: Run) -> None:
    assert "error: /proc/self/pagemap: a system file under /proc, not a document" in run.errors


def test_no_line_is_forged_and_every_error_is_one_file(run: Run) -> None:
    assert not [line for line in run.result.stderr.splitlines() if line.startswith("error: FORGED")]
    assert len(run.errors) == len(HOSTILE) + 1  # and /proc/self/pagemap
    assert run.result.returncode == 1


def test_both_good_plans_load_and_the_database_equals_a_clean_runs(run: Run) -> None:
    assert "洛浦县" in run.result.stdout and "喀什地区" in run.result.stdout
    assert run.state == run.clean


# -- a run killed before it compared the plans --------------------------------------------------------


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_run_killed_before_comparing_is_healed_by_the_next(kind: str, tmp_path: Path) -> None:
    with _database(kind, tmp_path) as engine:
        for path in PLAN_FILES.values():  # the run loaded every plan and was killed before comparing
            assert ingest_file(path, engine).status == "loaded"
        assert is_stale(engine) and row_counts(engine)["finding"] == 0
        result = _mrplans("ingest", str(ROOT / "raw"), "--db", _url(engine), "--json")
        assert result.returncode == 0, result.stderr
        assert '"status": "loaded"' not in result.stdout  # every file skipped, and yet:
        healed = row_counts(engine)
        assert healed["finding"] > 0 and healed["zone_link"] > 0 and not is_stale(engine)
        refresh(engine, full=True)
        assert row_counts(engine) == healed  # what a clean comparison gives


# -- realistic damage that loads ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_two_tables_captioned_alike_load_with_a_warning_and_both_kept(kind: str, tmp_path: Path) -> None:
    """洛浦's 专栏2 captioned 专栏1: both tables are boxes of their own (numbered by position, both
    labelled 专栏1), and the run warns."""
    lines = _luopu_lines()
    captions = re.compile(r"\t(\[bookmark: [^\]]*\])*专栏[12]\s")
    first, second = [i for i, line in enumerate(lines) if captions.match(line)]
    cells_of_two = parse_document(LUOPU).boxes[1].cells
    lines[second] = re.sub(r"专栏\s*2", "专栏1", lines[second], count=1)
    path = tmp_path / "renumbered.tika.txt"
    _tika(path, lines)
    with _database(kind, tmp_path) as engine:
        outcome = ingest_file(path, engine)
        assert outcome.status == "loaded", outcome.reason
        assert any("专栏1 is printed twice: both kept" in warning for warning in outcome.warnings)
        with engine.connect() as con:
            texts = con.scalars(
                text("SELECT c.text FROM box_cell c JOIN box b ON b.box_id = c.box_id WHERE b.number = 2")
            )
            kept = set(texts)
            labels = con.scalars(text("SELECT label FROM box WHERE number IN (1, 2) ORDER BY number")).all()
    assert {cell.text for cell in cells_of_two if cell.text} <= kept
    assert labels == ["专栏1", "专栏1"]
    assert first < second


def test_a_box_of_items_with_nothing_after_a_numeral_reads(tmp_path: Path) -> None:
    path = tmp_path / "items.tika.txt"
    _tika(path, [*_luopu_lines()[:10], "\t专栏1 重点勘查工程", "", "\t①"])
    plan = parse_document(path)
    assert [box.number for box in plan.boxes] == [1] and plan.records.projects == []


# -- box citations in linear time ----------------------------------------------------------------------


def _many_boxes(n: int) -> RawDocument:
    """洛浦's title page, then n boxes, each cited in the paragraph before it."""
    blocks: list[Block] = parse_lines(_luopu_lines()[:10])
    for number in range(1, n + 1):
        blocks.append(Paragraph(f"主要工程见专栏{number}。", line=len(blocks) + 1))
        caption = [Cell(0, 0, f"专栏{number} 工程", line=len(blocks) + 1)]
        body = [Cell(1, 0, "名称", line=len(blocks) + 1), Cell(1, 1, "周期", line=len(blocks) + 1)]
        blocks.append(Table(rows=[caption, body], line=len(blocks) + 1))
    return RawDocument(source=Source("many.tika.txt", "tika_text", "0" * 64, "tika_text/1"), blocks=blocks)


def _seconds(n: int) -> float:
    """The best of three timings of placing n boxes in their sections."""
    documents = [_many_boxes(n) for _ in range(3)]
    timings = []
    for document in documents:
        started = time.perf_counter()
        build_plan(document)
        timings.append(time.perf_counter() - started)
    return min(timings)


def test_box_citations_are_matched_in_linear_time() -> None:
    small, large = _seconds(1000), _seconds(4000)
    assert large < 8 * small  # four times the boxes: 4x when linear, 16x when every box rescans them all


# -- the parse worker's memory ceiling -----------------------------------------------------------------


def _stop_idle_workers() -> None:
    """Stop the warm parse workers, so that the next parse starts one that reads the environment anew."""
    while True:
        try:
            deadline._IDLE.get_nowait().stop()
        except queue.Empty:
            return


def test_a_parse_past_the_memory_ceiling_is_rejected_and_the_worker_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF stream inflating to 448 MB (under the bomb limit) in a worker allowed 400 MB."""
    path = tmp_path / "inflates.pdf"
    _flate_pdf(448 * MB)(path)
    monkeypatch.setenv("MRPLANS_PARSE_MEMORY_MB", "400")
    _stop_idle_workers()
    try:
        with pytest.raises(
            DocumentError, match="reading needed more than the 400 MB of memory one file may use"
        ):
            parse_within(path, path.read_bytes(), None, 300)
        assert deadline._IDLE.empty()
        plan = parse_within(LUOPU, LUOPU.read_bytes(), None, 300)  # a fresh worker reads the next file
        assert plan.meta.region == "洛浦县"
    finally:
        _stop_idle_workers()  # the tests after get workers with the default ceiling


# -- formulas in exported spreadsheets ----------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://127.0.0.1:9/","点击")', "+1+2", "-2+3", "@SUM(1,2)"]


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_exported_cells_printed_as_formulas_stay_text(kind: str, tmp_path: Path) -> None:
    """洛浦's plan with four cells of 专栏1 (lines 13-43) printed as formulas, exported to Excel and CSV."""
    lines = _luopu_lines()
    names = [i for i in range(12, 43) if re.fullmatch(r"\t[\u4e00-\u9fff]+", lines[i])]  # 专栏1's cells
    cells = names[-len(FORMULAS) :]
    for i, formula in zip(cells, FORMULAS, strict=True):
        lines[i] = "\t" + formula
    path = tmp_path / "formulas.tika.txt"
    _tika(path, lines)
    with _database(kind, tmp_path) as engine:
        assert ingest_file(path, engine).status == "loaded"
        db = open_db(_url(engine))
        (workbook,) = export_views(db, "xlsx", tmp_path / "xlsx")
        (box_cells,) = [p for p in export_views(db, "csv", tmp_path / "csv") if p.stem == "box_cell"]
    sheet = load_workbook(workbook)["box_cell"]
    found = {c.value: c.data_type for row in sheet.iter_rows() for c in row if c.value in FORMULAS}
    assert found == dict.fromkeys(FORMULAS, "s")  # text, not formulas
    printed = set(pd.read_csv(box_cells, encoding="utf-8-sig", dtype=str)["text"])
    assert {"'" + formula for formula in FORMULAS} <= printed


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_links_out_of_their_folder_are_followed_only_when_asked(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = tmp_path / "incoming" / "hotan.tika.txt"
    link.parent.mkdir()
    _outside(link)
    with _database(kind, tmp_path) as engine:
        assert ingest_file(link, engine).status == "rejected"
        monkeypatch.setenv(FOLLOW_LINKS, "1")  # what --follow-links sets
        assert ingest_file(link, engine).region == "和田地区"
        _loop(link.with_name("loop.tika.txt"))
        assert "loops back on itself" in (ingest_file(link.with_name("loop.tika.txt"), engine).reason or "")
