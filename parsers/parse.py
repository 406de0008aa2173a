"""The parsing entry point: one file in, one ParsedPlan with typed records out (or a DocumentError)."""

from __future__ import annotations

from pathlib import Path

from models.codes import DiagnosticCode
from models.document import Diagnostic, ParsedPlan
from parsers.interpret.plan import interpret
from parsers.interpret.profiles import ProfileSet, load_profiles
from parsers.read.pdf.reader import PdfReader
from parsers.read.reader_warnings import captured
from parsers.read.readers import read_document
from parsers.structure.plan import build_plan


def parse_document(
    path: Path, data: bytes | None = None, profiles: ProfileSet | None = None, sha256: str | None = None
) -> ParsedPlan:
    """Read, structure and interpret one file; `profiles` default to load_profiles() (MRPLANS_PROFILES);
    `sha256`, the digest of `data` when the caller has it (read_document).

    A profile is matched on the plan's metadata, so a profile that gives outline styles or caption
    words has the structure read a second time with them, and one with a `pdf:` section has a PDF
    read a second time with those options."""
    with captured() as reader_warnings:
        doc = read_document(path, data, sha256)
    plan = build_plan(doc)
    profile = (profiles if profiles is not None else load_profiles()).match(plan.meta)
    pdf_options = profile.pdf if profile is not None and doc.source.format == "pdf" else None
    if pdf_options is not None:
        doc = PdfReader().read(path.read_bytes() if data is None else data, doc.source, pdf_options)
    if profile is not None and (profile.rereads or pdf_options is not None):
        plan = build_plan(doc, profile.outline, profile.captions)
    plan.reading.warnings.extend(Diagnostic(None, DiagnosticCode.READER, m) for m in reader_warnings)
    interpret(plan, profile)
    return plan
