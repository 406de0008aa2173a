"""The README covers the code: every CLI command is documented, and the two opening commands are there."""

from __future__ import annotations

from conftest import ROOT

from pipeline.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    names = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    assert names
    missing = [name for name in names if f"mrplans {name}" not in README]
    assert not missing


def test_readme_opens_with_the_install_and_test_commands() -> None:
    blocks = README.split("```bash")[1:3]
    assert "pip install -e ." in blocks[0] and "mrplans ingest" in blocks[0]
    assert "pip install -e '.[test]'" in blocks[1] and "pytest" in blocks[1]
