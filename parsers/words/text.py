"""Text helpers shared by readers and the structure stage: cleaning, table captions, item numerals,
error reasons."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

CAPTION_WORDS = ("专栏", "附表", "表")  # the words that caption a table, as plans print them


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, escaped, longest first: "平方千米" is tried before "千米" and
    ">=" before ">"; a search of it finds whether a text holds any of the words in one pass."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=32)
def caption_pattern(words: Sequence[str] = CAPTION_WORDS) -> re.Pattern[str]:
    """A table caption: [续] word N[-M] [：] title, or a bare 续表 / （续表） continuation.

    Groups: `cont` (续 before the word), `word`, `num` (N, N-M or N.M), `title`; `bare` for a 续表
    without number."""
    alternatives = alternation(words)
    return re.compile(
        rf"^(?:(?P<cont>续)?\s*(?P<word>{alternatives})\s*(?P<num>\d+(?:\s*[-－—–‐.．]\s*\d+)?)(?!\d)"
        r"(?:\s*[：:．.、])?\s*(?P<title>.*?)|(?P<bare>[（(]?\s*续\s*表\s*[)）]?)\s*[：:]?\s*(?P<rest>.*?))\s*$",
        re.S,
    )


CAPTION = caption_pattern()
CONTINUED = re.compile(r"\s*[（(]\s*续表?\s*[)）]\s*$")
CIRCLED = "①-⑳㉑-㉟㊱-㊿"  # the enclosed numerals that number items (in prose boxes, in cells)
PARENTHESIZED = "⑴-⒇"  # the parenthesized numerals ⑴..⒇
PARENTHESIZED_CN = "㈠-㈩"  # the parenthesized Chinese numerals ㈠..㈩
ITEM_NUMERAL = re.compile(rf"^[{CIRCLED}]\s*")
LABEL_PARTS = re.compile(r"\s*[-－—–‐.．]\s*")  # between the parts of a box number (表3-1, 表3.1)
MAX_BOX_DIGITS = 9  # a caption number (each part) with more digits: no box number, nor fits the database
_UNPRINTABLE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))  # Unicode categories printable() escapes
_SPACES = ("\u3000", "\xa0", "\u2002", "\u2003")  # ideographic, no-break, en and em spaces
_LINE_ENDS = re.compile(r"[^\S\n]*\n[^\S\n]*")  # a line break with the whitespace around it (str.strip's)


def clean_text(text: str) -> str:
    """Trim every line of a paragraph or cell and the whole; keep inner spaces and CJK punctuation."""
    for space in _SPACES:  # str.replace: str.translate takes 100x as long on CJK text
        text = text.replace(space, " ")
    if "\n" in text:  # most texts are one line: no split (the pattern strips each line's ends)
        text = _LINE_ENDS.sub("\n", text)
    return text.strip()


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


def is_wide(char: str) -> bool:
    """Whether a character is CJK (ideographs, kana, hangul, full-width forms and punctuation)."""
    return char >= "\u2e80"
