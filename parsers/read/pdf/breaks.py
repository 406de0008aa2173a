"""Line breaks: whether a line wrapped or opens a paragraph, and lines joined into text.

A new paragraph starts at a change of font size, a gap wider than the document's usual line gap, an
indented line under a flush one, a numbered item (①, ⑴, ㈠), and wherever the line before stopped
short: the next line's first unbreakable unit would have fitted in the room left on it.  The room
rule also splits a cell's lines into its paragraphs ("\\n"), as does a numbered title line in a prose
cell.  Lines that wrapped are joined without a separator: where a line break could be either (a
paragraph that ends exactly at the edge of its cell), a PDF cannot tell, and the text is joined.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

from parsers.read.pdf.lines import Line
from parsers.read.pdf.options import PdfOptions
from parsers.words.text import CIRCLED, PARENTHESIZED, PARENTHESIZED_CN, clean_text

_ITEM = re.compile(rf"\s*[{CIRCLED}{PARENTHESIZED}{PARENTHESIZED_CN}]")
_SENTENCE = re.compile(r"[，。；：！？]")


def chained_leads(lines: list[Line]) -> list[float]:
    """Each line's lead width, a line that is one open unit adding the lead of the line after it
    (LibreOffice puts "（" alone on a line when "（B2O3）" fits nowhere)."""
    leads = [line.lead for line in lines]
    for i in range(len(lines) - 2, -1, -1):
        if lines[i].open_end:
            leads[i] += leads[i + 1]
    return leads


def wraps(before: Line, lead: float, room: float, options: PdfOptions) -> bool:
    """Whether a unit `lead` wide was wrapped: it would not have fitted in the `room` left after `before`.

    The slack covers the extra space engines put between CJK and Latin text (0.2 em in LibreOffice)."""
    return lead + options.fit_slack * before.size > room


def starts_paragraph(
    before: Line,
    line: Line,
    lead: float,
    room: float,
    leading: float | None,
    indented: bool,
    options: PdfOptions,
) -> bool:
    """Whether `line` (first unit `lead` wide) opens a paragraph after `before`, which had `room` left.

    `indented` says the line starts further in than `before`; a numbered item (①, ⑴, ㈠) always opens one."""
    if abs(line.size - before.size) > options.size_change or indented or _ITEM.match(line.text):
        return True
    gap = line.top - before.bottom
    if leading is not None and line.page == before.page and gap > leading + options.extra_gap * line.size:
        return True
    return not wraps(before, lead, room, options)


def item_title(before: Line, line: Line) -> bool:
    """Whether `before` is the title line of a numbered item in a cell: without sentence punctuation,
    and followed by a line with some (①于田县闪长岩重点勘查区 / 面积238.6平方千米，…)."""
    return bool(
        _ITEM.match(before.text) and not _SENTENCE.search(before.text) and _SENTENCE.search(line.text)
    )


def joined_lines(lines: list[Line], breaks: list[bool]) -> str:
    """Lines joined into text: a newline where breaks[i] says line i + 1 opens a paragraph, else nothing."""
    parts = [lines[0].text]
    for line, new_paragraph in zip(lines[1:], breaks, strict=True):
        parts.append("\n" if new_paragraph else "")
        parts.append(line.text)
    return clean_text("".join(parts))


def usual_gaps(line_lists: Iterable[list[Line]]) -> dict[int, float]:
    """The most common gap between consecutive lines of one font size on one page, by rounded size."""
    gaps: dict[int, Counter[float]] = {}
    for lines in line_lists:
        for before, line in pairwise(lines):
            gap = line.top - before.bottom
            if (
                line.page == before.page
                and round(line.size) == round(before.size)
                and 0 <= gap < 2 * line.size
            ):
                gaps.setdefault(round(line.size), Counter())[round(gap * 2) / 2] += 1
    return {size: counter.most_common(1)[0][0] for size, counter in gaps.items()}
