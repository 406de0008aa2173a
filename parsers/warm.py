"""Build what the parsers load lazily (vocabularies, the mineral tokenizer, the interpreter registry).

Imported once by each parse worker of pipeline/deadline.py, so that its first
document does not pay for them.
"""

from __future__ import annotations

from models.vocabulary import minerals, regions
from parsers import parse  # noqa: F401  (the readers, structure and interpreters it imports)
from parsers.minerals import canonical_mineral, find_mineral
from parsers.tables.registry import interpreters

minerals()
regions()
canonical_mineral("铜矿")
find_mineral("铜矿开采")  # imports jieba and loads its dictionary
interpreters()
