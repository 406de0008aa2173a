"""The parsing entry point: one file in, one ParsedPlan out (or a DocumentError)."""

from __future__ import annotations

from pathlib import Path

import parsers.tika_text  # noqa: F401  (registers the reader)
from models.document import ParsedPlan
from parsers.base import read_document, supported_suffixes
from parsers.structure import build_plan

__all__ = ["parse_document", "supported_suffixes"]


def parse_document(path: Path, data: bytes | None = None) -> ParsedPlan:
    return build_plan(read_document(path, data))
