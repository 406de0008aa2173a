"""Hostile inputs: each file is rejected with a one-line reason and the rest of the run still loads.

The hostile files sit in one folder with two good plans (one named with spaces and
Chinese characters) and are ingested twice: file by file with `ingest_file` into
SQLite, and once through the real `mrplans ingest` command.  Then hypothesis feeds
the Tika reader, the whole parse and the number and unit parsers arbitrary input:
nothing but the project's own DocumentError may escape.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import PLAN_FILES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli import _mrplans
from test_docx_reader import BAD_INPUTS as BAD_DOCX
from test_format_invariance import BAD_PDFS, pdf_file

from parsers.parse import parse_document
from parsers.read.base import DocumentError
from parsers.read.readers import READERS
from parsers.read.tika_text import parse_lines
from parsers.words.text import CAPTION
from parsers.words.units import parse_unit
from parsers.words.values import parse_quantity
from pipeline.run.ingest import Outcome, discover, ingest_file
from pipeline.store.db import create_schema, engine_for

MB = 1024 * 1024
GOOD_PLAN = PLAN_FILES["洛浦县"]
CHINESE_NAME = "喀什地区 矿产资源 总体规划（2021—2025年）.tika.txt"  # a valid plan: it loads
DOCX_FIXTURE = ROOT / "tests" / "fixtures" / "docx" / "luopu-county-2021-2025.docx"
PDF_FIXTURE = ROOT / "tests" / "fixtures" / "pdf" / "luopu-county-2021-2025.pdf"
PDF_READER = any(reader.format == "pdf" for reader in READERS)
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- the hostile files -------------------------------------------------------------------------


def _garbage(path: Path) -> None:
    path.write_bytes(random.Random(6).randbytes(64 * 1024))


def _truncated_docx(path: Path) -> None:
    path.write_bytes(DOCX_FIXTURE.read_bytes()[:20_000])


def _docx_with(path: Path, member: str, write: Callable[[zipfile.ZipFile], None]) -> None:
    """The 洛浦 .docx fixture with one member replaced by what `write` puts in the archive."""
    with zipfile.ZipFile(DOCX_FIXTURE) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info, source.read(info))
        write(target)


def _zip_bomb(path: Path) -> None:
    """A real Word package whose document.xml inflates to 256 MB."""

    def bomb(archive: zipfile.ZipFile) -> None:
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * MB
            for _ in range(256):
                member.write(chunk)

    _docx_with(path, "word/document.xml", bomb)


XXE_STYLES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE w:styles [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>"""


def _xxe_docx(path: Path) -> None:
    _docx_with(path, "word/styles.xml", lambda archive: archive.writestr("word/styles.xml", XXE_STYLES))


def _old_doc(path: Path) -> None:
    """What Word 97–2003 writes: an OLE2 compound file."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))


ONE_EMPTY_PAGE = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]


def _broken_xref_pdf(path: Path) -> None:
    """The 洛浦 PDF with its cross-reference table and trailer overwritten: no way left to its root.

    (A PDF whose only damage is the xref table is rebuilt by pdfminer from its objects, and loads.)
    """
    whole = PDF_FIXTURE.read_bytes()
    table = whole.rindex(b"\nxref\n") + 1  # not the "xref" of "startxref"
    path.write_bytes(whole[:table] + b"xref\n0 142\nnot a cross-reference table\n%%EOF\n")


def _encrypted_pdf(path: Path) -> None:
    """Standard security handler (RC4, 128 bits) with a user password: the empty password fails."""
    encrypt = b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <%s> /U <%s> >>" % (
        b"11" * 32,
        b"22" * 32,
    )
    file_id = b"<%s>" % (b"33" * 16)
    trailer = b"/Encrypt 4 0 R /ID [%s %s]" % (file_id, file_id)
    path.write_bytes(pdf_file([*ONE_EMPTY_PAGE, encrypt], trailer))


def _huge(path: Path) -> None:
    """A real plan padded to 200 MB: sparse, so it costs neither time nor disk."""
    with path.open("wb") as out:
        out.write(GOOD_PLAN.read_bytes())
        out.truncate(200 * MB)


def _gb18030(path: Path) -> None:
    path.write_bytes(GOOD_PLAN.read_text(encoding="utf-8").encode("gb18030"))


def _no_boxes(path: Path) -> None:
    """The plan's prose without its tables and captions."""
    lines = GOOD_PLAN.read_text(encoding="utf-8").splitlines()
    prose = [line for line in lines if not line.startswith("\t") and not CAPTION.match(line.strip())]
    path.write_text("\n".join(prose), encoding="utf-8")


