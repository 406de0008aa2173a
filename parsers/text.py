"""Text helpers shared by readers and the structure stage: cleaning, the 专栏 caption, item numerals,
error reasons."""

from __future__ import annotations

import re
import unicodedata

CAPTION = re.compile(r"^专栏\s*(\d+)\s*(.*?)\s*$", re.S)
CONTINUED = re.compile(r"\s*[（(]\s*续表?\s*[)）]\s*$")
CIRCLED = "①-⑳㉑-㉟㊱-㊿"  # the enclosed numerals that number items (in prose boxes, in cells)
PARENTHESIZED = "⑴-⒇"  # the parenthesized numerals ⑴..⒇
PARENTHESIZED_CN = "㈠-㈩"  # the parenthesized Chinese numerals ㈠..㈩
ITEM_NUMERAL = re.compile(rf"^[{CIRCLED}]\s*")
MAX_BOX_DIGITS = 9  # a 专栏 number with more digits is no box number (and would not fit the database)
CITATION = re.compile(rf"专栏\s*(\d{{1,{MAX_BOX_DIGITS}}})(?!\d)")  # a box cited in body text
_UNPRINTABLE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))  # Unicode categories printable() escapes
_SPACES = ("\u3000", "\xa0", "\u2002", "\u2003")  # ideographic, no-break, en and em spaces


def clean_text(text: str) -> str:
    """Trim every line of a paragraph or cell and the whole; keep inner spaces and CJK punctuation."""
    for space in _SPACES:  # str.replace: str.translate takes 100x as long on CJK text
        text = text.replace(space, " ")
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def compact(text: str) -> str:
    """The text without any whitespace, for matching printed words."""
    return "".join(text.split())


def printable(text: str) -> str:
    """Text safe to print on one terminal line: control characters (newlines, escapes), undecodable
    file-name bytes (surrogates), format characters (a right-to-left override) and line separators as
    backslash escapes; spaces, ideographic spaces included, stay."""
    return "".join(_escaped(ch) if unicodedata.category(ch) in _UNPRINTABLE else ch for ch in text)


def _escaped(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a file-name byte that is not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return ch.encode("unicode_escape").decode("ascii")


def one_line(err: BaseException, limit: int = 160) -> str:
    """An error's message on one short line (a lone argument without its repr quotes), for a reason."""
    message = err.args[0] if len(err.args) == 1 else err
    text = " ".join(str(message).split()) or type(err).__name__
    return text if len(text) <= limit else f"{text[: limit - 3]}..."
