"""The reader list (parsers/read/readers.py): each entry names its class's format and endings, and
choosing a file's reader imports no reader module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from parsers.read.readers import READERS, reader_for

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("entry", READERS, ids=[e.format for e in READERS])
def test_an_entry_says_what_its_reader_takes(entry) -> None:
    reader = entry.reader()
    assert (reader.format, reader.suffixes) == (entry.format, entry.suffixes)
    assert entry.reader() is reader  # one instance per process


def test_endings_pick_the_reader_longest_first() -> None:
    assert reader_for(Path("a/x.tika.txt")).format == "tika_text"
    assert reader_for(Path("X.PDF")).format == "pdf"
    assert reader_for(Path("x.xlsx")) is None


def test_choosing_a_reader_imports_none() -> None:
    code = (
        "import sys; from pathlib import Path;"
        "from parsers.read.readers import plan_suffixes, refuse_unreadable;"
        "plan_suffixes(); refuse_unreadable(Path('x.pdf')); refuse_unreadable(Path('x.docx'));"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pdfplumber', 'docx', 'pdfminer')"
        " or m.startswith('parsers.read.') and m.endswith(('reader', 'tika_text'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
