"""The parsing entry point: one file in, one ParsedPlan with typed records out (or a DocumentError)."""

from __future__ import annotations

from pathlib import Path

from models.document import ParsedPlan
from parsers import doc_reader, docx_reader, html_reader, pdf_reader, tika_text  # noqa: F401  (importing a reader registers it)
from parsers.base import plan_suffixes, read_document
from parsers.profiles import ProfileSet, load_profiles
from parsers.structure import build_plan
from parsers.tables.interpret import interpret

__all__ = ["parse_document", "plan_suffixes"]


def parse_document(path: Path, data: bytes | None = None, profiles: ProfileSet | None = None) -> ParsedPlan:
    """Read, structure and interpret one file; `profiles` default to load_profiles() (MRPLANS_PROFILES)."""
    plan = build_plan(read_document(path, data))
    interpret(plan, (profiles if profiles is not None else load_profiles()).match(plan.meta))
    return plan
