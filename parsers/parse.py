"""The parsing entry point: one file in, one ParsedPlan with typed records out (or a DocumentError)."""

from __future__ import annotations

from pathlib import Path

from models.document import ParsedPlan
from parsers import docx_reader, tika_text  # noqa: F401  (importing a reader registers it)
from parsers.base import read_document, supported_suffixes
from parsers.structure import build_plan
from parsers.tables import builtin  # noqa: F401  (registers the built-in interpreters)
from parsers.tables.registry import interpret

__all__ = ["parse_document", "supported_suffixes"]


def parse_document(path: Path, data: bytes | None = None) -> ParsedPlan:
    plan = build_plan(read_document(path, data))
    plan.records = interpret(plan)
    return plan
