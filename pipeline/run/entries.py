"""What a path names, checked before a byte of it is read: only a plain file of its own folder is a plan.

`refuse_entry` raises DocumentError, saying what the path is, for a name that
is not valid UTF-8 (bytes os.fsdecode kept as surrogates: Prefect, the database
and the terminal cannot take them), a missing file, a folder, a named pipe
(FIFO), socket or device, a symbolic link that loops or leads nowhere, a link
out of the folder that holds it (ingest its target instead, or follow links
anywhere with `mrplans ingest --follow-links`, $MRPLANS_FOLLOW_LINKS=1), and a file of the
kernel's pseudo file systems (/proc, /sys), whose sizes mean nothing.
`read_plan_bytes` then reads at most MAX_BYTES + 1 bytes, so a file that grows
or lies about its size cannot take the memory, and an unreadable file
(PermissionError and other OS errors) is a reason, not a crash.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from parsers.read.base import MAX_BYTES, DocumentError, refuse_oversized

FOLLOW_LINKS = "MRPLANS_FOLLOW_LINKS"  # "1": symbolic links are followed out of their folder
BAD_NAME = "its name is not valid UTF-8 text: rename the file and retry"
_PSEUDO_ROOTS = ("/proc", "/sys")  # (the devices of /dev are refused by their kind)
_KINDS = (
    (stat.S_ISDIR, "a folder, not a file"),
    (stat.S_ISFIFO, "a named pipe (FIFO), not a file"),
    (stat.S_ISSOCK, "a socket, not a file"),
    (stat.S_ISCHR, "a device, not a file"),
    (stat.S_ISBLK, "a device, not a file"),
)


def has_bad_name(path: str | Path) -> bool:
    """Whether the path holds bytes that are not UTF-8 (decoded by Python as lone surrogates)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def refuse_entry(path: Path) -> None:
    """DocumentError unless `path` is a regular file reached without leaving the folder it is in."""
    if has_bad_name(path):
        raise DocumentError(path, BAD_NAME)
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        raise DocumentError(path, "no such file or folder") from None
    except OSError as err:
        raise DocumentError(path, f"cannot be looked at ({_strerror(err)})") from None
    if stat.S_ISLNK(mode):
        target = _link_target(path)
        mode = target.stat().st_mode
    else:
        target = path.resolve()  # (through linked folders: a folder linked to /proc is still /proc)
    for is_kind, what in _KINDS:
        if is_kind(mode):
            raise DocumentError(path, what)
    root = next((root for root in _PSEUDO_ROOTS if target.is_relative_to(root)), None)
    if root is not None:
        raise DocumentError(path, f"a system file under {root}, not a document")


def read_plan_bytes(path: Path) -> bytes:
    """The file's bytes, refused past MAX_BYTES however big it says it is; DocumentError if unreadable."""
    try:
        with path.open("rb") as f:
            refuse_oversized(path, os.fstat(f.fileno()).st_size)
            data = f.read(MAX_BYTES + 1)
    except OSError as err:
        raise DocumentError(path, f"cannot be read ({_strerror(err)}): check its permissions") from None
    refuse_oversized(path, len(data))
    return data


def _link_target(path: Path) -> Path:
    """Where a symbolic link leads, if that is inside the folder holding the link."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 names a loop so; later versions raise OSError(ELOOP)
        raise DocumentError(path, "a symbolic link that loops back on itself: remove or fix it") from None
    except FileNotFoundError:
        raise DocumentError(path, f"a broken symbolic link (to {os.readlink(path)}): no file there") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise DocumentError(path, "a symbolic link that loops back on itself: remove or fix it") from None
        raise DocumentError(path, f"a symbolic link that cannot be followed ({_strerror(err)})") from None
    if not target.is_relative_to(path.parent.resolve()) and os.environ.get(FOLLOW_LINKS) != "1":
        raise DocumentError(
            path,
            f"a symbolic link to {target}, outside its folder: not followed "
            "(ingest the target itself, or pass --follow-links)",
        )
    return target


def _strerror(err: OSError) -> str:
    return (err.strerror or type(err).__name__).lower()
