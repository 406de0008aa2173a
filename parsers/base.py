"""The reader extension point: a protocol, an explicit registry, and the terminal document error.

A reader declares the file endings it takes and a cheap sniff of the first bytes;
`read_document` picks the reader, refuses a file over MAX_BYTES before reading it,
checks the bytes and returns a RawDocument or raises DocumentError with a
one-line reason a person can act on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Protocol

from models.document import RawDocument, Source, SourceFormat

MB = 1024 * 1024  # bytes in a megabyte, for sizes in messages
# What to do by hand with the formats read through LibreOffice (parsers/doc_reader.py), said when it is
# not installed or cannot convert the file.
CONVERT_FIRST = {
    ".doc": "old binary Word .doc: save it as .docx (Word or LibreOffice) and retry",
    ".wps": "WPS Writer document: save it as .docx and retry",
}
MAX_BYTES = 100 * MB  # the largest plan file read: a bigger one is refused before it is read


class DocumentError(Exception):
    """A document that cannot be read or has no plan in it: terminal, never retried."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class Reader(Protocol):
    name: str
    version: int
    format: SourceFormat
    suffixes: tuple[str, ...]  # lower-case endings, longest first ('.tika.txt')

    def sniff(self, head: bytes) -> str | None:
        """None when the bytes look like this format, else why they do not."""

    def read(self, data: bytes, source: Source) -> RawDocument: ...


_READERS: list[Reader] = []


def register(reader: Reader) -> Reader:
    _READERS.append(reader)
    return reader


def readers() -> list[Reader]:
    return list(_READERS)


def supported_suffixes() -> tuple[str, ...]:
    return tuple(s for r in _READERS for s in r.suffixes)


def plan_suffixes() -> tuple[str, ...]:
    """Endings of the files taken from a folder: those a reader takes, and those refused with advice."""
    return (*supported_suffixes(), *CONVERT_FIRST)


def reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    return next((r for r in _READERS if name.endswith(r.suffixes)), None)


def refuse_oversized(path: Path, size: int) -> None:
    """Raise DocumentError for a file over MAX_BYTES, before anything reads it."""
    if size > MAX_BYTES:
        raise DocumentError(
            path, f"file is {size // MB} MB, over the {MAX_BYTES // MB} MB limit for one plan"
        )


def refuse_unreadable(path: Path) -> Reader:
    """The reader a file's ending names; raise DocumentError, before anything reads it, when none takes it
    (with what to do for a format to convert first)."""
    reader = reader_for(path)
    if reader is not None:
        return reader
    if path.suffix.lower() in CONVERT_FIRST:
        raise DocumentError(path, CONVERT_FIRST[path.suffix.lower()])
    raise DocumentError(path, f"no reader for this file type (supported: {', '.join(supported_suffixes())})")


def read_document(path: Path, data: bytes | None = None) -> RawDocument:
    """Read one file with the reader its ending names; raise DocumentError on anything unreadable."""
    reader = refuse_unreadable(path)
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
        sha256=hashlib.sha256(data).hexdigest(),
        reader=f"{reader.name}/{reader.version}",
    )
    return reader.read(data, source)
