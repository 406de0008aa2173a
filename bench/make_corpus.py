"""Generate a synthetic national corpus of plans from raw/ for the corpus benchmark (bench/bench_corpus.py).

Usage: .venv/bin/python bench/make_corpus.py [OUT] [--plans N] [--seed N] [--docx N] [--pdf N]

Plans come in groups, one per prefecture: the prefecture's plan (from the 和田 or
喀什 text) and a plan for each of its counties (from the 洛浦 text), for two
planning rounds (2016-2020 and 2021-2025).  Prefectures are taken from the
national region list (models/vocab/regions.csv), one province after another in
turn (provinces and their prefectures in a seeded order), until the next group
would pass `--plans` (default 3,100: 3,000 and a group more, so that the 3,000-plan
benchmark run has a plan to add); so any first groups of the corpus are a national
sample of whole prefectures.  Each text is rewritten for its region:
the template's region, its prefecture, that prefecture's other counties (zone and
table names carrying them) and its province, full and short names and the
province's level word (自治区 → 省); years and 十四五-style labels shifted to the
round.  Each file is perturbed, seeded by its name:

* every numeric table cell but a row's first (序号) is multiplied by a factor
  between 0.8 and 1.25, printed with as many decimals as before;
* up to two layout edits: two body rows swapped, a captioned box dropped, a long
  box split by a `专栏N …（续表）` caption row and its header row repeated; and
  half the files get 1-3 blank lines between table rows (Tika text rules:
  a TAB line after any number of blank lines starts a row).

`--docx` files (default 1 in 100) are Word documents rendered by
tests/fixtures/render_fixtures.py, `--pdf` files PDFs converted from those by
LibreOffice (only when the PDF reader is registered; default none: LibreOffice is
slow), the rest Tika text.  Every file is parsed back and must resolve to its
region and period.  OUT/corpus.csv lists the files in corpus order with their
group (bench/bench_corpus.py takes whole groups from the start).  The output
folder (default output/corpus) must be empty or absent.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib
import os
import random
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import cycle, pairwise, zip_longest
from pathlib import Path
from types import ModuleType
from unittest import mock

from models.document import Table
from models.vocabulary import Region, RegionVocabulary, regions
from parsers.parse import parse_document
from parsers.read.readers import READERS
from parsers.read.tika_text import parse_lines
from parsers.words.text import CAPTION, alternation

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
COUNTY_TEMPLATE = ("洛浦县", RAW / "luopu-county-2021-2025.tika.txt")
PREFECTURE_TEMPLATES = (
    ("和田地区", RAW / "hotan-prefecture-2021-2025.tika.txt"),
    ("喀什地区", RAW / "kashgar-prefecture-2021-2025.tika.txt"),
)
TEMPLATE_PERIOD = 2021  # the bundled plans cover 2021-2025
ROUNDS = (2016, 2021)  # the first years of the two planning rounds
TIKA = ".tika.txt"
FORMATS = (TIKA, ".docx", ".pdf")
MANIFEST = "corpus.csv"
Row = list[str]  # one table row's lines in Tika text: its TAB lines and their continuation lines

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_YEAR = re.compile(
    r"(?<![\d.])(?:19|20)\d\d(?![\d.])(?=\s*(?:年|[-—－–～~至]\s*(?:19|20)\d\d))"
    r"|(?<=[-—－–～~至])(?:19|20)\d\d(?![\d.])"
)
_FIVE_YEAR_LABEL = re.compile(r"十[一二三四五六七八九]五")  # 十三五, 十四五: "十五" may be fifteen
_NUMERIC_CELL = re.compile(r"^(\t(?:\[bookmark: [^\]]*\])*\s*)(\d+(?:\.\d+)?)(\s*)$")
_NUMERALS = "一二三四五六七八九"


@dataclass(frozen=True)
class PlanSpec:
    """One file of the corpus: which plan, which period, in which format, in which prefecture group."""

    region: Region
    template: Path
    names: dict[str, str]  # printed name in the template → printed name in this plan
    start: int  # the period's first year
    group: int  # the prefecture group's place in the corpus
    suffix: str = TIKA  # ".tika.txt", ".docx" or ".pdf"
    revision: int = 1  # a later one (tests/test_incremental.py, bench/bench_compare.py): a new version

    @property
    def stem(self) -> str:
        stem = f"{self.region.code}-{self.region.name}-{self.start}-{self.start + 4}"
        return f"{stem}-r{self.revision}" if self.revision > 1 else stem


# -- which plans ---------------------------------------------------------------------------------


def prefecture_order(vocabulary: RegionVocabulary, rng: random.Random) -> list[Region]:
    """Every prefecture that has counties, one province after another in turn (seeded orders)."""
    counties = {region.parent_code for region in vocabulary.all() if region.level == "county"}
    by_province: dict[str | None, list[Region]] = {}
    for region in vocabulary.all():
        if region.level == "prefecture" and region.code in counties:
            by_province.setdefault(region.parent_code, []).append(region)
    provinces = [by_province[code] for code in sorted(by_province, key=str)]
    rng.shuffle(provinces)
    for prefectures in provinces:
        rng.shuffle(prefectures)
    return [region for turn in zip_longest(*provinces) for region in turn if region is not None]


def plan_specs(seed: int, plans: int, docx: int, pdf: int) -> list[PlanSpec]:
    """Whole prefecture groups (both rounds) up to `plans` files; `docx` and `pdf` of them in those formats
    (seeded)."""
    rng = random.Random(seed)
    vocabulary = regions()
    specs: list[PlanSpec] = []
    for group, prefecture in enumerate(prefecture_order(vocabulary, rng)):
        members = group_members(vocabulary, prefecture, group)
        if len(specs) + len(members) > plans:
            break
        specs.extend(members)
    for index, chosen in enumerate(rng.sample(range(len(specs)), docx + pdf)):
        specs[chosen] = replace(specs[chosen], suffix=".docx" if index < docx else ".pdf")
    return specs


def group_members(vocabulary: RegionVocabulary, prefecture: Region, group: int) -> list[PlanSpec]:
    """A prefecture's plan and its counties' plans, for each round."""
    template_name, template = PREFECTURE_TEMPLATES[group % len(PREFECTURE_TEMPLATES)]
    county_name, county_template = COUNTY_TEMPLATE
    plans = [(prefecture, template, renaming(vocabulary, vocabulary.get(template_name), prefecture))]
    plans += [
        (county, county_template, renaming(vocabulary, vocabulary.get(county_name), county))
        for county in _children(vocabulary, prefecture)
    ]
    return [PlanSpec(region, path, names, start, group) for start in ROUNDS for region, path, names in plans]


def _children(vocabulary: RegionVocabulary, region: Region) -> list[Region]:
    return [child for child in vocabulary.all() if child.parent_code == region.code]


def renaming(vocabulary: RegionVocabulary, template: Region | None, target: Region) -> dict[str, str]:
    """Printed names of the template's plan → those of the target's: the region, the regions above it
    up to the province, the other counties of its prefecture (in turn), the province's level word, and
    the plan's full name (province and region) with every level between."""
    if template is None:
        raise SystemExit("a template region is missing from the region list")
    chain = [template, *vocabulary.ancestors(template)]
    targets = [target, *vocabulary.ancestors(target)]
    lineage = [(a, b) for a, b in zip(chain, targets, strict=False) if a.level != "national"]
    province, new_province = lineage[-1]
    prefecture, new_prefecture = next((a, b) for a, b in lineage if a.level == "prefecture")
    others = [c for c in _children(vocabulary, new_prefecture) if c not in (template, target)]
    siblings = [c for c in _children(vocabulary, prefecture) if c not in (template, target)]
    pairs = lineage + (list(zip(siblings, cycle(others), strict=False)) if others else [])
    names: dict[str, str] = {}
    for old, new in reversed(pairs):  # the region's own names win over a sibling's
        names[old.name] = new.name
        new_short = new.short_names[0] if new.short_names else new.name
        names.update(dict.fromkeys(old.short_names, new_short))
    names[province.kind] = new_province.kind
    # the plan's full name, 新疆维吾尔自治区洛浦县, names every level down to the region: 黑龙江省鹤岗市向阳区
    names[province.name + template.name] = "".join(new.name for _, new in reversed(lineage))
    return names


