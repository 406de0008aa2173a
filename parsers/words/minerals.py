"""Mineral recognition in printed text: split a printed list, canonicalize a name, find one in a label.

Matching uses a private jieba tokenizer, built on first use, whose whole dictionary is the
mineral vocabulary: canonical names, aliases of two or more characters, and false friends such
as 金属 or 铁路 (words that contain a mineral name without naming one). jieba's 20 MB default
dictionary is never loaded: the small dictionary is written once to the temp directory (named
by its content hash) and jieba keeps its own prefix cache beside it. With ``HMM=False``
dictionary words always win, so ``灰岩、石膏、粘土重点勘查区`` yields 灰岩, 石膏, 粘土
and ``非金属`` yields nothing. One-character aliases (油, 气, 硫) are exact-only: they
resolve a whole cell, never a token inside running text. A profile's extra aliases make another
vocabulary (models.vocabulary.extended): the dictionary and the tokenizer are built per vocabulary.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from models.vocabulary import MineralVocabulary, minerals

if TYPE_CHECKING:
    import jieba

_WORD_FREQUENCY = 100  # one frequency for every word: the route with fewest words wins
# list separators, except inside brackets: 金（岩金）（地下开采/露天开采） stays one item
_SEPARATORS = re.compile(r"[、，,；;。：:／/\s]+(?![^（(]*[）)])")


def _dictionary() -> dict[str, str | None]:
    """Each tokenizer word of the vocabulary in use with the canonical mineral it names."""
    return _dictionary_of(minerals())


@functools.lru_cache(maxsize=8)
def _dictionary_of(vocabulary: MineralVocabulary) -> dict[str, str | None]:
    """Each tokenizer word with the canonical mineral it names (None for a false friend)."""
    words: dict[str, str | None] = {
        word: vocabulary.canonical(word)
        for word in vocabulary.words()
        if len(word) > 1 or vocabulary.get(word)
    }
    words.update(dict.fromkeys(vocabulary.false_friends()))
    return words


def _dictionary_file(words: list[str]) -> Path:
    """A jieba dictionary of ``words`` in the temp directory, written only if not there yet."""
    text = "".join(f"{word} {_WORD_FREQUENCY}\n" for word in words)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"mrplans-minerals-{digest}.dict"
    if not path.exists():
        fd, partial = tempfile.mkstemp(dir=path.parent, suffix=".partial")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(partial, path)
    return path


def _tokenizer() -> jieba.Tokenizer:
    """The tokenizer of the vocabulary in use."""
    return _tokenizer_of(minerals())


@functools.lru_cache(maxsize=8)
def _tokenizer_of(vocabulary: MineralVocabulary) -> jieba.Tokenizer:
    import jieba  # here, not at the top: the import costs ~0.2 s and canonical_mineral never needs it

    jieba.setLogLevel(logging.WARNING)  # jieba logs every dictionary load at DEBUG to stderr
    tokenizer = jieba.Tokenizer(dictionary=str(_dictionary_file(sorted(_dictionary_of(vocabulary)))))
    tokenizer.initialize()
    return tokenizer


def _named_in(text: str) -> list[str]:
    """The words of ``text`` that name a mineral, as printed, in reading order."""
    return list(_named_in_of(minerals(), text))


@functools.lru_cache(maxsize=4096)
def _named_in_of(vocabulary: MineralVocabulary, text: str) -> tuple[str, ...]:
    """`_named_in` for one vocabulary, once per distinct text: a plan prints the same names in many cells
    and records, and jieba's cut costs more than the rest of a cell's reading."""
    dictionary = _dictionary_of(vocabulary)
    return tuple(token for token in _tokenizer_of(vocabulary).lcut(text, HMM=False) if dictionary.get(token))


def named_minerals(text: str) -> list[str]:
    """The words of ``text`` that name a mineral, as printed, in reading order (铜, 镍, 铅锌矿)."""
    return _named_in(text)


def canonical_mineral(text: str) -> str | None:
    """Canonical vocabulary name of a printed mineral name (``铁矿`` -> 铁), None when unknown."""
    return minerals().canonical(text)


def find_mineral(text: str) -> str | None:
    """The canonical mineral a label is about: the whole label, else the first mineral named in it.

    ``和田县大红柳滩锂铍矿勘查`` -> 锂; ``新发现矿产地`` -> None.
    """
    whole = canonical_mineral(text)
    if whole:
        return whole
    named = _named_in(text)
    return _dictionary()[named[0]] if named else None


def split_minerals(text: str) -> list[str]:
    """The minerals of a printed list, as printed (stripped), in order.

    Items are separated by 、，,；;。：:/ or white space outside brackets; an item that is not
    itself a mineral name contributes the mineral words inside it (``重点石油`` -> 石油), and one
    naming no mineral (``兼顾非金属``) is dropped.
    """
    items: list[str] = []
    for piece in _SEPARATORS.split(text):
        item = piece.strip()
        if canonical_mineral(item):
            items.append(item)
        elif item:
            items.extend(_named_in(item))
    return items
