"""Reading input files with bounds, and writing files whole or not at all (a temporary name beside the
target, then a rename)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from csto.errors import CstoError, FileAccessError, InputTooLarge

MAX_INPUT_BYTES = 16 * 1024 * 1024
"""The largest input file read (a scenario, a claims document, a KTAB CSV, a data file): 16 MiB, about
a thousand times the largest shipped data file."""


def check_input(path: Path, limit: int = MAX_INPUT_BYTES) -> None:
    """Check that ``path`` (symbolic links followed) is a regular file of at most ``limit`` bytes, which
    a reader can read whole. Raises as :func:`read_input` does."""
    where = str(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise FileAccessError(where, exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise FileAccessError(where, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputTooLarge(
            where, None, "not a regular file (a device, pipe or socket); give a file"
        )
    if info.st_size > limit:
        raise InputTooLarge(
            where, None, f"{info.st_size:,} bytes; an input file may have at most {limit:,}"
        )


def read_input(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the input file ``path`` (symbolic links followed), read whole but never more than
    ``limit`` bytes.

    Raises :class:`~csto.errors.FileAccessError` when it cannot be read (no such file, a directory,
    permission denied, a name too long) and :class:`~csto.errors.InputTooLarge` when it is larger than
    ``limit`` or is not a regular file (``/dev/zero``, a pipe: reading may never end, or block).
    """
    check_input(path, limit)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise FileAccessError(str(path), exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise InputTooLarge(
            str(path), None, f"more than {limit:,} bytes (it grew while being read)"
        )
    return data


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents); a clear :class:`CstoError` if it cannot be made or written."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CstoError(f"cannot write to {path}: {exc.strerror or exc}") from None
    if not path.is_dir():
        raise CstoError(f"cannot write to {path}: it is not a directory")
    if not os.access(path, os.W_OK | os.X_OK):
        raise CstoError(f"cannot write to {path}: permission denied")
    return path


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same directory and a rename."""
    ensure_dir(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise CstoError(f"cannot write to {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise CstoError(f"cannot write {path}: {exc.strerror or exc}") from None
