"""Small plans written for the review rules (tests/test_review.py): a Tika text export built from
sections and 专栏 tables, in the layout of the bundled plans (one cell per line after a TAB, rows
separated by a blank line)."""

from __future__ import annotations

from pathlib import Path

TITLES = {
    "策勒县": "新疆维吾尔自治区策勒县矿产资源总体规划（2021—2025年）",
    "和田地区": "和田地区矿产资源总体规划（2021—2025年）",
}


def table(number: int, title: str, rows: list[list[str]]) -> str:
    """专栏N as Tika prints it: the caption, then each row's cells."""
    lines = [f"\t专栏{number}  {title}", ""]
    for row in rows:
        lines.extend(f"\t{cell}" for cell in row)
        lines.append("")
    return "\n".join(lines) + "\n\n"


def plan(folder: Path, region: str, *parts: str) -> Path:
    """A plan of `region` for 2021-2025: a preamble naming it, then the given sections and tables."""
    title = TITLES[region]
    head = (
        " 总  则\n"
        f"规划依据：《中华人民共和国矿产资源法》等，编制《{title}》（以下简称《规划》）。\n"
        f"规划范围：适用于{region}行政辖区。以2020年为基期，目标年为2025年，展望到2035年。\n"
    )
    path = folder / f"{region}-2021-2025.tika.txt"
    path.write_text(head + "".join(parts) + "\n三、规划实施与管理\n加强组织领导。\n", encoding="utf-8")
    return path
