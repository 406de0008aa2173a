"""Recognise the headings of a plan's outline and the levels its numbering styles take.

A heading is short and is not a sentence: a numbered line that ends with 。 or
runs on for more than a title's length is a list item of the body text.  Its
*style* is how it is numbered: 第X编 / 第X篇 / 第X部分 / 第X章 / 第X节 / 第X条,
一、, （一） or ㈠, 1. or 1、 or 1．, （1） or ⑴, ①; a Word heading style (Heading N,
or a style with an outline level) with no printed numeral is the style `Heading N`.
总则 and the appendix headings (附表, 附件, 附件1 …) are unnumbered top-level headings.

Levels are not fixed per style: they come from the order in which a plan's styles
nest (`style_order`).  Styles are placed as they are first seen, under the heading
open at that point, so 一、 is level 1 in a plan that starts with it and level 3 in
one that nests it under 第X章 and 第X节.  Two conventions settle what nesting alone
cannot: the 第X styles and Word heading styles always rank above the printed
enumerations and keep their own order (编 above 章 above 节 above 条, Heading 1 above
Heading 2), and a new style inserted where another already ranks goes below the
styles the official-document convention puts above it (一、 > （一） > 1. > （1） > ①).
Where no 第X or Word heading style has been seen yet since the start or a 总则 (the
preamble, and plans numbered only 一、 / （一） / 1. …), new styles are placed by that
convention alone, so a （一） list under 总则 does not push the plan's 一、 chapters down.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from parsers.words.text import PARENTHESIZED, PARENTHESIZED_CN, compact

_CN = "一二三四五六七八九十"
_CN_BIG = "零〇一二三四五六七八九十百千"
TOP = "总则"  # the unnumbered preamble heading and the appendix headings: always level 1
APPENDIX = "附件"
_CHAPTER_STYLES = ("第X编", "第X篇", "第X部分", "第X章", "第X节", "第X条")
_WORD_STYLES = tuple(f"Heading {n}" for n in range(1, 10))
_ENUMERATIONS = ("一、", "（一）", "1.", "（1）", "①")
STYLES = (*_CHAPTER_STYLES, *_WORD_STYLES, *_ENUMERATIONS)  # the convention's order, top down
_HARD = frozenset((*_CHAPTER_STYLES, *_WORD_STYLES))
_RANK = {style: i for i, style in enumerate(STYLES)}
_RANK.update({"第X篇": _RANK["第X编"], "第X部分": _RANK["第X编"]})  # 编, 篇 and 部分 are one tier

_CHAPTER = re.compile(rf"^(第\s*[{_CN_BIG}\d]+\s*(编|篇|部分|章|节|条))\s*[、：:.．]?\s*(.*)$", re.S)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("一、", re.compile(rf"^([{_CN}]+)\s*、\s*(.+)$", re.S)),
    ("（一）", re.compile(rf"^[（(]\s*([{_CN}]+)\s*[）)]\s*(.+)$", re.S)),
    ("（一）", re.compile(rf"^([{PARENTHESIZED_CN}])\s*(.+)$", re.S)),
    ("1.", re.compile(r"^(\d{1,2})\s*[、．.](?!\d)\s*(.+)$", re.S)),
    ("（1）", re.compile(rf"^([{PARENTHESIZED}])\s*(.+)$", re.S)),
    ("（1）", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(.+)$", re.S)),
    ("①", re.compile(r"^([①-⑳])\s*(.+)$", re.S)),
]
_APPENDIX = re.compile(rf"^(附\s*[表件])(?:\s*([{_CN}\d]+)\s*[：:、.．]?|\s*[：:]|\s+|$)\s*(.*)$", re.S)
_CONTENTS = frozenset(("目录", "目次"))
_TOC_ENTRY = re.compile(r"^(.*?\S)\s*(?:[.．·…‥_—-]{3,}|\t|\s)\s*(\d{1,3})$", re.S)
_LEADERS = re.compile(r"[.．·…‥_—-]{3,}\s*\d{1,3}$")
_MIN_TOC_RUN = 3  # entries that make a table of contents without a 目录 line
_MAX_TITLE = 40
_MAX_WORD_HEADING = 60  # a paragraph in a Word heading style is a heading up to this length
_SENTENCE_END = ("。", "；", ";", "：", ":")
_SENTENCE_MARKS = re.compile(r"[。，；：！？,;:!?]")


@dataclass(frozen=True)
class Heading:
    style: str  # one of STYLES, or TOP / APPENDIX
    label: str | None  # the numeral as printed (第一章, 一, 1); None for 总则 or a Word heading style
    title: str


@lru_cache(maxsize=4096)
def classify_heading(text: str, heading_level: int | None = None) -> Heading | None:
    """The heading a paragraph states, or None for body text; heading_level is its Word style's level.

    Cached per text and level: the boxes' appendix search and the outline both classify every
    paragraph, and a profile that gives outline styles has the structure read twice."""
    stripped = text.strip()
    if compact(stripped) == "总则":
        return Heading(TOP, None, "总则")
    appendix = _appendix(stripped)
    if appendix is not None:
        return appendix
    chapter = _CHAPTER.match(stripped)
    if chapter and (not chapter.group(3) or _is_title(chapter.group(3))):
        style = f"第X{chapter.group(2)}"
        return Heading(style, compact(chapter.group(1)), chapter.group(3).strip())
    for style, pattern in _PATTERNS:
        match = pattern.match(stripped)
        if match and _is_title(match.group(2)):
            return Heading(style, _label(match.group(1)), match.group(2).strip())
    if heading_level is not None and 0 < len(stripped) <= _MAX_WORD_HEADING and "。" not in stripped:
        return Heading(f"Heading {min(heading_level, 9)}", None, stripped)
    return None


def _appendix(text: str) -> Heading | None:
    """附表 / 附件 / 附件1 / 附表一 … alone or before a short title (a caption only where a table follows)."""
    match = _APPENDIX.match(text)
    if match is None or (match.group(3) and not _is_title(match.group(3))):
        return None
    word, number = compact(match.group(1)), match.group(2)
    return Heading(APPENDIX, word + number if number else None, match.group(3).strip() or word)


def style_order(styles: Iterable[str]) -> list[str]:
    """The plan's numbering styles, top down, from the styles of its headings in document order."""
    order: list[str] = []
    open_styles: list[str] = []  # styles of the headings open at this point, outermost first
    preamble = True  # from the start or a 总则 up to the next 第X or Word heading style: placed by convention
    for style in styles:
        if style in (TOP, APPENDIX):
            open_styles, preamble = [], True
            continue
        if style in order:
            rank = order.index(style)
            while open_styles and order.index(open_styles[-1]) >= rank:
                open_styles.pop()
        else:
            if preamble:
                open_styles = []
            while open_styles and _must_rank_above(style, open_styles[-1]):
                open_styles.pop()
            position = order.index(open_styles[-1]) + 1 if open_styles else 0
            while position < len(order) and _RANK[order[position]] < _RANK[style]:
                position += 1
            order.insert(position, style)
        open_styles.append(style)
        preamble = preamble and style not in _HARD
    return order


