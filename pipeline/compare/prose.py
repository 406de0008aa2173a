"""Counts and areas printed in body text: each number with its measure word, noun and bracket depth.

A paragraph is one line of a section's text.  A figure is a number followed by a
count word (个, 家, 处 … from models/vocab/indicator_words.csv) or an area word
(平方千米 …); its noun is the text before it back to the previous punctuation
("设置砂石土类矿产开采规划区块" for 170 in "设置砂石土类矿产开采规划区块170个") and its depth
the number of brackets open around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from parsers.words.lexicon import indicator_word
from pipeline.compare.data import PlanData, Record

_FIGURE = re.compile(r"(?<![\d.\-～~—∶:])(\d+(?:\.\d+)?)\s*(平方千米|平方公里|km2|[^\d\s，。；、（）()]?)")
_PUNCTUATION = "，。；、：:,;（）()！？"
_OPEN, _CLOSE = "（(", "）)"
_BRACKET = re.compile(f"[{re.escape(_OPEN + _CLOSE)}]")
_CACHED_PARAGRAPHS = 1 << 10  # more than a plan has: its plan rules run one after another (run.py)
_SENTENCE_END = "。！？"
# the verb phrase a counted thing follows (设置 开采规划区块 446个; 落实上级规划 勘查规划区块 共445个)
_LEAD = re.compile(r"^.*(?:设置和落实上级规划|落实上级规划|设置|划定|部署|保留|现有|共有|拟出让|其中)")


@dataclass(frozen=True)
class Figure:
    value: float
    text: str  # the digits as printed
    word: str  # the measure word: 个, 家, 平方千米
    kind: str  # count or area
    start: int
    end: int  # just after the measure word
    depth: int  # brackets open around the number
    noun: str  # the words before the number, back to punctuation


def paragraphs(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@lru_cache(maxsize=_CACHED_PARAGRAPHS)
def depths(paragraph: str) -> tuple[int, ...]:
    """The bracket depth at every character of the paragraph (an opening bracket outside the bracket it
    opens, a closing one too): run by run between brackets, the characters of a run at one depth."""
    depth, out, run_start = 0, list[int](), 0
    for bracket in _BRACKET.finditer(paragraph):
        out.extend([depth] * (bracket.start() - run_start))
        if bracket.group() in _CLOSE:
            depth = max(depth - 1, 0)
            out.append(depth)
        else:
            out.append(depth)
            depth += 1
        run_start = bracket.end()
    out.extend([depth] * (len(paragraph) - run_start))
    return tuple(out)


@lru_cache(maxsize=_CACHED_PARAGRAPHS)  # three rules read each paragraph's figures
def figures(paragraph: str) -> tuple[Figure, ...]:
    depth = depths(paragraph)
    found = []
    for m in _FIGURE.finditer(paragraph):
        value, word = m.group(1), m.group(2)
        if word and indicator_word("area_word", word):
            kind = "area"
        elif word and indicator_word("count_word", word) and "." not in value:
            kind = "count"
        else:
            continue
        if paragraph[max(m.start() - 2, 0) : m.start()] == "专栏":
            continue
        found.append(
            Figure(
                float(value),
                value,
                word,
                kind,
                m.start(),
                m.end(),
                depth[m.start()],
                noun_before(paragraph, m.start()),
            )
        )
    return tuple(found)


def noun_before(paragraph: str, start: int) -> str:
    """The thing counted by the number at `start`: the words before it back to punctuation or a
    digit, less a leading verb phrase and a trailing 共/有 ("本轮规划设置开采规划区块" → 开采规划区块)."""
    i = start
    while i > 0 and paragraph[i - 1] not in _PUNCTUATION and not paragraph[i - 1].isdigit():
        i -= 1
    words = _LEAD.sub("", paragraph[i:start].strip())
    return words.rstrip("共有为约达").strip() or paragraph[i:start].strip()


def closing(paragraph: str, start: int) -> int:
    """The index of the bracket closing the one opened at `start`, else the paragraph's end."""
    depth = 0
    for i in range(start, len(paragraph)):
        if paragraph[i] in _OPEN:
            depth += 1
        elif paragraph[i] in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
    return len(paragraph)


def sentence_end(paragraph: str, start: int) -> int:
    return next((i for i in range(start, len(paragraph)) if paragraph[i] in _SENTENCE_END), len(paragraph))


def sentence_around(paragraph: str, position: int) -> str:
    """The sentence of the paragraph that holds `position`, as printed."""
    begin = max((paragraph.rfind(c, 0, position) for c in _SENTENCE_END), default=-1) + 1
    return paragraph[begin : sentence_end(paragraph, position) + 1].strip()


def section_paragraphs(data: PlanData) -> list[tuple[Record, int, str]]:
    """(section, index, paragraph) for every paragraph of every section, in document order (split once
    per plan for the rules that read them)."""
    return data.derived(
        ("section_paragraphs", None),
        lambda: [(s, i, paragraph) for s in data.sections for i, paragraph in enumerate(paragraphs(s.text))],
    )
