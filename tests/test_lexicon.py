"""The label words of models/vocab read through one regex a word list: the same answers as looking
for each word in turn (the first role or zone value in file order whose word a text holds)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from models.codes import ColumnRole, ZoneType
from models.vocabulary import word_lists
from parsers.words.lexicon import level_of, role_of, zone_type_of, zone_words
from parsers.words.text import compact

ROLE_WORDS = word_lists("column_roles.csv", "role")
VOCAB_WORDS = sorted(
    {w for _, words in ROLE_WORDS for w in words}
    | {w for field in ("zone_type", "level") for _, words in zone_words(field) for w in words}
)


def _first(table: tuple[tuple[str, tuple[str, ...]], ...], text: str) -> str | None:
    return next((value for value, words in table if any(w in text for w in words)), None)


# texts made of the vocabulary's own words, pieces of them and other characters, so that words,
# near misses and words inside longer labels all occur
labels = st.lists(
    st.one_of(
        st.sampled_from(VOCAB_WORDS),
        st.sampled_from(VOCAB_WORDS).map(lambda w: w[: len(w) // 2 + 1]),
        st.text(alphabet="区级规划矿名称面积合计（）/ \n", max_size=4),
    ),
    max_size=4,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(labels)
def test_role_is_the_first_role_in_file_order_holding_a_word(label: str) -> None:
    expected = _first(ROLE_WORDS, label)
    assert role_of(label) == (ColumnRole(expected) if expected else None)


@settings(max_examples=300, deadline=None)
@given(labels)
def test_zone_type_and_level_are_the_first_values_holding_a_word(text: str) -> None:
    expected_type = _first(zone_words("zone_type"), compact(text))
    assert zone_type_of(text) == (ZoneType(expected_type) if expected_type else None)
    assert level_of(text) == _first(zone_words("level"), compact(text))


def test_real_labels() -> None:
    assert role_of("合计") == ColumnRole.TOTAL
    assert zone_type_of("重点勘查区") == ZoneType.KEY_EXPLORATION
    assert level_of("国家级") == "national"
