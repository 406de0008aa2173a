"""Convert a word-processor file LibreOffice reads (.doc, .wps, .rtf) to .docx with `soffice --headless`.

Each conversion runs in its own temporary folder with its own LibreOffice
profile (`-env:UserInstallation`), so conversions in parallel worker processes
never share a profile or an instance: two soffice processes on one profile talk
to each other over a pipe and the second hands its file to the first.  soffice
runs in a new session (its own process group: the launcher, oosplash and
soffice.bin); past the timeout, or when the caller is interrupted, the whole
group is killed and the temporary folder removed.  The timeout is
`MRPLANS_CONVERT_TIMEOUT` seconds (default 120, under ingest's default
`--file-timeout` of 300, so the conversion is stopped first and cleanly).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from parsers.read.base import DocumentError
from parsers.words.text import one_line

PROGRAMS = ("soffice", "libreoffice")  # the names LibreOffice's launcher is installed under
TIMEOUT_ENV = "MRPLANS_CONVERT_TIMEOUT"
DEFAULT_TIMEOUT = 120.0  # seconds
INSTALL = "install LibreOffice to read it directly (Debian/Ubuntu: apt-get install libreoffice-writer-nogui)"


def soffice() -> str | None:
    """The LibreOffice launcher on PATH, or None when it is not installed."""
    return next((found for name in PROGRAMS if (found := shutil.which(name))), None)


def convert_timeout() -> float:
    """Seconds one conversion may take: MRPLANS_CONVERT_TIMEOUT, else DEFAULT_TIMEOUT."""
    value = os.environ.get(TIMEOUT_ENV, "")
    try:
        seconds = float(value) if value else DEFAULT_TIMEOUT
    except ValueError:
        seconds = DEFAULT_TIMEOUT
    return seconds if seconds > 0 else DEFAULT_TIMEOUT


def to_docx(data: bytes, suffix: str, path: str, advice: str, timeout: float | None = None) -> bytes:
    """The bytes of `data` (a file ending in `suffix`) converted to .docx; DocumentError naming `path`
    when LibreOffice is missing (with `advice`, what to do by hand), fails or runs past the timeout."""
    program = soffice()
    if program is None:
        raise DocumentError(path, f"{advice}, or {INSTALL}")
    seconds = convert_timeout() if timeout is None else timeout
    with tempfile.TemporaryDirectory(prefix="mrplans-soffice-") as folder:
        work = Path(folder)
        source = work / f"plan{suffix}"
        source.write_bytes(data)
        output = _run(_command(program, work, source), seconds, path)
        converted = work / "out" / "plan.docx"
        if not converted.is_file():
            raise DocumentError(path, f"LibreOffice could not convert it ({_error_line(output)}): {advice}")
        return converted.read_bytes()


def _error_line(output: str) -> str:
    """What soffice said went wrong: its first `Error:` line, else its last line (it warns on stdout too)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    said = next(
        (line for line in lines if line.startswith("Error")), lines[-1] if lines else "no output file"
    )
    return one_line(Exception(said))


def _command(program: str, work: Path, source: Path) -> list[str]:
    return [
        program,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx",
        "--outdir",
        str(work / "out"),
        str(source),
    ]


def _run(command: list[str], seconds: float, path: str) -> str:
    """Run soffice in its own process group; its output (stdout and stderr); the group killed when
    it runs past `seconds` or the caller is interrupted."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        raise DocumentError(
            path, f"LibreOffice took longer than {seconds:g} s to convert it: stopped (see {TIMEOUT_ENV})"
        ) from None
    except BaseException:
        _kill_group(process)
        process.communicate()
        raise
    _kill_group(process)  # anything soffice left behind in its group
    return output.decode("utf-8", "replace")


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group is gone already
        os.killpg(process.pid, signal.SIGKILL)
