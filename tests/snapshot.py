"""Snapshot files under tests/snapshots/: compared with what a test renders, rewritten only on request.

Set MRPLANS_UPDATE_SNAPSHOTS=1 to rewrite them (then review the diff and commit it);
test_inspect.py fails while the variable is set, so a run that rewrites is never a
run that passes, in CI or anywhere else.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

UPDATE_ENV = "MRPLANS_UPDATE_SNAPSHOTS"
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def updating() -> bool:
    return os.environ.get(UPDATE_ENV, "") not in ("", "0")


def assert_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"no snapshot {path}: run the test with {UPDATE_ENV}=1 to write it"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = difflib.unified_diff(expected.splitlines(), text.splitlines(), str(path), "now", lineterm="")
        message = f"{name} differs from its snapshot ({UPDATE_ENV}=1 rewrites it):"
        raise AssertionError("\n".join([message, *diff]))
