"""Three questions analysts ask of the plans, answered with `pipeline.open_db` and pandas.

    .venv/bin/mrplans ingest                      # once: raw/ → output/plans.db
    .venv/bin/python examples/three_questions.py  # or: … three_questions.py sqlite:///other.db

1. Which 2025 mining targets differ between 洛浦县 and its prefecture 和田地区, by mineral?
2. What are the minimum mining scales for 建筑用砂 across the plans?
3. Which are the largest 集中开采区 (concentrated mining areas) by area?
"""

from __future__ import annotations

import sys

import pandas as pd

from pipeline import open_db
from pipeline.outputs.api import PlanDB

COUNTY = "洛浦县"


def target_periods(plan: pd.Series) -> tuple[str, str]:
    """The periods a plan prints its target-year targets under: 2025, or the plan period 2021-2025."""
    return str(plan["target_year"]), f"{plan['base_year'] + 1}-{plan['target_year']}"


def mining_targets(db: PlanDB, county: str) -> pd.DataFrame:
    """Target-year mining targets of a county and its prefecture side by side, with the county's share."""
    plan = db.plan(region=county).iloc[0]
    prefecture = plan["parent_region"]
    targets = db.view("mineral_targets", family="mining")
    periods = target_periods(plan)
    targets = targets[targets["period"].isin(periods) & targets["region"].isin([county, prefecture])]
    printed = targets.assign(target=targets["value_text"] + " " + targets["unit"].fillna(""))
    table = printed.pivot_table(index="mineral", columns="region", values="target", aggfunc=_distinct)
    table = table.reindex(columns=[county, prefecture]).fillna("-").rename_axis(columns=None)
    table["county share"] = [_share(targets, mineral, county, prefecture) for mineral in table.index]
    return table.sort_values("county share", key=lambda share: share.str.startswith("only"))


def _distinct(values: pd.Series) -> str:
    return " / ".join(dict.fromkeys(values))


def _share(targets: pd.DataFrame, mineral: str, county: str, prefecture: str) -> str:
    """The county's target as a share of the prefecture's, per box, where both are in one SI unit."""
    rows = targets[targets["mineral"] == mineral]
    ours, theirs = rows[rows["region"] == county], rows[rows["region"] == prefecture]
    if ours.empty or theirs.empty:
        return f"only {prefecture if ours.empty else county}"
    pairs = ours.merge(theirs, on="unit_si", suffixes=("", "_prefecture"))
    shares = [f"{share:.0%}" for share in pairs["value_si"] / pairs["value_si_prefecture"]]
    return (
        " / ".join(dict.fromkeys(shares))
        or f"units differ: {_distinct(ours['unit'])} / {_distinct(theirs['unit'])}"
    )


def min_scales(db: PlanDB, mineral: str) -> pd.DataFrame:
    """Minimum mining scale of one mineral in every plan (large / medium / small, service years)."""
    columns = ["region", "variant", "unit", "large", "medium", "small", "min_service_years"]
    return db.view("min_scale_compare", mineral=mineral)[columns].sort_values("region")


def largest_zones(db: PlanDB, zone_type: str, top: int = 5) -> pd.DataFrame:
    """The largest zones of one type by area, with the plan that prints them."""
    plans = db.plan()[["plan_id", "region"]].rename(columns={"region": "plan"})
    zones = db.zone(zone_type=zone_type).merge(plans, on="plan_id")
    return zones.nlargest(top, "area_km2")[["plan", "code", "name", "region", "area_km2"]]


def _shown(frame: pd.DataFrame) -> str:
    """The table as text, NULL as "-"."""
    return frame.astype(object).fillna("-").to_string(index=False)


def main(url: str | None = None) -> None:
    db = open_db(url) if url else open_db()
    pd.set_option("display.width", 200)
    pd.set_option("display.unicode.east_asian_width", True)
    county = db.plan(region=COUNTY).iloc[0]
    print(
        f"1. {county['target_year']} mining targets: {COUNTY} against its prefecture "
        f"{county['parent_region']}, by mineral"
    )
    print(mining_targets(db, COUNTY).to_string(), end="\n\n")
    print("2. Minimum mining scale for 建筑用砂 across plans")
    print(_shown(min_scales(db, "建筑用砂")), end="\n\n")
    print("3. Largest 集中开采区 (concentrated mining areas) by area, km²")
    zones = largest_zones(db, "concentrated_mining")
    print(_shown(zones))
    top = zones.iloc[0]
    print(f"largest: {top['name']} ({top['plan']}, {top['area_km2']} km²)")


if __name__ == "__main__":
    main(*sys.argv[1:2])