@dataclass(frozen=True)
class Hostile:
    name: str  # the file's name in the incoming folder
    make: Callable[[Path], None]
    reason: str  # what the one-line reason says
    pdf: bool = False


HOSTILE = [
    Hostile("empty.tika.txt", lambda path: path.write_bytes(b""), "empty file: nothing to read"),
    Hostile("garbage.tika.txt", _garbage, "binary data, not a Tika text export (expected UTF-8 text)"),
    Hostile("truncated.docx", _truncated_docx, "corrupt or truncated .docx (File is not a zip file)"),
    Hostile("bomb.docx", _zip_bomb, "refused as a possible zip bomb: 257 MB uncompressed (limit 200 MB)"),
    Hostile("xxe.docx", _xxe_docx, "'word/styles.xml' declares a DOCTYPE"),
    Hostile("broken-xref.pdf", _broken_xref_pdf, "unreadable PDF (No /Root object!", pdf=True),
    Hostile("encrypted.pdf", _encrypted_pdf, "encrypted: remove the password and retry", pdf=True),
    Hostile("huge.tika.txt", _huge, "file is 200 MB, over the 100 MB limit for one plan"),
    Hostile("gb18030.tika.txt", _gb18030, "not UTF-8 text (re-export it from Tika as UTF-8)"),
    Hostile("no-boxes.tika.txt", _no_boxes, "no table found"),
    Hostile("old-word.doc", _old_doc, "old binary Word .doc: save it as .docx"),
]
ACTIVE = [case for case in HOSTILE if PDF_READER or not case.pdf]


def _cases() -> list[object]:
    skip_pdf = pytest.mark.skipif(not PDF_READER, reason="PDF reader not registered")
    return [pytest.param(case, id=case.name, marks=[skip_pdf] if case.pdf else []) for case in HOSTILE]


def hostile_folder(folder: Path, cases: Iterable[Hostile]) -> Path:
    """The hostile files, the 洛浦 plan and the 喀什 plan (named with spaces and Chinese) in one folder."""
    for case in cases:
        case.make(folder / case.name)
    shutil.copy(GOOD_PLAN, folder / GOOD_PLAN.name)
    shutil.copy(PLAN_FILES["喀什地区"], folder / CHINESE_NAME)
    return folder


