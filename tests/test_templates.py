"""Plans in other templates (tests/templates.py): the same outline, boxes and records as their source.

Each fixture is a bundled plan rewritten as another province's template prints it: regions renamed,
headings numbered 第X部分 / 第X章 / 第X节 / 一、 / （一） / 1., captions 表N, 表N-M or 附表N, a table of
contents.  Read with the renamed regions in the vocabulary (the bundled one holds Xinjiang's only),
each must give its source's outline levels and titles, its boxes and its typed records, value for
value, with every name renamed; the labels follow the template.  And a bundled plan written in Word
with Heading N styles and no printed numerals gives its source's outline and records.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import docx
import pytest
import templates
from conftest import PLAN_FILES, RAW
from fixtures.render_fixtures import add_table
from rich.console import Console
from test_format_invariance import record_differences

from models import vocabulary
from models.document import Paragraph, ParsedPlan, Table
from models.records import Records
from parsers.interpret.profiles import ProfileSet
from parsers.parse import parse_document
from parsers.read.tika_text import parse_lines
from parsers.structure.outline import classify_heading, levels
from pipeline.inspection.render import render
from pipeline.inspection.view import plan_view

BY_NAME = {t.name: t for t in templates.TEMPLATES}
STYLES = {
    "chuxiong-prefecture-chapters": ["第X章", "第X节", "一、", "（一）"],
    "yaoan-county-chapter-tables": ["第X章", "一、"],
    "dali-prefecture-parts": ["第X部分", "一、", "（一）", "1."],
}
CAPTIONS = {
    "chuxiong-prefecture-chapters": ["表"],
    "yaoan-county-chapter-tables": ["表"],
    "dali-prefecture-parts": ["附表"],
}


@pytest.fixture(scope="module")
def read(request: pytest.FixtureRequest) -> dict[str, tuple[ParsedPlan, ParsedPlan]]:
    """Every template fixture and its source, parsed with the renamed regions in the vocabulary."""
    bundled = vocabulary._bundled_regions()
    patch = pytest.MonkeyPatch()
    patch.setattr(vocabulary, "_bundled_regions", lambda: templates.renamed_regions(bundled))
    request.addfinalizer(patch.undo)
    return {
        t.name: (
            parse_document(t.path, profiles=ProfileSet()),
            parse_document(RAW / f"{t.source}.tika.txt", profiles=ProfileSet()),
        )
        for t in templates.TEMPLATES
    }


@pytest.mark.parametrize("template", templates.TEMPLATES, ids=lambda t: t.name)
def test_the_committed_fixture_is_what_the_module_writes(template: templates.Template) -> None:
    assert template.path.read_text(encoding="utf-8") == templates.render(template)


@pytest.mark.parametrize("name", BY_NAME)
def test_the_outline_keeps_its_levels_under_other_numbering(
    read: dict[str, tuple[ParsedPlan, ParsedPlan]], name: str
) -> None:
    plan, source = read[name]
    assert [(s.level, templates.rename(s.title), s.parent) for s in source.sections] == [
        (s.level, s.title, s.parent) for s in plan.sections
    ]
    assert plan.reading.outline_styles == STYLES[name]


@pytest.mark.parametrize("name", BY_NAME)
def test_every_box_is_read_with_its_new_label(
    read: dict[str, tuple[ParsedPlan, ParsedPlan]], name: str
) -> None:
    plan, source = read[name]
    assert [
        (
            b.number,
            templates.rename(b.title),
            b.kind,
            b.section,
            b.n_rows,
            b.n_cols,
            templates.renamed(b.note),
        )
        for b in source.boxes
    ] == [(b.number, b.title, b.kind, b.section, b.n_rows, b.n_cols, b.note) for b in plan.boxes]
    assert plan.reading.caption_words == CAPTIONS[name]
    assert all(b.label and b.label[0] in "表附" for b in plan.boxes)
    assert plan.diagnostics == source.diagnostics == []


@pytest.mark.parametrize("name", BY_NAME)
def test_the_records_are_the_sources_with_regions_renamed(
    read: dict[str, tuple[ParsedPlan, ParsedPlan]], name: str
) -> None:
    plan, source = read[name]
    expected = Records(
        **{f.name: templates.renamed(getattr(source.records, f.name)) for f in fields(Records)}
    )
    assert record_differences(expected, plan.records) == []
    assert sum(1 for _ in plan.records) == sum(1 for _ in source.records) > 0


def test_labels_as_each_template_prints_them(read: dict[str, tuple[ParsedPlan, ParsedPlan]]) -> None:
    chuxiong = read["chuxiong-prefecture-chapters"][0]
    assert [b.label for b in chuxiong.boxes] == [f"表{n}" for n in range(1, 24)]
    assert chuxiong.reading.contents_lines == 12  # 目录, 总则 and 10 chapters: not sections
    assert chuxiong.sections[0].title == "总则" and chuxiong.sections[1].label == "第一章"
    yaoan = read["yaoan-county-chapter-tables"][0]
    assert [b.label for b in yaoan.boxes][::4] == ["表2-1", "表3-1", "表4-1", "表4-5", "表7-3"]
    assert [b.number for b in yaoan.boxes] == list(range(1, 18))  # by position: 表N-M prints no number
    assert (yaoan.sections[0].label, yaoan.sections[0].title, yaoan.sections[0].level) == (
        "第一章",
        "总则",
        1,
    )
    dali = read["dali-prefecture-parts"][0]
    assert dali.boxes[2].label == "附表3" and dali.boxes[2].title == "大理白族自治州主要矿产资源储量表"
    assert dali.sections[1].label == "第一部分"


def test_inspect_shows_the_styles_and_caption_words(read: dict[str, tuple[ParsedPlan, ParsedPlan]]) -> None:
    console = Console(record=True, width=200)
    render(plan_view(read["chuxiong-prefecture-chapters"][0]), console)
    lines = console.export_text().splitlines()
    reading = "outline 第X章 > 第X节 > 一、 > （一） · captions 表 · table of contents skipped (12 lines)"
    assert lines[2] == reading
    assert any("表23 楚雄彝族自治州建筑用砂石集中开采区规划表" in line for line in lines)


@pytest.mark.parametrize("region", ["洛浦县", "和田地区"])
def test_a_docx_numbered_only_by_heading_styles_reads_like_its_source(
    plans: dict[str, ParsedPlan], region: str, tmp_path: Path
) -> None:
    """The plan written in Word with Heading N styles and no printed numerals (as Word's automatic
    numbering leaves the text): the same outline levels, titles and parents, and the same records."""
    blocks = parse_lines(PLAN_FILES[region].read_text(encoding="utf-8").splitlines())
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    found = dict(
        zip(map(id, paragraphs), levels([classify_heading(p.text) for p in paragraphs]), strict=True)
    )
    document = docx.Document()
    previous = None
    for block in blocks:
        if isinstance(block, Table):
            if isinstance(previous, Table):
                document.add_paragraph()
            add_table(document, block)
        elif (level := found[id(block)]) is not None:
            document.add_paragraph(classify_heading(block.text).title, style=f"Heading {level}")
        else:
            document.add_paragraph(block.text)
        previous = block
    path = tmp_path / "styled.docx"
    document.save(path)
    plan, source = parse_document(path, profiles=ProfileSet()), plans[region]
    assert [(s.level, s.title, s.parent) for s in plan.sections] == [
        (s.level, s.title, s.parent) for s in source.sections
    ]
    assert {s.label for s in plan.sections} == {None}
    assert record_differences(source.records, plan.records) == []
