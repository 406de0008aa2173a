"""Refuse a PDF decompression bomb before pdfminer inflates it: the Flate streams' inflated size, bounded.

pdfminer inflates each stream whole, in memory, when a page needs it: a 2 MB
file whose content stream inflates to 2 GiB takes gigabytes of memory.  So the
raw file's `stream … endstream` bodies are inflated here first, a chunk at a
time and without keeping the output, counting the bytes; past MAX_INFLATED (or
MAX_RATIO times the file's size, whichever is larger) the file is refused.
Bodies that are not Flate data (images, encrypted streams) stop inflating at
their first bad byte and count what they gave.  Other filters (LZW, run length)
are left to the parse worker's memory ceiling (pipeline/run/deadline.py).
"""

from __future__ import annotations

import re
import zlib

from parsers.read.base import MB, DocumentError

MAX_INFLATED = 512 * MB  # inflated stream bytes a PDF may hold, at least
MAX_RATIO = 50  # ... or this many times its size, for a large file
_CHUNK = 4 * MB  # inflated bytes asked for at a time
_INPUT_CHUNK = 64 * 1024  # raw bytes fed at a time
_STREAM = re.compile(rb"stream\r?\n")
_END = b"endstream"


def refuse_bomb(data: bytes, path: str) -> None:
    """DocumentError when the file's Flate streams inflate past the limit."""
    limit = max(MAX_INFLATED, MAX_RATIO * len(data))
    total = 0
    for body in _stream_bodies(data):
        total += _inflated_size(body, limit - total + 1)
        if total > limit:
            raise DocumentError(
                path,
                f"refused as a possible decompression bomb: its streams inflate to more than "
                f"{limit // MB} MB: export the PDF again",
            )


def _stream_bodies(data: bytes) -> list[memoryview]:
    """The raw bodies between each `stream` keyword and its `endstream`."""
    view = memoryview(data)
    bodies = []
    position = 0
    while (match := _STREAM.search(data, position)) is not None:
        start = match.end()
        end = data.find(_END, start)
        if end < 0:
            end = len(data)
        bodies.append(view[start:end])
        position = end + len(_END)
    return bodies


def _inflated_size(body: memoryview, most: int) -> int:
    """How many bytes the body inflates to, counting no further than `most`."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        for offset in range(0, len(body), _INPUT_CHUNK):
            piece: bytes | memoryview = body[offset : offset + _INPUT_CHUNK]
            while piece:
                size += len(inflater.decompress(piece, _CHUNK))
                if size >= most or inflater.eof:
                    return size
                piece = inflater.unconsumed_tail
    except zlib.error:  # not Flate data, or damaged: what it gave so far counts
        pass
    return size