# -- the text of one plan ------------------------------------------------------------------------


def plan_text(spec: PlanSpec, seed: int) -> str:
    """The template renamed, moved to the spec's period, its tables' numbers and layout perturbed."""
    rng = random.Random(f"{seed}-{spec.stem}")
    text = _renamed(spec.template.read_text(encoding="utf-8"), spec.names)
    text = _shifted(text, spec.start - TEMPLATE_PERIOD)
    return "\n".join(perturbed(text.splitlines(), rng)) + "\n"


def _renamed(text: str, names: dict[str, str]) -> str:
    if not names:
        return text
    pattern = re.compile(alternation(names))
    return pattern.sub(lambda m: names[m.group()], text)


def _shifted(text: str, years: int) -> str:
    """Every year (a number before 年 or in a year range) and five-year-plan label moved by `years`."""
    text = _YEAR.sub(lambda m: str(int(m.group()) + years), text)
    return _FIVE_YEAR_LABEL.sub(lambda m: five_year_label(five_year_number(m.group()) + years // 5), text)


def five_year_number(label: str) -> int:
    """十三五 → 13, 十四五 → 14."""
    return 11 + _NUMERALS.index(label[1])


def five_year_label(number: int) -> str:
    """8 → 八五, 10 → 十五, 14 → 十四五 (1 ≤ number ≤ 19)."""
    tens, units = divmod(number, 10)
    return ("十" if tens else "") + (_NUMERALS[units - 1] if units else "") + "五"


# -- tables --------------------------------------------------------------------------------------


@dataclass
class TableSpan:
    """A table's rows and the lines it takes in the text: [start, end), blank lines after it excluded."""

    start: int
    end: int
    rows: list[Row]


def table_spans(lines: list[str]) -> list[TableSpan]:
    """Every table of a Tika text, cut into rows where the reader starts them."""
    blocks = parse_lines(lines)
    spans = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        starts = [min(cell.line for cell in row) - 1 for row in block.rows]  # 0-based
        end = blocks[index + 1].line - 1 if index + 1 < len(blocks) else len(lines)
        bounds = [*starts, end]
        rows = [_without_trailing_blanks(lines[a:b]) for a, b in pairwise(bounds)]
        spans.append(TableSpan(starts[0], starts[-1] + len(rows[-1]), rows))
    return spans


def _without_trailing_blanks(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def perturbed(lines: list[str], rng: random.Random) -> list[str]:
    """The lines with every table's numbers perturbed and up to two layout edits."""
    spans = table_spans(lines)
    for span in spans:
        span.rows = [_perturbed_numbers(row, rng) for row in span.rows]
    for name in rng.sample(sorted(LAYOUT_EDITS), rng.randint(0, 2)):
        fits, edit = LAYOUT_EDITS[name]
        candidates = [span for span in spans if fits(span.rows)]
        if candidates:
            span = rng.choice(candidates)
            span.rows = edit(span.rows, rng)
    max_blanks = rng.choice([1, 3])
    for span in reversed(spans):
        lines[span.start : span.end] = _rendered(span.rows, rng, max_blanks)
    return lines


def _perturbed_numbers(row: Row, rng: random.Random) -> Row:
    first, *others = row
    return [first, *(_perturbed_cell(line, rng) for line in others)]


def _perturbed_cell(line: str, rng: random.Random) -> str:
    match = _NUMERIC_CELL.match(line)
    if not match or 1950 <= float(match[2]) <= 2100:  # a year in a cell stays a year
        return line
    lead, number, trail = match.groups()
    value = float(number) * rng.uniform(0.8, 1.25)
    decimals = len(number.partition(".")[2])
    return f"{lead}{value:.{decimals}f}{trail}"


def _rendered(rows: list[Row], rng: random.Random, max_blanks: int) -> list[str]:
    lines: list[str] = []
    for index, row in enumerate(rows):
        if index:
            lines.extend([""] * rng.randint(1, max_blanks))
        lines.extend(row)
    return lines


def _caption(row: Row) -> str | None:
    """The caption a one-cell row holds (`专栏N title`), without bookmarks."""
    if len(row) != 1 or not row[0].startswith("\t"):
        return None
    text = _BOOKMARK.sub("", row[0]).strip()
    return text if CAPTION.match(text) else None


def _body_start(rows: list[Row]) -> int:
    """Index of the first body row: after the caption row, if any, and two header rows."""
    return (1 if _caption(rows[0]) else 0) + 2


def _swap_rows(rows: list[Row], rng: random.Random) -> list[Row]:
    i = rng.randrange(_body_start(rows), len(rows) - 2)  # the last row may be a total: it stays last
    return [*rows[:i], rows[i + 1], rows[i], *rows[i + 2 :]]


def _drop_box(rows: list[Row], _rng: random.Random) -> list[Row]:
    return [["", ""]]  # two blank lines: whatever follows cannot continue the table before


def _continued(rows: list[Row], rng: random.Random) -> list[Row]:
    """Split after a body row: a `（续表）` caption row and the header row start the second part."""
    caption = _caption(rows[0]) or ""
    cut = rng.randrange(_body_start(rows) + 1, len(rows) - 1)
    return [*rows[:cut], [f"\t{caption}（续表）"], rows[1], *rows[cut:]]


Fits = Callable[[list[Row]], bool]
Edit = Callable[[list[Row], random.Random], list[Row]]
LAYOUT_EDITS: dict[str, tuple[Fits, Edit]] = {
    "swap rows": (lambda rows: len(rows) >= _body_start(rows) + 3, _swap_rows),
    "drop box": (lambda rows: _caption(rows[0]) is not None, _drop_box),
    "continued": (lambda rows: _caption(rows[0]) is not None and len(rows) >= 8, _continued),
}


# -- files ---------------------------------------------------------------------------------------


def render_fixtures() -> ModuleType:
    """tests/fixtures/render_fixtures.py, the renderer of the DOCX and PDF fixtures."""
    sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
    return importlib.import_module("render_fixtures")


@contextmanager
def rendering_into(module: ModuleType, folder: Path) -> Iterator[None]:
    """The renderer writing into `folder` instead of the fixture folders."""
    with mock.patch.object(module, "DOCX_DIR", folder), mock.patch.object(module, "PDF_DIR", folder):
        yield


def write_corpus(specs: list[PlanSpec], out: Path, seed: int) -> None:
    """Write every file (Tika text directly, DOCX and PDF through the fixture renderer) and the manifest."""
    renderer = render_fixtures()
    with tempfile.TemporaryDirectory() as scratch:
        staging = Path(scratch)
        texts: dict[str, list[Path]] = {suffix: [] for suffix in FORMATS}
        for spec in specs:
            path = (out if spec.suffix == TIKA else staging) / f"{spec.stem}{TIKA}"
            path.write_text(plan_text(spec, seed), encoding="utf-8")
            texts[spec.suffix].append(path)
        with rendering_into(renderer, staging):
            pdf_sources = [renderer.render_plan(path) for path in texts[".pdf"]]
        with rendering_into(renderer, out):
            for path in texts[".docx"]:
                renderer.render_plan(path)
            if pdf_sources:
                renderer.render_pdfs(pdf_sources)
    with (out / MANIFEST).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "group", "region_code", "start"])
        writer.writerows([f"{s.stem}{s.suffix}", s.group, s.region.code, s.start] for s in specs)


def check(specs: list[PlanSpec], out: Path) -> None:
    """Every file is new bytes and parses to its region and period, else SystemExit naming them."""
    seen: dict[str, Path] = {}
    for spec in specs:
        path = out / f"{spec.stem}{spec.suffix}"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in seen:
            raise SystemExit(f"{path.name}: the same bytes as {seen[digest].name}")
        seen[digest] = path
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        wrong = [problem for problem in pool.map(misread, specs, [out] * len(specs), chunksize=20) if problem]
    if wrong:
        raise SystemExit(f"{len(wrong)} of {len(specs)} files misread:\n" + "\n".join(wrong[:20]))


def misread(spec: PlanSpec, out: Path) -> str | None:
    """How the file of `spec` parses when not as its region and period (None when it does)."""
    path = out / f"{spec.stem}{spec.suffix}"
    meta = parse_document(path).meta
    expected = (spec.region.name, spec.start - 1, spec.start + 4)
    if (meta.region, meta.base_year, meta.target_year) != expected:
        return f"{path.name}: parsed as {meta.region} {meta.base_year}-{meta.target_year}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "output" / "corpus")
    parser.add_argument("--plans", type=int, default=3100, help="at most this many files, whole groups")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--docx", type=int, default=30, help="files written as .docx")
    parser.add_argument("--pdf", type=int, default=0, help="files written as .pdf (PDF reader needed)")
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        sys.exit(f"{args.out} is not empty: remove it or name another folder")
    pdf = args.pdf if any(reader.format == "pdf" for reader in READERS) else 0
    specs = plan_specs(args.seed, args.plans, args.docx, pdf)
    args.out.mkdir(parents=True, exist_ok=True)
    write_corpus(specs, args.out, args.seed)
    check(specs, args.out)
    counts = ", ".join(f"{sum(s.suffix == suffix for s in specs)} {suffix}" for suffix in FORMATS)
    provinces = len({s.region.code[:2] for s in specs})
    print(
        f"wrote {len(specs)} plan files of {specs[-1].group + 1} prefectures in {provinces} provinces to "
        f"{args.out} ({counts}); each parses to its region and period"
    )


if __name__ == "__main__":
    main()
