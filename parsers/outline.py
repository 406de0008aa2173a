"""Recognise the numbered headings of a plan's outline.

Levels follow the Chinese official-document convention: 一、 (1), （一）/㈠ (2),
1、/1./1． (3), ⑴/（1）/(1) (4), ① (5); the unnumbered 总则 is level 1.
A heading is short and is not a sentence: a numbered line that ends with 。 or
runs on for more than a title's length is a list item of the body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.text import PARENTHESIZED, PARENTHESIZED_CN, compact

_CN = "一二三四五六七八九十"
_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^([{_CN}]+)\s*、\s*(.+)$")),
    (2, re.compile(rf"^[（(]\s*([{_CN}]+)\s*[）)]\s*(.+)$")),
    (2, re.compile(rf"^([{PARENTHESIZED_CN}])\s*(.+)$")),
    (3, re.compile(r"^(\d{1,2})\s*[、．.](?!\d)\s*(.+)$")),
    (4, re.compile(rf"^([{PARENTHESIZED}])\s*(.+)$")),
    (4, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(.+)$")),
    (5, re.compile(r"^([①-⑳])\s*(.+)$")),
]
_MAX_TITLE = 40
_SENTENCE_END = ("。", "；", ";", "：", ":")
_SENTENCE_MARKS = re.compile(r"[。，；：！？,;:!?]")


@dataclass(frozen=True)
class Heading:
    level: int
    label: str | None
    title: str


def classify_heading(text: str) -> Heading | None:
    """The heading a paragraph states, or None for body text."""
    stripped = text.strip()
    if compact(stripped) == "总则":
        return Heading(1, None, "总则")
    for level, pattern in _PATTERNS:
        match = pattern.match(stripped)
        if match and _is_title(match.group(2)):
            return Heading(level, _label(match.group(1)), match.group(2).strip())
    return None


def looks_like_damaged_heading(text: str) -> bool:
    """A short unpunctuated line with no numeral: a heading whose numeral was lost in extraction."""
    stripped = text.strip()
    body = compact(stripped)
    return (
        2 <= len(body) <= 16
        and not _SENTENCE_MARKS.search(body)
        and not body.startswith(("—", "-", "注", "专栏", "《"))
        and not any(ch.isdigit() for ch in body)
    )


def _is_title(title: str) -> bool:
    title = title.strip()
    return 0 < len(title) <= _MAX_TITLE and "。" not in title and not title.endswith(_SENTENCE_END)


def _label(numeral: str) -> str:
    """The numeral as printed, with enclosed forms (⑴ ① ㈠) written plainly (1, 1, 一)."""
    code = ord(numeral[0])
    if 0x2474 <= code <= 0x2487:  # ⑴..⒇
        return str(code - 0x2474 + 1)
    if 0x2460 <= code <= 0x2473:  # ①..⑳
        return str(code - 0x2460 + 1)
    if 0x3220 <= code <= 0x3229:  # ㈠..㈩
        return _CN[code - 0x3220]
    return numeral
