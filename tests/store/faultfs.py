"""Real filesystem faults for the store tests: a tiny tmpfs that fills up, a read-only mount, a file-size
limit, a file of random bytes where the store should be.

Mounting needs root (as the test machine and CI run); elsewhere the mount helpers skip with the reason,
and :func:`read_only` falls back to permission bits, which bind a user who is not root.
"""

from __future__ import annotations

import contextlib
import errno
import os
import resource
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def tmpfs(path: Path, size: str = "2m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``path`` for the block (lazily unmounted after)."""
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the filesystem of ``folder`` with a file of zeros until it is full, then give back
    ``leave`` bytes; return the file (delete it to free the space)."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        chunk = b"\0" * 65536
        while True:
            try:
                os.write(fd, chunk)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                if len(chunk) == 1:
                    break
                chunk = chunk[: len(chunk) // 16 or 1]
        if leave:
            os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave))
    finally:
        os.close(fd)
    return filler


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` (a mount point made by :func:`tmpfs`, or any folder when not root) made read-only
    for the block: remounted read-only as root, else by permission bits."""
    if os.geteuid() == 0:
        done = subprocess.run(
            ["mount", "-o", "remount,ro", str(folder)], capture_output=True, text=True
        )
        if done.returncode != 0:
            pytest.skip(f"cannot remount read-only here: {done.stderr.strip()}")
        try:
            yield folder
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(folder)], capture_output=True)
        return
    modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
    for p in modes:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        yield folder
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


def file_size_limit(size: int) -> Callable[[], None]:
    """A ``preexec_fn`` that limits the files a child process writes to ``size`` bytes (``ulimit -f``):
    a write past it fails with EFBIG (Python ignores SIGXFSZ)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def corrupt(path: Path, keep_header: bool = False) -> Path:
    """Overwrite the store file at ``path`` with random bytes (after SQLite's 100-byte header when
    ``keep_header``); return the path."""
    size = max(path.stat().st_size if path.exists() else 0, 8192)
    head = path.read_bytes()[:100] if keep_header and path.exists() else b""
    path.write_bytes(head + os.urandom(size - len(head)))
    return path