def levels(headings: Sequence[Heading | None], order: Sequence[str] | None = None) -> list[int | None]:
    """Each heading's level (None where there is none): 1 for 总则 and appendices, else its style's rank
    in `order` (default: style_order of the headings) counted from 1."""
    ranks = list(order) if order is not None else style_order(h.style for h in headings if h is not None)
    return [
        None if h is None else 1 if h.style in (TOP, APPENDIX) else ranks.index(h.style) + 1 for h in headings
    ]


def table_of_contents(texts: Sequence[str]) -> set[int]:
    """Indexes of the paragraphs that are a table of contents: a 目录 line and the entries after it (up
    to the first heading the entries repeat, else while lines end in a page number), or a run of
    at least three headings that end in page numbers or dot leaders."""
    found: set[int] = set()
    i = 0
    while i < len(texts):
        if compact(texts[i]) in _CONTENTS:
            end = _contents_end(texts, i + 1)
            found.update(range(i, end))
            i = end
            continue
        end = i
        while end < len(texts) and _is_entry(texts[end]):
            end += 1
        if end - i >= _MIN_TOC_RUN:
            found.update(range(i, end))
        i = max(end, i + 1)
    return found


def _contents_end(texts: Sequence[str], start: int) -> int:
    """Where the entries after a 目录 line end: before the first repeat of the first entry's heading, else
    after the run of lines ending in page numbers."""
    if start < len(texts):
        first = compact(_entry_title(texts[start]))
        for j in range(start + 1, len(texts)):
            if compact(texts[j]) == first:
                return j
    end = start
    while end < len(texts) and (_TOC_ENTRY.match(texts[end].strip()) or _LEADERS.search(texts[end])):
        end += 1
    return end


def _entry_title(text: str) -> str:
    match = _TOC_ENTRY.match(text.strip())
    return _LEADERS.sub("", match.group(1)).strip() if match else text


def _is_entry(text: str) -> bool:
    """A heading followed by its page number (after dot leaders, a tab or a space)."""
    stripped = text.strip()
    if not stripped[-1:].isdecimal():  # both patterns end in \d: spare most paragraphs their scan
        return False
    if _LEADERS.search(stripped):
        return True
    match = _TOC_ENTRY.match(stripped)
    return bool(match) and classify_heading(match.group(1)) is not None


def _must_rank_above(style: str, other: str) -> bool:
    return style in _HARD and _RANK[style] < _RANK[other]


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


def is_title(text: str) -> bool:
    """Whether a line reads as a heading's title: short, not a sentence."""
    return _is_title(text)


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
