"""The stages import one way only: a module imports its own stage and the stages below it, nothing else.

LAYERS lists the stages top down.  Stages on one line are siblings: neither imports the
other.  Every import of models/, parsers/ and pipeline/ is read from the source (ast,
those inside functions too), so an import against the data flow fails here, and so does
a module that belongs to no stage (a new folder or module gets a line in LAYERS, and in
the README's layout table).  A bare `import parsers` (for the package's location) is no
arrow: Python imports a package before any module in it anyway.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

LAYERS: tuple[tuple[str, ...], ...] = (
    ("pipeline", "pipeline.cli"),  # the package (open_db) and the command line
    ("pipeline.run",),
    ("pipeline.outputs", "pipeline.inspection"),
    ("pipeline.compare",),
    ("pipeline.store",),
    ("parsers.warm",),  # a parse worker's imports, made before its first file
    ("parsers", "parsers.parse"),  # one file in, a ParsedPlan with records out
    ("parsers.interpret",),
    ("parsers.structure",),
    ("parsers.read",),
    ("parsers.words",),
    ("models",),
    # import nothing: constants the CLI reads before any import; where worker processes come from;
    # work submitted a bounded distance ahead
    ("pipeline.defaults", "pipeline.processes", "pipeline.ahead"),
)
PACKAGES = ("models", "parsers", "pipeline")
_TOPS = {"parsers", "pipeline"}  # these stages are the package's own __init__ only, not what is under it


def stage_of(module: str) -> tuple[int, str] | None:
    """(layer index, stage) of a module: the longest stage that is it or holds it."""
    found = [
        (index, stage)
        for index, line in enumerate(LAYERS)
        for stage in line
        if module == stage or (module.startswith(stage + ".") and stage not in _TOPS)
    ]
    return max(found, key=lambda item: len(item[1]), default=None)


def modules_under(root: Path) -> dict[str, Path]:
    """Every module of the checked packages under root, by dotted name."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(tree: ast.Module, module: str, path: Path, known: set[str]) -> set[str]:
    """The modules of PACKAGES a module imports (`from p import m`: p.m when m is a module)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names if alias.name not in PACKAGES)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, one level up per dot after the first
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], base]).strip(".")
            for alias in node.names:
                targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {t for t in targets if t.split(".")[0] in PACKAGES}


def back_arrows(root: Path) -> list[str]:
    """Each import against the layers, and each module in no stage, as one line."""
    modules = modules_under(root)
    problems: list[str] = []
    for module, path in sorted(modules.items()):
        source = stage_of(module)
        if source is None:
            problems.append(f"{module}: in no stage of LAYERS")
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target in sorted(imported(tree, module, path, set(modules))):
            dest = stage_of(target)
            if dest is None or dest[1] == source[1]:
                continue  # (a module in no stage is reported as such)
            if dest[0] <= source[0]:
                problems.append(f"{module} ({source[1]}) imports {target} ({dest[1]}), not below it")
    return problems


def test_every_import_runs_down_the_layers() -> None:
    assert back_arrows(ROOT) == []


def test_a_back_arrow_fails(tmp_path: Path) -> None:
    """An import up the layers, one between siblings, one inside a function, and a module in no stage."""
    files = {
        "parsers/words/text.py": "from parsers.interpret.layout import Layout\n",
        "parsers/warm.py": "from parsers import parse\n",  # down: allowed
        "parsers/parse.py": "from .interpret import layout\n",  # (relative) down: allowed
        "parsers/interpret/layout.py": "from parsers.words import text\n",  # down: allowed
        "pipeline/outputs/report.py": "def f():\n    from pipeline.inspection import diff\n",
        "pipeline/inspection/diff.py": "import pipeline.store.db\n",  # down: allowed
        "pipeline/store/db.py": "import pipeline\nfrom pipeline.defaults import DEFAULT_URL\n",  # allowed
        "pipeline/defaults.py": "",
        "parsers/loose.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "models").mkdir()
    assert back_arrows(tmp_path) == [
        "parsers.loose: in no stage of LAYERS",
        "parsers.words.text (parsers.words) imports parsers.interpret.layout (parsers.interpret),"
        " not below it",
        "pipeline.outputs.report (pipeline.outputs) imports pipeline.inspection.diff (pipeline.inspection),"
        " not below it",
    ]
