"""Benchmark in instructions (callgrind): the bundled plans end to end against bench_formats.py's baseline.

Usage: .venv/bin/python bench/bench_instructions.py [--repeat N] [--formats docx tika_text html]

Time on a shared machine moves by a tenth or more between identical runs (bench_formats.py's
ratios for .docx went from 5.5x to 7.0x in one session); valgrind's callgrind counts the
instructions a process executes, which for the same code and inputs (and a fixed PYTHONHASHSEED)
move by a few tenths of a percent between runs (temporary paths, memory layout), whatever else the
machine runs.  This script runs itself under `valgrind --tool=callgrind` three times per
format, each run the same start (imports, vocabularies and jieba warmed, one SQLite database per
load made ahead): doing nothing more (`idle`), the baseline of bench_formats.py N times per plan, and
N ends to end per plan (parse with cold memo caches, then load).  A stage's instructions are its run's
less the idle run's; the ratio is end to end / baseline.  Instructions are not time: Python's object
code runs fewer instructions per cycle than lxml's C, so a CPU-time ratio is larger than this one.
The runs of a format go two at a time (the machine's cores); valgrind (Debian's package) is needed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

from bench_formats import BASELINES, _clear_memo_caches, _path, warmed_stems

from parsers.parse import parse_document
from pipeline.store.db import create_schema, engine_for
from pipeline.store.load import load_plan

MODES = ("idle", "baseline", "end_to_end")
FORMATS = ("docx", "tika_text", "html")  # the formats a callgrind run takes minutes, not hours, for
_COLLECTED = re.compile(r"Collected : (\d+)")


def stage(mode: str, fmt: str, repeat: int) -> None:
    """One measured run (inside valgrind): the common start, then `mode` `repeat` times per plan."""
    paths = [_path(stem, fmt) for stem in warmed_stems()]
    BASELINES[fmt](paths[0])  # the baseline's imports and first-call costs, in every mode
    with tempfile.TemporaryDirectory() as folder:
        engines = [engine_for(f"sqlite:///{folder}/{i}.db") for i in range(repeat * len(paths))]
        for engine in engines:
            create_schema(engine)
        fresh = iter(engines)  # a database of its own for each load
        for _ in range(repeat):
            for path in paths:
                if mode == "baseline":
                    BASELINES[fmt](path)
                elif mode == "end_to_end":
                    _clear_memo_caches()
                    load_plan(next(fresh), parse_document(path))
        for engine in engines:
            engine.dispose()


def count(mode: str, fmt: str, repeat: int) -> int:
    """The instructions callgrind counted for one run of `stage`."""
    with tempfile.TemporaryDirectory() as folder:
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/out"]
        command += [sys.executable, __file__, "--stage", mode, "--formats", fmt, "--repeat", str(repeat)]
        env = {**os.environ, "PYTHONHASHSEED": "0"}  # str hashes, and so set and dict orders, fixed
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"callgrind run {mode} {fmt} failed (exit code {done.returncode}): {done.stderr[-500:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=["docx"])
    parser.add_argument("--stage", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        stage(args.stage, args.formats[0], args.repeat)
        return
    print(f"instructions (millions) for {args.repeat} runs of each plan; x = end to end / baseline")
    print(f"{'format':9} {'baseline':>9} {'end to end':>11} {'x':>6}")
    for fmt in args.formats:
        with ThreadPoolExecutor(2) as pool:
            runs = [pool.submit(count, mode, fmt, args.repeat) for mode in MODES]
            idle, baseline, end_to_end = (run.result() for run in runs)
        base, ours = baseline - idle, end_to_end - idle
        print(f"{fmt:9} {base / 1e6:9.0f} {ours / 1e6:11.0f} {ours / base:6.2f}")


if __name__ == "__main__":
    main()
