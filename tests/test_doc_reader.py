"""The .doc and .wps readers: LibreOffice converts, the .docx reader reads, `source_format` says what the
file was; parallel conversions, a folder of mixed formats, and the one-line reasons (LibreOffice missing,
a file it cannot convert, a conversion past its timeout, bytes that are no Word file).

The .doc files are the .docx fixtures saved by LibreOffice (conftest.py `doc_fixtures`); their records,
boxes and outline equal the Tika text's in tests/test_format_invariance.py.
"""

from __future__ import annotations

import logging
import os
import select
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import PLAN_FILES
from sqlalchemy import text
from test_format_invariance import fixture_path, parsed

from parsers.parse import parse_document
from parsers.read.base import CONVERT_FIRST, DocumentError
from parsers.read.libreoffice import INSTALL, TIMEOUT_ENV
from parsers.read.readers import read_document
from pipeline.run.ingest import discover, ingest_file
from pipeline.store.db import create_schema, engine_for

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _doc(folder: Path, region: str) -> Path:
    return fixture_path(region, "doc", folder)


def test_a_doc_and_a_wps_convert_side_by_side(
    doc_fixtures: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # WPS Office writes .wps as the Word 97 binary in OLE2: a .doc under that name reads the same
    doc = _doc(doc_fixtures, "洛浦县")
    wps = tmp_path / "luopu.wps"
    shutil.copy(doc, wps)
    with caplog.at_level(logging.WARNING), ThreadPoolExecutor(2) as pool:  # a LibreOffice profile each
        from_doc, from_wps = pool.map(read_document, [doc, wps])
    assert (from_doc.source.format, from_wps.source.format) == ("doc", "wps")
    assert from_doc.blocks == from_wps.blocks
    assert from_doc.blocks == read_document(fixture_path("洛浦县", "docx")).blocks
    assert "automatic numbering" not in caplog.text  # LibreOffice's silent heading lists are none


def test_rtf_named_doc_is_read_and_said_to_be_rtf(tmp_path: Path, doc_fixtures: Path) -> None:
    from fixtures.render_fixtures import convert_with_soffice

    (rtf,) = convert_with_soffice([fixture_path("洛浦县", "docx")], "rtf", tmp_path)
    named_doc = rtf.rename(tmp_path / "luopu.doc")
    plan = parse_document(named_doc)
    assert plan.source.format == "rtf"
    assert plan.records == parsed("洛浦县", "tika_text").records


def test_a_docx_named_doc_is_read_without_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice to be found
    named_doc = tmp_path / "luopu.doc"
    shutil.copy(fixture_path("洛浦县", "docx"), named_doc)
    document = read_document(named_doc)
    assert document.source.format == "docx"
    assert document.blocks == read_document(fixture_path("洛浦县", "docx")).blocks


def test_a_folder_of_doc_wps_and_html_plans_loads(doc_fixtures: Path, tmp_path: Path) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    shutil.copy(_doc(doc_fixtures, "洛浦县"), incoming / "luopu.doc")
    shutil.copy(_doc(doc_fixtures, "和田地区"), incoming / "hotan.wps")
    shutil.copy(fixture_path("喀什地区", "html"), incoming / "kashgar.htm")
    engine = engine_for(f"sqlite:///{tmp_path / 'plans.db'}")
    create_schema(engine)
    outcomes = [ingest_file(path, engine) for path in discover([incoming])]
    assert [(Path(o.path).name, o.status) for o in outcomes] == [
        ("hotan.wps", "loaded"),
        ("kashgar.htm", "loaded"),
        ("luopu.doc", "loaded"),
    ]
    with engine.connect() as con:
        formats = dict(con.execute(text("SELECT region, source_format FROM plan")).all())
    assert formats == {"洛浦县": "doc", "和田地区": "wps", "喀什地区": "html"}


# -- the one-line reasons ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_without_libreoffice_the_advice_says_how_to_install_it(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(OLE_HEADER + bytes(504))
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.reason == f"{CONVERT_FIRST[suffix]}, or {INSTALL}"


def _processes_mentioning(needle: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if needle.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:  # gone meanwhile
                continue
    return found


def _wait_for_exit(pid: int, seconds: float) -> bool:
    """Whether the process has exited within `seconds` (a pidfd becomes readable when it does)."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([handle], [], [], seconds)[0])
    finally:
        os.close(handle)


def test_a_conversion_past_its_timeout_is_stopped_with_its_processes(
    doc_fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "0.2")  # LibreOffice cannot even start in that time
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the conversion's folder and profile here
    with pytest.raises(DocumentError) as caught:
        read_document(_doc(doc_fixtures, "洛浦县"))
    assert (
        caught.value.reason
        == f"LibreOffice took longer than 0.2 s to convert it: stopped (see {TIMEOUT_ENV})"
    )
    assert all(_wait_for_exit(pid, 10) for pid in _processes_mentioning(str(tmp_path)))
    assert list(tmp_path.iterdir()) == []  # the folder and its profile removed


BAD_FILES = {
    "an OLE2 file LibreOffice cannot load": (
        OLE_HEADER + bytes(504),
        "LibreOffice could not convert it (Error: source file could not be loaded): old binary Word .doc:",
    ),
    "a web page named .doc": (
        "<html><body><p>洛浦县</p></body></html>".encode(),
        "markup (an HTML page or Word XML) named .doc: save it as .docx, or rename a page .html",
    ),
    "text named .doc": (PLAN_FILES["洛浦县"].read_bytes(), "not a Word .doc file (no OLE2 or RTF header)"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_doc_is_rejected_with_one_line(name: str, tmp_path: Path, doc_fixtures: Path) -> None:
    data, reason = BAD_FILES[name]
    path = tmp_path / "plan.doc"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert reason in caught.value.reason
    assert "\n" not in caught.value.reason
