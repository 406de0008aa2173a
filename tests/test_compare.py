"""Zone links and findings on the bundled plans: the real inconsistencies, and cases that must not fire."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text


def _rows(engine: Engine, sql: str, **params: object) -> list[tuple]:
    with engine.connect() as con:
        return [tuple(r) for r in con.execute(text(sql), params)]


def _findings(engine: Engine, kind: str, region: str, box: int | None = None) -> list[tuple]:
    sql = (
        "SELECT f.subject, f.expected, f.actual, b.number, f.row, f.message FROM finding f "
        "JOIN plan p ON p.plan_id = f.plan_id LEFT JOIN box b ON b.box_id = f.box_id "
        "WHERE f.kind = :kind AND p.region = :region"
    )
    rows = _rows(engine, sql, kind=kind, region=region)
    return [r for r in rows if box is None or r[3] == box]


def _links(engine: Engine) -> dict[str, tuple]:
    sql = (
        "SELECT z.name, o.name, l.method, l.score, l.area_diff_km2 FROM zone_link l "
        "JOIN zone z ON z.zone_id = l.zone_id JOIN zone o ON o.zone_id = l.other_zone_id"
    )
    return {r[0]: r[1:] for r in _rows(engine, sql)}


def test_county_zones_link_to_the_prefecture_zones(sqlite_db: Engine) -> None:
    links = _links(sqlite_db)
    assert links["阿其克乡一号粘土矿集中开采区"][:2] == ("洛浦县阿其克乡一号粘土矿集中开采区", "name")
    assert links["阿其克乡一号粘土矿集中开采区"][3] == pytest.approx(0.01)
    assert links["阿其克乡二号粘土矿集中开采区"][3] == pytest.approx(0.02)
    assert links["洛浦县风成沙集中开采区"][1:] == ("name", 1.0, 0.0)
    other, method, score, diff = links["新疆洛浦阿其克一带灰岩、石膏、粘土重点勘查区"]
    assert (other, method, diff) == ("洛浦-阿其克（背斜）灰岩、石膏、粘土重点勘查区", "fuzzy", 0.0)
    assert 0.6 <= score < 1


def test_two_prefectures_share_a_provincial_zone(sqlite_db: Engine) -> None:
    other, method, _, diff = _links(sqlite_db)["昆仑山北缘煤炭重点勘查区（和田境内）"]
    assert (other, method) == ("昆仑山北缘煤炭重点勘查区", "name")
    assert diff == pytest.approx(3426 - 1724.8)  # each prefecture prints its own share


def test_unrelated_zones_do_not_link(sqlite_db: Engine) -> None:
    links = _links(sqlite_db)
    assert "洛浦县工业园区南园区建筑用砂集中开采区" in links
    assert "皮山县城南砂石土类集中开采区" not in links  # no county plan of 皮山 here


def test_total_mismatch_real_cases(sqlite_db: Engine) -> None:
    luopu = _findings(sqlite_db, "total_mismatch", "洛浦县", 12)
    assert [(f[1], f[2]) for f in luopu] == [("42.41", "208.395")]
    hotan = {(f[3], f[1], f[2]) for f in _findings(sqlite_db, "total_mismatch", "和田地区")}
    assert {(3, "111", "112"), (3, "214", "215")} <= hotan
    kashgar = {(f[3], f[1], f[2]) for f in _findings(sqlite_db, "total_mismatch", "喀什地区")}
    assert (17, "378.6", "385.8") in kashgar


def test_total_within_rounding_gives_no_finding(sqlite_db: Engine) -> None:
    # 喀什 专栏16: 29 one-decimal areas sum to 6072.8 against a printed 6072.5; 洛浦 专栏11 adds up
    assert _findings(sqlite_db, "total_mismatch", "喀什地区", 16) == []
    assert _findings(sqlite_db, "total_mismatch", "洛浦县", 11) == []


def test_partial_totals_are_not_checked_against_all_rows(sqlite_db: Engine) -> None:
    # 和田 专栏5: 省、市级以上颁证汇总 108 + 县级颁证汇总 226 = 合计 334
    subjects = [f[5] for f in _findings(sqlite_db, "total_mismatch", "和田地区", 5)]
    assert not any("partial totals" in s for s in subjects)
    assert not any("row 12" in s or "row 13" in s for s in subjects)


def test_text_table_mismatch(sqlite_db: Engine) -> None:
    [finding] = _findings(sqlite_db, "text_table_mismatch", "和田地区")
    assert (finding[3], finding[1], finding[2]) == (18, "393", "445")


def test_text_that_agrees_or_names_a_part_gives_no_finding(sqlite_db: Engine) -> None:
    # 和田 专栏22: "350个，其中地区级以上审批颁证区块63个" and the box lists those 63;
    # 喀什 专栏13: "2个国家规划矿区 … 3个重点勘查区、4个重点开采区"; 专栏16: "290个，面积6072.5平方千米"
    assert _findings(sqlite_db, "text_table_mismatch", "喀什地区") == []
    assert _findings(sqlite_db, "text_table_mismatch", "洛浦县") == []


def test_value_and_unit_conflicts(sqlite_db: Engine) -> None:
    values = {(f[0], f[1], f[2]) for f in _findings(sqlite_db, "value_conflict", "和田地区")}
    assert values == {("石灰岩", "500", "300"), ("建筑用砂", "1605.7", "1605.9")}
    units = {(f[0], f[1], f[2]) for f in _findings(sqlite_db, "unit_conflict", "和田地区")}
    assert ("玉石", "矿石,吨", "矿石万吨") in units
    assert ("建筑用砂", "矿石,万吨", "万立方米") in units


def test_equal_figures_in_two_boxes_give_no_conflict(sqlite_db: Engine) -> None:
    # 和田 煤 2025: 300 万吨 in 专栏11 and 专栏20; 石膏 2020: 7.5 in 专栏6 and 专栏20
    kinds = ("value_conflict", "unit_conflict")
    conflicts = [f for kind in kinds for f in _findings(sqlite_db, kind, "和田地区")]
    assert not [f for f in conflicts if f[0] in {"煤", "石膏"}]
    assert _findings(sqlite_db, "value_conflict", "喀什地区") == []


def test_cross_plan_mismatch_county_against_prefecture(sqlite_db: Engine) -> None:
    findings = {(f[0], f[1], f[2]) for f in _findings(sqlite_db, "cross_plan_mismatch", "洛浦县")}
    assert ("已有开采区块 个数", "50", "59") in findings  # subject: the column header as printed
    assert ("已有勘查区块 个数", "0", "3") in findings
    assert ("建筑用砂", "38", "43") in findings
    assert ("阿其克乡一号粘土矿集中开采区", "51.82", "51.83") in findings
    # 3.5 against 3.48 agrees at the coarser printed precision
    assert not [
        f for f in findings if f[0] in {"阿其克乡二号粘土矿集中开采区", "洛浦县风成沙集中开采区", "砂金"}
    ]
    other = _rows(
        sqlite_db,
        "SELECT DISTINCT o.region FROM finding f JOIN plan o ON o.plan_id = f.other_plan_id "
        "WHERE f.kind = 'cross_plan_mismatch'",
    )
    assert other == [("和田地区",)]


def test_subject_is_the_printed_name(sqlite_db: Engine) -> None:
    subjects = {(f[3], f[0]) for f in _findings(sqlite_db, "total_mismatch", "和田地区")}
    assert {(3, "和田"), (3, "汇总"), (5, "民丰"), (6, "生产矿山数（个）")} <= subjects
    [luopu] = _findings(sqlite_db, "total_mismatch", "洛浦县")
    assert luopu[0] == "已有开采区块 面积（平方千米）"
    [text] = _findings(sqlite_db, "text_table_mismatch", "和田地区")
    assert text[0] == "勘查规划区块"


def test_findings_name_both_places(sqlite_db: Engine) -> None:
    rows = _rows(
        sqlite_db,
        "SELECT count(*) FROM finding "
        "WHERE kind IN ('value_conflict', 'unit_conflict', 'cross_plan_mismatch') "
        "AND (other_box_id IS NULL OR box_id IS NULL)",
    )
    assert rows == [(0,)]


# The inconsistencies of 喀什地区's plan a hand audit found (raw/kashgar-prefecture-2021-2025.tika.txt),
# each with the line it is printed on.


def test_kashgar_sentence_parts_exceed_the_total(sqlite_db: Engine) -> None:
    # line 353: 有效采矿权77家 … 其中金属矿山9家 … 非金属矿山81家 … 煤矿1家；水气矿山2家 (93)
    [finding] = _findings(sqlite_db, "text_sum_mismatch", "喀什地区")
    assert finding[:3] == ("有效采矿权", "93", "77")


def test_kashgar_breakdown_against_the_box_it_cites(sqlite_db: Engine) -> None:
    # lines 1632-1634: 446个, 385.8 km² (专栏17) broken down as 3 + 193 + 237 and 2.5 + 171.3 + 197.2
    found = {(f[3], f[0], f[1], f[2]) for f in _findings(sqlite_db, "text_breakdown_mismatch", "喀什地区")}
    assert found == {(17, "开采规划区块", "446", "433"), (17, "面积", "385.8", "371.0")}


def test_kashgar_count_in_the_text_against_a_column(sqlite_db: Engine) -> None:
    # line 1934: 开采规划区块170个（其中建筑用砂113个、砖瓦用粘土57个） against 专栏18 (169; 建筑用砂 112)
    found = {(f[3], f[0], f[1], f[2]) for f in _findings(sqlite_db, "text_column_mismatch", "喀什地区")}
    assert found == {(18, "开采规划区块数量", "169", "170"), (18, "开采规划区块数量: 建筑用砂", "112", "113")}


def test_kashgar_zones_against_the_summary_tables(sqlite_db: Engine) -> None:
    # 专栏18's 砖瓦用页岩 zones hold 13 mining rights, 专栏5 counts 2; 专栏15's single-mineral zones
    # (萤石 3 of 2, 石膏 3 of 1 rights; 铁 3 of 专栏17's 1 block); limestone zones count with 水泥用石灰岩
    found = {(f[3], f[0], f[1], f[2]) for f in _findings(sqlite_db, "zone_summary_mismatch", "喀什地区")}
    assert found == {
        (18, "砖瓦用页岩", "2", "13"),
        (15, "萤石", "2", "3"),
        (15, "石膏", "1", "3"),
        (15, "铁", "1", "3"),
    }


def test_kashgar_units_orders_of_magnitude_apart(sqlite_db: Engine) -> None:
    # 镓 534.8 and 镉 2971.1: 金属量 万吨 in 专栏7, 金属量 吨 in 专栏3
    found = {(f[0], f[1], f[2]) for f in _findings(sqlite_db, "unit_magnitude_conflict", "喀什地区")}
    assert found == {
        ("镓", "534.8 金属量 万吨", "534.8 金属量 吨"),
        ("镉", "2971.1 金属量 万吨", "2971.1 金属量 吨"),
    }
    assert _findings(sqlite_db, "unit_magnitude_conflict", "和田地区") == []  # 玉石 is a unit_conflict


def test_kashgar_rates_against_their_figures(sqlite_db: Engine) -> None:
    # 专栏7: 12 of 10 printed 120.6%; 17.70 of 5 printed 354.2% (354.0);
    # 58.1 of 5 as 1161.6% is within rounding
    found = {(f[4], f[0], f[1], f[2]) for f in _findings(sqlite_db, "rate_mismatch", "喀什地区")}
    assert found == {(16, "新发现矿产地", "120.0", "120.6"), (5, "铜", "354.0", "354.2")}


def test_luopu_complies_with_hotan(sqlite_db: Engine) -> None:
    # 洛浦 专栏14 prints 和田 专栏21's minimum scales; 和田's four zones in 洛浦 are all in 洛浦's plan;
    # 洛浦's 2025 targets are below 和田's
    for kind in ("min_scale_below_upper", "upper_zone_missing", "allotment_exceeded"):
        assert _findings(sqlite_db, kind, "洛浦县") == [], kind


def test_records_naming_several_minerals_list_them(sqlite_db: Engine) -> None:
    project = _rows(
        sqlite_db,
        "SELECT p.mineral, m.mineral, m.mineral_text FROM project p JOIN record_mineral m "
        "ON m.record_table = 'project' AND m.record_id = p.project_id "
        "WHERE p.name = '和田县火烧云铜镍铅锌矿勘查' ORDER BY m.ordinal",
    )
    assert project == [(None, "铜", "铜"), (None, "镍", "镍"), (None, "铅锌", "铅锌矿")]
    # 多金属 names no mineral of its own: mineral NULL, nothing listed
    several = _rows(sqlite_db, "SELECT mineral FROM block_summary WHERE mineral_text = '多金属'")
    assert several == [(None,)]
    assert _rows(sqlite_db, "SELECT count(*) FROM rights_count WHERE mineral = '多金属'") == [(0,)]
