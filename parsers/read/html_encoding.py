"""The text encoding of an HTML page: its byte-order mark, its declared charset, UTF-8, or detection.

Chinese government pages are often GB2312, GBK or GB18030.  As browsers do
(the WHATWG Encoding standard), the labels gb2312 and gbk are decoded with
the superset GB18030, because pages labelled GB2312 routinely hold GBK
characters.  What counts: a byte-order mark; the charset a `<meta charset>` or
`<meta http-equiv="Content-Type" content="…; charset=…">` in the first 4 KB
declares (found by lxml's HTML parser over those bytes read as Latin-1, so any
ASCII-compatible encoding's tags are visible); strict UTF-8; and
charset-normalizer's detection.  Where the bytes contradict the declaration (a
GBK page whose template says UTF-8, or the reverse, which a browser shows
garbled), the bytes win, with a warning: text in another encoding is never valid
UTF-8, so strict UTF-8 is tried first, then the declared codec, then detection.
Bytes the chosen codec cannot decode become U+FFFD.
"""

from __future__ import annotations

import codecs
import logging
from email.message import Message

import charset_normalizer
import lxml.html
from lxml import etree

from parsers.read.base import DocumentError

log = logging.getLogger(__name__)

PRESCAN = 4096  # bytes searched for a <meta> charset declaration, as browsers do (1024) and then some
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030"}  # Python codec names decoded as their superset
_LATIN1 = lxml.html.HTMLParser(encoding="iso-8859-1", remove_comments=True, no_network=True)


def decode_page(data: bytes, path: str) -> tuple[str, str]:
    """The page's text and the codec that decoded it; DocumentError when nothing can tell the encoding."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace"), codec
    label = declared_charset(data[:PRESCAN])
    declared = python_codec(label) if label else None
    if label and declared is None:
        log.warning("%s: unknown charset %r declared; detecting the encoding instead", path, label)
    for codec in dict.fromkeys(c for c in ("utf-8", declared) if c):  # text in another codec is never UTF-8
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if declared not in (None, codec) and not data.isascii():
            log.warning("%s: declared %s but is %s; read as %s", path, label, codec, codec)
        return text, codec
    best = charset_normalizer.from_bytes(data).best()
    codec = (python_codec(best.encoding) if best is not None else None) or declared
    if codec is None:
        raise DocumentError(
            path, "cannot tell the page's text encoding (no <meta charset>, not UTF-8): save it as UTF-8"
        )
    if declared not in (None, codec):
        log.warning("%s: declared %s, which its bytes are not; read as %s", path, label, codec)
    return data.decode(codec, "replace"), codec


def declared_charset(head: bytes) -> str | None:
    """The charset the page's first <meta charset> or Content-Type <meta http-equiv> declares."""
    try:
        root = lxml.html.document_fromstring(head, parser=_LATIN1)
    except (etree.ParserError, ValueError):  # nothing but whitespace or comments
        return None
    for meta in root.iter("meta"):
        if meta.get("charset", "").strip():
            return meta.get("charset").strip()
        if meta.get("http-equiv", "").strip().lower() == "content-type":
            message = Message()
            message["content-type"] = meta.get("content", "")
            charset = message.get_content_charset()
            if charset:
                return charset
    return None


def python_codec(label: str) -> str | None:
    """The Python codec for an encoding label (GB2312 and GBK as GB18030), None for an unknown label."""
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)
