"""Fuzzing each reader (Tika text, .docx, PDF) with structure-aware damage: nothing but DocumentError escapes.

Each test is bounded in examples and in time per example (hypothesis' deadline),
so it runs in CI.  The damage is what real files and attackers do to each format:
Tika text gets real plan lines shuffled, re-TABbed and cut (tests/test_hostile_inputs.py
has the generator); a .docx gets its table attributes (gridSpan, gridBefore, vMerge)
set to any integer or word, elements dropped or duplicated, and its bytes cut; a small
PDF of text and ruled cells gets any number of it (page box, drawing, offsets,
lengths) replaced, and its bytes flipped or cut.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_format_invariance import _page_objects, fixture_path, pdf_file
from test_hostile_inputs import tika_documents

from parsers.parse import parse_document
from parsers.read.base import DocumentError

BOUNDED = settings(
    max_examples=40,
    deadline=timedelta(seconds=20),  # a generous bound per example on a loaded machine; hangs fail
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
DOCX = fixture_path("洛浦县", "docx")
_DOCX_XML = "word/document.xml"
_GRID_ATTRIBUTES = re.compile(rb'<w:(gridSpan|gridBefore|vMerge) w:val="[^"]*"/>')
_ELEMENTS = re.compile(rb"<w:(tr|tc|tcPr|trPr|p)\b[^>]*>")


def _parses_or_refuses(path: Path, data: bytes) -> None:
    try:
        parse_document(path, data)
    except DocumentError as err:
        assert err.reason and "\n" not in err.reason


@BOUNDED
@given(tika_documents())
def test_tika_reader_refuses_damage_with_its_own_error(tmp_path: Path, text: str) -> None:
    _parses_or_refuses(tmp_path / "fuzzed.tika.txt", text.encode("utf-8"))


# -- .docx --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(DOCX) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


ATTRIBUTE_VALUES = st.one_of(
    st.integers(-(2**40), 2**40).map(str),
    st.sampled_from(["", "restart", "continue", "0", "-1", "64", "1e9", "１"]),
)


@st.composite
def damaged_document_xml(draw: st.DrawFn, xml: bytes) -> bytes:
    """The fixture's document.xml with table attributes set to anything and elements dropped or doubled."""
    grid = list(_GRID_ATTRIBUTES.finditer(xml))
    pieces: list[bytes] = []
    position = 0
    chosen = sorted(draw(st.sets(st.sampled_from(range(len(grid))), max_size=6)))
    for index in chosen:
        match = grid[index]
        value = draw(ATTRIBUTE_VALUES).encode()
        pieces += [xml[position : match.start()], b'<w:%s w:val="%s"/>' % (match.group(1), value)]
        position = match.end()
    xml = b"".join([*pieces, xml[position:]])
    elements = list(_ELEMENTS.finditer(xml))
    for _ in range(draw(st.integers(0, 3))):
        match = draw(st.sampled_from(elements))
        if draw(st.booleans()):
            xml = xml[: match.start()] + xml[match.end() :]  # an opening tag dropped: malformed
        else:
            xml = xml[: match.end()] + match.group(0) + xml[match.end() :]  # doubled
        elements = list(_ELEMENTS.finditer(xml))
    return xml


def _docx(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


@BOUNDED
@given(data=st.data())
def test_docx_reader_refuses_damage_with_its_own_error(
    tmp_path: Path, docx_parts: dict[str, bytes], data: st.DataObject
) -> None:
    xml = data.draw(damaged_document_xml(docx_parts[_DOCX_XML]))
    package = _docx({**docx_parts, _DOCX_XML: xml})
    if data.draw(st.booleans()):
        package = package[: data.draw(st.integers(0, len(package)))]
    _parses_or_refuses(tmp_path / "fuzzed.docx", package)


# -- PDF ----------------------------------------------------------------------------------------------

_NUMBER = re.compile(rb"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")
NUMBERS = st.one_of(
    st.integers(-(2**64), 2**64).map(lambda n: str(n).encode()),
    st.sampled_from([b"0", b"-1", b"1e308", b"99999999999999999999", b"0.0001", b"nan"]),
)


# a page of text and a ruled 2 × 3 grid with a merged cell: every number of it is fair game
_RULED_PAGE = (
    b"BT /F1 12 Tf 72 720 Td (Plan 2021-2025) Tj ET "
    b"0.5 w 72 700 m 372 700 l S 72 660 m 372 660 l S 72 620 m 372 620 l S "
    b"72 700 m 72 620 l S 172 660 m 172 620 l S 272 700 m 272 620 l S 372 700 m 372 620 l S "
    b"72 600 300 4 re f "
    b"BT /F1 10 Tf 80 680 Td (Name) Tj 200 0 Td (2025) Tj -200 -40 Td (Copper) Tj 100 0 Td (12.5) Tj ET"
)


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return pdf_file(_page_objects(font, _RULED_PAGE))


@BOUNDED
@given(data=st.data())
def test_pdf_reader_refuses_damage_with_its_own_error(
    tmp_path: Path, pdf_bytes: bytes, data: st.DataObject
) -> None:
    whole = bytearray(pdf_bytes)
    numbers = [
        m for m in _NUMBER.finditer(pdf_bytes) if m.start() < 4096 or m.start() > len(pdf_bytes) - 8192
    ]
    for match in sorted(data.draw(st.sets(st.sampled_from(numbers), max_size=5)), key=lambda m: -m.start()):
        whole[match.start() : match.end()] = data.draw(NUMBERS)  # page tree, objects and the xref table
    for _ in range(data.draw(st.integers(0, 4))):
        whole[data.draw(st.integers(0, len(whole) - 1))] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        whole = whole[: data.draw(st.integers(0, len(whole)))]
    _parses_or_refuses(tmp_path / "fuzzed.pdf", bytes(whole))
