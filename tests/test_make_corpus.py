"""The national corpus generator (bench/make_corpus.py): whole prefecture groups, renamed texts that parse
back to their region and period."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from models.vocabulary import regions
from parsers.parse import parse_document

MAKE_CORPUS = Path(__file__).resolve().parent.parent / "bench" / "make_corpus.py"


@pytest.fixture(scope="module")
def make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", MAKE_CORPUS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_groups_are_whole_prefectures_of_both_rounds_across_provinces(make_corpus: ModuleType) -> None:
    specs = make_corpus.plan_specs(2021, 200, 0, 0)
    vocabulary = regions()
    groups = Counter(spec.group for spec in specs)
    for group in groups:
        members = [spec for spec in specs if spec.group == group]
        prefecture = next(spec.region for spec in members if spec.region.level == "prefecture")
        counties = [c for c in vocabulary.all() if c.parent_code == prefecture.code]
        assert groups[group] == 2 * (1 + len(counties))
        assert {spec.start for spec in members} == {2016, 2021}
    assert len(specs) <= 200
    assert len({spec.region.code[:2] for spec in specs}) == len(groups)  # one province after another


def test_county_text_names_region_prefecture_province(make_corpus: ModuleType, tmp_path: Path) -> None:
    vocabulary = regions()
    county = next(r for r in vocabulary.all() if r.name == "向阳区" and r.parent == "鹤岗市")
    names = make_corpus.renaming(vocabulary, vocabulary.get("洛浦县"), county)
    assert names["新疆维吾尔自治区洛浦县"] == "黑龙江省鹤岗市向阳区"
    assert names["和田地区"] == "鹤岗市"
    assert names["自治区"] == "省"
    spec = make_corpus.PlanSpec(county, make_corpus.COUNTY_TEMPLATE[1], names, 2016, 0)
    path = tmp_path / f"{spec.stem}.tika.txt"
    path.write_text(make_corpus.plan_text(spec, 2021), encoding="utf-8")
    meta = parse_document(path).meta
    assert (meta.region, meta.base_year, meta.target_year) == ("向阳区", 2015, 2020)
    assert "十三五" in path.read_text(encoding="utf-8")