@pytest.fixture(scope="module")
def incoming(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_folder(tmp_path_factory.mktemp("incoming"), ACTIVE)


@pytest.fixture(scope="module")
def outcomes(incoming: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Each file of the folder ingested in turn into one SQLite database, by file name."""
    engine = engine_for(f"sqlite:///{tmp_path_factory.mktemp('db') / 'plans.db'}")
    create_schema(engine)
    return {path.name: ingest_file(path, engine) for path in discover([incoming])}


# -- rejected cleanly, the rest loads -------------------------------------------------------------


@pytest.mark.parametrize("case", _cases())
def test_hostile_file_is_rejected_with_a_one_line_reason(case: Hostile, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.name]
    assert outcome.status == "rejected"
    assert outcome.reason is not None and case.reason in outcome.reason
    assert "\n" not in outcome.reason


BAD_READS = [
    pytest.param(f"plan{suffix}", *cases[case], id=f"{suffix[1:]}: {case}")
    for suffix, cases in ((".docx", BAD_DOCX), (".pdf", BAD_PDFS))
    for case in cases
]


@pytest.mark.parametrize(("name", "make", "reason"), BAD_READS)
def test_bad_docx_or_pdf_is_a_document_error_with_a_one_line_reason(
    name: str, make: Callable[[Path], object], reason: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    make(path)
    with pytest.raises(DocumentError) as caught:
        parse_document(path)
    assert reason in caught.value.reason
    assert "\n" not in caught.value.reason


def test_good_plans_load_beside_them_whatever_their_name(outcomes: dict[str, Outcome]) -> None:
    assert outcomes[GOOD_PLAN.name].status == "loaded"
    assert outcomes[CHINESE_NAME].status == "loaded" and outcomes[CHINESE_NAME].region == "喀什地区"
    assert {o.status for name, o in outcomes.items() if name not in (GOOD_PLAN.name, CHINESE_NAME)} == {
        "rejected"
    }


def test_oversized_file_is_refused_before_it_is_read(
    incoming: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = engine_for(f"sqlite:///{tmp_path / 'plans.db'}")
    create_schema(engine)

    def no_reading(path: Path) -> bytes:
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(DocumentError, match="over the 100 MB limit"):
        parse_document(incoming / "huge.tika.txt")
    outcome = ingest_file(incoming / "huge.tika.txt", engine)
    assert outcome.status == "rejected" and "over the 100 MB limit" in (outcome.reason or "")


def test_cli_names_each_hostile_file_on_stderr_and_loads_the_good_plans(
    incoming: Path, outcomes: dict[str, Outcome], tmp_path: Path
) -> None:
    db = tmp_path / "plans.db"
    result = _mrplans("ingest", str(incoming), "--db", f"sqlite:///{db}", cwd=ROOT)
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert sorted(errors) == sorted(
        f"error: {incoming / case.name}: {outcomes[case.name].reason}" for case in ACTIVE
    )
    regions = {region for (region,) in sqlite3.connect(db).execute("SELECT region FROM plan")}
    assert regions == {"洛浦县", "喀什地区"}


# -- fuzzing -------------------------------------------------------------------------------------

REAL_LINES = [line for path in PLAN_FILES.values() for line in path.read_text(encoding="utf-8").splitlines()]
OPENING = REAL_LINES[:10]  # 洛浦's title and scope sentences: parsing goes past the metadata
TIKA_WORDS = [
    "",
    "\t",
    "\t专栏3  表",
    "专栏4（续表）",
    "注：单位万吨",
    "\t合计",
    "一、总则",
    "（一）",
    "1、",
    "\t≥40",
]


@st.composite
def tika_documents(draw: st.DrawFn) -> str:
    """A run of real plan lines (tables, captions, headings) with lines inserted, dropped and re-TABbed."""
    start = draw(st.integers(0, len(REAL_LINES) - 1))
    lines = REAL_LINES[start : start + draw(st.integers(1, 300))]
    for _ in range(draw(st.integers(0, 12))):
        i = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["insert", "drop", "tab", "untab"]))
        if edit == "insert":
            lines.insert(i, draw(st.one_of(st.sampled_from(TIKA_WORDS), st.text(max_size=30))))
        elif edit == "drop" and len(lines) > 1:
            del lines[i]
        elif edit != "drop":
            lines[i] = "\t" + lines[i] if edit == "tab" else lines[i].lstrip("\t")
    return "\n".join(OPENING + lines)


def _parses_or_refuses(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        parse_document(path)
    except DocumentError as err:
        assert err.reason and "\n" not in err.reason


@pytest.fixture(scope="module")
def fuzz_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "fuzzed.tika.txt"


@FUZZ
@given(st.one_of(st.text(), tika_documents()))
def test_tika_reader_takes_any_text(text: str) -> None:
    parse_lines(text.splitlines())


@FUZZ
@given(tika_documents())
def test_parse_takes_any_tika_text(fuzz_file: Path, text: str) -> None:
    _parses_or_refuses(fuzz_file, text.encode("utf-8"))


@FUZZ
@given(st.binary(max_size=4096))
def test_parse_takes_any_bytes(fuzz_file: Path, data: bytes) -> None:
    _parses_or_refuses(fuzz_file, data)


NUMBERISH = st.text(
    st.sampled_from("0123456789.,×xX^*~～-—至≥≤<>约以上左右%年万亿吨千克平方米公里立方米个处１２．")
)


@FUZZ
@given(st.one_of(st.text(), NUMBERISH))
def test_number_and_unit_parsers_take_any_text(text: str) -> None:
    quantity = parse_quantity(text)
    assert quantity.text == text
    assert parse_unit(text).text == text
