"""Benchmark: each bundled plan as Tika text, .docx, PDF, HTML and .doc, read and ingested, vs a baseline.

Usage: .venv/bin/python bench/bench_formats.py [--repeat N] [--formats tika_text docx pdf html doc]

For every plan and format four mrplans stages are timed: `reader`
(parsers.read.readers.read_document: file to blocks), `parse` (parsers.parse.parse_document:
read, structure and interpret into typed records), `end to end` (parse and a load
into a fresh SQLite database, whose schema is created before the clock starts) and,
within end to end, `load` (pipeline.store.load.load_plan alone).  Next to them, in the
same run, the least a library does to read the file: splitting the text into
lines (Tika text), python-docx's `Document(path)` (.docx), pdfminer's own pass
over every page (its interpreter and page aggregator as pdfplumber runs them,
without layout analysis, with pdfminer's logging as shipped) for PDF, lxml's HTML
parse (HTML), and LibreOffice converting the file to .docx (.doc: the .docx
fixtures saved as Word 97 by render_fixtures.py into a temporary folder first).
Each repeat runs baseline, reader and end to end in turn, so a busy machine slows
all three alike; the parse starts cold each repeat (the per-text memo caches of headings,
units, quantities, mineral names and column roles are cleared first, so a repeat does not
read the previous one's answers), while vocabularies and jieba stay loaded as in a long
run; the minimum of N repeats is shown (the steadiest figure on a shared machine), wall
clock and, for the ratios, CPU time of this process too.
Ratios are stage / baseline.  Pages per second use the PDF rendering's page count
for all formats, so the rows of one plan compare.  Goals: parse within 4x the
baseline for .docx (CPU time), end to end within 1.1x for PDF.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import lxml.html
import pdfplumber
from pdfminer.converter import PDFPageAggregator
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

from models.document import ParsedPlan
from parsers.parse import parse_document
from parsers.read.base import CONVERT_FIRST
from parsers.read.libreoffice import to_docx
from parsers.read.pdf.quiet_pdfminer import pdfminer_as_shipped
from parsers.read.readers import read_document
from parsers.structure.outline import classify_heading
from parsers.words.lexicon import role_of
from parsers.words.minerals import _named_in_of
from parsers.words.units import parse_unit
from parsers.words.values import parse_quantity
from pipeline.store.db import create_schema, engine_for
from pipeline.store.load import load_plan

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
FIXTURES = ROOT / "tests" / "fixtures"
FORMATS = ("tika_text", "docx", "pdf", "html", "doc")
STAGES = ("baseline", "reader", "parse", "end_to_end", "load")
# the parse's caches keyed by a plan's own text (vocabulary loads are not: a long run loads them once)
MEMO_CACHES = (classify_heading, role_of, _named_in_of, parse_unit, parse_quantity)


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float


@dataclass
class Timing:
    plan: str
    fmt: str
    pages: int
    stages: dict[str, Sample]  # minimum per stage

    def ratio(self, stage: str, clock: str) -> float:
        return getattr(self.stages[stage], clock) / getattr(self.stages["baseline"], clock)


def _timed(work: Callable[[], object]) -> Sample:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return Sample(time.perf_counter() - wall, time.process_time() - cpu)


RENDERED: dict[str, Path] = {}  # format -> folder of files rendered for this run (.doc)


def _path(stem: str, fmt: str) -> Path:
    if fmt == "tika_text":
        return RAW / f"{stem}.tika.txt"
    return RENDERED.get(fmt, FIXTURES / fmt) / f"{stem}.{fmt}"


def _render_docs(folder: Path) -> None:
    """Save the .docx fixtures as .doc in `folder` with the fixture script's LibreOffice run."""
    spec = importlib.util.spec_from_file_location("render_fixtures", FIXTURES / "render_fixtures.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = script  # its dataclasses look their module up
    spec.loader.exec_module(script)
    RENDERED["doc"] = folder
    script.render_docs(sorted((FIXTURES / "docx").glob("*.docx")), folder)


def _pdfminer_pages(path: Path) -> None:
    """pdfminer's interpreter over every page into its page aggregator, as pdfplumber's `page.layout`
    runs it (no layout analysis), with pdfminer's logging as it comes."""
    with pdfminer_as_shipped(), path.open("rb") as file:
        resources = PDFResourceManager()
        device = PDFPageAggregator(resources, laparams=None)
        interpreter = PDFPageInterpreter(resources, device)
        for page in PDFPage.get_pages(file):
            interpreter.process_page(page)
            device.get_result()


BASELINES: dict[str, Callable[[Path], object]] = {
    "tika_text": lambda path: path.read_text(encoding="utf-8").splitlines(),
    "docx": lambda path: docx.Document(str(path)),
    "pdf": _pdfminer_pages,
    "html": lambda path: lxml.html.document_fromstring(path.read_bytes()),
    "doc": lambda path: to_docx(path.read_bytes(), ".doc", str(path), CONVERT_FIRST[".doc"]),
}


def _clear_memo_caches() -> None:
    """Forget the texts an earlier parse of the same file classified, so each repeat's parse is cold."""
    for memo in MEMO_CACHES:
        memo.cache_clear()


def _ingest(path: Path) -> tuple[Sample, Sample, Sample]:
    """Parse (with records) and load into a fresh SQLite database: the parse, both (end to end) and the
    load, each timed; the parse starts with cold memo caches."""
    _clear_memo_caches()
    with tempfile.TemporaryDirectory() as folder:
        engine = engine_for(f"sqlite:///{folder}/bench.db")
        create_schema(engine)
        parsed: list[ParsedPlan] = []
        parse = _timed(lambda: parsed.append(parse_document(path)))
        load = _timed(lambda: load_plan(engine, parsed[0]))
        engine.dispose()
    return parse, Sample(parse.wall + load.wall, parse.cpu + load.cpu), load


def _page_count(stem: str) -> int:
    with pdfplumber.open(_path(stem, "pdf")) as pdf:
        return len(pdf.pages)


def measure(stem: str, fmt: str, repeat: int) -> Timing:
    path = _path(stem, fmt)
    samples: dict[str, list[Sample]] = {stage: [] for stage in STAGES}
    for _ in range(repeat):
        samples["baseline"].append(_timed(lambda: BASELINES[fmt](path)))
        samples["reader"].append(_timed(lambda: read_document(path)))
        parse, end_to_end, load = _ingest(path)
        samples["parse"].append(parse)
        samples["end_to_end"].append(end_to_end)
        samples["load"].append(load)
    minima = {
        stage: Sample(min(s.wall for s in got), min(s.cpu for s in got)) for stage, got in samples.items()
    }
    return Timing(stem, fmt, _page_count(stem), minima)


def report(timings: list[Timing], formats: list[str], repeat: int) -> str:
    totals = [_total(fmt, [t for t in timings if t.fmt == fmt]) for fmt in formats]
    return "\n".join(
        [
            f"minimum of {repeat} runs; seconds are wall clock; x = stage / baseline of the same format,"
            " in CPU time (cpu) and wall clock",
            f"{'plan':28} {'format':9} {'pages':>5} {'baseline s':>10} {'reader s':>9} {'parse s':>8}"
            f" {'e2e s':>7} {'load s':>7} {'e2e pages/s':>11} {'reader x cpu':>12} {'parse x cpu':>11}"
            f" {'e2e x cpu':>9} {'e2e x':>7}",
            *(_row(t) for t in [*timings, *totals]),
        ]
    )


def _row(t: Timing) -> str:
    wall = {stage: t.stages[stage].wall for stage in STAGES}
    return (
        f"{t.plan:28} {t.fmt:9} {t.pages:5d} {wall['baseline']:10.3f} {wall['reader']:9.3f}"
        f" {wall['parse']:8.3f} {wall['end_to_end']:7.3f} {wall['load']:7.3f}"
        f" {t.pages / wall['end_to_end']:11.1f} {t.ratio('reader', 'cpu'):12.2f}"
        f" {t.ratio('parse', 'cpu'):11.2f} {t.ratio('end_to_end', 'cpu'):9.2f}"
        f" {t.ratio('end_to_end', 'wall'):7.2f}"
    )


def _total(fmt: str, rows: list[Timing]) -> Timing:
    """One format's plans summed, as one row."""
    stages = {
        stage: Sample(sum(t.stages[stage].wall for t in rows), sum(t.stages[stage].cpu for t in rows))
        for stage in STAGES
    }
    return Timing("all plans", fmt, sum(t.pages for t in rows), stages)


def warmed_stems() -> list[str]:
    """The bundled plans' names (`_path` gives each format's file), after one parse that warms the
    caches a long run keeps (vocabularies, jieba)."""
    stems = sorted(p.name.removesuffix(".tika.txt") for p in RAW.glob("*.tika.txt"))
    parse_document(_path(stems[0], "tika_text"))
    return stems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    args = parser.parse_args()
    stems = warmed_stems()
    formats = [fmt for fmt in FORMATS if fmt in args.formats]
    with tempfile.TemporaryDirectory() as folder:
        if "doc" in formats:
            _render_docs(Path(folder))
        timings = [measure(stem, fmt, args.repeat) for stem in stems for fmt in formats]
    print(report(timings, formats, args.repeat))


if __name__ == "__main__":
    main()
