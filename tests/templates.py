"""Plans in other provinces' templates, written from the bundled plans (raw/) by the project itself.

Each template takes one bundled Tika text and rewrites, line by line, what a plan of another
template prints differently, and nothing else:

* regions: every Xinjiang name of models/vocab/regions.csv, full and short, becomes a real name of
  云南省 (和田地区 → 楚雄彝族自治州, 洛浦县 → 姚安县, 洛浦 → 姚安, 喀什地区 → 大理白族自治州 …),
  one to one, so a short name still means in its prefecture what it meant (和田 → 楚雄: 和田县 →
  楚雄市); 和田玉 (a mineral) is kept;
* headings: each numbering style of the source becomes the template's (一、 → 第X章, （一） → 第X节 …),
  the numeral kept (二、 → 第二章), the title as printed;
* captions: 专栏N becomes the template's label (表N：, 表N-M numbered by chapter, 附表N), a
  continuation its template's form (续表N, 表N-M（续）, 附表N(续表)), and every citation in the text
  (（专栏15）) the new label;
* optionally a table of contents (目录 and one entry per top-level heading with a page number).

`python tests/templates.py` writes tests/fixtures/templates/<name>.tika.txt; tests/test_templates.py
checks the committed files are what this module writes and that each gives its source's outline,
boxes and records, value for value, with the regions renamed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from models.document import Paragraph
from models.vocabulary import Region, RegionVocabulary
from parsers.read.tika_text import parse_lines
from parsers.structure.outline import classify_heading, levels
from parsers.words.text import CAPTION, alternation

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
FOLDER = ROOT / "tests" / "fixtures" / "templates"

# every printed form of a Xinjiang region in the bundled plans → a real region of 云南省
RENAMES = {
    "新疆维吾尔自治区": "云南省",
    "新疆": "云南",
    "和田地区": "楚雄彝族自治州",
    "和田市": "双柏县",
    "和田县": "楚雄市",
    "和田玉": "和田玉",  # a mineral (玉石), not the region
    "和田": "楚雄",
    "墨玉县": "牟定县",
    "墨玉": "牟定",
    "皮山县": "南华县",
    "皮山": "南华",
    "洛浦县": "姚安县",
    "洛浦": "姚安",
    "策勒县": "大姚县",
    "策勒": "大姚",
    "于田县": "永仁县",
    "于田": "永仁",
    "民丰县": "元谋县",
    "民丰": "元谋",
    "喀什地区": "大理白族自治州",
    "喀什市": "大理市",
    "喀什": "大理",
    "疏附县": "漾濞彝族自治县",
    "疏附": "漾濞",
    "疏勒县": "祥云县",
    "疏勒": "祥云",
    "英吉沙县": "宾川县",
    "英吉沙": "宾川",
    "泽普县": "弥渡县",
    "泽普": "弥渡",
    "莎车县": "南涧彝族自治县",
    "莎车": "南涧",
    "叶城县": "巍山彝族回族自治县",
    "叶城": "巍山",
    "麦盖提县": "永平县",
    "麦盖提": "永平",
    "岳普湖县": "云龙县",
    "岳普湖": "云龙",
    "伽师县": "洱源县",
    "伽师": "洱源",
    "巴楚县": "剑川县",
    "巴楚": "剑川",
    "塔什库尔干塔吉克自治县": "鹤庆县",
    "塔什库尔干县": "鹤庆县",
    "塔什库尔干": "鹤庆",
    "塔县": "鹤庆",
}
_NAMES = re.compile(alternation(RENAMES))
_BOOKMARKS = re.compile(r"^(\s*(?:\[bookmark: [^\]]*\])*)\s*(.*)$", re.S)
_CITATION = re.compile(r"专栏\s*(\d+)")
_CN = "一二三四五六七八九十"


def rename(text: str) -> str:
    return _NAMES.sub(lambda m: RENAMES[m.group(0)], text)


def renamed_regions(bundled: RegionVocabulary) -> RegionVocabulary:
    """The vocabulary with every renamed region added (level, parent and short names renamed alike)."""
    known = {r.name for r in bundled.all()}
    added = [
        Region(
            rename(r.name),
            r.level,
            rename(r.parent) if r.parent else None,
            None,
            tuple(map(rename, r.short_names)),
        )
        for r in bundled.all()
        if rename(r.name) not in known
    ]
    return RegionVocabulary([*bundled.all(), *added])


def renamed(value: Any) -> Any:
    """A record (or a list of them) with every text field renamed."""
    if isinstance(value, str):
        return rename(value)
    if isinstance(value, list):
        return [renamed(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: renamed(getattr(value, f.name)) for f in fields(value)})
    return value


def number(label: str) -> int:
    """一 … 九十九 or digits."""
    if label.isdigit():
        return int(label)
    tens, _, ones = label.rpartition("十")
    if "十" not in label:
        return _CN.index(label) + 1
    return (_CN.index(tens) + 1 if tens else 1) * 10 + (_CN.index(ones) + 1 if ones else 0)


def chinese(n: int) -> str:
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else "十" if tens == 1 else _CN[tens - 1] + "十"
    return head + (_CN[ones - 1] if ones else "")


NUMBERING: dict[str, Callable[[int], str]] = {
    "第X部分": lambda n: f"第{chinese(n)}部分 ",
    "第X章": lambda n: f"第{chinese(n)}章 ",
    "第X节": lambda n: f"第{chinese(n)}节 ",
    "一、": lambda n: f"{chinese(n)}、",
    "（一）": lambda n: f"（{chinese(n)}）",
    "1.": lambda n: f"{n}.",
    "（1）": lambda n: f"（{n}）",
}


@dataclass(frozen=True)
class Template:
    name: str  # the fixture's stem
    source: str  # the raw plan's stem
    styles: dict[str, str]  # the source's numbering style → the template's
    label: Callable[[int, int, int], str]  # (box number, chapter, box within chapter) → label
    caption: str  # how a caption prints: {label} and {title}
    continued: str  # how a continuation prints
    contents: bool = False  # a table of contents at the top
    preamble_chapter: bool = False  # 总则 printed as the first chapter (第一章 总则), the others after it

    @property
    def path(self) -> Path:
        return FOLDER / f"{self.name}.tika.txt"


TEMPLATES = (
    # a prefecture plan as Yunnan prints them: 第X章 / 第X节 / 一、 / （一）, 表N：, a table of contents
    Template(
        "chuxiong-prefecture-chapters",
        "hotan-prefecture-2021-2025",
        {"一、": "第X章", "（一）": "第X节", "1.": "一、", "（1）": "（一）"},
        lambda n, chapter, k: f"表{n}",
        "{label}：{title}",
        "续{label} {title}",
        contents=True,
    ),
    # a county plan as Sichuan prints them: 第X章 / 一、 / （一）, tables numbered by chapter (表3-1)
    Template(
        "yaoan-county-chapter-tables",
        "luopu-county-2021-2025",
        {"一、": "第X章", "（一）": "一、", "1.": "（一）", "（1）": "1."},
        lambda n, chapter, k: f"表{chapter}-{k}",
        "{label} {title}",
        "{label} {title}（续）",
        preamble_chapter=True,
    ),
    # a prefecture plan in parts: 第X部分 / 一、 / （一） / 1., its tables captioned 附表N
    Template(
        "dali-prefecture-parts",
        "kashgar-prefecture-2021-2025",
        {"一、": "第X部分", "（一）": "一、", "1.": "（一）", "（1）": "1."},
        lambda n, chapter, k: f"附表{n}",
        "{label}  {title}",
        "{label}  {title}(续表)",
    ),
)


def render(template: Template) -> str:
    """The template's fixture text from its source plan."""
    lines = (RAW / f"{template.source}.tika.txt").read_text(encoding="utf-8").splitlines()
    headings = _headings(lines)
    labels = _labels(template, lines, headings)
    out = []
    for number_, raw in enumerate(lines, start=1):
        prefix, text = _BOOKMARKS.match(raw.removeprefix("\t")).groups()
        tab = "\t" if raw.startswith("\t") else ""
        caption = CAPTION.match(text)
        if caption and caption.group("word") == "专栏":
            text = _caption(template, labels[int(caption.group("num"))], caption.group("title"))
        elif number_ in headings:
            text = _heading(template, text, headings[number_])
        if not tab:
            text = _CITATION.sub(lambda m: labels.get(int(m.group(1)), m.group(0)), text)
        out.append(rename(tab + prefix + text))
    head = _contents(template, lines, headings) if template.contents else []
    return "\n".join([*head, *out]) + "\n"


