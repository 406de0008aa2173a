"""Text helpers shared by readers and the structure stage: cleaning and the 专栏 caption pattern."""

from __future__ import annotations

import re

CAPTION = re.compile(r"^专栏\s*(\d+)\s*(.*?)\s*$", re.S)
CONTINUED = re.compile(r"\s*[（(]\s*续表?\s*[)）]\s*$")
_SPACES = str.maketrans({"\u3000": " ", "\xa0": " ", "\u2002": " ", "\u2003": " "})


def clean_text(text: str) -> str:
    """Trim every line of a paragraph or cell and the whole; keep inner spaces and CJK punctuation."""
    lines = [line.strip() for line in text.translate(_SPACES).split("\n")]
    return "\n".join(lines).strip("\n")


def compact(text: str) -> str:
    """The text without any whitespace, for matching printed words."""
    return "".join(text.split())
