"""models.codes against the vocabulary files: every code a CSV holds is an enum member, and back.

The bundled files load clean; a copy with an unknown code, or without a row a member needs,
fails its load with the file and the line.  The enum values are the stored strings of
docs/schema.md's enumerated values.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from models.codes import BlockStatus, BoxKind, ColumnRole, FindingKind, Measure, Side, UnitWordKind, ZoneType
from models.document import ParsedPlan
from models.vocabulary import CODE_COLUMNS, VOCAB_DIR, VocabularyError, read_vocab_file, vocab_rows
from parsers.words.lexicon import roles
from pipeline.compare.rules import KINDS

SCHEMA = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")


def _copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    shutil.copy(VOCAB_DIR / name, path)
    return path


def test_the_bundled_files_hold_exactly_the_roles_and_kinds() -> None:
    assert roles() == list(ColumnRole)  # one row per role, in the enum's order
    kinds = {row["kind"] for row in vocab_rows("box_kinds.csv")}
    assert kinds == {*BoxKind, *Side} - {BoxKind.OTHER}
    measures = {row["value"] for row in vocab_rows("indicator_words.csv") if row["field"] == "measure"}
    assert measures == {Measure.ACTUAL}
    zone_types = [row["value"] for row in vocab_rows("zone_types.csv") if row["field"] == "zone_type"]
    assert sorted(zone_types) == sorted(ZoneType)
    assert {row["kind"] for row in vocab_rows("units.csv")} == set(UnitWordKind)


@pytest.mark.parametrize("name", sorted(CODE_COLUMNS))
def test_every_checked_file_loads_clean(name: str) -> None:
    assert read_vocab_file(VOCAB_DIR / name) == vocab_rows(name)


def test_a_role_without_a_member_fails_with_the_file_and_the_line(tmp_path: Path) -> None:
    path = _copy(tmp_path, "column_roles.csv")
    path.write_text(path.read_text(encoding="utf-8") + "quota,配额,\n", encoding="utf-8")
    lines = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(
        VocabularyError, match=rf"column_roles\.csv: line {lines}: role 'quota' is no ColumnRole"
    ):
        read_vocab_file(path)


def test_a_member_without_its_row_fails_naming_it(tmp_path: Path) -> None:
    path = _copy(tmp_path, "box_kinds.csv")
    kept = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("mining,")]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"box_kinds\.csv: no row with kind mining"):
        read_vocab_file(path)


def test_a_measure_word_must_give_a_measure(tmp_path: Path) -> None:
    path = _copy(tmp_path, "indicator_words.csv")
    path.write_text(path.read_text(encoding="utf-8") + "measure,预计,forecast,\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"value 'forecast' is no Measure"):
        read_vocab_file(path)


def test_a_file_without_codes_is_not_checked(tmp_path: Path) -> None:
    path = _copy(tmp_path, "project_categories.csv")
    assert read_vocab_file(path) == vocab_rows("project_categories.csv")


def _enumerated(name: str) -> set[str]:
    """The values docs/schema.md lists for a column (`name` ∈ a, b (printed words), c, NULL): a, b, c."""
    listed = SCHEMA.partition(f"`{name}` ∈ ")[2]
    assert listed, name
    return set(re.findall(r"(?:^|, )([a-z_]+)", re.split(r"\.(?: |$)| \||;", listed)[0]))


def test_the_values_are_the_contracts() -> None:
    assert _enumerated("measure") == set(Measure)
    assert _enumerated("block_type") == set(Side)
    assert _enumerated("right_type") == set(Side)
    assert _enumerated("status") == set(BlockStatus)
    assert _enumerated("zone_type") == set(ZoneType)
    assert _enumerated("kind") == set(BoxKind)
    kinds_section = SCHEMA.partition("### Finding kinds")[2]
    finding_kinds = set(re.findall(r"^\| `([a-z_]+)` (?:/ `([a-z_]+)` )?\|", kinds_section, flags=re.M))
    documented = {kind for pair in finding_kinds for kind in pair if kind} - {"comparison_state"}
    assert documented == set(FindingKind) == set(KINDS)
    assert len(KINDS) == len(FindingKind)  # one rule per kind


def test_a_record_holding_codes_reprs_as_with_their_strings(plans: dict[str, ParsedPlan]) -> None:
    """The reading digest (pipeline/store/load.py) hashes reprs: codes must not change it."""
    record = plans["洛浦县"].records.indicators[0]
    assert isinstance(record.measure, Measure)
    assert repr(record) == repr(dataclasses.replace(record, measure=str(record.measure)))
    assert repr(BoxKind.OTHER) == "'other'" and str(BoxKind.OTHER) == "other"