def _headings(lines: list[str]) -> dict[int, int]:
    """Line number → outline level of every heading paragraph of the source."""
    paragraphs = [b for b in parse_lines(lines) if isinstance(b, Paragraph)]
    found = levels([classify_heading(p.text) for p in paragraphs])
    return {p.line: level for p, level in zip(paragraphs, found, strict=True) if level is not None}


def _labels(template: Template, lines: list[str], headings: dict[int, int]) -> dict[int, str]:
    """专栏 number → the template's label, the chapter counted from the top-level numbered headings."""
    labels: dict[int, str] = {}
    chapter = within = 0
    for number_, raw in enumerate(lines, start=1):
        text = _BOOKMARKS.match(raw.removeprefix("\t")).group(2)
        heading = classify_heading(text) if number_ in headings else None
        if heading is not None and (heading.label or template.preamble_chapter) and headings[number_] == 1:
            chapter, within = chapter + 1, 0
        caption = CAPTION.match(text)
        if caption and caption.group("word") == "专栏" and int(caption.group("num")) not in labels:
            within += 1
            labels[int(caption.group("num"))] = template.label(int(caption.group("num")), chapter, within)
    return labels


def _caption(template: Template, label: str, printed: str) -> str:
    title = re.sub(r"\s*[（(]\s*续表?\s*[)）]\s*$", "", printed)
    form = template.continued if title != printed else template.caption
    return form.format(label=label, title=title)


def _heading(template: Template, text: str, level: int) -> str:
    heading = classify_heading(text)
    if heading is None:
        return text
    shift = int(template.preamble_chapter and level == 1)
    if heading.label is None:
        return NUMBERING[template.styles["一、"]](1) + heading.title if shift else text
    if heading.style not in template.styles:
        return text
    return NUMBERING[template.styles[heading.style]](number(heading.label) + shift) + heading.title


def _contents(template: Template, lines: list[str], headings: dict[int, int]) -> list[str]:
    """目录 and one entry per top-level heading, with made-up page numbers."""
    entries = ["目  录"]
    for page, line in enumerate((n for n, level in headings.items() if level == 1), start=1):
        text = _BOOKMARKS.match(lines[line - 1]).group(2)
        entries.append(f"{_heading(template, text, 1)}\t{page * 3}")
    return [*map(rename, entries), ""]


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for template in TEMPLATES:
        template.path.write_text(render(template), encoding="utf-8")
        print(f"wrote {template.path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
