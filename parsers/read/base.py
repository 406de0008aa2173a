"""The reader extension point: the protocol a format reader follows, the terminal document error, limits.

A reader declares the file endings it takes and a cheap sniff of the first bytes
(parsers/read/readers.py lists every reader and picks one by a file's ending).
DocumentError carries a one-line reason a person can act on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from models.document import RawDocument, Source, SourceFormat

MB = 1024 * 1024  # bytes in a megabyte, for sizes in messages
# What to do by hand with the formats read through LibreOffice (parsers/read/doc_reader.py), said when it is
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


def refuse_oversized(path: Path, size: int) -> None:
    """Raise DocumentError for a file over MAX_BYTES, before anything reads it."""
    if size > MAX_BYTES:
        raise DocumentError(
            path, f"file is {size // MB} MB, over the {MAX_BYTES // MB} MB limit for one plan"
        )
