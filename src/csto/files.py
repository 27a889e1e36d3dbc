"""Writing files whole or not at all: write to a temporary name beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from csto.errors import CstoError


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
