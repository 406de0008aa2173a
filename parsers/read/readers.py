"""Every format reader, in one explicit tuple, and the choice of a file's reader by its ending.

A reader is listed by its format, its file endings and where its class lives, so
that finding a folder's plan files and refusing a file no reader takes import no
reader (the command that only loads what worker processes parse starts without
pdfplumber or python-docx); a reader's module is imported the first time a file of
its format is read.  A new reader (a class following parsers/read/base.py's Reader
protocol) gets an entry in READERS (tests/test_readers.py holds each entry's format
and endings equal to its class's); `read_document` picks the reader, refuses a file
over MAX_BYTES before reading it, checks the bytes and returns a RawDocument or
raises DocumentError.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from models.document import RawDocument, Source, SourceFormat
from parsers.read.base import CONVERT_FIRST, DocumentError, Reader, refuse_oversized


@dataclass(frozen=True)
class ReaderEntry:
    format: SourceFormat
    suffixes: tuple[str, ...]  # lower-case endings, longest first, as the class's
    location: str  # "module:Class"

    def reader(self) -> Reader:
        """The reader itself (its module imported on first use)."""
        return _instance(self.location)


@cache
def _instance(location: str) -> Reader:
    module, _, name = location.partition(":")
    reader: Reader = getattr(importlib.import_module(module), name)()
    return reader


READERS: tuple[ReaderEntry, ...] = (
    ReaderEntry("docx", (".docx",), "parsers.read.docx_reader:DocxReader"),
    ReaderEntry("doc", (".doc",), "parsers.read.doc_reader:DocReader"),
    ReaderEntry("wps", (".wps",), "parsers.read.doc_reader:WpsReader"),
    ReaderEntry("html", (".html", ".htm", ".shtml"), "parsers.read.html_reader:HtmlReader"),
    ReaderEntry("pdf", (".pdf",), "parsers.read.pdf.reader:PdfReader"),
    ReaderEntry("tika_text", (".tika.txt", ".txt"), "parsers.read.tika_text:TikaTextReader"),
)


def supported_suffixes() -> tuple[str, ...]:
    return tuple(s for r in READERS for s in r.suffixes)


def plan_suffixes() -> tuple[str, ...]:
    """Endings of the files taken from a folder: those a reader takes, and those refused with advice."""
    return (*supported_suffixes(), *CONVERT_FIRST)


def reader_for(path: Path) -> ReaderEntry | None:
    name = path.name.lower()
    return next((r for r in READERS if name.endswith(r.suffixes)), None)


def refuse_unreadable(path: Path) -> ReaderEntry:
    """The reader a file's ending names; raise DocumentError, before anything reads it, when none takes it
    (with what to do for a format to convert first)."""
    reader = reader_for(path)
    if reader is not None:
        return reader
    if path.suffix.lower() in CONVERT_FIRST:
        raise DocumentError(path, CONVERT_FIRST[path.suffix.lower()])
    raise DocumentError(path, f"no reader for this file type (supported: {', '.join(supported_suffixes())})")


def read_document(path: Path, data: bytes | None = None, sha256: str | None = None) -> RawDocument:
    """Read one file with the reader its ending names; raise DocumentError on anything unreadable.

    `sha256`: the digest of `data` when the caller has hashed it already (ingest does, to skip a file
    already loaded), so that the bytes are hashed once."""
    reader = refuse_unreadable(path).reader()
    refuse_oversized(path, path.stat().st_size if data is None else len(data))
    if data is None:
        data = path.read_bytes()
    if not data.strip():
        raise DocumentError(path, "empty file: nothing to read")
    problem = reader.sniff(data[:4096])
    if problem:
        raise DocumentError(path, problem)
    source = Source(
        path=str(path),
        format=reader.format,
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        reader=f"{reader.name}/{reader.version}",
    )
    return reader.read(data, source)
