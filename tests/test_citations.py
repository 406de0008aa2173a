"""Body text cites boxes by the caption words the plan's own labels print (pipeline/compare/citations.py):
a plan captioned 表N is compared like the same plan captioned 专栏N."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import PLAN_FILES, load_plans
from sqlalchemy import select

from models.orm import BoxRow, FindingRow, Plan
from pipeline.compare.citations import citations, cites_a_box
from pipeline.compare.data import PlanData
from pipeline.store.db import engine_for


def _plan(*labels: str) -> PlanData:
    boxes = {n: BoxRow(box_id=n, number=n, label=label) for n, label in enumerate(labels, start=1)}
    return PlanData(plan=Plan(region=None), boxes=boxes, sections=[])


def _cited(data: PlanData, text: str) -> list[str]:
    return [c.box.label for c in citations(data, text)]


def test_citations_resolve_to_the_box_of_the_label_as_printed() -> None:
    data = _plan("表1", "表3-1", "附表2")
    assert _cited(data, "共设置勘查规划区块12个（见表3-1），其余见表 1、附表2。") == ["表3-1", "表1", "附表2"]
    assert _cited(data, "详见表３－１") == ["表3-1"]  # full-width digits and dash
    assert _cited(data, "见表3（不存在）与表31") == []  # no box of those labels
    assert _cited(data, "代表1家企业，图表1") == []  # 表 inside a word


def test_a_word_the_plan_does_not_caption_with_cites_nothing() -> None:
    data = _plan("专栏1", "专栏2")
    assert _cited(data, "见专栏2和表1") == ["专栏2"]
    assert not cites_a_box(data, "见表1")
    assert not cites_a_box(_plan(), "见专栏1")  # a plan without labels


def _findings(db: Path, files: list[Path]) -> tuple[Counter[tuple[object, ...]], list[str]]:
    engine = load_plans(engine_for(f"sqlite:///{db}"), files)
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                FindingRow.kind,
                FindingRow.subject,
                FindingRow.expected,
                FindingRow.actual,
                FindingRow.message,
            )
        ).all()
    engine.dispose()
    return Counter(tuple(r[:4]) for r in rows), [r.message for r in rows]


@pytest.mark.parametrize("region", ["和田地区", "喀什地区"])
def test_a_plan_captioned_biao_gets_the_findings_of_the_same_plan_captioned_zhuanlan(
    tmp_path: Path, region: str
) -> None:
    original = PLAN_FILES[region]
    renamed = tmp_path / "biao" / original.name
    renamed.parent.mkdir()
    renamed.write_text(original.read_text(encoding="utf-8").replace("专栏", "表"), encoding="utf-8")
    found, _ = _findings(tmp_path / "zhuanlan.db", [original])
    found_biao, messages = _findings(tmp_path / "biao.db", [renamed])
    kinds = {kind for kind, *_ in found}
    assert kinds & {"text_table_mismatch", "text_breakdown_mismatch"}  # the rules that read citations
    assert found_biao == found
    assert not any("专栏" in message for message in messages)
