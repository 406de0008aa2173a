"""Records naming several minerals: `mineral` NULL and the minerals listed, as zones list theirs.

A project "和田县火烧云铜镍铅锌矿勘查" or a count row "铜铅锌矿" names several minerals;
one of them is not what the record is about, so its `mineral` is NULL and its
`minerals` are every mineral named, in printed order (the record_mineral view).  A
name standing for several minerals it does not name (多金属, the `several` words of
models/vocab/indicator_words.csv) gives `mineral` NULL and no list.
"""

from __future__ import annotations

from models.records import Project, Records, Zone, ZoneMineral
from parsers.words.lexicon import indicator_word
from parsers.words.minerals import canonical_mineral, named_minerals


def list_minerals(records: Records) -> None:
    for record in records:
        if isinstance(record, Zone) or not hasattr(record, "minerals"):
            continue
        printed = record.name if isinstance(record, Project) else record.mineral_text
        if not printed:
            continue
        named = _distinct(named_minerals(printed))
        if len(named) > 1:
            record.mineral = None
            record.minerals = named
        elif record.mineral and indicator_word("several", printed):
            record.mineral = None


def _distinct(words: list[str]) -> list[ZoneMineral]:
    out: dict[str, ZoneMineral] = {}
    for word in words:
        canonical = canonical_mineral(word)
        if canonical and canonical not in out:
            out[canonical] = ZoneMineral(canonical, word)
    return list(out.values())
