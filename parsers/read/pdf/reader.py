"""Reader for PDF plans (`*.pdf`): the stages of parsers/read/pdf run in order, under one PdfOptions.

Bad input ends as a DocumentError: encrypted, truncated, unparseable, no text (neither a text layer
nor anything OCR reads, or no OCR engine installed), or text in a font without a Unicode map; and a
decompression bomb, before pdfminer inflates anything (parsers/read/pdf/streams.py).
"""

from __future__ import annotations

from models.document import RawDocument, Source
from parsers.read.base import DocumentError
from parsers.read.pdf.assembly import Assembler
from parsers.read.pdf.options import DEFAULT_OPTIONS, PdfOptions
from parsers.read.pdf.pages import add_aligned_tables, check_text_layer, filled_page, read_pages
from parsers.read.pdf.quiet_pdfminer import mute_pdfminer_debug
from parsers.read.pdf.running import drop_page_frames, drop_running_lines
from parsers.read.pdf.scans import read_scans
from parsers.read.pdf.streams import refuse_bomb

_MAGIC = b"%PDF-"
_MAGIC_WINDOW = 1024  # bytes at the start in which the header may sit
_EOF_MARKER = b"%%EOF"
_EOF_WINDOW = 2048  # bytes at the end in which a complete file has its end marker

mute_pdfminer_debug()  # pdfminer calls debug() for every token and operator, to log nothing


class PdfReader:
    name = "pdf"
    version = 1
    format = "pdf"
    suffixes = (".pdf",)

    def sniff(self, head: bytes) -> str | None:
        return None if _MAGIC in head[:_MAGIC_WINDOW] else "not a PDF file"

    def read(self, data: bytes, source: Source, options: PdfOptions = DEFAULT_OPTIONS) -> RawDocument:
        """The document's blocks, read with `options` (a profile's `pdf:` section, or the defaults)."""
        if _EOF_MARKER not in data[-_EOF_WINDOW:]:
            raise DocumentError(
                source.path, "truncated PDF (no end-of-file marker): download or export it again"
            )
        refuse_bomb(data, source.path)
        drawn = read_pages(data, source.path, options)
        read_scans(data, drawn, source.path, options)
        check_text_layer(drawn, source.path)
        drop_page_frames(drawn, options)
        pages = [filled_page(page, options) for page in drawn]
        drop_running_lines(pages, options)
        for page in pages:
            add_aligned_tables(page, options)
        return RawDocument(source=source, blocks=Assembler(pages, options).blocks())
