"""Readers for old Word `.doc` and WPS `.wps` files: converted to .docx by LibreOffice, then read as .docx.

The file's bytes say what it really is, and `source_format` records that:

* an OLE2 compound file: Word 97–2003 (`doc`), or with the .wps ending a WPS
  Office or Microsoft Works document (`wps`).  WPS Office (Kingsoft) saves .wps
  as an OLE2 file in the Word 97 binary layout, and LibreOffice picks its filter
  by content, so such a file converts like a .doc (verified with a .doc named
  .wps, not with a file WPS Office wrote); Microsoft Works .wps goes through
  LibreOffice's libwps import.  The DOS-era WPS text format is not read;
* RTF saved under a .doc name (`rtf`), which LibreOffice converts as well;
* a .docx saved under a .doc name (`docx`), read directly without LibreOffice.

The converted package goes through the .docx reader unchanged (its safety
checks, merged-cell grid and positions: block indexes of the converted
document).  Without LibreOffice the file is refused with the advice to save it
as .docx, and how to install LibreOffice (parsers/read/libreoffice.py).
"""

from __future__ import annotations

from dataclasses import replace

from models.document import RawDocument, Source, SourceFormat
from parsers.read.base import CONVERT_FIRST
from parsers.read.docx_reader import ZIP_MAGIC, DocxReader
from parsers.read.libreoffice import to_docx

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RTF_MAGIC = b"{\\rtf"
_DOCX = DocxReader()


class _ConvertedReader:
    """A format LibreOffice converts to .docx; `format` is what an OLE2 file with this ending is."""

    name: str
    version = 1
    format: SourceFormat
    suffixes: tuple[str, ...]
    what: str  # the format in a person's words, for reasons

    def sniff(self, head: bytes) -> str | None:
        if head.startswith((_OLE_MAGIC, _RTF_MAGIC, ZIP_MAGIC)):
            return None
        if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            ending = self.suffixes[0]
            return (
                f"markup (an HTML page or Word XML) named {ending}: save it as .docx, or rename a page .html"
            )
        return f"not a {self.what} (no OLE2 or RTF header)"

    def read(self, data: bytes, source: Source) -> RawDocument:
        if data.startswith(ZIP_MAGIC):  # a .docx under an old name
            return _DOCX.read(data, replace(source, format="docx"))
        real: SourceFormat = "rtf" if data.startswith(_RTF_MAGIC) else self.format
        suffix = ".rtf" if real == "rtf" else self.suffixes[0]
        converted = to_docx(data, suffix, source.path, CONVERT_FIRST[self.suffixes[0]])
        document = _DOCX.read(converted, source)
        return RawDocument(source=replace(source, format=real), blocks=document.blocks)


class DocReader(_ConvertedReader):
    name = "doc"
    format = "doc"
    suffixes = (".doc",)
    what = "Word .doc file"


class WpsReader(_ConvertedReader):
    name = "wps"
    format = "wps"
    suffixes = (".wps",)
    what = "WPS or Works .wps file"
