"""Reading profiles: validated on load with errors naming key and file; one reads the new layout alone."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import astuple
from pathlib import Path

import pytest
from conftest import ROOT
from new_layout import FOLDER, INDICATOR_FIELDS, INDICATORS, PLAN

from models.document import PlanMeta
from models.vocabulary import extended, minerals, regions
from parsers.interpret.profiles import (
    ENV,
    ProfileError,
    ProfileSet,
    load_profiles,
    parse_profile,
    profiles_dir,
)
from parsers.parse import parse_document

TYPO = """\
match:
  region: 策勒县
boxes:
  1:
    header_row: 2
"""


def _meta(title: str, region: str | None) -> PlanMeta:
    return PlanMeta(title, region, None, None, 2020, 2025, None)


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_typo_fails_naming_the_key_and_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "cele.yaml", TYPO)
    with pytest.raises(ProfileError) as raised:
        load_profiles(tmp_path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert "boxes.1.header_row: unknown key 'header_row' (did you mean 'header_rows'?)" in message


CELE = "match: {region: 策勒县}\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("match: {}", "match: give region or title (or both)"),
        (CELE + "boxes: {1: {roles: {3: tagret}}}", "boxes.1.roles: unknown role tagret"),
        (CELE + "boxes: {1: {header_rows: -1}}", "boxes.1.header_rows: Input should be greater"),
        (CELE + "boxes: {1: {interpreter: nope}}", "boxes.1.interpreter: unknown interpreter nope"),
        (CELE + "boxes: {2: {skip: why, interpreter: indicator}}", "boxes.2: a skipped box"),
        (CELE + "mineral_aliases: {羊脂玉: 玉}", "mineral_aliases: not canonical mineral names: 玉"),
        (CELE + "mineral_aliases: {灰岩: 金}", "mineral_aliases: '灰岩' names both"),
        (CELE + "region_aliases: {恰哈: 恰哈乡}", "region_aliases: not full region names: 恰哈乡"),
        ("match: [", "not valid YAML"),
        ("- a list", "(top level): Input should be a valid dictionary"),
    ],
)
def test_every_problem_names_its_key(text: str, problem: str) -> None:
    with pytest.raises(ProfileError) as raised:
        parse_profile(text, Path("profiles/x.yaml"))
    assert str(raised.value).startswith("profiles/x.yaml: ") and problem in str(raised.value)


def test_a_profile_matches_by_region_title_or_both() -> None:
    by_region = parse_profile(CELE, Path("a.yaml"))
    by_both = parse_profile("match: {region: 策勒县, title: 2021—2025}", Path("b.yaml"))
    cele, old = (
        _meta("策勒县矿产资源总体规划（2021—2025年）", "策勒县"),
        _meta("策勒县矿产资源总体规划（2016—2020年）", "策勒县"),
    )
    assert ProfileSet((by_both,)).match(cele) is by_both and ProfileSet((by_both,)).match(old) is None
    assert ProfileSet((by_region,)).match(_meta("洛浦县矿产资源总体规划", "洛浦县")) is None
    with pytest.raises(ProfileError, match=r"is also matched by b\.yaml"):
        ProfileSet((by_region, by_both)).match(cele)


def test_profiles_come_from_the_environment_else_the_repo_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert profiles_dir() == ROOT / "profiles"
    monkeypatch.setenv(ENV, str(tmp_path))
    _write(tmp_path, "cele.yml", CELE)
    assert [p.path.name for p in load_profiles().profiles] == ["cele.yml"]
    assert load_profiles(tmp_path / "missing").profiles == ()


def test_extra_aliases_apply_only_while_a_profile_is_applied() -> None:
    assert minerals().canonical("羊脂玉") is None and regions().resolve("恰哈") is None
    with extended({"羊脂玉": "玉石"}, {"恰哈": "策勒县"}):
        assert minerals().canonical("羊脂玉") == "玉石"
        found = regions().resolve("恰哈")
        assert found is not None and found.name == "策勒县"
    assert minerals().canonical("羊脂玉") is None and regions().resolve("恰哈") is None


def test_without_a_profile_the_new_layout_is_misread_and_says_so() -> None:
    plan = parse_document(PLAN, profiles=ProfileSet())
    assert [(b.number, b.kind) for b in plan.boxes] == [(1, "other"), (2, "indicator"), (3, "zone")]
    assert [(d.box, d.code) for d in plan.diagnostics] == [(1, "low_fit")]
    assert [m.mineral_text for m in plan.records.zones[0].minerals] == ["金"]


def test_the_profile_alone_reads_the_new_layout() -> None:
    plan = parse_document(PLAN, profiles=load_profiles(FOLDER))
    assert plan.profile == str(FOLDER / "profile.yaml")
    assert [(b.number, b.kind, b.header_rows) for b in plan.boxes] == [
        (1, "indicator", 2),
        (2, "other", 1),
        (3, "zone", 1),
    ]
    facts = [tuple(getattr(i, f) for f in INDICATOR_FIELDS) for i in plan.records.indicators]
    assert facts == INDICATORS
    assert [(d.box, d.code) for d in plan.diagnostics] == [(2, "skipped")]
    zones = plan.records.zones
    assert [z.region for z in zones] == ["恰哈乡", "奴尔乡", "博斯坦乡"]
    assert [astuple(m) for m in zones[0].minerals] == [("金", "金"), ("玉石", "羊脂玉")]


def test_profile_lines_that_name_nothing_are_reported(tmp_path: Path) -> None:
    text = CELE + "boxes:\n  1: {roles: {9: target}}\n  7: {skip: gone}\n"
    _write(tmp_path, "cele.yaml", text)
    plan = parse_document(PLAN, profiles=load_profiles(tmp_path))
    messages = [d.message for d in plan.diagnostics if d.code == "profile"]
    assert messages == [
        f"{tmp_path / 'cele.yaml'}: boxes.1.roles.9: 专栏1 has 7 columns",
        f"{tmp_path / 'cele.yaml'}: boxes.7: the plan has no 专栏7",
    ]


def test_the_command_line_refuses_a_profile_with_a_typo(tmp_path: Path) -> None:
    path = _write(tmp_path / "profiles", "cele.yaml", TYPO)
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    cli = Path(sys.executable).parent / "mrplans"
    result = subprocess.run(
        [str(cli), "inspect", str(PLAN), "--profiles", str(path.parent)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert f"{path.resolve()}: boxes.1.header_row: unknown key 'header_row'" in result.stderr
