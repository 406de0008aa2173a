"""Build what the parsers load lazily (vocabularies, the mineral tokenizer, the interpreter registry).

Imported once by each parse worker of pipeline/run/deadline.py (in the fork server, which
forks the workers), so that its first document does not pay for them.  What it built
is then frozen out of the cycle collector: it lives as long as the process, a worker's
collections need not walk it (nor touch its pages, shared with the server), and the
server's exit does not collect it.
"""

from __future__ import annotations

import gc

from models.vocabulary import minerals, regions
from parsers import parse  # noqa: F401  (the readers, structure and interpreters it imports)
from parsers.interpret.registry import interpreters
from parsers.words.minerals import canonical_mineral, find_mineral

minerals()
regions()
canonical_mineral("铜矿")
find_mineral("铜矿开采")  # imports jieba and loads its dictionary
interpreters()
gc.freeze()
