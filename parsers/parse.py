"""The parsing entry point: one file in, one ParsedPlan with typed records out (or a DocumentError)."""

from __future__ import annotations

from pathlib import Path

from models.document import ParsedPlan
from parsers.profiles import ProfileSet, load_profiles
from parsers.readers import read_document
from parsers.structure import build_plan
from parsers.tables.interpret import interpret


def parse_document(
    path: Path, data: bytes | None = None, profiles: ProfileSet | None = None, sha256: str | None = None
) -> ParsedPlan:
    """Read, structure and interpret one file; `profiles` default to load_profiles() (MRPLANS_PROFILES);
    `sha256`, the digest of `data` when the caller has it (read_document).

    A profile is matched on the plan's metadata, so a profile that gives outline styles or caption
    words has the structure read a second time with them."""
    doc = read_document(path, data, sha256)
    plan = build_plan(doc)
    profile = (profiles if profiles is not None else load_profiles()).match(plan.meta)
    if profile is not None and profile.rereads:
        plan = build_plan(doc, profile.outline, profile.captions)
    interpret(plan, profile)
    return plan
